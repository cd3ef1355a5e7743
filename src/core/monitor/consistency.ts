/**
 * Whether two signed tree heads of a checksum database describe the same log: the smaller tree must be a
 * prefix of the larger one, i.e. the root of the larger tree's first n records (read from its tiles,
 * which are authenticated against its signed root) equals the smaller tree's root. This is the check
 * golang.org/x/mod/sumdb/client.go:checkTrees makes when a new tree head arrives; the monitor makes it
 * between successive tree heads of each checksum database it watches. Pure: tiles come from the caller.
 */
import { hashesFromTiles, planTileRead, type Tile } from "../sumdb/tile.js";
import { type Hash, hashEqual, subTreeIndex, type Tree, treeHash } from "../sumdb/tlog.js";

/** Reads the bytes of each tile, in order (`/tile/8/L/N[.p/W]`); throws on I/O errors. */
export type TileReader = (tiles: readonly Tile[]) => Promise<Uint8Array[]>;

/**
 * True when `older` and `newer` are consistent (either may be the larger). Equal sizes need equal roots and
 * read no tiles.
 * @throws GoError `downloaded inconsistent tile` when the tiles do not match the larger tree's signed root,
 *   or whatever the reader throws.
 */
export async function treesConsistent(read: TileReader, older: Tree, newer: Tree): Promise<boolean> {
  const [small, large] = older.n <= newer.n ? [older, newer] : [newer, older];
  if (small.n === large.n) return hashEqual(small.hash, large.hash);
  if (small.n === 0) return true;
  const indexes = subTreeIndex(0, small.n);
  const plan = planTileRead(large, indexes);
  const hashes = hashesFromTiles(plan, await read(plan.tiles));
  const byIndex = new Map<number, Hash>(indexes.map((x, i) => [x, hashes[i]!]));
  const root = treeHash(small.n, (idx) => idx.map((i) => byIndex.get(i)!));
  return hashEqual(root, small.hash);
}
