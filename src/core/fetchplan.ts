/**
 * The GOPROXY-protocol requests `go mod download M@query` makes, given what each GOPROXY entry answers,
 * and the error go reports. Every file is its own walk over the list (so `.info`/`.mod` may come from one
 * mirror and `.zip` from another); a list query asks `@v/list` and then the chosen version's `.info` from
 * the same entry. Mirrors modload/query.go (queryProxy), modfetch/proxy.go (TryProxies, proxyRepo) and
 * modfetch/fetch.go (download order), as verified against go1.19 (go-semantics.md §C.2–C.4, §C.7).
 */
import type { ProxyEntry } from "./config/goproxy.js";
import {
  classifyQuery,
  downloadRequests,
  latestRequest,
  type ProtocolOp,
  type ProtocolRequest,
  requestURL,
} from "./protocol.js";
import { downloadErrorText } from "./route.js";
import { compare, isValid, prerelease } from "./semver.js";
import { type EntryAnswer, walkProxies } from "./tryproxies.js";

/** What an entry answered for one request; a list answer carries the versions it listed. */
export type FileAnswer = EntryAnswer & { readonly versions?: readonly string[] };

/** One request go sends to a URL entry. */
export interface PlannedRequest {
  readonly entry: ProxyEntry;
  readonly op: ProtocolOp;
  /** `GET <url>` as go prints URLs (credentials redacted). */
  readonly line: string;
}

/** The outcome of the plan. */
export interface DownloadPlan {
  readonly requests: readonly PlannedRequest[];
  /** The entry that served each file that was obtained. */
  readonly servedBy: Partial<Record<ProtocolOp, ProxyEntry>>;
  /** The version the query resolved to, when it did. */
  readonly version: string | null;
  /** The text go prints (the `Error` of `go mod download -json`), or null on success. */
  readonly error: string | null;
  /** The walk stopped at an entry that never answers: go hangs there. */
  readonly hang: boolean;
}

/** The highest release in a version list (prereleases only if there is no release), as the latest query picks. */
export function latestFromList(versions: readonly string[]): string | null {
  const valid = versions.filter((v) => isValid(v));
  const releases = valid.filter((v) => prerelease(v) === "");
  const pool = releases.length > 0 ? releases : valid;
  return pool.reduce<string | null>((best, v) => (best === null || compare(v, best) > 0 ? v : best), null);
}

interface Ctx {
  readonly entries: readonly ProxyEntry[];
  readonly matchesNoProxy: boolean;
  readonly answer: (entry: ProxyEntry, req: ProtocolRequest) => FileAnswer;
  readonly requests: PlannedRequest[];
  /** go caches a repo per (proxy URL, module path): its list/info/mod answers, errors included. */
  readonly memo: Map<string, FileAnswer>;
}

/**
 * Asks an entry for a file. Answers other than zips are remembered per proxy URL, as modfetch's
 * lookupCache and cachingRepo do, so a repeated URL in GOPROXY, or a second walk for the same file,
 * sends no second request. `cacheKey` distinguishes the prefix-keyed `@v/list` caches.
 */
function ask(ctx: Ctx, entry: ProxyEntry, req: ProtocolRequest, cacheKey = req.path): FileAnswer {
  const key = `${entry.url} ${cacheKey}`;
  const cached = req.op === "zip" ? undefined : ctx.memo.get(key);
  if (cached !== undefined) return cached;
  if (entry.kind === "url")
    ctx.requests.push({ entry, op: req.op, line: `GET ${requestURL(entry.url, req)}` });
  const a = ctx.answer(entry, req);
  if (req.op !== "zip") ctx.memo.set(key, a);
  return a;
}

/** One walk for one file. */
function walkFile(ctx: Ctx, req: ProtocolRequest) {
  return walkProxies(ctx.entries, ctx.matchesNoProxy, (entry) => ask(ctx, entry, req));
}

/**
 * The version a list query chooses (modload/query.go: prefix queries take the highest matching release,
 * `>=`/`>` the lowest above, `<`/`<=` the highest below, latest the highest release).
 */
export function chooseVersion(query: string, versions: readonly string[]): string | null {
  const valid = versions.filter((v) => isValid(v));
  const pick = (pool: string[], lowest: boolean) =>
    pool.reduce<string | null>(
      (best, v) => (best === null || compare(v, best) * (lowest ? -1 : 1) > 0 ? v : best),
      null,
    );
  const op = /^(<=|>=|<|>)(.*)$/.exec(query);
  if (op !== null) {
    const bound = op[2]!;
    const keep = valid.filter((v) => {
      const c = compare(v, bound);
      return op[1] === ">=" ? c >= 0 : op[1] === ">" ? c > 0 : op[1] === "<=" ? c <= 0 : c < 0;
    });
    const releases = keep.filter((v) => prerelease(v) === "");
    return pick(releases.length > 0 ? releases : keep, op[1]!.startsWith(">"));
  }
  if (query === "latest" || query === "upgrade" || query === "patch") return latestFromList(valid);
  const prefix = `${query}.`;
  return latestFromList(valid.filter((v) => v === query || v.startsWith(prefix)));
}

/** A semver prefix query ("v1", "v1.2") lists twice: the version cache is keyed by prefix (verified, go1.19). */
function isPrefixQuery(query: string): boolean {
  return /^v[0-9]+(\.[0-9]+)?$/.test(query);
}

/**
 * The query's walk: on each entry `@v/list` (twice for a prefix query), then the `.info` of the latest
 * version — loaded for the retraction check — on the same entry (`@latest` when the list is empty).
 */
function walkQuery(ctx: Ctx, modulePath: string, query: string) {
  const [list] = downloadRequests(modulePath, "latest");
  let found: { latest: string; chosen: string | null } | null = null;
  const walk = walkProxies(ctx.entries, ctx.matchesNoProxy, (entry) => {
    const prefixed = isPrefixQuery(query);
    let listed = ask(ctx, entry, list!, prefixed ? `${list!.path} ${query}.` : list!.path);
    if (listed.kind === "ok" && prefixed) listed = ask(ctx, entry, list!);
    if (listed.kind !== "ok") return listed;
    const latest = latestFromList(listed.versions ?? []);
    const info = latest === null ? latestRequest(modulePath) : downloadRequests(modulePath, latest)[0]!;
    const a = ask(ctx, entry, info);
    const resolved = latest ?? a.versions?.[0] ?? null;
    if (a.kind === "ok" && resolved !== null)
      found = { latest: resolved, chosen: chooseVersion(query, listed.versions ?? [resolved]) };
    return a;
  });
  return { walk, found: found as { latest: string; chosen: string | null } | null };
}

/**
 * Plans `go mod download modulePath@query` against entries (parseProxyList(...).entries), asking `answer`
 * what each entry does for each request. Pure; never throws for unexpected answers.
 *
 * @param query a canonical version, `latest`, a semver query (answered like latest: the highest listed
 *   release) or a revision
 */
export function planDownload(
  entries: readonly ProxyEntry[],
  matchesNoProxy: boolean,
  modulePath: string,
  query: string,
  answer: (entry: ProxyEntry, req: ProtocolRequest) => FileAnswer,
): DownloadPlan {
  const ctx: Ctx = { entries, matchesNoProxy, answer, requests: [], memo: new Map() };
  const servedBy: Partial<Record<ProtocolOp, ProxyEntry>> = {};
  const kind = classifyQuery(query);
  const fail = (text: string, hang = false): DownloadPlan => ({
    requests: ctx.requests,
    servedBy,
    version: null,
    error: hang ? null : text,
    hang,
  });
  let version: string;
  let latest: string | null = null;
  if (kind === "canonical") {
    version = query;
  } else if (kind === "revision") {
    const w = walkFile(ctx, downloadRequests(modulePath, query)[0]!);
    if (w.hang || w.error) return fail(downloadErrorText(w.error?.text ?? "", modulePath, query), w.hang);
    return {
      requests: ctx.requests,
      servedBy: { info: w.servedBy! },
      version: null,
      error: null,
      hang: false,
    };
  } else {
    const q = walkQuery(ctx, modulePath, query);
    if (q.walk.hang || q.walk.error || q.found === null || q.found.chosen === null) {
      return fail(
        downloadErrorText(
          q.walk.error?.text ?? `no matching versions for query "${query}"`,
          modulePath,
          query,
        ),
        q.walk.hang,
      );
    }
    servedBy.list = q.walk.servedBy!;
    version = q.found.chosen;
    latest = q.found.latest;
  }
  // A list query first loads the latest version's go.mod (retraction check), then the chosen version's files.
  const files: ProtocolRequest[] =
    kind === "canonical"
      ? downloadRequests(modulePath, version)
      : [
          ...downloadRequests(modulePath, latest!).filter((r) => r.op === "mod"),
          ...downloadRequests(modulePath, version).filter((r) => version !== latest || r.op === "zip"),
        ];
  for (const req of files) {
    const w = walkFile(ctx, req);
    if (w.hang) return fail("", true);
    if (w.error !== null || w.servedBy === null)
      return fail(`${modulePath}@${version}: ${w.error?.text ?? "unknown error"}`);
    servedBy[req.op] = w.servedBy;
  }
  return { requests: ctx.requests, servedBy, version, error: null, hang: false };
}
