/**
 * `verify --download`: every module version fetched from each GOPROXY URL entry (its `.mod` and `.zip`,
 * the files go downloads: modfetch/proxy.go GoMod and Zip), its h1 recomputed and compared with the
 * checksum database's record (or go.sum's line when the database is skipped), so that the entry serving
 * altered content is named. A zip is streamed to a file as it arrives (memory bounded by a chunk, whatever
 * its size) and hashed from there; each file is removed as soon as it is hashed or has failed, in a private
 * temporary directory that is always removed.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pMap from "p-map";
import { httpGet, httpGetStream } from "../adapters/net/http.js";
import { hashZipFile } from "../adapters/zip/hash.js";
import type { ProxyEntry } from "../core/config/goproxy.js";
import { hashGoMod } from "../core/dirhash.js";
import { errorText } from "../core/errors.js";
import { type ProxyConfig, proxyForURL } from "../core/httpproxy.js";
import { escapePath, escapeVersion } from "../core/module/escape.js";
import { MAX_GO_MOD, MAX_ZIP_FILE } from "../core/modzip.js";
import type { NetrcEntry, NetrcMatch } from "../core/netrc.js";
import { redactURL } from "../core/redact.js";
import { recordedHash } from "../core/sumdb/client.js";
import type { DbAnswer } from "./verify-cache.js";
import type { VerifyEntry } from "./verify-model.js";

/** One module version to download, with go.sum's hashes when it has them. */
export interface DownloadTarget {
  readonly module: string;
  readonly version: string;
  readonly goSum: { readonly zip: string | null; readonly mod: string | null };
}

/** Options of verifyDownloads. */
export interface DownloadOptions {
  readonly entries: readonly ProxyEntry[];
  readonly proxyConfig: ProxyConfig;
  /** Per-request timeout, ms. */
  readonly timeoutMs: number;
  /** Whether GONOPROXY (or GOPRIVATE) sends the module direct, which --download does not fetch. */
  readonly bypassed: (module: string) => boolean;
  readonly db: (module: string, version: string) => DbAnswer;
  /**
   * Largest zip accepted, bytes (default MAX_ZIP_FILE, go's modfetch/codehost.MaxZipFile: 500 MiB); a longer
   * body is dropped at this size and reported as go reports it, `downloaded zip file too large`.
   */
  readonly maxZipBytes?: number;
  /**
   * Where the private download directory is made (default os.tmpdir()). Zips are written there whole
   * before being hashed, one per concurrent download (4), so it needs up to 4 × maxZipBytes free; on a
   * tmpfs they are held in memory.
   */
  readonly tempDir?: string;
  /** The credentials go sends with https requests (adapters/machine/goauth.ts); none when absent. */
  readonly netrc?: readonly NetrcEntry[];
  /** How they match a URL (core/netrc.ts netrcMatchOf). */
  readonly netrcMatch?: NetrcMatch;
}

/** The credential options of one GET. */
function auth(opts: DownloadOptions): { netrc?: readonly NetrcEntry[]; netrcMatch?: NetrcMatch } {
  return {
    ...(opts.netrc && { netrc: opts.netrc }),
    ...(opts.netrcMatch && { netrcMatch: opts.netrcMatch }),
  };
}

type Kind = "zip" | "go.mod";

/** The hash go would hold this download to: the database's record, else go.sum's line. */
function reference(t: DownloadTarget, kind: Kind, db: DbAnswer): { hash: string; from: string } | null {
  if (db !== "skipped" && !(db instanceof Error)) {
    const h = recordedHash(db, t.module, t.version, kind === "go.mod");
    if (h !== null) return { hash: h, from: "the checksum database" };
  }
  const h = kind === "zip" ? t.goSum.zip : t.goSum.mod;
  return h === null ? null : { hash: h, from: "go.sum" };
}

/** A failed download: the HTTP status when one came, and whether go would call it a proxy's error. */
function failure(message: string, status: number | null, proxyError = false): Error {
  return Object.assign(new Error(message), { status, proxyError });
}

async function fetchModHash(url: string, opts: DownloadOptions): Promise<string> {
  const proxy = proxyForURL(opts.proxyConfig, url);
  if (proxy.error) throw new Error(proxy.error);
  const r = await httpGet(url, {
    timeoutMs: opts.timeoutMs,
    maxBytes: MAX_GO_MOD,
    proxy: proxy.proxy,
    ...auth(opts),
  });
  if (!r.ok) throw failure(r.error, null);
  if (r.status !== 200) throw failure(`${r.status} from ${redactURL(url)}`, r.status);
  if (r.truncated) throw failure(`larger than ${MAX_GO_MOD} bytes`, null);
  return hashGoMod(r.body);
}

/** Writes the whole chunk at the file's current position (a write may take part of it). */
async function writeAll(out: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let at = 0; at < chunk.byteLength; ) {
    const { bytesWritten } = await out.write(chunk, at, chunk.byteLength - at);
    if (bytesWritten <= 0) throw new Error("write: no progress");
    at += bytesWritten;
  }
}

/**
 * The h1 of the zip at url (dirhash.HashZip): the body of a 200 answer streamed into a new file in tmp
 * while it arrives, at most maxZipBytes of it (modfetch/proxy.go proxyRepo.Zip: an io.LimitedReader of
 * codehost.MaxZipFile+1 bytes, then `downloaded zip file too large`), then hashed from the file. The file
 * is removed on every path out: hashed, truncated body, too large, deadline, broken zip, write error.
 */
async function fetchZipHash(url: string, opts: DownloadOptions, tmp: string): Promise<string> {
  const proxy = proxyForURL(opts.proxyConfig, url);
  if (proxy.error) throw new Error(proxy.error);
  const maxBytes = opts.maxZipBytes ?? MAX_ZIP_FILE;
  const file = join(tmp, `${randomUUID()}.zip`);
  // A holder, not a variable: TypeScript does not see the sink assign it.
  const out: { handle: FileHandle | null } = { handle: null };
  try {
    const r = await httpGetStream(
      url,
      { timeoutMs: opts.timeoutMs, maxBytes, proxy: proxy.proxy, ...auth(opts) },
      async (status) => {
        if (status !== 200) return null;
        const handle = await open(file, "wx");
        out.handle = handle;
        return (chunk) => writeAll(handle, chunk);
      },
    );
    if (!r.ok) throw failure(r.error, null);
    if (r.status !== 200) throw failure(`${r.status} from ${redactURL(url)}`, r.status);
    if (r.truncated) throw failure("downloaded zip file too large", null, true);
    await out.handle?.close();
    out.handle = null;
    return (await hashZipFile(file)).h1;
  } finally {
    await out.handle?.close().catch(() => {});
    rmSync(file, { force: true });
  }
}

async function checkOne(
  t: DownloadTarget,
  kind: Kind,
  entry: ProxyEntry,
  opts: DownloadOptions,
  tmp: string,
): Promise<VerifyEntry> {
  const rel = `${escapePath(t.module)}/@v/${escapeVersion(t.version)}.${kind === "zip" ? "zip" : "mod"}`;
  const url = `${entry.url.replace(/\/$/, "")}/${rel}`;
  const base = {
    source: "download" as const,
    file: redactURL(url),
    line: null,
    module: t.module,
    version: t.version,
    kind,
    skippedBy: null,
  };
  let got: string;
  try {
    got = kind === "zip" ? await fetchZipHash(url, opts, tmp) : await fetchModHash(url, opts);
  } catch (e) {
    const { status, proxyError } = e as { status?: number | null; proxyError?: boolean };
    const gone = status === 404 || status === 410;
    const answered = proxyError === true || (status !== null && status !== undefined);
    return {
      ...base,
      hash: null,
      status: gone ? "skipped" : "error",
      expected: null,
      cause: gone ? null : answered ? "proxy-error" : "connect-failure",
      message: gone ? `not served by ${redactURL(entry.url)} (${status})` : redactURL(errorText(e)),
    };
  }
  const ref = reference(t, kind, opts.db(t.module, t.version));
  if (ref === null)
    return {
      ...base,
      hash: got,
      status: "skipped",
      expected: null,
      cause: null,
      message: "nothing to compare with (not in go.sum, database skipped)",
    };
  if (ref.hash !== got)
    return {
      ...base,
      hash: got,
      status: "mismatch",
      expected: ref.hash,
      cause: "checksum-mismatch",
      message: `${redactURL(entry.url)} serves altered content: ${got}, but ${ref.from} has ${ref.hash}`,
    };
  return {
    ...base,
    hash: got,
    status: "verified",
    expected: null,
    cause: null,
    message: `matches ${ref.from}`,
  };
}

/**
 * Downloads every target's go.mod and zip from each URL entry, 4 at a time. Failed downloads are entries
 * with their cause (go's words where go has them: `downloaded zip file too large`, `read "<url>": unexpected
 * EOF`); a 404/410 (the entry does not serve the module) is skipped.
 * @throws Error only when the private temporary directory cannot be made under opts.tempDir.
 */
export async function verifyDownloads(
  targets: readonly DownloadTarget[],
  opts: DownloadOptions,
): Promise<VerifyEntry[]> {
  const tmp = mkdtempSync(join(opts.tempDir ?? tmpdir(), "goproxy-doctor-download-"));
  const jobs = opts.entries
    .filter((e) => e.kind === "url")
    .flatMap((entry) =>
      targets
        .filter((t) => !opts.bypassed(t.module))
        .flatMap((t) => (["go.mod", "zip"] as const).map((kind) => ({ entry, t, kind }))),
    );
  try {
    return await pMap(jobs, (j) => checkOne(j.t, j.kind, j.entry, opts, tmp), { concurrency: 4 });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
