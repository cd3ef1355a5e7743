/**
 * `goproxy-doctor completion bash|zsh|fish|powershell`: prints the shell's completion script, written from the
 * parser's own definition (main.ts builds the spec), exit 0.
 */
import { type CompletionSpec, completionScript, type Shell } from "../../render/completion.js";

/** Writes the script for shell to stdout; returns the exit code. */
export function runCompletion(shell: Shell, spec: CompletionSpec): number {
  process.stdout.write(completionScript(spec, shell));
  return 0;
}
