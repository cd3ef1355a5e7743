import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { GoError } from "../../../../src/core/errors.js";
import { generateKey, openNote, parseVerifierKey, signNote } from "../../../../src/core/sumdb/note.js";
import { hashesFromTiles, parseTilePath, planTileRead, tilePath } from "../../../../src/core/sumdb/tile.js";
import {
  checkRecord,
  checkTree,
  formatTree,
  type Hash,
  parseRecord,
  parseTree,
  proveRecord,
  proveTree,
  recordHash,
  splitStoredHashIndex,
  storedHashes,
  storedHashIndex,
  treeHash,
} from "../../../../src/core/sumdb/tlog.js";

function build(n: number): { stored: Hash[]; reader: (i: readonly number[]) => Hash[] } {
  const stored: Hash[] = [];
  const reader = (idx: readonly number[]) => idx.map((i) => stored[i]!);
  for (let i = 0; i < n; i++) stored.push(...storedHashes(i, new TextEncoder().encode(`r${i}\n`), reader));
  return { stored, reader };
}

const BIG = build(600);

test("property: record proofs verify, and fail for another leaf or a flipped bit", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 600 }).chain((t) => fc.tuple(fc.constant(t), fc.nat(t - 1))),
      ([t, n]) => {
        const th = treeHash(t, BIG.reader);
        const leaf = recordHash(new TextEncoder().encode(`r${n}\n`));
        const p = proveRecord(t, n, BIG.reader);
        checkRecord(p, t, th, n, leaf);
        assert.throws(
          () => checkRecord(p, t, th, n, recordHash(new TextEncoder().encode("other\n"))),
          GoError,
        );
        if (p.length > 0) {
          const bad = p.map((h) => new Uint8Array(h));
          bad[0]![0]! ^= 1;
          assert.throws(() => checkRecord(bad, t, th, n, leaf), GoError);
        }
      },
    ),
    { numRuns: 150 },
  );
});

test("property: tree (consistency) proofs verify old trees inside new ones and reject wrong roots", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 600 }).chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: 1, max: t }))),
      ([t, n]) => {
        const th = treeHash(t, BIG.reader);
        const h = treeHash(n, BIG.reader);
        const p = proveTree(t, n, BIG.reader);
        checkTree(p, t, th, n, h);
        const wrong = new Uint8Array(h);
        wrong[5]! ^= 0x80;
        assert.throws(() => checkTree(p, t, th, n, wrong), GoError);
      },
    ),
    { numRuns: 150 },
  );
});

test("property: stored-hash indexes split back, tile paths parse back", () => {
  fc.assert(
    fc.property(fc.nat(2 ** 30), fc.nat(20), (n, level) =>
      assert.deepEqual(splitStoredHashIndex(storedHashIndex(level, n)), [level, n]),
    ),
  );
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: -1, max: 63 }),
      fc.nat(10 ** 12),
      fc.integer({ min: 1, max: 2 ** 30 }),
      (h, l, n, wRaw) => {
        const w = Math.min(wRaw, 2 ** h);
        const t = { h, l, n, w };
        assert.deepEqual(parseTilePath(tilePath(t)), t);
      },
    ),
  );
  assert.equal(tilePath({ h: 8, l: 0, n: 1234067, w: 256 }), "tile/8/0/x001/x234/067");
  assert.equal(tilePath({ h: 8, l: 0, n: 273, w: 112 }), "tile/8/0/273.p/112");
});

test("property: tiles authenticate hashes against the root; any altered tile byte is detected", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 600 }).chain((t) => fc.tuple(fc.constant(t), fc.nat(t - 1), fc.nat(10 ** 6))),
      ([t, id, flip]) => {
        const tree = { n: t, hash: treeHash(t, BIG.reader) };
        const plan = planTileRead(tree, [storedHashIndex(0, id)]);
        const data = plan.tiles.map((tile) =>
          Buffer.concat(
            Array.from(
              { length: tile.w },
              (_, i) => BIG.stored[storedHashIndex(tile.l * tile.h, tile.n * 256 + i)]!,
            ),
          ),
        );
        assert.deepEqual(hashesFromTiles(plan, data), [BIG.stored[storedHashIndex(0, id)]]);
        const bad = data.map((d) => new Uint8Array(d));
        const which = flip % bad.length;
        bad[which]![flip % bad[which]!.length]! ^= 1;
        assert.throws(() => hashesFromTiles(plan, bad), /downloaded inconsistent tile|invalid/);
      },
    ),
    { numRuns: 100 },
  );
});

test("property: notes round-trip; altered text, signature or key fail; garbage never crashes", () => {
  const { signer, verifier } = generateKey("sum.example.test");
  const other = parseVerifierKey(generateKey("sum.example.test").verifier);
  const key = parseVerifierKey(verifier);
  fc.assert(
    fc.property(fc.nat(10 ** 9), fc.nat(100), (n, flip) => {
      const text = formatTree({ n, hash: new Uint8Array(32).fill(n % 256) });
      const msg = signNote(text, [signer]);
      const opened = openNote(msg, [key]);
      assert.equal(parseTree(opened.text).n, n);
      assert.throws(() => openNote(msg, [other]), { message: "note has no verifiable signatures" });
      const bytes = new TextEncoder().encode(msg);
      bytes[flip % text.length]! ^= 1;
      assert.throws(() => openNote(bytes, [key]), GoError);
    }),
    { numRuns: 60 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
      try {
        openNote(b, [key]);
      } catch (e) {
        assert.ok(e instanceof GoError);
      }
      try {
        parseRecord(b);
      } catch (e) {
        assert.ok(e instanceof GoError);
      }
    }),
    { numRuns: 500 },
  );
});
