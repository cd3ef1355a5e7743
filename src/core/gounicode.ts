/**
 * Go's own Unicode predicates where the go command's output depends on them (strconv.Quote's escapes, x/mod's
 * file-name letters, the server-response detail), over go1.19's tables (gounicode-tables.ts, generated from
 * the go itself), not Node's newer Unicode data.
 */
import { GO_LETTER_RANGES, GO_PRINT_RANGES } from "./gounicode-tables.js";

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

/** Go's unicode.IsSpace: '\t', '\n', '\v', '\f', '\r', U+0085 and the White_Space runes. */
export function goIsSpace(cp: number): boolean {
  return (
    (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0x2028 || cp === 0x2029 || SPACE_SEPARATORS.has(cp)
  );
}
