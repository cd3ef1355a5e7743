/**
 * How go walks the GOPROXY list for one operation, and which error it reports.
 * Mirrors cmd/go/internal/modfetch/proxy.go:TryProxies and repo.go:lookup (Go 1.19; unchanged through 1.27).
 */
import type { ProxyEntry } from "./config/goproxy.js";

/**
 * What one entry did for the operation:
 * - ok: served it;
 * - not-exist: 404/410, a missing file:// file, or one of go's not-exist sentinels (go moves on);
 * - error: any other failure (go moves on only after `|`);
 * - hang: never answered (go has no request timeout: the walk stops there, forever).
 */
export type EntryAnswer =
  | { readonly kind: "ok" }
  | { readonly kind: "not-exist"; readonly error: string }
  | { readonly kind: "error"; readonly error: string }
  | { readonly kind: "hang" };

/** The outcome of one walk. */
export interface WalkResult {
  /** The entry that served the operation, or null. */
  readonly servedBy: ProxyEntry | null;
  /** Every entry asked, in order (including the one that served). */
  readonly tried: readonly ProxyEntry[];
  /** The error go reports when nothing served: its text and whether it is a not-exist error. */
  readonly error: { readonly text: string; readonly notExist: boolean } | null;
  /** True when the walk stopped at an entry that never answers. */
  readonly hang: boolean;
}

/** go's not-exist sentinels (modfetch/repo.go). */
export const ERR_PROXY_OFF = "module lookup disabled by GOPROXY=off";
export const ERR_NOPROXY = "disabled by GOPRIVATE/GONOPROXY";
export const ERR_USE_PROXY = "path does not match GOPRIVATE/GONOPROXY";

type Rank = 0 | 1 | 2; // not-exist < proxy error < direct/noproxy error

/**
 * Walks entries as TryProxies does. `answer` says what each entry does for this operation; go's own
 * sentinels for `off`, and for `noproxy`/URL entries around a GONOPROXY match, are applied here, so
 * `answer` is only asked about entries that really perform a request (URL entries, and direct/noproxy
 * for a matched module).
 *
 * @param entries the parsed GOPROXY list (parseProxyList), including the implicit `noproxy` entry
 * @param matchesNoProxy whether the module path matches GONOPROXY
 */
export function walkProxies(
  entries: readonly ProxyEntry[],
  matchesNoProxy: boolean,
  answer: (entry: ProxyEntry) => EntryAnswer,
): WalkResult {
  const tried: ProxyEntry[] = [];
  let best: { text: string; notExist: boolean } | null = null;
  let rank: Rank = 0;
  for (const entry of entries) {
    tried.push(entry);
    const a = sentinel(entry, matchesNoProxy) ?? answer(entry);
    if (a.kind === "ok") return { servedBy: entry, tried, error: null, hang: false };
    if (a.kind === "hang") return { servedBy: null, tried, error: null, hang: true };
    const notExist = a.kind === "not-exist";
    const err = { text: a.error, notExist };
    if (entry.kind === "direct" || (entry.kind === "noproxy" && a.error !== ERR_USE_PROXY)) {
      best = err;
      rank = 2;
    } else if (rank <= 1 && !notExist) {
      best = err;
      rank = 1;
    } else if (rank === 0) {
      best = err;
    }
    if (!entry.fallBackOnError && !notExist) break;
  }
  return { servedBy: null, tried, error: best, hang: false };
}

/** The answers go gives itself, without a request (modfetch/repo.go:lookup). */
function sentinel(entry: ProxyEntry, matchesNoProxy: boolean): EntryAnswer | null {
  if (matchesNoProxy) {
    if (entry.kind === "noproxy" || entry.kind === "direct") return null;
    return { kind: "not-exist", error: ERR_NOPROXY };
  }
  if (entry.kind === "off") return { kind: "not-exist", error: ERR_PROXY_OFF };
  if (entry.kind === "noproxy") return { kind: "not-exist", error: ERR_USE_PROXY };
  return null;
}
