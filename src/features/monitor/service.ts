/**
 * The `monitor` service: probes every target on its interval (with jitter, at most `concurrency` probes at
 * once, via p-map's pMapIterable over an endless stream of due targets), keeps per target only its last
 * probe, its alert state and (checksum databases) the last consistent tree head, serves /metrics, /healthz
 * and a status page on node:http, sends alert and recovery notices after the hysteresis of
 * core/monitor/alerts.ts, applies a new configuration in place (reload) and shuts down gracefully.
 *
 * Wake-ups are coalesced: the scheduler wakes on a grid of {@link coalesceMs} (about 1 s for 15 s
 * intervals) and starts together every target due within half a step of the grid point, so that 100 targets
 * cost a few wake-ups a second instead of one per probe and their I/O shares event-loop turns. A probe starts
 * at most half a step from its (jittered) due time, early or late, so intervals keep their average.
 *
 * Memory is bounded by the configuration: no per-probe history is kept, freshness keeps a few versions per
 * sentinel module, notifier queues are capped, and a target removed by a reload loses its state and its
 * series at once.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pMapIterable } from "p-map";
import { goRoots } from "../../adapters/machine/roots.js";
import { closeKeptAlive } from "../../adapters/net/http.js";
import { processRedactor } from "../../adapters/output/redaction.js";
import { errorText } from "../../core/errors.js";
import {
  type AlertNotice,
  type AlertState,
  INITIAL_ALERT_STATE,
  stepAlert,
} from "../../core/monitor/alerts.js";
import { type FreshnessHistory, freshnessLagMs, observeVersion } from "../../core/monitor/freshness.js";
import { firstDue, nextDue, rotation } from "../../core/monitor/schedule.js";
import type { Redactor } from "../../core/redact.js";
import type { Tree } from "../../core/sumdb/tlog.js";
import type { MonitorConfig, MonitorTarget } from "./config.js";
import { createMonitorMetrics, type MonitorMetrics } from "./metrics.js";
import { createNotifier, type Notifier } from "./notify.js";
import {
  createIntegrityOracle,
  type IntegrityOracle,
  type ModuleMemory,
  type ProbeContext,
  probeGoproxy,
  probeSumdb,
} from "./probe.js";
import type { MonitorRenderers, TargetProbeResult, TargetView } from "./types.js";

/** A log sink: one line per call, no trailing newline. */
export type MonitorLog = (level: "info" | "warn" | "error", message: string) => void;

/** Options of {@link startMonitor}. */
export interface MonitorOptions {
  /** The status page, alert log lines and webhook bodies (the CLI passes render/monitor.ts's). */
  readonly render: MonitorRenderers;
  /** Where log lines go (default: stderr, one timestamped line each). */
  readonly log?: MonitorLog;
  /** HTTP(S)_PROXY, NO_PROXY, SSL_CERT_FILE / SSL_CERT_DIR are read from it (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The roots probes trust, PEM (default: go's, adapters/machine/roots.goRoots). */
  readonly roots?: readonly string[];
  /** Shown on the status page. */
  readonly version?: string;
  /** How long a shutdown waits for running probes, then for notices in flight, ms (default 10 000). */
  readonly graceMs?: number;
}

/** A running monitor. */
export interface MonitorHandle {
  /** `http://HOST:PORT` of its server (the port actually bound). */
  readonly url: string;
  /** Applies a new, already validated configuration (SIGHUP). listen and concurrency need a restart. */
  reload(config: MonitorConfig): void;
  /** Records a reload that failed validation: the running configuration stays (SIGHUP with a bad file). */
  reloadFailed(reason: string): void;
  /** The targets as /metrics and the status page see them. */
  views(): TargetView[];
  /** Stops scheduling, lets running probes finish within the grace bound, drains notices, closes the server. */
  stop(): Promise<void>;
}

interface Runtime {
  target: MonitorTarget;
  nextDue: number;
  busy: boolean;
  alert: AlertState;
  last: TargetProbeResult | null;
  /** Checksum databases: the largest consistent tree head seen. */
  ref: Tree | null;
  /** GOPROXY mirrors: probes so far (the rotation of sentinel modules), and what each module last gave. */
  round: number;
  memory: Map<string, ModuleMemory>;
}

function defaultLog(level: string, message: string): void {
  process.stderr.write(`${new Date().toISOString()} ${level} ${message}\n`);
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    const ready = () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    };
    if (host === "") server.listen(port, ready);
    else server.listen(port, host, ready);
  });
}

/** The redactor of a monitor: the machine's secrets plus every target's and receiver's URL secrets. */
function monitorRedactor(config: MonitorConfig, env: Readonly<Record<string, string | undefined>>): Redactor {
  const argv = [
    ...config.targets.map((t) => t.url),
    ...config.alerting.receivers.flatMap((r) => ["--webhook", r.url]),
  ];
  return processRedactor(env, argv);
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * The step of the scheduler's wake-up grid, ms: a sixteenth of the shortest interval, at most 1 s (15 s
 * intervals: ~0.94 s; a test's 250 ms: 15 ms), at least 1 ms.
 */
export function coalesceMs(config: MonitorConfig): number {
  const shortest = Math.min(...config.targets.map((t) => t.intervalMs));
  return Math.max(1, Math.min(1000, Math.floor(shortest / 16)));
}

/**
 * How long the scheduler sleeps, ms, when the earliest due time (ms since the epoch) is more than half a
 * step away: until the grid point nearest to it, so that targets due around the same time start together.
 */
export function coalescedDelay(earliest: number, now: number, step: number): number {
  return Math.max(0, Math.round(earliest / step) * step - now);
}

function moduleKeys(config: MonitorConfig): Set<string> {
  const keys = new Set<string>();
  for (const t of config.targets)
    if (t.kind === "goproxy") for (const m of t.modules) keys.add(`${m.path}@${m.version}`);
  return keys;
}

/**
 * Starts the monitor: binds its server on config.listen, then probes. Rejects when the address cannot be
 * bound (EADDRINUSE…); never throws afterwards — probe and delivery failures are logged and measured.
 */
export async function startMonitor(initial: MonitorConfig, opts: MonitorOptions): Promise<MonitorHandle> {
  // The output boundary of a long-running process: metrics, the status page, logs and webhook bodies pass
  // one redactor that knows the secrets of the configuration (targets' and receivers' URLs) and of the machine.
  const redact = monitorRedactor(initial, opts.env ?? process.env);
  const rawLog = opts.log ?? defaultLog;
  const log: typeof rawLog = (level, message) => rawLog(level, redact(message));
  const env = opts.env ?? process.env;
  const roots = opts.roots ?? goRoots(env).pems;
  const graceMs = opts.graceMs ?? 10_000;
  const startedAt = Date.now();
  let config = initial;
  const runtimes = new Map<string, Runtime>();
  const freshness = new Map<string, FreshnessHistory>();
  const shutdown = new AbortController();
  let stopping = false;

  const newRuntime = (t: MonitorTarget, now: number): Runtime => ({
    target: t,
    nextDue: firstDue(now, t.intervalMs, config.jitter, Math.random()),
    busy: false,
    alert: INITIAL_ALERT_STATE,
    last: null,
    ref: null,
    round: 0,
    memory: new Map(),
  });
  for (const t of config.targets) runtimes.set(t.label, newRuntime(t, startedAt));

  const oracleFor = (c: MonitorConfig): IntegrityOracle | null =>
    c.checksumDatabase === null
      ? null
      : createIntegrityOracle(c.checksumDatabase, { timeoutMs: c.timeoutMs, env });
  let integrity = oracleFor(config);

  const views = (): TargetView[] => {
    const now = Date.now();
    const out: TargetView[] = [];
    for (const t of config.targets) {
      const rt = runtimes.get(t.label);
      if (rt === undefined) continue;
      const wanted = new Set(t.kind === "goproxy" ? t.modules.map((m) => m.path) : []);
      const lags: { module: string; seconds: number }[] = [];
      for (const l of rt.last?.latest ?? []) {
        if (!wanted.has(l.module)) continue;
        const ms = freshnessLagMs(freshness.get(l.module) ?? [], l.version, now);
        if (ms !== null) lags.push({ module: l.module, seconds: Math.round(ms / 1000) });
      }
      out.push({ target: rt.target, last: rt.last, alert: rt.alert, lags, nextDue: rt.nextDue });
    }
    return out;
  };
  const metrics: MonitorMetrics = createMonitorMetrics(views);
  const notifier: Notifier = createNotifier(config.alerting.receivers, {
    log,
    redact,
    body: opts.render.alertBody,
    counted: (r, k, ok) => metrics.countDelivery(r, k, ok),
  });

  // ---------- the server ----------
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("method not allowed\n");
      return;
    }
    if (path === "/metrics") {
      const text = await metrics.exposition();
      res
        .writeHead(200, { "content-type": metrics.registry.contentType })
        .end(req.method === "HEAD" ? "" : redact(text));
    } else if (path === "/healthz") {
      res
        .writeHead(stopping ? 503 : 200, { "content-type": "text/plain" })
        .end(stopping ? "shutting down\n" : "ok\n");
    } else if (path === "/") {
      const html = opts.render.statusPage(views(), {
        instance: config.instance,
        version: opts.version ?? "",
        now: Date.now(),
        startedAt,
      });
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(req.method === "HEAD" ? "" : redact(html));
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: try /, /metrics or /healthz\n");
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log("error", `serving ${req.url}: ${errorText(e)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error\n");
    });
  });
  server.keepAliveTimeout = 5_000;
  const addr = await listen(server, config.listen.host, config.listen.port);
  const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  log("info", `monitor listening on ${url} (/metrics, /healthz, /), ${config.targets.length} target(s)`);

  // ---------- scheduling ----------
  let wakeUp: (() => void) | null = null;
  const wake = () => {
    const w = wakeUp;
    wakeUp = null;
    w?.();
  };
  const sleepUntil = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, Math.max(0, Math.min(ms, 60_000)));
      function done() {
        clearTimeout(t);
        if (wakeUp === done) wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  async function* dueTargets(): AsyncGenerator<Runtime> {
    while (!stopping) {
      const now = Date.now();
      const step = coalesceMs(config);
      // Due: within half a grid step, so that targets due around the same time start in one wake-up.
      const horizon = now + step / 2;
      let pick: Runtime | null = null;
      let earliest = Number.POSITIVE_INFINITY;
      for (const rt of runtimes.values()) {
        if (rt.busy) continue;
        if (rt.nextDue <= horizon && (pick === null || rt.nextDue < pick.nextDue)) pick = rt;
        earliest = Math.min(earliest, rt.nextDue);
      }
      if (pick !== null) {
        pick.busy = true;
        yield pick;
        continue;
      }
      await sleepUntil(coalescedDelay(earliest, now, step));
    }
  }

  const probeContext = (): ProbeContext => ({
    roots,
    env,
    signal: shutdown.signal,
    maxZipBytes: config.maxZipBytes,
    integrity,
  });

  function record(rt: Runtime, result: TargetProbeResult): void {
    const was = rt.last;
    rt.last = result;
    for (const l of result.latest)
      if (l.version !== null)
        freshness.set(l.module, observeVersion(freshness.get(l.module) ?? [], l.version, result.at));
    metrics.countProbe(
      result.target,
      result.ok,
      result.integrityMismatches,
      integrity !== null && result.kind === "goproxy",
    );
    const step = stepAlert(rt.alert, { ok: result.ok, cause: result.cause, at: result.at }, config.alerting);
    rt.alert = step.state;
    if (!result.ok && (was === null || was.ok))
      log("warn", `${result.target}: probe failed (${result.cause}): ${result.detail}`);
    else if (result.ok && was !== null && !was.ok) log("info", `${result.target}: probe succeeded again`);
    if (step.event !== null) {
      const n: AlertNotice = {
        status: step.event.kind === "alert" ? "firing" : "resolved",
        target: result.target,
        targetKind: result.kind,
        cause: step.event.cause,
        failures: step.event.kind === "alert" ? step.event.failures : 0,
        detail: result.ok ? (was?.detail ?? "") : result.detail,
        since: step.event.since,
        at: result.at,
        instance: config.instance,
      };
      log(n.status === "firing" ? "error" : "info", opts.render.alertLogLine(n));
      notifier.send(n);
    }
  }

  async function run(rt: Runtime): Promise<void> {
    const started = Date.now();
    try {
      const t = rt.target;
      let result: TargetProbeResult;
      if (t.kind === "goproxy")
        result = await probeGoproxy(
          t,
          probeContext(),
          rotation(t.modules, rt.round++, config.modulesPerProbe),
          rt.memory,
        );
      else {
        const r = await probeSumdb(t, rt.ref, probeContext());
        rt.ref = r.ref;
        result = r.result;
      }
      // A probe cut short by shutdown says nothing about the target; a removed target is gone.
      if (!shutdown.signal.aborted && runtimes.get(t.label) === rt) record(rt, result);
    } catch (e) {
      log("error", `${rt.target.label}: probe crashed: ${errorText(e)}`);
    } finally {
      rt.busy = false;
      rt.nextDue = nextDue(started, rt.target.intervalMs, config.jitter, Math.random(), Date.now());
      wake();
    }
  }

  const loop = (async () => {
    try {
      for await (const _ of pMapIterable(dueTargets(), run, {
        concurrency: config.concurrency,
        preserveOrder: false,
      })) {
        // Results are recorded by run(); nothing to collect.
      }
    } catch (e) {
      log("error", `scheduler stopped: ${errorText(e)}`);
    }
  })();

  // ---------- reload and stop ----------
  function reload(next: MonitorConfig): void {
    const old = config;
    config = next;
    const now = Date.now();
    const keep = new Set<string>();
    for (const t of next.targets) {
      keep.add(t.label);
      const rt = runtimes.get(t.label);
      if (rt === undefined || rt.target.kind !== t.kind) {
        if (rt !== undefined) metrics.dropTarget(t.label);
        runtimes.set(t.label, newRuntime(t, now));
        continue;
      }
      if (t.intervalMs < rt.target.intervalMs) rt.nextDue = Math.min(rt.nextDue, now + t.intervalMs);
      if (t.kind === "sumdb" && rt.target.kind === "sumdb" && t.key !== rt.target.key) rt.ref = null;
      rt.target = t;
    }
    for (const label of [...runtimes.keys()])
      if (!keep.has(label)) {
        runtimes.delete(label);
        metrics.dropTarget(label);
      }
    const modules = new Set(
      next.targets.flatMap((t) => (t.kind === "goproxy" ? t.modules.map((m) => m.path) : [])),
    );
    for (const m of [...freshness.keys()]) if (!modules.has(m)) freshness.delete(m);
    const db = (c: MonitorConfig) => JSON.stringify(c.checksumDatabase) + c.timeoutMs;
    if (db(old) !== db(next)) integrity = oracleFor(next);
    else integrity?.retain(moduleKeys(next));
    const names = new Set(next.alerting.receivers.map((r) => r.name));
    for (const r of old.alerting.receivers) if (!names.has(r.name)) metrics.dropReceiver(r.name);
    notifier.setReceivers(next.alerting.receivers);
    if (next.listen.host !== old.listen.host || next.listen.port !== old.listen.port)
      log("warn", "reload: a new listen address takes effect after a restart");
    if (next.concurrency !== old.concurrency)
      log("warn", "reload: a new concurrency takes effect after a restart");
    metrics.countReload(true, now);
    log("info", `configuration reloaded: ${next.targets.length} target(s)`);
    wake();
  }

  let stopped: Promise<void> | null = null;
  async function stop(): Promise<void> {
    stopping = true;
    wake();
    const finished = await Promise.race([loop.then(() => true), delay(graceMs).then(() => false)]);
    shutdown.abort();
    if (!finished) {
      log("warn", `shutdown: probes still running after ${graceMs} ms were stopped`);
      await Promise.race([loop, delay(2_000)]);
    }
    await notifier.drain(Math.min(graceMs, 5_000));
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await closeKeptAlive();
    log("info", "monitor stopped");
  }

  return {
    url,
    reload,
    reloadFailed(reason) {
      metrics.countReload(false, Date.now());
      log("error", `reload failed, keeping the running configuration: ${reason}`);
    },
    views,
    stop: () => {
      stopped ??= stop();
      return stopped;
    },
  };
}
