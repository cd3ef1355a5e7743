/**
 * `goproxy-doctor check`: the self-check tree. Configuration lint → endpoint probes → protocol and
 * checksum-database checks → predictions for MODULE@VERSION arguments → findings with causes and fixes.
 * Has no side effects: never writes the user's module cache, go.sum, GOENV file or settings; downloads and the
 * bare repository `git ls-remote` runs in (direct modules) live in temporary directories that are removed.
 */
import { setMaxListeners } from "node:events";
import { dirname, resolve } from "node:path";
import pMap from "p-map";
import { goSumFiles, type SumFiles } from "../adapters/fs/sumfiles.js";
import { detectRunEnvironment, gatherMachineFacts, type RunEnvironment } from "../adapters/machine/facts.js";
import { goAuthCredentials } from "../adapters/machine/goauth.js";
import { goRoots } from "../adapters/machine/roots.js";
import { createGetMemo, type GetMemo } from "../adapters/net/getmemo.js";
import { closeKeptAlive } from "../adapters/net/http.js";
import type { Lookup } from "../adapters/net/probe.js";
import { CAUSE_INFO, type Cause } from "../core/causes.js";
import { parseProxyList } from "../core/config/goproxy.js";
import { parseGOSUMDB } from "../core/config/gosumdb.js";
import { atLeast, type GoVersion, parseGoVersion } from "../core/config/goversion.js";
import { relativeQuery } from "../core/fetchplan.js";
import { type Finding, redactFinding, sortFindings, withRole } from "../core/finding.js";
import { type FixPlan, planFixes } from "../core/fixes/plan.js";
import { roleOfGoError } from "../core/goerror/diagnose.js";
import { lint } from "../core/lint/catalogue.js";
import { matchPrefixPatterns } from "../core/module/glob.js";
import type { NetrcEntry } from "../core/netrc.js";
import { classifyQuery } from "../core/protocol.js";
import { redactURL } from "../core/redact.js";
import { type Route, routeModule } from "../core/route.js";
import { goModLookup } from "../core/toolchain/gover.js";
import { findGoMod, readBuildList, requiredVersion, vendorNote } from "./buildlist.js";
import { type ToolchainStep, toolchainStep } from "./check-toolchain.js";
import { checkEndpoints, type Endpoint, type ProgressEvent } from "./endpoints.js";
import { type EnvOptions, type EnvReport, envReport, goosOf } from "./env.js";
import { splitModuleArg } from "./explain.js";
import {
  type GoModLoad,
  isPrediction,
  loadGoMod,
  localPrediction,
  type PredictedRequest,
  type Prediction,
  type PredictOptions,
  predictDownload,
} from "./predict.js";
import { reachesOrigin } from "./predict-direct.js";
import { NO_PREDICTION_DETAIL } from "./predict-requests.js";
import {
  checkProtocol,
  DEFAULT_PROBE_MODULES,
  type ProtocolCheckResult,
  type ProtocolModule,
} from "./protocol-check.js";
import { systemSettingsFindings } from "./system-settings.js";
import { predictTooNew } from "./toolchain.js";

/** Options of check. */
export interface CheckOptions extends EnvOptions {
  /** MODULE@VERSION arguments to predict. */
  readonly modules?: readonly string[];
  /**
   * A go.mod whose build list is linted and predicted; without it and without MODULE@VERSION arguments, the
   * module or workspace of the current directory.
   */
  readonly gomod?: string;
  /** Skip the network: report only what configuration shows. */
  readonly offline?: boolean;
  /** Deadline of each probe phase, ms (default 5,000). */
  readonly phaseTimeoutMs?: number;
  /** Deadline of all probes together, ms (default 15,000). */
  readonly deadlineMs?: number;
  /** Name resolution for the probes (tests inject a hosts map). */
  readonly lookup?: Lookup;
  /** How many go.mod requirements to predict (default: all of them, as `go mod download` fetches them all). */
  readonly sample?: number;
  /** Modules the GOPROXY protocol is checked with when no MODULE@VERSION argument names one. */
  readonly probeModules?: readonly ProtocolModule[];
  /**
   * Also run the real `go mod download -json` of each predicted module in a throwaway cache, within a
   * deadline of its own (deadlineMs), and report every disagreement as a finding: pass
   * features/confirm.ts confirmPredictions (injected, so that the library and `fix` do not carry it).
   */
  readonly confirm?: (
    modules: readonly ModulePrediction[],
    env: Readonly<Record<string, string | undefined>>,
    goPath: string,
    signal: AbortSignal,
  ) => Promise<Finding[]>;
  /** Told when each probe and prediction starts and ends (for live progress on a terminal). */
  readonly onProgress?: (e: ProgressEvent) => void;
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
  /** The lint's changes merged to one per variable and checked by linting the result (core/fixes/plan.ts). */
  readonly fixes: FixPlan;
  readonly modules: readonly ModulePrediction[];
  /** The endpoints probed (empty with --offline). */
  readonly endpoints: readonly Endpoint[];
  /** The GOPROXY protocol as each URL entry answers it (empty with --offline). */
  readonly protocol: readonly ProtocolCheckResult[];
  /** Steps that did not run, and why (e.g. "network probes: --offline"). */
  readonly skipped: readonly string[];
}

interface GoModInput {
  /** Module versions go downloads for the build (replacements applied). */
  readonly requirements: readonly { readonly path: string; readonly version: string }[];
  /** The go.sum files go consults before the checksum database, run beside it (or in the current directory). */
  readonly sums: SumFiles;
  readonly findings: readonly Finding[];
  /** `go mod download` loads the module graph before any zip (a go ≥ 1.17 module, no arguments). */
  readonly graphFirst: boolean;
}

/**
 * The build list `go mod download` fetches (features/buildlist.ts): of the go.mod given, else — when no
 * MODULE@VERSION argument names what to download — of the module or workspace the current directory is in.
 */
function readGoMod(
  path: string | undefined,
  explicitModules: boolean,
  env: Readonly<Record<string, string | undefined>>,
  v: GoVersion,
  goflags: string,
): GoModInput {
  const dir = path === undefined ? process.cwd() : dirname(path);
  const sums = goSumFiles(dir, env, v);
  const auto = path === undefined && !explicitModules && (env.GO111MODULE ?? "") !== "off";
  const gomod = path ?? (auto ? findGoMod(dir) : null);
  if (gomod === null && !(auto && sums.workFile !== null))
    return { requirements: [], sums, findings: [], graphFirst: false };
  const list = readBuildList(gomod, sums.error === null ? sums.workFile : null);
  const findings = list.problems.map(gomodFinding);
  if (list.partial !== null)
    findings.push({
      id: "gomod.partial-build-list",
      severity: "info",
      cause: null,
      message: list.partial,
      fix: [],
    });
  const vendor = vendorNote(gomod, goflags);
  if (vendor !== null)
    findings.push({ id: "gomod.vendor", severity: "info", cause: null, message: vendor, fix: [] });
  return { requirements: list.modules, sums, findings, graphFirst: list.graphFirst && !explicitModules };
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
      ...withRole(roleOfGoError(p.goError, m.module)),
      message,
      fix: [...CAUSE_INFO[p.cause].fixes],
      evidence: [...(p.goError === null ? [] : [p.goError]), ...p.requests.slice(-3).map(requestLine)],
    },
  ];
}

/**
 * Hosts that predictions show to be private, with the evidence: go's authentication failure for the module
 * (vcs-auth), or its go-get discovery answered 401/403/404 — both only for modules GOPRIVATE does not cover.
 */
export function privateEvidence(
  modules: readonly ModulePrediction[],
  goprivate: string,
): { module: string; host: string; evidence: string }[] {
  return modules.flatMap((m) => {
    const p = m.prediction;
    if (p === null || p.outcome === "ok" || matchPrefixPatterns(goprivate, m.module)) return [];
    const host = m.module.split("/")[0]!;
    if (p.cause === "vcs-auth")
      return [{ module: m.module, host, evidence: "go could not authenticate to fetch it (vcs-auth)" }];
    const goget = p.requests.find(
      (r) => r.line.includes("go-get=1") && [401, 403, 404].includes(r.status ?? 0),
    );
    return goget === undefined
      ? []
      : [{ module: m.module, host, evidence: `${goget.line} answered ${goget.status}` }];
  });
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

/** The probe modules: the canonical MODULE@VERSION arguments, else the given ones, else one public module. */
function probeModulesFor(
  targets: readonly { module: string; version: string | null }[],
  given: readonly ProtocolModule[] | undefined,
): ProtocolModule[] {
  const args = targets.filter(
    (t): t is { module: string; version: string } =>
      t.version !== null && classifyQuery(t.version) === "canonical",
  );
  if (args.length > 0) return args.slice(0, 3).map((t) => ({ path: t.module, version: t.version }));
  // BurntSushi/toml: small, stable, and its upper-case letters exercise the path escaping.
  return [...(given ?? DEFAULT_PROBE_MODULES.filter((m) => /[A-Z]/.test(m.path)).slice(0, 1))];
}

/** Every GOPROXY URL entry's protocol answers, concurrently, within the deadline. */
function checkProtocols(
  vars: Readonly<Record<string, { value: string }>>,
  env: Readonly<Record<string, string | undefined>>,
  modules: readonly ProtocolModule[],
  timeoutMs: number,
  signal: AbortSignal,
  memo: GetMemo,
  netrc: readonly NetrcEntry[],
): Promise<ProtocolCheckResult[]> {
  const list = parseProxyList(vars.GOPROXY?.value ?? "", vars.GONOPROXY?.value ?? "");
  const setting = parseGOSUMDB(vars.GOSUMDB?.value ?? "");
  const sumdbName = !setting.off && "config" in setting ? setting.config.name : null;
  // A file:// entry is a directory, not a server: predictions read it as go does.
  const urls = [
    ...new Set(list.entries.filter((e) => e.kind === "url" && !/^file:/i.test(e.url)).map((e) => e.url)),
  ];
  return Promise.all(
    urls.map((url) =>
      checkProtocol(url, {
        modules,
        timeoutMs,
        signal,
        sumdbName,
        env,
        // Roots only matter for TLS; loading them reads hundreds of files.
        ...(url.startsWith("https:") && { ca: goRoots(env).pems }),
        keepAlive: true,
        netrc,
        memo,
      }),
    ),
  );
}

/**
 * A finding per failed protocol check of a reachable proxy (an unreachable one already has its endpoint
 * finding, which says more).
 */
function protocolFindings(
  results: readonly ProtocolCheckResult[],
  endpoints: readonly Endpoint[],
  modules: readonly ModulePrediction[],
  goproxy: string,
): Finding[] {
  const unreachable = new Set(
    endpoints.filter((e) => e.role === "proxy" && e.result.cause !== null).map((e) => base(e.entry)),
  );
  const followed = new Set(
    parseProxyList(goproxy, "")
      .entries.filter((e) => e.kind === "url" && e.hasNext)
      .map((e) => base(redactURL(e.url))),
  );
  return results.flatMap((r) =>
    unreachable.has(base(r.url))
      ? []
      : r.checks
          .filter((c) => !c.ok && !c.skipped)
          .map((c): Finding => {
            const hasNext = followed.has(base(r.url));
            const severity = protocolSeverity(c, hasNext, modules);
            const evidence = [`GET ${c.url} → ${c.status ?? "no answer"} (${c.ms} ms)`];
            if (severity === "info" && (c.status === 404 || c.status === 410))
              return {
                id: `protocol.${c.id}`,
                severity,
                cause: null,
                role: "proxy",
                message: `${r.url} does not have ${c.module} (${c.id}: ${c.status})${hasNext ? "; go moves on to the next entry" : ""}.`,
                fix: [],
                evidence,
              };
            return {
              id: `protocol.${c.id}`,
              severity,
              cause: c.cause ?? "proxy-error",
              role: "proxy",
              message: `${r.url} fails the GOPROXY protocol (${c.id}${c.module ? ` of ${c.module}` : ""}): ${c.detail}`,
              fix: [...CAUSE_INFO[c.cause ?? "proxy-error"].fixes],
              evidence,
            };
          }),
  );
}

/**
 * How much a failed protocol check matters, judged by what go needs from the entry: a 404/410 for a module
 * is how a mirror says "not here", normal when another entry follows (go moves on: a note); a check of a
 * module whose download is predicted cannot change go's outcome beyond that prediction, which carries the
 * error when go fails (a warning at most); only a probe module's failure stands as an error on its own.
 */
function protocolSeverity(
  c: ProtocolCheckResult["checks"][number],
  followed: boolean,
  modules: readonly ModulePrediction[],
): Finding["severity"] {
  if (c.id === "content-type") return "warning";
  const notHere = c.status === 404 || c.status === 410;
  if (c.module === null) return "error";
  if (notHere && followed) return "info";
  const predicted = modules.some(
    (m) => m.prediction !== null && c.module === `${m.module}@${m.prediction.version ?? m.version}`,
  );
  if (predicted) return notHere ? "info" : "warning";
  return "error";
}

/** A GOPROXY entry without its trailing slash, for matching an endpoint to its protocol check. */
function base(url: string): string {
  return url.replace(/\/+$/, "");
}

/**
 * The first malformed go.sum line go ≥ 1.22 would stop at (the main sum file, then a workspace's module
 * go.sum files), as a block for every prediction and a finding; null for older go or clean files.
 */
function malformedGoSum(
  sums: SumFiles,
  answeredFor: string,
): { blocks: { cause: Cause; goError: string; hangs: boolean }; finding: Finding } | null {
  const v = parseGoVersion(answeredFor);
  if (v === null || !atLeast(v, 22)) return null;
  const files = [...(sums.main === null ? [] : [sums.main]), ...sums.workspace];
  const bad = files.find((f) => f.problems.length > 0);
  const p = bad?.problems[0];
  if (bad === undefined || p === undefined) return null;
  // Fatalf's format ends with a newline, so go prints it as is: no "go: " prefix is added either.
  const goError = `${p.message}\n`;
  return {
    blocks: { cause: "config-invalid", goError, hangs: false },
    finding: {
      id: "gosum.malformed",
      severity: "error",
      cause: "config-invalid",
      role: "local",
      message: `Every go command that reads ${bad.path} stops (Go ≥ 1.22): ${p.message.replace("\n", " ")}.`,
      fix: [
        `Fix or delete line ${p.line} of ${bad.path}, then run \`go mod tidy\` (the one command that skips it).`,
      ],
    },
  };
}

/**
 * What go settles before any download: the credentials it will send (GOAUTH, Go ≥ 1.24; its fatal setting is
 * a finding), the toolchain step (Go ≥ 1.21), then go.sum's malformed lines (Go ≥ 1.22). `blocks` is where go
 * stops, for every later prediction.
 */
async function beforeDownloads(
  opts: CheckOptions,
  env: NodeJS.ProcessEnv,
  report: EnvReport,
  gomod: GoModInput,
) {
  // What go sends with https requests: GOAUTH's credentials (Go ≥ 1.24), else the .netrc by host name.
  const creds = goAuthCredentials(env, report.resolved.vars, report.answeredFor.version);
  const netrc = creds.entries;
  const goauthFindings: Finding[] =
    creds.fatal === null
      ? []
      : [
          {
            id: "goauth.invalid",
            severity: "error",
            cause: "config-invalid",
            message: `Every https request go makes stops with: ${creds.fatal}`,
            fix: ["go env -w GOAUTH=netrc (or a valid list of netrc, git DIR and commands, separated by ;)"],
          },
        ];
  // Go ≥ 1.21 decides which go runs before anything else, from the go.work or go.mod of the directory.
  const toolchain: ToolchainStep = await toolchainStep({
    wd: opts.gomod === undefined ? process.cwd() : dirname(resolve(opts.gomod)),
    env,
    vars: report.resolved.vars,
    local: report.answeredFor.version,
    goos: goosOf(),
    offline: opts.offline === true,
    predict: {
      vars: report.resolved.vars,
      env,
      timeoutMs: opts.phaseTimeoutMs ?? 5_000,
      goRoots: () => goRoots(env).pems,
      goVersion: report.resolved.goVersion,
      netrc,
      ...(opts.lookup && { lookup: opts.lookup }),
    },
  });
  // Go ≥ 1.22 stops at a malformed go.sum line (modfetch/fetch.go readGoSum, base.Fatalf) once it reads go.sum,
  // which is after the toolchain step.
  const malformed = toolchain.blocks === null ? malformedGoSum(gomod.sums, report.answeredFor.version) : null;
  const blocks = toolchain.blocks ?? malformed?.blocks ?? null;
  const startupFindings: Finding[] = [
    ...toolchain.findings,
    ...goauthFindings,
    ...(malformed === null ? [] : [malformed.finding]),
  ];
  return { netrc, toolchain, blocks, startupFindings };
}

/** Runs the check. Never throws for bad configuration or network failures. */
export async function check(opts: CheckOptions = {}): Promise<CheckReport> {
  const env = opts.env ?? process.env;
  const report = await envReport(opts);
  const runEnvironment = detectRunEnvironment(env);
  const facts = await gatherMachineFacts(env, report.resolved.vars.GOMODCACHE?.value ?? "");
  const gomod = readGoMod(
    opts.gomod,
    (opts.modules ?? []).length > 0,
    env,
    report.resolved.goVersion,
    report.resolved.vars.GOFLAGS?.value ?? "",
  );
  const lintContext = {
    resolved: report.resolved,
    env,
    requirements: gomod.requirements.map((m) => m.path),
    facts,
  };
  const systemFindings = await systemSettingsFindings(env, runEnvironment);
  const { netrc, toolchain, blocks, startupFindings } = await beforeDownloads(opts, env, report, gomod);
  const vars = report.resolved.vars;
  const phaseTimeoutMs = opts.phaseTimeoutMs ?? 5_000;
  const deadlineMs = opts.deadlineMs ?? 15_000;
  const targets = [
    ...(opts.modules ?? []).map(splitModuleArg),
    ...sample(
      gomod.requirements.map((m) => ({ module: m.path, version: m.version })),
      opts.sample ?? Number.POSITIVE_INFINITY,
    ),
  ];
  const deadline = AbortSignal.timeout(deadlineMs);
  // Every request of every prediction listens to it: hundreds with a whole build list.
  setMaxListeners(0, deadline);
  // go's resolver names the server in its errors; an injected lookup is not that resolver.
  const nameservers = opts.lookup === undefined ? runEnvironment.dnsServers : undefined;
  const protocolModules = probeModulesFor(targets, opts.probeModules);
  // The protocol checks and the predictions ask for many of the same files (the probe module's .info, .mod
  // and .zip on the first entry, /sumdb/<name>/supported): one GET answers both.
  const memo = createGetMemo();
  // Modules go fetches from their origin (go-get discovery, git): their hosts are endpoints too.
  const directModules = targets
    .filter(({ module, version }) => {
      const r = routeModule(vars, module, version);
      return r.error === null && r.proxy.mode === "direct" && reachesOrigin(module, vars);
    })
    .map((t) => t.module);
  // go ≥ 1.17 loads the module graph before any download: a go.mod it cannot load stops everything.
  // One set of prediction options for the graph's go.mod loads and the downloads.
  const predictOptions: PredictOptions = {
    vars,
    goVersion: report.resolved.goVersion,
    env,
    timeoutMs: phaseTimeoutMs,
    goRoots: () => goRoots(env).pems,
    goSum: gomod.sums.main?.lines ?? [],
    goSumFile: gomod.sums.mainName,
    workspaceGoSums: gomod.sums.workspace,
    netrc,
    signal: deadline,
    keepAlive: true,
    memo,
    ...(opts.lookup && { lookup: opts.lookup }),
    ...(nameservers && { nameservers }),
  };
  const graphStop = graphLoadFailure(gomod, opts.offline === true, (m) =>
    loadGoMod(m.path, m.version, predictOptions),
  );
  const [probed, modules, protocol] = await Promise.all([
    opts.offline
      ? { endpoints: [], findings: [] }
      : checkEndpoints(vars, env, {
          phaseTimeoutMs,
          deadlineMs,
          goVersion: report.resolved.goVersion,
          ...(opts.lookup && { lookup: opts.lookup }),
          ...(opts.onProgress && { onProgress: opts.onProgress }),
          ...(nameservers && { nameservers }),
          directModules,
          netrc,
        }),
    pMap(
      targets,
      async ({ module, version }): Promise<ModulePrediction[]> => {
        const route = routeModule(vars, module, version);
        const base = { module, version: version ?? "latest", route };
        // go stops at the toolchain step (a bad setting, a go.mod too new, a toolchain it cannot get).
        if (blocks !== null)
          return [
            {
              ...base,
              prediction: {
                ...NO_PREDICTION_DETAIL,
                ...blocks,
                outcome: "fail",
                version: null,
                basis:
                  toolchain.blocks !== null
                    ? "go stops at the toolchain step, before this download"
                    : "go ≥ 1.22 stops at the malformed go.sum line before this download",
              },
              notPredicted: null,
            },
          ];
        // A GOWORK go cannot use stops every go command before anything else.
        if (gomod.sums.error !== null)
          return [
            {
              ...base,
              prediction: {
                ...NO_PREDICTION_DETAIL,
                outcome: "fail",
                cause: "config-invalid",
                goError: gomod.sums.error,
                version: null,
                basis: "GOWORK: go stops before any request",
              },
              notPredicted: null,
            },
          ];
        const stop = await graphStop;
        if (stop !== null) return [stoppedByGraph({ module, version }, vars, stop)];
        const offline = localPrediction(route, vars);
        if (offline !== null) return [{ ...base, prediction: offline, notPredicted: null }];
        if (opts.offline)
          return [{ ...base, prediction: null, notPredicted: "--offline: needs the network" }];
        const rel = relativeQuery(
          module,
          version ?? "latest",
          gomod.sums.error !== null || (opts.gomod === undefined && gomod.sums.main === null)
            ? undefined
            : requiredVersion(
                opts.gomod === undefined ? process.cwd() : dirname(opts.gomod),
                gomod.sums.workFile,
                module,
              ),
        );
        if ("error" in rel)
          return [
            {
              ...base,
              prediction: {
                ...NO_PREDICTION_DETAIL,
                outcome: "fail",
                cause: rel.error.startsWith("cannot match") ? "other" : "invalid-version",
                goError: rel.error,
                version: null,
                basis: "go stops before any request",
              },
              notPredicted: null,
            },
          ];
        const label = `${module}@${version ?? "latest"}`;
        opts.onProgress?.({ step: "module", label, state: "start" });
        let goLine = "";
        const p = await predictDownload(module, rel.query, {
          ...predictOptions,
          onGoMod: (b) => {
            goLine = goModLookup(new TextDecoder().decode(b), "go");
          },
        });
        // A module needing a newer go: go stops, or switches toolchains (listed after the module).
        const after =
          isPrediction(p) && p.outcome === "ok" && toolchain.plan !== null
            ? await predictTooNew(toolchain.plan, `${module}@${p.version}`, goLine, {
                vars,
                env,
                timeoutMs: phaseTimeoutMs,
                goRoots: () => goRoots(env).pems,
                netrc,
                signal: deadline,
                memo,
                ...(opts.lookup && { lookup: opts.lookup }),
              })
            : null;
        const pp: Prediction | null = !isPrediction(p)
          ? null
          : after?.block
            ? { ...p, ...after.block, outcome: "fail", basis: `${p.basis}; then its go line stops go` }
            : p;
        opts.onProgress?.({ step: "module", label, state: pp?.outcome === "ok" ? "ok" : "fail" });
        const extra: ModulePrediction[] =
          after?.entry == null
            ? []
            : [{ ...after.entry, route: routeModule(vars, after.entry.module, after.entry.version) }];
        return isPrediction(p)
          ? [{ ...base, prediction: pp, notPredicted: null }, ...extra]
          : [{ ...base, prediction: null, notPredicted: p.notPredicted }];
      },
      { concurrency: 8 },
    ),
    opts.offline ? [] : checkProtocols(vars, env, protocolModules, phaseTimeoutMs, deadline, memo, netrc),
  ]).finally(closeKeptAlive);
  // What the predictions saw of private modules is evidence for the lint (never a name's shape).
  const evidence = privateEvidence(modules.flat(), vars.GOPRIVATE?.value ?? "");
  const finalContext =
    evidence.length === 0
      ? lintContext
      : {
          ...lintContext,
          requirements: [...new Set([...lintContext.requirements, ...evidence.map((e) => e.module)])],
          facts: { ...facts, privateHosts: evidence },
        };
  const findings = [
    ...envFindings(report),
    ...startupFindings,
    ...gomod.findings,
    ...lint(finalContext),
    ...systemFindings,
    ...probed.findings,
    ...modules.flat().flatMap(predictionFindings),
    ...protocolFindings(protocol, probed.endpoints, modules.flat(), vars.GOPROXY?.value ?? ""),
  ];
  if (opts.confirm !== undefined && !opts.offline)
    findings.push(...(await confirmFindings(opts.confirm, report, modules.flat(), env, deadlineMs)));
  // Fixes as data: every lint change applied to the configuration, merged per variable, linted again.
  const fixes = planFixes(finalContext, lint);
  const skipped = opts.offline
    ? ["endpoint probes, protocol checks and download predictions: --offline"]
    : [];
  return {
    env: report,
    runEnvironment,
    findings: sortFindings(findings.map(redactFinding)),
    fixes,
    modules: [...toolchain.modules, ...worstFirst(modules.flat())],
    endpoints: probed.endpoints,
    protocol,
    skipped,
  };
}

/**
 * Loading the module graph, which `go mod download` does first in a go ≥ 1.17 module (modcmd/download.go:
 * LoadModGraph before any zip): every requirement's go.mod, concurrently. The first requirement (in go.mod
 * order) whose go.mod go cannot load stops go before anything is downloaded (verified with go1.19 and go1.26:
 * no module is downloaded); null when all load, or when the graph is not loaded first.
 */
async function graphLoadFailure(
  gomod: GoModInput,
  offline: boolean,
  load: (m: { path: string; version: string }) => Promise<GoModLoad>,
): Promise<{ module: string; load: Extract<GoModLoad, { ok: false }> } | null> {
  if (!gomod.graphFirst || offline || gomod.requirements.length === 0) return null;
  const loads = await pMap(gomod.requirements, load, { concurrency: 8 });
  const i = loads.findIndex((l) => !l.ok);
  if (i < 0) return null;
  const r = gomod.requirements[i]!;
  return { module: `${r.path}@${r.version}`, load: loads[i] as Extract<GoModLoad, { ok: false }> };
}

/** A requirement's prediction when loading the module graph stops go first. */
function stoppedByGraph(
  t: { module: string; version: string | null },
  vars: Parameters<typeof routeModule>[0],
  stop: { module: string; load: Extract<GoModLoad, { ok: false }> },
): ModulePrediction {
  return {
    module: t.module,
    version: t.version ?? "latest",
    route: routeModule(vars, t.module, t.version),
    prediction: {
      ...NO_PREDICTION_DETAIL,
      outcome: "fail",
      cause: stop.load.cause,
      goError: stop.load.hangs ? null : stop.load.error,
      hangs: stop.load.hangs,
      version: t.version,
      basis: `go stops loading ${stop.module}'s go.mod, before any download`,
    },
    notPredicted: null,
  };
}

/** --confirm: the real go's verdicts against the predictions, or why they could not be had. */
async function confirmFindings(
  confirm: NonNullable<CheckOptions["confirm"]>,
  report: EnvReport,
  modules: readonly ModulePrediction[],
  env: Readonly<Record<string, string | undefined>>,
  deadlineMs: number,
): Promise<Finding[]> {
  if (report.go === null)
    return [
      {
        id: "confirm.no-go",
        severity: "info",
        cause: null,
        message: "--confirm needs a go binary (PATH or --go): the predictions are not confirmed",
        fix: [],
      },
    ];
  return confirm(modules, env, report.go.path, AbortSignal.timeout(deadlineMs));
}

/**
 * The predictions in the order a person wants them: failures first, then the ones nothing could be said of,
 * then successes; within each, the slowest (total request time, ms) first. Stable otherwise.
 */
function worstFirst(modules: readonly ModulePrediction[]): ModulePrediction[] {
  const rank = (m: ModulePrediction) => (m.prediction === null ? 1 : m.prediction.outcome === "fail" ? 0 : 2);
  const ms = (m: ModulePrediction) => (m.prediction?.requests ?? []).reduce((t, r) => t + r.ms, 0);
  return [...modules].sort((a, b) => rank(a) - rank(b) || ms(b) - ms(a));
}

/** The taxonomy explanation of a cause, for renderers. */
export function explainCause(cause: Cause): string {
  return CAUSE_INFO[cause].explanation;
}
