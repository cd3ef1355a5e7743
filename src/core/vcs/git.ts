/**
 * What go says when `git ls-remote` of a module's repository fails, and where it ran it. Mirrors
 * cmd/go/internal/modfetch/codehost (go1.19 and go1.26: gitRepo.loadRefs, newGitRepo): WorkDir (`$GOMODCACHE/cache/vcs/<sha256 of "git3:"+remote>`),
 * RunError.Error (command, exit status, stderr indented, help text), gitRepo.loadRefs (the help text for
 * "could not read Username"), and modinit's git environment (modload/init.go).
 */

import { atLeast, type GoVersion } from "../config/goversion.js";
import { nodeCrypto } from "../crypto.js";

/** The directory go runs git in for remote (codehost.WorkDir with gitWorkDirType "git3"). */
export function gitWorkDir(gomodcache: string, remote: string): string {
  const key = nodeCrypto().createHash("sha256").update(`git3:${remote}`).digest("hex");
  return `${gomodcache.replace(/\/+$/, "")}/cache/vcs/${key}`;
}

const USERNAME_HELP =
  "Confirm the import path was entered correctly.\nIf this is a private repository, see https://golang.org/doc/faq#git_https for additional information.";

/**
 * How go runs its first git command for a remote repository (codehost/git.go newGitRepo, loadRefs).
 * go1.19: `git init --bare` and `git remote add origin -- <url>` in the work directory, then
 * `git ls-remote -q origin`. go1.26: `git ls-remote -q --end-of-options <url>` in the still empty work directory,
 * before the init (it needs the refs to choose the object format for SHA-256 repositories). Both verified with the
 * real binaries (test/conformance/discovery-go.test.ts); the release that changed it is taken to be go1.24 from
 * the sources' history, not verified.
 */
export interface LsRemoteInvocation {
  /** Whether go makes the bare repository with remote "origin" first. */
  readonly initFirst: boolean;
  /** git's arguments, after "git". */
  readonly args: readonly string[];
}

/** The ls-remote go of version v runs for remote (a repository URL). */
export function lsRemoteInvocation(v: GoVersion, remote: string): LsRemoteInvocation {
  return atLeast(v, 24)
    ? { initFirst: false, args: ["ls-remote", "-q", "--end-of-options", remote] }
    : { initFirst: true, args: ["ls-remote", "-q", "origin"] };
}

/**
 * RunError.Error of the ls-remote `inv` run in dir: the command, the exit status, git's stderr indented, go's
 * help text for "could not read Username".
 */
export function lsRemoteError(
  inv: LsRemoteInvocation,
  dir: string,
  exitCode: number,
  stderr: string,
): string {
  let text = `git ${inv.args.join(" ")} in ${dir}: exit status ${exitCode}`;
  const err = stderr.replace(/\n+$/, "");
  if (err !== "") text += `:\n\t${err.replaceAll("\n", "\n\t")}`;
  if (stderr.includes("fatal: could not read Username")) text += `\n${USERNAME_HELP}`;
  return text;
}

/**
 * The environment go gives git (modload/init.go): no terminal prompts, no interactive credential manager,
 * ssh in batch mode, unless the user set these.
 */
export function gitEnvOf(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  if ((out.GIT_TERMINAL_PROMPT ?? "") === "") out.GIT_TERMINAL_PROMPT = "0";
  if ((out.GIT_SSH ?? "") === "" && (out.GIT_SSH_COMMAND ?? "") === "")
    out.GIT_SSH_COMMAND = "ssh -o ControlMaster=no -o BatchMode=yes";
  if ((out.GCM_INTERACTIVE ?? "") === "") out.GCM_INTERACTIVE = "never";
  return out;
}
