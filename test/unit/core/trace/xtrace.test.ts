import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseGitCurlTrace } from "../../../../src/core/trace/gitcurl.js";
import { isXLine, mapForwarderURLs, parseGetLine, stripXLines } from "../../../../src/core/trace/xtrace.js";

test("# get lines as web/http.go prints them", () => {
  assert.deepEqual(parseGetLine("# get https://a.test/m?go-get=1"), {
    kind: "start",
    url: "https://a.test/m?go-get=1",
  });
  assert.deepEqual(parseGetLine("# get https://a.test/x: 404 Not Found (0.012s)"), {
    kind: "done",
    url: "https://a.test/x",
    status: 404,
    statusLine: "404 Not Found",
    ms: 12,
  });
  assert.deepEqual(parseGetLine('# get https://a.test/x: Get "https://a.test/x": Forbidden'), {
    kind: "error",
    url: "https://a.test/x",
    error: 'Get "https://a.test/x": Forbidden',
  });
  assert.equal(parseGetLine("go: downloading a.test/m v1.0.0"), null);
});

test("property: a printed # get line parses back", () => {
  fc.assert(
    fc.property(
      fc.webUrl(),
      fc.integer({ min: 100, max: 599 }),
      fc.integer({ min: 0, max: 99999 }),
      (url, st, ms) => {
        fc.pre(!/\s/.test(url));
        const g = parseGetLine(`# get ${url}: ${st} Text (${(ms / 1000).toFixed(3)}s)`);
        assert.ok(g !== null && g.kind === "done");
        assert.equal(g.url, url);
        assert.equal(g.status, st);
        assert.equal(g.ms, ms);
      },
    ),
  );
});

test("stripXLines removes -x output and keeps go's own lines", () => {
  const text = [
    "# get http://127.0.0.1:1/a/@v/v1.0.0.info",
    "go: downloading a.test/m v1.0.0",
    "WORK=/tmp/go-build1",
    "cat >$WORK/b001/importcfg << 'EOF' # internal",
    "packagefile fmt=/x",
    "EOF",
    "0.012s # cd /tmp; git ls-remote -q origin",
    "go: a.test/m@v1.0.0: reading http://x/: 500 Internal Server Error",
    "\tserver response: boom",
    "",
  ].join("\n");
  assert.equal(
    stripXLines(text),
    "go: downloading a.test/m v1.0.0\ngo: a.test/m@v1.0.0: reading http://x/: 500 Internal Server Error\n\tserver response: boom\n",
  );
});

test("property: lines go prints itself are never taken for -x lines", () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const line = `go: ${s.replace(/\n/g, " ")}`;
      assert.equal(isXLine(line) && !line.includes("$WORK"), false);
    }),
  );
});

test("forwarder URLs are mapped back; a longer port is not touched", () => {
  const m = [{ forwarderOrigin: "http://127.0.0.1:4000", realOrigin: "https://proxy.test" }];
  assert.equal(
    mapForwarderURLs(
      'Get "http://127.0.0.1:4000/a": x; http://trace@127.0.0.1:4000/b http://127.0.0.1:40001/c',
      m,
    ),
    'Get "https://proxy.test/a": x; https://proxy.test/b http://127.0.0.1:40001/c',
  );
  const whole = [
    { forwarderOrigin: "http://127.0.0.1:7", realOrigin: "https://p.test/sumdb/s/supported", wholeURL: true },
  ];
  assert.equal(
    mapForwarderURLs("reading http://127.0.0.1:7/lookup/a@v1: 403", whole),
    "reading https://p.test/sumdb/s/supported: 403",
  );
});

test("GIT_TRACE_CURL: request lines, Host and status; nothing else", () => {
  const t = [
    "12:00:00.000000 http.c:756              == Info: Connected to git.test (127.0.0.1) port 443 (#0)",
    "12:00:00.010000 http.c:756              == Info: SSL connection using TLSv1.3",
    "12:00:00.020000 http.c:703              => Send header: GET /r.git/info/refs?service=git-upload-pack HTTP/1.1",
    "12:00:00.020000 http.c:703              => Send header: Host: git.test",
    "12:00:00.020000 http.c:703              => Send header: Authorization: Basic <redacted>",
    "12:00:00.120000 http.c:703              <= Recv header: HTTP/1.1 401 Unauthorized",
  ].join("\n");
  const [r] = parseGitCurlTrace(t);
  assert.equal(r?.url, "https://git.test/r.git/info/refs?service=git-upload-pack");
  assert.equal(r?.status, 401);
  assert.equal(r?.ms, 100);
  assert.ok(!JSON.stringify(r).includes("Basic"));
});

test("property: GIT_TRACE_CURL parsing never throws", () => {
  fc.assert(fc.property(fc.string(), (s) => void parseGitCurlTrace(s)));
});
