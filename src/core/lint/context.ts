/**
 * What the configuration lint looks at: the resolved configuration plus facts about the machine that the
 * features gather (all optional: a rule whose facts are missing says nothing rather than guess).
 */
import type { EnvValue, ResolvedEnv } from "../config/environment.js";
import type { Finding } from "../finding.js";
import { type Change, changeCommand, unsetChange } from "../fixes/change.js";

/** Facts from I/O, gathered by the check feature. `null` means "not known". */
export interface MachineFacts {
  /** `git` on PATH. */
  readonly gitOnPath: boolean | null;
  /** git `url.<base>.insteadOf` rewrites from the user's git config. */
  readonly gitInsteadOf: readonly { readonly base: string; readonly insteadOf: string }[];
  /** Whether SSL_CERT_FILE (when set) names a readable file. */
  readonly sslCertFileReadable: boolean | null;
  /** Whether each SSL_CERT_DIR entry (when set) is a readable directory. */
  readonly sslCertDirsReadable: boolean | null;
  /** The module cache (or the nearest existing parent) is writable. */
  readonly modcacheWritable: boolean | null;
  /** Free bytes on the module cache's file system. */
  readonly modcacheFreeBytes: number | null;
  /** .netrc machine names (never passwords), for the host:port rule. */
  readonly netrcMachines: readonly string[];
  /**
   * Hosts that network checks showed to be private (go-get answered 401/403/404, or go could not authenticate),
   * with the evidence in words; absent when nothing was checked.
   */
  readonly privateHosts?: readonly { readonly host: string; readonly evidence: string }[];
}

/** Everything a lint rule may read. */
export interface LintContext {
  readonly resolved: ResolvedEnv;
  /** The raw process environment (for variables that are not go env keys). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Module paths required by the go.mod being checked, if any. */
  readonly requirements: readonly string[];
  readonly facts: MachineFacts;
}

/** A named lint rule. */
export interface LintRule {
  /** Stable id, used as Finding.id, e.g. "goproxy.dead-mirror". */
  readonly id: string;
  /** One line: what the rule looks for. */
  readonly summary: string;
  /** The findings for this context (empty when the rule does not apply). */
  readonly check: (ctx: LintContext) => Finding[];
}

/** The effective value of a variable ("" when absent). */
export function val(ctx: LintContext, name: string): string {
  return ctx.resolved.vars[name]?.value ?? "";
}

/** The resolved entry of a variable, if any. */
export function entry(ctx: LintContext, name: string): EnvValue | undefined {
  return ctx.resolved.vars[name];
}

/** Where a value came from, for messages ("from the GOENV file", "from the environment", …). */
export function origin(ctx: LintContext, name: string): string {
  const e = entry(ctx, name);
  if (e === undefined) return "";
  switch (e.source) {
    case "environment":
      return "set in the environment";
    case "goenv-file":
      return `set by \`go env -w\` (${e.detail})`;
    case "derived":
      return e.detail ?? "derived";
    default:
      return e.detail ?? "default";
  }
}

/**
 * A finding's fix from its changes: the `changes` as data and, for people, one POSIX shell command per change
 * (lists shown with their value after the change).
 */
export function fixOf(ctx: LintContext, changes: readonly Change[]): Pick<Finding, "fix" | "changes"> {
  return { fix: changes.map((c) => changeCommand(c, val(ctx, c.name))), changes };
}

/** A value go read literally from the GOENV file, cleaned as the person meant it: no quotes, no CR, no spaces. */
export function unquoted(v: string): string {
  let out = v.replace(/\r$/, "").trim();
  for (let m = /^(["'])(.*)\1$/s.exec(out); m !== null; m = /^(["'])(.*)\1$/s.exec(out)) out = m[2]!.trim();
  return out;
}

/**
 * The changes that switch checksum verification back on: GOSUMDB removed where it is set, and from the GOENV
 * file too when the environment's `unset` would only uncover a file's GOSUMDB=off.
 */
export function sumdbOn(ctx: LintContext): Change[] {
  const changes = [unsetChange(ctx.resolved, "GOSUMDB")];
  const file = ctx.resolved.goenvFile?.entries.get("GOSUMDB");
  if (changes[0]!.scope === "environment" && file !== undefined && unquoted(file.value) === "off")
    changes.push({ op: "unset", name: "GOSUMDB", scope: "goenv-file" });
  return changes;
}
