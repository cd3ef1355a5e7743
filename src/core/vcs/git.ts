/**
 * What go says when `git ls-remote` of a module's repository fails, and where it ran it. Mirrors
 * cmd/go/internal/modfetch/codehost (go1.19): WorkDir (`$GOMODCACHE/cache/vcs/<sha256 of "git3:"+remote>`),
 * RunError.Error (command, exit status, stderr indented, help text), gitRepo.loadRefs (the help text for
 * "could not read Username"), and modinit's git environment (modload/init.go).
 */

import { nodeCrypto } from "../crypto.js";

/** The directory go runs git in for remote (codehost.WorkDir with gitWorkDirType "git3"). */
export function gitWorkDir(gomodcache: string, remote: string): string {
  const key = nodeCrypto().createHash("sha256").update(`git3:${remote}`).digest("hex");
  return `${gomodcache.replace(/\/+$/, "")}/cache/vcs/${key}`;
}

const USERNAME_HELP =
  "Confirm the import path was entered correctly.\nIf this is a private repository, see https://golang.org/doc/faq#git_https for additional information.";

/** RunError.Error of `git ls-remote -q origin` run in dir: the exit status, git's stderr, go's help text. */
export function lsRemoteError(dir: string, exitCode: number, stderr: string): string {
  let text = `git ls-remote -q origin in ${dir}: exit status ${exitCode}`;
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
