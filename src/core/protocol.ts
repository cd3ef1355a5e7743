/**
 * The GOPROXY protocol: which files go requests from a proxy for a module query, in order, and their URLs.
 * Mirrors cmd/go/internal/modfetch/proxy.go (proxyRepo.Versions/Stat/Latest/GoMod/Zip URL layout) and the
 * request sequences verified against go1.19 (docs/go-semantics.md §C.4, §C.5).
 */
import { proxyRequestTarget, proxyRequestURL } from "./config/goproxy.js";
import { formatURL } from "./gourl.js";
import { escapePath, escapeVersion } from "./module/escape.js";
import { canonicalVersion } from "./module/version.js";
import { isValid } from "./semver.js";

/** One file of the protocol. */
export type ProtocolOp = "list" | "latest" | "info" | "mod" | "zip";

/** A request go makes, relative to a proxy base, with the module path and version case-escaped. */
export interface ProtocolRequest {
  readonly op: ProtocolOp;
  /** e.g. `example.com/!my!mod/@v/v1.0.0-!r!c1.info` */
  readonly path: string;
  /**
   * Which of go's caches the answer lands in when that is not the path alone: `@v/list` is cached per
   * version prefix (modfetch cachingRepo.Versions), so a prefix query lists twice. Absent for the others.
   */
  readonly cacheKey?: string;
}

/** How go treats the version part of `M@query` (cmd/go/internal/modload/query.go). */
export type QueryKind = "canonical" | "latest" | "semver-query" | "revision";

/**
 * Classifies a query as modload does (modload/query.go newQueryMatcher, queryProxy): latest/upgrade/patch; a
 * canonical version as module.CanonicalVersion writes it (`+incompatible` kept: `v20.10.24+incompatible` is
 * canonical); a comparison or a semver prefix (`v1`, `v1.2`) listed with `@v/list`; anything else — a
 * complete but non-canonical semver such as `v1.1.0+meta`, a branch, a commit, `v1.0.0.0` — is looked up
 * with `.info` (repo.Stat), as "revision". Verified with go1.19 and go1.26.
 */
export function classifyQuery(query: string | null): QueryKind {
  if (query === null || query === "latest" || query === "upgrade" || query === "patch") return "latest";
  if (isValid(query) && canonicalVersion(query) === query) return "canonical";
  if (/^[<>]=?/.test(query) || isSemverPrefix(query)) return "semver-query";
  return "revision";
}

/** A valid semver with fewer than three numbers and no prerelease or build ("v1", "v1.2"): modload's isSemverPrefix. */
export function isSemverPrefix(v: string): boolean {
  return /^v(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?$/.test(v);
}

function file(op: ProtocolOp, escPath: string, escVersion?: string): ProtocolRequest {
  switch (op) {
    case "list":
      return { op, path: `${escPath}/@v/list` };
    case "latest":
      return { op, path: `${escPath}/@latest` };
    default:
      return { op, path: `${escPath}/@v/${escVersion}.${op}` };
  }
}

/**
 * The requests `go mod download M@query` makes to a proxy that answers every request, with an empty module
 * cache, before the version is resolved (`resolvedVersion` unknown) and after (when given).
 *
 * - canonical version: `.info`, `.mod`, `.zip`
 * - latest / semver query: `@v/list`, then `.info`/`.mod`/`.zip` of the version chosen from the list
 *   (`@latest` only when the list is empty)
 * - revision (branch, commit): `@v/<rev>.info`, then `.mod`/`.zip` of the version it resolves to
 *
 * @throws GoError when the module path or version cannot be escaped (module.EscapePath/EscapeVersion).
 */
export function downloadRequests(
  modulePath: string,
  query: string | null,
  resolvedVersion?: string,
): ProtocolRequest[] {
  const escPath = escapePath(modulePath);
  const kind = classifyQuery(query);
  const then = (v: string | undefined) => {
    if (v === undefined) return [];
    const ev = escapeVersion(v);
    return [file("mod", escPath, ev), file("zip", escPath, ev)];
  };
  if (kind === "canonical") {
    const ev = escapeVersion(query!);
    return [file("info", escPath, ev), file("mod", escPath, ev), file("zip", escPath, ev)];
  }
  if (kind === "revision") return [file("info", escPath, escapeVersion(query!)), ...then(resolvedVersion)];
  const info = resolvedVersion === undefined ? [] : [file("info", escPath, escapeVersion(resolvedVersion))];
  return [file("list", escPath), ...info, ...then(resolvedVersion)];
}

/** The `@latest` request, asked when a list query finds no version in `@v/list`. */
export function latestRequest(modulePath: string): ProtocolRequest {
  return file("latest", escapePath(modulePath));
}

/** The single request of `go list -m -versions M`. */
export function versionsRequests(modulePath: string): ProtocolRequest[] {
  return [file("list", escapePath(modulePath))];
}

/** The URL to send a request to, credentials included: never for display (use requestURL). */
export function requestTarget(base: string, req: ProtocolRequest): string {
  const at = req.path.indexOf("/@");
  return formatURL(proxyRequestTarget(base, req.path.slice(0, at), req.path.slice(at + 1)));
}

/** The full URL of a request from a proxy base URL, as go prints it (credentials redacted). */
export function requestURL(base: string, req: ProtocolRequest): string {
  const at = req.path.indexOf("/@");
  return proxyRequestURL(base, req.path.slice(0, at), req.path.slice(at + 1));
}
