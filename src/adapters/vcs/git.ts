/**
 * Runs `git ls-remote` of a repository as go does before anything else (codehost/git.go newGitRepo,
 * loadRefs), as core/vcs/git.ts lsRemoteInvocation says for the go version, with go's git environment
 * (core/vcs/git.ts gitEnvOf). In a private temporary directory, removed afterwards: nothing of the user's is
 * written. Bounded by a deadline (the process group is killed).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gitEnvOf, type LsRemoteInvocation } from "../../core/vcs/git.js";

/** What ls-remote did: exit code (null when killed), output, and whether the deadline or a missing git stopped it. */
export interface LsRemote {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** git could not be started (not on PATH). */
  readonly noGit: boolean;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv, deadline: number): Promise<LsRemote> {
  return new Promise((resolve) => {
    const child = spawn("git", args, {
      cwd,
      env: { ...env, PWD: cwd },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {}
      },
      Math.max(0, deadline - Date.now()),
    );
    child.stdout!.on("data", (d: Buffer) => (stdout += d));
    child.stderr!.on("data", (d: Buffer) => (stderr += d));
    child.once("error", () => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr, timedOut: false, noGit: true });
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, noGit: false });
    });
  });
}

/**
 * The ls-remote of remote (a repository URL) that go runs (inv: core/vcs/git.ts lsRemoteInvocation), within
 * timeoutMs for all its git commands together, in a directory made under workRoot (default the system's
 * temporary directory) and removed afterwards. Never throws.
 */
export async function lsRemote(
  remote: string,
  inv: LsRemoteInvocation,
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs: number,
  workRoot: string = tmpdir(),
): Promise<LsRemote> {
  const dir = mkdtempSync(join(workRoot, "gpd-git-"));
  const deadline = Date.now() + timeoutMs;
  const gitEnv = gitEnvOf(env);
  try {
    const init = [
      ["init", "--bare", "-q"],
      ["remote", "add", "origin", "--", remote],
    ];
    for (const args of inv.initFirst ? init : []) {
      const r = await run(args, dir, gitEnv, deadline);
      if (r.code !== 0) return r;
    }
    return await run([...inv.args], dir, gitEnv, deadline);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
