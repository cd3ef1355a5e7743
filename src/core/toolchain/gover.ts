/**
 * Go toolchain versions as the go command compares them ("1.21", "1.21rc1", "1.21.0"; not semver).
 * Mirrors internal/gover/gover.go (Parse, Compare, IsLang, Lang, IsValid, CmpInt) and
 * cmd/go/internal/gover (gover.go IsPrerelease; toolchain.go FromToolchain; gomod.go GoModLookup), Go 1.26.
 */

/** A parsed version; every field is a decimal string or "" (Kind: "", "alpha", "beta", "rc"). */
export interface GoverVersion {
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  readonly kind: string;
  readonly pre: string;
}

const ZERO: GoverVersion = { major: "", minor: "", patch: "", kind: "", pre: "" };

function isZero(v: GoverVersion): boolean {
  return v.major === "" && v.minor === "" && v.patch === "" && v.kind === "" && v.pre === "";
}

/** cutInt: a decimal without an unnecessary leading zero at the start of x. */
function cutInt(x: string): { n: string; rest: string } | null {
  const m = /^[0-9]+/.exec(x);
  if (m === null) return null;
  const n = m[0];
  if (n.length > 1 && n[0] === "0") return null;
  return { n, rest: x.slice(n.length) };
}

/**
 * Parses x ("1", "1.21", "1.21.3", "1.22rc1"); a malformed x gives the zero version (all fields "").
 * Before 1.21 a missing patch means ".0"; from 1.21 on "1.N" is the language version, less than 1.N.0.
 */
export function parseGover(x: string): GoverVersion {
  const major = cutInt(x);
  if (major === null) return ZERO;
  if (major.rest === "") return { ...ZERO, major: major.n, minor: "0", patch: "0" };
  if (major.rest[0] !== ".") return ZERO;
  const minor = cutInt(major.rest.slice(1));
  if (minor === null) return ZERO;
  const base = { ...ZERO, major: major.n, minor: minor.n };
  if (minor.rest === "") return cmpInt(minor.n, "21") < 0 ? { ...base, patch: "0" } : base;
  if (minor.rest[0] === ".") {
    const patch = cutInt(minor.rest.slice(1));
    // Prereleases of patch releases ("1.21.3rc1") are not versions.
    if (patch === null || patch.rest !== "") return ZERO;
    return { ...base, patch: patch.n };
  }
  const kind = /^[a-z]+/.exec(minor.rest);
  if (kind === null) return ZERO;
  const after = minor.rest.slice(kind[0].length);
  if (after === "") return { ...base, kind: kind[0] };
  const pre = cutInt(after);
  if (pre === null || pre.rest !== "") return ZERO;
  return { ...base, kind: kind[0], pre: pre.n };
}

/** CmpInt: compares decimal strings without leading zeros (longer is larger). */
export function cmpInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

/**
 * Compare: -1, 0 or +1 as x is less than, equal to or greater than y (no "go" prefix). Malformed versions are
 * less than well-formed ones and equal to each other; "1.21" < "1.21rc1" < "1.21.0".
 */
export function compareGover(x: string, y: string): number {
  const a = parseGover(x);
  const b = parseGover(y);
  for (const k of ["major", "minor", "patch"] as const) {
    const c = cmpInt(a[k], b[k]);
    if (c !== 0) return c;
  }
  // "" < alpha < beta < rc, as strings compare.
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  return cmpInt(a.pre, b.pre);
}

/** IsValid: x parses as a Go version. */
export function isValidGover(x: string): boolean {
  return !isZero(parseGover(x));
}

/** IsLang: x names a language version ("1.21"), not a release ("1.21.0", "1.21rc1"). */
export function isLang(x: string): boolean {
  const v = parseGover(x);
  return !isZero(v) && v.patch === "" && v.kind === "" && v.pre === "";
}

/** Lang: the language version of x ("1.21.3" → "1.21"; "1.0.1" → "1"). */
export function langOf(x: string): string {
  const v = parseGover(x);
  if (v.minor === "" || (v.major === "1" && v.minor === "0")) return v.major;
  return `${v.major}.${v.minor}`;
}

/** IsPrerelease: x is an alpha, beta or rc. */
export function isPrerelease(x: string): boolean {
  return parseGover(x).kind !== "";
}

/**
 * FromToolchain: the Go version a toolchain name stands for ("go1.21.3" → "1.21.3", "go1.21.3-bigcorp" →
 * "1.21.3"); "" when name is not go<version>[suffix] or contains a path separator.
 */
export function fromToolchain(name: string): string {
  if (/[\\/]/.test(name) || !name.startsWith("go")) return "";
  let v = name.slice(2);
  const cut = v.search(/[ \t-]/);
  if (cut >= 0) v = v.slice(0, cut);
  return isValidGover(v) ? v : "";
}

/**
 * GoModLookup: the value of the first line of a go.mod or go.work that starts with key and a space or tab,
 * a trailing // comment removed; "" when there is none. Block forms are not looked at (go does not either).
 */
export function goModLookup(text: string, key: string): string {
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line.startsWith(key)) continue;
    const s = line.slice(key.length);
    if (s.length === 0 || (s[0] !== " " && s[0] !== "\t")) continue;
    const cut = s.indexOf("//");
    return (cut < 0 ? s : s.slice(0, cut)).trim();
  }
  return "";
}

/** modfile's GoVersionRE (x/mod/modfile/rule.go): the go lines a main module's go.mod may have. */
const GO_VERSION_RE = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;

/**
 * The first single-line `go` directive whose version modfile.Parse (strict, as for a main module) rejects:
 * its 1-based line and the version; null when there is none. Go ≥ 1.21 says
 * `invalid go version '<v>': must match format 1.23.0` for it (x/mod/modfile/rule.go add).
 */
export function badGoLine(text: string): { readonly line: number; readonly version: string } | null {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*go[ \t]+(\S+)\s*(?:\/\/.*)?$/.exec(lines[i]!);
    if (m === null) continue;
    return GO_VERSION_RE.test(m[1]!) ? null : { line: i + 1, version: m[1]! };
  }
  return null;
}
