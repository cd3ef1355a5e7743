/**
 * The checksum database's transparency log: record and node hashes, the stored-hash numbering, tree
 * hashes, inclusion (record) and consistency (tree) proofs, tree notes and lookup records.
 * Mirrors golang.org/x/mod/sumdb/tlog (tlog.go, note.go). Indexes are JavaScript numbers: exact below
 * 2^53, far above any real log (sum.golang.org holds well under 2^32 records); no 32-bit bit operations.
 */
import { nodeCrypto } from "../crypto.js";
import { GoError } from "../errors.js";
import { decodeStdBase64 } from "./note.js";

/** A 32-byte SHA-256 hash. */
export type Hash = Uint8Array;

/** The tree a signed tree head describes. */
export interface Tree {
  /** Number of records. */
  readonly n: number;
  readonly hash: Hash;
}

/** Reads stored hashes by index (tlog.HashReader); may throw. */
export type HashReader = (indexes: readonly number[]) => Hash[];

const HASH_SIZE = 32;

function sha256(...parts: Uint8Array[]): Hash {
  const h = nodeCrypto().createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** 2^k for k ≥ 0. */
function pow2(k: number): number {
  return 2 ** k;
}

/** ⌊n / 2^k⌋. */
function shr(n: number, k: number): number {
  return Math.floor(n / pow2(k));
}

function trailingZeros(n: number): number {
  let z = 0;
  let x = n;
  while (x > 0 && x % 2 === 0) {
    x /= 2;
    z++;
  }
  return z;
}

/** Reports whether two hashes are equal. */
export function hashEqual(a: Hash, b: Hash): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** A hash in standard base64 (tlog.Hash.String). */
export function formatHash(h: Hash): string {
  return Buffer.from(h).toString("base64");
}

/** Parses a base64 hash (tlog.ParseHash). @throws GoError `malformed hash`. */
export function parseHash(s: string): Hash {
  const d = decodeStdBase64(s);
  if (d === null || d.length !== HASH_SIZE) throw new GoError("malformed hash");
  return d;
}

/** The largest power of two k < n (n ≥ 2), and its log2 (tlog.maxpow2). */
function maxpow2(n: number): [number, number] {
  let l = 0;
  while (pow2(l + 1) < n) l++;
  return [pow2(l), l];
}

/** SHA-256(0x00 ‖ data): the leaf hash of a record (tlog.RecordHash). */
export function recordHash(data: Uint8Array): Hash {
  return sha256(new Uint8Array([0]), data);
}

/** SHA-256(0x01 ‖ left ‖ right) (tlog.NodeHash). */
export function nodeHash(left: Hash, right: Hash): Hash {
  return sha256(new Uint8Array([1]), left, right);
}

/** The storage index of the hash at level, position n (tlog.StoredHashIndex). */
export function storedHashIndex(level: number, n: number): number {
  let m = n;
  for (let l = level; l > 0; l--) m = 2 * m + 1;
  let i = 0;
  for (; m > 0; m = Math.floor(m / 2)) i += m;
  return i + level;
}

/** The inverse of storedHashIndex: [level, n] (tlog.SplitStoredHashIndex). */
export function splitStoredHashIndex(index: number): [number, number] {
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  for (;;) {
    const x = indexN + 1 + trailingZeros(n + 1);
    if (x > index) break;
    n++;
    indexN = x;
  }
  const level = index - indexN;
  return [level, shr(n, level)];
}

/** How many hashes a tree of n records stores (tlog.StoredHashCount). */
export function storedHashCount(n: number): number {
  if (n === 0) return 0;
  let num = storedHashIndex(0, n - 1) + 1;
  for (let i = n - 1; i % 2 === 1; i = Math.floor(i / 2)) num++;
  return num;
}

/** The hashes to store when appending record n with data (tlog.StoredHashes). */
export function storedHashes(n: number, data: Uint8Array, r: HashReader): Hash[] {
  let h = recordHash(data);
  const hashes = [h];
  const m = trailingZeros(n + 1);
  const indexes: number[] = [];
  for (let i = 0; i < m; i++) indexes[m - 1 - i] = storedHashIndex(i, shr(n, i) - 1);
  const old = r(indexes);
  if (old.length !== indexes.length)
    throw new GoError(`tlog: ReadHashes(${indexes.length} indexes) = ${old.length} hashes`);
  for (let i = 0; i < m; i++) {
    h = nodeHash(old[m - 1 - i]!, h);
    hashes.push(h);
  }
  return hashes;
}

/** The stored-hash indexes of the complete subtrees covering [lo, hi) (tlog.subTreeIndex). */
export function subTreeIndex(lo: number, hi: number, need: number[] = []): number[] {
  let l = lo;
  while (l < hi) {
    const [k, level] = maxpow2(hi - l + 1);
    need.push(storedHashIndex(level, shr(l, level)));
    l += k;
  }
  return need;
}

function subTreeHash(lo: number, hi: number, hashes: Hash[]): [Hash, Hash[]] {
  let numTree = 0;
  for (let l = lo; l < hi; ) {
    const [k] = maxpow2(hi - l + 1);
    numTree++;
    l += k;
  }
  if (hashes.length < numTree) throw new GoError("tlog: bad index math in subTreeHash");
  let h = hashes[numTree - 1]!;
  for (let i = numTree - 2; i >= 0; i--) h = nodeHash(hashes[i]!, h);
  return [h, hashes.slice(numTree)];
}

function readExactly(r: HashReader, indexes: number[]): Hash[] {
  const hashes = r(indexes);
  if (hashes.length !== indexes.length)
    throw new GoError(`tlog: ReadHashes(${indexes.length} indexes) = ${hashes.length} hashes`);
  return hashes;
}

/** The root hash of the tree of n records (tlog.TreeHash); the empty tree's is 32 zero bytes. */
export function treeHash(n: number, r: HashReader): Hash {
  if (n === 0) return new Uint8Array(HASH_SIZE);
  const indexes = subTreeIndex(0, n);
  return subTreeHash(0, n, readExactly(r, indexes))[0];
}

function leafProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (lo + 1 === hi) return need;
  const [k] = maxpow2(hi - lo);
  if (n < lo + k) {
    leafProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    leafProofIndex(lo + k, hi, n, need);
  }
  return need;
}

function leafProof(lo: number, hi: number, n: number, hashes: Hash[]): [Hash[], Hash[]] {
  if (lo + 1 === hi) return [[], hashes];
  const [k] = maxpow2(hi - lo);
  let p: Hash[];
  let th: Hash;
  let rest = hashes;
  if (n < lo + k) {
    [p, rest] = leafProof(lo, lo + k, n, rest);
    [th, rest] = subTreeHash(lo + k, hi, rest);
  } else {
    [th, rest] = subTreeHash(lo, lo + k, rest);
    [p, rest] = leafProof(lo + k, hi, n, rest);
  }
  return [[...p, th], rest];
}

/** The inclusion proof of record n in the tree of t records (tlog.ProveRecord). */
export function proveRecord(t: number, n: number, r: HashReader): Hash[] {
  if (t < 0 || n < 0 || n >= t) throw new GoError("tlog: invalid inputs in ProveRecord");
  const indexes = leafProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  return leafProof(0, t, n, readExactly(r, indexes))[0];
}

const PROOF_FAILED = "invalid transparency proof";

function runRecordProof(p: Hash[], lo: number, hi: number, n: number, leaf: Hash): Hash {
  if (lo + 1 === hi) {
    if (p.length !== 0) throw new GoError(PROOF_FAILED);
    return leaf;
  }
  if (p.length === 0) throw new GoError(PROOF_FAILED);
  const [k] = maxpow2(hi - lo);
  const last = p[p.length - 1]!;
  if (n < lo + k) return nodeHash(runRecordProof(p.slice(0, -1), lo, lo + k, n, leaf), last);
  return nodeHash(last, runRecordProof(p.slice(0, -1), lo + k, hi, n, leaf));
}

/**
 * Checks that p proves record n with leaf hash h is in the tree of t records with root th (tlog.CheckRecord).
 * @throws GoError `invalid transparency proof` or `tlog: invalid inputs in CheckRecord`.
 */
export function checkRecord(p: readonly Hash[], t: number, th: Hash, n: number, h: Hash): void {
  if (t < 0 || n < 0 || n >= t) throw new GoError("tlog: invalid inputs in CheckRecord");
  if (!hashEqual(runRecordProof([...p], 0, t, n, h), th)) throw new GoError(PROOF_FAILED);
}

function treeProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (n === hi) return lo === 0 ? need : subTreeIndex(lo, hi, need);
  const [k] = maxpow2(hi - lo);
  if (n <= lo + k) {
    treeProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    treeProofIndex(lo + k, hi, n, need);
  }
  return need;
}

function treeProof(lo: number, hi: number, n: number, hashes: Hash[]): [Hash[], Hash[]] {
  if (n === hi) {
    if (lo === 0) return [[], hashes];
    const [th, rest] = subTreeHash(lo, hi, hashes);
    return [[th], rest];
  }
  const [k] = maxpow2(hi - lo);
  let p: Hash[];
  let th: Hash;
  let rest = hashes;
  if (n <= lo + k) {
    [p, rest] = treeProof(lo, lo + k, n, rest);
    [th, rest] = subTreeHash(lo + k, hi, rest);
  } else {
    [th, rest] = subTreeHash(lo, lo + k, rest);
    [p, rest] = treeProof(lo + k, hi, n, rest);
  }
  return [[...p, th], rest];
}

/** The consistency proof that the tree of n records is a prefix of the tree of t records (tlog.ProveTree). */
export function proveTree(t: number, n: number, r: HashReader): Hash[] {
  if (t < 1 || n < 1 || n > t) throw new GoError("tlog: invalid inputs in ProveTree");
  const indexes = treeProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  return treeProof(0, t, n, readExactly(r, indexes))[0];
}

function runTreeProof(p: Hash[], lo: number, hi: number, n: number, old: Hash): [Hash, Hash] {
  if (n === hi) {
    if (lo === 0) {
      if (p.length !== 0) throw new GoError(PROOF_FAILED);
      return [old, old];
    }
    if (p.length !== 1) throw new GoError(PROOF_FAILED);
    return [p[0]!, p[0]!];
  }
  if (p.length === 0) throw new GoError(PROOF_FAILED);
  const [k] = maxpow2(hi - lo);
  const last = p[p.length - 1]!;
  if (n <= lo + k) {
    const [oh, th] = runTreeProof(p.slice(0, -1), lo, lo + k, n, old);
    return [oh, nodeHash(th, last)];
  }
  const [oh, th] = runTreeProof(p.slice(0, -1), lo + k, hi, n, old);
  return [nodeHash(last, oh), nodeHash(last, th)];
}

/**
 * Checks that p proves the tree (n, h) is a prefix of the tree (t, th) (tlog.CheckTree).
 * @throws GoError `invalid transparency proof` or `tlog: invalid inputs in CheckTree`.
 */
export function checkTree(p: readonly Hash[], t: number, th: Hash, n: number, h: Hash): void {
  if (t < 1 || n < 1 || n > t) throw new GoError("tlog: invalid inputs in CheckTree");
  const [h2, th2] = runTreeProof([...p], 0, t, n, h);
  if (!hashEqual(th2, th) || !hashEqual(h2, h)) throw new GoError(PROOF_FAILED);
}

const TREE_PREFIX = "go.sum database tree\n";

/** The text of a tree note (tlog.FormatTree). */
export function formatTree(tree: Tree): string {
  return `${TREE_PREFIX}${tree.n}\n${formatHash(tree.hash)}\n`;
}

/** Parses a tree note's text (tlog.ParseTree). @throws GoError `malformed tree note`. */
export function parseTree(text: string): Tree {
  if (!text.startsWith(TREE_PREFIX) || text.split("\n").length - 1 < 3 || text.length > 1e6) {
    throw new GoError("malformed tree note");
  }
  const lines = text.split("\n");
  const nText = lines[1]!;
  const n = Number(nText);
  if (!/^(0|[1-9][0-9]*)$/.test(nText) || !Number.isSafeInteger(n)) throw new GoError("malformed tree note");
  const hash = decodeStdBase64(lines[2]!);
  if (hash === null || hash.length !== HASH_SIZE) throw new GoError("malformed tree note");
  return { n, hash };
}

function isValidRecordText(text: Uint8Array): boolean {
  let s: string;
  try {
    s = new TextDecoder("utf-8", { fatal: true }).decode(text);
  } catch {
    return false;
  }
  return s.endsWith("\n") && !/[\x00-\x09\x0b-\x1f]/.test(s) && !s.includes("\n\n");
}

/** A lookup response split into record id, record text and the rest (the signed tree note). */
export interface Record {
  readonly id: number;
  readonly text: Uint8Array;
  readonly rest: Uint8Array;
}

/** Splits a lookup response (tlog.ParseRecord). @throws GoError `malformed record data`. */
export function parseRecord(msg: Uint8Array): Record {
  const nl = msg.indexOf(0x0a);
  if (nl < 0) throw new GoError("malformed record data");
  const idText = new TextDecoder().decode(msg.subarray(0, nl));
  const id = Number(idText);
  if (!/^[+-]?[0-9]+$/.test(idText) || !Number.isSafeInteger(id)) throw new GoError("malformed record data");
  const body = msg.subarray(nl + 1);
  let split = -1;
  for (let i = 0; i + 1 < body.length; i++) {
    if (body[i] === 0x0a && body[i + 1] === 0x0a) {
      split = i;
      break;
    }
  }
  if (split < 0) throw new GoError("malformed record data");
  const text = body.subarray(0, split + 1);
  if (!isValidRecordText(text)) throw new GoError("malformed record data");
  return { id, text, rest: body.subarray(split + 2) };
}

/** Formats a record as a lookup response starts (tlog.FormatRecord). @throws GoError `malformed record data`. */
export function formatRecord(id: number, text: Uint8Array): Uint8Array {
  if (!isValidRecordText(text)) throw new GoError("malformed record data");
  return new Uint8Array([...new TextEncoder().encode(`${id}\n`), ...text, 0x0a]);
}
