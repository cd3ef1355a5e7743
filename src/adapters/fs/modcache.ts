/**
 * Reads a module cache (GOMODCACHE) from disk: every download file understood by core/modcache, every
 * extracted module directory, and the bytes each part uses. Reads names and sizes only; nothing is
 * hashed or changed here.
 */
import { accessSync, constants, type Dirent, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type DownloadFile,
  type ModuleVersion,
  parseDownloadFilePath,
  parseExtractedDirPath,
} from "../../core/modcache.js";

/** A download file with its absolute path and size (bytes). */
export interface CachedFile extends DownloadFile {
  readonly file: string;
  readonly bytes: number;
}

/** An extracted module directory. */
export interface CachedDir extends ModuleVersion {
  readonly dir: string;
}

/** What the cache holds. */
export interface ModuleCacheScan {
  readonly root: string;
  readonly exists: boolean;
  /** cache/download is writable by this user (go must write there to download anything). */
  readonly writable: boolean;
  readonly files: readonly CachedFile[];
  readonly dirs: readonly CachedDir[];
  /** Bytes under cache/download (sumdb and vcs caches included) and in extracted directories. */
  readonly downloadBytes: number;
  readonly extractedBytes: number;
  /** Entries that could not be read (permission denied, vanished), with the error. */
  readonly unreadable: readonly { readonly path: string; readonly error: string }[];
}

type Unreadable = { path: string; error: string }[];

function list(dir: string, unreadable: Unreadable): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    unreadable.push({ path: dir, error: (e as Error).message });
    return [];
  }
}

/** Calls visit(relative path, absolute path, size) for every file below dir; returns total bytes. */
function walk(
  dir: string,
  rel: string,
  unreadable: Unreadable,
  visit?: (rel: string, abs: string, bytes: number) => void,
): number {
  let total = 0;
  for (const d of list(dir, unreadable)) {
    const abs = join(dir, d.name);
    const r = rel === "" ? d.name : `${rel}/${d.name}`;
    if (d.isDirectory()) {
      total += walk(abs, r, unreadable, visit);
      continue;
    }
    let bytes = 0;
    try {
      bytes = lstatSync(abs).size;
    } catch (e) {
      unreadable.push({ path: abs, error: (e as Error).message });
    }
    total += bytes;
    visit?.(r, abs, bytes);
  }
  return total;
}

/** Finds extracted module directories: the first directory on each path whose name parses as path@version. */
function extracted(root: string, rel: string, unreadable: Unreadable, out: CachedDir[]): void {
  for (const d of list(join(root, rel), unreadable)) {
    if (!d.isDirectory()) continue;
    const r = rel === "" ? d.name : `${rel}/${d.name}`;
    if (r === "cache") continue;
    const m = d.name.includes("@") ? parseExtractedDirPath(r) : null;
    if (m !== null) out.push({ ...m, dir: join(root, r) });
    else if (!d.name.includes("@")) extracted(root, r, unreadable, out);
  }
}

function isWritable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A .ziphash file's recorded h1 (go writes it without a newline), or null when it cannot be read. */
export function readZiphash(file: string): string | null {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}

/** Scans the module cache at root. Never throws: unreadable parts are listed in `unreadable`. */
export function scanModuleCache(root: string): ModuleCacheScan {
  const unreadable: Unreadable = [];
  const download = join(root, "cache", "download");
  const exists = list(root, []).length > 0;
  const files: CachedFile[] = [];
  const downloadBytes = walk(download, "cache/download", unreadable, (rel, abs, bytes) => {
    const f = parseDownloadFilePath(rel);
    if (f !== null) files.push({ ...f, file: abs, bytes });
  });
  const dirs: CachedDir[] = [];
  extracted(root, "", unreadable, dirs);
  const extractedBytes = dirs.reduce((n, d) => n + walk(d.dir, "", unreadable), 0);
  return {
    root,
    exists,
    writable: isWritable(exists ? (list(download, []).length > 0 ? download : root) : root),
    files,
    dirs,
    downloadBytes,
    extractedBytes,
    unreadable: exists ? unreadable : [],
  };
}
