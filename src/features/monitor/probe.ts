/**
 * One probe of one monitor target.
 *
 * A GOPROXY mirror: the phases of one protocol request (adapters/net/probe.ts: DNS, TCP, proxy CONNECT,
 * TLS as go trusts it, HTTP) plus the GOPROXY-protocol conformance checks of features/protocol-check.ts
 * for the sentinel modules (list, .info, .mod, .zip, @latest, case escaping, the missing-module answer,
 * content types, /sumdb/<name>/supported), the `@latest` versions (freshness) and, with a checksum database
 * configured, the sampled zips' h1 hashes against the database's records (integrity).
 *
 * A checksum database: the phases of GET <url>/latest, the signed tree head verified with the database's
 * key (note.Open, tlog.ParseTree), and its consistency with the previous tree head the monitor saw (the
 * check x/mod/sumdb/client.go:checkTrees makes; core/monitor/consistency.ts).
 *
 * Never throws: every failure is a result with a cause from the taxonomy and a one-line detail.
 */
import { httpGet } from "../../adapters/net/http.js";
import { type ProbeResult, probeURL } from "../../adapters/net/probe.js";
import { httpSumdbSource } from "../../adapters/sumdb/source.js";
import type { Cause } from "../../core/causes.js";
import { errorText } from "../../core/errors.js";
import { proxyConfigFromEnv, proxyForURL } from "../../core/httpproxy.js";
import { escapePath } from "../../core/module/escape.js";
import { treesConsistent } from "../../core/monitor/consistency.js";
import { redactURL } from "../../core/redact.js";
import { lookupModule, recordedHash } from "../../core/sumdb/client.js";
import { openNote, parseVerifierKey } from "../../core/sumdb/note.js";
import { parseTree, type Tree } from "../../core/sumdb/tlog.js";
import { checkProtocol, type ProtocolCheckResult, type ProtocolModule } from "../protocol-check.js";
import type { GoproxyTarget, SentinelModule, SumdbTarget } from "./config.js";
import type { CheckOutcome, PhaseTimes, TargetProbeResult } from "./types.js";

/** The environment of probes. */
export interface ProbeContext {
  /** The certificates go trusts, PEM (adapters/machine/roots.goRoots().pems). */
  readonly roots: readonly string[];
  /** Where HTTP(S)_PROXY / NO_PROXY are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Fires on shutdown: running probes end soon after, with what they measured. */
  readonly signal: AbortSignal;
  /** Largest sample zip read, bytes. */
  readonly maxZipBytes: number;
  /** The checksum database's h1 for sentinel modules, or null when integrity is not checked. */
  readonly integrity: IntegrityOracle | null;
}

/** The h1 hash a checksum database records for module zips (cached: records never change). */
export interface IntegrityOracle {
  /** The zip's `h1:` hash, or null when the lookup failed or the record has no zip line. */
  expected(m: SentinelModule): Promise<string | null>;
  /** Forgets every module version not in keep (`path@version`), after a reload. */
  retain(keep: ReadonlySet<string>): void;
}

/**
 * Protocol-check requests of one probe in flight at once. With keep-alive pools they then share one
 * connection: a mirror is seldom asked again within its idle timeout (15 s intervals against the usual
 * 5 s of Node or a few seconds of undici), so every parallel request would open, and close, a connection
 * of its own, and a new connection costs the monitor several times the CPU of a request on an open one.
 */
const REQUESTS_IN_FLIGHT = 1;

/** Cached lookups at most (sentinel modules are few; this only bounds a pathological configuration). */
const MAX_CACHED_LOOKUPS = 256;

/**
 * An oracle backed by a checksum database at url with key: lookups proved with tiles and inclusion proofs
 * (core/sumdb/client.ts lookupModule), without a local tree head (the monitor keeps none on disk).
 */
export function createIntegrityOracle(
  db: { readonly url: string; readonly key: string; readonly name: string },
  opts: { readonly timeoutMs: number; readonly env: Readonly<Record<string, string | undefined>> },
): IntegrityOracle {
  const cache = new Map<string, Promise<string | null>>();
  const key = parseVerifierKey(db.key);
  return {
    expected(m) {
      const k = `${m.path}@${m.version}`;
      const hit = cache.get(k);
      if (hit !== undefined) return hit;
      const src = httpSumdbSource({
        name: db.name,
        explicitURL: db.url,
        entries: [],
        proxyConfig: proxyConfigFromEnv(opts.env),
        modcache: null,
        timeoutMs: opts.timeoutMs,
        readOnly: true,
      });
      const p = lookupModule(src, key, null, m.path, m.version).then(
        (r) => recordedHash(r, m.path, m.version, false),
        () => {
          // Not cached: the next probe asks again.
          cache.delete(k);
          return null;
        },
      );
      cache.set(k, p);
      if (cache.size > MAX_CACHED_LOOKUPS) cache.delete(cache.keys().next().value!);
      return p;
    },
    retain(keep) {
      for (const k of [...cache.keys()]) if (!keep.has(k)) cache.delete(k);
    },
  };
}

/** The phase facts every probe reports, from the network probe. */
function netFacts(
  net: ProbeResult,
): Pick<TargetProbeResult, "phases" | "dnsMs" | "httpStatus" | "certNotAfter"> {
  const phases: { -readonly [K in keyof PhaseTimes]: number } = {};
  if (net.dns !== null) phases.resolve = net.dns.ms;
  else if (net.tcp !== null) phases.resolve = 0;
  if (net.tcp !== null) phases.connect = net.tcp.ms;
  if (net.proxy !== null) phases.proxy_connect = net.proxy.ms;
  if (net.tls !== null) phases.tls = net.tls.ms;
  if (net.http !== null) phases.processing = net.http.ms;
  const notAfter = net.tls?.validTo ? Date.parse(net.tls.validTo) : Number.NaN;
  return {
    phases,
    dnsMs: net.dns?.ms ?? (net.tcp !== null ? 0 : null),
    httpStatus: net.http?.status ?? null,
    certNotAfter: Number.isNaN(notAfter) ? null : Math.floor(notAfter / 1000),
  };
}

/** What went wrong in the network probe, in one line. */
function netDetail(net: ProbeResult): string {
  const phase = net.failedPhase === null ? null : net[net.failedPhase];
  const text = net.goError ?? phase?.error ?? `${net.failedPhase} failed`;
  return redactURL(`${net.failedPhase ?? "probe"}: ${text}`);
}

/** A probe's overall signal, and what frees it when the probe ends. */
interface ProbeSignal {
  readonly signal: AbortSignal;
  /** Clears the deadline and detaches from the shutdown signal (call once, when the probe ends). */
  release(): void;
}

/**
 * The one overall deadline of a probe, ms: a few request deadlines (requests of one probe run partly in
 * parallel), but never longer than the target's interval — a hung mirror must report `probe_success 0`
 * before its next probe is due, and alerts count from there.
 */
export function probeDeadlineMs(t: { intervalMs: number; timeoutMs: number }, requests: number): number {
  return Math.min(t.intervalMs, t.timeoutMs * Math.max(2, Math.min(requests, 4)));
}

/**
 * The overall signal of one probe: fires on shutdown or at the probe's deadline (probeDeadlineMs). Not
 * AbortSignal.any: Node 20 keeps an entry for every composite signal on the long-lived shutdown signal for
 * the life of the process, so memory would grow with every probe; a listener removed by release() does not.
 */
function probeSignal(ctx: ProbeContext, deadlineMs: number): ProbeSignal {
  const ac = new AbortController();
  const onShutdown = () => ac.abort(ctx.signal.reason);
  if (ctx.signal.aborted) ac.abort(ctx.signal.reason);
  else ctx.signal.addEventListener("abort", onShutdown, { once: true });
  const timer = setTimeout(
    () => ac.abort(new DOMException("The probe's deadline passed", "TimeoutError")),
    deadlineMs,
  );
  timer.unref();
  return {
    signal: ac.signal,
    release() {
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onShutdown);
    },
  };
}

/** Waits for p, or until signal fires (then p's outcome is ignored): lookups outside the probe's requests. */
async function untilAborted(p: Promise<unknown>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([
      p.then(
        () => undefined,
        () => undefined,
      ),
      aborted,
    ]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

function aggregate(
  items: readonly { id: string; ok: boolean; ms: number; skipped?: boolean }[],
): CheckOutcome[] {
  const by = new Map<string, { id: string; ok: boolean; ms: number }>();
  for (const c of items) {
    if (c.skipped) continue;
    const prev = by.get(c.id);
    by.set(c.id, prev ? { id: c.id, ok: prev.ok && c.ok, ms: Math.max(prev.ms, c.ms) } : { ...c });
  }
  return [...by.values()].map(({ id, ok, ms }) => ({ id, ok, ms }));
}

/** One check remembered for a sentinel module. */
interface RememberedCheck {
  readonly id: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly cause: Cause | null;
  readonly detail: string;
  readonly module: string | null;
}

/**
 * What a mirror's probes last found for one sentinel module (`path@version`). Probes take the modules in
 * turn (core/monitor/schedule.ts rotation), so the verdict of a probe covers the last outcome of every
 * module: a module that failed keeps the mirror failing until it is checked again and passes.
 */
export interface ModuleMemory {
  readonly checks: readonly RememberedCheck[];
  /** The module's latest version as served, or null. */
  readonly latest: string | null;
  /** The h1 mismatch found in the sampled zip, as a sentence, or null. */
  readonly mismatch: string | null;
}

/**
 * Probes one GOPROXY mirror: the network phases of `<url>/<first module>/@v/list`, then the protocol
 * checks for `batch` (some of t.modules). `memory` (per target, keyed `path@version`) is updated with what
 * this probe found about the batch and pruned to t.modules; the result judges every module by its memory.
 */
export async function probeGoproxy(
  t: GoproxyTarget,
  ctx: ProbeContext,
  batch: readonly SentinelModule[] = t.modules,
  memory: Map<string, ModuleMemory> = new Map(),
): Promise<TargetProbeResult> {
  const at = Date.now();
  const t0 = performance.now();
  const probe = probeSignal(ctx, probeDeadlineMs(t, 6));
  const signal = probe.signal;
  const first = batch[0] ?? t.modules[0];
  const probeTarget = first === undefined ? `${t.url}/` : `${t.url}/${escapePath(first.path)}/@v/list`;
  const expected = new Map<string, string | null>();
  let net: ProbeResult;
  let proto: ProtocolCheckResult | string;
  try {
    if (ctx.integrity !== null)
      await untilAborted(
        Promise.all(
          batch.map(async (m) => expected.set(`${m.path}@${m.version}`, await ctx.integrity!.expected(m))),
        ),
        signal,
      );
    const modules: ProtocolModule[] = batch.map((m) => ({
      path: m.path,
      version: m.version,
      h1: expected.get(`${m.path}@${m.version}`) ?? null,
    }));
    const proxy = proxyForURL(proxyConfigFromEnv(ctx.env), probeTarget);
    [net, proto] = await Promise.all([
      probeURL(probeTarget, { phaseTimeoutMs: t.timeoutMs, signal, proxy: proxy.proxy, goRoots: ctx.roots }),
      checkProtocol(t.url, {
        modules,
        timeoutMs: t.timeoutMs,
        signal,
        sumdbName: t.sumdbName,
        env: ctx.env,
        ca: ctx.roots,
        maxZipBytes: ctx.maxZipBytes,
        keepAlive: true,
        maxInFlight: REQUESTS_IN_FLIGHT,
      }).catch((e: unknown) => errorText(e)),
    ]);
  } finally {
    probe.release();
  }
  const base = {
    target: t.label,
    kind: "goproxy" as const,
    at,
    ...netFacts(net),
    treeSize: null,
    consistent: null,
  };
  if (typeof proto === "string") {
    return {
      ...base,
      ok: false,
      cause: net.cause ?? "other",
      detail: net.cause !== null ? netDetail(net) : redactURL(`protocol check: ${proto}`),
      durationMs: Math.round(performance.now() - t0),
      checks: [],
      latest: [],
      zipBytesPerSecond: null,
      integrityMismatches: 0,
    };
  }
  // Remember what this probe found about each module of the batch.
  const batchKeys = new Set(batch.map((m) => `${m.path}@${m.version}`));
  const targetLevel: RememberedCheck[] = [];
  const perModule = new Map<string, RememberedCheck[]>();
  for (const c of proto.checks) {
    if (c.skipped) continue;
    const r: RememberedCheck = {
      id: c.id,
      ok: c.ok,
      ms: c.ms,
      cause: c.cause,
      detail: redactURL(c.detail),
      module: c.module,
    };
    if (c.module !== null && batchKeys.has(c.module))
      perModule.set(c.module, [...(perModule.get(c.module) ?? []), r]);
    else targetLevel.push(r);
  }
  let mismatches = 0;
  for (const [i, m] of batch.entries()) {
    const key = `${m.path}@${m.version}`;
    const z = proto.zips.find((x) => x.module === key);
    const want = expected.get(key);
    const bad = z !== undefined && z.h1 !== null && want != null && z.h1 !== want;
    if (bad) mismatches++;
    memory.set(key, {
      checks: perModule.get(key) ?? [],
      latest: proto.latest[i]?.version ?? null,
      mismatch: bad ? `${key}: the zip's hash ${z.h1} differs from the checksum database's ${want}` : null,
    });
  }
  const configured = new Set(t.modules.map((m) => `${m.path}@${m.version}`));
  for (const k of [...memory.keys()]) if (!configured.has(k)) memory.delete(k);
  const remembered = t.modules.flatMap((m) => {
    const mem = memory.get(`${m.path}@${m.version}`);
    return mem === undefined ? [] : [{ m, mem }];
  });
  const all = [...remembered.flatMap((x) => x.mem.checks), ...targetLevel];
  const mismatch = remembered.find((x) => x.mem.mismatch !== null);
  const failed = all.find((c) => !c.ok);
  let cause: Cause | null = null;
  let detail: string;
  if (net.cause !== null) {
    cause = net.cause;
    detail = netDetail(net);
  } else if (mismatch !== undefined) {
    cause = "checksum-mismatch";
    detail = mismatch.mem.mismatch!;
  } else if (failed !== undefined) {
    cause = failed.cause ?? "proxy-error";
    detail = `${failed.id}${failed.module === null ? "" : ` ${failed.module}`}: ${failed.detail}`;
  } else {
    detail = `${all.length} protocol checks passed; latest ${remembered
      .map((x) => `${x.m.path}@${x.mem.latest ?? "?"}`)
      .join(", ")}`;
  }
  const bytes = proto.zips.reduce((s, z) => s + z.bytes, 0);
  const ms = proto.zips.reduce((s, z) => s + z.ms, 0);
  return {
    ...base,
    ok: cause === null,
    cause,
    detail,
    durationMs: Math.round(performance.now() - t0),
    checks: aggregate(all),
    latest: remembered.map((x) => ({ module: x.m.path, version: x.mem.latest })),
    zipBytesPerSecond: ms > 0 ? Math.round((bytes * 1000) / Math.max(ms, 1)) : null,
    integrityMismatches: mismatches,
  };
}

/** Causes of a failed request to a checksum database, in the taxonomy's terms. */
function sumdbCause(c: Cause): Cause {
  return c === "proxy-error" || c === "not-found" ? "sumdb-error" : c;
}

/**
 * Probes one checksum database. `ref` is the largest tree head seen before that was consistent with its
 * predecessors (null on the first probe); the result says which tree to keep as the next ref: after a
 * tree that is not consistent with ref, ref is kept, so the probe keeps failing — a forked log stays an
 * alert until someone looks.
 */
export async function probeSumdb(
  t: SumdbTarget,
  ref: Tree | null,
  ctx: ProbeContext,
): Promise<{ result: TargetProbeResult; ref: Tree | null }> {
  const probe = probeSignal(ctx, probeDeadlineMs(t, 3));
  try {
    return await probeSumdbWith(t, ref, ctx, probe.signal);
  } finally {
    probe.release();
  }
}

async function probeSumdbWith(
  t: SumdbTarget,
  ref: Tree | null,
  ctx: ProbeContext,
  signal: AbortSignal,
): Promise<{ result: TargetProbeResult; ref: Tree | null }> {
  const at = Date.now();
  const t0 = performance.now();
  const url = `${t.url}/latest`;
  const proxyConfig = proxyConfigFromEnv(ctx.env);
  const proxy = proxyForURL(proxyConfig, url).proxy;
  const net = await probeURL(url, { phaseTimeoutMs: t.timeoutMs, signal, proxy, goRoots: ctx.roots });
  const base = {
    target: t.label,
    kind: "sumdb" as const,
    at,
    ...netFacts(net),
    checks: [],
    latest: [],
    zipBytesPerSecond: null,
    integrityMismatches: 0,
  };
  const done = (
    ok: boolean,
    cause: Cause | null,
    detail: string,
    treeSize: number | null,
    consistent: boolean | null,
  ): TargetProbeResult => ({
    ...base,
    ok,
    cause,
    detail: redactURL(detail),
    treeSize,
    consistent,
    durationMs: Math.round(performance.now() - t0),
  });
  if (net.cause !== null)
    return { result: done(false, sumdbCause(net.cause), netDetail(net), null, null), ref };
  const r = await httpGet(url, { timeoutMs: t.timeoutMs, maxBytes: 64 << 10, proxy, ca: ctx.roots, signal });
  if (!r.ok) return { result: done(false, "sumdb-unreachable", r.error, null, null), ref };
  if (r.status !== 200)
    return { result: done(false, "sumdb-error", `reading ${url}: ${r.status}`, null, null), ref };
  let tree: Tree;
  try {
    tree = parseTree(openNote(r.body, [parseVerifierKey(t.key)]).text);
  } catch (e) {
    return {
      result: done(false, "sumdb-error", `${url}: signed tree head: ${errorText(e)}`, null, null),
      ref,
    };
  }
  if (ref === null) return { result: done(true, null, `tree ${tree.n}`, tree.n, null), ref: tree };
  const src = httpSumdbSource({
    name: t.name,
    explicitURL: t.url,
    entries: [],
    proxyConfig,
    modcache: null,
    timeoutMs: t.timeoutMs,
    readOnly: true,
  });
  let consistent: boolean;
  try {
    consistent = await treesConsistent((tiles) => src.tiles(tiles), ref, tree);
  } catch (e) {
    return {
      result: done(
        false,
        "sumdb-error",
        `proving tree ${tree.n} against tree ${ref.n}: ${errorText(e)}`,
        tree.n,
        null,
      ),
      ref,
    };
  }
  if (!consistent)
    return {
      result: done(
        false,
        "sumdb-error",
        `tree ${tree.n} is not consistent with tree ${ref.n} seen before: the log was forked or rewritten`,
        tree.n,
        false,
      ),
      ref,
    };
  const grew = tree.n - ref.n;
  return {
    result: done(
      true,
      null,
      `tree ${tree.n} (${grew >= 0 ? "+" : ""}${grew}), consistent with tree ${ref.n}`,
      tree.n,
      true,
    ),
    ref: tree.n >= ref.n ? tree : ref,
  };
}
