/**
 * h1 hashes of module zips, go.mod files and module directories, as x/mod's dirhash computes them
 * (HashZip, HashGoMod, HashDir), with x/mod/zip's verdict on a zip's entries. Nothing is extracted;
 * memory is bounded by a few entries, whatever the zip's size.
 */
import { createHash } from "node:crypto";
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, sep } from "node:path";
import { crc32 } from "node:zlib";
import pMap from "p-map";
import { hash1, hashGoMod } from "../../core/dirhash.js";
import { GoError } from "../../core/errors.js";
import { type CheckedZip, checkZipEntries, MAX_ZIP_FILE } from "../../core/modzip.js";
import {
  checkContent,
  type EntryMeta,
  type EntryResult,
  hashEntryInMemory,
  hashEntrySync,
  LOCAL_HEADER_LEN,
} from "./entry.js";
import { type OpenedZip, openZip, openZipBuffer, type ZipDirEntry } from "./reader.js";
import { DEFAULT_WORKER_TIMEOUT_MS, startWorkers, type WorkerPool } from "./workers.js";

export { HashWorkerTimeout } from "./workers.js";

/** The result of hashing a zip. */
export interface ZipHash {
  readonly h1: string;
  /** Entry names in central-directory order, with declared uncompressed sizes (bytes). */
  readonly entries: readonly { readonly name: string; readonly size: number }[];
  /** The x/mod/zip verdict when a module path and version were given. */
  readonly check: CheckedZip | null;
  /** Peak resident memory of each worker process used, KiB (empty when hashed in this process). */
  readonly workerRssKiB: readonly number[];
}

/** How hashZipFile spreads its work; the defaults suit the machine. */
export interface HashOptions {
  /** Lanes for large zips: this process plus lanes-1 worker processes (default: available cores, at most 4; 1 disables workers). */
  readonly workers?: number;
  /** Zip size and compressed bytes of small entries from which workers are used (default 16 MiB). */
  readonly workerThreshold?: number;
  /**
   * Time bound of the worker processes' shares, ms, from the moment they are handed out (default
   * DEFAULT_WORKER_TIMEOUT_MS, 5 minutes). Past it the workers are killed and the hash fails with
   * HashWorkerTimeout. It bounds only the workers: this process's own reads are not timed.
   */
  readonly workerTimeoutMs?: number;
}

/** Entries up to this many compressed bytes (and 4× uncompressed) are read and inflated whole; larger ones stream. */
const WHOLE_ENTRY = 8 << 20;
/** The in-process share yields to the event loop after this many compressed bytes. */
const YIELD_EVERY = 8 << 20;
/**
 * The in-process share's weight against one worker's: workers start ~50 ms late (a Node process), so this
 * process takes more. Measured on 2 cores with a 100 MB zip: 1.5 finishes both sides together.
 */
const MAIN_WEIGHT = 1.5;

function isWhole(m: EntryMeta): boolean {
  return m.compressedSize <= WHOLE_ENTRY && m.uncompressedSize <= 4 * WHOLE_ENTRY;
}

async function hashStreaming(z: Pick<OpenedZip, "zip">, d: ZipDirEntry): Promise<string> {
  const stream = await z.zip.openReadStreamPromise(d.entry);
  const h = createHash("sha256");
  let crc = 0;
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    h.update(chunk);
    crc = crc32(chunk, crc);
    size += chunk.length;
  }
  checkContent(d.meta, size, crc);
  return h.digest("hex");
}

async function settle(index: number, work: () => Promise<string>): Promise<EntryResult> {
  try {
    return { index, sha256: await work() };
  } catch (e) {
    return { index, error: (e as Error).message };
  }
}

/**
 * Splits entries, in file order (so that each side reads sequentially), into contiguous shares whose
 * compressed sizes follow the weights.
 */
function shares(metas: readonly EntryMeta[], weights: readonly number[]): EntryMeta[][] {
  const total = metas.reduce((n, m) => n + m.compressedSize + LOCAL_HEADER_LEN, 0);
  const sum = weights.reduce((a, b) => a + b, 0);
  const sorted = [...metas].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const out: EntryMeta[][] = weights.map(() => []);
  let share = 0;
  let bound = (total * weights[0]!) / sum;
  let done = 0;
  for (const m of sorted) {
    while (done >= bound && share < weights.length - 1) bound += (total * weights[++share]!) / sum;
    out[share]!.push(m);
    done += m.compressedSize + LOCAL_HEADER_LEN;
  }
  return out;
}

/** Hashes entries in this process, synchronously, yielding to the event loop every few MiB. */
async function hashHere(z: OpenedZip, metas: readonly EntryMeta[]): Promise<EntryResult[]> {
  const out: EntryResult[] = [];
  let sinceYield = 0;
  for (const m of metas) {
    out.push(hashEntrySync(z.fd, z.reader.size, m));
    sinceYield += m.compressedSize;
    if (sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return out;
}

/** Per-entry results, and the peak memory (KiB) of each worker process used. */
interface Hashed {
  readonly results: EntryResult[];
  readonly workerRssKiB: number[];
}

async function hashSmall(
  z: OpenedZip,
  metas: EntryMeta[],
  pool: WorkerPool | null,
  threshold: number,
): Promise<Hashed> {
  const compressed = metas.reduce((n, m) => n + m.compressedSize, 0);
  if (pool === null || metas.length <= pool.size || compressed < threshold) {
    pool?.stop();
    return { results: await hashHere(z, metas), workerRssKiB: [] };
  }
  const [mine, ...theirs] = shares(metas, [MAIN_WEIGHT, ...Array<number>(pool.size).fill(1)]);
  const answers = pool.run(z.path, z.reader.size, theirs);
  // A failure (a worker past its time bound) may come while this process hashes its share: it is
  // observed below, and must not count as an unhandled rejection meanwhile.
  answers.catch(() => {});
  const here = await hashHere(z, mine!);
  const done = await answers;
  return {
    results: [...here, ...done.flatMap((a) => a.results)],
    workerRssKiB: done.map((a) => a.maxRssKiB),
  };
}

/**
 * What makes a zip unreadable before any entry is hashed: more declared content than go's limit, or an entry
 * archive/zip cannot decode. @throws GoError with go's words.
 */
function checkDecodable(z: Pick<OpenedZip, "entries">): void {
  const declared = z.entries.reduce((n, d) => n + d.meta.uncompressedSize, 0);
  if (declared > MAX_ZIP_FILE)
    throw new GoError(`zip: uncompressed contents larger than ${MAX_ZIP_FILE} bytes`);
  for (const d of z.entries) {
    if (!d.entry.canDecodeFileData())
      throw new GoError(`zip: ${d.meta.name}: unsupported compression method or encryption`);
  }
}

async function hashAll(
  z: OpenedZip,
  pool: WorkerPool | null,
  threshold: number,
): Promise<{ sums: string[]; workerRssKiB: number[] }> {
  checkDecodable(z);
  const small = z.entries.filter((d) => isWhole(d.meta)).map((d) => d.meta);
  const large = z.entries.filter((d) => !isWhole(d.meta));
  const hashed = await hashSmall(z, small, pool, threshold);
  const results = [
    ...hashed.results,
    // Large entries stream one at a time: each may be hundreds of MiB.
    ...(await pMap(large, (d) => settle(d.meta.index, () => hashStreaming(z, d)), { concurrency: 1 })),
  ];
  const sums: string[] = new Array(z.entries.length);
  for (const r of results) {
    if ("error" in r) throw new GoError(`zip: ${z.entries[r.index]!.meta.name}: ${r.error}`);
    sums[r.index] = r.sha256;
  }
  return { sums, workerRssKiB: hashed.workerRssKiB };
}

/**
 * Hashes a zip file (dirhash.HashZip: every entry, directories included). With module path and
 * version, also applies x/mod/zip's rules (zip.CheckZip) to its entries.
 * @throws GoError `zip: …` for files that are not zips, truncated zips, undecodable entries, or contents
 *   whose size or CRC-32 disagree with their headers (as archive/zip refuses them).
 * @throws HashWorkerTimeout (workers.ts) when worker processes did not answer within
 *   opts.workerTimeoutMs; they are killed.
 */
export async function hashZipFile(
  path: string,
  module?: { path: string; version: string },
  opts: HashOptions = {},
): Promise<ZipHash> {
  const threshold = opts.workerThreshold ?? 16 << 20;
  const lanes = opts.workers ?? Math.min(4, availableParallelism());
  // Workers start now, while the directory is read; a zip smaller than the threshold cannot need them.
  const pool =
    lanes > 1 && statSync(path).size >= threshold
      ? startWorkers(lanes - 1, opts.workerTimeoutMs ?? DEFAULT_WORKER_TIMEOUT_MS)
      : null;
  let hashed: { sums: string[]; workerRssKiB: number[] };
  let z: OpenedZip | null = null;
  try {
    z = await openZip(path);
    hashed = await hashAll(z, pool, threshold);
  } finally {
    pool?.stop();
    z?.close();
  }
  return { ...summarize(z, hashed.sums, module), workerRssKiB: hashed.workerRssKiB };
}

/**
 * The h1 and x/mod/zip verdict of a zip whose entries' SHA-256 sums are known, in directory order.
 * dirhash.HashZip maps names to files, so a duplicated name hashes its last entry's content twice.
 */
function summarize(
  z: { readonly entries: readonly ZipDirEntry[]; readonly fileSize: number },
  sums: readonly string[],
  module: { path: string; version: string } | undefined,
): Omit<ZipHash, "workerRssKiB"> {
  const entries = z.entries.map((d) => ({ name: d.meta.name, size: d.meta.uncompressedSize }));
  const last = new Map(entries.map((e, i) => [e.name, sums[i]!]));
  const h1 = hash1(entries.map((e) => ({ name: e.name, sha256: last.get(e.name)! })));
  const check =
    module === undefined
      ? null
      : checkZipEntries(
          module.path,
          module.version,
          entries.map((e) => ({ name: e.name, uncompressedSize: e.size })),
          z.fileSize,
        );
  return { h1, entries, check };
}

/**
 * {@link hashZipFile} for a zip already in memory (a downloaded body), without writing it to a file: the
 * same h1 (dirhash.HashZip), the same x/mod/zip verdict with module path and version, and the same
 * `zip: …` errors, computed in this process (no workers: the bytes are already here). Entries are inflated
 * one at a time, bounded by their declared sizes; large entries stream, yielding to the event loop.
 * `workerRssKiB` is always empty.
 * @throws GoError `zip: …` for bytes that are not a zip, truncated zips, undecodable entries, or contents
 *   whose size or CRC-32 disagree with their headers (as archive/zip refuses them).
 */
export async function hashZipBuffer(
  bytes: Uint8Array,
  module?: { path: string; version: string },
): Promise<ZipHash> {
  const z = await openZipBuffer(bytes);
  checkDecodable(z);
  // The order of hashZipFile's results (whole entries, then streamed ones), so the same error is reported.
  const results: EntryResult[] = [];
  let sinceYield = 0;
  for (const d of z.entries) {
    if (!isWhole(d.meta)) continue;
    results.push(hashEntryInMemory(z.data, z.size, d.meta));
    sinceYield += d.meta.compressedSize;
    if (sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  for (const d of z.entries)
    if (!isWhole(d.meta)) results.push(await settle(d.meta.index, () => hashStreaming(z, d)));
  const sums: string[] = new Array(z.entries.length);
  for (const r of results) {
    if ("error" in r) throw new GoError(`zip: ${z.entries[r.index]!.meta.name}: ${r.error}`);
    sums[r.index] = r.sha256;
  }
  return { ...summarize(z, sums, module), workerRssKiB: [] };
}

/** The h1 of a go.mod file (the `/go.mod` go.sum line). @throws Error when the file cannot be read. */
export function hashGoModFile(path: string): string {
  return hashGoMod(new Uint8Array(readFileSync(path)));
}

// dirhash.DirFiles: every non-directory below dir (symbolic links included, not followed into directories).
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
  );
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(path)
      .on("data", (c) => h.update(c))
      .on("error", reject)
      .on("end", () => resolve(h.digest("hex")));
  });
}

/**
 * The h1 of an extracted module directory, its files named `<prefix>/<slash path>` (dirhash.HashDir),
 * where prefix is `module@version`. Files are read 8 at a time.
 * @throws Error when a file cannot be read.
 */
export async function hashModuleDir(dir: string, prefix: string): Promise<string> {
  const files = walk(dir);
  const sums = await pMap(files, sha256File, { concurrency: 8 });
  return hash1(
    files.map((f, i) => ({ name: `${prefix}/${relative(dir, f).split(sep).join("/")}`, sha256: sums[i]! })),
  );
}
