/**
 * The CI outputs of check and verify: `--format github` (workflow-command annotations on stdout) and
 * `--sarif FILE` (a SARIF 2.1.0 log, written whole or not at all: a temporary file beside it, then renamed).
 */
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { Annotation } from "../render/annotations.js";
import { githubAnnotations } from "../render/github.js";
import { stringify } from "../render/json.js";
import { sarifLog } from "../render/sarif.js";
import { VERSION } from "./version.js";

/** The options both commands take. */
export interface CiOutputOptions {
  /** "text" (default) or "github". */
  format?: string;
  /** Where to write the SARIF log. */
  sarif?: string;
}

/** The file a SARIF result about the configuration is shown at: the first of candidates that exists, or null. */
export function sarifAnchor(candidates: readonly string[]): string | null {
  return candidates.find((f) => existsSync(f)) ?? null;
}

/** A file as SARIF and GitHub want it: relative to the working directory when inside it, else a file URL. */
function artifactPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : pathToFileURL(file).href;
}

/**
 * Writes the SARIF log when asked and gives the text for stdout: GitHub's workflow commands with a summary line
 * when `--format github`, else null (the command prints its own output). When the SARIF log cannot be written
 * (nothing is left behind) it says why on stderr and gives exit code 2 instead.
 */
export function ciOutput(
  annotations: readonly Annotation[],
  command: string,
  failed: boolean,
  opts: CiOutputOptions,
  anchor: string | null = null,
): { readonly stdout: string | null } | { readonly exit: 2 } {
  const located = annotations.map((a) => (a.file === null ? a : { ...a, file: artifactPath(a.file) }));
  if (opts.sarif !== undefined) {
    const tmp = `${opts.sarif}.${process.pid}.tmp`;
    try {
      writeFileSync(
        tmp,
        stringify(sarifLog(located, command, VERSION, anchor === null ? null : artifactPath(anchor))),
        { flag: "wx" },
      );
      renameSync(tmp, opts.sarif);
    } catch (e) {
      rmSync(tmp, { force: true });
      process.stderr.write(`goproxy-doctor: cannot write ${opts.sarif}: ${(e as Error).message}\n`);
      return { exit: 2 };
    }
  }
  const summary = `goproxy-doctor ${command}: ${failed ? "problems found" : "nothing wrong"}`;
  return { stdout: opts.format === "github" ? githubAnnotations(located, summary) : null };
}
