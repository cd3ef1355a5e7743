/**
 * Go's own Unicode predicates where the go command's output depends on them (strconv.Quote's escapes, x/mod's
 * file-name letters, the server-response detail), over Go's tables (gounicode-tables.ts, generated from the
 * go binaries themselves), not Node's Unicode data: go1.19's (Unicode 13.0.0) by default, go ≥ 1.21's
 * (Unicode 15.0.0) through unicodeOf.
 */
import { atLeast, type GoVersion } from "./config/goversion.js";
import {
  GO_LETTER_RANGES,
  GO_PRINT_RANGES,
  GO121_LETTER_ADDED,
  GO121_PRINT_ADDED,
} from "./gounicode-tables.js";

function inRanges(ranges: readonly number[], cp: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[2 * mid]!) hi = mid - 1;
    else if (cp > ranges[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Go's strconv.IsPrint (= unicode.IsPrint): letters, marks, numbers, punctuation, symbols and U+0020. */
export function goIsPrint(cp: number): boolean {
  return inRanges(GO_PRINT_RANGES, cp);
}

/** Go's unicode.IsLetter. */
export function goIsLetter(cp: number): boolean {
  return inRanges(GO_LETTER_RANGES, cp);
}

/** unicode.Zs, the space separators (unchanged since long before Unicode 13). */
const SPACE_SEPARATORS = new Set([
  0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x202f, 0x205f, 0x3000,
]);

/** Go's unicode.IsGraphic: IsPrint's runes and the space separators. */
export function goIsGraphic(cp: number): boolean {
  return goIsPrint(cp) || SPACE_SEPARATORS.has(cp);
}

/** The Unicode predicates of one go release. */
export interface GoUnicode {
  readonly isPrint: (cp: number) => boolean;
  readonly isLetter: (cp: number) => boolean;
  readonly isGraphic: (cp: number) => boolean;
  readonly isSpace: (cp: number) => boolean;
}

/** go1.19's predicates (Unicode 13.0.0): the functions above. */
export const GO119_UNICODE: GoUnicode = {
  isPrint: goIsPrint,
  isLetter: goIsLetter,
  isGraphic: goIsGraphic,
  isSpace: goIsSpace,
};

const print121 = (cp: number) => goIsPrint(cp) || inRanges(GO121_PRINT_ADDED, cp);

/** go ≥ 1.21's predicates (Unicode 15.0.0: go1.19's runes and those Unicode 14 and 15 added). */
export const GO121_UNICODE: GoUnicode = {
  isPrint: print121,
  isLetter: (cp) => goIsLetter(cp) || inRanges(GO121_LETTER_ADDED, cp),
  isGraphic: (cp) => print121(cp) || SPACE_SEPARATORS.has(cp),
  isSpace: goIsSpace,
};

/** The Unicode predicates of go version v (verified for go1.19 and go1.26; 1.21 is the release notes' word). */
export function unicodeOf(v: GoVersion): GoUnicode {
  return atLeast(v, 21) ? GO121_UNICODE : GO119_UNICODE;
}

/** Go's unicode.IsSpace: '\t', '\n', '\v', '\f', '\r', U+0085 and the White_Space runes. */
export function goIsSpace(cp: number): boolean {
  return (
    (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0x2028 || cp === 0x2029 || SPACE_SEPARATORS.has(cp)
  );
}
