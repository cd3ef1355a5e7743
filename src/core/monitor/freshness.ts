/**
 * Freshness of a mirror: how long it has been serving, as a sentinel module's `@latest`, a version older
 * than one some other target already serves. The monitor remembers, per module, when it first saw each of
 * the newest few versions on any target; a target whose latest version is older than one of them has been
 * behind since the earliest such sighting. Pure; versions are compared as Go's semver does (x/mod/semver).
 */
import { compare, isValid } from "../semver.js";

/** When a version of one module was first served as `@latest` by any target. */
export interface VersionSighting {
  readonly version: string;
  /** ms since the epoch, as given by the caller. */
  readonly firstSeen: number;
}

/** Sightings of one module, newest version first, at most a fixed number (memory stays bounded). */
export type FreshnessHistory = readonly VersionSighting[];

/** Versions remembered per module: enough for a mirror lagging a few releases behind. */
export const MAX_SIGHTINGS = 8;

/**
 * Records that version was served at time `at`. An already known version keeps its first sighting; an
 * invalid version changes nothing; only the `max` newest versions are kept.
 */
export function observeVersion(
  history: FreshnessHistory,
  version: string,
  at: number,
  max = MAX_SIGHTINGS,
): FreshnessHistory {
  if (!isValid(version) || history.some((h) => compare(h.version, version) === 0)) return history;
  return [...history, { version, firstSeen: at }]
    .sort((a, b) => compare(b.version, a.version))
    .slice(0, Math.max(1, max));
}

/**
 * The freshness lag of a target serving `version` as latest, in ms: 0 when no newer version has been seen,
 * else the time since the earliest sighting of any newer version (a lower bound when the monitor started
 * after that version appeared). Null when the target's latest version is unknown or invalid.
 */
export function freshnessLagMs(
  history: FreshnessHistory,
  version: string | null,
  now: number,
): number | null {
  if (version === null || !isValid(version)) return null;
  let earliest = Number.POSITIVE_INFINITY;
  for (const h of history) if (compare(h.version, version) > 0) earliest = Math.min(earliest, h.firstSeen);
  return earliest === Number.POSITIVE_INFINITY ? 0 : Math.max(0, now - earliest);
}
