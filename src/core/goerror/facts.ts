/**
 * Facts read out of one error record: the endpoint URL go was fetching, its host, the HTTP status it
 * got, the proxy's "server response", the module (path@version) concerned. The shapes are those of
 * go's messages: `Get "URL": …` (net/http.Client, Go ≥ 1.14 quotes the URL, 1.13 does not),
 * `reading URL: 404 Not Found` (cmd/go/internal/web/api.go:HTTPError.Error), 1.13's
 * `unexpected status (URL): 410 Gone`, git's `unable to access 'URL'`, and module.VersionError's
 * `path@version: …` (x/mod/module/module.go).
 *
 * Pure; never throws. URLs returned are redacted (core/redact.ts).
 */
import { redactURL } from "../redact.js";

/** URLs of documentation that go or git print as advice, never the endpoint of a failure. */
const DOC_URL =
  /^https?:\/\/(?:golang\.org\/(?:s|doc|issue)\/|go\.dev\/(?:doc|ref|s)\/|curl\.se\/|docs\.github\.com\/|help\.github\.com\/|aka\.ms\/)/;

const URL_RE = /https?:\/\/[^\s"'`()<>\][{}|\\^]+/g;

function trimURL(u: string): string {
  return u.replace(/[:.,;!?]+$/, "");
}

/** Every URL in text, in order, trailing punctuation removed, documentation links skipped. */
export function urlsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(URL_RE)) {
    const u = trimURL(m[0]);
    if (!DOC_URL.test(u)) out.push(u);
  }
  return out;
}

/**
 * The URL go was fetching when it failed: the one after `Get`/`reading`/`unexpected status (`/git's
 * `unable to access '`; else the first URL that is not documentation; null when none. Redacted.
 */
export function endpointOf(text: string): string | null {
  if (!text.includes("http")) return null;
  const preferred = [
    /\b(?:Get|Head|Post) "(https?:\/\/[^"]+)"/,
    /\b(?:Get|Head|Post) (https?:\/\/\S+?):? /,
    /\breading (https?:\/\/\S+?): \d{3}\b/,
    /\bunexpected status \((https?:\/\/[^)\s]+)\)/,
    /\bunable to access '(https?:\/\/[^']+)'/,
    /\bredirected from secure URL (https?:\/\/\S+)/,
    /\binsecure URL: (https?:\/\/\S+)/,
  ];
  for (const re of preferred) {
    const m = re.exec(text);
    if (m !== null) return redacted(trimURL(m[1]!));
  }
  const all = urlsIn(text);
  return all.length > 0 ? redacted(all[0]!) : null;
}

function redacted(url: string): string {
  return url.includes("@") ? redactURL(url) : url;
}

/** The host (without port, lower-case) of an http(s) URL, or null. */
export function hostOfURL(url: string): string | null {
  const m = /^https?:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]+)/i.exec(url);
  return m === null ? null : m[1]!.toLowerCase();
}

/** The host of a name lookup (`lookup HOST on …`, `lookup HOST:`), or null. */
export function lookupHostOf(text: string): string | null {
  const m = /\blookup ([A-Za-z0-9._-]+)(?: on |: |$)/m.exec(text);
  return m === null ? null : m[1]!.toLowerCase();
}

/** The HTTP status of a `reading URL: NNN …` / `unexpected status (URL): NNN …` message, or null. */
export function httpStatusOf(text: string): number | null {
  if (!text.includes("reading http") && !text.includes("unexpected status")) return null;
  const m = /\b(?:reading https?:\/\/\S+?|unexpected status \(https?:\/\/[^)\s]+\)): (\d{3})\b/.exec(text);
  return m === null ? null : Number(m[1]);
}

/** The text of go's `server response:` (web/api.go, the first lines of a text/plain error body), or "". */
export function serverResponseOf(text: string): string {
  const i = text.indexOf("server response:");
  return i < 0 ? "" : text.slice(i + "server response:".length);
}

/** Reverses module.EscapePath's `!x` for an upper-case letter and percent-decoding of a URL path. */
function unescapePath(p: string): string {
  let s = p;
  try {
    s = decodeURIComponent(p);
  } catch {
    // keep as is
  }
  return s.replace(/!([a-z])/g, (_m, c: string) => c.toUpperCase());
}

// A module path (first element has a dot) followed by @version or an @query.
const MODULE_AT =
  /(?:^|[\s"'(:])((?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z0-9-]+(?::\d+)?(?:\/[A-Za-z0-9._~+-]+)*)@(v\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?(?:\+incompatible)?|latest|upgrade|patch|master|main|[0-9a-f]{12,40})(?=[/:\s"']|$)/;
const MODULE_WORD = /\bmodule ((?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z0-9-]+(?:\/[A-Za-z0-9._~+-]+)*):/;
const SUMDB_LOOKUP = /\/lookup\/([^@\s]+)@([^\s:"]+)/;

/**
 * The module of a GOPROXY-protocol URL (`<base>/<escaped path>/@v/<escaped version>.info|mod|zip`,
 * `…/@v/list`, `…/@latest`), as modfetch/proxy.go builds them; the module path starts at the first
 * path element with a dot (GOPROXY bases may have their own path). Null for other URLs.
 */
export function proxyModuleOf(url: string): string | null {
  const m = /^https?:\/\/[^/]+(\/[^?#\s]*)/.exec(url);
  if (m === null) return null;
  const parts = m[1]!.split("/");
  const at = parts.indexOf("@v") >= 0 ? parts.indexOf("@v") : parts.indexOf("@latest");
  if (at < 0) return null;
  const start = parts.findIndex((p, i) => i < at && p.includes("."));
  if (start < 0) return null;
  const path = unescapePath(parts.slice(start, at).join("/"));
  const file = parts[at + 1] ?? "";
  const v = /^(.+)\.(?:info|mod|zip)$/.exec(file);
  return v === null ? path : `${path}@${unescapePath(v[1]!)}`;
}

/**
 * The module concerned: `path@version` when go named one (module.VersionError), else the path of a
 * `module path:` message or of a proxy or checksum-database URL; null when none.
 */
export function moduleOf(text: string): string | null {
  const at = text.includes("@") ? MODULE_AT.exec(text) : null;
  if (at !== null) return `${at[1]}@${at[2]}`;
  const word = text.includes("module ") ? MODULE_WORD.exec(text) : null;
  if (word !== null) return word[1]!;
  for (const url of urlsIn(text)) {
    const m = proxyModuleOf(url);
    if (m !== null) return m;
  }
  const lookup = SUMDB_LOOKUP.exec(text);
  if (lookup !== null) return `${unescapePath(lookup[1]!)}@${unescapePath(lookup[2]!)}`;
  return null;
}

/** The module path of a `path@version` (or a bare path). */
export function modulePath(module: string): string {
  const at = module.indexOf("@");
  return at < 0 ? module : module.slice(0, at);
}

/** Hosts of the checksum databases go users meet, and mirrors of them. */
const SUMDB_HOSTS = new Set(["sum.golang.org", "sum.golang.google.cn", "gosum.io"]);

/**
 * Whether a URL is checksum-database traffic: a known database host, or the protocol's paths
 * (`/lookup/`, `/tile/`, `/latest`, a proxy's `/sumdb/<name>/…`), as in modfetch/sumdb.go:dbClient.
 */
export function isSumdbURL(url: string): boolean {
  const host = hostOfURL(url);
  if (host !== null && SUMDB_HOSTS.has(host)) return true;
  return /\/sumdb\/[^/\s]+\/|\/lookup\/[^\s]+@|\/tile\/\d+\/|\/latest$/.test(url);
}

/** Public module mirrors: a 404/410 from them for a module they cannot fetch means "not public". */
const PUBLIC_PROXIES = new Set([
  "proxy.golang.org",
  "goproxy.io",
  "goproxy.cn",
  "mirrors.aliyun.com",
  "proxy.golang.com.cn",
  "mirrors.tencent.com",
  "repo.huaweicloud.com",
  "goproxy.baidu.com",
  "gocenter.io",
]);

/** Whether host is a well-known public module mirror. */
export function isPublicProxyHost(host: string | null): boolean {
  return host !== null && PUBLIC_PROXIES.has(host);
}
