/**
 * The configuration lint: every named rule, run over one context. `check` runs it first; `env` and `fix`
 * reuse it. Rules are grouped by topic in the files beside this one.
 */
import { type Finding, redactFinding, sortFindings } from "../finding.js";
import type { LintContext, LintRule } from "./context.js";
import { ENV_RULES } from "./env-rules.js";
import { GOPROXY_RULES } from "./goproxy-rules.js";
import { HTTPPROXY_RULES } from "./httpproxy-rules.js";
import { MACHINE_RULES } from "./machine-rules.js";
import { PATTERN_RULES } from "./pattern-rules.js";
import { SUMDB_RULES } from "./sumdb-rules.js";

/** Every lint rule, in report order. */
export const LINT_RULES: readonly LintRule[] = [
  ...ENV_RULES,
  ...GOPROXY_RULES,
  ...SUMDB_RULES,
  ...PATTERN_RULES,
  ...HTTPPROXY_RULES,
  ...MACHINE_RULES,
];

/** Runs every rule (a rule that throws is a bug: it is reported as an internal finding, not a crash). */
export function lint(ctx: LintContext, rules: readonly LintRule[] = LINT_RULES): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    try {
      out.push(...rule.check(ctx));
    } catch (e) {
      out.push({
        id: `internal.${rule.id}`,
        severity: "warning",
        cause: "other",
        message: `lint rule ${rule.id} could not run: ${e instanceof Error ? e.message : String(e)}`,
        fix: [],
      });
    }
  }
  return sortFindings(out.map(redactFinding));
}
