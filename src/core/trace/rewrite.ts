/**
 * How `trace` rewrites GOPROXY and GOSUMDB so that every GOPROXY entry and the checksum database are reached
 * through local recording forwarders while the go command decides exactly what it would decide without them.
 *
 * Mirrors the parts of cmd/go/internal/modfetch that read these variables (Go 1.19, unchanged through 1.27):
 * proxy.go:proxyList (entries, `,` / `|`, `direct` / `off`, the implicit `noproxy` entry), sumdb.go:dbDial
 * (GOSUMDB forms) and sumdb.go:dbClient.initBase (how go finds the database: through the proxies first).
 */
import { type ProxyEntry, type ProxyList, parseProxyList } from "../config/goproxy.js";
import { parseGOSUMDB } from "../config/gosumdb.js";
import { formatURL, type GoURL, parseURL } from "../gourl.js";

/** A GOPROXY entry that gets its own forwarder. */
export interface ForwardedEntry {
  /** Index of the entry in the parsed list (ProxyList.entries, the implicit `noproxy` entry included). */
  readonly index: number;
  readonly entry: ProxyEntry;
  /**
   * The real base URL (entry.url; may hold userinfo: never print it unredacted). The forwarder sends a request
   * for `<forwarder base><rest>` to `<origin of this URL><path and query go sent>`: go builds the path itself
   * (proxy.go:proxyRepo.getBody), so keeping the entry's path and query in the forwarder's base keeps it exact.
   */
  readonly upstream: string;
}

/**
 * What trace does with GOSUMDB:
 * - `off`: GOSUMDB=off, no checksum database, nothing to rewrite;
 * - `unchanged`: left as is (go fails with its own error, or the database is reached by `file://`);
 * - `explicit-url`: GOSUMDB names a URL, which go uses without asking any proxy: the URL is replaced by the
 *   database forwarder, which forwards to that URL;
 * - `walk`: GOSUMDB names only the database (the usual case). go would first ask each proxy
 *   `<proxy>/sumdb/<name>/supported` (initBase) and go to `https://<name>` only when none supports it. A
 *   rewrite to a URL makes go skip that walk, so the database forwarder performs the walk itself, on the
 *   first checksum-database request, with go's TryProxies rules over the original entries: the upstreams see
 *   the same requests in the same order, and every later request goes where go would have sent it.
 */
export type SumdbPlan =
  | { readonly mode: "off" }
  | { readonly mode: "unchanged"; readonly reason: string }
  | {
      readonly mode: "explicit-url";
      readonly name: string;
      readonly key: string;
      /** The URL from GOSUMDB (may hold userinfo). */
      readonly upstream: string;
    }
  | {
      readonly mode: "walk";
      readonly name: string;
      readonly key: string;
      /** `https://<name>`, where go goes when no proxy supports the database. */
      readonly direct: string;
    };

/** The plan of one trace run. */
export interface TracePlan {
  readonly proxyList: ProxyList;
  /** URL entries (http/https) that get a forwarder, in list order. */
  readonly forwarded: readonly ForwardedEntry[];
  readonly sumdb: SumdbPlan;
  /** Why something is left unchanged, for the trace's notes. */
  readonly notes: readonly string[];
}

/** The effective values trace needs (as `go env` prints them). */
export interface TraceConfig {
  readonly goproxy: string;
  readonly gonoproxy: string;
  readonly gosumdb: string;
}

/**
 * Decides what to rewrite. Nothing is rewritten when GOPROXY is invalid (go then fails every download and every
 * checksum lookup with the same error, before any request). `file://` entries keep their URL: go reads them
 * itself. Never throws.
 */
export function planTrace(c: TraceConfig): TracePlan {
  const proxyList = parseProxyList(c.goproxy, c.gonoproxy);
  const notes: string[] = [];
  if (proxyList.error !== null) {
    notes.push(`GOPROXY is invalid (${proxyList.error}): nothing rewritten, go fails as it would`);
    return { proxyList, forwarded: [], sumdb: { mode: "unchanged", reason: "GOPROXY is invalid" }, notes };
  }
  const forwarded: ForwardedEntry[] = [];
  proxyList.entries.forEach((entry, index) => {
    if (entry.kind !== "url") return;
    const scheme = entry.url.slice(0, entry.url.indexOf(":")).toLowerCase();
    if (scheme === "http" || scheme === "https") forwarded.push({ index, entry, upstream: entry.url });
    else notes.push(`${entry.written}: go reads ${scheme}:// entries itself; not recorded`);
  });
  let sumdb = planSumdb(c.gosumdb);
  const fileEntries = proxyList.entries.filter((e) => e.kind === "url").length > forwarded.length;
  if (sumdb.mode === "walk" && fileEntries) {
    // go would read <file entry>/sumdb/<name>/supported itself; the database forwarder cannot stand in for that.
    sumdb = {
      mode: "unchanged",
      reason: "GOPROXY has a file:// entry, which go asks for the database itself",
    };
  }
  if (sumdb.mode === "unchanged") notes.push(`GOSUMDB left unchanged: ${sumdb.reason}`);
  return { proxyList, forwarded, sumdb, notes };
}

function planSumdb(gosumdb: string): SumdbPlan {
  const s = parseGOSUMDB(gosumdb);
  if (s.off) return { mode: "off" };
  if ("error" in s) return { mode: "unchanged", reason: `GOSUMDB is invalid (${s.error})` };
  const { config } = s;
  if (config.url !== null) {
    const scheme = config.url.slice(0, Math.max(0, config.url.indexOf(":"))).toLowerCase();
    if (scheme !== "http" && scheme !== "https")
      return { mode: "unchanged", reason: `GOSUMDB URL ${scheme}:// is read by go itself` };
    return { mode: "explicit-url", name: config.name, key: config.key, upstream: config.url };
  }
  return { mode: "walk", name: config.name, key: config.key, direct: config.directURL };
}

/**
 * The forwarder base URL that replaces `upstream` in go's configuration: `http://127.0.0.1:<port>` with the
 * upstream's path and query. An `http://` upstream with userinfo keeps a placeholder user (`trace@`), so that go
 * still refuses to send credentials over plain HTTP (web/http.go:get, "refusing to pass credentials to insecure
 * URL") exactly as without trace; an `https://` upstream's credentials are applied by the forwarder instead.
 *
 * @param port the forwarder's TCP port on 127.0.0.1
 */
export function forwarderBase(upstream: string, port: number): string {
  const u = parseURL(upstream);
  const keepUser = u.user !== null && u.scheme === "http";
  const base: GoURL = {
    ...u,
    scheme: "http",
    host: `127.0.0.1:${port}`,
    user: keepUser ? { username: "trace", password: null } : null,
    fragment: "",
    rawFragment: "",
  };
  return formatURL(base);
}

/**
 * GOPROXY with each forwarded entry replaced by its forwarder base, separators (`,` `|`), `direct`, `off`,
 * `file://` entries and everything after `direct`/`off` kept in place.
 *
 * @param goproxy the effective GOPROXY (the one planTrace parsed)
 * @param bases one forwarder base per ForwardedEntry, in the same order
 * @throws Error when the number of bases differs from the number of http(s) entries (a programming error)
 */
export function rewriteGoproxy(goproxy: string, bases: readonly string[]): string {
  const parts = goproxy.split(/([,|])/);
  let k = 0;
  let stopped = false;
  for (let i = 0; i < parts.length; i += 2) {
    const text = parts[i]!.trim();
    if (stopped || text === "") continue;
    if (text === "direct" || text === "off") {
      stopped = true;
      continue;
    }
    const url = parseProxyList(text, "").entries[0]?.url ?? "";
    const scheme = url.slice(0, Math.max(0, url.indexOf(":"))).toLowerCase();
    if (scheme !== "http" && scheme !== "https") continue;
    if (k >= bases.length) throw new Error("rewriteGoproxy: fewer forwarder bases than entries");
    parts[i] = bases[k++]!;
  }
  if (k !== bases.length) throw new Error("rewriteGoproxy: more forwarder bases than entries");
  return parts.join("");
}

/**
 * GOSUMDB for go: `<full verifier key> <database forwarder base>`, or null when GOSUMDB is left unchanged.
 * The full key (not the name) keeps the database name, hence go's cache directories
 * ($GOPATH/pkg/sumdb/<name>, cache/download/sumdb/<name>), the same.
 *
 * @param port the database forwarder's port
 */
export function rewriteGosumdb(plan: SumdbPlan, port: number): string | null {
  if (plan.mode === "explicit-url") return `${plan.key} ${forwarderBase(plan.upstream, port)}`;
  if (plan.mode === "walk") return `${plan.key} http://127.0.0.1:${port}`;
  return null;
}

/**
 * web.Join (cmd/go/internal/web/url.go) on URL text: `base` with one `/` and `wirePath` appended to its path,
 * its query kept after. `wirePath` is already escaped as go sends it (e.g. `lookup/example.com/!a@v1.0.0`).
 * Used for `<proxy>/sumdb/<name>/supported` and for the database's `lookup/…`, `tile/…`, `latest`.
 */
export function webJoin(base: string, wirePath: string): string {
  const q = base.indexOf("?");
  const head = q < 0 ? base : base.slice(0, q);
  const query = q < 0 ? "" : base.slice(q);
  const tail = wirePath.replace(/^\/+/, "");
  if (tail === "") return base;
  return `${head.replace(/\/$/, "")}/${tail}${query}`;
}

/** The upstream URL of a request that reached a forwarder: the base's origin + the path and query go sent. */
export function upstreamURL(base: string, pathAndQuery: string): string {
  const u = parseURL(base);
  const origin = formatURL({ ...u, path: "", rawPath: "", rawQuery: "", forceQuery: false, fragment: "" });
  return `${origin}${pathAndQuery}`;
}
