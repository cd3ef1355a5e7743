/**
 * Renderers of verify and verify --note: terminal text and the goproxy-doctor.verify/v1 document.
 */
import type { NoteReport } from "../features/note.js";
import type { VerifyReport } from "../features/verify.js";
import { findingLines } from "./finding.js";
import { style } from "./style.js";

/** Whether verify found problems (exit 1): a mismatch, a failed lookup, or an error finding. */
export function verifyFailed(r: VerifyReport): boolean {
  return (
    r.entries.some((e) => e.status === "mismatch" || e.status === "error") ||
    r.findings.some((f) => f.severity === "error")
  );
}

/** `goproxy-doctor.verify/v1`. */
export function verifyDocument(r: VerifyReport) {
  return {
    $schema: "goproxy-doctor/schemas/verify.v1.json" as const,
    schema: "goproxy-doctor.verify/v1" as const,
    ok: !verifyFailed(r),
    sumdb: r.sumdb,
    entries: r.entries,
    findings: r.findings,
    requests: r.requests,
  };
}

const MARK: Record<string, string> = {
  verified: "✓",
  mismatch: "✗",
  error: "✗",
  skipped: "-",
  "not-in-database": "·",
};

/** `goproxy-doctor.note/v1`: the note report as it is. */
export function noteDocument(r: NoteReport) {
  return {
    $schema: "goproxy-doctor/schemas/note.v1.json" as const,
    schema: "goproxy-doctor.note/v1" as const,
    ...r,
  };
}

/** Terminal text. */
export function verifyText(r: VerifyReport): string {
  const lines: string[] = [];
  const s = r.sumdb;
  lines.push(
    s.name === null
      ? style.dim("checksum database: off")
      : `${style.title(s.name)} at ${s.url ?? "?"}${s.treeSize === null ? "" : style.dim(` (tree ${s.treeSize}, root ${s.rootHash})`)}`,
  );
  for (const e of r.entries) {
    const where =
      e.source === "go.sum"
        ? style.dim(`${e.file}:${e.line} `)
        : e.source === "argument"
          ? ""
          : style.dim(`${e.source} `);
    const mark =
      e.status === "verified"
        ? style.ok(MARK[e.status]!)
        : e.status === "skipped" || e.status === "not-in-database"
          ? style.dim(MARK[e.status]!)
          : style.err(MARK[e.status]!);
    const what = `${e.module} ${e.version}${e.kind === "go.mod" ? "/go.mod" : e.kind === "dir" ? " (extracted)" : ""}`;
    const note = e.status === "verified" ? (e.source === "download" ? (e.file ?? "") : "") : e.message;
    lines.push(`${mark} ${where}${what}${note === "" ? "" : `  ${style.dim(note)}`}`);
  }
  for (const f of r.findings) lines.push("", ...findingLines(f, ""));
  const n = (st: string) => r.entries.filter((e) => e.status === st).length;
  lines.push(
    "",
    `${n("verified")} verified, ${n("mismatch")} mismatched, ${n("error")} not verifiable, ${n("skipped")} skipped`,
  );
  return `${lines.join("\n")}\n`;
}

/** verify --note as text. */
export function noteText(r: NoteReport): string {
  if (!r.ok) return `${style.err("✗")} ${r.error}\n`;
  const lines = [
    `${style.ok("✓")} signed by ${r.signers.join(", ")}`,
    `tree size ${r.treeSize}`,
    `root hash ${r.rootHash}`,
  ];
  if (r.unknownSigners.length > 0)
    lines.push(style.dim(`also signed by unknown keys: ${r.unknownSigners.join(", ")}`));
  if (r.record !== null)
    lines.push(
      `record ${r.record.id}:`,
      ...r.record.text
        .trimEnd()
        .split("\n")
        .map((l) => `  ${l}`),
    );
  return `${lines.join("\n")}\n`;
}
