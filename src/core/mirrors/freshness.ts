/**
 * Freshness of mirrors: for each sentinel module, the newest version any mirror resolves `@latest` to,
 * and which mirrors are behind it. Versions are compared as Go compares them (core/semver.ts, x/mod/semver).
 */
import { compare, isValid } from "../semver.js";

/** What one mirror resolved `@latest` to, per sentinel module path (null: no answer). */
export interface MirrorLatest {
  readonly url: string;
  readonly latest: readonly { readonly module: string; readonly version: string | null }[];
}

/** One module a mirror is behind on. */
export interface StaleModule {
  readonly module: string;
  /** What this mirror resolves @latest to (null: it gave no version). */
  readonly version: string | null;
  /** The newest version any compared mirror resolves it to. */
  readonly newest: string;
}

/** The freshness of one mirror. */
export interface Freshness {
  readonly url: string;
  /** Modules on which it is behind the newest mirror, or gives no version while another does. */
  readonly stale: readonly StaleModule[];
  /** Modules compared (some mirror gave a version). */
  readonly compared: number;
}

/**
 * The newest valid version per module over every mirror given, and each mirror's stale modules. Pass only
 * mirrors whose answers are trusted (a mirror inventing versions would make every other one look stale).
 */
export function compareFreshness(mirrors: readonly MirrorLatest[]): Freshness[] {
  const newest = new Map<string, string>();
  for (const m of mirrors)
    for (const l of m.latest) {
      if (l.version === null || !isValid(l.version)) continue;
      const cur = newest.get(l.module);
      if (cur === undefined || compare(l.version, cur) > 0) newest.set(l.module, l.version);
    }
  return mirrors.map((m) => {
    const stale: StaleModule[] = [];
    for (const l of m.latest) {
      const top = newest.get(l.module);
      if (top === undefined) continue;
      if (l.version === null || !isValid(l.version) || compare(l.version, top) < 0)
        stale.push({ module: l.module, version: l.version, newest: top });
    }
    const compared = m.latest.filter((l) => newest.has(l.module)).length;
    return { url: m.url, stale, compared };
  });
}
