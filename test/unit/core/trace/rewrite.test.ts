import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseProxyList } from "../../../../src/core/config/goproxy.js";
import {
  forwarderBase,
  planTrace,
  rewriteGoproxy,
  rewriteGosumdb,
  upstreamURL,
  webJoin,
} from "../../../../src/core/trace/rewrite.js";

const KEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

test("each http(s) entry gets a forwarder; separators, direct, off and file:// stay in place", () => {
  const gp = "https://a.test/p,http://b.test|file:///srv/mods,direct,https://ignored.test";
  const plan = planTrace({ goproxy: gp, gonoproxy: "", gosumdb: "off" });
  assert.deepEqual(
    plan.forwarded.map((f) => f.upstream),
    ["https://a.test/p", "http://b.test"],
  );
  const out = rewriteGoproxy(gp, ["http://127.0.0.1:1/p", "http://127.0.0.1:2"]);
  assert.equal(out, "http://127.0.0.1:1/p,http://127.0.0.1:2|file:///srv/mods,direct,https://ignored.test");
});

test("an invalid GOPROXY is left alone (go fails with its own error)", () => {
  const plan = planTrace({ goproxy: "auto", gonoproxy: "", gosumdb: "sum.golang.org" });
  assert.equal(plan.forwarded.length, 0);
  assert.equal(plan.sumdb.mode, "unchanged");
});

test("GOSUMDB: a name is walked (go would ask the proxies), a URL is forwarded, off stays off", () => {
  const walk = planTrace({ goproxy: "https://p.test", gonoproxy: "", gosumdb: "sum.golang.org" }).sumdb;
  assert.equal(walk.mode, "walk");
  assert.equal(rewriteGosumdb(walk, 9), `${KEY} http://127.0.0.1:9`);
  const url = planTrace({
    goproxy: "https://p.test",
    gonoproxy: "",
    gosumdb: `${KEY} https://db.test/x`,
  }).sumdb;
  assert.equal(url.mode, "explicit-url");
  assert.equal(rewriteGosumdb(url, 9), `${KEY} http://127.0.0.1:9/x`);
  assert.equal(planTrace({ goproxy: "direct", gonoproxy: "", gosumdb: "off" }).sumdb.mode, "off");
  assert.equal(planTrace({ goproxy: "direct", gonoproxy: "", gosumdb: "a b c" }).sumdb.mode, "unchanged");
  assert.equal(
    planTrace({ goproxy: "file:///m", gonoproxy: "", gosumdb: "sum.golang.org" }).sumdb.mode,
    "unchanged",
  );
});

test("forwarder bases keep path and query; http userinfo becomes a placeholder so go still refuses it", () => {
  assert.equal(forwarderBase("https://u:secret@p.test/a/b?x=1", 5), "http://127.0.0.1:5/a/b?x=1");
  assert.equal(forwarderBase("http://u:secret@p.test/a", 5), "http://trace@127.0.0.1:5/a");
  assert.equal(upstreamURL("https://p.test/a?x=1", "/a/m/@v/list?x=1"), "https://p.test/a/m/@v/list?x=1");
  assert.equal(webJoin("https://p.test/base/", "sumdb/s/supported"), "https://p.test/base/sumdb/s/supported");
  assert.equal(webJoin("https://p.test/b?q=1", "/lookup/x@v1"), "https://p.test/b/lookup/x@v1?q=1");
});

const entry = fc.oneof(
  fc.constantFrom("direct", "off", "file:///tmp/m", " "),
  fc
    .tuple(
      fc.constantFrom("http", "https"),
      fc.stringMatching(/^[a-z]{1,6}\.test$/),
      fc.stringMatching(/^(\/[a-z]{1,4}){0,2}$/),
    )
    .map(([s, h, p]) => `${s}://${h}${p}`),
  fc.stringMatching(/^[a-z]{1,6}\.test$/),
);

test("property: the rewritten list has the same shape (kinds, separators, fall-back rules) as the original", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(entry, fc.constantFrom(",", "|")), { minLength: 1, maxLength: 6 }),
      (parts) => {
        const gp = parts.map(([e, sep], i) => (i === parts.length - 1 ? e : e + sep)).join("");
        const plan = planTrace({ goproxy: gp, gonoproxy: "", gosumdb: "off" });
        if (plan.proxyList.error !== null) return;
        const bases = plan.forwarded.map((f, i) => forwarderBase(f.upstream, 1000 + i));
        const out = parseProxyList(rewriteGoproxy(gp, bases), "");
        const shape = (l: ReturnType<typeof parseProxyList>) =>
          l.entries.map((e) => [
            e.kind,
            e.fallBackOnError,
            e.hasNext,
            e.url.startsWith("file:") ? e.url : "",
          ]);
        assert.equal(out.error, null);
        assert.deepEqual(shape(out), shape(plan.proxyList));
        const urls = out.entries
          .filter((e) => e.kind === "url" && !e.url.startsWith("file:"))
          .map((e) => e.url);
        assert.deepEqual(urls, bases);
      },
    ),
  );
});
