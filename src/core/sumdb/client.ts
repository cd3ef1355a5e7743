/**
 * Looking a module version up in a checksum database and proving the answer: open the signed tree head,
 * merge it with the last one this machine verified (detecting a forked log), and authenticate the record
 * through tiles. Mirrors golang.org/x/mod/sumdb/client.go (Lookup, mergeLatest, mergeLatestMem, checkTrees,
 * checkRecord). All I/O goes through the injected source, so the algorithm itself is pure.
 */
import { GoError } from "../errors.js";
import { escapePath, escapeVersion } from "../module/escape.js";
import { openNote, type VerifierKey } from "./note.js";
import { hashesFromTiles, planTileRead, type Tile } from "./tile.js";
import {
  checkRecord,
  formatHash,
  type Hash,
  hashEqual,
  parseRecord,
  parseTree,
  proveRecord,
  proveTree,
  recordHash,
  storedHashIndex,
  subTreeIndex,
  type Tree,
  treeHash,
} from "./tlog.js";

/** Where the client gets its data (HTTP plus caches, in the adapter). Errors are thrown with go's text. */
export interface SumdbSource {
  /** The body of `/lookup/<escaped path>@<escaped version>`. */
  lookup(escapedPathAtVersion: string): Promise<Uint8Array>;
  /** The bytes of each tile, in order (`/tile/8/L/N[.p/W]`). */
  tiles(tiles: readonly Tile[]): Promise<Uint8Array[]>;
}

/** A verified lookup. */
export interface LookupResult {
  /** go.sum lines of the record for this module version (`<path> <version>[/go.mod] h1:…`). */
  readonly lines: readonly string[];
  /** The record id and its text. */
  readonly recordId: number;
  readonly recordText: string;
  /** The tree the record was proved in, and its signed note. */
  readonly tree: Tree;
  readonly treeNote: string;
  /** The inclusion proof (RFC 6962 audit path) of the record in that tree, checked. */
  readonly inclusionProof: readonly Hash[];
  /** The newest verified tree head after this lookup (to be stored as "latest"), or null if unchanged. */
  readonly newLatest: string | null;
}

/**
 * The hash a verified lookup records for module@version's zip (goMod false) or go.mod (goMod true), as
 * go.sum would hold it (`h1:…`); null when the record has no line of that kind.
 */
export function recordedHash(
  r: LookupResult,
  module: string,
  version: string,
  goMod: boolean,
): string | null {
  const key = `${module} ${version}${goMod ? "/go.mod" : ""} `;
  const line = r.lines.find((x) => x.startsWith(key));
  return line === undefined ? null : line.slice(key.length).trim();
}

/** A fork: two signed tree heads that cannot both be honest. */
export class ForkError extends GoError {
  constructor(
    readonly oldNote: string,
    readonly newNote: string,
    readonly proof: readonly Hash[],
  ) {
    const indent = (s: string) => s.trimEnd().split("\n").join("\n\t");
    super(
      `SECURITY ERROR\ngo.sum database server misbehavior detected!\n\nold database:\n\t${indent(oldNote)}\n\nnew database:\n\t${indent(newNote)}\n\nproof of misbehavior:\n\t${proof.map(formatHash).join("\n\t")}`,
    );
    this.name = "ForkError";
  }
}

async function readHashes(
  src: SumdbSource,
  tree: Tree,
  indexes: readonly number[],
): Promise<Map<number, Hash>> {
  const plan = planTileRead(tree, indexes);
  const data = await src.tiles(plan.tiles);
  const hashes = hashesFromTiles(plan, data);
  return new Map(indexes.map((x, i) => [x, hashes[i]!]));
}

function reader(m: Map<number, Hash>) {
  return (idx: readonly number[]) =>
    idx.map((i) => {
      const h = m.get(i);
      if (h === undefined) throw new GoError(`tlog: missing hash ${i}`);
      return h;
    });
}

/** The root of the tree of n records, computed from tiles of the (larger) tree `within`. */
async function rootWithin(src: SumdbSource, within: Tree, n: number): Promise<Hash> {
  if (n === 0) return new Uint8Array(32);
  const m = await readHashes(src, within, subTreeIndex(0, n));
  return treeHash(n, reader(m));
}

/** A consistency proof of `smaller` in `larger`, from tiles of larger, for the fork report. */
async function consistencyProof(src: SumdbSource, larger: Tree, smallerN: number): Promise<Hash[]> {
  if (smallerN === 0 || smallerN >= larger.n) return [];
  const needed: number[] = [];
  proveTree(larger.n, smallerN, (idx) => {
    needed.push(...idx);
    return idx.map(() => new Uint8Array(32));
  });
  const m = await readHashes(src, larger, needed);
  return proveTree(larger.n, smallerN, reader(m));
}

/**
 * Checks that two signed trees are consistent (client.checkTrees): the smaller one's root must be the root of
 * the larger one's first records. @throws ForkError when they are not.
 */
async function checkTrees(
  src: SumdbSource,
  older: { tree: Tree; note: string },
  newer: { tree: Tree; note: string },
): Promise<void> {
  const [small, large] = older.tree.n <= newer.tree.n ? [older, newer] : [newer, older];
  const root = await rootWithin(src, large.tree, small.tree.n);
  if (hashEqual(root, small.tree.hash)) return;
  throw new ForkError(older.note, newer.note, await consistencyProof(src, large.tree, small.tree.n));
}

/**
 * Looks modulePath@version up and proves it.
 *
 * @param key the database's verifier key
 * @param latestNote the last verified signed tree head this machine kept (GOPATH/pkg/sumdb/<name>/latest), or null
 * @throws GoError with x/mod's texts (`malformed record data`, `reading tree note: …`,
 *   `cannot authenticate record data in server response`, `downloaded inconsistent tile`, …) or ForkError.
 */
export async function lookupModule(
  src: SumdbSource,
  key: VerifierKey,
  latestNote: string | null,
  modulePath: string,
  version: string,
): Promise<LookupResult> {
  const target = `${escapePath(modulePath)}@${escapeVersion(version)}`;
  const data = await src.lookup(target);
  const rec = parseRecord(data);
  const treeNote = new TextDecoder().decode(rec.rest);
  let tree: Tree;
  try {
    tree = parseTree(openNote(rec.rest, [key]).text);
  } catch (e) {
    throw new GoError(`reading tree note: ${(e as Error).message}`);
  }
  let current = { tree, note: treeNote };
  let newLatest: string | null = treeNote;
  if (latestNote !== null && latestNote.trim() !== "") {
    const old = { tree: parseTree(openNote(latestNote, [key]).text), note: latestNote };
    await checkTrees(src, old, current);
    if (old.tree.n >= tree.n) {
      current = old;
      newLatest = null;
    }
  }
  if (rec.id < 0 || rec.id >= current.tree.n)
    throw new GoError("cannot authenticate record data in server response");
  const leaf = storedHashIndex(0, rec.id);
  // The leaf and its audit path in one tile read: each read re-checks its tiles against the signed root
  // (hundreds of hashes), which dominated verify's time when done twice per lookup.
  const m = await readHashes(src, current.tree, [leaf, ...proofIndexes(current.tree, rec.id)]);
  if (!hashEqual(m.get(leaf)!, recordHash(rec.text)))
    throw new GoError("cannot authenticate record data in server response");
  const proof = proveRecord(current.tree.n, rec.id, reader(m));
  checkRecord(proof, current.tree.n, current.tree.hash, rec.id, recordHash(rec.text));
  const text = new TextDecoder().decode(rec.text);
  const prefix = `${modulePath} ${version}`;
  const lines = text
    .split("\n")
    .filter((l) => l.startsWith(`${prefix} `) || l.startsWith(`${prefix}/go.mod `));
  return {
    lines,
    recordId: rec.id,
    recordText: text,
    tree: current.tree,
    treeNote: current.note,
    inclusionProof: proof,
    newLatest,
  };
}

/** The stored hash indexes of the inclusion proof (audit path) of record id in tree. */
function proofIndexes(tree: Tree, id: number): number[] {
  const needed: number[] = [];
  proveRecord(tree.n, id, (idx) => {
    needed.push(...idx);
    return idx.map(() => new Uint8Array(32));
  });
  return needed;
}
