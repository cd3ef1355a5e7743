/**
 * What check and verify report, as CI annotations: one plain record per problem, which the GitHub
 * workflow-command renderer (github.ts) and the SARIF 2.1.0 renderer (sarif.ts) both write. Pure.
 */
import { CAUSE_INFO, type Cause } from "../core/causes.js";
import type { Finding, Severity } from "../core/finding.js";
import type { CheckReport } from "../features/check.js";
import type { VerifyReport } from "../features/verify.js";

/** One problem to annotate. */
export interface Annotation {
  readonly level: "error" | "warning" | "notice";
  /** Stable id: the finding's id, `predict.<cause>` or `verify.<status>`. */
  readonly ruleId: string;
  /** One line. */
  readonly title: string;
  /** The whole message; may hold several lines (evidence, fixes). */
  readonly message: string;
  readonly cause: Cause | null;
  /** The file it is about (as given, e.g. "go.sum"), or null for configuration-wide problems. */
  readonly file: string | null;
  /** 1-based line in file, or null. */
  readonly line: number | null;
}

const LEVEL: Record<Severity, Annotation["level"]> = { error: "error", warning: "warning", info: "notice" };

function findingAnnotation(f: Finding, file: string | null = null): Annotation {
  const evidence = f.evidence ?? [];
  const lines = [f.message, ...evidence.map((e) => `  ${e}`), ...f.fix.map((x) => `fix: ${x}`)];
  return {
    level: LEVEL[f.severity],
    ruleId: f.id,
    title: f.cause === null ? f.id : `${f.id}: ${CAUSE_INFO[f.cause].title}`,
    message: lines.join("\n"),
    cause: f.cause,
    file,
    line: null,
  };
}

/** check's findings (errors and warnings; info is context, not a problem) and predicted download failures. */
export function checkAnnotations(r: CheckReport): Annotation[] {
  const out = r.findings.filter((f) => f.severity !== "info").map((f) => findingAnnotation(f));
  for (const m of r.modules) {
    const p = m.prediction;
    if (p === null || p.outcome !== "fail") continue;
    const cause = p.cause;
    out.push({
      level: "error",
      ruleId: `predict.${cause ?? "other"}`,
      title: `go mod download ${m.module}@${m.version} will fail${cause === null ? "" : `: ${CAUSE_INFO[cause].title}`}`,
      message: [
        p.goError === null ? `go mod download ${m.module}@${m.version} will fail` : `go: ${p.goError}`,
        ...(cause === null ? [] : CAUSE_INFO[cause].fixes.map((x) => `fix: ${x}`)),
      ].join("\n"),
      cause,
      file: null,
      line: null,
    });
  }
  return out;
}

/** verify's failures: hash mismatches and failed lookups (at their go.sum line), then error/warning findings. */
export function verifyAnnotations(r: VerifyReport): Annotation[] {
  const out: Annotation[] = [];
  for (const e of r.entries) {
    if (e.status !== "mismatch" && e.status !== "error") continue;
    const what = `${e.module} ${e.version}${e.kind === "go.mod" ? "/go.mod" : ""}`;
    out.push({
      level: "error",
      ruleId: `verify.${e.status}`,
      title:
        e.status === "mismatch"
          ? `checksum mismatch for ${what}`
          : `${what} could not be verified${e.cause === null ? "" : `: ${CAUSE_INFO[e.cause].title}`}`,
      message: [
        e.message,
        ...(e.hash === null ? [] : [`  have: ${e.hash}`]),
        ...(e.expected === null ? [] : [`  checksum database: ${e.expected}`]),
      ].join("\n"),
      cause: e.cause,
      file: e.source === "go.sum" || e.source === "cache" ? e.file : null,
      line: e.source === "go.sum" ? e.line : null,
    });
  }
  for (const f of r.findings.filter((x) => x.severity !== "info")) out.push(findingAnnotation(f));
  return out;
}
