/**
 * The Finding model: one observation that every command reports the same way
 * (`check`, `verify`, `why`, `monitor`; JSON contract in docs/contracts.md).
 */
import type { Cause, Role } from "./causes.js";
import type { Change } from "./fixes/change.js";
import { redactURL } from "./redact.js";

/** How bad a finding is: errors break downloads, warnings are risky or fragile, info is context. */
export type Severity = "error" | "warning" | "info";

/** One finding, as the JSON contracts carry it. */
export interface Finding {
  /** Stable identifier of the rule or check that produced it, e.g. "goproxy.invalid-entry". */
  readonly id: string;
  readonly severity: Severity;
  /** The cause from the taxonomy, or null for findings that are not failures (e.g. info). */
  readonly cause: Cause | null;
  /** Where it failed (proxy, sumdb, vcs, toolchain, http-proxy, local), when the producer knows; an addition to the JSON. */
  readonly role?: Role;
  /** One sentence for a person; credentials already redacted. */
  readonly message: string;
  /** Commands or steps to paste, most useful first; may be empty. */
  readonly fix: readonly string[];
  /** Lines that show why (values, server answers); optional, credentials already redacted. */
  readonly evidence?: readonly string[];
  /**
   * The fix as data (core/fixes/change.ts): the typed changes that settle this finding, which `fix` lines
   * above render for a POSIX shell. Absent when the fix is not a configuration change (install git, free disk).
   */
  readonly changes?: readonly Change[];
}

/** `{ role }` when the role is known, else `{}`: spread into a Finding so that JSON gains role only when known. */
export function withRole(role: Role | undefined): { role?: Role } {
  return role === undefined ? {} : { role };
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorts findings by severity (errors first), keeping the original order within one severity. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => [f, i] as const)
    .sort((a, b) => ORDER[a[0].severity] - ORDER[b[0].severity] || a[1] - b[1])
    .map(([f]) => f);
}

/** A copy of f with URL credentials redacted from every text field (defence in depth for all producers). */
export function redactFinding(f: Finding): Finding {
  return {
    ...f,
    message: redactURL(f.message),
    fix: f.fix.map(redactURL),
    ...(f.evidence !== undefined && { evidence: f.evidence.map(redactURL) }),
  };
}
