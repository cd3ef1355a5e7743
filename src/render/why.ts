/**
 * Renderers of `goproxy-doctor why`: terminal text, the `goproxy-doctor.why/v1` JSON document and
 * Markdown. Strings only; the report is already redacted by the feature.
 */
import type { WhyDiagnosis, WhyReport } from "../features/why.js";
import { style } from "./style.js";

/** Exit-code helper: a report with at least one diagnosis is a failure (exit 1). */
export function whyFailed(r: WhyReport): boolean {
  return r.diagnoses.length > 0;
}

function verdict(d: WhyDiagnosis): string {
  if (d.confirmed === true) return "confirmed by a probe";
  if (d.confirmed === false) return "not confirmed: the probe sees something else";
  return "not probed";
}

/**
 * `goproxy-doctor.why/v1`: `{schema, ok, diagnoses: [{cause, confidence, evidence, module, host,
 * explanation, fix, confirmed}]}` plus what helps (title, modules, endpoint, status, occurrences, probe,
 * source, exitStatus).
 */
export function whyDocument(r: WhyReport) {
  return {
    $schema: "goproxy-doctor/schemas/why.v1.json" as const,
    schema: "goproxy-doctor.why/v1" as const,
    ok: r.diagnoses.length === 0,
    source: r.source,
    exitStatus: r.exitStatus,
    probed: r.probed,
    diagnoses: r.diagnoses.map((d) => ({
      cause: d.cause,
      role: d.role,
      title: d.title,
      confidence: d.confidence,
      evidence: d.evidence,
      module: d.module,
      modules: d.modules,
      host: d.host,
      endpoint: d.endpoint,
      status: d.status,
      occurrences: d.occurrences,
      explanation: d.explanation,
      fix: d.fix,
      confirmed: d.confirmed,
      probe: d.probe,
    })),
  };
}

function modulesLine(d: WhyDiagnosis): string | null {
  if (d.modules.length === 0) return null;
  const shown = d.modules.slice(0, 5).join(", ");
  return d.modules.length > 5 ? `${shown} (+${d.modules.length - 5} more)` : shown;
}

/** The terminal report. */
export function whyText(r: WhyReport): string {
  const out: string[] = [];
  if (r.diagnoses.length === 0) {
    out.push(style.ok(`No module-download error found in ${r.source}.`));
    if (r.exitStatus !== null && r.exitStatus !== 0)
      out.push(
        style.dim(`(the command exited with status ${r.exitStatus}; its failure is not a module download)`),
      );
    return `${out.join("\n")}\n`;
  }
  const n = r.diagnoses.length;
  out.push(style.title(`${n} module-download problem${n === 1 ? "" : "s"} found in ${r.source}`));
  r.diagnoses.forEach((d, i) => {
    out.push("");
    out.push(
      `${style.err(`${i + 1}. ${d.title}`)} ${style.dim(`[${d.cause} at ${d.role}, confidence ${d.confidence.toFixed(2)}, ${verdict(d)}]`)}`,
    );
    const mods = modulesLine(d);
    if (mods !== null) out.push(`   ${style.key("module")}    ${mods}`);
    if (d.host !== null) out.push(`   ${style.key("host")}      ${d.host}`);
    if (d.endpoint !== null) out.push(`   ${style.key("endpoint")}  ${d.endpoint}`);
    if (d.probe !== null)
      out.push(
        `   ${style.key("probe")}     ${d.probe.cause ?? (d.probe.status !== null ? `HTTP ${d.probe.status}` : "ok")}${d.probe.goError !== null ? ` — ${d.probe.goError}` : ""} (${d.probe.ms} ms)`,
      );
    out.push(`   ${style.key("evidence")}`);
    for (const line of d.evidence) out.push(style.dim(`     │ ${line}`));
    out.push(`   ${style.key("why")}       ${d.explanation}`);
    out.push(`   ${style.key("fix")}`);
    for (const f of d.fix) out.push(`     - ${f}`);
  });
  return `${out.join("\n")}\n`;
}

/** Markdown, for pasting into an issue (already redacted). */
export function whyMarkdown(r: WhyReport): string {
  const out: string[] = [`## goproxy-doctor why: ${r.source}`, ""];
  if (r.diagnoses.length === 0) return `${out.join("\n")}No module-download error found.\n`;
  for (const d of r.diagnoses) {
    out.push(`### ${d.title} (\`${d.cause}\`)`, "");
    out.push(`- confidence: ${d.confidence.toFixed(2)}; ${verdict(d)}`);
    const mods = modulesLine(d);
    if (mods !== null) out.push(`- module: ${mods}`);
    if (d.host !== null) out.push(`- host: \`${d.host}\``);
    out.push("", "```", ...d.evidence, "```", "", d.explanation, "", "Fix:", "");
    for (const f of d.fix) out.push(`- ${f}`);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}
