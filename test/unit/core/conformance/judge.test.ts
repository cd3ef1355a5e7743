// The pure GOPROXY-protocol judgements: examples with go's words, and properties over generated answers
// (fast-check): valid lists and .info bodies pass, any corruption fails, nothing ever throws.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  type Answer,
  statusCause,
  transportCause,
  unusable,
} from "../../../../src/core/conformance/answer.js";
import {
  judgeContentType,
  judgeEscaping,
  judgeInfo,
  judgeLatest,
  judgeList,
  judgeMissing,
  judgeMod,
  judgeSumdbSupported,
  judgeZip,
  latestFromList,
} from "../../../../src/core/conformance/judge.js";
import { isPseudoVersion } from "../../../../src/core/module/pseudo.js";
import { compare, isValid } from "../../../../src/core/semver.js";

const num = fc.integer({ min: 0, max: 30 }).map(String);
const pre = fc.constantFrom("", "-rc.1", "-beta", "-alpha.2", "-0.20200101000000-abcdefabcdef");
const version = fc.tuple(num, num, num, pre).map(([a, b, c, p]) => `v${a}.${b}.${c}${p}`);
const iso = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString());

function response(status: number, body = "", contentType = "text/plain"): Answer {
  return {
    kind: "response",
    url: "http://127.0.0.1:1/x",
    status,
    statusLine: `${status} Status`,
    contentType,
    body: new TextEncoder().encode(body),
    truncated: false,
    maxBytes: 1 << 20,
  };
}

test("judgeList: any list of versions (extra fields, blank lines, CRLF) passes and keeps the non-pseudo ones", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(version, fc.constantFrom("", " 2020-01-01", "\r", "\n")), { maxLength: 20 }),
      (rows) => {
        const text = rows.map(([v, extra]) => `${v}${extra}`).join("\n");
        const v = judgeList(text);
        assert.equal(v.ok, true, text);
        assert.deepEqual(
          v.versions,
          rows.map(([x]) => x).filter((x) => !isPseudoVersion(x)),
        );
      },
    ),
  );
});

test("judgeList: a line that is not a version fails (go would skip it), never throws", () => {
  fc.assert(
    fc.property(fc.array(version, { maxLength: 5 }), fc.string({ minLength: 1 }), (vs, junk) => {
      const first = junk.trim().split(/\s+/)[0] ?? "";
      fc.pre(first !== "" && !isValid(first));
      const v = judgeList([...vs, junk].join("\n"));
      assert.equal(v.ok, false);
      assert.equal(v.cause, "proxy-error");
    }),
  );
  assert.equal(judgeList("<html>\n").ok, false);
  assert.equal(judgeList("").ok, true);
});

test("judgeInfo: the asked version with an RFC 3339 time passes; another version fails with go's text", () => {
  fc.assert(
    fc.property(version, version, iso, (asked, other, time) => {
      assert.equal(judgeInfo(JSON.stringify({ Version: asked, Time: time }), asked, "B").ok, true);
      if (other !== asked) {
        const v = judgeInfo(JSON.stringify({ Version: other, Time: time }), asked, "B");
        assert.equal(v.detail, `proxy returned info for version ${other} instead of requested version`);
      }
    }),
  );
  assert.match(
    judgeInfo("{not json", "v1.0.0", "https://p").detail,
    /^invalid response from proxy "https:\/\/p": not JSON/,
  );
  assert.equal(judgeInfo('{"Version":"v1.0.0"}', "v1.0.0", "B").ok, false);
  assert.equal(judgeInfo('{"Version":"v1.0.0","Time":"yesterday"}', "v1.0.0", "B").ok, false);
  assert.equal(judgeInfo("[]", "v1.0.0", "B").ok, false);
});

test("judgeInfo, judgeLatest, judgeList, judgeMod never throw on arbitrary bodies", () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      judgeInfo(s, "v1.0.0", "B");
      judgeList(s);
      judgeMod(s, "example.com/m");
      judgeLatest(response(200, s), "B");
    }),
  );
});

test("judgeLatest: 404/410 pass (optional endpoint), other errors fail, a 200 needs a valid version", () => {
  assert.equal(judgeLatest(response(404), "B").ok, true);
  assert.equal(judgeLatest(response(410), "B").ok, true);
  assert.equal(judgeLatest(response(500), "B").cause, "proxy-error");
  assert.equal(
    judgeLatest(response(200, '{"Version":"master","Time":"2020-01-01T00:00:00Z"}'), "B").ok,
    false,
  );
  const ok = judgeLatest(response(200, '{"Version":"v1.2.3","Time":"2020-01-01T00:00:00Z"}'), "B");
  assert.equal(ok.version, "v1.2.3");
});

test("judgeMod: the module line must match the module path", () => {
  assert.equal(judgeMod("module example.com/m\n\ngo 1.16\n", "example.com/m").ok, true);
  assert.equal(
    judgeMod("module other.example/x\n", "example.com/m").detail,
    "module declares its path as: other.example/x but was required as: example.com/m",
  );
  assert.equal(judgeMod("go 1.16\n", "example.com/m").ok, false);
  assert.equal(judgeMod("require (\n", "example.com/m").ok, false);
});

test("judgeMissing: ok exactly for 404 and 410, whatever the status", () => {
  fc.assert(
    fc.property(fc.integer({ min: 100, max: 599 }), (status) => {
      const v = judgeMissing(response(status));
      assert.equal(v.ok, status === 404 || status === 410);
      if (!v.ok) assert.ok(v.cause !== null);
    }),
  );
  assert.equal(judgeMissing(response(403)).cause, "proxy-auth");
  const t = judgeMissing({
    kind: "transport",
    url: "u",
    error: "boom",
    code: "ECONNREFUSED",
    timedOut: false,
  });
  assert.equal(t.cause, "connect-failure");
});

test("statusCause and unusable: 200 usable, 404/410 not-found, 401/403/407 proxy-auth, the rest proxy-error", () => {
  fc.assert(
    fc.property(fc.integer({ min: 100, max: 599 }), (status) => {
      const v = unusable(response(status));
      if (status === 200) assert.equal(v, null);
      else assert.equal(v?.cause, statusCause(status));
    }),
  );
  assert.equal(statusCause(410), "not-found");
  assert.equal(statusCause(407), "proxy-auth");
  const big = { ...response(200), truncated: true } as Answer;
  assert.match(unusable(big)!.detail, /larger than/);
});

test("transportCause: timeouts, DNS, connection, TLS, redirects", () => {
  const t = (code: string | null, timedOut = false) =>
    transportCause({ kind: "transport", url: "u", error: "e", code, timedOut });
  assert.equal(t(null, true), "timeout");
  assert.equal(t("ENOTFOUND"), "dns-failure");
  assert.equal(t("ECONNRESET"), "connect-failure");
  assert.equal(t("UNABLE_TO_VERIFY_LEAF_SIGNATURE"), "tls-untrusted");
  assert.equal(t("CERT_HAS_EXPIRED"), "tls-other");
  assert.equal(t("redirects"), "proxy-error");
  assert.equal(t("insecure-redirect"), "insecure-refused");
  assert.equal(t("http-proxy"), "http-proxy-misconfig");
  fc.assert(fc.property(fc.option(fc.string()), fc.boolean(), (c, to) => void t(c, to)));
});

test("judgeContentType: HTML always fails; a zip must not be text; never throws", () => {
  fc.assert(
    fc.property(fc.constantFrom("list", "info", "latest", "mod", "zip" as const), fc.string(), (file, ct) => {
      const v = judgeContentType(file, ct);
      const t = (ct.split(";")[0] ?? "").trim().toLowerCase();
      if (t === "text/html") assert.equal(v.ok, false);
      if (file === "zip" && t.startsWith("text/")) assert.equal(v.ok, false);
    }),
  );
  assert.equal(judgeContentType("info", "application/json").ok, true);
  assert.equal(judgeContentType("zip", "application/zip").ok, true);
  assert.equal(judgeContentType("mod", "text/HTML; charset=utf-8").ok, false);
});

test("judgeSumdbSupported: 200 proxied, 404/410 direct (both conform), anything else sumdb-error", () => {
  assert.deepEqual(
    [200, 404, 410].map((s) => judgeSumdbSupported(response(s), "sum.golang.org").supported),
    [true, false, false],
  );
  const v = judgeSumdbSupported(response(403), "sum.golang.org");
  assert.equal(v.ok, false);
  assert.equal(v.cause, "sumdb-error");
});

test("judgeZip: unreadable, bad prefix, no files, mismatching h1", () => {
  const check = { valid: ["m@v1.0.0/go.mod"], invalid: [], sizeError: null };
  assert.equal(judgeZip({ h1: "h1:a", check }, "m", "v1.0.0", 10, null).ok, true);
  assert.equal(judgeZip({ h1: "h1:a", check }, "m", "v1.0.0", 10, "h1:b").cause, "checksum-mismatch");
  assert.match(
    judgeZip({ error: "zip: not a valid zip file" }, "m", "v1.0.0", 10, null).detail,
    /not a valid module zip/,
  );
  const bad = {
    valid: [],
    invalid: [{ path: "x/a.go", err: 'path does not have prefix "m@v1.0.0/"' }],
    sizeError: null,
  };
  assert.equal(
    judgeZip({ h1: "h1:a", check: bad }, "m", "v1.0.0", 10, null).detail,
    "zip for m@v1.0.0 has unexpected file x/a.go",
  );
  assert.equal(
    judgeZip({ h1: "h1:a", check: { valid: [], invalid: [], sizeError: null } }, "m", "v1.0.0", 1, null).ok,
    false,
  );
});

test("judgeEscaping: escaped ok passes; escaped 404 with raw 200 names the fault", () => {
  assert.equal(judgeEscaping({ ok: true, cause: null, detail: "", status: 200 }, null).ok, true);
  const v = judgeEscaping({ ok: false, cause: "not-found", detail: "404", status: 404 }, response(200));
  assert.match(v.detail, /unescaped one 200/);
  assert.equal(
    judgeEscaping({ ok: false, cause: "not-found", detail: "404", status: 404 }, response(404)).ok,
    false,
  );
});

test("latestFromList: the highest release, else the highest pre-release", () => {
  fc.assert(
    fc.property(fc.array(version, { maxLength: 15 }), (vs) => {
      const got = latestFromList(vs);
      if (vs.length === 0) return assert.equal(got, null);
      const releases = vs.filter((v) => !v.includes("-"));
      const pool = releases.length > 0 ? releases : vs;
      assert.ok(got !== null && pool.includes(got));
      for (const v of pool) assert.ok(compare(got, v) >= 0);
    }),
  );
});
