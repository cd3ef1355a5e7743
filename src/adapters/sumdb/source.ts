/**
 * The checksum database over HTTP, found and cached the way the go command does it:
 * base URL through the first GOPROXY entry whose `/sumdb/<name>/supported` answers 200, else directly
 * (modfetch/sumdb.go:initBase); lookups and tiles cached under GOMODCACHE/cache/download/sumdb/<name>/
 * and the last verified tree head in GOPATH/pkg/sumdb/<name>/latest (modfetch/sumdb.go: ReadCache,
 * WriteCache, ReadConfig, WriteConfig). Nothing is written until a lookup has been verified, and every
 * write is atomic (temporary file + rename): a failed run leaves no half-written file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ProxyEntry } from "../../core/config/goproxy.js";
import { GoError } from "../../core/errors.js";
import type { ProxyConfig } from "../../core/httpproxy.js";
import type { NetrcEntry, NetrcMatch } from "../../core/netrc.js";
import { httpErrorText } from "../../core/proxyanswer.js";
import { redactURL } from "../../core/redact.js";
import type { SumdbSource } from "../../core/sumdb/client.js";
import { type Tile, tilePath } from "../../core/sumdb/tile.js";
import { type EntryAnswer, walkProxies } from "../../core/tryproxies.js";
import type { RootsSource } from "../machine/roots.js";
import type { GetMemo } from "../net/getmemo.js";
import { goGet } from "../net/goget.js";
import type { Lookup } from "../net/probe.js";

/** Options of the HTTP source. */
export interface SourceOptions {
  readonly name: string;
  /** GOSUMDB's explicit URL, if any (then GOPROXY is not consulted). */
  readonly explicitURL: string | null;
  /** The GOPROXY entries (parseProxyList). */
  readonly entries: readonly ProxyEntry[];
  readonly proxyConfig: ProxyConfig;
  /** GOMODCACHE (for the lookup and tile cache), or null for no cache. */
  readonly modcache: string | null;
  /** Per-request timeout, ms. */
  readonly timeoutMs: number;
  /** Never write caches (check has no side effects). */
  readonly readOnly: boolean;
  /** The certificates go trusts (PEM); Node's store when absent. */
  readonly goRoots?: RootsSource;
  /** Name resolution (tests inject a hosts map). */
  readonly lookup?: Lookup;
  /** .netrc entries: go sends them with https requests to the database too. */
  readonly netrc?: readonly NetrcEntry[];
  /** How a .netrc machine matches a URL (core/netrc.ts netrcMatchOf). */
  readonly netrcMatch?: NetrcMatch;
  /** Reuse keep-alive connections (the caller calls closeKeptAlive()). */
  readonly keepAlive?: boolean;
  /** The run's memo of answers (net/http.ts GetMemo): a request already made is not made again. */
  readonly memo?: GetMemo;
}

/** A source plus the pieces the verify feature reports and commits. */
export interface HttpSumdbSource extends SumdbSource {
  /** The base URL in use, once resolved. */
  base(): Promise<string>;
  /** Every URL fetched (credentials redacted: it reaches reports), with status or error. */
  readonly log: { url: string; status: number | null; error: string | null; cached: boolean }[];
  /** Writes the lookups and tiles fetched so far into the cache (call after verification). */
  commit(): void;
}

function atomicWrite(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function readOrNull(path: string): Uint8Array | null {
  try {
    const b = readFileSync(path);
    return b.length === 0 ? null : new Uint8Array(b);
  } catch {
    return null;
  }
}

/** Creates the source. No network access happens until the first lookup. */
export function httpSumdbSource(opts: SourceOptions): HttpSumdbSource {
  const cacheDir =
    opts.modcache === null ? null : join(opts.modcache, "cache", "download", "sumdb", opts.name);
  const pending = new Map<string, Uint8Array>();
  // One fetch per path, even when concurrent lookups need the same tile.
  const inflight = new Map<string, Promise<Uint8Array>>();
  const log: HttpSumdbSource["log"] = [];
  let basePromise: Promise<string> | null = null;

  async function get(url: string, maxBytes: number): Promise<Uint8Array> {
    const shown = redactURL(url);
    const g = await goGet(url, {
      timeoutMs: opts.timeoutMs,
      maxBytes,
      proxyConfig: opts.proxyConfig,
      ...(opts.goRoots && { goRoots: opts.goRoots }),
      ...(opts.lookup && { lookup: opts.lookup }),
      ...(opts.netrc && { netrc: opts.netrc }),
      ...(opts.netrcMatch && { netrcMatch: opts.netrcMatch }),
      ...(opts.keepAlive && { keepAlive: true }),
      ...(opts.memo && { memo: opts.memo }),
    });
    const r = g.response;
    if (r.kind !== "status") {
      const text = r.kind === "hang" ? `Get "${shown}": no answer within ${opts.timeoutMs} ms` : r.goError;
      log.push({ url: shown, status: null, error: text, cached: false });
      throw Object.assign(new GoError(text), {
        status: null,
        hang: r.kind === "hang",
        networkCause: g.cause,
      });
    }
    log.push({ url: shown, status: r.status, error: null, cached: false });
    if (r.status !== 200)
      throw Object.assign(new GoError(httpErrorText(r.url, r.statusLine, r.contentType, r.body)), {
        status: r.status,
      });
    if (r.truncated) throw new GoError(`reading ${shown}: response larger than ${maxBytes} bytes`);
    return r.body;
  }

  async function resolveBase(): Promise<string> {
    if (opts.explicitURL !== null) return opts.explicitURL.replace(/\/$/, "");
    const answers = new Map<ProxyEntry, EntryAnswer>();
    let found: string | null = null;
    for (const entry of opts.entries) {
      if (entry.kind !== "url") continue;
      const url = `${entry.url.replace(/\/$/, "")}/sumdb/${opts.name}/supported`;
      try {
        await get(url, 4096);
        answers.set(entry, { kind: "ok" });
      } catch (e) {
        const status = (e as { status?: number }).status;
        answers.set(entry, {
          kind: status === 404 || status === 410 ? "not-exist" : "error",
          error: (e as Error).message,
        });
      }
      const a = answers.get(entry)!;
      if (a.kind === "ok") {
        found = `${entry.url.replace(/\/$/, "")}/sumdb/${opts.name}`;
        break;
      }
      if (a.kind === "error" && !entry.fallBackOnError) break;
    }
    // The same decision go makes (dbClient.initBase): direct/off and noproxy mean "connect directly".
    const walk = walkProxies(opts.entries, false, (e) =>
      e.kind === "url"
        ? (answers.get(e) ?? { kind: "not-exist", error: "not asked" })
        : { kind: "not-exist", error: "go direct" },
    );
    if (found !== null && walk.servedBy !== null) return found;
    if (walk.error === null || walk.error.notExist) return `https://${opts.name}`;
    throw new GoError(walk.error.text);
  }

  const base = () => {
    basePromise ??= resolveBase();
    return basePromise;
  };

  function cachedOrFetch(rel: string, maxBytes: number): Promise<Uint8Array> {
    let p = inflight.get(rel);
    if (p === undefined) {
      p = fetchOnce(rel, maxBytes);
      inflight.set(rel, p);
    }
    return p;
  }

  async function fetchOnce(rel: string, maxBytes: number): Promise<Uint8Array> {
    const cached = cacheDir === null ? null : readOrNull(join(cacheDir, rel));
    if (cached !== null) {
      log.push({ url: rel, status: null, error: null, cached: true });
      return cached;
    }
    const data = await get(`${await base()}/${rel}`, maxBytes);
    pending.set(rel, data);
    return data;
  }

  // Full tiles found in the cache, read once: every lookup asks for the same few tiles.
  const fullTiles = new Map<string, Uint8Array | null>();

  async function tile(t: Tile): Promise<Uint8Array> {
    const want = t.w * 32;
    const full = { ...t, w: 256 };
    const fullPath = tilePath(full);
    if (!fullTiles.has(fullPath))
      fullTiles.set(fullPath, cacheDir === null ? null : readOrNull(join(cacheDir, fullPath)));
    const fullCached = fullTiles.get(fullPath)!;
    if (fullCached !== null && fullCached.length >= want) return fullCached.subarray(0, want);
    try {
      return await cachedOrFetch(tilePath(t), want);
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (t.w === 256 || (status !== 404 && status !== 410)) throw e;
      // x/mod's client falls back to the full tile when the partial one is gone.
      return (await cachedOrFetch(tilePath(full), 256 * 32)).subarray(0, want);
    }
  }

  return {
    base,
    log,
    lookup: (target) => cachedOrFetch(`lookup/${target}`, 1 << 20),
    tiles: (tiles) => Promise.all(tiles.map(tile)),
    commit() {
      if (opts.readOnly || cacheDir === null) return;
      for (const [rel, data] of pending) atomicWrite(join(cacheDir, rel), data);
      pending.clear();
    },
  };
}

/** The latest verified tree head kept for the database (GOPATH/pkg/sumdb/<name>/latest). */
export function latestPath(gopath: string, name: string): string | null {
  const first = gopath.split(process.platform === "win32" ? ";" : ":")[0] ?? "";
  return first === "" ? null : join(first, "pkg", "sumdb", name, "latest");
}

/** Reads the latest verified tree head, or null. */
export function readLatest(path: string | null): string | null {
  if (path === null) return null;
  const b = readOrNull(path);
  return b === null ? null : new TextDecoder().decode(b);
}

/** Stores a newer verified tree head atomically. */
export function writeLatest(path: string, note: string): void {
  atomicWrite(path, note);
}
