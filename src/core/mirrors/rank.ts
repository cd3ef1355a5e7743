/**
 * Ranking candidate GOPROXY mirrors and recommending a GOPROXY value — order and separators — with the
 * reasons. The separators follow go's fall-back rules (cmd/go/internal/modfetch/proxy.go: proxyList,
 * TryProxies): after `,` go tries the next entry only when this one answered 404/410; after `|` it tries
 * the next entry after any error. Pure: the facts come from the mirrors feature.
 *
 * The invariant: a mirror that does not work (dead, unreachable, failing the protocol, or serving content
 * that differs from the checksum database) is never ranked ahead of one that works, and is never
 * recommended.
 */

/** What was measured about one candidate mirror. */
export interface MirrorFacts {
  /** The GOPROXY URL entry, redacted. */
  readonly url: string;
  /** Why the mirror is known to be gone (not probed), or null. */
  readonly dead: string | null;
  /** Some request got an HTTP answer. */
  readonly reachable: boolean;
  /** Every protocol check passed (features/protocol-check.ts). */
  readonly protocolOk: boolean;
  /** Ids of the failed protocol checks. */
  readonly failedChecks: readonly string[];
  /** h1s of sampled zips and go.mod files against the checksum database. */
  readonly integrity: "verified" | "mismatch" | "unknown";
  /** Sentinel modules on which the mirror is behind the newest mirror. */
  readonly staleModules: number;
  /** Median time of a whole request (DNS to HTTP answer), ms; null when unmeasured. */
  readonly latencyMs: number | null;
  /** Download rate of the sample zip(s), bytes/s; null when unmeasured. */
  readonly throughputBps: number | null;
  /** `/sumdb/<name>/supported`: true 200, false 404/410, null unknown. */
  readonly sumdbProxied: boolean | null;
}

/** A mirror with its place. */
export interface RankedMirror extends MirrorFacts {
  /** 1 is best; ranks are 1..n without ties. */
  readonly rank: number;
  /** Usable as a GOPROXY entry: not dead, reachable, protocol ok, no integrity mismatch. */
  readonly works: boolean;
  /** One line: why it is where it is. */
  readonly summary: string;
}

/** A GOPROXY value with the reasoning. */
export interface Recommendation {
  /** The value for `go env -w GOPROXY=…`. */
  readonly goproxy: string;
  /** The mirrors it names, in order. */
  readonly entries: readonly string[];
  /** Sentences for a person, in order: the choice, the separators, what was left out. */
  readonly reasons: readonly string[];
}

/** How many mirrors a recommendation names at most: a primary and one fall-back. */
export const MAX_RECOMMENDED = 2;

/** Reports whether a mirror is usable as a GOPROXY entry. */
export function works(m: MirrorFacts): boolean {
  return m.dead === null && m.reachable && m.protocolOk && m.integrity !== "mismatch";
}

/** Lower is better: working and fresh, working and stale, protocol failures, mismatches, unreachable, dead. */
function tier(m: MirrorFacts): number {
  if (m.dead !== null) return 5;
  if (!m.reachable) return 4;
  if (m.integrity === "mismatch") return 3;
  if (!m.protocolOk) return 2;
  return m.staleModules > 0 ? 1 : 0;
}

const INTEGRITY_ORDER = { verified: 0, unknown: 1, mismatch: 2 } as const;

function nullsLast(a: number | null, b: number | null, dir: 1 | -1): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a - b) * dir;
}

/** The order of two mirrors: tier, then integrity, fewer failed checks, latency, throughput, URL. */
export function compareMirrors(a: MirrorFacts, b: MirrorFacts): number {
  return (
    tier(a) - tier(b) ||
    INTEGRITY_ORDER[a.integrity] - INTEGRITY_ORDER[b.integrity] ||
    a.failedChecks.length - b.failedChecks.length ||
    a.staleModules - b.staleModules ||
    nullsLast(a.latencyMs, b.latencyMs, 1) ||
    nullsLast(a.throughputBps, b.throughputBps, -1) ||
    (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)
  );
}

function summary(m: MirrorFacts): string {
  if (m.dead !== null) return `dead: ${m.dead}`;
  if (!m.reachable) return "unreachable";
  if (m.integrity === "mismatch") return "serves content that differs from the checksum database";
  if (!m.protocolOk) return `fails the GOPROXY protocol (${m.failedChecks.join(", ")})`;
  const parts = ["conforms to the GOPROXY protocol"];
  if (m.integrity === "verified") parts.push("content matches the checksum database");
  if (m.staleModules > 0) parts.push(`behind on ${m.staleModules} sentinel module(s)`);
  if (m.latencyMs !== null) parts.push(`median ${Math.round(m.latencyMs)} ms`);
  return parts.join(", ");
}

/** Ranks mirrors (best first). Pure, deterministic for a given input set. */
export function rankMirrors(mirrors: readonly MirrorFacts[]): RankedMirror[] {
  return [...mirrors]
    .sort(compareMirrors)
    .map((m, i) => ({ ...m, rank: i + 1, works: works(m), summary: summary(m) }));
}

/**
 * The GOPROXY value to use: the best working mirrors (at most MAX_RECOMMENDED), joined by `|` so that one
 * mirror's outage or error moves go on to the next, then `,direct` so that go fetches from the origin only
 * what no mirror has (404/410) — not whenever a mirror fails. With no working mirror: `direct`.
 *
 * @param ranked the output of rankMirrors
 * @param sumdbName the checksum database go uses, or null (GOSUMDB=off)
 */
export function recommend(ranked: readonly RankedMirror[], sumdbName: string | null = null): Recommendation {
  const usable = ranked.filter((m) => m.works).sort((a, b) => a.rank - b.rank);
  const chosen = usable.slice(0, MAX_RECOMMENDED);
  const reasons: string[] = [];
  if (chosen.length === 0) {
    reasons.push(
      ranked.length === 0
        ? "No candidate mirror was given."
        : "No candidate mirror works: go can only fetch modules from their origins (version control), which needs git and network access to every origin.",
    );
  } else {
    for (const [i, m] of chosen.entries())
      reasons.push(`${i === 0 ? "First" : "Then"} ${m.url} (rank ${m.rank}): ${m.summary}.`);
    if (chosen.length > 1)
      reasons.push(
        "`|` between mirrors: go moves on to the next mirror after any error (outage, timeout, 5xx), not only after 404/410.",
      );
    else if (usable.length === 1 && ranked.length > 1)
      reasons.push("Only one candidate works, so there is no second mirror to fall back to.");
    reasons.push(
      "`,direct` last: go fetches from the origin only modules the mirrors do not have (404/410), such as private ones; a mirror that is down fails the download instead of silently going direct.",
    );
    const first = chosen[0]!;
    if (sumdbName !== null)
      reasons.push(
        first.sumdbProxied === true
          ? `go reaches the checksum database ${sumdbName} through ${first.url} (its /sumdb/${sumdbName}/supported answers 200).`
          : `${first.url} does not proxy the checksum database ${sumdbName}: go connects to it directly, so https://${sumdbName} must be reachable.`,
      );
  }
  for (const m of ranked.filter((x) => !x.works)) reasons.push(`Not recommended: ${m.url}: ${m.summary}.`);
  const entries = chosen.map((m) => m.url);
  const goproxy = entries.length === 0 ? "direct" : `${entries.join("|")},direct`;
  return { goproxy, entries, reasons };
}
