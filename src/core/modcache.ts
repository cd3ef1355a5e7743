/**
 * The module cache's layout (GOMODCACHE): download files under `cache/download/<escaped path>/@v/` and
 * extracted module directories `<escaped path>@<escaped version>`. Mirrors cmd/go/internal/modfetch
 * (cache.go: cacheDir, CachePath, DownloadDir; fetch.go: download, downloadZip, hashZip).
 * Paths here are relative to GOMODCACHE and use "/".
 */
import { escapePath, escapeVersion, unescapePath, unescapeVersion } from "./module/escape.js";
import { canonicalVersion } from "./module/version.js";
import * as semver from "./semver.js";

/** A module version (module.Version). */
export interface ModuleVersion {
  readonly path: string;
  readonly version: string;
}

/**
 * The kinds of files go keeps in a module's `@v` directory: `.info`, `.mod`, `.zip`, `.ziphash`
 * (the zip's h1, written after it verified), `.lock` (held while downloading), `.partial` (present while a
 * directory is being extracted: a leftover one means an interrupted extraction), and `.tmp` files of
 * interrupted writes (`<name><random>.tmp`).
 */
export type DownloadFileKind = "info" | "mod" | "zip" | "ziphash" | "lock" | "partial" | "tmp";

/** A file below `cache/download/`, understood. */
export interface DownloadFile extends ModuleVersion {
  readonly kind: DownloadFileKind;
}

const KINDS: readonly DownloadFileKind[] = ["info", "mod", "zip", "ziphash", "lock", "partial"];
const ROOT = "cache/download/";

/** True for a version go would use in a cache file name: CachePath requires semver.IsValid and module.CanonicalVersion(v) == v. */
export function cacheableVersion(v: string): boolean {
  return semver.isValid(v) && canonicalVersion(v) === v;
}

/**
 * The relative path of m's download file of the given kind (modfetch.CachePath).
 * @throws GoError for an invalid module path or version (`malformed module path …`, `version … invalid`).
 */
export function downloadFilePath(m: ModuleVersion, kind: Exclude<DownloadFileKind, "tmp">): string {
  return `${ROOT}${escapePath(m.path)}/@v/${escapeVersion(m.version)}.${kind}`;
}

/** The relative path of m's extracted directory (modfetch.DownloadDir). @throws GoError as downloadFilePath. */
export function extractedDirPath(m: ModuleVersion): string {
  return `${escapePath(m.path)}@${escapeVersion(m.version)}`;
}

function unescaped(escPath: string, escVersion: string): ModuleVersion | null {
  try {
    const m = { path: unescapePath(escPath), version: unescapeVersion(escVersion) };
    return cacheableVersion(m.version) ? m : null;
  } catch {
    return null;
  }
}

/**
 * Reads a path relative to GOMODCACHE as a module download file; null for anything else
 * (`@v/list`, sumdb tiles, vcs caches, names go would not write). Never throws.
 */
export function parseDownloadFilePath(rel: string): DownloadFile | null {
  if (!rel.startsWith(ROOT)) return null;
  const at = rel.lastIndexOf("/@v/");
  if (at < ROOT.length) return null;
  const escPath = rel.slice(ROOT.length, at);
  const base = rel.slice(at + 4);
  if (base.endsWith(".tmp")) {
    // downloadZip's `<version>.zip<random>.tmp` and writeDiskCache's `<version>.<ext><random>.tmp`.
    const m = /^(.+)\.(?:zip|ziphash|mod|info)\d*\.tmp$/.exec(base);
    const mv = m === null ? null : unescaped(escPath, m[1]!);
    return mv === null ? null : { ...mv, kind: "tmp" };
  }
  const dot = base.lastIndexOf(".");
  const kind = base.slice(dot + 1) as DownloadFileKind;
  if (dot < 0 || !KINDS.includes(kind)) return null;
  const mv = unescaped(escPath, base.slice(0, dot));
  return mv === null ? null : { ...mv, kind };
}

/**
 * Reads a top-level directory path relative to GOMODCACHE (`golang.org/x/text@v0.3.7`) as an extracted
 * module; null when it is not one (no `@`, an invalid escaped path or version, a `.tmp-` directory).
 * Never throws.
 */
export function parseExtractedDirPath(rel: string): ModuleVersion | null {
  const at = rel.lastIndexOf("@");
  if (at <= 0 || rel.startsWith("cache/")) return null;
  return unescaped(rel.slice(0, at), rel.slice(at + 1));
}
