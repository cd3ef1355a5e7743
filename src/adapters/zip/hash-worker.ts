/**
 * A worker thread that hashes a share of a zip's entries with synchronous reads and inflation, so that
 * a large module zip uses every core. workerData: { path, size (logical zip size, bytes), entries:
 * EntryMeta[] }; posts EntryResult[] in the order given.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { inflateRawSync } from "node:zlib";
import {
  contentHash,
  dataOffset,
  type EntryMeta,
  type EntryResult,
  inflateOptions,
  LOCAL_HEADER_LEN,
} from "./entry.js";

function readExactly(fd: number, pos: number, n: number): Buffer {
  const buf = Buffer.allocUnsafe(n);
  if (readSync(fd, buf, 0, n, pos) !== n) throw new Error("unexpected EOF");
  return buf;
}

function hashOne(fd: number, size: number, meta: EntryMeta): EntryResult {
  try {
    const start = dataOffset(
      readExactly(fd, meta.localHeaderOffset, LOCAL_HEADER_LEN),
      meta.localHeaderOffset,
    );
    if (start + meta.compressedSize > size) throw new Error("data overflows the zip file's bounds");
    const raw = readExactly(fd, start, meta.compressedSize);
    const data = meta.method === 8 ? inflateRawSync(raw, inflateOptions(meta)) : raw;
    return { index: meta.index, sha256: contentHash(meta, data) };
  } catch (e) {
    return { index: meta.index, error: (e as Error).message };
  }
}

const { path, size, entries } = workerData as { path: string; size: number; entries: EntryMeta[] };
const fd = openSync(path, "r");
try {
  parentPort?.postMessage(entries.map((m) => hashOne(fd, size, m)));
} finally {
  closeSync(fd);
}
