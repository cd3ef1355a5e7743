// Helpers for the fix tests: a check input built the way `check` builds it (resolved configuration + lint).
import { resolveEnvironment } from "../../../../src/core/config/environment.js";
import { parseGoVersion, SHIPPED_GOROOT_GO_ENV } from "../../../../src/core/config/goversion.js";
import { type CheckInput, type FixIntent, intentFromCheck } from "../../../../src/core/fixes/intent.js";
import { planFixes } from "../../../../src/core/fixes/plan.js";
import { lint } from "../../../../src/core/lint/catalogue.js";
import type { LintContext, MachineFacts } from "../../../../src/core/lint/context.js";

const NO_FACTS: MachineFacts = {
  gitOnPath: null,
  gitInsteadOf: [],
  sslCertFileReadable: null,
  sslCertDirsReadable: null,
  modcacheWritable: null,
  modcacheFreeBytes: null,
  netrcMachines: [],
};

/** The lint context of an environment, an optional GOENV file, go.mod requirements, machine facts and go version. */
export function lintCtx(
  env: Record<string, string>,
  opts: { file?: string; requirements?: string[]; facts?: Partial<MachineFacts>; go?: string } = {},
): LintContext {
  const full = { HOME: "/home/u", ...env };
  const resolved = resolveEnvironment({
    env: full,
    goos: "linux",
    goVersion: parseGoVersion(opts.go ?? "go1.19.8")!,
    goenvFileText: opts.file ?? null,
    goroot: "/usr/lib/go",
    gorootGoEnvText: SHIPPED_GOROOT_GO_ENV,
  });
  return {
    resolved,
    env: full,
    requirements: opts.requirements ?? [],
    facts: { ...NO_FACTS, ...opts.facts },
  };
}

/** The check input for an environment, an optional GOENV file and go.mod requirements. */
export function checkInput(
  env: Record<string, string>,
  opts: { file?: string; requirements?: string[]; facts?: Partial<MachineFacts> } = {},
): CheckInput {
  const ctx = lintCtx(env, opts);
  const resolved = ctx.resolved;
  const findings = lint(ctx);
  return {
    vars: resolved.vars,
    findings,
    endpoints: [],
    shadowed: resolved.shadowed.map((s) => s.name),
    plan: planFixes(ctx, lint),
  };
}

/** intentFromCheck over checkInput. */
export function intentOf(
  env: Record<string, string>,
  opts: {
    file?: string;
    requirements?: string[];
    facts?: Partial<MachineFacts>;
    allowInsecure?: boolean;
  } = {},
): FixIntent {
  return intentFromCheck(checkInput(env, opts), { allowInsecure: opts.allowInsecure === true });
}

/** name → displayed value of the intent's settings. */
export function settingsMap(i: FixIntent): Record<string, string> {
  return Object.fromEntries(
    i.settings.map((s) => [s.name, s.value.map((p) => ("lit" in p ? p.lit : `<${p.secret}>`)).join("")]),
  );
}
