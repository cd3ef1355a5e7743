/**
 * The route of one module: proxy / direct / off, the GOPROXY entries with their fall-back rule, which
 * variable and pattern bypassed the proxy or skipped the checksum database, GOINSECURE, and the
 * GOPROXY-protocol requests go makes. The explain/v1 JSON contract is built from it.
 * Mirrors cmd/go/internal/modfetch: proxy.go (proxyList, TryProxies), repo.go (lookup), sumdb.go (useSumDB,
 * dbDial, initBase), and the GOINSECURE check of repo.go:lookupDirect.
 */
import type { EnvValue } from "./config/environment.js";
import { fallbackRule, type ProxyEntry, type ProxyList, parseProxyList } from "./config/goproxy.js";
import { parseGOSUMDB } from "./config/gosumdb.js";
import { errorText } from "./errors.js";
import { matchingPattern } from "./module/glob.js";
import { checkPath } from "./module/path.js";
import {
  classifyQuery,
  downloadRequests,
  type ProtocolRequest,
  requestURL,
  versionsRequests,
} from "./protocol.js";

/** A variable and the pattern of it that decided something. */
export interface Decider {
  readonly variable: string;
  readonly pattern: string | null;
}

/** One GOPROXY entry as the route shows it. */
export interface RouteEntry {
  readonly url: string;
  readonly written: string;
  readonly kind: ProxyEntry["kind"];
  readonly fallback: "not-found" | "any-error" | null;
}

/** The route of one module (see the explain/v1 contract in README). */
export interface Route {
  readonly module: string;
  readonly version: string | null;
  /** The error go stops with before any request (invalid path, invalid GOPROXY), or null. */
  readonly error: string | null;
  readonly proxy: {
    readonly mode: "proxy" | "direct" | "off";
    readonly entries: readonly RouteEntry[];
    readonly ignored: readonly string[];
    readonly bypassedBy: Decider | null;
    /** The GOPROXY list error that fails every download, or null. */
    readonly error: string | null;
  };
  readonly checksum: {
    readonly mode: "sumdb" | "skip";
    readonly name: string | null;
    /** Where lookups go when every server answers: `<first proxy>/sumdb/<name>`, the explicit URL, or `https://<name>`. */
    readonly url: string | null;
    /** How the database is reached: "explicit-url", "via-proxy" (after `/supported` answers 200), "direct". */
    readonly access: "explicit-url" | "via-proxy" | "direct" | null;
    readonly skippedBy: Decider | null;
    /** GOSUMDB's parse error, surfacing at the first lookup. */
    readonly error: string | null;
  };
  readonly insecure: Decider | null;
  /** GOPROXY-protocol requests of `go mod download M@V` with an empty cache when every server answers. */
  readonly requests: readonly string[];
  /** The request of `go list -m -versions M` (`@v/list` from the first entry), when every server answers. */
  readonly versionsRequests: readonly string[];
  /** The same requests as protocol files (relative paths), for callers that try other entries. */
  readonly protocol: readonly ProtocolRequest[];
  /** Notes for a person (e.g. what happens after a list query). */
  readonly notes: readonly string[];
}

type Vars = Readonly<Record<string, EnvValue>>;

function v(vars: Vars, name: string): string {
  return vars[name]?.value ?? "";
}

/** The variable a pattern list really came from: GOPRIVATE when GONOPROXY/GONOSUMDB were derived from it. */
function patternSource(vars: Vars, name: "GONOPROXY" | "GONOSUMDB"): string {
  return vars[name]?.source === "derived" ? "GOPRIVATE" : name;
}

function decider(vars: Vars, name: "GONOPROXY" | "GONOSUMDB" | "GOINSECURE", module: string): Decider | null {
  const pattern = matchingPattern(v(vars, name), module);
  if (pattern === null) return null;
  return { variable: name === "GOINSECURE" ? name : patternSource(vars, name), pattern };
}

function routeEntries(list: ProxyList): RouteEntry[] {
  return list.entries
    .filter((e) => e.kind !== "noproxy")
    .map((e) => ({ url: e.url, written: e.written, kind: e.kind, fallback: fallbackRule(e) }));
}

function proxyMode(list: ProxyList, bypassed: boolean): "proxy" | "direct" | "off" {
  if (list.error !== null) return "off";
  if (bypassed) return "direct";
  const first = list.entries.find((e) => e.kind !== "noproxy");
  return first?.kind === "url" ? "proxy" : first?.kind === "direct" ? "direct" : "off";
}

function checksumRoute(vars: Vars, module: string, list: ProxyList): Route["checksum"] {
  const setting = parseGOSUMDB(v(vars, "GOSUMDB"));
  if (setting.off) {
    return {
      mode: "skip",
      name: null,
      url: null,
      access: null,
      skippedBy: { variable: "GOSUMDB", pattern: null },
      error: null,
    };
  }
  const skipped = decider(vars, "GONOSUMDB", module);
  if ("error" in setting) {
    return {
      mode: skipped ? "skip" : "sumdb",
      name: null,
      url: null,
      access: null,
      skippedBy: skipped,
      error: setting.error,
    };
  }
  const { name, url, directURL } = setting.config;
  if (skipped) return { mode: "skip", name, url: null, access: null, skippedBy: skipped, error: null };
  if (url !== null) return { mode: "sumdb", name, url, access: "explicit-url", skippedBy: null, error: null };
  // dbClient.initBase: the first URL entry whose /sumdb/<name>/supported answers 200; noproxy is skipped,
  // and direct/off mean "connect directly".
  const first = list.entries.find((e) => e.kind !== "noproxy");
  if (first?.kind === "url") {
    const base = `${first.url.replace(/\/$/, "")}/sumdb/${name}`;
    return { mode: "sumdb", name, url: base, access: "via-proxy", skippedBy: null, error: null };
  }
  return { mode: "sumdb", name, url: directURL, access: "direct", skippedBy: null, error: null };
}

function requestNotes(query: string | null, mode: Route["proxy"]["mode"]): string[] {
  const kind = classifyQuery(query);
  const notes: string[] = [];
  if (mode === "direct")
    notes.push(
      "No GOPROXY-protocol requests: go resolves the repository itself (go-get discovery or a known host) and runs the version control tool.",
    );
  if (mode === "off") notes.push("No requests: the module cache must already hold the module.");
  if (mode !== "proxy") return notes;
  if (kind === "latest" || kind === "semver-query") {
    notes.push(
      "After @v/list, go requests .info, .mod and .zip of the version it chooses (the highest matching release); @latest only when the list has none.",
    );
  }
  if (kind === "revision")
    notes.push("After the .info, go requests .mod and .zip of the version the revision resolves to.");
  return notes;
}

/**
 * Computes the route of modulePath@query under the given effective variables. Pure; never throws:
 * an invalid path or configuration is reported in `error` (with go's text) and yields no requests.
 *
 * @param vars the resolved variables (resolveEnvironment(...).vars)
 * @param modulePath the module path
 * @param query a version or query (`v1.2.3`, `latest`, a branch), or null for `latest`
 */
export function routeModule(vars: Vars, modulePath: string, query: string | null): Route {
  const list = parseProxyList(v(vars, "GOPROXY"), v(vars, "GONOPROXY"));
  const bypassedBy = v(vars, "GOPROXY") === "direct" ? null : decider(vars, "GONOPROXY", modulePath);
  const matchesNoProxy = matchingPattern(v(vars, "GONOPROXY"), modulePath) !== null;
  const mode = proxyMode(list, matchesNoProxy);
  // go reports a broken GOPROXY before it even looks at the module path (verified with go1.19).
  const label = query === null ? modulePath : `${modulePath}@${query}`;
  const error = list.error !== null ? `${label}: ${list.error}` : checkPathError(modulePath, label);
  let protocol: ProtocolRequest[] = [];
  let requests: string[] = [];
  const first = list.entries.find((e) => e.kind === "url");
  if (error === null && mode === "proxy" && first !== undefined) {
    try {
      protocol = downloadRequests(modulePath, query);
      requests = protocol.map((r) => `GET ${requestURL(first.url, r)}`);
    } catch (e) {
      return routeWith(errorText(e));
    }
  }
  function routeWith(err: string | null): Route {
    return {
      module: modulePath,
      version: query,
      error: err,
      proxy: { mode, entries: routeEntries(list), ignored: list.ignored, bypassedBy, error: list.error },
      checksum: checksumRoute(vars, modulePath, list),
      insecure: decider(vars, "GOINSECURE", modulePath),
      requests: err === null ? requests : [],
      versionsRequests:
        err === null && mode === "proxy" && first !== undefined
          ? versionsRequests(modulePath).map((r) => `GET ${requestURL(first.url, r)}`)
          : [],
      protocol: err === null ? protocol : [],
      notes: err === null ? requestNotes(query, mode) : [],
    };
  }
  return routeWith(error);
}

function checkPathError(modulePath: string, label: string): string | null {
  try {
    checkPath(modulePath);
    return null;
  } catch (e) {
    return `${label}: ${errorText(e)}`;
  }
}

/**
 * How `go mod download -json M@query` reports an error from the proxy walk for the first file
 * (modload/query.go, modfetch/proxy.go:versionError): `M@v: …` for a canonical version, `M@rev: invalid
 * version: …` for a revision or non-canonical version, `module M: …` for list queries.
 */
export function downloadErrorText(err: string, modulePath: string, query: string | null): string {
  const kind = classifyQuery(query);
  if (kind === "canonical") return `${modulePath}@${query}: ${err}`;
  if (kind === "revision") return `${modulePath}@${query}: invalid version: ${err}`;
  return `module ${modulePath}: ${err}`;
}

/** How go reports a checksum-database failure met while verifying the go.mod hash (the first lookup). */
export function sumdbErrorText(err: string, modulePath: string, version: string): string {
  return `${modulePath}@${version}: verifying go.mod: ${err}`;
}
