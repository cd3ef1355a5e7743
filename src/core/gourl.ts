/**
 * The subset of Go's net/url that the go command's configuration handling depends on:
 * parsing with the exact error texts, and String/Redacted formatting for messages.
 * Mirrors net/url.Parse, URL.String and URL.Redacted (net/url/url.go, Go 1.19), with the host rules later
 * releases added (URLRules), checked against go1.19 and go1.26 (test/conformance/gourl-go.test.ts).
 */
import type { GoVersion } from "./config/goversion.js";
import { GoError } from "./errors.js";
import { goQuote, goQuoteBytes } from "./goquote.js";
import { parseAddr } from "./netip.js";

/**
 * The net/url host rules of a go version (parseHost).
 * - strictBrackets (go1.24.8, go1.25.2 and later: the fix for bracketed IPv6 hosts): a '[' anywhere but first is
 *   "invalid IP-literal"; a bracketed host must be an IPv6 address by netip.ParseAddr (an IPv4 one is
 *   "invalid IP-literal", anything else "invalid host: ParseAddr(…)…").
 * - strictColons (go1.26, GODEBUG urlstrictcolons): in an http or https URL the port starts at the first colon
 *   of a host with several; other schemes keep taking the last.
 * The release boundaries come from Go's release history; only go1.19 (neither) and go1.26 (both) are verified.
 */
export interface URLRules {
  readonly strictBrackets: boolean;
  readonly strictColons: boolean;
}

/** go1.19's net/url: neither rule. */
export const GO119_URL_RULES: URLRules = { strictBrackets: false, strictColons: false };

/** The net/url rules of go version v. */
export function urlRulesOf(v: GoVersion): URLRules {
  const at = (minor: number, patch: number) =>
    v.major > 1 || v.minor > minor || (v.minor === minor && v.patch >= patch);
  return {
    strictBrackets: at(26, 0) || at(25, 2) || (v.minor === 24 && v.patch >= 8),
    strictColons: at(26, 0),
  };
}

/** A parsed URL, field for field as Go's url.URL (Path is unescaped, RawPath the original when it differs). */
export interface GoURL {
  readonly scheme: string;
  readonly opaque: string;
  readonly user: { readonly username: string; readonly password: string | null } | null;
  readonly host: string;
  readonly path: string;
  readonly rawPath: string;
  readonly omitHost: boolean;
  readonly forceQuery: boolean;
  readonly rawQuery: string;
  readonly fragment: string;
  readonly rawFragment: string;
}

type Mode = "path" | "pathSegment" | "host" | "zone" | "userPassword" | "fragment";

const UPPERHEX = "0123456789ABCDEF";

function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === "host" || mode === "zone") && "!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  if ("-_.~".includes(ch)) return false;
  if ("$&+,/:;=?@".includes(ch)) {
    if (mode === "path") return ch === "?";
    if (mode === "pathSegment") return "/;,?".includes(ch);
    if (mode === "userPassword") return "@/?:".includes(ch);
    if (mode === "fragment") return false;
  }
  if (mode === "fragment" && "!()*".includes(ch)) return false;
  return true;
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Go's url.escape for the given mode (non-ASCII bytes are always percent-encoded). */
function escapeWith(s: string, mode: Mode): string {
  let out = "";
  for (const b of utf8(s)) {
    if (b >= 0x80 || shouldEscape(b, mode)) out += `%${UPPERHEX[b >> 4]}${UPPERHEX[b & 15]}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

function escapeError(bytes: Uint8Array): GoError {
  return new GoError(`invalid URL escape ${goQuoteBytes(bytes)}`);
}

function isHexByte(b: number | undefined): boolean {
  return (
    b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66))
  );
}

function hexVal(b: number): number {
  return b <= 0x39 ? b - 0x30 : (b | 0x20) - 0x57;
}

/** Go's url.unescape on the UTF-8 bytes of s: validates percent-escapes (stricter for hosts) and decodes them. */
function unescapeWith(s: string, mode: Mode): string {
  const b = utf8(s);
  const out: number[] = [];
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c === 0x25) {
      if (i + 2 >= b.length || !isHexByte(b[i + 1]) || !isHexByte(b[i + 2]))
        throw escapeError(b.subarray(i, i + 3));
      const v = (hexVal(b[i + 1]!) << 4) | hexVal(b[i + 2]!);
      const isPct25 = v === 0x25;
      if (mode === "host" && v < 0x80 && !isPct25) throw escapeError(b.subarray(i, i + 3));
      if (mode === "zone" && !isPct25 && v !== 0x20 && v < 0x80 && shouldEscape(v, "host")) {
        throw escapeError(b.subarray(i, i + 3));
      }
      out.push(v);
      i += 3;
      continue;
    }
    if ((mode === "host" || mode === "zone") && c < 0x80 && shouldEscape(c, mode)) {
      throw new GoError(`invalid character ${goQuote(String.fromCharCode(c))} in host name`);
    }
    out.push(c);
    i++;
  }
  return new TextDecoder().decode(new Uint8Array(out));
}

function getScheme(raw: string): { scheme: string; rest: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return { scheme: "", rest: raw };
      continue;
    }
    if (c === ":") {
      if (i === 0) throw new GoError("missing protocol scheme");
      return { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: "", rest: raw };
  }
  return { scheme: "", rest: raw };
}

function validOptionalPort(port: string): boolean {
  return port === "" || /^:[0-9]*$/.test(port);
}

/** go ≥ 1.24.8's parseHost for a host starting with '[': the literal must be an IPv6 address. */
function parseBracketedHost(host: string): string {
  const close = host.lastIndexOf("]");
  if (close < 0) throw new GoError("missing ']' in host");
  const colonPort = host.slice(close + 1);
  if (!validOptionalPort(colonPort)) throw new GoError(`invalid port ${goQuote(colonPort)} after host`);
  const port = unescapeWith(colonPort, "host");
  const hostname = host.slice(1, close);
  const zone = hostname.indexOf("%25");
  const unescaped =
    zone >= 0
      ? unescapeWith(hostname.slice(0, zone), "host") + unescapeWith(hostname.slice(zone), "zone")
      : unescapeWith(hostname, "host");
  let family: 4 | 6;
  try {
    family = parseAddr(unescaped).family;
  } catch (e) {
    throw new GoError(`invalid host: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (family === 4) throw new GoError("invalid IP-literal");
  return `[${unescaped}]${port}`;
}

function parseHost(host: string, scheme: string, rules: URLRules): string {
  if (rules.strictBrackets) {
    const open = host.lastIndexOf("[");
    if (open > 0) throw new GoError("invalid IP-literal");
    if (open === 0) return parseBracketedHost(host);
  }
  if (host.startsWith("[")) {
    const i = host.lastIndexOf("]");
    if (i < 0) throw new GoError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new GoError(`invalid port ${goQuote(colonPort)} after host`);
    const zone = host.slice(0, i).indexOf("%25");
    if (zone >= 0) {
      return (
        unescapeWith(host.slice(0, zone), "host") +
        unescapeWith(host.slice(zone, i), "zone") +
        unescapeWith(host.slice(i), "host")
      );
    }
  } else {
    const first = host.indexOf(":");
    const strict = rules.strictColons && (scheme === "http" || scheme === "https");
    const i = strict ? first : host.lastIndexOf(":");
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new GoError(`invalid port ${goQuote(colonPort)} after host`);
    }
  }
  return unescapeWith(host, "host");
}

function parseAuthority(authority: string, scheme: string, rules: URLRules): Pick<GoURL, "user" | "host"> {
  const at = authority.lastIndexOf("@");
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1), scheme, rules);
  if (at < 0) return { user: null, host };
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new GoError("net/url: invalid userinfo");
  const colon = userinfo.indexOf(":");
  if (colon < 0) return { user: { username: unescapeWith(userinfo, "userPassword"), password: null }, host };
  return {
    user: {
      username: unescapeWith(userinfo.slice(0, colon), "userPassword"),
      password: unescapeWith(userinfo.slice(colon + 1), "userPassword"),
    },
    host,
  };
}

function hasCTL(s: string): boolean {
  return /[\x00-\x1f\x7f]/.test(s);
}

function parseNoFragment(raw: string, rules: URLRules): GoURL {
  if (hasCTL(raw)) throw new GoError("net/url: invalid control character in URL");
  const empty: GoURL = {
    scheme: "",
    opaque: "",
    user: null,
    host: "",
    path: "",
    rawPath: "",
    omitHost: false,
    forceQuery: false,
    rawQuery: "",
    fragment: "",
    rawFragment: "",
  };
  if (raw === "*") return { ...empty, path: "*" };
  const got = getScheme(raw);
  const scheme = got.scheme.toLowerCase();
  let rest = got.rest;
  let forceQuery = false;
  let rawQuery = "";
  if (rest.endsWith("?") && rest.split("?").length === 2) {
    forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf("?");
    if (q >= 0) [rest, rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
  }
  const base = { ...empty, scheme, forceQuery, rawQuery };
  if (!rest.startsWith("/")) {
    if (scheme !== "") return { ...base, opaque: rest };
    const segment = rest.split("/")[0]!;
    if (segment.includes(":")) throw new GoError("first path segment in URL cannot contain colon");
  }
  let auth: Pick<GoURL, "user" | "host"> = { user: null, host: "" };
  let omitHost = false;
  if ((scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    let authority = rest.slice(2);
    rest = "";
    const slash = authority.indexOf("/");
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    auth = parseAuthority(authority, scheme, rules);
  } else if (scheme !== "" && rest.startsWith("/")) {
    omitHost = true;
  }
  const path = unescapeWith(rest, "path");
  const rawPath = escapeWith(path, "path") === rest ? "" : rest;
  return { ...base, ...auth, omitHost, path, rawPath };
}

/**
 * Parses raw exactly as Go's url.Parse does, with the host rules of a go version (default go1.19's).
 *
 * @throws GoError with Go's message, e.g. `parse "\"https://x\"": first path segment in URL cannot contain colon`.
 */
export function parseURL(raw: string, rules: URLRules = GO119_URL_RULES): GoURL {
  const hash = raw.indexOf("#");
  const u = hash < 0 ? raw : raw.slice(0, hash);
  let parsed: GoURL;
  try {
    parsed = parseNoFragment(u, rules);
  } catch (e) {
    throw wrap(u, e);
  }
  if (hash < 0) return parsed;
  try {
    const f = raw.slice(hash + 1);
    const fragment = unescapeWith(f, "fragment");
    return { ...parsed, fragment, rawFragment: escapeWith(fragment, "fragment") === f ? "" : f };
  } catch (e) {
    throw wrap(raw, e);
  }
}

function wrap(u: string, e: unknown): GoError {
  const msg = e instanceof Error ? e.message : String(e);
  return new GoError(`parse ${goQuote(u)}: ${msg}`);
}

function escapedFragment(u: GoURL): string {
  if (u.rawFragment !== "" && validEncoded(u.rawFragment, "fragment")) {
    try {
      if (unescapeWith(u.rawFragment, "fragment") === u.fragment) return u.rawFragment;
    } catch {
      // fall through to the default encoding, as Go does
    }
  }
  return escapeWith(u.fragment, "fragment");
}

function escapedPath(u: GoURL): string {
  if (u.rawPath !== "" && validEncoded(u.rawPath, "path")) {
    try {
      if (unescapeWith(u.rawPath, "path") === u.path) return u.rawPath;
    } catch {
      // fall through to the default encoding, as Go does
    }
  }
  if (u.path === "*") return "*";
  return escapeWith(u.path, "path");
}

function validEncoded(s: string, mode: Mode): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if ("!$&'()*+,;=:@[]%".includes(c)) continue;
    if (c.charCodeAt(0) >= 0x80 || shouldEscape(c.charCodeAt(0), mode)) return false;
  }
  return true;
}

function userString(user: NonNullable<GoURL["user"]>): string {
  const name = escapeWith(user.username, "userPassword");
  return user.password === null ? name : `${name}:${escapeWith(user.password, "userPassword")}`;
}

/** Formats u as Go's URL.String does. */
export function formatURL(u: GoURL): string {
  let out = u.scheme !== "" ? `${u.scheme}:` : "";
  if (u.opaque !== "") {
    out += u.opaque;
  } else {
    if (u.scheme !== "" || u.host !== "" || u.user !== null) {
      if (!(u.omitHost && u.host === "" && u.user === null)) {
        if (u.host !== "" || u.path !== "" || u.user !== null) out += "//";
        if (u.user !== null) out += `${userString(u.user)}@`;
        if (u.host !== "") out += escapeWith(u.host, "host");
      }
    }
    const path = escapedPath(u);
    if (path !== "" && path[0] !== "/" && u.host !== "") out += "/";
    if (out === "" && path.split("/")[0]!.includes(":")) out += "./";
    out += path;
  }
  if (u.forceQuery || u.rawQuery !== "") out += `?${u.rawQuery}`;
  if (u.fragment !== "") out += `#${escapedFragment(u)}`;
  return out;
}

/** Formats u with its password replaced by "xxxxx", as Go's URL.Redacted does. */
export function redactedURL(u: GoURL): string {
  if (u.user === null || u.user.password === null) return formatURL(u);
  return formatURL({ ...u, user: { username: u.user.username, password: "xxxxx" } });
}

/** Go's url.PathEscape (escapes `/` too). */
export function pathEscape(s: string): string {
  return escapeWith(s, "pathSegment");
}

/** Go's path.Clean: the shortest equivalent slash-separated path (mirrors path/path.go:Clean). */
export function cleanPath(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(seg);
  }
  const joined = out.join("/");
  if (rooted) return `/${joined}`;
  return joined === "" ? "." : joined;
}

/** Go's path.Join: joins the non-empty elements and cleans the result ("" when all are empty). */
export function joinPath(...elems: string[]): string {
  const nonEmpty = elems.filter((e) => e !== "");
  return nonEmpty.length === 0 ? "" : cleanPath(nonEmpty.join("/"));
}
