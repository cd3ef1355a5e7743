// Differential test: our transparency-log, tile and note code against golang.org/x/mod/sumdb on
// deterministic logs of up to 70,000 records (test/fixtures/go/tlogref).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { errorText } from "../../src/core/errors.js";
import { openNote, parseVerifierKey, signNote } from "../../src/core/sumdb/note.js";
import { newTiles, parseTilePath, tilePath } from "../../src/core/sumdb/tile.js";
import {
  formatHash,
  type Hash,
  proveRecord,
  proveTree,
  splitStoredHashIndex,
  storedHashes,
  storedHashIndex,
  treeHash,
} from "../../src/core/sumdb/tlog.js";
import { buildGoFixture } from "../support/gobuild.js";

interface Ref {
  trees: {
    N: number;
    Hash: string;
    RecordProofs: { T: number; N: number; Proof: string[] }[];
    TreeProofs: { T: number; N: number; Proof: string[] }[];
    Tiles: string[];
    TileData: Record<string, string>;
  }[];
  indexes: [number, number, number][];
  tilePaths: Record<string, string>;
  note: { verifier: string; signer: string; signed: string; results: Record<string, string> };
}

const ref = (): Ref =>
  JSON.parse(execFileSync(buildGoFixture("tlogref"), { maxBuffer: 64 << 20 }).toString()) as Ref;

function record(i: number): Uint8Array {
  return new TextEncoder().encode(`example.com/m${i} v1.0.0 h1:x\n`);
}

test("tree hashes, record proofs, tree proofs and tiles equal x/mod's", () => {
  const r = ref();
  const stored: Hash[] = [];
  const reader = (idx: readonly number[]) => idx.map((i) => stored[i]!);
  const sizes = new Map(r.trees.map((t) => [t.N, t]));
  let checked = 0;
  for (let n = 0; n < 70000; n++) {
    stored.push(...storedHashes(n, record(n), reader));
    const want = sizes.get(n + 1);
    if (want === undefined) continue;
    const size = n + 1;
    assert.equal(formatHash(treeHash(size, reader)), want.Hash, `tree ${size}`);
    for (const p of want.RecordProofs)
      assert.deepEqual(
        proveRecord(p.T, p.N, reader).map(formatHash),
        p.Proof,
        `record proof ${p.N} in ${size}`,
      );
    for (const p of want.TreeProofs)
      assert.deepEqual(proveTree(p.T, p.N, reader).map(formatHash), p.Proof, `tree proof ${p.N} in ${size}`);
    assert.deepEqual(newTiles(8, Math.floor(size / 2), size).map(tilePath), want.Tiles, `tiles of ${size}`);
    for (const [path, data] of Object.entries(want.TileData)) {
      const t = parseTilePath(path);
      const start = t.n * 256;
      const bytes = Array.from({ length: t.w }, (_, i) => stored[storedHashIndex(t.l * 8, start + i)]!);
      assert.equal(Buffer.concat(bytes).toString("base64"), data, path);
    }
    checked++;
  }
  assert.equal(checked, r.trees.length);
});

test("stored-hash index arithmetic and tile paths equal x/mod's", () => {
  const r = ref();
  for (const [x, level, n] of r.indexes) {
    assert.deepEqual(splitStoredHashIndex(x), [level, n], `split ${x}`);
    assert.equal(storedHashIndex(level, n), x);
  }
  for (const [path, want] of Object.entries(r.tilePaths)) {
    let got: string;
    try {
      const t = parseTilePath(path);
      got = `${t.h}/${t.l}/${t.n}/${t.w}`;
    } catch (e) {
      got = `error: ${errorText(e)}`;
    }
    assert.equal(got, want, path);
  }
});

test("notes: our signature equals x/mod's (Ed25519 is deterministic) and Open gives the same verdicts", () => {
  const r = ref().note;
  const key = parseVerifierKey(r.verifier);
  const text = r.signed.slice(0, r.signed.indexOf("\n\n") + 1);
  assert.equal(signNote(text, [r.signer]), r.signed);
  const enc = new TextEncoder();
  const variants: Record<string, Uint8Array> = {
    good: enc.encode(r.signed),
    "no-final-newline": enc.encode(r.signed.slice(0, -1)),
    "no-blank-line": enc.encode(`${text}— x\n`),
    "control-char": enc.encode(`a\x01\n\n${r.signed.slice(text.length + 1)}`),
  };
  const alt = enc.encode(r.signed);
  alt[21]! ^= 1;
  variants["text-changed"] = alt;
  for (const [name, msg] of Object.entries(variants)) {
    let got: string;
    try {
      openNote(msg, [key]);
      got = "ok";
    } catch (e) {
      got = errorText(e);
    }
    assert.equal(got, r.results[name], name);
  }
});
