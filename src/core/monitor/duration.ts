/**
 * Durations as written in the monitor's configuration and flags: Go's time.ParseDuration syntax
 * (`300ms`, `1.5s`, `1m30s`, `2h`), the syntax Prometheus and most Go tools use. Pure.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a duration into milliseconds: a sequence of decimal numbers, each with an optional fraction and a
 * unit (ns, us, µs, ms, s, m, h), e.g. `1m30s`. A bare `0` is zero. Unlike Go, a sign is not accepted (no
 * setting of the monitor can be negative) and the result is rounded to whole milliseconds.
 * Mirrors time.ParseDuration (time/format.go) for the accepted forms.
 * @returns the duration in ms, or null when s is not a duration.
 */
export function parseDuration(s: string): number | null {
  if (s === "0") return 0;
  if (s === "") return null;
  const part = /([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let i = 0;
  while (i < s.length) {
    part.lastIndex = i;
    const m = part.exec(s);
    if (m === null || m[1] === "" || m[1] === ".") return null;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    i = part.lastIndex;
  }
  return Number.isFinite(total) ? Math.round(total) : null;
}

/** Formats ms the way time.Duration.String does for whole milliseconds (`1m30s`, `250ms`, `2h0m0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
