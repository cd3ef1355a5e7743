/**
 * Random access to a zip file without extracting it: the central directory through yauzl, over a reader
 * with read-ahead windows, and entries described as plain data (EntryMeta) for whoever hashes them.
 */
import { closeSync, fstatSync, openSync, read, readSync } from "node:fs";
import { Readable } from "node:stream";
import yauzl from "yauzl";
import { GoError } from "../../core/errors.js";
import type { EntryMeta } from "./entry.js";

const EOCD_LEN = 22;
const EOCD_SEARCH = EOCD_LEN + 0xffff;

/**
 * The zip's logical size: the end of its end-of-central-directory record. Like archive/zip's
 * findSignatureInBlock, the last record whose comment fits is taken, so bytes after it are ignored,
 * where yauzl alone would reject the file. Returns the file size when no record is found.
 */
export function logicalZipSize(tail: Uint8Array, fileSize: number): number {
  for (let i = tail.length - EOCD_LEN; i >= 0; i--) {
    if (tail[i] !== 0x50 || tail[i + 1] !== 0x4b || tail[i + 2] !== 0x05 || tail[i + 3] !== 0x06) continue;
    const comment = tail[i + EOCD_LEN - 2]! | (tail[i + EOCD_LEN - 1]! << 8);
    if (i + EOCD_LEN + comment <= tail.length) return fileSize - tail.length + i + EOCD_LEN + comment;
  }
  return fileSize;
}

/** Bytes read at once; a range no larger than this is served from one read-ahead window. */
const WINDOW = 4 << 20;
/** Windows kept: the directory is read in order; streamed entries read their local header through a window. */
const WINDOWS_KEPT = 3;

function readAt(fd: number, pos: number, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    read(fd, Buffer.allocUnsafeSlow(n), 0, n, pos, (err, got, buf) =>
      err ? reject(err) : got < n ? reject(new Error("unexpected end of file")) : resolve(buf),
    ),
  );
}

/**
 * Random access over an open file for yauzl. Small ranges (directory records, local headers, most
 * entries) come from read-ahead windows, so a zip of thousands of entries costs a few dozen reads;
 * large ranges stream in WINDOW-sized reads. Reads are positional, so no stream closes the descriptor.
 */
export class WindowedReader extends yauzl.RandomAccessReader {
  private windows: { start: number; end: number; data: Promise<Buffer> }[] = [];
  constructor(
    private readonly fd: number,
    /** The logical size of the zip (bytes). */
    readonly size: number,
  ) {
    super();
  }

  /** The bytes [start, end); rejects when the range passes the end of the zip. */
  private bytes(start: number, end: number): Promise<Buffer> {
    if (start < 0 || end > this.size || end < start)
      return Promise.reject(new Error("data overflows the zip file's bounds"));
    if (end - start > WINDOW) return readAt(this.fd, start, end - start);
    const w = this.window(start, end);
    return w.data.then((buf) => buf.subarray(start - w.start, end - w.start));
  }

  // yauzl's own read() pipes a stream per call; copying from a window is ten times faster for directories.
  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null) => void,
  ): void {
    this.bytes(position, position + length).then((b) => {
      b.copy(buffer, offset);
      callback(null);
    }, callback);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const fd = this.fd;
    let pos = start;
    return new Readable({
      read() {
        const n = Math.min(WINDOW, end - pos);
        if (n <= 0) return void this.push(null);
        readAt(fd, pos, n).then(
          (buf) => {
            pos += n;
            this.push(buf);
          },
          (e: Error) => this.destroy(e),
        );
      },
    });
  }

  private window(start: number, end: number) {
    const hit = this.windows.find((w) => w.start <= start && end <= w.end);
    if (hit) return hit;
    const wEnd = Math.max(end, Math.min(this.size, start + WINDOW));
    const w = { start, end: wEnd, data: readAt(this.fd, start, wEnd - start) };
    this.windows = [w, ...this.windows.slice(0, WINDOWS_KEPT - 1)];
    return w;
  }
}

/** An open zip: yauzl's view of its directory, the reader beneath it, and the file's size (bytes). */
export interface OpenedZip {
  readonly path: string;
  /** The open file descriptor (closed by close()). */
  readonly fd: number;
  readonly zip: yauzl.ZipFile;
  readonly reader: WindowedReader;
  readonly fileSize: number;
  /** Every entry, in central-directory order. */
  readonly entries: readonly ZipDirEntry[];
  readonly close: () => void;
}

/**
 * Opens a zip and reads its whole central directory (yauzl). Memory grows with the number of entries,
 * never with their contents.
 * @throws GoError `zip: …` for a file that is not a zip or whose directory is damaged.
 */
export async function openZip(path: string): Promise<OpenedZip> {
  const fd = openSync(path, "r");
  try {
    const fileSize = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(fileSize, EOCD_SEARCH));
    readSync(fd, tail, 0, tail.length, fileSize - tail.length);
    const reader = new WindowedReader(fd, logicalZipSize(tail, fileSize));
    const options = { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: false };
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromRandomAccessReader(reader, reader.size, options, (err, z) =>
        err || !z ? reject(new GoError(zipOpenError(err))) : resolve(z),
      ),
    );
    return { path, fd, zip, reader, fileSize, entries: await directory(zip), close: () => closeSync(fd) };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** archive/zip's words for a file it cannot open: ErrFormat when there is no end-of-directory record. */
function zipOpenError(err: Error | null): string {
  if (err === null) return "zip: cannot open";
  if (/central directory record signature not found/i.test(err.message)) return "zip: not a valid zip file";
  return `zip: ${err.message}`;
}

// Names are taken as raw bytes (decodeStrings: false) because yauzl would otherwise reject or rewrite
// hostile names (`../x`, backslashes) that x/mod/zip must see and report; Go treats them as UTF-8 strings.
function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer | string;
  return typeof raw === "string" ? raw : raw.toString("utf8");
}

/** An entry as the central directory describes it, with yauzl's handle for streaming it. */
export interface ZipDirEntry {
  readonly meta: EntryMeta;
  readonly entry: yauzl.Entry;
}

function directory(zip: yauzl.ZipFile): Promise<ZipDirEntry[]> {
  const out: ZipDirEntry[] = [];
  return new Promise((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      const meta = {
        index: out.length,
        name: entryName(entry),
        localHeaderOffset: entry.relativeOffsetOfLocalHeader,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        method: entry.compressionMethod,
        crc32: entry.crc32,
      };
      out.push({ meta, entry });
      zip.readEntry();
    });
    zip.on("end", () => resolve(out));
    zip.on("error", (e: Error) => reject(new GoError(`zip: ${e.message}`)));
    zip.readEntry();
  });
}

/**
 * Random access to a zip held in memory, for yauzl: the same bounds and errors as {@link WindowedReader}
 * (ranges past the logical size are refused), answered from the buffer without copying it.
 */
export class BufferZipReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly data: Buffer,
    /** The logical size of the zip (bytes), at most data.length. */
    readonly size: number,
  ) {
    super();
  }

  private bytes(start: number, end: number): Buffer {
    if (start < 0 || end > this.size || end < start) throw new Error("data overflows the zip file's bounds");
    return this.data.subarray(start, end);
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null) => void,
  ): void {
    // Answered on a later tick, as the file reader does: yauzl never sees a synchronous callback.
    queueMicrotask(() => {
      let b: Buffer;
      try {
        b = this.bytes(position, position + length);
      } catch (e) {
        return callback(e as Error);
      }
      b.copy(buffer, offset);
      callback(null);
    });
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const data = this.data;
    let pos = start;
    return new Readable({
      read() {
        const n = Math.min(WINDOW, end - pos);
        if (n <= 0) return void this.push(null);
        this.push(data.subarray(pos, pos + n));
        pos += n;
      },
    });
  }
}

/** A zip held in memory: yauzl's view of its directory, and its logical and whole sizes (bytes). */
export interface BufferedZip {
  readonly data: Buffer;
  readonly zip: yauzl.ZipFile;
  /** The end of its end-of-central-directory record (bytes after it are ignored, as archive/zip does). */
  readonly size: number;
  /** The whole buffer's length. */
  readonly fileSize: number;
  /** Every entry, in central-directory order. */
  readonly entries: readonly ZipDirEntry[];
}

/**
 * {@link openZip} for a zip held in memory (a downloaded body): the same directory, options and errors,
 * without a file. The buffer is not copied; the caller must not change it while the zip is in use.
 * @throws GoError `zip: …` for bytes that are not a zip or whose directory is damaged.
 */
export async function openZipBuffer(bytes: Uint8Array): Promise<BufferedZip> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fileSize = data.length;
  const size = logicalZipSize(data.subarray(fileSize - Math.min(fileSize, EOCD_SEARCH)), fileSize);
  const reader = new BufferZipReader(data, size);
  const options = { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: false };
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromRandomAccessReader(reader, size, options, (err, z) =>
      err || !z ? reject(new GoError(zipOpenError(err))) : resolve(z),
    ),
  );
  return { data, zip, size, fileSize, entries: await directory(zip) };
}
