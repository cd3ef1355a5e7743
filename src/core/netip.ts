/**
 * IP address parsing with Go's error texts. Mirrors net/netip.ParseAddr (parseIPv4Fields, parseIPv6,
 * parseAddrError.Error), go1.26 — which net/url uses from go1.24.8/go1.25.2 on to validate a bracketed host.
 */
import { GoError } from "./errors.js";
import { goQuote } from "./goquote.js";

/** What ParseAddr made of a string: an IPv4 or an IPv6 address (zone kept). */
export interface ParsedAddr {
  readonly family: 4 | 6;
  readonly zone: string;
}

function addrError(input: string, msg: string, at = ""): GoError {
  const where = at === "" ? "" : ` (at ${goQuote(at)})`;
  return new GoError(`ParseAddr(${goQuote(input)}): ${msg}${where}`);
}

const isDigit = (c: string) => c >= "0" && c <= "9";

/** parseIPv4Fields over input[off:end]; throws parseAddrError's text. */
function parseIPv4Fields(input: string, off: number, end: number): void {
  const s = input.slice(off, end);
  let val = 0;
  let pos = 0;
  let digLen = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (isDigit(c)) {
      if (digLen === 1 && val === 0) throw addrError(input, "IPv4 field has octet with leading zero");
      val = val * 10 + Number(c);
      digLen++;
      if (val > 255) throw addrError(input, "IPv4 field has value >255");
    } else if (c === ".") {
      if (i === 0 || i === s.length - 1 || s[i - 1] === ".")
        throw addrError(input, "IPv4 field must have at least one digit", s.slice(i));
      if (pos === 3) throw addrError(input, "IPv4 address too long");
      pos++;
      val = 0;
      digLen = 0;
    } else {
      throw addrError(input, "unexpected character", s.slice(i));
    }
  }
  if (pos < 3) throw addrError(input, "IPv4 address too short");
}

function hexDigit(c: string | undefined): number {
  if (c === undefined) return -1;
  const n = Number.parseInt(c, 16);
  return /^[0-9a-fA-F]$/.test(c) ? n : -1;
}

/** parseIPv6; throws parseAddrError's text. */
function parseIPv6(input: string): ParsedAddr {
  let s = input;
  let zone = "";
  const pct = s.indexOf("%");
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === "") throw addrError(input, "zone must be a non-empty string");
  }
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ":" && s[1] === ":") {
    ellipsis = 0;
    s = s.slice(2);
    if (s === "") return { family: 6, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const d = hexDigit(s[off]);
      if (d < 0) break;
      acc = acc * 16 + d;
      if (off > 3) throw addrError(input, "each group must have 4 or less digits", s);
      if (acc > 0xffff) throw addrError(input, "IPv6 field has value >=2^16", s);
    }
    if (off === 0) throw addrError(input, "each colon-separated field must have at least one digit", s);
    if (off < s.length && s[off] === ".") {
      if (ellipsis < 0 && i !== 12)
        throw addrError(input, "embedded IPv4 address must replace the final 2 fields of the address", s);
      if (i + 4 > 16)
        throw addrError(input, "too many hex fields to fit an embedded IPv4 at the end of the address", s);
      const end = input.length - (zone.length > 0 ? zone.length + 1 : 0);
      parseIPv4Fields(input, end - s.length, end);
      s = "";
      i += 4;
      break;
    }
    i += 2;
    s = s.slice(off);
    if (s === "") break;
    if (s[0] !== ":") throw addrError(input, "unexpected character, want colon", s);
    if (s.length === 1) throw addrError(input, "colon must be followed by more characters", s);
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) throw addrError(input, "multiple :: in address", s);
      ellipsis = i;
      s = s.slice(1);
      if (s === "") break;
    }
  }
  if (s !== "") throw addrError(input, "trailing garbage after address", s);
  if (i < 16 && ellipsis < 0) throw addrError(input, "address string too short");
  if (i >= 16 && ellipsis >= 0) throw addrError(input, "the :: must expand to at least one field of zeros");
  return { family: 6, zone };
}

/**
 * Parses an IP address as netip.ParseAddr does: the first '.', ':' or '%' decides the form. Throws GoError with
 * go's text (`ParseAddr("x"): unable to parse IP`). Byte-oriented like Go: non-ASCII characters are never digits.
 */
export function parseAddr(s: string): ParsedAddr {
  for (const c of s) {
    if (c === ".") {
      parseIPv4Fields(s, 0, s.length);
      return { family: 4, zone: "" };
    }
    if (c === ":") return parseIPv6(s);
    if (c === "%") throw addrError(s, "missing IPv6 address");
  }
  throw addrError(s, "unable to parse IP");
}
