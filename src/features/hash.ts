/**
 * `goproxy-doctor hash PATH…`: the h1 of a module zip, a go.mod file or an extracted module directory,
 * as a go.sum line shows it. A path inside a module cache names its module and version itself;
 * otherwise `--module M@V` does. Zips of a known module are also checked by x/mod/zip's rules, and a
 * zip next to its `.ziphash` is compared with it, as go does before trusting the cache
 * (modfetch/fetch.go: checkMod).
 */
import { statSync } from "node:fs";
import { basename, relative, sep } from "node:path";
import { readZiphash } from "../adapters/fs/modcache.js";
import { hashGoModFile, hashModuleDir, hashZipFile } from "../adapters/zip/hash.js";
import { errorText } from "../core/errors.js";
import type { Finding } from "../core/finding.js";
import {
  cacheableVersion,
  type ModuleVersion,
  parseDownloadFilePath,
  parseExtractedDirPath,
} from "../core/modcache.js";
import { checkPath } from "../core/module/path.js";
import type { CheckedZip } from "../core/modzip.js";
import { splitModuleArg } from "./explain.js";

/** What was hashed. */
export type HashedKind = "zip" | "go.mod" | "dir";

/** One PATH's answer (hash/v1 `results[]`). */
export interface HashResult {
  readonly path: string;
  readonly kind: HashedKind | null;
  readonly module: string | null;
  readonly version: string | null;
  /** `h1:…`, or null when the file could not be hashed. */
  readonly h1: string | null;
  /** The go.sum line, when the module and version are known. */
  readonly goSumLine: string | null;
  readonly findings: readonly Finding[];
}

/** Options of hash. */
export interface HashOptions {
  /** `module@version` for paths outside a module cache. */
  readonly module?: string;
}

function finding(id: string, cause: Finding["cause"], message: string, evidence?: string[]): Finding {
  return { id, severity: "error", cause, message, fix: [], ...(evidence && { evidence }) };
}

/**
 * Parses `--module M@V`.
 * @throws GoError for a malformed module path, or Error for a missing or non-canonical version.
 */
export function parseModuleVersion(arg: string): ModuleVersion {
  const { module, version } = splitModuleArg(arg);
  if (version === null) throw new Error(`--module ${arg}: want module@version`);
  checkPath(module);
  if (!cacheableVersion(version)) throw new Error(`--module ${arg}: version must be canonical, like v1.2.3`);
  return { path: module, version };
}

/** The module cache path components: the file's path relative to the nearest GOMODCACHE-like ancestor. */
function fromCachePath(path: string, isDir: boolean): ModuleVersion | null {
  const parts = path.split(sep);
  for (let i = parts.length - 2; i >= 0; i--) {
    const rel = parts.slice(i).join("/");
    const m = isDir ? parseExtractedDirPath(rel) : parseDownloadFilePath(rel);
    if (m !== null) return { path: m.path, version: m.version };
  }
  return null;
}

function kindOf(path: string, isDir: boolean): HashedKind | null {
  if (isDir) return "dir";
  if (path.endsWith(".zip")) return "zip";
  if (basename(path) === "go.mod" || path.endsWith(".mod")) return "go.mod";
  return null;
}

function zipFindings(check: CheckedZip | null): Finding[] {
  if (check === null) return [];
  const out = check.invalid.map((e) =>
    finding("hash.zip-invalid-entry", "other", `zip entry ${e.path}: ${e.err}`),
  );
  if (check.sizeError !== null) out.push(finding("hash.zip-too-large", "other", check.sizeError));
  return out;
}

function ziphashFinding(zipPath: string, h1: string): Finding[] {
  const file = `${zipPath}hash`;
  const recorded = readZiphash(file);
  if (recorded === null || recorded === h1) return [];
  return [
    finding(
      "hash.ziphash-mismatch",
      "modcache-problem",
      `the zip does not match its ${basename(file)}: the module cache entry was altered or is corrupt`,
      [`${basename(file)}: ${recorded}`, `zip: ${h1}`],
    ),
  ];
}

async function hashOne(path: string, opts: HashOptions): Promise<HashResult> {
  const base = { path, kind: null, module: null, version: null, h1: null, goSumLine: null };
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    return { ...base, findings: [finding("hash.unreadable", null, errorText(e))] };
  }
  const kind = kindOf(path, isDir);
  if (kind === null)
    return {
      ...base,
      findings: [finding("hash.unknown-kind", null, `${path}: not a .zip, a go.mod (.mod) or a directory`)],
    };
  let mv: ModuleVersion | null;
  try {
    mv = opts.module !== undefined ? parseModuleVersion(opts.module) : fromCachePath(path, isDir);
  } catch (e) {
    return { ...base, kind, findings: [finding("hash.bad-module", "invalid-version", errorText(e))] };
  }
  if (kind === "dir" && mv === null)
    return {
      ...base,
      kind,
      findings: [
        finding("hash.dir-needs-module", null, `${path}: a directory needs --module module@version`),
      ],
    };
  const known = { kind, module: mv?.path ?? null, version: mv?.version ?? null };
  try {
    const { h1, findings } = await compute(path, kind, mv);
    const suffix = kind === "go.mod" ? "/go.mod" : "";
    const goSumLine = mv === null ? null : `${mv.path} ${mv.version}${suffix} ${h1}`;
    return { ...base, ...known, h1, goSumLine, findings };
  } catch (e) {
    return { ...base, ...known, findings: [finding("hash.failed", "modcache-problem", errorText(e))] };
  }
}

async function compute(
  path: string,
  kind: HashedKind,
  mv: ModuleVersion | null,
): Promise<{ h1: string; findings: Finding[] }> {
  if (kind === "go.mod") return { h1: hashGoModFile(path), findings: [] };
  if (kind === "dir") return { h1: await hashModuleDir(path, `${mv!.path}@${mv!.version}`), findings: [] };
  const { h1, check } = await hashZipFile(path, mv ?? undefined);
  return { h1, findings: [...zipFindings(check), ...ziphashFinding(path, h1)] };
}

/**
 * Hashes every path, in order. Never throws: unreadable paths, unknown kinds, broken or hostile zips and a
 * bad --module become findings on that path's result.
 */
export async function hashPaths(paths: readonly string[], opts: HashOptions = {}): Promise<HashResult[]> {
  const out: HashResult[] = [];
  for (const p of paths) out.push(await hashOne(p, opts));
  return out;
}

/** A path for display: relative to the working directory when below it. */
export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel.startsWith("..") || rel === "" ? p : rel;
}
