/**
 * The rules a module zip must follow, applied to its directory entries without extracting anything.
 * Mirrors golang.org/x/mod/zip (zip.go: checkZip, collisionChecker, strToFold) with its error texts.
 */
import { goQuote } from "./goquote.js";
import { cleanPath } from "./gourl.js";
import { checkFilePath } from "./module/path.js";

/** Limits of x/mod/zip, in bytes. */
export const MAX_ZIP_FILE = 500 << 20;
export const MAX_GO_MOD = 16 << 20;
export const MAX_LICENSE = 16 << 20;

/** A zip entry as the central directory declares it. */
export interface ZipEntry {
  readonly name: string;
  readonly uncompressedSize: number;
}

/** The verdict on every entry (zip.CheckedFiles). */
export interface CheckedZip {
  readonly valid: readonly string[];
  readonly invalid: readonly { readonly path: string; readonly err: string }[];
  readonly sizeError: string | null;
}

/** A fold key: equal for names that differ only in case (Unicode simple folding, as strToFold). */
function foldKey(s: string): string {
  let out = "";
  for (const ch of s) {
    // Dotless ı upper-cases to I, but simple case folding (unicode.SimpleFold) keeps it apart from i and I.
    if (ch === "\u0131") {
      out += ch;
      continue;
    }
    const up = ch.toUpperCase();
    out += [...up].length === 1 ? up.toLowerCase() : ch.toLowerCase();
  }
  return out;
}

function dirOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? "." : p.slice(0, i);
}

type Seen = Map<string, { path: string; isDir: boolean }>;

/** collisionChecker.check: returns an error text or null, recording p and its parents. */
function collision(seen: Seen, p: string, isDir: boolean): string | null {
  const fold = foldKey(p);
  const other = seen.get(fold);
  if (other !== undefined) {
    if (p !== other.path)
      return `case-insensitive file name collision: ${goQuote(other.path)} and ${goQuote(p)}`;
    if (isDir !== other.isDir) return `entry ${goQuote(p)} is both a file and a directory`;
    if (!isDir) return `multiple entries for file ${goQuote(p)}`;
  } else {
    seen.set(fold, { path: p, isDir });
  }
  const parent = dirOf(p);
  return parent === "." ? null : collision(seen, parent, true);
}

function fileError(name: string): string | null {
  if (cleanPath(name) !== name) return "file path is not clean";
  try {
    checkFilePath(name);
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

function baseOf(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

/**
 * Checks the entries of the zip of modulePath@version (zip.checkZip after the module/version checks).
 * Never throws; every problem is reported per entry or as the size error.
 */
export function checkZipEntries(
  modulePath: string,
  version: string,
  entries: readonly ZipEntry[],
  zipSize = 0,
): CheckedZip {
  if (zipSize > MAX_ZIP_FILE) {
    return {
      valid: [],
      invalid: [],
      sizeError: `module zip file is too large (${zipSize} bytes; limit is ${MAX_ZIP_FILE} bytes)`,
    };
  }
  const prefix = `${modulePath}@${version}/`;
  const valid: string[] = [];
  const invalid: { path: string; err: string }[] = [];
  const seen: Seen = new Map();
  let size = 0;
  let sizeError: string | null = null;
  for (const zf of entries) {
    const bad = (err: string) => invalid.push({ path: zf.name, err });
    if (!zf.name.startsWith(prefix)) {
      bad(`path does not have prefix ${goQuote(prefix)}`);
      continue;
    }
    let name = zf.name.slice(prefix.length);
    if (name === "") continue;
    const isDir = name.endsWith("/");
    if (isDir) name = name.slice(0, -1);
    const err = fileError(name) ?? collision(seen, name, isDir);
    if (err !== null) {
      bad(err);
      continue;
    }
    if (isDir) continue;
    const base = baseOf(name);
    if (base.toLowerCase() === "go.mod") {
      if (base !== name) {
        bad("go.mod file not in module root directory");
        continue;
      }
      if (name !== "go.mod") {
        bad("go.mod files must have lowercase names");
        continue;
      }
    }
    const sz = zf.uncompressedSize;
    if (sz >= 0 && MAX_ZIP_FILE - size >= sz) size += sz;
    else
      sizeError ??= `total uncompressed size of module contents too large (max size is ${MAX_ZIP_FILE} bytes)`;
    if (name === "go.mod" && sz > MAX_GO_MOD) {
      bad(`go.mod file too large (max size is ${MAX_GO_MOD} bytes)`);
      continue;
    }
    if (name === "LICENSE" && sz > MAX_LICENSE) {
      bad(`LICENSE file too large (max size is ${MAX_LICENSE} bytes)`);
      continue;
    }
    valid.push(zf.name);
  }
  return { valid, invalid, sizeError };
}
