/**
 * `goproxy-doctor check`: the self-check tree. Configuration lint → endpoint probes → protocol and
 * checksum-database checks → predictions for MODULE@VERSION arguments → findings with causes and fixes.
 * Has no side effects: never writes the user's module cache, go.sum, GOENV file or settings.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import pMap from "p-map";
import { detectRunEnvironment, gatherMachineFacts, type RunEnvironment } from "../adapters/machine/facts.js";
import { goRoots } from "../adapters/machine/roots.js";
import type { Lookup } from "../adapters/net/probe.js";
import { CAUSE_INFO, type Cause } from "../core/causes.js";
import { type Finding, redactFinding, sortFindings } from "../core/finding.js";
import { type GoSumLine, parseGoSum } from "../core/gosum.js";
import { lint } from "../core/lint/catalogue.js";
import { downloadedModules, parseModFile } from "../core/modfile.js";
import { type Route, routeModule } from "../core/route.js";
import { checkEndpoints, type Endpoint } from "./endpoints.js";
import { type EnvOptions, type EnvReport, envReport } from "./env.js";
import { splitModuleArg } from "./explain.js";
import {
  isPrediction,
  offlinePrediction,
  type PredictedRequest,
  type Prediction,
  predictDownload,
} from "./predict.js";

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
  /** How many go.mod requirements to predict (default 5). */
  readonly sample?: number;
}

/** One module's predicted `go mod download` outcome (check/v1 `modules[]`). */
export interface ModulePrediction {
  readonly module: string;
  readonly version: string;
  readonly route: Route;
  /** Null when nothing can be said: see notPredicted. */
  readonly prediction: Prediction | null;
  /** Why there is no prediction (--offline, or a route check does not simulate), else null. */
  readonly notPredicted: string | null;
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

interface GoModInput {
  /** Module versions go downloads for the build (replacements applied). */
  readonly requirements: readonly { readonly path: string; readonly version: string }[];
  /** The go.sum beside it, which go consults before the checksum database. */
  readonly goSum: readonly GoSumLine[];
  readonly findings: readonly Finding[];
}

function readGoMod(path: string): GoModInput {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return {
      requirements: [],
      goSum: [],
      findings: [gomodFinding(`cannot read ${path}: ${(e as Error).message}`)],
    };
  }
  const mf = parseModFile(text);
  const findings = mf.problems.map((p) => gomodFinding(`${path}:${p.line}: ${p.message}`));
  return { requirements: downloadedModules(mf), goSum: readGoSum(join(dirname(path), "go.sum")), findings };
}

function readGoSum(path: string): readonly GoSumLine[] {
  try {
    return parseGoSum(readFileSync(path, "utf8"), path).lines;
  } catch {
    return [];
  }
}

/**
 * At most n requirements, spread evenly over the list (a large go.mod is sampled, not downloaded whole).
 */
export function sample<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

/** A finding for each predicted failure (the prediction itself carries go's words). */
function predictionFindings(m: ModulePrediction): Finding[] {
  const p = m.prediction;
  if (p === null || p.outcome === "ok" || p.cause === null) return [];
  const what = `go mod download ${m.module}@${m.version}`;
  const message = p.hangs
    ? `\`${what}\` would hang: a server accepts the request and never answers (go has no timeout there).`
    : `\`${what}\` would fail: ${CAUSE_INFO[p.cause].title}.`;
  return [
    {
      id: "predict.download-fails",
      severity: "error",
      cause: p.cause,
      message,
      fix: [...CAUSE_INFO[p.cause].fixes],
      evidence: [...(p.goError === null ? [] : [p.goError]), ...p.requests.slice(-3).map(requestLine)],
    },
  ];
}

function requestLine(r: PredictedRequest): string {
  return `${r.line} → ${r.status ?? r.error ?? "?"}${r.ms > 0 ? ` (${r.ms} ms)` : ""}`;
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

/** Runs the check. Never throws for bad configuration or network failures. */
export async function check(opts: CheckOptions = {}): Promise<CheckReport> {
  const env = opts.env ?? process.env;
  const report = await envReport(opts);
  const runEnvironment = detectRunEnvironment(env);
  const facts = await gatherMachineFacts(env, report.resolved.vars.GOMODCACHE?.value ?? "");
  const gomod: GoModInput =
    opts.gomod === undefined
      ? { requirements: [], goSum: existsSync("go.mod") ? readGoSum("go.sum") : [], findings: [] }
      : readGoMod(opts.gomod);
  const findings = [
    ...envFindings(report),
    ...gomod.findings,
    ...lint({ resolved: report.resolved, env, requirements: gomod.requirements.map((m) => m.path), facts }),
  ];
  const vars = report.resolved.vars;
  const phaseTimeoutMs = opts.phaseTimeoutMs ?? 5_000;
  const deadlineMs = opts.deadlineMs ?? 15_000;
  const targets = [
    ...(opts.modules ?? []).map(splitModuleArg),
    ...sample(
      gomod.requirements.map((m) => ({ module: m.path, version: m.version })),
      opts.sample ?? 5,
    ),
  ];
  const deadline = AbortSignal.timeout(deadlineMs);
  const [probed, modules] = await Promise.all([
    opts.offline
      ? { endpoints: [], findings: [] }
      : checkEndpoints(vars, env, {
          phaseTimeoutMs,
          deadlineMs,
          ...(opts.lookup && { lookup: opts.lookup }),
        }),
    pMap(
      targets,
      async ({ module, version }): Promise<ModulePrediction> => {
        const route = routeModule(vars, module, version);
        const base = { module, version: version ?? "latest", route };
        const offline = offlinePrediction(route);
        if (offline !== null) return { ...base, prediction: offline, notPredicted: null };
        if (opts.offline) return { ...base, prediction: null, notPredicted: "--offline: needs the network" };
        const p = await predictDownload(module, version ?? "latest", {
          vars,
          env,
          timeoutMs: phaseTimeoutMs,
          goRoots: goRoots(env).pems,
          goSum: gomod.goSum,
          signal: deadline,
          ...(opts.lookup && { lookup: opts.lookup }),
        });
        return isPrediction(p)
          ? { ...base, prediction: p, notPredicted: null }
          : { ...base, prediction: null, notPredicted: p.notPredicted };
      },
      { concurrency: 4 },
    ),
  ]);
  findings.push(...probed.findings, ...modules.flatMap(predictionFindings));
  const skipped = opts.offline
    ? ["endpoint probes, protocol checks and download predictions: --offline"]
    : [];
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
