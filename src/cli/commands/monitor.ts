/** `goproxy-doctor monitor`: the long-running service (features/monitor/service.ts). */
import { readFileSync } from "node:fs";
import { errorText } from "../../core/errors.js";
import {
  type ConfigResult,
  formatConfigError,
  parseListen,
  parseMonitorConfig,
  quickStartConfig,
} from "../../features/monitor/config.js";
import { type MonitorLog, startMonitor } from "../../features/monitor/service.js";
import { MONITOR_RENDERERS } from "../../render/monitor.js";
import { VERSION } from "../version.js";

/** Options of the monitor command. */
export interface MonitorCommandOptions {
  /** `--config FILE`: monitor.yaml (reloaded on SIGHUP). */
  config?: string;
  /** Quick start without a file: `--target URL…`, `--module M@V…`, `--interval`, `--webhook URL…`. */
  target?: string[];
  module?: string[];
  interval?: string;
  webhook?: string[];
  /** `--listen HOST:PORT` (also overrides the file's `listen`). */
  listen?: string;
  /** Stops the monitor when aborted, as SIGTERM does (for embedding and tests). */
  signal?: AbortSignal;
  /** Log sink (default: stderr). */
  log?: MonitorLog;
  /** Environment for HTTP proxies and TLS roots (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Roots to trust, PEM (default: go's). */
  roots?: readonly string[];
  /** Called once the server listens, with its URL. */
  onListening?: (url: string) => void;
}

function load(opts: MonitorCommandOptions): ConfigResult {
  if (opts.config === undefined)
    return quickStartConfig({
      targets: opts.target ?? [],
      ...(opts.module !== undefined && { modules: opts.module }),
      ...(opts.listen !== undefined && { listen: opts.listen }),
      ...(opts.interval !== undefined && { interval: opts.interval }),
      ...(opts.webhook !== undefined && { webhooks: opts.webhook }),
    });
  let text: string;
  try {
    text = readFileSync(opts.config, "utf8");
  } catch (e) {
    return {
      ok: false,
      errors: [{ line: null, column: null, field: "", message: `cannot read: ${errorText(e)}` }],
    };
  }
  const r = parseMonitorConfig(text);
  if (!r.ok || opts.listen === undefined) return r;
  const l = parseListen(opts.listen);
  if (typeof l === "string")
    return { ok: false, errors: [{ line: null, column: null, field: "--listen", message: l }] };
  return { ok: true, config: { ...r.config, listen: l } };
}

function errorsText(file: string | null, r: ConfigResult): string {
  return r.ok ? "" : r.errors.map((e) => formatConfigError(file, e)).join("\n");
}

/**
 * Runs the monitor until SIGTERM or SIGINT (or opts.signal); SIGHUP reloads the configuration file, keeping
 * the running one when the new one is invalid. Resolves with the exit code: 0 after a clean shutdown, 2 for
 * a configuration or usage error (printed to stderr with file, line and field) or an address that cannot
 * be bound.
 */
export async function runMonitor(opts: MonitorCommandOptions): Promise<number> {
  const usage =
    opts.config !== undefined &&
    ((opts.target ?? []).length > 0 ||
      (opts.module ?? []).length > 0 ||
      (opts.webhook ?? []).length > 0 ||
      opts.interval !== undefined);
  if (usage) {
    process.stderr.write(
      "goproxy-doctor monitor: --target, --module, --interval and --webhook are for a quick start without --config; put them in the file\n",
    );
    return 2;
  }
  const first = load(opts);
  if (!first.ok) {
    process.stderr.write(
      `goproxy-doctor monitor: invalid configuration:\n${errorsText(opts.config ?? null, first)}\n`,
    );
    return 2;
  }
  let monitor: Awaited<ReturnType<typeof startMonitor>>;
  try {
    monitor = await startMonitor(first.config, {
      render: MONITOR_RENDERERS,
      version: VERSION,
      ...(opts.log !== undefined && { log: opts.log }),
      ...(opts.env !== undefined && { env: opts.env }),
      ...(opts.roots !== undefined && { roots: opts.roots }),
    });
  } catch (e) {
    process.stderr.write(
      `goproxy-doctor monitor: cannot listen on ${first.config.listen.host}:${first.config.listen.port}: ${errorText(e)}\n`,
    );
    return 2;
  }
  opts.onListening?.(monitor.url);
  return new Promise<number>((resolve) => {
    const onHup = () => {
      if (opts.config === undefined) {
        monitor.reloadFailed("no --config file to reload (quick-start flags)");
        return;
      }
      const next = load(opts);
      if (next.ok) monitor.reload(next.config);
      else monitor.reloadFailed(`\n${errorsText(opts.config, next)}`);
    };
    const onStop = () => {
      process.off("SIGHUP", onHup);
      process.off("SIGTERM", onStop);
      process.off("SIGINT", onStop);
      opts.signal?.removeEventListener("abort", onStop);
      monitor.stop().then(
        () => resolve(0),
        () => resolve(2),
      );
    };
    process.on("SIGHUP", onHup);
    process.on("SIGTERM", onStop);
    process.on("SIGINT", onStop);
    if (opts.signal?.aborted) onStop();
    else opts.signal?.addEventListener("abort", onStop, { once: true });
  });
}
