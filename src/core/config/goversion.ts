/**
 * Go toolchain versions, and the behaviour differences between them that this tool models
 * (docs/go-semantics.md §I).
 */

/** A Go release, e.g. go1.19.8 → {major: 1, minor: 19, patch: 8}. */
export interface GoVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** As the toolchain names itself, e.g. "go1.19.8", "go1.22rc1". */
  readonly raw: string;
}

/**
 * The releases the conformance suites run against the real binary (test/support/toolchains.ts): every answer
 * for these is checked; answers for other versions are modelled from Go's sources and release notes.
 */
export const VERIFIED_GO: readonly GoVersion[] = [
  { major: 1, minor: 19, patch: 8, raw: "go1.19.8" },
  { major: 1, minor: 26, patch: 8, raw: "go1.26.8" },
];

/** The newest release whose changes are modelled (from its sources and release notes). */
export const NEWEST_MODELLED_GO: GoVersion = { major: 1, minor: 27, patch: 0, raw: "go1.27" };

/**
 * Parses a toolchain version as printed by `go env GOVERSION` or $GOROOT/VERSION ("go1.21.0", "go1.22rc1",
 * "go1.19"); returns null for anything else (e.g. "devel +abc").
 */
export function parseGoVersion(s: string): GoVersion | null {
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?((?:rc|beta)\d+)?(?:\s|$)/.exec(s.trim());
  if (m === null) return null;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3] ?? 0),
    raw: s.trim().split(/\s/)[0]!,
  };
}

/** Reports whether v is at least go1.<minor>. */
export function atLeast(v: Pick<GoVersion, "major" | "minor">, minor: number): boolean {
  return v.major > 1 || (v.major === 1 && v.minor >= minor);
}

/** Go ≥ 1.21 reads lowest-priority defaults from $GOROOT/go.env and has GOTOOLCHAIN. */
export function hasGorootGoEnv(v: GoVersion): boolean {
  return atLeast(v, 21);
}

/** Go ≥ 1.24 has GOAUTH (default "netrc"). */
export function hasGOAUTH(v: GoVersion): boolean {
  return atLeast(v, 24);
}

/** The $GOROOT/go.env that official Go ≥ 1.21 distributions ship. */
export const SHIPPED_GOROOT_GO_ENV =
  "GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n";
