import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { treesConsistent } from "../../../../src/core/monitor/consistency.js";
import type { Tile } from "../../../../src/core/sumdb/tile.js";
import { type Hash, storedHashes, storedHashIndex, treeHash } from "../../../../src/core/sumdb/tlog.js";

/** A log of records kept in memory, with a tile reader over it (level-0 tiles; fewer than 256 records). */
function log(records: readonly string[]) {
  const stored: Hash[] = [];
  for (const [n, r] of records.entries())
    stored.push(...storedHashes(n, new TextEncoder().encode(r), (idx) => idx.map((i) => stored[i]!)));
  const tree = (n: number) => ({ n, hash: treeHash(n, (idx) => idx.map((i) => stored[i]!)) });
  let reads = 0;
  const read = async (tiles: readonly Tile[]) => {
    reads++;
    return tiles.map((t) => {
      assert.equal(t.l, 0);
      const out = new Uint8Array(t.w * 32);
      for (let k = 0; k < t.w; k++) out.set(stored[storedHashIndex(0, t.n * 256 + k)]!, k * 32);
      return out;
    });
  };
  return { tree, read, reads: () => reads };
}

const recs = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag} record ${i}\n`);

test("trees of one log are consistent, whichever is passed first", async () => {
  const l = log(recs("a", 40));
  assert.equal(await treesConsistent(l.read, l.tree(7), l.tree(40)), true);
  assert.equal(await treesConsistent(l.read, l.tree(40), l.tree(7)), true);
  assert.equal(await treesConsistent(l.read, l.tree(40), l.tree(40)), true);
  assert.equal(await treesConsistent(l.read, l.tree(0), l.tree(3)), true);
});

test("a rewritten history is detected", async () => {
  const a = log(recs("a", 30));
  const b = log(["rewritten\n", ...recs("a", 30).slice(1)]);
  assert.equal(await treesConsistent(b.read, a.tree(10), b.tree(30)), false);
  assert.equal(await treesConsistent(b.read, a.tree(30), b.tree(30)), false, "same size, other root");
});

test("tiles that do not match the signed root are an error, not a verdict", async () => {
  const a = log(recs("a", 20));
  const b = log(recs("b", 20));
  await assert.rejects(treesConsistent(b.read, a.tree(5), a.tree(20)), /inconsistent tile/);
});

test("property: consistency holds exactly when the smaller log is a prefix of the larger", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 120 }),
      fc.integer({ min: 1, max: 120 }),
      fc.option(fc.nat(119), { nil: null }),
      async (n1, n2, changed) => {
        const base = recs("x", Math.max(n1, n2));
        const other = changed === null ? base : base.map((r, i) => (i === changed ? `changed ${i}\n` : r));
        const a = log(base.slice(0, n1));
        const b = log(other.slice(0, n2));
        const prefix = changed === null || changed >= Math.min(n1, n2);
        const larger = n1 >= n2 ? a : b;
        assert.equal(await treesConsistent(larger.read, a.tree(n1), b.tree(n2)), prefix);
      },
    ),
    { numRuns: 150 },
  );
});
