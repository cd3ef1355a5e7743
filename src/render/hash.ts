/**
 * Renderers of `hash`: go.sum lines (or `h1:…  PATH` when the module version is unknown) and the
 * goproxy-doctor.hash/v1 document.
 */
import type { HashResult } from "../features/hash.js";
import { findingLines } from "./finding.js";
import { style } from "./style.js";

/** Whether any path failed to hash or broke a rule (exit 1). */
export function hashFailed(results: readonly HashResult[]): boolean {
  return results.some((r) => r.h1 === null || r.findings.some((f) => f.severity === "error"));
}

/** `goproxy-doctor.hash/v1`. */
export function hashDocument(results: readonly HashResult[]) {
  return {
    $schema: "goproxy-doctor/schemas/hash.v1.json" as const,
    schema: "goproxy-doctor.hash/v1" as const,
    ok: !hashFailed(results),
    results,
  };
}

/** Terminal text: one line per path on stdout-friendly form, problems indented below it. */
export function hashText(results: readonly HashResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.goSumLine !== null) lines.push(r.goSumLine);
    else if (r.h1 !== null) lines.push(`${r.h1}  ${r.path}`);
    else lines.push(`${style.err("✗")} ${r.path}`);
    for (const f of r.findings) lines.push(...findingLines(f, "    "));
  }
  return `${lines.join("\n")}\n`;
}
