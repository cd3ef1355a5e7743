/**
 * The CI outputs of check and verify: `--format github` (workflow-command annotations on stdout) and
 * `--sarif FILE` (a SARIF 2.1.0 log, written whole or not at all: a temporary file beside it, then renamed).
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
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

/** A file as SARIF and GitHub want it: relative to the working directory when inside it, else a file URL. */
function artifactPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : pathToFileURL(file).href;
}

/**
 * Writes the SARIF log when asked, and returns the GitHub annotations text when asked (else null).
 * @throws Error with the file name when the SARIF log cannot be written (nothing is left behind).
 */
export function ciOutputs(
  annotations: readonly Annotation[],
  command: string,
  summary: string,
  opts: CiOutputOptions,
): string | null {
  const located = annotations.map((a) => (a.file === null ? a : { ...a, file: artifactPath(a.file) }));
  if (opts.sarif !== undefined) {
    const tmp = `${opts.sarif}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, stringify(sarifLog(located, command, VERSION)), { flag: "wx" });
      renameSync(tmp, opts.sarif);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new Error(`cannot write ${opts.sarif}: ${(e as Error).message}`);
    }
  }
  return opts.format === "github" ? githubAnnotations(located, summary) : null;
}
