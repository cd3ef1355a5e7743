/**
 * `fix` as text and as the versioned JSON document `goproxy-doctor.fix/v1`. Strings only.
 *
 * Snippets are printed without colour so that they paste as they are. They are built from templates that
 * never hold credentials; messages that come from findings were redacted by the features.
 */
import type { FixPlan } from "../features/fix.js";
import { pad, style } from "./style.js";

/** What happened to the planned file, filled in by the command. */
export interface WriteOutcome {
  /** "written", "unchanged" (nothing to do), "declined" (not confirmed), or "failed". */
  readonly status: "written" | "unchanged" | "declined" | "failed";
  readonly error?: string;
}

/**
 * `goproxy-doctor.fix/v1`:
 * `{ schema, target, source: "options"|"check", ok, language, settings: [{name, value, scope}], snippet,
 *    traps: [str], steps: [str], warnings: [str], unset: [{name, reason}], ca: {path}|null,
 *    credentials: [{host, secrets: [str]}], addressed: [str], manual: [{id, severity, cause, message}],
 *    dropped: [{name, value, reason}], skipped: [str],
 *    file: {path, created, changed, diff, status, error?}|null }`.
 * `value` shows secrets as `<NAME>`; `ok` is false when a problem remains that no setting settles.
 */
export function fixDocument(plan: FixPlan, ok: boolean, outcome: WriteOutcome | null) {
  const o = plan.output;
  const i = plan.intent;
  return {
    $schema: "goproxy-doctor/schemas/fix.v1.json" as const,
    schema: "goproxy-doctor.fix/v1" as const,
    target: plan.target,
    source: plan.source,
    ok,
    language: o.language,
    settings: o.settings.map((s) => ({ name: s.name, value: s.value, scope: s.scope })),
    snippet: o.snippet,
    traps: o.traps,
    steps: o.steps,
    warnings: o.warnings,
    unset: i.unset,
    ca: i.ca === null ? null : { path: i.ca.path },
    credentials: i.credentials.map((c) => ({ host: c.host, secrets: [c.loginSecret, c.passwordSecret] })),
    addressed: i.addressed,
    manual: i.manual.map((m) => ({ id: m.id, severity: m.severity, cause: m.cause, message: m.message })),
    dropped: i.dropped,
    skipped: plan.skipped,
    file:
      plan.write === null
        ? null
        : {
            path: plan.write.displayPath,
            created: plan.write.before === null,
            changed: plan.write.changed,
            diff: plan.write.diff,
            status: outcome?.status ?? null,
            ...(outcome?.error !== undefined && { error: outcome.error }),
          },
  };
}

function bullets(title: string, items: readonly string[], mark: string): string[] {
  if (items.length === 0) return [];
  return ["", style.title(title), ...items.map((s) => `  ${mark} ${s}`)];
}

/** The header, snippet and notes; the diff and write outcome come after it (see {@link fixDiffText}). */
export function fixText(plan: FixPlan): string {
  const o = plan.output;
  const i = plan.intent;
  const from =
    plan.source === "options"
      ? "from the options given"
      : `from ${plan.skipped.some((s) => s.includes("--offline")) ? "an offline" : "a"} check: ${i.addressed.length} finding(s) addressed`;
  const lines = [`${style.title(`fix --for ${plan.target}`)}  ${style.dim(`(${from})`)}`, ""];
  lines.push(o.snippet.replace(/\r\n/g, "\n").replace(/\n$/, ""));
  if (o.settings.length > 0) {
    const w = Math.max(...o.settings.map((s) => s.name.length)) + 2;
    const vw = Math.min(60, Math.max(...o.settings.map((s) => s.value.length)) + 2);
    lines.push("", style.title("Settings"));
    for (const s of o.settings)
      lines.push(
        `  ${style.key(pad(s.name, w))}${pad(s.value === "" ? '""' : s.value, vw)}  ${style.dim(s.scope)}`,
      );
  }
  lines.push(...bullets("Warnings", o.warnings, style.warn("!")));
  lines.push(...bullets("Still to do", o.steps, "•"));
  lines.push(...bullets(`Traps of ${plan.target}`, o.traps, style.dim("•")));
  return `${lines.join("\n")}\n`;
}

/** The diff of a planned write and what happened to it. */
export function fixDiffText(plan: FixPlan, outcome: WriteOutcome | null): string {
  const w = plan.write;
  if (w === null) return "";
  if (!w.changed) return `\n${style.ok("✓")} ${w.displayPath} already has these settings; nothing to write\n`;
  const colored = w.diff
    .split("\n")
    .map((l) =>
      l.startsWith("+") && !l.startsWith("+++")
        ? style.ok(l)
        : l.startsWith("-") && !l.startsWith("---")
          ? style.err(l)
          : l,
    )
    .join("\n");
  const lines = ["", style.title(`Changes to ${w.displayPath}`), colored.replace(/\n$/, "")];
  switch (outcome?.status) {
    case "written":
      lines.push(`${style.ok("✓")} wrote ${w.displayPath}`);
      break;
    case "declined":
      lines.push(`${style.warn("!")} not written: confirm interactively or pass --yes`);
      break;
    case "failed":
      lines.push(`${style.err("✗")} ${outcome.error ?? "not written"}`);
      break;
    default:
      break;
  }
  return `${lines.join("\n")}\n`;
}
