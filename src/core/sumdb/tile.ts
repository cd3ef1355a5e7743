/**
 * Tiles of the checksum database's log: coordinates, paths, hashes from tile data, and the pure halves of
 * reading authenticated hashes through tiles (which tiles to fetch; checking what was fetched against the
 * signed root). Mirrors golang.org/x/mod/sumdb/tlog/tile.go (Tile, TileForIndex, HashFromTile, NewTiles,
 * Path, ParseTilePath, tileParent, tileHashReader.ReadHashes), split so that the I/O happens in between.
 */
import { GoError } from "../errors.js";
import {
  type Hash,
  hashEqual,
  nodeHash,
  splitStoredHashIndex,
  storedHashIndex,
  subTreeIndex,
  type Tree,
} from "./tlog.js";

/** A tile: height h, level l (-1 = record data), number n within the level, width w hashes. */
export interface Tile {
  readonly h: number;
  readonly l: number;
  readonly n: number;
  readonly w: number;
}

const HASH_SIZE = 32;

function pow2(k: number): number {
  return 2 ** k;
}

/** The tile holding stored hash `index`, with the byte range of the hash's subtree in it (tlog.tileForIndex). */
function tileForIndexRange(h: number, index: number): { tile: Tile; start: number; end: number } {
  const [level0, n0] = splitStoredHashIndex(index);
  const l = Math.floor(level0 / h);
  const level = level0 - l * h;
  const tn = Math.floor((n0 * pow2(level)) / pow2(h));
  const n = n0 - (tn * pow2(h)) / pow2(level);
  return {
    tile: { h, l, n: tn, w: (n + 1) * pow2(level) },
    start: n * pow2(level) * HASH_SIZE,
    end: (n + 1) * pow2(level) * HASH_SIZE,
  };
}

/** The smallest tile holding stored hash index (tlog.TileForIndex). */
export function tileForIndex(h: number, index: number): Tile {
  return tileForIndexRange(h, index).tile;
}

/** The hash of a complete subtree from tile bytes: a binary tree over 32-byte hashes (tlog.tileHash). */
export function tileHash(data: Uint8Array): Hash {
  if (data.length === HASH_SIZE) return new Uint8Array(data);
  const half = data.length / 2;
  return nodeHash(tileHash(data.subarray(0, half)), tileHash(data.subarray(half)));
}

/** Reads stored hash index from tile data (tlog.HashFromTile). @throws GoError on mismatched tile or short data. */
export function hashFromTile(t: Tile, data: Uint8Array, index: number): Hash {
  if (t.h < 1 || t.h > 30 || t.l < 0 || t.l >= 64 || t.w < 1 || t.w > pow2(t.h))
    throw new GoError(`invalid tile ${tilePath(t)}`);
  if (data.length < t.w * HASH_SIZE)
    throw new GoError(`data len ${data.length} too short for tile ${tilePath(t)}`);
  const { tile: t1, start, end } = tileForIndexRange(t.h, index);
  if (t.l !== t1.l || t.n !== t1.n || t.w < t1.w)
    throw new GoError(`index ${index} is in ${tilePath(t1)} not ${tilePath(t)}`);
  return tileHash(data.subarray(start, end));
}

/** The tiles that change when a tree grows from oldTreeSize to newTreeSize records (tlog.NewTiles). */
export function newTiles(h: number, oldTreeSize: number, newTreeSize: number): Tile[] {
  const tiles: Tile[] = [];
  for (let level = 0; Math.floor(newTreeSize / pow2(h * level)) > 0; level++) {
    const oldN = Math.floor(oldTreeSize / pow2(h * level));
    const newN = Math.floor(newTreeSize / pow2(h * level));
    for (let n = Math.floor(oldN / pow2(h)); n < Math.floor(newN / pow2(h)); n++)
      tiles.push({ h, l: level, n, w: pow2(h) });
    const n = Math.floor(newN / pow2(h));
    const maxW = newN - n * pow2(h);
    const minW = oldN > n * pow2(h) ? oldN - n * pow2(h) : 1;
    for (let w = minW; w <= maxW; w++) tiles.push({ h, l: level, n, w });
  }
  return tiles;
}

/** The path of a tile: `tile/H/L/NNN[.p/W]`, N in base-1000 groups with `x` on all but the last (Tile.Path). */
export function tilePath(t: Tile): string {
  let n = t.n;
  let nStr = String(n % 1000).padStart(3, "0");
  while (n >= 1000) {
    n = Math.floor(n / 1000);
    nStr = `x${String(n % 1000).padStart(3, "0")}/${nStr}`;
  }
  const p = t.w !== pow2(t.h) ? `.p/${t.w}` : "";
  return `tile/${t.h}/${t.l === -1 ? "data" : t.l}/${nStr}${p}`;
}

/** Parses a tile path (tlog.ParseTilePath). @throws GoError `malformed tile path "<path>"`. */
export function parseTilePath(path: string): Tile {
  const bad = () => new GoError(`malformed tile path ${JSON.stringify(path)}`);
  let f = path.split("/");
  if (f.length < 4 || f[0] !== "tile") throw bad();
  const isData = f[2] === "data";
  const h = /^[0-9]+$/.test(f[1]!) ? Number(f[1]) : Number.NaN;
  const l = isData ? 0 : /^[0-9]+$/.test(f[2]!) ? Number(f[2]) : Number.NaN;
  if (!(h >= 1 && h <= 30) || !(l >= 0)) throw bad();
  let w = pow2(h);
  const dotP = f[f.length - 2]!;
  if (dotP.endsWith(".p")) {
    const ww = /^[0-9]+$/.test(f[f.length - 1]!) ? Number(f[f.length - 1]) : Number.NaN;
    if (!(ww > 0 && ww < w)) throw bad();
    w = ww;
    f = [...f.slice(0, -2), dotP.slice(0, -2)];
  }
  let n = 0;
  for (const s of f.slice(3)) {
    const digits = s.startsWith("x") ? s.slice(1) : s;
    if (!/^[0-9]+$/.test(digits) || Number(digits) >= 1000) throw bad();
    n = n * 1000 + Number(digits);
  }
  const t = { h, l: isData ? -1 : l, n, w };
  if (tilePath(t) !== path) throw bad();
  return t;
}

/** The k-th parent of tile t in a tree of n records, or null when it is past the end (tlog.tileParent). */
function tileParent(t: Tile, k: number, n: number): Tile | null {
  const l = t.l + k;
  const tn = Math.floor(t.n / pow2(k * t.h));
  let w = pow2(t.h);
  const max = Math.floor(n / pow2(l * t.h));
  if (tn * pow2(t.h) + w >= max) {
    if (tn * pow2(t.h) >= max) return null;
    w = max - tn * pow2(t.h);
  }
  return { h: t.h, l, n: tn, w };
}

function key(t: Tile): string {
  return `${t.l}/${t.n}/${t.w}`;
}

/** Which tiles to fetch to read `indexes` authenticated against tree, and how to use them. */
export interface TilePlan {
  readonly tree: Tree;
  readonly indexes: readonly number[];
  readonly tiles: readonly Tile[];
  /** The subtree indexes covering the tree, and the tile of each. */
  readonly stx: readonly number[];
  readonly stxTile: readonly number[];
  /** The tile of each requested index. */
  readonly indexTile: readonly number[];
}

/**
 * Plans a tile read (the first half of tileHashReader.ReadHashes): the tiles covering the tree's root
 * decomposition, each requested hash's tile, and its parents up to a tile already planned.
 * @throws GoError `indexes not in tree`.
 */
export function planTileRead(tree: Tree, indexes: readonly number[], h = 8): TilePlan {
  const order = new Map<string, number>();
  const tiles: Tile[] = [];
  const add = (t: Tile) => {
    order.set(key(t), tiles.length);
    tiles.push(t);
    return tiles.length - 1;
  };
  const stx = subTreeIndex(0, tree.n);
  const stxTile = stx.map((x) => {
    const t = tileParent(tileForIndex(h, x), 0, tree.n)!;
    return order.get(key(t)) ?? add(t);
  });
  const indexTile = indexes.map((x) => {
    if (x >= storedHashIndex(0, tree.n)) throw new GoError("indexes not in tree");
    const tile = tileForIndex(h, x);
    let k = 0;
    let found = -1;
    for (; ; k++) {
      const p = tileParent(tile, k, tree.n);
      if (p === null) throw new GoError(`bad math in tileHashReader: ${tree.n} ${x}`);
      const j = order.get(key(p));
      if (j !== undefined) {
        if (k === 0) found = j;
        break;
      }
    }
    for (k--; k >= 0; k--) {
      const p = tileParent(tile, k, tree.n)!;
      if (p.w !== pow2(p.h)) throw new GoError(`bad math in tileHashReader: ${tree.n} ${x}`);
      const j = add(p);
      if (k === 0) found = j;
    }
    return found;
  });
  return { tree, indexes, tiles, stx, stxTile, indexTile };
}

/**
 * Checks fetched tile data against the signed tree and returns the requested hashes (the second half of
 * tileHashReader.ReadHashes). `data[i]` holds the bytes of `plan.tiles[i]`.
 * @throws GoError `downloaded inconsistent tile` when the tiles do not hash to the signed root, or a
 *   tile's size is wrong.
 */
export function hashesFromTiles(plan: TilePlan, data: readonly Uint8Array[]): Hash[] {
  const { tree, tiles, stx, stxTile } = plan;
  if (data.length !== tiles.length)
    throw new GoError(`TileReader returned bad result slice (len=${data.length}, want ${tiles.length})`);
  tiles.forEach((t, i) => {
    if (data[i]!.length !== t.w * HASH_SIZE) {
      throw new GoError(
        `TileReader returned bad result slice (${tilePath(t)} len=${data[i]!.length}, want ${t.w * HASH_SIZE})`,
      );
    }
  });
  const last = stx.length - 1;
  let th = hashFromTile(tiles[stxTile[last]!]!, data[stxTile[last]!]!, stx[last]!);
  for (let i = last - 1; i >= 0; i--)
    th = nodeHash(hashFromTile(tiles[stxTile[i]!]!, data[stxTile[i]!]!, stx[i]!), th);
  if (!hashEqual(th, tree.hash)) throw new GoError("downloaded inconsistent tile");
  const order = new Map(tiles.map((t, i) => [key(t), i]));
  for (let i = stx.length === 0 ? 0 : new Set(stxTile).size; i < tiles.length; i++) {
    const t = tiles[i]!;
    const p = tileParent(t, 1, tree.n);
    const j = p === null ? undefined : order.get(key(p));
    if (p === null || j === undefined)
      throw new GoError(`bad math in tileHashReader ${tree.n}: lost parent of ${tilePath(t)}`);
    const hp = hashFromTile(p, data[j]!, storedHashIndex(p.l * p.h, t.n));
    if (!hashEqual(hp, tileHash(data[i]!))) throw new GoError("downloaded inconsistent tile");
  }
  return plan.indexes.map((x, i) => hashFromTile(tiles[plan.indexTile[i]!]!, data[plan.indexTile[i]!]!, x));
}
