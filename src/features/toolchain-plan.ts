/**
 * What Select decides for a directory (Go ≥ 1.21), without the network: which go.work or go.mod go reads
 * (modload FindGoWork / FindGoMod, select.go modGoToolchain), GOTOOLCHAIN, and whether a switched-to toolchain
 * is on PATH. Light enough for `explain` (no HTTP stack); the download is predicted by features/toolchain.ts.
 */
import { readFileSync, statSync } from "node:fs";
import { arch, tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { lookPath } from "../adapters/go/binary.js";
import type { EnvValue } from "../core/config/environment.js";
import { atLeast, parseGoVersion } from "../core/config/goversion.js";
import { badGoLine, goModLookup } from "../core/toolchain/gover.js";
import { type Selection, selectToolchain, type ToolchainFile } from "../core/toolchain/select.js";

/** Maps Node's architecture names to GOARCH. */
export function goarchOf(a: string = arch()): string {
  const m: Record<string, string> = { x64: "amd64", ia32: "386", ppc64: "ppc64le" };
  return m[a] ?? a;
}

/** The go.work or go.mod go reads in wd, as an absolute path and as go names it; null outside a module. */
export interface FoundToolchainFile {
  readonly path: string;
  readonly file: ToolchainFile;
  /**
   * go's error for a go line modfile rejects, which stops go once it parses the file (after Select, which
   * compares it as older than any release), else null.
   */
  readonly goLineError: string | null;
}

function isFile(f: string): boolean {
  try {
    return statSync(f).isFile();
  } catch {
    return false;
  }
}

function findUp(dir: string, name: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (isFile(join(d, name))) return join(d, name);
    if (dirname(d) === d) return null;
  }
}

/** base.ShortPath: the path relative to wd when that is shorter. */
function shortPath(path: string, wd: string): string {
  const rel = relative(wd, path);
  return rel !== "" && rel.length < path.length ? rel : path;
}

/**
 * The file Select reads (select.go modGoToolchain): GOWORK's file (or go.work found upward) when it exists,
 * else go.mod found upward (not a go.mod directly in the temp directory: modload.FindGoMod). GOWORK=off skips
 * go.work. Returns null outside a module; never throws.
 */
export function findToolchainFile(
  wd: string,
  env: Readonly<Record<string, string | undefined>>,
): FoundToolchainFile | null {
  const gowork = env.GOWORK ?? "";
  let path: string | null = null;
  if (gowork !== "off") {
    const w = gowork === "" || gowork === "auto" ? findUp(wd, "go.work") : gowork;
    if (w !== null && isAbsolute(w) && isFile(w)) path = w;
  }
  if (path === null) {
    const m = findUp(wd, "go.mod");
    if (m !== null && resolve(dirname(m)) !== resolve(tmpdir())) path = m;
  }
  if (path === null) return null;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return null;
  }
  const short = shortPath(path, wd);
  const bad = badGoLine(text);
  return {
    path,
    file: { shortPath: short, go: goModLookup(text, "go"), toolchain: goModLookup(text, "toolchain") },
    goLineError:
      bad === null
        ? null
        : `errors parsing ${short}:\n${short}:${bad.line}: invalid go version '${bad.version}': must match format 1.23.0`,
  };
}

/** What the toolchain step of a go command will do, for check's `modules[]` and findings. */
export interface ToolchainPlan {
  /** The go the answers are for, e.g. "go1.26.8". */
  readonly local: string;
  readonly file: FoundToolchainFile | null;
  readonly selection: Selection;
  /** A switch to a toolchain found on PATH (no download). */
  readonly onPath: string | null;
  /** The platform go downloads toolchains for (runtime.GOOS). */
  readonly goos: string;
}

/**
 * Select for a directory. Null for go < 1.21 (no toolchain switching) and outside module mode
 * (GO111MODULE=off: Select returns before reading anything).
 */
export function planToolchain(
  wd: string,
  env: Readonly<Record<string, string | undefined>>,
  vars: Readonly<Record<string, EnvValue>>,
  local: string,
  goos: string,
): ToolchainPlan | null {
  const v = parseGoVersion(local);
  if (v === null || !atLeast(v, 21) || (vars.GO111MODULE?.value ?? "") === "off") return null;
  const file = findToolchainFile(wd, env);
  const selection = selectToolchain({
    gotoolchain: vars.GOTOOLCHAIN?.value ?? "",
    local,
    file: file?.file ?? null,
    goos,
    goarch: goarchOf(),
  });
  const onPath = selection.kind === "switch" ? lookPath(selection.toolchain, env) : null;
  return { local, file, selection, onPath, goos };
}
