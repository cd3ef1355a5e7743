/**
 * h1 hashes of module zips, go.mod files and module directories, as x/mod's dirhash computes them
 * (HashZip, HashGoMod, HashDir), with x/mod/zip's verdict on a zip's entries. Nothing is extracted;
 * memory is bounded by a few entries, whatever the zip's size.
 */
import { createHash } from "node:crypto";
import { createReadStream, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, sep } from "node:path";
import { Worker } from "node:worker_threads";
import { crc32, inflateRaw } from "node:zlib";
import { hash1, hashGoMod } from "../../core/dirhash.js";
import { GoError } from "../../core/errors.js";
import { type CheckedZip, checkZipEntries, MAX_ZIP_FILE } from "../../core/modzip.js";
import {
  checkContent,
  contentHash,
  dataOffset,
  type EntryMeta,
  type EntryResult,
  inflateOptions,
  LOCAL_HEADER_LEN,
} from "./entry.js";
import { type OpenedZip, openZip, type ZipDirEntry } from "./reader.js";

/** The result of hashing a zip. */
export interface ZipHash {
  readonly h1: string;
  /** Entry names in central-directory order, with declared uncompressed sizes (bytes). */
  readonly entries: readonly { readonly name: string; readonly size: number }[];
  /** The x/mod/zip verdict when a module path and version were given. */
  readonly check: CheckedZip | null;
}

/** How hashZipFile spreads its work; the defaults suit the machine. */
export interface HashOptions {
  /** Worker threads for large zips (default: available cores, at most 4; 1 disables them). */
  readonly workers?: number;
  /** Compressed bytes of small entries from which workers are used (default 16 MiB). */
  readonly workerThreshold?: number;
}

/** Entries up to this many compressed bytes (and 4× uncompressed) are read and inflated whole; larger ones stream. */
const WHOLE_ENTRY = 8 << 20;
/** Entries hashed at once in this thread: zlib runs on the thread pool while SHA-256 runs here. */
const PARALLEL = 3;

function isWhole(m: EntryMeta): boolean {
  return m.compressedSize <= WHOLE_ENTRY && m.uncompressedSize <= 4 * WHOLE_ENTRY;
}

function inflate(meta: EntryMeta, raw: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    inflateRaw(raw, inflateOptions(meta), (err, out) => (err ? reject(err) : resolve(out))),
  );
}

async function hashWhole(z: OpenedZip, meta: EntryMeta): Promise<string> {
  const header = await z.reader.bytes(meta.localHeaderOffset, meta.localHeaderOffset + LOCAL_HEADER_LEN);
  const start = dataOffset(header, meta.localHeaderOffset);
  const raw = await z.reader.bytes(start, start + meta.compressedSize);
  return contentHash(meta, meta.method === 8 ? await inflate(meta, raw) : raw);
}

async function hashStreaming(z: OpenedZip, d: ZipDirEntry): Promise<string> {
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

/** Runs tasks at most `limit` at a time, keeping their order. */
async function pooled<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return out;
}

/** Splits entries into n shares of similar compressed size (largest first, each to the lightest share). */
function shares(metas: readonly EntryMeta[], n: number): EntryMeta[][] {
  const out: EntryMeta[][] = Array.from({ length: n }, () => []);
  const load = new Array<number>(n).fill(0);
  for (const m of [...metas].sort((a, b) => b.compressedSize - a.compressedSize)) {
    const i = load.indexOf(Math.min(...load));
    out[i]!.push(m);
    load[i]! += m.compressedSize + LOCAL_HEADER_LEN;
  }
  return out;
}

function inWorker(path: string, size: number, entries: EntryMeta[]): Promise<EntryResult[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL("./hash-worker.js", import.meta.url), {
      workerData: { path, size, entries },
    });
    w.once("message", (r: EntryResult[]) => resolve(r));
    w.once("error", reject);
    w.once("exit", (code) => code !== 0 && reject(new Error(`hash worker exited with ${code}`)));
  });
}

async function hashSmall(
  path: string,
  z: OpenedZip,
  metas: EntryMeta[],
  opts: HashOptions,
): Promise<EntryResult[]> {
  const workers = Math.min(opts.workers ?? Math.min(4, availableParallelism()), metas.length);
  const compressed = metas.reduce((n, m) => n + m.compressedSize, 0);
  if (workers > 1 && compressed >= (opts.workerThreshold ?? 16 << 20)) {
    return (await Promise.all(shares(metas, workers).map((s) => inWorker(path, z.reader.size, s)))).flat();
  }
  return pooled(
    metas.map((m) => () => settle(m.index, () => hashWhole(z, m))),
    PARALLEL,
  );
}

async function hashAll(path: string, z: OpenedZip, opts: HashOptions): Promise<string[]> {
  const declared = z.entries.reduce((n, d) => n + d.meta.uncompressedSize, 0);
  if (declared > MAX_ZIP_FILE)
    throw new GoError(`zip: uncompressed contents larger than ${MAX_ZIP_FILE} bytes`);
  for (const d of z.entries) {
    if (!d.entry.canDecodeFileData())
      throw new GoError(`zip: ${d.meta.name}: unsupported compression method or encryption`);
  }
  const small = z.entries.filter((d) => isWhole(d.meta)).map((d) => d.meta);
  const large = z.entries.filter((d) => !isWhole(d.meta));
  const results = [
    ...(await hashSmall(path, z, small, opts)),
    ...(await pooled(
      large.map((d) => () => settle(d.meta.index, () => hashStreaming(z, d))),
      1,
    )),
  ];
  const sums: string[] = new Array(z.entries.length);
  for (const r of results) {
    if ("error" in r) throw new GoError(`zip: ${z.entries[r.index]!.meta.name}: ${r.error}`);
    sums[r.index] = r.sha256;
  }
  return sums;
}

/**
 * Hashes a zip file (dirhash.HashZip: every entry, directories included). With module path and
 * version, also applies x/mod/zip's rules (zip.CheckZip) to its entries.
 * @throws GoError `zip: …` for files that are not zips, truncated zips, undecodable entries, or contents
 *   whose size or CRC-32 disagree with their headers (as archive/zip refuses them).
 */
export async function hashZipFile(
  path: string,
  module?: { path: string; version: string },
  opts: HashOptions = {},
): Promise<ZipHash> {
  const z = await openZip(path);
  let sums: string[];
  try {
    sums = await hashAll(path, z, opts);
  } finally {
    z.close();
  }
  const entries = z.entries.map((d) => ({ name: d.meta.name, size: d.meta.uncompressedSize }));
  // dirhash.HashZip maps names to files, so a duplicated name hashes its last entry's content twice.
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
  const sums = await pooled(
    files.map((f) => () => sha256File(f)),
    8,
  );
  return hash1(
    files.map((f, i) => ({ name: `${prefix}/${relative(dir, f).split(sep).join("/")}`, sha256: sums[i]! })),
  );
}
