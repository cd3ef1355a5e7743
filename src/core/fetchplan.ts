/**
 * The GOPROXY-protocol requests `go mod download M@query` makes, given what each GOPROXY entry answers,
 * and the error go reports. Every file is its own walk over the list (so `.info`/`.mod` may come from one
 * mirror and `.zip` from another); a list query asks `@v/list` and then the chosen version's `.info` from
 * the same entry. Mirrors modload/query.go (queryProxy), modfetch/proxy.go (TryProxies, proxyRepo) and
 * modfetch/fetch.go (download order), as verified against go1.19 (go-semantics.md §C.2–C.4, §C.7).
 */
import type { ProxyEntry } from "./config/goproxy.js";
import { goQuote } from "./goquote.js";
import { checkPathMajor, splitPathVersion } from "./module/path.js";
import { canonicalVersion } from "./module/version.js";
import {
  classifyQuery,
  downloadRequests,
  isSemverPrefix,
  latestRequest,
  type ProtocolOp,
  type ProtocolRequest,
  requestURL,
} from "./protocol.js";
import { downloadErrorText } from "./route.js";
import { compare, isValid, majorMinor, prerelease } from "./semver.js";
import { type EntryAnswer, walkProxies } from "./tryproxies.js";

/**
 * Thrown by planDownload for an answer whose consequences the plan does not model (an `.info` or
 * `@latest` naming something that is not a semantic version): callers say "not predicted", never guess.
 */
export class UnmodelledAnswer extends Error {}

/**
 * What an entry answered for one request: a list answer carries the versions it listed, an `.info` or
 * `@latest` answer the version it names, a `.mod` answer whether it is the go.mod go synthesizes for a
 * module without one (modfetch.LegacyGoMod: `module <path>` and nothing else).
 */
export type FileAnswer = EntryAnswer & {
  readonly versions?: readonly string[];
  readonly legacyGoMod?: boolean;
};

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
  const a = ctx.answer(entry, cacheKey === req.path ? req : { ...req, cacheKey });
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
  // A prefix query never picks a version below its bound: v1.2 does not match v1.2.0-rc.1 (go issue 31972).
  const prefix = `${query}.`;
  return latestFromList(valid.filter((v) => v.startsWith(prefix) && compare(v, query) >= 0));
}

/** A semver prefix query ("v1", "v1.2") lists twice: the version cache is keyed by prefix (verified, go1.19). */
function isPrefixQuery(query: string): boolean {
  return /^v[0-9]+(\.[0-9]+)?$/.test(query);
}

/** Whether v's major fits the module path's /vN suffix (modload/query.go newQueryMatcher: matchesMajor). */
function matchesMajor(modulePath: string, v: string): boolean {
  const sp = splitPathVersion(modulePath);
  return sp.ok && checkPathMajor(v, sp.pathMajor) === null;
}

/** The bound a comparison query names (`<v1.5` → `v1.5`), or the query itself. */
function queryBound(query: string): string {
  return query.replace(/^[<>]=?/, "");
}

/**
 * The versions a query may choose from (modload/query.go filterVersions): unless the query asks for a
 * version outside the path's major (preferIncompatible), `+incompatible` versions are dropped once the last
 * compatible version below them has a real go.mod — which go finds out by loading that go.mod (a walk of its
 * own). Returns the versions, or the answer that stopped the walk.
 */
function filterIncompatible(
  ctx: Ctx,
  modulePath: string,
  query: string,
  versions: readonly string[],
): readonly string[] | FileAnswer {
  const bound = queryBound(query);
  if (query !== "latest" && isValid(bound) && !matchesMajor(modulePath, bound)) return versions;
  const sorted = [...versions].filter((v) => isValid(v)).sort(compare);
  let lastCompatible: string | null = null;
  for (const [i, v] of sorted.entries()) {
    if (!v.endsWith("+incompatible")) {
      lastCompatible = v;
      continue;
    }
    if (lastCompatible === null) continue;
    const mod = downloadRequests(modulePath, lastCompatible).find((r) => r.op === "mod")!;
    let answer: FileAnswer = { kind: "hang" };
    const w = walkProxies(ctx.entries, ctx.matchesNoProxy, (entry) => {
      answer = ask(ctx, entry, mod);
      return answer;
    });
    if (w.hang) return { kind: "hang" };
    if (w.error !== null) return { kind: "error", error: `${modulePath}@${lastCompatible}: ${w.error.text}` };
    return answer.legacyGoMod === true ? sorted : sorted.slice(0, i);
  }
  return sorted;
}

/**
 * The query's walk: on each entry `@v/list` (twice for a prefix query), `+incompatible` versions filtered
 * as go does, then the `.info` of the latest version — loaded for the retraction check — on the same entry
 * (`@latest` when the list is empty).
 */
function walkQuery(ctx: Ctx, modulePath: string, query: string) {
  const [list] = downloadRequests(modulePath, "latest");
  let found: { latest: string; chosen: string | null } | null = null;
  // A prefix query first lists in a walk of its own (the list cached under its prefix), then lists again
  // with the latest version's .info in a second walk (verified with go1.19 and go1.26 behind a 404 entry).
  let prefixed: FileAnswer | null = null;
  if (isPrefixQuery(query)) {
    const w = walkProxies(ctx.entries, ctx.matchesNoProxy, (entry) => {
      prefixed = ask(ctx, entry, list!, `${list!.path} ${query}.`);
      return prefixed;
    });
    if (w.hang || w.error !== null) return { walk: w, found };
    // Nothing under the prefix: go stops there, without the second list.
    if (chooseVersion(query, (prefixed as FileAnswer | null)?.versions ?? []) === null)
      return { walk: w, found: { latest: "", chosen: null } };
  }
  const walk = walkProxies(ctx.entries, ctx.matchesNoProxy, (entry) => {
    const listed = ask(ctx, entry, list!);
    if (listed.kind !== "ok") return listed;
    const versions = filterIncompatible(ctx, modulePath, query, listed.versions ?? []);
    if (!Array.isArray(versions)) return versions as FileAnswer;
    const pool = versions as readonly string[];
    const latest = latestFromList(pool);
    const candidates = (prefixed as FileAnswer | null)?.versions ?? pool;
    // No listed version matches: go stops with "no matching versions" (only `latest` asks @latest then).
    const chosen = latest === null ? null : chooseVersion(query, candidates);
    if (chosen === null && (latest !== null || query !== "latest")) {
      found = { latest: latest ?? "", chosen: null };
      return listed;
    }
    const info = latest === null ? latestRequest(modulePath) : downloadRequests(modulePath, latest)[0]!;
    const a = ask(ctx, entry, info);
    const resolved = latest ?? a.versions?.[0] ?? null;
    if (a.kind === "ok" && resolved !== null && !isValid(resolved))
      throw new UnmodelledAnswer(`@latest names ${goQuote(resolved)}, not a semantic version`);
    if (a.kind === "ok" && resolved !== null) found = { latest: resolved, chosen: chosen ?? resolved };
    return a;
  });
  return { walk, found: found as { latest: string; chosen: string | null } | null };
}

/**
 * A `.info` lookup of a revision or non-canonical version (modload/query.go queryProxy → repo.Stat): on
 * each entry `.info` of the query, and when that fails and the query has another canonical form
 * (`v1.1.0+meta` → `v1.1.0`), `.info` of that form; a not-found there leaves the first error standing.
 * Verified with go1.19 and go1.26.
 */
function walkStat(ctx: Ctx, modulePath: string, query: string) {
  const [first] = downloadRequests(modulePath, query);
  const canon = isValid(query) ? canonicalVersion(query) : "";
  let version: string | null = null;
  const walk = walkProxies(ctx.entries, ctx.matchesNoProxy, (entry) => {
    const a = ask(ctx, entry, first!);
    if (a.kind === "ok") {
      version = a.versions?.[0] ?? null;
      return a;
    }
    if (a.kind === "hang" || canon === "" || canon === query) return a;
    const b = ask(ctx, entry, downloadRequests(modulePath, canon)[0]!);
    if (b.kind === "ok") version = b.versions?.[0] ?? null;
    return b.kind === "not-exist" ? a : b;
  });
  return { walk, version: version as string | null };
}

/**
 * What `upgrade` and `patch` mean for go mod download (modload/query.go newQueryMatcher, modcmd/download.go):
 * outside a module go cannot match them at all; in one they are relative to the version the main module
 * requires (`current`): `upgrade` with no current version is `latest`, otherwise the latest version not below
 * it (planned as `latest`); `patch` needs a current version and is then its major.minor prefix. Other queries
 * are returned as they are. Verified with go1.19 and go1.26.
 *
 * @param current the required version, null when the module is not required, undefined outside a module
 */
export function relativeQuery(
  modulePath: string,
  query: string,
  current: string | null | undefined,
): { readonly query: string } | { readonly error: string } {
  if (query !== "upgrade" && query !== "patch") return { query };
  if (current === undefined)
    return {
      error: `cannot match "${modulePath}@${query}": go.mod file not found in current directory or any parent directory; see 'go help modules'`,
    };
  if (query === "upgrade") return { query: "latest" };
  if (current === null || !isValid(current))
    return {
      error: `${modulePath}@patch: can't query version "patch" of module ${modulePath}: no existing version is required`,
    };
  return { query: majorMinor(current) };
}

/**
 * The error go gives a comparison query before any request (modload/query.go newQueryMatcher): a bound that
 * is not a semantic version, or a prefix bound (`<=v1.2`, `>v1.2`) it refuses to interpret. Null otherwise.
 * The text is `M@query: …`, as go1.19 and go1.26 print it.
 */
export function queryMatcherError(modulePath: string, query: string): string | null {
  const op = /^(<=|>=|<|>)/.exec(query)?.[1];
  if (op === undefined) return null;
  const v = query.slice(op.length);
  if (!isValid(v))
    return `${modulePath}@${query}: invalid semantic version ${goQuote(v)} in range ${goQuote(query)}`;
  if ((op === "<=" || op === ">") && isSemverPrefix(v))
    return `${modulePath}@${query}: ambiguous semantic version ${goQuote(v)} in range ${goQuote(query)}`;
  return null;
}

/**
 * Plans `go mod download modulePath@query` against entries (parseProxyList(...).entries), asking `answer`
 * what each entry does for each request. Pure.
 * @throws UnmodelledAnswer for an answer naming a version that is not a semantic version
 *
 * @param query a canonical version, `latest`, a semver query (answered like latest: the highest listed
 *   release) or a revision
 * @param goModOnly for a canonical version, only its go.mod, as loading the module graph fetches it
 *   (modload.LoadModGraph → modfetch.GoMod: no .info)
 */
export function planDownload(
  entries: readonly ProxyEntry[],
  matchesNoProxy: boolean,
  modulePath: string,
  query: string,
  answer: (entry: ProxyEntry, req: ProtocolRequest) => FileAnswer,
  goModOnly = false,
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
  const early = kind === "semver-query" ? queryMatcherError(modulePath, query) : null;
  if (early !== null) return fail(early);
  if (kind === "canonical") {
    version = query;
  } else if (kind === "revision") {
    const st = walkStat(ctx, modulePath, query);
    const w = st.walk;
    if (w.hang || w.error) return fail(downloadErrorText(w.error?.text ?? "", modulePath, query), w.hang);
    servedBy.info = w.servedBy!;
    if (st.version === null || !isValid(st.version))
      throw new UnmodelledAnswer(`.info names ${goQuote(st.version ?? "")}, not a semantic version`);
    version = st.version;
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
  // A list query loads the latest version's go.mod (retraction check), then stats the chosen version on
  // the entry that served the list (no walk: verified with go1.19 and go1.26 behind a 404 entry), then
  // walks for the chosen version's .mod and .zip.
  const files: ProtocolRequest[] =
    kind === "canonical" && goModOnly
      ? downloadRequests(modulePath, version).filter((r) => r.op === "mod")
      : kind === "canonical"
        ? downloadRequests(modulePath, version)
        : kind === "revision"
          ? downloadRequests(modulePath, version).filter((r) => r.op !== "info")
          : [
              ...downloadRequests(modulePath, latest!).filter((r) => r.op === "mod"),
              ...downloadRequests(modulePath, version).filter((r) => version !== latest || r.op === "zip"),
            ];
  for (const req of files) {
    if (req.op === "info" && kind !== "canonical" && servedBy.list !== undefined) {
      const a = ask(ctx, servedBy.list, req);
      if (a.kind === "hang") return fail("", true);
      if (a.kind !== "ok") return fail(`${modulePath}@${version}: ${a.error}`);
      servedBy.info = servedBy.list;
      continue;
    }
    const w = walkFile(ctx, req);
    if (w.hang) return fail("", true);
    if (w.error !== null || w.servedBy === null)
      return fail(`${modulePath}@${version}: ${w.error?.text ?? "unknown error"}`);
    servedBy[req.op] = w.servedBy;
  }
  return { requests: ctx.requests, servedBy, version, error: null, hang: false };
}
