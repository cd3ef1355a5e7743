/**
 * The fix plan of a configuration: the lint's changes applied one finding at a time to the effective
 * configuration, each computed on the configuration the previous ones left (so that several GOPRIVATE
 * findings add up instead of overwriting each other, and several bad GOFLAGS words are one repair), then
 * merged to one change per variable and checked by linting the result again.
 *
 * A change that would lower security (policy.ts: GOSUMDB=off, GOINSECURE, GOPRIVATE covering public code,
 * GOFLAGS=-insecure) is never applied: its finding stays unfixed.
 */
import type { Finding } from "../finding.js";
import type { LintContext } from "../lint/context.js";
import { applyChanges, type Change, envAfter, mergeChanges } from "./change.js";
import { weakening } from "./policy.js";

/** The plan. */
export interface FixPlan {
  /** One change per variable, in the order the findings asked for them. */
  readonly changes: readonly Change[];
  /** Ids of the findings (error or warning) whose changes were applied. */
  readonly addressed: readonly string[];
  /** Error and warning findings that claimed a fix but are still found after the changes (should be empty). */
  readonly unfixed: readonly Finding[];
  /** The lint's findings on the configuration after the changes. */
  readonly after: readonly Finding[];
}

/** At most this many findings are applied (a bound on the loop; a real configuration needs a handful). */
const MAX_STEPS = 40;

/** A finding's identity across re-lints: rule and subject (the message names the variable and value). */
function key(f: Finding): string {
  return `${f.id}\u0000${f.message}`;
}

/** Security-relevant values of a configuration, for "never lower": each weakening found, by variable. */
export function weakenings(ctx: LintContext): string[] {
  const v = (n: string) => ctx.resolved.vars[n]?.value ?? "";
  const nosumdb = (ctx.resolved.vars.GONOSUMDB?.source ?? "") !== "derived" && v("GONOSUMDB") !== "";
  return ["GOSUMDB", "GOINSECURE", "GOFLAGS", "GONOSUMDB", "GOPRIVATE"].flatMap((n) => {
    const w = weakening(n, v(n), nosumdb);
    return w === null ? [] : [n];
  });
}

/**
 * Plans the fix of ctx with lint (the catalogue's `lint`, passed in to keep this module free of the rule
 * list). Pure; never throws.
 */
export function planFixes(ctx: LintContext, lint: (c: LintContext) => Finding[]): FixPlan {
  const before = lint(ctx);
  const claimed = before.filter((f) => f.severity !== "info" && (f.changes?.length ?? 0) > 0);
  const secure = new Set(weakenings(ctx));
  const applied: Change[] = [];
  const addressed: string[] = [];
  const tried = new Set<string>();
  let cur = ctx;
  for (let step = 0; step < MAX_STEPS; step++) {
    const next = lint(cur).find(
      (f) => f.severity !== "info" && (f.changes?.length ?? 0) > 0 && !tried.has(key(f)),
    );
    if (next === undefined) break;
    tried.add(key(next));
    const resolved = applyChanges(cur.resolved, next.changes!);
    const candidate: LintContext = { ...cur, resolved, env: envAfter(cur.env, next.changes!, resolved) };
    // Never lower security: a change that adds a weakening the configuration did not have is refused.
    if (weakenings(candidate).some((w) => !secure.has(w))) continue;
    cur = candidate;
    applied.push(...next.changes!);
    if (!addressed.includes(next.id)) addressed.push(next.id);
  }
  const after = lint(cur);
  const stillIds = new Set(after.filter((f) => f.severity === "error").map((f) => f.id));
  // Settled: every finding that claimed a fix and is gone, whether its own change or another's removed it.
  const remaining = new Set(after.map(key));
  for (const f of claimed) if (!remaining.has(key(f)) && !addressed.includes(f.id)) addressed.push(f.id);
  return {
    changes: mergeChanges(ctx.resolved, applied),
    addressed,
    unfixed: claimed.filter((f) => f.severity === "error" && stillIds.has(f.id)),
    after,
  };
}
