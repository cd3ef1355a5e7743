/**
 * `monitor`'s Prometheus metrics, in a registry of its own (prom-client; never the global default one).
 * Names follow blackbox_exporter where they overlap (probe_success, probe_duration_seconds,
 * probe_http_duration_seconds{phase}, probe_http_status_code, probe_ssl_earliest_cert_expiry,
 * probe_dns_lookup_time_seconds), each with a `target` label holding the URL (redacted), as in
 * blackbox_exporter's multi-target pattern; Go-module metrics are prefixed goproxy_ and gosumdb_, the
 * monitor's own goproxy_doctor_.
 *
 * Gauges are computed at scrape time from the per-target state (the last probe of each configured
 * target), so a target removed from the configuration disappears from /metrics at once and memory is
 * bounded by the number of targets. Counters are removed explicitly with {@link MonitorMetrics.dropTarget}.
 */
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { TargetView } from "./types.js";

/** The metrics of one monitor. */
export interface MonitorMetrics {
  readonly registry: Registry;
  /** Counts one finished probe (and its h1 mismatches). */
  countProbe(target: string, ok: boolean, integrityMismatches: number, integrityChecked: boolean): void;
  /** Counts one alert delivery attempt's outcome. */
  countDelivery(receiver: string, kind: "alert" | "recovery", delivered: boolean): void;
  /** Counts a configuration reload. */
  countReload(ok: boolean, at: number): void;
  /** Deletes every series of a target removed from the configuration. */
  dropTarget(target: string): void;
  /** Deletes the series of a receiver removed from the configuration. */
  dropReceiver(receiver: string): void;
  /** The exposition text of /metrics. */
  exposition(): Promise<string>;
}

const PHASES = ["resolve", "connect", "proxy_connect", "tls", "processing"] as const;

/**
 * Creates the registry. `views` is called at each scrape and returns the current targets. Process metrics
 * (process_resident_memory_bytes, nodejs_*) are included, unprefixed as usual.
 */
export function createMonitorMetrics(views: () => readonly TargetView[]): MonitorMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let cache: { at: number; views: readonly TargetView[] } | null = null;
  // One scrape calls every collect(); the views are computed once per scrape.
  const current = () => {
    const now = performance.now();
    if (cache === null || now - cache.at > 50) cache = { at: now, views: views() };
    return cache.views;
  };

  const gauge = (
    name: string,
    help: string,
    labelNames: readonly string[],
    fill: (set: (labels: Record<string, string>, value: number) => void, v: TargetView) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: [...labelNames],
      registers: [registry],
      collect() {
        this.reset();
        for (const v of current()) fill((labels, value) => this.set(labels, value), v);
      },
    });

  gauge(
    "probe_success",
    "Whether the last probe of the target succeeded (1) or failed (0).",
    ["target"],
    (set, v) => {
      if (v.last) set({ target: v.target.label }, v.last.ok ? 1 : 0);
    },
  );
  gauge(
    "probe_duration_seconds",
    "Duration of the last probe of the target, seconds.",
    ["target"],
    (set, v) => {
      if (v.last) set({ target: v.target.label }, v.last.durationMs / 1000);
    },
  );
  gauge(
    "probe_http_duration_seconds",
    "Duration of each phase of the last probe request, seconds.",
    ["target", "phase"],
    (set, v) => {
      if (!v.last) return;
      for (const phase of PHASES) {
        const ms = v.last.phases[phase];
        if (ms !== undefined) set({ target: v.target.label, phase }, ms / 1000);
      }
    },
  );
  gauge(
    "probe_http_status_code",
    "HTTP status of the last probe request (0 when no response came).",
    ["target"],
    (set, v) => {
      if (v.last) set({ target: v.target.label }, v.last.httpStatus ?? 0);
    },
  );
  gauge(
    "probe_ssl_earliest_cert_expiry",
    "notAfter of the target's TLS certificate, seconds since the epoch.",
    ["target"],
    (set, v) => {
      if (v.last?.certNotAfter != null) set({ target: v.target.label }, v.last.certNotAfter);
    },
  );
  gauge(
    "probe_dns_lookup_time_seconds",
    "Duration of the DNS lookup of the last probe, seconds.",
    ["target"],
    (set, v) => {
      if (v.last?.dnsMs != null) set({ target: v.target.label }, v.last.dnsMs / 1000);
    },
  );
  gauge(
    "goproxy_protocol_check_success",
    "Whether the mirror passed each GOPROXY-protocol check in the last probe (1) or not (0).",
    ["target", "check"],
    (set, v) => {
      for (const c of v.last?.checks ?? []) set({ target: v.target.label, check: c.id }, c.ok ? 1 : 0);
    },
  );
  gauge(
    "goproxy_protocol_check_duration_seconds",
    "Longest request of each GOPROXY-protocol check in the last probe, seconds.",
    ["target", "check"],
    (set, v) => {
      for (const c of v.last?.checks ?? []) set({ target: v.target.label, check: c.id }, c.ms / 1000);
    },
  );
  gauge(
    "goproxy_freshness_lag_seconds",
    "How long the mirror's @latest of a sentinel module has been older than a version another target serves, seconds (0: up to date).",
    ["target", "module"],
    (set, v) => {
      for (const l of v.lags) set({ target: v.target.label, module: l.module }, l.seconds);
    },
  );
  gauge(
    "goproxy_zip_throughput_bytes_per_second",
    "Throughput of the sample module zips downloaded in the last probe, bytes per second.",
    ["target"],
    (set, v) => {
      if (v.last?.zipBytesPerSecond != null) set({ target: v.target.label }, v.last.zipBytesPerSecond);
    },
  );
  gauge(
    "gosumdb_tree_size",
    "Records in the checksum database's latest signed tree head.",
    ["target"],
    (set, v) => {
      if (v.last?.treeSize != null) set({ target: v.target.label }, v.last.treeSize);
    },
  );
  gauge(
    "gosumdb_consistency_ok",
    "Whether the latest signed tree head is consistent with the previous one (1) or proves a forked or rewritten log (0).",
    ["target"],
    (set, v) => {
      if (v.last?.consistent != null) set({ target: v.target.label }, v.last.consistent ? 1 : 0);
    },
  );
  gauge(
    "goproxy_doctor_alert_firing",
    "Whether the monitor's own alert for the target is firing (1) or not (0).",
    ["target"],
    (set, v) => set({ target: v.target.label }, v.alert.firing ? 1 : 0),
  );
  gauge(
    "goproxy_doctor_consecutive_failures",
    "Failed probes of the target in a row.",
    ["target"],
    (set, v) => set({ target: v.target.label }, v.alert.failures),
  );
  gauge(
    "goproxy_doctor_probe_failure_cause",
    "1 for the cause (from goproxy-doctor's taxonomy) of the last failed probe; absent when the probe succeeded.",
    ["target", "cause"],
    (set, v) => {
      if (v.last && !v.last.ok) set({ target: v.target.label, cause: v.last.cause ?? "other" }, 1);
    },
  );

  const integrity = new Counter({
    name: "goproxy_integrity_mismatches_total",
    help: "Sampled module zips whose h1 hash differed from the checksum database's.",
    labelNames: ["target"],
    registers: [registry],
  });
  const probes = new Counter({
    name: "goproxy_doctor_probes_total",
    help: "Probes run, by result.",
    labelNames: ["target", "result"],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: "goproxy_doctor_notifications_total",
    help: "Alert and recovery notices sent to receivers, by outcome (after retries).",
    labelNames: ["receiver", "kind", "result"],
    registers: [registry],
  });
  const reloads = new Counter({
    name: "goproxy_doctor_config_reloads_total",
    help: "Configuration reloads (SIGHUP), by result.",
    labelNames: ["result"],
    registers: [registry],
  });
  const lastReloadOk = new Gauge({
    name: "goproxy_doctor_config_last_reload_successful",
    help: "Whether the last configuration reload succeeded (1) or the previous configuration was kept (0).",
    registers: [registry],
  });
  const lastReloadAt = new Gauge({
    name: "goproxy_doctor_config_last_reload_success_timestamp_seconds",
    help: "When the configuration was last loaded successfully, seconds since the epoch.",
    registers: [registry],
  });
  lastReloadOk.set(1);
  lastReloadAt.set(Math.floor(Date.now() / 1000));

  return {
    registry,
    countProbe(target, ok, mismatches, checked) {
      probes.inc({ target, result: ok ? "success" : "failure" });
      if (checked) integrity.inc({ target }, mismatches);
    },
    countDelivery(receiver, kind, delivered) {
      deliveries.inc({ receiver, kind, result: delivered ? "delivered" : "failed" });
    },
    countReload(ok, at) {
      reloads.inc({ result: ok ? "success" : "failure" });
      lastReloadOk.set(ok ? 1 : 0);
      if (ok) lastReloadAt.set(Math.floor(at / 1000));
    },
    dropTarget(target) {
      integrity.remove({ target });
      for (const result of ["success", "failure"]) probes.remove({ target, result });
    },
    dropReceiver(receiver) {
      for (const kind of ["alert", "recovery"])
        for (const result of ["delivered", "failed"]) deliveries.remove({ receiver, kind, result });
    },
    exposition: () => registry.metrics(),
  };
}
