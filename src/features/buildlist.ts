/**
 * What `go mod download` (no arguments) downloads in a module or workspace, read from the files go reads:
 * the main module's go.mod requirements (go ≥ 1.17: modFile.Require, every module that provides a package
 * the main module imports), replacements applied; in a workspace (go.work), the requirements of every used
 * module. Mirrors cmd/go/internal/modcmd/download.go runDownload (go1.19 through go1.26) as far as the
 * files tell: for a go.mod older than 1.17, and in a workspace, go downloads the whole module graph ("all"),
 * whose deeper levels come from the dependencies' own go.mod files — those are not predicted, and the
 * result says so.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { downloadedModules, parseModFile } from "../core/modfile.js";
import { compare } from "../core/semver.js";

/** One module version the build list download fetches. */
export interface BuildListModule {
  readonly path: string;
  readonly version: string;
}

/** The build list as far as go.mod / go.work tell. */
export interface BuildList {
  /** Unique module versions, in file order (a workspace keeps the highest version of each path, as MVS does). */
  readonly modules: readonly BuildListModule[];
  /** The go.mod files read. */
  readonly files: readonly string[];
  /** Problems reading them: `file:line: message`. */
  readonly problems: readonly string[];
  /** Why the list may be incomplete (go < 1.17 or a workspace: go downloads the whole graph), else null. */
  readonly partial: string | null;
  /**
   * A go ≥ 1.17 module (no workspace): go loads the module graph — every requirement's go.mod — before it
   * downloads any zip, and one go.mod it cannot load stops it (modcmd/download.go LoadModGraph).
   */
  readonly graphFirst: boolean;
}

/** The nearest go.mod in dir or a parent (modload.findModuleRoot), or null. */
export function findGoMod(dir: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, "go.mod"))) return join(d, "go.mod");
    if (dirname(d) === d) return null;
  }
}

function goVersionBelow117(go: string | null): boolean {
  if (go === null) return true;
  const m = /^1\.(\d+)/.exec(go);
  return m !== null && Number(m[1]) < 17;
}

/**
 * Reads the build list go mod download fetches for the module whose go.mod is gomodPath, or for the
 * workspace workFile (when given, it wins, as in go). Never throws: unreadable files are problems.
 */
export function readBuildList(gomodPath: string | null, workFile: string | null): BuildList {
  const problems: string[] = [];
  const files: string[] = [];
  const read = (path: string) => {
    files.push(path);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      problems.push(`cannot read ${path}: ${(e as Error).message}`);
      return null;
    }
    const mf = parseModFile(text);
    for (const p of mf.problems) problems.push(`${path}:${p.line}: ${p.message}`);
    return mf;
  };
  const chosen = new Map<string, string>();
  const add = (mods: readonly BuildListModule[]) => {
    for (const m of mods) {
      const had = chosen.get(m.path);
      if (had === undefined || compare(m.version, had) > 0) chosen.set(m.path, m.version);
    }
  };
  let partial: string | null = null;
  let graphFirst = false;
  if (workFile !== null) {
    const work = read(workFile);
    const mains = new Set<string>();
    for (const u of work?.use ?? []) {
      const mf = read(join(resolve(dirname(workFile), u.dir), "go.mod"));
      if (mf === null) continue;
      if (mf.module !== null) mains.add(mf.module);
      add(downloadedModules(mf));
    }
    for (const m of mains) chosen.delete(m);
    partial = "a workspace: go downloads the module graph ('all'); only direct requirements are listed";
  } else if (gomodPath !== null) {
    const mf = read(gomodPath);
    if (mf !== null) {
      add(downloadedModules(mf));
      graphFirst = !goVersionBelow117(mf.go);
      if (goVersionBelow117(mf.go) && mf.require.length > 0)
        partial = `go ${mf.go ?? "(none)"}: before 1.17 go downloads the module graph ('all'); only direct requirements are listed`;
    }
  }
  return {
    modules: [...chosen].map(([path, version]) => ({ path, version })),
    files,
    problems,
    partial,
    graphFirst,
  };
}

/**
 * The version the main module (or workspace) of dir requires of modulePath — what `upgrade` and `patch`
 * are relative to: a version, null when it is not required, undefined when dir is in no module.
 */
export function requiredVersion(
  dir: string,
  workFile: string | null,
  modulePath: string,
): string | null | undefined {
  const gomod = workFile === null ? findGoMod(dir) : null;
  if (gomod === null && workFile === null) return undefined;
  return readBuildList(gomod, workFile).modules.find((m) => m.path === modulePath)?.version ?? null;
}

/**
 * Whether the module at gomodPath builds from its vendor directory (modload/init.go setDefaultBuildMod: an
 * explicit -mod=vendor in GOFLAGS, or vendor/modules.txt with a go.mod saying go ≥ 1.14 and no -mod flag),
 * and what that means for downloads: a sentence, or null when go would not use vendor/. `go mod download`
 * downloads regardless (verified with go1.19 and go1.26).
 */
export function vendorNote(gomodPath: string | null, goflags: string): string | null {
  const mod = /(?:^|\s)-{1,2}mod=(\S+)/.exec(goflags)?.[1] ?? null;
  if (mod !== null && mod !== "vendor") return null;
  const dir = gomodPath === null ? null : dirname(gomodPath);
  const hasVendor = dir !== null && existsSync(join(dir, "vendor", "modules.txt"));
  let go: string | null = null;
  if (gomodPath !== null)
    try {
      go = parseModFile(readFileSync(gomodPath, "utf8")).go;
    } catch {
      go = null;
    }
  const auto = hasVendor && go !== null && !/^1\.([0-9]|1[0-3])(\.|$)/.test(go);
  if (mod !== "vendor" && !auto) return null;
  const why =
    mod === "vendor" ? "GOFLAGS has -mod=vendor" : "vendor/modules.txt is present and go.mod says go ≥ 1.14";
  return `${why}: go build, go test and go list read modules from vendor/ and download nothing; \`go mod download\` (predicted here) still downloads them.`;
}
