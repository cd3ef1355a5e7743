/**
 * The alert state of one target, with hysteresis: N consecutive failed probes raise one alert; while it
 * fires, more failures raise nothing; M consecutive successful probes then send one recovery notice. A
 * success before the N-th failure resets the count silently, so a flapping target alerts only when it
 * stays down. Pure: the caller feeds probe outcomes in order and delivers the events.
 */
import type { Cause } from "../causes.js";

/** The state kept per target (a few numbers: memory stays bounded however long the monitor runs). */
export interface AlertState {
  /** True between an alert and its recovery notice. */
  readonly firing: boolean;
  /** Failed probes in a row (0 after a success). */
  readonly failures: number;
  /** Successful probes in a row (0 after a failure). */
  readonly successes: number;
  /** The cause of the most recent failure, or null. */
  readonly cause: Cause | null;
  /** When the current run of failures began (ms since the epoch, as given by the caller), or null. */
  readonly failingSince: number | null;
}

/** The outcome of one probe, as the state machine sees it. */
export interface ProbeVerdict {
  readonly ok: boolean;
  /** The cause from the taxonomy when not ok (null is reported as "other"). */
  readonly cause: Cause | null;
  /** When the probe ran, ms since the epoch. */
  readonly at: number;
}

/** What to send after a step, if anything. */
export type AlertEvent =
  | {
      readonly kind: "alert";
      readonly cause: Cause;
      /** Consecutive failures so far (= the threshold). */
      readonly failures: number;
      readonly since: number;
    }
  | {
      readonly kind: "recovery";
      /** The cause of the alert being resolved. */
      readonly cause: Cause | null;
      /** When the failures began. */
      readonly since: number | null;
    };

/** Thresholds of the hysteresis (both ≥ 1). */
export interface AlertThresholds {
  readonly failureThreshold: number;
  readonly recoveryThreshold: number;
}

/** The state of a target never probed. */
export const INITIAL_ALERT_STATE: AlertState = {
  firing: false,
  failures: 0,
  successes: 0,
  cause: null,
  failingSince: null,
};

/**
 * Feeds one probe outcome. Returns the new state and the event to deliver (null: nothing). Guarantees,
 * for any sequence of outcomes: events alternate alert, recovery, alert… starting with an alert; an alert
 * comes exactly on the failureThreshold-th consecutive failure of a target not firing; a recovery exactly
 * on the recoveryThreshold-th consecutive success of a firing one.
 * @throws RangeError when a threshold is not an integer ≥ 1.
 */
export function stepAlert(
  state: AlertState,
  verdict: ProbeVerdict,
  t: AlertThresholds,
): { state: AlertState; event: AlertEvent | null } {
  if (!Number.isInteger(t.failureThreshold) || t.failureThreshold < 1)
    throw new RangeError("failureThreshold must be an integer ≥ 1");
  if (!Number.isInteger(t.recoveryThreshold) || t.recoveryThreshold < 1)
    throw new RangeError("recoveryThreshold must be an integer ≥ 1");
  if (!verdict.ok) {
    const cause = verdict.cause ?? "other";
    const failures = state.failures + 1;
    const since = state.failures === 0 && !state.firing ? verdict.at : (state.failingSince ?? verdict.at);
    const next: AlertState = { firing: state.firing, failures, successes: 0, cause, failingSince: since };
    if (!state.firing && failures === t.failureThreshold)
      return { state: { ...next, firing: true }, event: { kind: "alert", cause, failures, since } };
    return { state: next, event: null };
  }
  const successes = state.successes + 1;
  if (state.firing) {
    if (successes >= t.recoveryThreshold)
      return {
        state: INITIAL_ALERT_STATE,
        event: { kind: "recovery", cause: state.cause, since: state.failingSince },
      };
    // Still firing: the failure count is kept so that a failure now continues the same incident.
    return { state: { ...state, successes }, event: null };
  }
  return { state: { ...INITIAL_ALERT_STATE, successes }, event: null };
}

/** One alert or recovery notice as it is delivered to receivers (rendered by render/monitor.ts). */
export interface AlertNotice {
  /** `firing`: the target failed failureThreshold probes in a row; `resolved`: it recovered. */
  readonly status: "firing" | "resolved";
  /** The target URL, credentials redacted (the `target` label). */
  readonly target: string;
  readonly targetKind: "goproxy" | "sumdb";
  /** The cause from the taxonomy (for `resolved`: the cause of the alert being resolved). */
  readonly cause: Cause | null;
  /** Consecutive failed probes when the alert fired (0 for `resolved`). */
  readonly failures: number;
  /** What the last failed probe saw, credentials redacted. */
  readonly detail: string;
  /** When the failures began, ms since the epoch, or null. */
  readonly since: number | null;
  /** When the notice was raised, ms since the epoch. */
  readonly at: number;
  /** The monitor instance (region) that raised it, or null. */
  readonly instance: string | null;
}
