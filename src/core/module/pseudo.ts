/**
 * Pseudo-versions: the versions the go command invents for untagged commits, in one of the forms
 *
 *   (1) vX.0.0-yyyymmddhhmmss-abcdef123456
 *   (2) vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef123456[+incompatible]
 *   (3) vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef123456[+incompatible]
 *
 * with x/mod's exact error texts. Mirrors golang.org/x/mod/module (module/pseudo.go): PseudoVersion,
 * ZeroPseudoVersion, IsPseudoVersion, IsZeroPseudoVersion, PseudoVersionTime, PseudoVersionRev,
 * PseudoVersionBase.
 */
import { GoError } from "../errors.js";
import { goQuote } from "../goquote.js";
import * as semver from "../semver.js";

// \d is ASCII-only in JS as in Go's RE2; IsPseudoVersion applies it only to valid (hence ASCII) semvers.
const PSEUDO_VERSION_RE =
  /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** The layout of a pseudo-version's time stamp, in Go's reference-time notation (UTC, yyyymmddhhmmss). */
export const PSEUDO_VERSION_TIMESTAMP_FORMAT = "20060102150405";

/** x/mod's InvalidVersionError with Pseudo set: `pseudo-version "<v>" invalid: <reason>`. */
function invalidPseudo(v: string, reason: string): GoError {
  return new GoError(`pseudo-version ${goQuote(v)} invalid: ${reason}`);
}

/** Go's appendInt: optional "-", then |x| zero-padded to width. */
function pad(x: number, width: number): string {
  const digits = String(Math.abs(x)).padStart(width, "0");
  return x < 0 ? `-${digits}` : digits;
}

/** t.UTC().Format("20060102150405"). */
function formatTimestamp(t: Date): string {
  return (
    pad(t.getUTCFullYear(), 4) +
    pad(t.getUTCMonth() + 1, 2) +
    pad(t.getUTCDate(), 2) +
    pad(t.getUTCHours(), 2) +
    pad(t.getUTCMinutes(), 2) +
    pad(t.getUTCSeconds(), 2)
  );
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** time.Parse("20060102150405", ts) in UTC for the 14 digits the pattern guarantees; null where Go errors. */
function parseTimestamp(ts: string): Date | null {
  if (!/^[0-9]{14}$/.test(ts)) return null;
  const n = (from: number, to: number) => Number(ts.slice(from, to));
  const year = n(0, 4);
  const month = n(4, 6);
  const day = n(6, 8);
  const hour = n(8, 10);
  const min = n(10, 12);
  const sec = n(12, 14);
  if (month < 1 || month > 12 || hour >= 24 || min >= 60 || sec >= 60) return null;
  if (day < 1 || day > daysIn(month, year)) return null;
  const t = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  t.setUTCFullYear(year, month - 1, day);
  t.setUTCHours(hour, min, sec, 0);
  return t;
}

/** Go's incDecimal: the decimal string plus one ("99" → "100"). */
function incDecimal(decimal: string): string {
  const digits = [...decimal];
  let i = digits.length - 1;
  for (; i >= 0 && digits[i] === "9"; i--) digits[i] = "0";
  if (i >= 0) digits[i] = String(Number(digits[i]) + 1);
  else {
    digits[0] = "1";
    digits.push("0");
  }
  return digits.join("");
}

/** Go's decDecimal: the decimal string minus one ("100" → "99"), or "" when it is all zeros. */
function decDecimal(decimal: string): string {
  const digits = [...decimal];
  let i = digits.length - 1;
  for (; i >= 0 && digits[i] === "0"; i--) digits[i] = "9";
  if (i < 0) return "";
  if (i === 0 && digits[i] === "1" && digits.length > 1) digits.shift();
  else digits[i] = String(Number(digits[i]) - 1);
  return digits.join("");
}

/**
 * A pseudo-version for a commit: `major` is the major version ("v1"; "" means "v0"), `older` the most recent
 * tagged version before the commit ("" for none, "v1.2.3", "v1.2.3-pre", optionally "+incompatible"), `t` the
 * commit time (formatted in UTC, to the second) and `rev` the revision identifier (usually a 12-character
 * commit-hash prefix). Nothing is validated, as in Go: an invalid `older` counts as none.
 * @returns form (1) `vX.0.0-yyyymmddhhmmss-rev` when there is no older version, form (3)
 * `vX.Y.Z-pre.0.yyyymmddhhmmss-rev[+build]` after a prerelease, else form (2)
 * `vX.Y.(Z+1)-0.yyyymmddhhmmss-rev[+build]`.
 * @throws RangeError when t is an invalid Date (Go has no such time).
 * Mirrors golang.org/x/mod/module.PseudoVersion (module/pseudo.go).
 */
export function pseudoVersion(major: string, older: string, t: Date, rev: string): string {
  if (Number.isNaN(t.getTime())) throw new RangeError("pseudoVersion: invalid Date");
  const maj = major === "" ? "v0" : major;
  const segment = `${formatTimestamp(t)}-${rev}`;
  const build = semver.build(older);
  const base = semver.canonical(older);
  if (base === "") return `${maj}.0.0-${segment}`;
  if (semver.prerelease(base) !== "") return `${base}.0.${segment}${build}`;
  const i = base.lastIndexOf(".") + 1;
  return `${base.slice(0, i)}${incDecimal(base.slice(i))}-0.${segment}${build}`;
}

/**
 * The placeholder pseudo-version with a zero time stamp (Go's zero time, 0001-01-01) and revision:
 * `vX.0.0-00010101000000-000000000000` for major "vX" ("" means "v0").
 * Mirrors golang.org/x/mod/module.ZeroPseudoVersion (module/pseudo.go).
 */
export function zeroPseudoVersion(major: string): string {
  const zero = new Date(0);
  zero.setUTCFullYear(1, 0, 1);
  return pseudoVersion(major, "", zero, "000000000000");
}

/**
 * Reports whether v is a pseudo-version (a valid semver of one of the three forms). Total: never throws.
 * Mirrors golang.org/x/mod/module.IsPseudoVersion (module/pseudo.go).
 */
export function isPseudoVersion(v: string): boolean {
  return v.split("-").length - 1 >= 2 && semver.isValid(v) && PSEUDO_VERSION_RE.test(v);
}

/**
 * Reports whether v is exactly zeroPseudoVersion of its own major version. Total: never throws.
 * Mirrors golang.org/x/mod/module.IsZeroPseudoVersion (module/pseudo.go).
 */
export function isZeroPseudoVersion(v: string): boolean {
  return v === zeroPseudoVersion(semver.major(v));
}

interface PseudoParts {
  /** "vX.0.0", "vX.Y.(Z+1)-0" or "vX.Y.Z-pre.0" */
  readonly base: string;
  /** 14 digits, not yet checked as a date */
  readonly timestamp: string;
  readonly rev: string;
  /** "" or "+…" */
  readonly build: string;
}

/** x/mod's parsePseudoVersion. @throws GoError `pseudo-version "<v>" invalid: syntax error` */
function parsePseudoVersion(v: string): PseudoParts {
  if (!isPseudoVersion(v)) throw invalidPseudo(v, "syntax error");
  const build = semver.build(v);
  let rest = v.slice(0, v.length - build.length);
  const j = rest.lastIndexOf("-");
  const rev = rest.slice(j + 1);
  rest = rest.slice(0, j);
  const i = rest.lastIndexOf("-");
  const dot = rest.lastIndexOf(".");
  if (dot > i) return { base: rest.slice(0, dot), timestamp: rest.slice(dot + 1), rev, build };
  return { base: rest.slice(0, i), timestamp: rest.slice(i + 1), rev, build };
}

/**
 * The commit time embedded in pseudo-version v, as a UTC Date (whole seconds).
 * @throws GoError `pseudo-version "<v>" invalid: syntax error` when v is not a pseudo-version, or
 * `pseudo-version "<v>" invalid: malformed time "<yyyymmddhhmmss>"` when the stamp is not a real UTC time
 * (month 13, February 30, hour 24, second 60, …).
 * Mirrors golang.org/x/mod/module.PseudoVersionTime (module/pseudo.go).
 */
export function pseudoVersionTime(v: string): Date {
  const { timestamp } = parsePseudoVersion(v);
  const t = parseTimestamp(timestamp);
  if (t === null) throw invalidPseudo(v, `malformed time ${goQuote(timestamp)}`);
  return t;
}

/**
 * The revision identifier of pseudo-version v (the part after the time stamp, without build metadata).
 * @throws GoError `pseudo-version "<v>" invalid: syntax error` when v is not a pseudo-version.
 * Mirrors golang.org/x/mod/module.PseudoVersionRev (module/pseudo.go).
 */
export function pseudoVersionRev(v: string): string {
  return parsePseudoVersion(v).rev;
}

/**
 * The canonical tagged version pseudo-version v is based on, with v's build metadata kept
 * ("v1.2.4-0.2006…-hash+incompatible" → "v1.2.3+incompatible"), or "" for form (1), which has none.
 * @throws GoError `pseudo-version "<v>" invalid: <reason>` with reason `syntax error` (not a pseudo-version),
 * `lacks base version, but has build metadata "<+build>"` (form (1) with a build suffix), or
 * `version before vX.Y.0 would have negative patch number` (form (2) with patch 0).
 * Mirrors golang.org/x/mod/module.PseudoVersionBase (module/pseudo.go).
 */
export function pseudoVersionBase(v: string): string {
  const { base, build } = parsePseudoVersion(v);
  const pre = semver.prerelease(base);
  if (pre === "") {
    // "vX.0.0-" says there is no parent tag, "+incompatible" that there is one: x/mod rejects the mix.
    if (build !== "") throw invalidPseudo(v, `lacks base version, but has build metadata ${goQuote(build)}`);
    return "";
  }
  if (pre === "-0") {
    const release = base.slice(0, base.length - pre.length);
    const i = release.lastIndexOf(".");
    const patch = decDecimal(release.slice(i + 1));
    if (patch === "") throw invalidPseudo(v, `version before ${release} would have negative patch number`);
    return release.slice(0, i + 1) + patch + build;
  }
  return base.slice(0, base.length - ".0".length) + build;
}
