/**
 * Which HTTP proxy the go command uses for a URL: net/http.ProxyFromEnvironment, i.e.
 * golang.org/x/net/http/httpproxy (FromEnvironment, config.init, proxyForURL, useProxy, parseProxy,
 * canonicalAddr), Go 1.19 — vendored in src/vendor/golang.org/x/net/http/httpproxy/proxy.go.
 * Pure: the environment is passed in. Note that Node.js's own proxy support differs (lower case wins there).
 */
import { formatURL, type GoURL, parseURL } from "./gourl.js";

type Env = Readonly<Record<string, string | undefined>>;

/** A NO_PROXY entry, parsed. */
type Matcher =
  | { readonly kind: "all" }
  | { readonly kind: "cidr"; readonly net: Uint8Array; readonly bits: number; readonly entry: string }
  | { readonly kind: "ip"; readonly ip: Uint8Array; readonly port: string; readonly entry: string }
  | {
      readonly kind: "domain";
      readonly host: string;
      readonly port: string;
      readonly matchHost: boolean;
      readonly entry: string;
    };

/** The proxy configuration go reads once per process. */
export interface ProxyConfig {
  /** Raw values and the variable each came from (upper case wins when non-empty). */
  readonly httpProxy: { readonly value: string; readonly from: string | null };
  readonly httpsProxy: { readonly value: string; readonly from: string | null };
  readonly noProxy: { readonly value: string; readonly from: string | null };
  /** REQUEST_METHOD is set: HTTP_PROXY is refused (CGI protection). */
  readonly cgi: boolean;
  /** Parsed proxies (null when unset or unparsable, which go silently ignores). */
  readonly httpProxyURL: GoURL | null;
  readonly httpsProxyURL: GoURL | null;
  readonly matchers: readonly Matcher[];
}

/** The proxy for one URL and why. */
export interface ProxyChoice {
  /** The proxy URL as go would use it (may contain credentials: redact before printing), or null: direct. */
  readonly proxy: string | null;
  readonly reason: string;
  /** go's error instead of a proxy (the CGI refusal), or undefined. */
  readonly error?: string;
}

function getEnvAny(env: Env, upper: string): { value: string; from: string | null } {
  for (const n of [upper, upper.toLowerCase()]) {
    const v = env[n] ?? "";
    if (v !== "") return { value: v, from: n };
  }
  return { value: "", from: null };
}

function tryParse(s: string): GoURL | null {
  try {
    return parseURL(s);
  } catch {
    return null;
  }
}

/** httpproxy.parseProxy: a full URL with http/https/socks5, else re-parsed as http://<value>; else ignored. */
export function parseProxy(proxy: string): GoURL | null {
  if (proxy === "") return null;
  const u = tryParse(proxy);
  if (u === null || !["http", "https", "socks5"].includes(u.scheme)) {
    const h = tryParse(`http://${proxy}`);
    if (h !== null) return h;
  }
  return u;
}

/** net.SplitHostPort; null on error. */
export function splitHostPort(hostport: string): { host: string; port: string } | null {
  const i = hostport.lastIndexOf(":");
  if (i < 0) return null;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === "[") {
    const end = hostport.indexOf("]");
    if (end < 0 || end + 1 !== i) return null;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(":")) return null;
  }
  if (hostport.slice(j).includes("[") || hostport.slice(k).includes("]")) return null;
  return { host, port: hostport.slice(i + 1) };
}

/** net.ParseIP for dotted IPv4 and IPv6 text; 16-byte form (IPv4 mapped), or null. */
export function parseIP(s: string): Uint8Array | null {
  const v4 = parseIPv4(s);
  if (v4 !== null) return new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4]);
  return parseIPv6(s);
}

function parseIPv4(s: string): number[] | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === "0")) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | null {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.split("::").length > 2) return null;
  let tail = s;
  let v4: number[] = [];
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    const p = parseIPv4(s.slice(lastColon + 1));
    if (p === null) return null;
    v4 = p;
    const prefix = s.slice(0, lastColon + 1);
    tail = prefix.endsWith("::") ? prefix : prefix.slice(0, -1);
  }
  const [headStr, tailStr] = tail.includes("::") ? tail.split("::") : [tail, null];
  const groups = (x: string) => (x === "" ? [] : x.split(":"));
  const head = groups(headStr!);
  const rest = tailStr === null ? [] : groups(tailStr);
  const wantGroups = 8 - v4.length / 2;
  // net.xtoi: any number of hex digits (leading zeros included) up to the value 0xFFFF.
  if ([...head, ...rest].some((g) => !/^[0-9a-fA-F]+$/.test(g) || Number.parseInt(g, 16) > 0xffff))
    return null;
  const fill = wantGroups - head.length - rest.length;
  if (tailStr === null ? fill !== 0 : fill < 1) return null;
  const all = [...head, ...Array(Math.max(fill, 0)).fill("0"), ...rest].map((g) => Number.parseInt(g, 16));
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  return new Uint8Array([...bytes, ...v4]);
}

function isLoopback(ip: Uint8Array): boolean {
  const v4 = isV4(ip);
  if (v4) return ip[12] === 127;
  return ip.every((b, i) => (i === 15 ? b === 1 : b === 0));
}

function isV4(ip: Uint8Array): boolean {
  return ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
}

function parseCIDR(s: string): { net: Uint8Array; bits: number } | null {
  const slash = s.indexOf("/");
  if (slash < 0) return null;
  const ipText = s.slice(0, slash);
  const bitsText = s.slice(slash + 1);
  const ip = parseIP(ipText);
  // net.dtoi: leading zeros are accepted in the prefix length ("10.0.0.0/08").
  if (ip === null || !/^[0-9]+$/.test(bitsText)) return null;
  const v4 = parseIPv4(ipText) !== null;
  const bits = Number(bitsText) + (v4 ? 96 : 0);
  if (bits > 128 || (v4 && Number(bitsText) > 32)) return null;
  return { net: ip, bits };
}

function cidrContains(net: Uint8Array, bits: number, ip: Uint8Array): boolean {
  // net.IPNet.Contains: an IPv4 address is only in a network whose (masked) number is IPv4, and vice versa.
  if ((bits >= 96 && isV4(net)) !== isV4(ip)) return false;
  for (let i = 0; i < 16; i++) {
    const maskBits = Math.max(0, Math.min(8, bits - i * 8));
    const mask = maskBits === 0 ? 0 : (0xff << (8 - maskBits)) & 0xff;
    if ((net[i]! & mask) !== (ip[i]! & mask)) return false;
  }
  return true;
}

/** IDNA ToASCII of a host (httpproxy.idnaASCII), through the WHATWG URL parser; unchanged if it fails. */
function ascii(host: string): string {
  if (/^[\x00-\x7f]*$/.test(host)) return host;
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return host;
  }
}

/** config.init's NO_PROXY parsing. */
function parseNoProxy(noProxy: string): Matcher[] {
  const out: Matcher[] = [];
  for (const raw of noProxy.split(",")) {
    const p = raw.trim().toLowerCase();
    if (p === "") continue;
    if (p === "*") return [{ kind: "all" }];
    const cidr = parseCIDR(p);
    if (cidr !== null) {
      out.push({ kind: "cidr", ...cidr, entry: raw.trim() });
      continue;
    }
    const hp = splitHostPort(p);
    let phost = p;
    let pport = "";
    if (hp !== null) {
      if (hp.host === "") continue;
      phost = hp.host.startsWith("[") && hp.host.endsWith("]") ? hp.host.slice(1, -1) : hp.host;
      pport = hp.port;
    }
    const pip = parseIP(phost);
    if (pip !== null) {
      out.push({ kind: "ip", ip: pip, port: pport, entry: raw.trim() });
      continue;
    }
    if (phost === "") continue;
    if (phost.startsWith("*.")) phost = phost.slice(1);
    const matchHost = phost[0] !== ".";
    if (matchHost) phost = `.${phost}`;
    out.push({ kind: "domain", host: ascii(phost), port: pport, matchHost, entry: raw.trim() });
  }
  return out;
}

/** httpproxy.FromEnvironment + config.init: reads HTTP(S)_PROXY / NO_PROXY (upper case first) and REQUEST_METHOD. */
export function proxyConfigFromEnv(env: Env): ProxyConfig {
  const httpProxy = getEnvAny(env, "HTTP_PROXY");
  const httpsProxy = getEnvAny(env, "HTTPS_PROXY");
  const noProxy = getEnvAny(env, "NO_PROXY");
  return {
    httpProxy,
    httpsProxy,
    noProxy,
    cgi: (env.REQUEST_METHOD ?? "") !== "",
    httpProxyURL: parseProxy(httpProxy.value),
    httpsProxyURL: parseProxy(httpsProxy.value),
    matchers: parseNoProxy(noProxy.value),
  };
}

const PORTS: Record<string, string> = { http: "80", https: "443", socks5: "1080" };

function hostname(u: GoURL): string {
  const h = u.host;
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]"));
  const colon = h.lastIndexOf(":");
  return colon >= 0 ? h.slice(0, colon) : h;
}

function port(u: GoURL): string {
  const h = u.host;
  const colon = h.lastIndexOf(":");
  if (colon < 0 || colon < h.lastIndexOf("]")) return "";
  return h.slice(colon + 1);
}

/** The NO_PROXY entry that exempts host:port, "loopback"/"localhost", or null when the proxy is used. */
function exemption(config: ProxyConfig, host: string, p: string): string | null {
  if (host === "localhost") return "localhost is never proxied";
  const ip = parseIP(host);
  if (ip !== null && isLoopback(ip)) return "loopback addresses are never proxied";
  const addr = host.trim().toLowerCase();
  for (const m of config.matchers) {
    if (m.kind === "all") return "NO_PROXY=*";
    if (ip !== null && m.kind === "cidr" && cidrContains(m.net, m.bits, ip))
      return `NO_PROXY entry ${m.entry}`;
    if (
      ip !== null &&
      m.kind === "ip" &&
      m.ip.every((b, i) => b === ip[i]) &&
      (m.port === "" || m.port === p)
    )
      return `NO_PROXY entry ${m.entry}`;
  }
  for (const m of config.matchers) {
    if (
      m.kind === "domain" &&
      (addr.endsWith(m.host) || (m.matchHost && addr === m.host.slice(1))) &&
      (m.port === "" || m.port === p)
    ) {
      return `NO_PROXY entry ${m.entry}`;
    }
  }
  return null;
}

/** The proxy go uses for url (config.proxyForURL). Never throws; an unparsable URL goes direct. */
export function proxyForURL(config: ProxyConfig, url: string): ProxyChoice {
  const u = tryParse(url);
  if (u === null) return { proxy: null, reason: "the URL cannot be parsed" };
  let proxy: GoURL | null = null;
  let variable = "";
  if (u.scheme === "https") {
    proxy = config.httpsProxyURL;
    variable = config.httpsProxy.from ?? "HTTPS_PROXY";
  } else if (u.scheme === "http") {
    proxy = config.httpProxyURL;
    variable = config.httpProxy.from ?? "HTTP_PROXY";
    if (proxy !== null && config.cgi) {
      return {
        proxy: null,
        reason: "REQUEST_METHOD is set",
        error: "refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy",
      };
    }
  }
  if (proxy === null) {
    const which = u.scheme === "https" ? "HTTPS_PROXY" : "HTTP_PROXY";
    return { proxy: null, reason: `${which} is not set; ${u.scheme} URLs use only ${which}` };
  }
  const host = ascii(hostname(u));
  const p = port(u) || PORTS[u.scheme] || "";
  const exempt = exemption(config, host, p);
  if (exempt !== null) return { proxy: null, reason: exempt };
  return { proxy: formatURL(proxy), reason: `from ${variable}` };
}
