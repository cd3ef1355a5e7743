// Ranking and the GOPROXY recommendation: the invariant that a mirror that fails (dead, unreachable,
// protocol, integrity) is never ranked or recommended ahead of one that works, checked with fast-check;
// freshness across mirrors; the separators and reasons on examples.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseProxyList } from "../../../../src/core/config/goproxy.js";
import { compareFreshness } from "../../../../src/core/mirrors/freshness.js";
import {
  MAX_RECOMMENDED,
  type MirrorFacts,
  rankMirrors,
  recommend,
  works,
} from "../../../../src/core/mirrors/rank.js";
import { compare } from "../../../../src/core/semver.js";

const facts: fc.Arbitrary<MirrorFacts> = fc.record({
  url: fc.integer({ min: 1, max: 65535 }).map((p) => `http://127.0.0.1:${p}`),
  dead: fc.option(fc.constant("gone"), { freq: 5 }),
  reachable: fc.boolean(),
  protocolOk: fc.boolean(),
  failedChecks: fc.subarray(["list", "info", "zip", "missing-module"]),
  integrity: fc.constantFrom("verified", "mismatch", "unknown" as const),
  staleModules: fc.integer({ min: 0, max: 3 }),
  latencyMs: fc.option(fc.integer({ min: 0, max: 5000 })),
  throughputBps: fc.option(fc.integer({ min: 1, max: 1e9 })),
  sumdbProxied: fc.option(fc.boolean()),
});
const mirrorSets = fc.uniqueArray(facts, { selector: (m) => m.url, maxLength: 8 });

test("property: a working mirror always ranks ahead of one that does not work; ranks are 1..n", () => {
  fc.assert(
    fc.property(mirrorSets, (ms) => {
      const ranked = rankMirrors(ms);
      assert.deepEqual(
        ranked.map((r) => r.rank),
        ranked.map((_, i) => i + 1),
      );
      for (const a of ranked)
        for (const b of ranked) if (a.works && !b.works) assert.ok(a.rank < b.rank, `${a.url} vs ${b.url}`);
      assert.equal(ranked.filter((r) => r.works).length, ms.filter(works).length);
    }),
  );
});

test("property: the recommendation names only working mirrors, in rank order, and parses as GOPROXY", () => {
  fc.assert(
    fc.property(mirrorSets, fc.option(fc.constant("sum.golang.org")), (ms, db) => {
      const ranked = rankMirrors(ms);
      const rec = recommend(ranked, db);
      const byURL = new Map(ranked.map((r) => [r.url, r]));
      const picked = rec.entries.map((u) => byURL.get(u)!);
      assert.ok(picked.every((m) => m.works));
      assert.ok(picked.length <= MAX_RECOMMENDED);
      for (let i = 1; i < picked.length; i++) assert.ok(picked[i - 1]!.rank < picked[i]!.rank);
      // the best working mirrors are the ones named
      const best = ranked
        .filter((r) => r.works)
        .slice(0, MAX_RECOMMENDED)
        .map((r) => r.url);
      assert.deepEqual(rec.entries, best);
      const list = parseProxyList(rec.goproxy, "");
      assert.equal(list.error, null);
      assert.equal(list.entries.at(-1)?.kind, "direct");
      assert.deepEqual(
        list.entries.filter((e) => e.kind === "url").map((e) => e.url),
        rec.entries,
      );
      assert.ok(rec.reasons.length > 0);
    }),
  );
});

test("property: ranking does not depend on the input order", () => {
  fc.assert(
    fc.property(mirrorSets, fc.func(fc.integer()), (ms, f) => {
      const shuffled = [...ms].sort((a, b) => f(a.url) - f(b.url));
      assert.deepEqual(
        rankMirrors(shuffled).map((r) => r.url),
        rankMirrors(ms).map((r) => r.url),
      );
    }),
  );
});

const base: MirrorFacts = {
  url: "https://a.example",
  dead: null,
  reachable: true,
  protocolOk: true,
  failedChecks: [],
  integrity: "verified",
  staleModules: 0,
  latencyMs: 50,
  throughputBps: 1e6,
  sumdbProxied: true,
};

test("separators: `|` between mirrors, `,direct` last; `direct` when nothing works", () => {
  const ranked = rankMirrors([
    base,
    { ...base, url: "https://b.example", latencyMs: 20 },
    { ...base, url: "https://c.example", latencyMs: 10, protocolOk: false, failedChecks: ["missing-module"] },
  ]);
  const rec = recommend(ranked, "sum.golang.org");
  assert.equal(rec.goproxy, "https://b.example|https://a.example,direct");
  assert.ok(rec.reasons.some((r) => r.includes("`|` between mirrors")));
  assert.ok(
    rec.reasons.some((r) =>
      r.startsWith("Not recommended: https://c.example: fails the GOPROXY protocol (missing-module)"),
    ),
  );
  assert.ok(rec.reasons.some((r) => r.includes("through https://b.example")));
  const none = recommend(
    rankMirrors([
      { ...base, dead: "gone" },
      { ...base, url: "https://x", reachable: false },
    ]),
  );
  assert.equal(none.goproxy, "direct");
  assert.match(none.reasons[0]!, /No candidate mirror works/);
});

test("a fresh mirror ranks ahead of a faster stale one; a mismatch is never recommended", () => {
  const ranked = rankMirrors([
    { ...base, url: "https://stale", latencyMs: 1, staleModules: 1 },
    { ...base, url: "https://fresh", latencyMs: 100 },
    { ...base, url: "https://tampered", latencyMs: 1, integrity: "mismatch" },
  ]);
  assert.deepEqual(
    ranked.map((r) => r.url),
    ["https://fresh", "https://stale", "https://tampered"],
  );
  assert.ok(!recommend(ranked).entries.includes("https://tampered"));
});

const v = fc.tuple(fc.nat(5), fc.nat(5), fc.nat(5)).map(([a, b, c]) => `v${a}.${b}.${c}`);

test("property: freshness — nobody is behind the newest version, everyone below it is stale", () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.option(v), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }),
      (rows) => {
        const mirrors = rows.map((r, i) => ({
          url: `m${i}`,
          latest: r.map((version, j) => ({ module: `example.com/m${j}`, version })),
        }));
        const out = compareFreshness(mirrors);
        for (const j of [0, 1]) {
          const have = rows.map((r) => r[j]!).filter((x): x is string => x !== null);
          if (have.length === 0) {
            assert.ok(out.every((f) => !f.stale.some((s) => s.module === `example.com/m${j}`)));
            continue;
          }
          const newest = have.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
          rows.forEach((r, i) => {
            const stale = out[i]!.stale.some((s) => s.module === `example.com/m${j}`);
            assert.equal(stale, r[j] === null || compare(r[j]!, newest) < 0);
          });
        }
      },
    ),
  );
});
