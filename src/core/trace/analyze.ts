/**
 * What a trace means: the fall-backs go made and why (from the sequence of answers, with go's TryProxies
 * rules: core/tryproxies.ts), which GOPROXY entry served each module, the checksum-database traffic, the
 * slowest requests and the totals. Pure.
 */
import type { ProxyEntry } from "../config/goproxy.js";
import { unescapePath, unescapeVersion } from "../module/escape.js";
import { type EntryAnswer, walkProxies } from "../tryproxies.js";
import type { TraceRequest } from "./model.js";

/** go moved from one entry to the next (or stopped) for one request path. */
export interface FallbackStep {
  /** The request below the entry's base, e.g. `/example.com/a/@v/v1.0.0.info`, or `sumdb/<name>/supported`. */
  readonly path: string;
  /** Entry index (ProxyList.entries) that answered. */
  readonly from: number;
  /** Request id of that answer. */
  readonly request: number;
  /** e.g. `404 Not Found`, or `502 Bad Gateway (connect ECONNREFUSED …)`. */
  readonly answer: string;
  /** Entry index go went to next, or `direct` / `off` / `database-direct`, or null when go stopped. */
  readonly to: number | "direct" | "off" | "database-direct" | null;
  /** Why, in the words of go's rule. */
  readonly reason: string;
}

/** Which entries served one module version's files. */
export interface ModuleServed {
  readonly module: string;
  readonly version: string;
  /** Entry index per file kind that answered 200 (`info`, `mod`, `zip`). */
  readonly info: number | null;
  readonly mod: number | null;
  readonly zip: number | null;
}

/** The checksum database's traffic. */
export interface SumdbSummary {
  /** Request ids, in order. */
  readonly requests: readonly number[];
  readonly counts: Readonly<Record<"supported" | "latest" | "lookup" | "tile" | "other", number>>;
  /** How go reached it: through entry N, directly, or at the explicit GOSUMDB URL; null when no traffic. */
  readonly via:
    | { readonly kind: "proxy"; readonly entry: number }
    | { readonly kind: "direct" | "explicit-url" }
    | null;
}

/** Totals per GOPROXY entry (or `sumdb`, `direct`, `git`). */
export interface Totals {
  readonly requests: number;
  /** Body bytes (known ones). */
  readonly bytes: number;
  /** Sum of request times, ms. */
  readonly ms: number;
}

/** The analysis of a trace. */
export interface TraceAnalysis {
  readonly fallbacks: readonly FallbackStep[];
  readonly modules: readonly ModuleServed[];
  readonly sumdb: SumdbSummary;
  /** Request ids of the slowest finished requests, slowest first (at most 5). */
  readonly slowest: readonly number[];
  readonly totals: Totals;
  readonly byEntry: Readonly<Record<string, Totals>>;
  /** Requests where go saw something other than what the upstream did (its printed text differs). */
  readonly textDiffers: readonly number[];
}

/** The role of a request by its path (`database`: it reached the database forwarder): `sumdb-supported`, `sumdb-latest`, `sumdb-lookup`, `sumdb-tile`, or `proxy`. */
export function roleOfPath(path: string, database: boolean): string {
  const p = path.split("?")[0]!;
  if (!database && !p.includes("/sumdb/")) return "proxy";
  if (/\/sumdb\/[^@]+\/supported$/.test(p) || p.endsWith("/supported")) return "sumdb-supported";
  if (/(^|\/)latest$/.test(p) && !p.endsWith("/@latest")) return "sumdb-latest";
  if (/(^|\/)lookup\//.test(p)) return "sumdb-lookup";
  if (/(^|\/)tile\//.test(p)) return "sumdb-tile";
  return "proxy";
}

/** The answer go's TryProxies sees from a request (404/410 are "not exist"; a missing answer is a hang). */
export function answerOf(r: TraceRequest): EntryAnswer {
  if (r.outcome === "unfinished" || r.outcome === "aborted") return { kind: "hang" };
  if (r.status === 200 && r.presentedToGo === null) return { kind: "ok" };
  const text = answerText(r);
  if ((r.status === 404 || r.status === 410) && r.presentedToGo === null)
    return { kind: "not-exist", error: text };
  return { kind: "error", error: text };
}

function answerText(r: TraceRequest): string {
  if (r.upstreamError !== null) return `${r.presentedToGo ?? "error"} (${r.upstreamError})`;
  return `${r.status ?? "?"}${r.statusText !== "" ? ` ${r.statusText}` : ""}`;
}

/** The path of a request below its entry's base path. */
export function relativePath(r: TraceRequest, entryURL: string): string {
  let base = "";
  try {
    base = new URL(entryURL).pathname.replace(/\/$/, "");
  } catch {
    base = "";
  }
  const p = r.path.split("?")[0]!;
  return base !== "" && p.startsWith(`${base}/`) ? p.slice(base.length) : p;
}

/**
 * Analyses recorded requests against the parsed GOPROXY list.
 *
 * @param entries ProxyList.entries (with the implicit `noproxy` entry)
 * @param requests every recorded request, in id order
 * @param sumdbMode how GOSUMDB was handled (core/trace/rewrite.ts SumdbPlan.mode)
 */
export function analyzeTrace(
  entries: readonly ProxyEntry[],
  requests: readonly TraceRequest[],
  sumdbMode: string,
): TraceAnalysis {
  return {
    fallbacks: fallbacksOf(entries, requests),
    modules: modulesOf(entries, requests),
    sumdb: sumdbOf(requests, sumdbMode),
    slowest: [...requests]
      .filter((r) => r.ms !== null)
      .sort((a, b) => b.ms! - a.ms! || a.id - b.id)
      .slice(0, 5)
      .map((r) => r.id),
    totals: totalsOf(requests),
    byEntry: byEntryOf(requests),
    textDiffers: requests.filter((r) => r.presentedToGo !== null).map((r) => r.id),
  };
}

function totalsOf(rs: readonly TraceRequest[]): Totals {
  return {
    requests: rs.length,
    bytes: rs.reduce((s, r) => s + (r.bytes ?? 0), 0),
    ms: rs.reduce((s, r) => s + (r.ms ?? 0), 0),
  };
}

function byEntryOf(rs: readonly TraceRequest[]): Record<string, Totals> {
  const groups = new Map<string, TraceRequest[]>();
  for (const r of rs) {
    const k = r.entry !== null && r.source === "proxy" ? String(r.entry) : r.source;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return Object.fromEntries([...groups].map(([k, v]) => [k, totalsOf(v)]));
}

/** Requests for the same path across entries, split into walks (a walk restarts when the entry index does not grow). */
function walksOf(entries: readonly ProxyEntry[], requests: readonly TraceRequest[]): TraceRequest[][] {
  const byPath = new Map<string, TraceRequest[][]>();
  for (const r of requests) {
    if (r.entry === null || (r.source !== "proxy" && r.role !== "sumdb-supported")) continue;
    const key =
      r.role === "sumdb-supported" ? "sumdb:supported" : relativePath(r, entries[r.entry]?.url ?? "");
    const walks = byPath.get(key) ?? [];
    const cur = walks[walks.length - 1];
    if (cur === undefined || cur[cur.length - 1]!.entry! >= r.entry) walks.push([r]);
    else cur.push(r);
    byPath.set(key, walks);
  }
  return [...byPath.values()].flat().sort((a, b) => a[0]!.id - b[0]!.id);
}

function fallbacksOf(entries: readonly ProxyEntry[], requests: readonly TraceRequest[]): FallbackStep[] {
  const out: FallbackStep[] = [];
  for (const walk of walksOf(entries, requests)) {
    const sumdb = walk[0]!.role === "sumdb-supported";
    const byIndex = new Map(walk.map((r) => [r.entry!, r]));
    const indexOf = new Map(entries.map((e, i) => [e, i]));
    // Entries without a record (direct, off) end the replay: they are not ours to answer.
    const result = walkProxies(entries, false, (e) => {
      const r = byIndex.get(indexOf.get(e)!);
      if (r !== undefined) return answerOf(r);
      return sumdb ? { kind: "not-exist", error: "no proxy supports the database" } : { kind: "hang" };
    });
    const tried = result.tried.map((e) => indexOf.get(e)!);
    const recorded = tried.filter((i) => byIndex.has(i));
    recorded.forEach((i, k) => {
      const r = byIndex.get(i)!;
      const a = answerOf(r);
      if (a.kind === "ok" || a.kind === "hang") return;
      const path = sumdb ? r.path.replace(/^.*\/(sumdb\/)/, "$1") : relativePath(r, entries[i]!.url);
      const answer = a.error;
      const next = tried[tried.indexOf(i) + 1];
      const moved = next !== undefined;
      const to = !moved
        ? sumdb && a.kind === "not-exist"
          ? "database-direct"
          : null
        : entries[next]!.kind === "direct" || entries[next]!.kind === "off"
          ? sumdb
            ? "database-direct"
            : (entries[next]!.kind as "direct" | "off")
          : next;
      const reason =
        a.kind === "not-exist"
          ? moved || to !== null
            ? `${answer}: go moves on after 404/410 whatever the separator`
            : `${answer}: no entry left, go reports it`
          : entries[i]!.fallBackOnError
            ? moved
              ? `${answer}: \`|\` lets go move on after any error`
              : `${answer}: no entry left, go reports it`
            : `${answer}: go stops here, \`,\` moves on only after 404/410`;
      out.push({ path, from: i, request: r.id, answer, to, reason });
      void k;
    });
  }
  return out;
}

function modulesOf(entries: readonly ProxyEntry[], requests: readonly TraceRequest[]): ModuleServed[] {
  const mods = new Map<
    string,
    { module: string; version: string; info: number | null; mod: number | null; zip: number | null }
  >();
  for (const r of requests) {
    if (r.source !== "proxy" || r.entry === null || r.status !== 200 || r.presentedToGo !== null) continue;
    const rel = relativePath(r, entries[r.entry]?.url ?? "");
    const m = /^\/(.+)\/@v\/(.+)\.(info|mod|zip)$/.exec(rel);
    if (m === null) continue;
    let module: string;
    let version: string;
    try {
      module = unescapePath(decodeURIComponentSafe(m[1]!));
      version = unescapeVersion(decodeURIComponentSafe(m[2]!));
    } catch {
      continue;
    }
    const key = `${module}@${version}`;
    const cur = mods.get(key) ?? { module, version, info: null, mod: null, zip: null };
    cur[m[3] as "info" | "mod" | "zip"] = r.entry;
    mods.set(key, cur);
  }
  return [...mods.values()];
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function sumdbOf(requests: readonly TraceRequest[], mode: string): SumdbSummary {
  const rs = requests.filter((r) => r.source === "sumdb" || r.role.startsWith("sumdb-"));
  const counts = { supported: 0, latest: 0, lookup: 0, tile: 0, other: 0 };
  for (const r of rs) {
    const k = r.role.replace(/^sumdb-/, "");
    if (k in counts) counts[k as keyof typeof counts]++;
    else counts.other++;
  }
  const data = rs.filter((r) => r.role !== "sumdb-supported");
  let via: SumdbSummary["via"] = null;
  if (data.length > 0) {
    const first = data[0]!;
    via =
      mode === "explicit-url"
        ? { kind: "explicit-url" }
        : first.entry !== null
          ? { kind: "proxy", entry: first.entry }
          : { kind: "direct" };
  }
  return { requests: rs.map((r) => r.id), counts, via };
}
