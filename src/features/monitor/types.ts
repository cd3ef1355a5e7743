/**
 * The data `monitor` keeps per target and shows on /metrics, on its status page and in alerts. Everything
 * here is already redacted (URLs carry no credentials) and bounded in size (no history, only the last
 * probe of each target).
 */
import type { Cause } from "../../core/causes.js";
import type { AlertNotice, AlertState } from "../../core/monitor/alerts.js";
import type { MonitorTarget, Receiver } from "./config.js";

/** Durations of the phases of the probe request, in blackbox_exporter's phase names, ms. */
export interface PhaseTimes {
  /** DNS resolution (0 for an IP literal). */
  readonly resolve?: number;
  /** TCP connection (to the target, or to the HTTP proxy). */
  readonly connect?: number;
  /** CONNECT through the HTTP proxy. */
  readonly proxy_connect?: number;
  /** TLS handshake. */
  readonly tls?: number;
  /** From the request to the response headers. */
  readonly processing?: number;
}

/** One GOPROXY-protocol check, aggregated over the sentinel modules (ok only when every request was). */
export interface CheckOutcome {
  /** The check id of the conformance checker (list, info, mod, zip, latest, case-escaping, …). */
  readonly id: string;
  readonly ok: boolean;
  /** Longest request of this check, ms. */
  readonly ms: number;
}

/** What one probe of one target found. */
export interface TargetProbeResult {
  /** The `target` label: the URL, credentials redacted. */
  readonly target: string;
  readonly kind: MonitorTarget["kind"];
  /** blackbox_exporter's probe_success. */
  readonly ok: boolean;
  /** The cause from the taxonomy when not ok. */
  readonly cause: Cause | null;
  /** One line for a person: what failed and how (go's error text where known), or a summary when ok. */
  readonly detail: string;
  /** When the probe started, ms since the epoch. */
  readonly at: number;
  /** The whole probe, ms. */
  readonly durationMs: number;
  readonly phases: PhaseTimes;
  /** DNS lookup time, ms; null when no lookup was made. */
  readonly dnsMs: number | null;
  /** The HTTP status of the probe request, or null when none came. */
  readonly httpStatus: number | null;
  /** The leaf certificate's notAfter, seconds since the epoch; null for http or no handshake. */
  readonly certNotAfter: number | null;
  /** GOPROXY targets: the conformance checks. */
  readonly checks: readonly CheckOutcome[];
  /** GOPROXY targets: each sentinel module's `@latest` version as served (null: unknown). */
  readonly latest: readonly { readonly module: string; readonly version: string | null }[];
  /** GOPROXY targets: sample zip throughput, bytes per second, or null. */
  readonly zipBytesPerSecond: number | null;
  /** GOPROXY targets: sampled zips whose h1 hash differs from the checksum database's in this probe. */
  readonly integrityMismatches: number;
  /** Checksum databases: the size of the latest signed tree, or null. */
  readonly treeSize: number | null;
  /** Checksum databases: consistent with the previous tree head (null: nothing to compare yet). */
  readonly consistent: boolean | null;
}

/** A target as /metrics and the status page see it. */
export interface TargetView {
  readonly target: MonitorTarget;
  readonly last: TargetProbeResult | null;
  readonly alert: AlertState;
  /** Freshness lag of each sentinel module whose latest version is known, seconds. */
  readonly lags: readonly { readonly module: string; readonly seconds: number }[];
  /** When the next probe is due, ms since the epoch. */
  readonly nextDue: number;
}

/** What the status page says of the monitor itself: its instance label, version, the time now and when it started (ms). */
export interface StatusPageMeta {
  readonly instance: string | null;
  readonly version: string;
  readonly now: number;
  readonly startedAt: number;
}

/**
 * The strings the monitor shows or sends, given to it by the caller (the CLI passes render/monitor.ts), so that
 * the feature never imports a renderer: a webhook's JSON body for a receiver kind, the log line of an alert,
 * and the status page at `/`. Every input is already redacted.
 */
export interface MonitorRenderers {
  /** The body posted to a receiver: `{text}` for Slack, the monitor-alert/v1 document otherwise. */
  readonly alertBody: (kind: Receiver["kind"], notice: AlertNotice) => unknown;
  readonly alertLogLine: (notice: AlertNotice) => string;
  readonly statusPage: (views: readonly TargetView[], meta: StatusPageMeta) => string;
}
