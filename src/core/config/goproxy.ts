/**
 * The GOPROXY list: parsing, validation and the fall-back rule of each entry.
 * Mirrors cmd/go/internal/modfetch/proxy.go: proxyList and newProxyRepo (Go 1.19; unchanged through 1.27).
 */
import { errorText, GoError } from "../errors.js";
import { type GoURL, joinPath, parseURL, pathEscape, redactedURL } from "../gourl.js";

/** One element of the list go walks for every module operation. */
export interface ProxyEntry {
  /**
   * `url`: a GOPROXY-protocol server; `direct`: fetch from the origin (VCS);
   * `off`: no download; `noproxy`: the implicit first entry when GONOPROXY is set.
   */
  readonly kind: "url" | "direct" | "off" | "noproxy";
  /** The URL go uses (`https://` prepended to scheme-less entries), or the keyword. */
  readonly url: string;
  /** The entry as written in GOPROXY (trimmed), or "noproxy" for the implicit entry. */
  readonly written: string;
  /** True when the entry is followed by `|`: go moves on after any error, not only 404/410. */
  readonly fallBackOnError: boolean;
  /** True when go moves on to a next entry at all (false for the last entry, `direct` and `off`). */
  readonly hasNext: boolean;
}

/** The parsed list, or the error that makes every download fail. */
export interface ProxyList {
  readonly entries: readonly ProxyEntry[];
  /** Entries after `direct` or `off`, which go ignores (as written). */
  readonly ignored: readonly string[];
  /** The error go returns for every module operation, e.g. `invalid proxy URL missing scheme: auto`. */
  readonly error: string | null;
}

const NO_ENTRIES = "GOPROXY list is not the empty string, but contains no entries";

/** Reports whether p is an absolute path on the host (filepath.IsAbs or path.IsAbs on Unix). */
function isAbsPath(p: string): boolean {
  return p.startsWith("/");
}

/**
 * Adds `https://` where go does: entries containing `.`, `:` or `/`, without `:/`, that are not absolute paths.
 * Mirrors the implicit-scheme rule in modfetch/proxy.go:proxyList.
 */
export function implicitScheme(entry: string): string {
  if (/[.:/]/.test(entry) && !entry.includes(":/") && !isAbsPath(entry)) return `https://${entry}`;
  return entry;
}

/**
 * Validates a proxy base URL as newProxyRepo does and returns the parsed URL.
 *
 * @throws GoError with go's text: `invalid proxy URL missing scheme: …`, `invalid proxy URL scheme (must be
 *   https, http, file): …`, `invalid file:// proxy URL with non-path elements: …`, or url.Parse's error.
 */
export function checkProxyURL(raw: string): GoURL {
  const base = parseURL(raw);
  switch (base.scheme) {
    case "http":
    case "https":
      return base;
    case "file":
      if (!isPathOnly(base)) {
        throw new GoError(`invalid file:// proxy URL with non-path elements: ${redactedURL(base)}`);
      }
      return base;
    case "":
      throw new GoError(`invalid proxy URL missing scheme: ${redactedURL(base)}`);
    default:
      throw new GoError(`invalid proxy URL scheme (must be https, http, file): ${redactedURL(base)}`);
  }
}

function isPathOnly(u: GoURL): boolean {
  return (
    u.opaque === "" &&
    u.user === null &&
    u.host === "" &&
    !u.omitHost &&
    !u.forceQuery &&
    u.rawQuery === "" &&
    u.fragment === ""
  );
}

interface Token {
  readonly text: string;
  readonly fallBackOnError: boolean;
}

function tokenize(goproxy: string): Token[] {
  const tokens: Token[] = [];
  let rest = goproxy;
  while (rest !== "") {
    const i = rest.search(/[,|]/);
    if (i < 0) {
      tokens.push({ text: rest, fallBackOnError: false });
      break;
    }
    tokens.push({ text: rest.slice(0, i), fallBackOnError: rest[i] === "|" });
    rest = rest.slice(i + 1);
  }
  return tokens;
}

/**
 * Parses GOPROXY as the go command does.
 *
 * @param goproxy the effective GOPROXY value
 * @param gonoproxy the effective GONOPROXY value (decides the implicit `noproxy` entry)
 * @returns the entries in order; `error` set when go would fail every download. Never throws.
 */
export function parseProxyList(goproxy: string, gonoproxy: string): ProxyList {
  const entries: Omit<ProxyEntry, "hasNext">[] = [];
  if (gonoproxy !== "" && goproxy !== "direct") {
    entries.push({ kind: "noproxy", url: "noproxy", written: "noproxy", fallBackOnError: false });
  }
  const tokens = tokenize(goproxy);
  let ignored: string[] = [];
  let error: string | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const written = tokens[i]!.text.trim();
    const fallBackOnError = tokens[i]!.fallBackOnError;
    if (written === "") continue;
    if (written === "off" || written === "direct") {
      entries.push({ kind: written, url: written, written, fallBackOnError });
      ignored = tokens
        .slice(i + 1)
        .map((t) => t.text.trim())
        .filter((t) => t !== "");
      break;
    }
    const url = implicitScheme(written);
    try {
      checkProxyURL(url);
    } catch (e) {
      error = errorText(e);
      break;
    }
    entries.push({ kind: "url", url, written, fallBackOnError });
  }
  const onlyNoproxy = entries.length === 1 && entries[0]!.kind === "noproxy";
  if (error === null && (entries.length === 0 || onlyNoproxy)) error = NO_ENTRIES;
  return { entries: entries.map((e, i) => withNext(e, i, entries.length)), ignored, error };
}

function withNext(e: Omit<ProxyEntry, "hasNext">, i: number, n: number): ProxyEntry {
  const terminal = e.kind === "direct" || e.kind === "off";
  return { ...e, hasNext: !terminal && i < n - 1 };
}

/**
 * The fall-back rule of an entry as the explain/v1 JSON contract names it:
 * `not-found` (`,`: next entry only after 404/410), `any-error` (`|`), or null (nothing follows).
 */
export function fallbackRule(e: ProxyEntry): "not-found" | "any-error" | null {
  if (!e.hasNext) return null;
  return e.fallBackOnError ? "any-error" : "not-found";
}

/**
 * The URL go requests for `file` (e.g. `@v/v1.0.0.info`) of a module from a proxy base URL, formatted as go
 * prints it in errors (credentials redacted). Mirrors modfetch/proxy.go:newProxyRepo (base path + escaped
 * module path) and proxyRepo.getBody (path.Join, then url.URL.String).
 *
 * @param base a URL accepted by checkProxyURL
 * @param escapedModulePath the case-escaped module path (module.EscapePath)
 * @param file the request below the module, e.g. `@v/list`, `@latest`, `@v/v1.0.0.zip` (version case-escaped)
 */
export function proxyRequestURL(base: string, escapedModulePath: string, file: string): string {
  return redactedURL(proxyRequestTarget(base, escapedModulePath, file));
}

/** The request URL itself, credentials included (to send, never to show): see proxyRequestURL. */
export function proxyRequestTarget(base: string, escapedModulePath: string, file: string): GoURL {
  const u = parseURL(base);
  const modPath = `${u.path.replace(/\/$/, "")}/${escapedModulePath}`;
  const modRaw = `${u.rawPath.replace(/\/$/, "")}/${wireEscape(escapedModulePath)}`;
  const path = joinPath(modPath, file);
  const rawPath = joinPath(modRaw, wireEscape(file));
  return { ...u, path, rawPath };
}

/** modfetch/proxy.go:pathEscape — url.PathEscape keeping `/`. */
function wireEscape(s: string): string {
  return pathEscape(s).replaceAll("%2F", "/");
}
