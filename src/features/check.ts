/**
 * `goproxy-doctor check`: the self-check tree. Configuration lint → endpoint probes → protocol and
 * checksum-database checks → predictions for MODULE@VERSION arguments → findings with causes and fixes.
 * Has no side effects: never writes the user's module cache, go.sum, GOENV file or settings.
 */
import { readFileSync } from "node:fs";
import { detectRunEnvironment, gatherMachineFacts, type RunEnvironment } from "../adapters/machine/facts.js";
import type { Lookup } from "../adapters/net/probe.js";
import { CAUSE_INFO, type Cause } from "../core/causes.js";
import { type Finding, redactFinding, sortFindings } from "../core/finding.js";
import { lint } from "../core/lint/catalogue.js";
import { downloadedModules, parseModFile } from "../core/modfile.js";
import { type Route, routeModule } from "../core/route.js";
import { checkEndpoints, type Endpoint } from "./endpoints.js";
import { type EnvOptions, type EnvReport, envReport } from "./env.js";
import { splitModuleArg } from "./explain.js";

/** Options of check. */
export interface CheckOptions extends EnvOptions {
  /** MODULE@VERSION arguments to predict. */
  readonly modules?: readonly string[];
  /** A go.mod whose requirements are linted (and sampled for predictions). */
  readonly gomod?: string;
  /** Skip the network: report only what configuration shows. */
  readonly offline?: boolean;
  /** Deadline of each probe phase, ms (default 5,000). */
  readonly phaseTimeoutMs?: number;
  /** Deadline of all probes together, ms (default 15,000). */
  readonly deadlineMs?: number;
  /** Name resolution for the probes (tests inject a hosts map). */
  readonly lookup?: Lookup;
}

/** One module's predicted `go mod download` outcome (check/v1 `modules[]`). */
export interface ModulePrediction {
  readonly module: string;
  readonly version: string;
  readonly route: Route;
  readonly prediction: {
    readonly outcome: "ok" | "fail";
    readonly servedBy: string | null;
    readonly checksum: "verified" | "skipped" | "failed" | null;
    readonly cause: Cause | null;
    readonly goError: string | null;
    /** What the prediction rests on (honesty: configuration only, or live probes). */
    readonly basis: string;
  } | null;
}

/** The check report (check/v1 is rendered from it). */
export interface CheckReport {
  readonly env: EnvReport;
  readonly runEnvironment: RunEnvironment;
  readonly findings: readonly Finding[];
  readonly modules: readonly ModulePrediction[];
  /** The endpoints probed (empty with --offline). */
  readonly endpoints: readonly Endpoint[];
  /** Steps that did not run, and why (e.g. "network probes: --offline"). */
  readonly skipped: readonly string[];
}

function readGoMod(path: string): { requirements: string[]; findings: Finding[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return { requirements: [], findings: [gomodFinding(`cannot read ${path}: ${(e as Error).message}`)] };
  }
  const mf = parseModFile(text);
  const findings = mf.problems.map((p) => gomodFinding(`${path}:${p.line}: ${p.message}`));
  return { requirements: downloadedModules(mf).map((m) => m.path), findings };
}

function gomodFinding(message: string): Finding {
  return { id: "gomod.unreadable", severity: "warning", cause: "other", message, fix: [] };
}

function envFindings(env: EnvReport): Finding[] {
  const c = env.crossCheck;
  if (!c.ran) return [];
  if (c.error !== null) {
    return [
      {
        id: "go.env-failed",
        severity: "error",
        cause: "config-invalid",
        message: `\`go env -json\` failed: ${c.error}`,
        fix: [],
      },
    ];
  }
  return c.disagreements.map((d) => ({
    id: "go.env-disagrees",
    severity: "warning" as const,
    cause: "other" as const,
    message: `go says ${d.name}=${JSON.stringify(d.go)} where this tool reads ${JSON.stringify(d.ours)}; predictions below use go's reading where it matters.`,
    fix: [],
  }));
}

/** Offline prediction from configuration alone: only failures that need no network are certain. */
function offlinePrediction(route: Route): ModulePrediction["prediction"] {
  if (route.error !== null) {
    return {
      outcome: "fail",
      servedBy: null,
      checksum: null,
      cause: route.error.includes("malformed module path") ? "invalid-path" : "config-invalid",
      goError: route.error,
      basis: "configuration only",
    };
  }
  if (route.proxy.mode === "off") {
    return {
      outcome: "fail",
      servedBy: null,
      checksum: null,
      cause: "goproxy-off",
      goError: `${route.module}@${route.version}: module lookup disabled by GOPROXY=off`,
      basis: "configuration only (unless the module cache has it)",
    };
  }
  return null;
}

/** Runs the check. Never throws for bad configuration or network failures. */
export async function check(opts: CheckOptions = {}): Promise<CheckReport> {
  const env = opts.env ?? process.env;
  const report = await envReport(opts);
  const runEnvironment = detectRunEnvironment(env);
  const facts = await gatherMachineFacts(env, report.resolved.vars.GOMODCACHE?.value ?? "");
  const gomod = opts.gomod === undefined ? { requirements: [], findings: [] } : readGoMod(opts.gomod);
  const findings = [
    ...envFindings(report),
    ...gomod.findings,
    ...lint({ resolved: report.resolved, env, requirements: gomod.requirements, facts }),
  ];
  const modules = (opts.modules ?? []).map((arg) => {
    const { module, version } = splitModuleArg(arg);
    const route = routeModule(report.resolved.vars, module, version);
    return { module, version: version ?? "latest", route, prediction: offlinePrediction(route) };
  });
  const probed = opts.offline
    ? { endpoints: [], findings: [] }
    : await checkEndpoints(report.resolved.vars, env, {
        phaseTimeoutMs: opts.phaseTimeoutMs ?? 5_000,
        deadlineMs: opts.deadlineMs ?? 15_000,
        ...(opts.lookup && { lookup: opts.lookup }),
      });
  findings.push(...probed.findings);
  const skipped = opts.offline
    ? ["endpoint probes, protocol checks and download predictions: --offline"]
    : ["protocol checks and download predictions: not built yet (issue 4)"];
  return {
    env: report,
    runEnvironment,
    findings: sortFindings(findings.map(redactFinding)),
    modules,
    endpoints: probed.endpoints,
    skipped,
  };
}

/** The taxonomy explanation of a cause, for renderers. */
export function explainCause(cause: Cause): string {
  return CAUSE_INFO[cause].explanation;
}
