/**
 * Semantic versions as Go uses them ("v1.2.3", with the shorthands "v1" and "v1.2" accepted as valid).
 * Mirrors golang.org/x/mod/semver (semver.go). All functions are total: invalid input gives "" or the
 * documented ordering, never an exception.
 */

interface Parsed {
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  /** ".0.0" or ".0" when the input was a shorthand, else "". */
  readonly short: string;
  readonly prerelease: string;
  readonly build: string;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

function isIdentChar(c: string): boolean {
  return /^[A-Za-z0-9-]$/.test(c);
}

/** A decimal without leading zeros at the start of v: [digits, rest] or null. */
function parseNum(v: string): [string, string] | null {
  if (!isDigit(v[0])) return null;
  let i = 1;
  while (isDigit(v[i])) i++;
  if (v[0] === "0" && i !== 1) return null;
  return [v.slice(0, i), v.slice(i)];
}

function isBadNum(v: string): boolean {
  return /^[0-9]+$/.test(v) && v.length > 1 && v[0] === "0";
}

/** Dot-separated identifiers after `lead` ("-" or "+"), up to `stop`; numeric ones checked when strict. */
function parseIdents(v: string, lead: string, stopAtPlus: boolean): [string, string] | null {
  if (v[0] !== lead) return null;
  let i = 1;
  let start = 1;
  while (i < v.length && !(stopAtPlus && v[i] === "+")) {
    const c = v[i]!;
    if (!isIdentChar(c) && c !== ".") return null;
    if (c === ".") {
      if (start === i || (stopAtPlus && isBadNum(v.slice(start, i)))) return null;
      start = i + 1;
    }
    i++;
  }
  if (start === i || (stopAtPlus && isBadNum(v.slice(start, i)))) return null;
  return [v.slice(0, i), v.slice(i)];
}

function parse(v: string): Parsed | null {
  if (v === "" || v[0] !== "v") return null;
  const maj = parseNum(v.slice(1));
  if (maj === null) return null;
  let rest = maj[1];
  if (rest === "") return { major: maj[0], minor: "0", patch: "0", short: ".0.0", prerelease: "", build: "" };
  if (rest[0] !== ".") return null;
  const min = parseNum(rest.slice(1));
  if (min === null) return null;
  rest = min[1];
  if (rest === "")
    return { major: maj[0], minor: min[0], patch: "0", short: ".0", prerelease: "", build: "" };
  if (rest[0] !== ".") return null;
  const pat = parseNum(rest.slice(1));
  if (pat === null) return null;
  rest = pat[1];
  let prerelease = "";
  let build = "";
  if (rest[0] === "-") {
    const p = parseIdents(rest, "-", true);
    if (p === null) return null;
    [prerelease, rest] = p;
  }
  if (rest[0] === "+") {
    const b = parseIdents(rest, "+", false);
    if (b === null) return null;
    [build, rest] = b;
  }
  if (rest !== "") return null;
  return { major: maj[0], minor: min[0], patch: pat[0], short: "", prerelease, build };
}

/** Reports whether v is a valid semantic version (semver.IsValid). */
export function isValid(v: string): boolean {
  return parse(v) !== null;
}

/** The canonical form: shorthands completed, build suffix dropped; "" if invalid (semver.Canonical). */
export function canonical(v: string): string {
  const p = parse(v);
  if (p === null) return "";
  if (p.build !== "") return v.slice(0, v.length - p.build.length);
  if (p.short !== "") return v + p.short;
  return v;
}

/** The major version prefix ("v2"), or "" if invalid (semver.Major). */
export function major(v: string): string {
  const p = parse(v);
  return p === null ? "" : v.slice(0, 1 + p.major.length);
}

/** The major.minor prefix ("v2.1"), or "" if invalid (semver.MajorMinor). */
export function majorMinor(v: string): string {
  const p = parse(v);
  if (p === null) return "";
  const i = 1 + p.major.length;
  const j = i + 1 + p.minor.length;
  if (j <= v.length && v[i] === "." && v.slice(i + 1, j) === p.minor) return v.slice(0, j);
  return `${v.slice(0, i)}.${p.minor}`;
}

/** The prerelease suffix including "-", or "" (semver.Prerelease). */
export function prerelease(v: string): string {
  return parse(v)?.prerelease ?? "";
}

/** The build suffix including "+", or "" (semver.Build). */
export function build(v: string): string {
  return parse(v)?.build ?? "";
}

function compareInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

function comparePrerelease(x: string, y: string): number {
  if (x === y) return 0;
  if (x === "") return 1;
  if (y === "") return -1;
  const xs = x.slice(1).split(".");
  const ys = y.slice(1).split(".");
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const dx = xs[i]!;
    const dy = ys[i]!;
    if (dx === dy) continue;
    const ix = /^[0-9]*$/.test(dx);
    const iy = /^[0-9]*$/.test(dy);
    if (ix !== iy) return ix ? -1 : 1;
    if (ix && dx.length !== dy.length) return dx.length < dy.length ? -1 : 1;
    return dx < dy ? -1 : 1;
  }
  return xs.length < ys.length ? -1 : 1;
}

/**
 * Compares two versions: -1, 0 or +1. An invalid version is below every valid one, and two invalid ones are
 * equal (semver.Compare).
 */
export function compare(v: string, w: string): number {
  const pv = parse(v);
  const pw = parse(w);
  if (pv === null && pw === null) return 0;
  if (pv === null) return -1;
  if (pw === null) return 1;
  return (
    compareInt(pv.major, pw.major) ||
    compareInt(pv.minor, pw.minor) ||
    compareInt(pv.patch, pw.patch) ||
    comparePrerelease(pv.prerelease, pw.prerelease)
  );
}

/** The larger of two versions, canonicalised (semver.Max). */
export function max(v: string, w: string): string {
  const cv = canonical(v);
  const cw = canonical(w);
  return compare(cv, cw) > 0 ? cv : cw;
}

/** Go's string order (UTF-8 bytes, i.e. code points), which JS's `<` (UTF-16 code units) is not beyond U+FFFF. */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** Sorts versions ascending, ties broken bytewise, as semver.Sort (ByVersion). Returns a new array. */
export function sort(list: readonly string[]): string[] {
  return [...list].sort((a, b) => compare(a, b) || compareCodePoints(a, b));
}
