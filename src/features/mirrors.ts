/**
 * `goproxy-doctor mirrors`: candidate GOPROXY mirrors probed side by side, concurrently and under one
 * deadline — phase latencies (median of several probes, adapters/net/probe.ts), throughput on the sample
 * zips, GOPROXY-protocol conformance (features/protocol-check.ts), freshness of sentinel modules across
 * mirrors (core/mirrors/freshness.ts), integrity (h1 of the sampled zips and go.mod files against the
 * checksum database, looked up with proofs: core/sumdb/client.ts) and checksum-database proxying (a lookup
 * through the mirror's /sumdb/, verified with the same key) — then ranked, with a recommended GOPROXY
 * (core/mirrors/rank.ts). Writes nothing: the checksum-database source is read-only and has no cache.
 */
import { goAuthCredentials } from "../adapters/machine/goauth.js";
import { goRoots } from "../adapters/machine/roots.js";
import { type Lookup, type ProbeResult, probeURL } from "../adapters/net/probe.js";
import { httpSumdbSource } from "../adapters/sumdb/source.js";
import type { Cause } from "../core/causes.js";
import { checkProxyURL, implicitScheme, parseProxyList } from "../core/config/goproxy.js";
import { parseGOSUMDB } from "../core/config/gosumdb.js";
import { errorText } from "../core/errors.js";
import { parseURL } from "../core/gourl.js";
import { proxyConfigFromEnv, proxyForURL } from "../core/httpproxy.js";
import { DEAD_MIRRORS } from "../core/lint/goproxy-rules.js";
import { compareFreshness, type Freshness } from "../core/mirrors/freshness.js";
import {
  type MirrorFacts,
  type RankedMirror,
  type Recommendation,
  rankMirrors,
  recommend,
} from "../core/mirrors/rank.js";
import { escapePath, escapeVersion } from "../core/module/escape.js";
import type { NetrcEntry } from "../core/netrc.js";
import { requestURL } from "../core/protocol.js";
import { redactURL } from "../core/redact.js";
import { type LookupResult, lookupModule, recordedHash } from "../core/sumdb/client.js";
import { parseVerifierKey, type VerifierKey } from "../core/sumdb/note.js";
import { type EnvOptions, envReport } from "./env.js";
import {
  checkProtocol,
  DEFAULT_PROBE_MODULES,
  type ProtocolCheckResult,
  type ProtocolModule,
} from "./protocol-check.js";

/** The public mirrors compared by default (live ones, then ones known to be gone, shown as dead). */
export const WELL_KNOWN_MIRRORS: readonly string[] = [
  "https://proxy.golang.org",
  "https://goproxy.cn",
  "https://goproxy.io",
  "https://mirrors.aliyun.com/goproxy/",
  "https://gocenter.io",
  "https://athens.azurefd.net",
];

/** Options of the mirrors feature. */
export interface MirrorsOptions extends EnvOptions {
  /** Candidate mirrors; when empty or absent: the configured GOPROXY URL entries plus publicMirrors. */
  readonly urls?: readonly string[];
  /** The public mirrors added by default (default WELL_KNOWN_MIRRORS; tests pass loopback URLs or []). */
  readonly publicMirrors?: readonly string[];
  /** Probe / sentinel modules (default DEFAULT_PROBE_MODULES). */
  readonly modules?: readonly ProtocolModule[];
  /** The module asked for to see a "not found" answer (protocol-check's default when absent). */
  readonly missingModule?: ProtocolModule;
  /** Deadline of each request and each probe phase, ms (default 10 000). */
  readonly timeoutMs?: number;
  /** Deadline of the whole comparison, ms (default 60 000): partial results are reported after it. */
  readonly deadlineMs?: number;
  /** Latency probes per mirror (default 3; the median is reported). */
  readonly tries?: number;
  /** Name resolution for the latency probes (tests); the system resolver otherwise. */
  readonly lookup?: Lookup;
}

/** Median phase durations of the latency probes, ms (null: the phase never completed). */
export interface Latency {
  readonly tries: number;
  /** Probes that got an HTTP answer. */
  readonly answered: number;
  readonly dnsMs: number | null;
  readonly connectMs: number | null;
  readonly tlsMs: number | null;
  /** Time to the response headers after the connection was ready. */
  readonly httpMs: number | null;
  /** The whole request, DNS to answer. */
  readonly totalMs: number | null;
  /** The cause of the last failed probe, or null. */
  readonly cause: Cause | null;
  readonly error: string | null;
}

/** Checksum-database proxying through the mirror. */
export interface SumdbProxying {
  /** `/sumdb/<name>/supported`: true 200, false 404/410, null not asked or other. */
  readonly supported: boolean | null;
  /** A lookup through the mirror verified with the database's key and matching the direct answer; null: not tried. */
  readonly verified: boolean | null;
  readonly detail: string;
}

/** One mirror's comparison result (mirrors/v1 `mirrors[]`). */
export interface MirrorReport extends RankedMirror {
  /** The mirror is among the configured GOPROXY entries. */
  readonly configured: boolean;
  readonly probed: boolean;
  readonly latency: Latency | null;
  readonly protocol: ProtocolCheckResult | null;
  readonly freshness: Freshness | null;
  /** One line per compared hash: `module@version[/go.mod]: verified|mismatch …`. */
  readonly integrityDetail: readonly string[];
  readonly sumdb: SumdbProxying;
}

/** The comparison (mirrors/v1 is rendered from it). */
export interface MirrorsReport {
  /** The GOPROXY value in effect, redacted. */
  readonly current: string;
  readonly modules: readonly ProtocolModule[];
  readonly sumdb: { readonly name: string | null; readonly error: string | null };
  /** Ranked, best first. */
  readonly mirrors: readonly MirrorReport[];
  readonly recommendation: Recommendation;
  /** Whole duration, ms. */
  readonly ms: number;
  /** The overall deadline fired before every probe finished. */
  readonly deadlineHit: boolean;
}

/** A candidate mirror URL could not be used. */
export class MirrorURLError extends Error {}

/**
 * A candidate URL as go would use it as a GOPROXY entry (`https://` added to scheme-less ones).
 * @throws MirrorURLError for a URL go refuses, a file:// URL, or one containing `,` or `|`.
 */
export function candidateURL(raw: string): string {
  const s = raw.trim();
  if (/[,|]/.test(s)) throw new MirrorURLError(`${redactURL(s)}: one mirror URL at a time (no , or |)`);
  const url = implicitScheme(s);
  try {
    const u = checkProxyURL(url);
    if (u.scheme === "file") throw new MirrorURLError(`${redactURL(s)}: file:// mirrors are not probed`);
  } catch (e) {
    if (e instanceof MirrorURLError) throw e;
    throw new MirrorURLError(errorText(e));
  }
  return url;
}

function key(url: string): string {
  return url.replace(/\/+$/, "").toLowerCase();
}

function hostOf(url: string): string {
  try {
    return parseURL(url).host.replace(/:\d+$/, "").toLowerCase();
  } catch {
    return "";
  }
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}

async function measureLatency(url: string, tries: number, opts: ProbeCtx): Promise<Latency> {
  const results: ProbeResult[] = [];
  for (let i = 0; i < tries && !opts.signal.aborted; i++)
    results.push(
      await probeURL(url, {
        phaseTimeoutMs: opts.timeoutMs,
        signal: opts.signal,
        proxy: opts.proxyFor(url),
        goRoots: opts.roots,
        netrc: opts.netrc,
        ...(opts.lookup && { lookup: opts.lookup }),
      }),
    );
  const answered = results.filter((r) => r.http?.status != null);
  const pick = (f: (r: ProbeResult) => number | null | undefined) =>
    median(answered.map(f).filter((x): x is number => typeof x === "number"));
  const failed = results.filter((r) => r.cause !== null && r.http?.status == null).at(-1);
  return {
    tries: results.length,
    answered: answered.length,
    dnsMs: pick((r) => r.dns?.ms),
    connectMs: pick((r) => r.tcp?.ms),
    tlsMs: pick((r) => r.tls?.ms),
    httpMs: pick((r) => r.http?.ms),
    totalMs: pick((r) => r.totalMs),
    cause: failed?.cause ?? null,
    error: failed === undefined ? null : (failed.goError ?? "no answer"),
  };
}

interface ProbeCtx {
  readonly timeoutMs: number;
  /** .netrc entries: go sends the host's on https (cmd/go/internal/auth), so a private mirror is judged as go sees it. */
  readonly netrc: readonly NetrcEntry[];
  readonly signal: AbortSignal;
  readonly roots: readonly string[];
  readonly lookup: Lookup | undefined;
  readonly proxyFor: (url: string) => string | null;
}

interface Database {
  readonly name: string;
  readonly key: VerifierKey;
  /** Verified lookups of the probe modules, straight from the database (or through GOPROXY as go would). */
  readonly lookups: Promise<Map<string, LookupResult | Error>>;
}

function splitMV(mv: string): { module: string; version: string } {
  const at = mv.lastIndexOf("@");
  return { module: mv.slice(0, at), version: mv.slice(at + 1) };
}

function integrityOf(
  p: ProtocolCheckResult | null,
  lookups: Map<string, LookupResult | Error> | null,
): { integrity: MirrorFacts["integrity"]; lines: string[] } {
  if (p === null || lookups === null) return { integrity: "unknown", lines: [] };
  const lines: string[] = [];
  let verified = 0;
  let mismatch = 0;
  const hashes = [
    ...p.zips.flatMap((z) => (z.h1 === null ? [] : [{ mv: z.module, h1: z.h1, goMod: false }])),
    ...p.mods.map((m) => ({ mv: m.module, h1: m.h1, goMod: true })),
  ];
  for (const h of hashes) {
    const { module, version } = splitMV(h.mv);
    const what = `${h.mv}${h.goMod ? "/go.mod" : ""}`;
    const r = lookups.get(h.mv);
    if (r === undefined || r instanceof Error) {
      lines.push(`${what}: not compared (${r === undefined ? "not looked up" : errorText(r)})`);
      continue;
    }
    const want = recordedHash(r, module, version, h.goMod);
    if (want === null) lines.push(`${what}: not compared (no such line in the database's record)`);
    else if (want === h.h1) {
      verified++;
      lines.push(`${what}: verified ${h.h1}`);
    } else {
      mismatch++;
      lines.push(`${what}: mismatch: mirror ${h.h1}, checksum database ${want}`);
    }
  }
  return { integrity: mismatch > 0 ? "mismatch" : verified > 0 ? "verified" : "unknown", lines };
}

async function sumdbThroughMirror(
  base: string,
  db: Database | null,
  p: ProtocolCheckResult | null,
  modules: readonly ProtocolModule[],
  timeoutMs: number,
  env: Readonly<Record<string, string | undefined>>,
  ctx: ProbeCtx,
): Promise<SumdbProxying> {
  if (db === null)
    return { supported: null, verified: null, detail: "no checksum database (GOSUMDB off or invalid)" };
  const supported = p?.sumdbSupported ?? null;
  if (supported !== true)
    return {
      supported,
      verified: null,
      detail:
        supported === false
          ? `does not proxy ${db.name}: go connects to it directly`
          : `/sumdb/${db.name}/supported did not answer 200 or 404/410`,
    };
  const m = modules[0];
  if (m === undefined) return { supported, verified: null, detail: "no module to look up" };
  const source = httpSumdbSource({
    name: db.name,
    explicitURL: `${base.replace(/\/+$/, "")}/sumdb/${db.name}`,
    entries: [],
    proxyConfig: proxyConfigFromEnv(env),
    modcache: null,
    timeoutMs,
    readOnly: true,
    goRoots: ctx.roots,
    netrc: ctx.netrc,
    ...(ctx.lookup && { lookup: ctx.lookup }),
  });
  try {
    const via = await lookupModule(source, db.key, null, m.path, m.version);
    const direct = (await db.lookups).get(`${m.path}@${m.version}`);
    const same =
      direct === undefined || direct instanceof Error
        ? null
        : recordedHash(direct, m.path, m.version, false) === recordedHash(via, m.path, m.version, false);
    if (same === false)
      return {
        supported,
        verified: false,
        detail: `a lookup through the mirror differs from the database's own answer`,
      };
    return {
      supported,
      verified: true,
      detail: `lookup of ${m.path}@${m.version} through the mirror verified (tree size ${via.tree.n})`,
    };
  } catch (e) {
    return {
      supported,
      verified: false,
      detail: `lookup through the mirror failed: ${redactURL(errorText(e))}`,
    };
  }
}

interface Candidate {
  readonly url: string;
  readonly configured: boolean;
  readonly dead: string | null;
}

function candidates(opts: MirrorsOptions, configured: readonly string[]): Candidate[] {
  const explicit = (opts.urls ?? []).map(candidateURL);
  const list =
    explicit.length > 0 ? explicit : [...configured, ...(opts.publicMirrors ?? WELL_KNOWN_MIRRORS)];
  const seen = new Set<string>();
  const configuredKeys = new Set(configured.map(key));
  const out: Candidate[] = [];
  for (const url of list) {
    if (seen.has(key(url))) continue;
    seen.add(key(url));
    out.push({ url, configured: configuredKeys.has(key(url)), dead: DEAD_MIRRORS[hostOf(url)] ?? null });
  }
  return out;
}

interface Probed {
  readonly c: Candidate;
  readonly latency: Latency | null;
  readonly protocol: ProtocolCheckResult | null;
  readonly sumdb: SumdbProxying;
}

/**
 * Compares the candidate mirrors and recommends a GOPROXY value. Never throws for what servers do; every
 * mirror finishes within opts.deadlineMs (partial results then).
 * @throws MirrorURLError for a candidate URL that cannot be a GOPROXY entry (a usage error).
 */
export async function compareMirrors(opts: MirrorsOptions = {}): Promise<MirrorsReport> {
  const t0 = performance.now();
  const env = opts.env ?? process.env;
  const report = await envReport({ ...opts, env, crossCheck: false });
  const vars = report.resolved.vars;
  const netrc = goAuthCredentials(env, vars, report.answeredFor.version).entries;
  const goproxy = vars.GOPROXY?.value ?? "";
  const list = parseProxyList(goproxy, vars.GONOPROXY?.value ?? "");
  const configured = list.entries.filter((e) => e.kind === "url").map((e) => e.url);
  const all = candidates(opts, configured);
  const modules = opts.modules ?? DEFAULT_PROBE_MODULES;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const deadline = AbortSignal.timeout(opts.deadlineMs ?? 60_000);
  const roots = goRoots(env);
  const proxyConfig = proxyConfigFromEnv(env);
  const ca = roots.pems.length > 0 ? roots.pems : undefined;

  const setting = parseGOSUMDB(vars.GOSUMDB?.value ?? "");
  let db: Database | null = null;
  let sumdbError: string | null = null;
  if (!setting.off && "error" in setting) sumdbError = setting.error;
  else if (!setting.off) {
    try {
      const key = parseVerifierKey(setting.config.key);
      const source = httpSumdbSource({
        name: setting.config.name,
        explicitURL: setting.config.url,
        entries: list.entries,
        proxyConfig,
        modcache: null,
        timeoutMs,
        readOnly: true,
        goRoots: roots.pems,
        netrc,
        ...(opts.lookup && { lookup: opts.lookup }),
      });
      const lookups = Promise.all(
        modules.map(async (m) => {
          try {
            return [
              `${m.path}@${m.version}`,
              await lookupModule(source, key, null, m.path, m.version),
            ] as const;
          } catch (e) {
            return [`${m.path}@${m.version}`, e instanceof Error ? e : new Error(String(e))] as const;
          }
        }),
      ).then((pairs) => new Map<string, LookupResult | Error>(pairs));
      db = { name: setting.config.name, key, lookups };
    } catch (e) {
      sumdbError = errorText(e);
    }
  }
  const pctx: ProbeCtx = {
    timeoutMs,
    netrc,
    signal: deadline,
    roots: roots.pems,
    lookup: opts.lookup,
    proxyFor: (url) => proxyForURL(proxyConfig, url).proxy,
  };

  const probed: Probed[] = await Promise.all(
    all.map(async (c): Promise<Probed> => {
      if (c.dead !== null)
        return {
          c,
          latency: null,
          protocol: null,
          sumdb: { supported: null, verified: null, detail: "not probed" },
        };
      const first = modules[0];
      const latencyURL = first === undefined ? `${c.url.replace(/\/+$/, "")}/` : probeTarget(c.url, first);
      const [latency, protocol] = await Promise.all([
        measureLatency(latencyURL, opts.tries ?? 3, pctx),
        checkProtocol(c.url, {
          modules,
          timeoutMs,
          signal: deadline,
          sumdbName: db?.name ?? null,
          env,
          netrc,
          ...(ca && { ca }),
          ...(opts.missingModule && { missingModule: opts.missingModule }),
        }),
      ]);
      const sumdb = await sumdbThroughMirror(c.url, db, protocol, modules, timeoutMs, env, pctx);
      return { c, latency, protocol, sumdb };
    }),
  );
  const lookups = db === null ? null : await db.lookups;

  // Freshness is compared among mirrors whose list and @latest answers conform.
  const trusted = probed.filter(
    (p) => p.protocol?.checks.every((k) => k.ok || (k.id !== "list" && k.id !== "latest")) === true,
  );
  const fresh = new Map(
    compareFreshness(trusted.map((p) => ({ url: p.c.url, latest: p.protocol!.latest }))).map((f) => [
      f.url,
      f,
    ]),
  );
  const details = new Map<
    string,
    { freshness: Freshness | null; integrity: ReturnType<typeof integrityOf> }
  >();
  const facts: MirrorFacts[] = probed.map((p) => {
    const integrity = integrityOf(p.protocol, lookups);
    const freshness = fresh.get(p.c.url) ?? null;
    details.set(p.c.url, { freshness, integrity });
    const failedChecks = [
      ...new Set((p.protocol?.checks ?? []).filter((k) => !k.ok).map((k) => k.id as string)),
      ...(p.sumdb.verified === false ? ["sumdb-lookup"] : []),
    ];
    const zips = p.protocol?.zips ?? [];
    const bytes = zips.reduce((n, z) => n + z.bytes, 0);
    const ms = zips.reduce((n, z) => n + z.ms, 0);
    return {
      url: p.c.url,
      dead: p.c.dead,
      reachable:
        p.c.dead === null &&
        ((p.latency?.answered ?? 0) > 0 || (p.protocol?.checks ?? []).some((k) => k.status !== null)),
      protocolOk: p.protocol?.ok === true && p.sumdb.verified !== false,
      failedChecks,
      integrity: integrity.integrity,
      staleModules: freshness?.stale.length ?? 0,
      latencyMs: p.latency?.totalMs ?? null,
      throughputBps: bytes > 0 && ms > 0 ? Math.round((bytes * 1000) / ms) : null,
      sumdbProxied: p.sumdb.supported,
    };
  });
  const ranked = rankMirrors(facts);
  const byURL = new Map(probed.map((p) => [p.c.url, p]));
  const mirrors: MirrorReport[] = ranked.map((r) => {
    const p = byURL.get(r.url)!;
    const d = details.get(r.url)!;
    return {
      ...r,
      url: redactURL(r.url),
      configured: p.c.configured,
      probed: p.c.dead === null,
      latency: p.latency,
      protocol: p.protocol,
      freshness: d.freshness,
      integrityDetail: d.integrity.lines,
      sumdb: p.sumdb,
    };
  });
  const recommendation = recommend(
    ranked.map((r) => ({ ...r, url: redactURL(r.url) })),
    db?.name ?? null,
  );
  return {
    current: redactURL(goproxy),
    modules,
    sumdb: { name: db?.name ?? null, error: sumdbError },
    mirrors,
    recommendation,
    ms: Math.round(performance.now() - t0),
    deadlineHit: deadline.aborted,
  };
}

function probeTarget(base: string, m: ProtocolModule): string {
  try {
    // Credentials stay in the URL: the probe sends them as Basic authorization and redacts its result.
    const u = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/@?#]*@)?(.*)$/.exec(base)!;
    const built = requestURL(`${u[1]}${u[3]}`, {
      op: "info",
      path: `${escapePath(m.path)}/@v/${escapeVersion(m.version)}.info`,
    });
    return u[2] === undefined ? built : built.replace(u[1]!, `${u[1]}${u[2]}`);
  } catch {
    return `${base.replace(/\/+$/, "")}/`;
  }
}
