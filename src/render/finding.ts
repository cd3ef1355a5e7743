/** One Finding as terminal lines, the same in every command: mark, message, cause, evidence, fixes. */
import type { Finding } from "../core/finding.js";
import { style } from "./style.js";

const MARK = { error: "✗", warning: "!", info: "·" } as const;

function paint(f: Finding, s: string): string {
  return f.severity === "error" ? style.err(s) : f.severity === "warning" ? style.warn(s) : style.dim(s);
}

/** The lines of f, each prefixed by indent (spaces); evidence and fixes are indented four more. */
export function findingLines(f: Finding, indent = "  "): string[] {
  const cause = f.cause === null ? "" : style.dim(` [${f.cause}]`);
  const lines = [`${indent}${paint(f, MARK[f.severity])} ${f.message}${cause}`];
  // A multi-line evidence (go's RunError: git's stderr, help text) keeps its lines under the first one.
  for (const e of f.evidence ?? []) for (const l of e.split("\n")) lines.push(style.dim(`${indent}    ${l}`));
  for (const fix of f.fix) lines.push(`${indent}    ${style.key("→")} ${fix}`);
  return lines;
}
