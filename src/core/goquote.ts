/**
 * Go's strconv.Quote, used wherever the go command formats a value with %q
 * (for example `parse "<url>": …` errors and `malformed module path "<path>": …`), with go's own table of
 * printable runes (gounicode.ts: go1.19's by default, a later release's through `u`), not Node's Unicode data.
 */

import { GO119_UNICODE, type GoUnicode } from "./gounicode.js";

const SHORT_ESCAPES: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  "\\": "\\\\",
  '"': '\\"',
};

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

function quoteRune(ch: string, u: GoUnicode): string {
  const short = SHORT_ESCAPES[ch];
  if (short !== undefined) return short;
  const cp = ch.codePointAt(0)!;
  if (u.isPrint(cp)) return ch;
  if (cp < 0x80) return `\\x${hex(cp, 2)}`;
  // Lone surrogates stand for bytes that were not valid UTF-8 in Go; Go prints U+FFFD's bytes as \ufffd.
  if (cp >= 0xd800 && cp <= 0xdfff) return "\\ufffd";
  if (cp <= 0xffff) return `\\u${hex(cp, 4)}`;
  return `\\U${hex(cp, 8)}`;
}

/**
 * Returns s as Go's strconv.Quote would: double-quoted, with Go escape sequences for control and non-printable
 * characters (printable by the Unicode tables of u, default go1.19's). Mirrors strconv.Quote (strconv/quote.go).
 */
export function goQuote(s: string, u: GoUnicode = GO119_UNICODE): string {
  let out = '"';
  for (const ch of s) out += quoteRune(ch, u);
  return `${out}"`;
}

/**
 * strconv.Quote of a Go byte string that may hold invalid UTF-8: valid runes as in goQuote, every byte of an
 * invalid sequence as `\xNN`.
 */
export function goQuoteBytes(bytes: Uint8Array, u: GoUnicode = GO119_UNICODE): string {
  let out = '"';
  let i = 0;
  while (i < bytes.length) {
    const n = runeLength(bytes, i);
    if (n === 0) {
      out += `\\x${hex(bytes[i]!, 2)}`;
      i++;
      continue;
    }
    out += quoteRune(new TextDecoder().decode(bytes.subarray(i, i + n)), u);
    i += n;
  }
  return `${out}"`;
}

/** Length of the valid UTF-8 sequence starting at i, or 0 if invalid. */
function runeLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  const n =
    c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n <= 1 || i + n > b.length) return n === 1 ? 1 : 0;
  for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  // A fatal decoder rejects overlongs, surrogates and code points past U+10FFFF, as utf8.DecodeRune does, while
  // still accepting EF BF BD, the valid encoding of U+FFFD itself.
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b.subarray(i, i + n));
    return n;
  } catch {
    return 0;
  }
}

/** Go's strconv.QuoteRune (the %q of a rune): single-quoted, with Go escapes. */
export function goQuoteRune(ch: string, u: GoUnicode = GO119_UNICODE): string {
  if (ch === "'") return "'\\''";
  if (ch === '"') return "'\"'";
  return `'${quoteRune(ch, u)}'`;
}
