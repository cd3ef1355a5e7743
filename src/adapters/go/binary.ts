/**
 * The go binary: finding it, its version and GOROOT without running it, and `go env -json`.
 */
import { accessSync, constants, readFileSync, realpathSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join } from "node:path";
import { type GoVersion, parseGoVersion } from "../../core/config/goversion.js";

/** A go installation. */
export interface GoInstall {
  /** The binary as found (on PATH or given). */
  readonly path: string;
  /** GOROOT: $GOROOT if set, else the directory above the resolved binary's bin/. */
  readonly goroot: string;
  /** From $GOROOT/VERSION, or null when that file is absent (then `go env GOVERSION` tells). */
  readonly version: GoVersion | null;
  /** Text of $GOROOT/go.env (Go ≥ 1.21), or null. */
  readonly gorootGoEnvText: string | null;
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function readText(p: string): string | null {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return null;
  }
}

/**
 * exec.LookPath for a bare name: the first executable `name` in a directory of env.PATH, skipping empty and
 * relative entries (as go's toolchain switch does: exec.ErrDot); null when there is none.
 */
export function lookPath(name: string, env: Readonly<Record<string, string | undefined>>): string | null {
  if (/[\\/]/.test(name)) return null;
  const exe = process.platform === "win32" ? `${name}.exe` : name;
  for (const d of (env.PATH ?? "").split(delimiter)) {
    if (d === "" || !isAbsolute(d)) continue;
    if (isExecutable(join(d, exe))) return join(d, exe);
  }
  return null;
}

/** Finds `go` on PATH (or at `explicit`); null when there is none. Reads two small files; never runs go. */
export function findGo(
  env: Readonly<Record<string, string | undefined>>,
  explicit?: string,
): GoInstall | null {
  const exe = process.platform === "win32" ? "go.exe" : "go";
  const candidates =
    explicit !== undefined
      ? [explicit]
      : (env.PATH ?? "")
          .split(delimiter)
          .filter((d) => d !== "")
          .map((d) => join(d, exe));
  const found = candidates.find(isExecutable);
  if (found === undefined) return null;
  let resolved = found;
  try {
    resolved = realpathSync(found);
  } catch {
    // keep the path as found
  }
  const goroot = env.GOROOT !== undefined && env.GOROOT !== "" ? env.GOROOT : dirname(dirname(resolved));
  const versionText = readText(join(goroot, "VERSION"));
  return {
    path: found,
    goroot,
    version: versionText === null ? null : parseGoVersion(versionText.split("\n")[0] ?? ""),
    gorootGoEnvText: readText(join(goroot, "go.env")),
  };
}

/** The result of running `go env -json`. */
export type GoEnvJSON =
  | { readonly ok: true; readonly values: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly error: string };

/**
 * Runs `<go> env -json` with the given environment and a timeout (ms). Never throws.
 * The environment must be the process's own so that go sees what the user's shell gives it.
 */
export async function goEnvJSON(
  goPath: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 10_000,
  cwd?: string,
): Promise<GoEnvJSON> {
  // Loaded here, not at start-up: most commands never run go.
  const { execFile } = await import("node:child_process");
  return new Promise((resolve) => {
    execFile(
      goPath,
      ["env", "-json"],
      { env, timeout: timeoutMs, maxBuffer: 4 << 20, ...(cwd !== undefined && { cwd }) },
      (err, stdout, stderr) => {
        if (err !== null) {
          resolve({ ok: false, error: (stderr || err.message).trim() });
          return;
        }
        try {
          resolve({ ok: true, values: JSON.parse(stdout) as Record<string, string> });
        } catch (e) {
          resolve({ ok: false, error: `go env -json printed invalid JSON: ${(e as Error).message}` });
        }
      },
    );
  });
}
