/**
 * Delivery of alert and recovery notices to the configured receivers: a JSON POST (the generic
 * `goproxy-doctor.monitor-alert/v1` document, or Slack's `{text}`), each attempt with a deadline, a bounded
 * number of retries with backoff on network errors, 5xx and 429, and per receiver one notice at a time, in
 * order (a recovery never overtakes its alert). Queues are bounded: when a receiver is down for long, the
 * oldest undelivered notices are dropped (and logged). Receiver URLs (which carry tokens) are never logged.
 */
import { Agent } from "undici";
import { splitUserinfo } from "../../adapters/net/basicauth.js";
import { errorText } from "../../core/errors.js";
import type { AlertNotice } from "../../core/monitor/alerts.js";
import type { Receiver } from "./config.js";
import type { MonitorRenderers } from "./types.js";

/** Notices waiting per receiver, at most. */
const MAX_QUEUE = 100;
/** First retry delay, ms (doubled each time, at most 30 s). */
const BACKOFF_MS = 500;

/** What the notifier reports. */
export interface NotifierHooks {
  readonly log: (level: "info" | "warn" | "error", message: string) => void;
  readonly counted: (receiver: string, kind: "alert" | "recovery", delivered: boolean) => void;
  /** Applied to every body sent (the output boundary: no secret leaves in a webhook); default: none. */
  readonly redact?: (text: string) => string;
  /** The JSON body for a receiver of this kind (MonitorRenderers.alertBody). */
  readonly body: MonitorRenderers["alertBody"];
}

/** Sends notices to receivers. */
export interface Notifier {
  /** Queues a notice for every receiver; returns at once. */
  send(notice: AlertNotice): void;
  /** Replaces the receivers (after a reload); queued notices of a removed receiver are dropped. */
  setReceivers(receivers: readonly Receiver[]): void;
  /** Resolves when every queue is empty, or after boundMs (then pending retries are abandoned). */
  drain(boundMs: number): Promise<void>;
}

interface Lane {
  receiver: Receiver;
  queue: AlertNotice[];
  running: Promise<void> | null;
  closed: boolean;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Creates the notifier. */
export function createNotifier(receivers: readonly Receiver[], hooks: NotifierHooks): Notifier {
  const lanes = new Map<string, Lane>();
  const stop = new AbortController();
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 4 });

  async function attempt(r: Receiver, body: string): Promise<{ ok: boolean; retry: boolean; why: string }> {
    const { url, authorization } = splitUserinfo(r.url);
    try {
      const target = new URL(url);
      const res = await agent.request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "goproxy-doctor-monitor",
          ...(authorization !== null && { authorization }),
        },
        body,
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(r.timeoutMs)]),
        headersTimeout: r.timeoutMs,
        bodyTimeout: r.timeoutMs,
      });
      await res.body.dump();
      const s = res.statusCode;
      if (s >= 200 && s < 300) return { ok: true, retry: false, why: String(s) };
      return { ok: false, retry: s >= 500 || s === 429, why: `HTTP ${s}` };
    } catch (e) {
      // The error text of a failed connection may name the URL: keep only its kind.
      const code =
        (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
      return { ok: false, retry: true, why: code ?? (e as Error).name ?? errorText(e).slice(0, 40) };
    }
  }

  async function deliver(r: Receiver, n: AlertNotice): Promise<void> {
    const raw = JSON.stringify(hooks.body(r.kind, n));
    const body = hooks.redact === undefined ? raw : hooks.redact(raw);
    const kind = n.status === "firing" ? "alert" : "recovery";
    let last = "";
    for (let i = 0; i <= r.retries && !stop.signal.aborted; i++) {
      if (i > 0) await sleep(Math.min(30_000, BACKOFF_MS * 2 ** (i - 1)), stop.signal);
      const a = await attempt(r, body);
      if (a.ok) {
        hooks.counted(r.name, kind, true);
        hooks.log("info", `receiver ${r.name}: ${kind} for ${n.target} delivered`);
        return;
      }
      last = a.why;
      if (!a.retry) break;
    }
    hooks.counted(r.name, kind, false);
    hooks.log("error", `receiver ${r.name}: ${kind} for ${n.target} not delivered (${last})`);
  }

  function pump(lane: Lane): void {
    if (lane.running !== null) return;
    lane.running = (async () => {
      while (lane.queue.length > 0 && !lane.closed) await deliver(lane.receiver, lane.queue.shift()!);
      lane.running = null;
    })();
  }

  function setReceivers(list: readonly Receiver[]): void {
    const names = new Set(list.map((r) => r.name));
    for (const [name, lane] of lanes)
      if (!names.has(name)) {
        lane.closed = true;
        lane.queue.length = 0;
        lanes.delete(name);
      }
    for (const r of list) {
      const lane = lanes.get(r.name);
      if (lane) lane.receiver = r;
      else lanes.set(r.name, { receiver: r, queue: [], running: null, closed: false });
    }
  }
  setReceivers(receivers);

  return {
    send(n) {
      for (const lane of lanes.values()) {
        lane.queue.push(n);
        if (lane.queue.length > MAX_QUEUE) {
          const dropped = lane.queue.shift()!;
          hooks.log(
            "warn",
            `receiver ${lane.receiver.name}: queue full, dropped the notice for ${dropped.target}`,
          );
        }
        pump(lane);
      }
    },
    setReceivers,
    async drain(boundMs) {
      const all = () => Promise.all([...lanes.values()].map((l) => l.running ?? Promise.resolve()));
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, boundMs);
      });
      // A lane may start again while we wait (a notice queued during shutdown): wait until all are idle.
      const idle = (async () => {
        for (let i = 0; i < 1000 && [...lanes.values()].some((l) => l.running !== null); i++) await all();
      })();
      await Promise.race([idle, bound]);
      clearTimeout(timer);
      stop.abort();
      for (const l of lanes.values()) l.closed = true;
      await Promise.race([all(), new Promise((r) => setTimeout(r, 1000))]);
      await agent.close().catch(() => {});
    },
  };
}
