/**
 * `verify --download`: every module version fetched from each GOPROXY URL entry (its `.mod` and `.zip`,
 * the files go downloads: modfetch/proxy.go GoMod and Zip), its h1 recomputed and compared with the
 * checksum database's record (or go.sum's line when the database is skipped), so that the entry serving
 * altered content is named. Downloads go to a private temporary directory that is always removed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pMap from "p-map";
import { httpGet } from "../adapters/net/http.js";
import { hashZipFile } from "../adapters/zip/hash.js";
import type { ProxyEntry } from "../core/config/goproxy.js";
import { hashGoMod } from "../core/dirhash.js";
import { errorText } from "../core/errors.js";
import { type ProxyConfig, proxyForURL } from "../core/httpproxy.js";
import { escapePath, escapeVersion } from "../core/module/escape.js";
import { MAX_GO_MOD, MAX_ZIP_FILE } from "../core/modzip.js";
import { redactURL } from "../core/redact.js";
import { recordedHash } from "../core/sumdb/client.js";
import type { VerifyEntry } from "./verify.js";
import type { DbAnswer } from "./verify-cache.js";

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

async function fetchHash(url: string, kind: Kind, opts: DownloadOptions, tmp: string): Promise<string> {
  const proxy = proxyForURL(opts.proxyConfig, url);
  if (proxy.error) throw new Error(proxy.error);
  const maxBytes = kind === "zip" ? MAX_ZIP_FILE : MAX_GO_MOD;
  const r = await httpGet(url, { timeoutMs: opts.timeoutMs, maxBytes, proxy: proxy.proxy });
  if (!r.ok) throw Object.assign(new Error(r.error), { status: null });
  if (r.status !== 200)
    throw Object.assign(new Error(`${r.status} from ${redactURL(url)}`), { status: r.status });
  if (r.truncated) throw Object.assign(new Error(`larger than ${maxBytes} bytes`), { status: null });
  if (kind === "go.mod") return hashGoMod(r.body);
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.zip`);
  writeFileSync(file, r.body);
  try {
    return (await hashZipFile(file)).h1;
  } finally {
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
    got = await fetchHash(url, kind, opts, tmp);
  } catch (e) {
    const status = (e as { status?: number | null }).status;
    const gone = status === 404 || status === 410;
    return {
      ...base,
      hash: null,
      status: gone ? "skipped" : "error",
      expected: null,
      cause: gone ? null : status === null || status === undefined ? "connect-failure" : "proxy-error",
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
 * Downloads every target's go.mod and zip from each URL entry, 4 at a time. Never throws: failed
 * downloads are entries with their cause; a 404/410 (the entry does not serve the module) is skipped.
 */
export async function verifyDownloads(
  targets: readonly DownloadTarget[],
  opts: DownloadOptions,
): Promise<VerifyEntry[]> {
  const tmp = mkdtempSync(join(tmpdir(), "goproxy-doctor-download-"));
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
