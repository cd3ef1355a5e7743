/**
 * Which go.sum files the go command consults from a directory, and their lines: in a workspace, go.work.sum
 * beside go.work plus the go.sum of every module it uses; in a module, the go.sum beside the module root's
 * go.mod; outside both, none. Mirrors cmd/go/internal/modload/init.go (go1.19): Init (GOWORK: "off", unset, or
 * an absolute path), findWorkspaceFile and findModuleRoot (the nearest go.work / go.mod in the directory or a
 * parent), LoadModFile (modfetch.GoSumFile and modfetch.WorkspaceGoSumFiles).
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { atLeast, type GoVersion, VERIFIED_GO } from "../../core/config/goversion.js";
import { type GoSumLine, type GoSumProblem, parseGoSum } from "../../core/gosum.js";
import { parseModFile } from "../../core/modfile.js";
import { readTextOrNull } from "./read.js";

/** One sum file go reads: its path and lines (none when it is missing or unreadable, as go treats it). */
export interface SumFile {
  readonly path: string;
  readonly lines: readonly GoSumLine[];
  /** Malformed lines (go ≥ 1.22 stops at the first with `malformed go.sum:`; the path is as go names it). */
  readonly problems: readonly GoSumProblem[];
}

/** The sum files of one directory, as go sees them. */
export interface SumFiles {
  /** The file go checks first and writes (go.sum, or go.work.sum in a workspace), or null outside a module. */
  readonly main: SumFile | null;
  /** How go names main in a mismatch: "go.sum" or "go.work.sum" (fetch.go haveModSumLocked). */
  readonly mainName: "go.sum" | "go.work.sum";
  /** A workspace's module go.sum files, in go.work's `use` order (go names them by path). */
  readonly workspace: readonly SumFile[];
  /** The go.work in use, or null. */
  readonly workFile: string | null;
  /**
   * go's error when GOWORK names no usable file (modload.Init / LoadModFile): every go command stops with it
   * before any request. Null when GOWORK is fine.
   */
  readonly error: string | null;
}

/** The nearest file named name in dir or a parent, or null (findWorkspaceFile, findModuleRoot). */
function findUp(dir: string, name: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, name))) return join(d, name);
    if (dirname(d) === d) return null;
  }
}

function sumFile(path: string): SumFile {
  const text = readTextOrNull(path);
  const sum = text === null ? null : parseGoSum(text, path);
  return { path, lines: sum?.lines ?? [], problems: sum?.problems ?? [] };
}

/**
 * The words go of version v stops with for a GOWORK that is not absolute, and for a go.work it cannot read
 * (modload/init.go: FindGoWork, InitWorkfile/loadWorkFile). go1.19 prints them bare; go1.26 with "go: " and a new
 * wording for the first. Both verified with the real binaries (predict-go.test.ts); the release that changed
 * them is taken to be go1.22 from the sources' history, not verified.
 */
function goworkErrors(v: GoVersion): { relative: string; unreadable: (file: string) => string } {
  return atLeast(v, 22)
    ? {
        relative: "go: invalid GOWORK: not an absolute path",
        unreadable: (f) => `go: reading go.work: open ${f}: no such file or directory`,
      }
    : {
        relative: "the path provided to GOWORK must be an absolute path",
        unreadable: (f) => `reading go.work: open ${f}: no such file or directory`,
      };
}

/**
 * The sum files go reads when run in dir with env (GO111MODULE, GOWORK from the environment; a GOWORK set by
 * `go env -w` is not read). Never throws: a GOWORK that is not absolute, or names a file that cannot be read,
 * is `error` with the words of go version v (default go1.19.8; an unreadable file is worded as a missing one).
 */
export function goSumFiles(dir: string, env: NodeJS.ProcessEnv, v: GoVersion = VERIFIED_GO[0]!): SumFiles {
  const none: SumFiles = { main: null, mainName: "go.sum", workspace: [], workFile: null, error: null };
  if ((env.GO111MODULE ?? "") === "off") return none;
  const gowork = env.GOWORK ?? "";
  const workFile = gowork === "off" ? null : gowork === "" ? findUp(dir, "go.work") : gowork;
  if (workFile !== null && !isAbsolute(workFile)) return { ...none, error: goworkErrors(v).relative };
  const workText = workFile === null ? null : readTextOrNull(workFile);
  if (workFile !== null && workText === null) return { ...none, error: goworkErrors(v).unreadable(workFile) };
  if (workFile !== null && workText !== null) {
    const base = dirname(workFile);
    return {
      main: sumFile(`${workFile}.sum`),
      mainName: "go.work.sum",
      workspace: parseModFile(workText).use.map((u) => sumFile(join(resolve(base, u.dir), "go.sum"))),
      workFile,
      error: null,
    };
  }
  const modFile = findUp(dir, "go.mod");
  if (modFile === null) return none;
  return { ...none, main: sumFile(join(dirname(modFile), "go.sum")) };
}
