import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type ProxyEntry, parseProxyList } from "../../../src/core/config/goproxy.js";
import { type EntryAnswer, ERR_NOPROXY, ERR_PROXY_OFF, walkProxies } from "../../../src/core/tryproxies.js";

const A = "http://a.test";
const B = "http://b.test";
const nf = (e: string): EntryAnswer => ({ kind: "not-exist", error: e });
const err = (e: string): EntryAnswer => ({ kind: "error", error: e });

function walk(goproxy: string, answers: Record<string, EntryAnswer>, gonoproxy = "", matches = false) {
  return walkProxies(
    parseProxyList(goproxy, gonoproxy).entries,
    matches,
    (e: ProxyEntry) => answers[e.url] ?? nf(`no answer for ${e.url}`),
  );
}

test("`,` moves on only after not-exist; `|` after anything (go-semantics §C.2)", () => {
  assert.equal(walk(`${A},${B}`, { [A]: nf("404 a"), [B]: { kind: "ok" } }).servedBy?.url, B);
  const stop = walk(`${A},${B}`, { [A]: err("403 a"), [B]: { kind: "ok" } });
  assert.equal(stop.servedBy, null);
  assert.equal(stop.error?.text, "403 a");
  assert.equal(walk(`${A}|${B}`, { [A]: err("500 a"), [B]: { kind: "ok" } }).servedBy?.url, B);
});

test("the last not-exist error is reported; a proxy error beats not-exist errors (C10)", () => {
  assert.equal(walk(`${A},${B}`, { [A]: nf("404 a"), [B]: nf("410 b") }).error?.text, "410 b");
  assert.equal(walk(`${A}|${B}`, { [A]: err("500 a"), [B]: nf("404 b") }).error?.text, "500 a");
});

test("off and GONOPROXY sentinels", () => {
  assert.equal(walk("off", {}).error?.text, ERR_PROXY_OFF);
  const priv = walk(`${A},direct`, { direct: err("unrecognized import path") }, "corp.test", true);
  assert.deepEqual(
    priv.tried.map((e) => e.kind),
    ["noproxy", "url", "direct"],
  );
  assert.equal(priv.error?.text, "unrecognized import path");
  const privOff = walk("off", { noproxy: { kind: "ok" } }, "corp.test", true);
  assert.equal(privOff.servedBy?.kind, "noproxy");
  const noMatch = walk(`${A}`, { [A]: { kind: "ok" } }, "corp.test", false);
  assert.equal(noMatch.servedBy?.url, A);
  const offPriv = walk("off", { noproxy: nf("not found") }, "corp.test", true);
  assert.equal(offPriv.error?.text, "not found");
  assert.notEqual(offPriv.error?.text, ERR_NOPROXY);
});

test("a hanging entry stops the walk for good", () => {
  const r = walk(`${A}|${B}`, { [A]: { kind: "hang" }, [B]: { kind: "ok" } });
  assert.equal(r.hang, true);
  assert.equal(r.tried.length, 1);
});

const answerArb: fc.Arbitrary<EntryAnswer> = fc.oneof(
  fc.constant<EntryAnswer>({ kind: "ok" }),
  fc.nat(9).map((n) => nf(`nf${n}`)),
  fc.nat(9).map((n) => err(`err${n}`)),
);

test("property: the walk asks entries in order, stops at the first success, and never after a `,` error", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(answerArb, fc.boolean()), { minLength: 1, maxLength: 6 }), (spec) => {
      const goproxy = spec.map((_, i) => `http://p${i}.test${spec[i]![1] ? "|" : ","}`).join("");
      const byURL = Object.fromEntries(spec.map(([a], i) => [`http://p${i}.test`, a]));
      const r = walk(goproxy, byURL);
      for (const [i, e] of r.tried.entries()) assert.equal(e.url, `http://p${i}.test`);
      const last = r.tried.length - 1;
      for (let i = 0; i < last; i++) {
        const [a, pipe] = spec[i]!;
        assert.notEqual(a.kind, "ok");
        if (a.kind === "error") assert.ok(pipe);
      }
      if (r.servedBy !== null) assert.equal(r.servedBy.url, `http://p${last}.test`);
      else assert.ok(r.error !== null);
    }),
  );
});
