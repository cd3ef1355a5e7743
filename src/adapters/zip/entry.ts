/**
 * One zip entry's content, hashed the way archive/zip reads it: located through its local header,
 * inflated no further than its declared size, its size and CRC-32 checked as checksumReader does.
 * Shared by this process and the hashing worker processes.
 */
import { createHash } from "node:crypto";
import { readSync } from "node:fs";
import { crc32, inflateRawSync } from "node:zlib";

/** What the central directory says of an entry (plain data, so it can cross to a worker). Sizes in bytes. */
export interface EntryMeta {
  /** Position in the central directory. */
  readonly index: number;
  readonly name: string;
  readonly localHeaderOffset: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly crc32: number;
}

/** One entry's result: the content's SHA-256 (hex), or the reason it cannot be read. */
export type EntryResult =
  | { readonly index: number; readonly sha256: string }
  | { readonly index: number; readonly error: string };

/** Length of a local file header before its name and extra field. */
export const LOCAL_HEADER_LEN = 30;

/**
 * Where an entry's data starts, from its 30-byte local header (archive/zip's File.findBodyOffset).
 * @throws Error "zip: not a valid zip file" when the local header signature is wrong.
 */
function dataOffset(header: Uint8Array, localHeaderOffset: number): number {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.byteLength < LOCAL_HEADER_LEN || view.getUint32(0, true) !== 0x04034b50)
    throw new Error("zip: not a valid zip file");
  return localHeaderOffset + LOCAL_HEADER_LEN + view.getUint16(26, true) + view.getUint16(28, true);
}

/**
 * The inflation options that bound an entry: output stops past its declared size (a bomb cannot grow
 * memory), in one chunk, because zlib's 16 KiB default costs a round trip per chunk.
 */
function inflateOptions(meta: EntryMeta): { maxOutputLength: number; chunkSize: number } {
  return { maxOutputLength: Math.max(1, meta.uncompressedSize), chunkSize: meta.uncompressedSize + 64 };
}

/**
 * Checks inflated content against the header (checksumReader: more bytes than declared is ErrFormat,
 * fewer is ErrUnexpectedEOF, a non-zero CRC-32 must match) and returns its SHA-256 (hex).
 * @throws Error naming the mismatch.
 */
function contentHash(meta: EntryMeta, data: Uint8Array): string {
  checkContent(meta, data.byteLength, meta.crc32 === 0 ? 0 : crc32(data));
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The size and CRC-32 of an entry's content checked against its header (crc is ignored when the
 * header's is 0, as archive/zip does).
 * @throws Error naming the mismatch.
 */
export function checkContent(meta: EntryMeta, size: number, crc: number): void {
  if (size !== meta.uncompressedSize)
    throw new Error(`uncompressed size ${size} bytes, header says ${meta.uncompressedSize}`);
  if (meta.crc32 !== 0 && crc >>> 0 !== meta.crc32 >>> 0) throw new Error("checksum error");
}

function readExactly(fd: number, pos: number, n: number): Buffer {
  const buf = Buffer.allocUnsafe(n);
  if (readSync(fd, buf, 0, n, pos) !== n) throw new Error("unexpected EOF");
  return buf;
}

/**
 * Reads, inflates (bounded by the declared size) and hashes one entry synchronously from an open zip
 * whose logical size is zipSize bytes. Never throws: a broken entry is an EntryResult with its error.
 */
export function hashEntrySync(fd: number, zipSize: number, meta: EntryMeta): EntryResult {
  try {
    const start = dataOffset(
      readExactly(fd, meta.localHeaderOffset, LOCAL_HEADER_LEN),
      meta.localHeaderOffset,
    );
    if (start + meta.compressedSize > zipSize) throw new Error("data overflows the zip file's bounds");
    const raw = readExactly(fd, start, meta.compressedSize);
    const data = meta.method === 8 ? inflateRawSync(raw, inflateOptions(meta)) : raw;
    return { index: meta.index, sha256: contentHash(meta, data) };
  } catch (e) {
    return { index: meta.index, error: (e as Error).message };
  }
}

function sliceExactly(zip: Uint8Array, pos: number, n: number): Uint8Array {
  // As readSync past the end of a file: fewer bytes than asked is the same error as hashEntrySync's.
  if (pos + n > zip.byteLength) throw new Error("unexpected EOF");
  return zip.subarray(pos, pos + n);
}

/**
 * {@link hashEntrySync} for a zip held in memory: the same reads (the local header may lie past the
 * logical end, as in the file; the data may not pass zipSize), inflation bound, checks and errors.
 * `zip` is the whole downloaded body; zipSize its logical size (reader.ts logicalZipSize), bytes.
 * Never throws: a broken entry is an EntryResult with its error.
 */
export function hashEntryInMemory(zip: Uint8Array, zipSize: number, meta: EntryMeta): EntryResult {
  try {
    const start = dataOffset(
      sliceExactly(zip, meta.localHeaderOffset, LOCAL_HEADER_LEN),
      meta.localHeaderOffset,
    );
    if (start + meta.compressedSize > zipSize) throw new Error("data overflows the zip file's bounds");
    const raw = sliceExactly(zip, start, meta.compressedSize);
    const data = meta.method === 8 ? inflateRawSync(raw, inflateOptions(meta)) : raw;
    return { index: meta.index, sha256: contentHash(meta, data) };
  } catch (e) {
    return { index: meta.index, error: (e as Error).message };
  }
}
