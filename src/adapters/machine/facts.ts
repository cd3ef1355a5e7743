/**
 * Facts about this machine that the configuration lint needs (git, TLS files, the module cache, .netrc
 * machine names) and the environment go runs in (container, WSL, CI, IDE terminal, DNS servers).
 * Every probe is local, bounded and never throws; an unknown fact is null.
 */
import { execFile } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync, statfsSync, statSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import type { MachineFacts } from "../../core/lint/context.js";
import { netrcPath } from "../../core/netrc.js";

type Env = Readonly<Record<string, string | undefined>>;

function onPath(env: Env, name: string): boolean {
  const exe = process.platform === "win32" ? `${name}.exe` : name;
  return (env.PATH ?? "").split(delimiter).some((d) => {
    try {
      accessSync(join(d, exe), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function readable(path: string, kind: "file" | "dir"): boolean {
  try {
    const st = statSync(path);
    accessSync(path, constants.R_OK);
    return kind === "file" ? st.isFile() : st.isDirectory();
  } catch {
    return false;
  }
}

/** The nearest existing ancestor of p (the cache may not exist yet). */
function nearestExisting(p: string): string {
  let cur = p;
  while (!existsSync(cur) && dirname(cur) !== cur) cur = dirname(cur);
  return cur;
}

function writable(p: string): boolean | null {
  if (p === "") return null;
  try {
    accessSync(nearestExisting(p), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function freeBytes(p: string): number | null {
  if (p === "") return null;
  try {
    const s = statfsSync(nearestExisting(p));
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

/** Machine names of a .netrc file (never logins or passwords). */
function netrcMachines(env: Env): string[] {
  // os.UserHomeDir: %USERPROFILE% on Windows (HOME, which Git Bash sets, is not read there).
  const windows = process.platform === "win32";
  const path = netrcPath(env, windows, (windows ? env.USERPROFILE : env.HOME) ?? null);
  if (path === null) return [];
  try {
    const words = readFileSync(path, "utf8").split(/\s+/);
    return words.flatMap((w, i) => (w === "machine" && words[i + 1] ? [words[i + 1]!] : []));
  } catch {
    return [];
  }
}

/** git's url.<base>.insteadOf rewrites, from `git config --get-regexp` (2 s timeout). */
function gitInsteadOf(env: Env): Promise<MachineFacts["gitInsteadOf"]> {
  return new Promise((resolve) => {
    execFile(
      "git",
      ["config", "--get-regexp", "^url\\..*\\.insteadof$"],
      { env: env as NodeJS.ProcessEnv, timeout: 2000 },
      (err, stdout) => {
        if (err !== null && stdout === "") return resolve([]);
        const rules = stdout
          .split("\n")
          .map((l) => /^url\.(.*)\.insteadof\s+(.*)$/i.exec(l.trim()))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => ({ base: m[1]!, insteadOf: m[2]! }));
        resolve(rules);
      },
    );
  });
}

/** Gathers the lint's machine facts for the module cache directory gomodcache. */
export async function gatherMachineFacts(env: Env, gomodcache: string): Promise<MachineFacts> {
  const git = onPath(env, "git");
  const certFile = env.SSL_CERT_FILE ?? "";
  const certDirs = (env.SSL_CERT_DIR ?? "").split(":").filter((d) => d !== "");
  return {
    gitOnPath: git,
    gitInsteadOf: git ? await gitInsteadOf(env) : [],
    sslCertFileReadable: certFile === "" ? null : readable(certFile, "file"),
    sslCertDirsReadable: certDirs.length === 0 ? null : certDirs.every((d) => readable(d, "dir")),
    modcacheWritable: writable(gomodcache),
    modcacheFreeBytes: freeBytes(gomodcache),
    netrcMachines: netrcMachines(env),
  };
}

/** Where go runs: the things that make settings differ from the user's shell. */
export interface RunEnvironment {
  readonly os: string;
  readonly container: "docker" | "podman" | "other" | null;
  readonly wsl: boolean;
  readonly ci: "github-actions" | "gitlab-ci" | "other" | null;
  readonly vscodeTerminal: boolean;
  /** Name servers from /etc/resolv.conf (Unix), in order. */
  readonly dnsServers: readonly string[];
}

function readFileOrEmpty(p: string): string {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return "";
  }
}

/** Detects container, WSL, CI and IDE terminals, and the DNS servers in use. Never throws. */
export function detectRunEnvironment(env: Env): RunEnvironment {
  // These are Linux files: on Windows "/proc/…" names a folder of the current drive (under Wine, Z: is the Linux
  // host's /, which made a Windows process look like a Docker container with Linux's name servers).
  const unix = process.platform !== "win32";
  const readOrEmpty = (p: string) => (unix ? readFileOrEmpty(p) : "");
  const cgroup = readOrEmpty("/proc/1/cgroup");
  const container =
    (unix && existsSync("/.dockerenv")) || /docker/.test(cgroup)
      ? "docker"
      : unix && existsSync("/run/.containerenv")
        ? "podman"
        : /kubepods|containerd/.test(cgroup)
          ? "other"
          : null;
  const ci =
    env.GITHUB_ACTIONS === "true" ? "github-actions" : env.GITLAB_CI ? "gitlab-ci" : env.CI ? "other" : null;
  const resolv = readOrEmpty("/etc/resolv.conf");
  return {
    os: `${process.platform}/${process.arch}`,
    container,
    wsl: /microsoft/i.test(readOrEmpty("/proc/version")) || env.WSL_DISTRO_NAME !== undefined,
    ci,
    vscodeTerminal: env.TERM_PROGRAM === "vscode",
    dnsServers: [...resolv.matchAll(/^\s*nameserver\s+(\S+)/gm)].map((m) => m[1]!),
  };
}
