/**
 * check's toolchain step (Go ≥ 1.21): what Select decides for the directory check answers for, the
 * toolchain download predicted as its own `modules[]` entry, the findings with their fixes, and whether go stops
 * there (then every later download fails with go's words). Fixes never suggest the setting that caused the
 * problem, nor lowering verification (toolchains are always checked against the checksum database).
 */
import type { Cause } from "../core/causes.js";
import { parseGOSUMDB } from "../core/config/gosumdb.js";
import type { Finding } from "../core/finding.js";
import type { Route } from "../core/route.js";
import { routeModule } from "../core/route.js";
import { fromToolchain } from "../core/toolchain/gover.js";
import { execFailure, type Selection } from "../core/toolchain/select.js";
import type { Prediction, PredictOptions } from "./predict.js";
import { predictToolchain } from "./toolchain.js";
import { planToolchain, type ToolchainPlan } from "./toolchain-plan.js";

/** A toolchain download as check lists it (the shape of check.ts ToolchainModule). */
export interface ToolchainModule {
  readonly module: string;
  readonly version: string;
  readonly route: Route;
  readonly prediction: Prediction | null;
  readonly notPredicted: string | null;
}

/** What toolchainStep needs. */
export interface ToolchainStepInput {
  /** The directory go would run in (the --gomod file's, else the current one). */
  readonly wd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly vars: PredictOptions["vars"];
  /** The go the answers are for ("go1.26.8"). */
  readonly local: string;
  readonly goos: string;
  readonly offline: boolean;
  readonly predict: PredictOptions;
}

/** The step's result. */
export interface ToolchainStep {
  readonly plan: ToolchainPlan | null;
  /** The toolchain download, when go makes one (listed before the modules that wait for it). */
  readonly modules: readonly ToolchainModule[];
  readonly findings: readonly Finding[];
  /** go stops here: the cause and go's error for every later download; null when it goes on. */
  readonly blocks: {
    readonly cause: Cause | null;
    readonly goError: string | null;
    readonly hangs: boolean;
  } | null;
}

const NOTHING: ToolchainStep = { plan: null, modules: [], findings: [], blocks: null };

/** Fixes that get the toolchain a file needs, without the setting that prevented it. */
function installFixes(toolchain: string, mode: "download" | "path" | "local", source?: string): string[] {
  const v = fromToolchain(toolchain) || toolchain;
  const out = [
    `install go ${v} (e.g. go install golang.org/dl/${toolchain}@latest && ${toolchain} download; go uses a ${toolchain} it finds on PATH)`,
  ];
  if (mode !== "download")
    out.push(
      `let go download it: ${source === "environment" ? "export GOTOOLCHAIN=auto" : "go env -w GOTOOLCHAIN=auto"} (GOPROXY must serve golang.org/toolchain and the checksum database must be reachable)`,
    );
  else
    out.push(
      "use a GOPROXY that serves golang.org/toolchain (https://proxy.golang.org does) with the checksum database reachable: toolchain downloads are always verified",
    );
  return out;
}

/** go refuses GOTOOLCHAIN or the file's toolchain line: every command stops. */
function fatalStep(plan: ToolchainPlan, s: Extract<Selection, { kind: "fatal" }>): ToolchainStep {
  return {
    plan,
    modules: [],
    blocks: { cause: "config-invalid", goError: s.error, hangs: false },
    findings: [
      {
        id: "toolchain.invalid",
        severity: "error",
        cause: "config-invalid",
        message: `Every go command stops before doing anything: go: ${s.error}.`,
        fix: s.inFile
          ? [`go mod edit -toolchain=none (or name a release, e.g. toolchain go${fromToolchain(plan.local)})`]
          : [
              "set GOTOOLCHAIN to auto, local, path, a release such as go1.22.3, or <release>+auto / <release>+path",
            ],
      },
    ],
  };
}

/** The local go runs and stops: a go line it cannot read, or one newer than it. Null when it goes on. */
function localStep(
  plan: ToolchainPlan,
  s: Extract<Selection, { kind: "local" }>,
  inp: ToolchainStepInput,
): ToolchainStep | null {
  const file = plan.file;
  if (file?.goLineError)
    return {
      plan,
      modules: [],
      blocks: { cause: "config-invalid", goError: file.goLineError, hangs: false },
      findings: [
        {
          id: "toolchain.bad-go-line",
          severity: "error",
          cause: "config-invalid",
          message: `go cannot read ${file.file.shortPath}: go: ${file.goLineError.replace("\n", " ")}.`,
          fix: [`go mod edit -go=${fromToolchain(plan.local)} (a version such as 1.22 or 1.22.3)`],
        },
      ],
    };
  if (s.tooNew === null) return null;
  const needs = file?.file.go ?? "";
  const defaultLine = file?.file.toolchain === "default";
  const setting = inp.vars.GOTOOLCHAIN?.value ?? "";
  return {
    plan,
    modules: [],
    blocks: { cause: "go-version", goError: s.tooNew, hangs: false },
    findings: [
      {
        id: "toolchain.go-too-old",
        severity: "error",
        cause: "go-version",
        message: `${file?.file.shortPath} needs go ≥ ${needs} but ${plan.local} would run it${defaultLine ? " (its toolchain line says default: never switch)" : ` (GOTOOLCHAIN=${setting} does not let go switch)`}: go: ${s.tooNew}.`,
        fix: [
          ...installFixes(`go${needs}`, "local", inp.vars.GOTOOLCHAIN?.source).slice(0, defaultLine ? 1 : 2),
          ...(defaultLine ? [`remove the \`toolchain default\` line from ${file?.file.shortPath}`] : []),
        ],
      },
    ],
  };
}

/** GOTOOLCHAIN=path (or <min>+path) and the toolchain is not on PATH: go never downloads it. */
function pathOnlyStep(
  plan: ToolchainPlan,
  s: Extract<Selection, { kind: "switch" }>,
  inp: ToolchainStepInput,
): ToolchainStep {
  const error = execFailure(s.toolchain, true, false, null, inp.goos, "");
  const setting = inp.vars.GOTOOLCHAIN?.value ?? "";
  return {
    plan,
    modules: [],
    blocks: { cause: "go-version", goError: error, hangs: false },
    findings: [
      {
        id: "toolchain.unavailable",
        role: "toolchain",
        severity: "error",
        cause: "go-version",
        message: `${s.reason} selects ${s.toolchain}, which GOTOOLCHAIN=${setting} only looks for on PATH: go: ${error}.`,
        fix: installFixes(s.toolchain, "path", inp.vars.GOTOOLCHAIN?.source),
      },
    ],
  };
}

/** The switch is made with a toolchain found on PATH: no download. */
function onPathStep(
  plan: ToolchainPlan,
  s: Extract<Selection, { kind: "switch" }>,
  onPath: string,
): ToolchainStep {
  return {
    plan,
    modules: [],
    blocks: null,
    findings: [
      {
        id: "toolchain.switch",
        severity: "info",
        cause: null,
        message: `${s.reason} selects ${s.toolchain}: go runs ${onPath} (found on PATH) instead of ${plan.local}.`,
        fix: [],
      },
    ],
  };
}

/** The toolchain download, predicted; go stops when it fails. */
async function downloadStep(
  plan: ToolchainPlan,
  s: Extract<Selection, { kind: "switch" }>,
  inp: ToolchainStepInput,
): Promise<ToolchainStep> {
  const route = routeModule(inp.vars, s.module.path, s.module.version);
  const base = { module: s.module.path, version: s.module.version, route };
  if (inp.offline)
    return {
      plan,
      modules: [{ ...base, prediction: null, notPredicted: "--offline: needs the network" }],
      findings: [switchInfo(plan)],
      blocks: null,
    };
  const p = await predictToolchain(plan, inp.predict);
  if (p === null) return { ...NOTHING, plan };
  const entry: ToolchainModule = { ...base, prediction: p.prediction, notPredicted: p.notPredicted };
  const pred = p.prediction;
  if (pred === null || pred.outcome === "ok")
    return { plan, modules: [entry], findings: [switchInfo(plan)], blocks: null };
  // Toolchains are always verified: with GOSUMDB=off the download cannot succeed (modfetch/sumdb.go useSumDB).
  const sumdbOff = parseGOSUMDB(inp.vars.GOSUMDB?.value ?? "").off;
  const fix = [
    ...installFixes(s.toolchain, "download"),
    ...(sumdbOff
      ? [
          "set GOSUMDB back to a checksum database (go env -u GOSUMDB): go verifies every toolchain it downloads",
        ]
      : []),
  ];
  return {
    plan,
    modules: [entry],
    blocks: { cause: pred.cause, goError: pred.goError, hangs: pred.hangs },
    findings: [
      {
        id: "toolchain.unavailable",
        role: "toolchain",
        severity: "error",
        cause: pred.cause,
        message: pred.hangs
          ? `${s.reason} selects ${s.toolchain}, and its download would hang.`
          : `${s.reason} selects ${s.toolchain} (${plan.local} is installed), and go cannot get it: go: ${pred.goError}.`,
        fix,
        evidence: pred.requests.slice(-3).map((r) => `${r.line} → ${r.status ?? r.error ?? "?"}`),
      },
    ],
  };
}

/**
 * Runs the toolchain step. Never throws. Returns no modules and no findings for go < 1.21, outside a module,
 * and when the local go runs and is new enough.
 */
export async function toolchainStep(inp: ToolchainStepInput): Promise<ToolchainStep> {
  const plan = planToolchain(inp.wd, inp.env, inp.vars, inp.local, inp.goos);
  if (plan === null) return NOTHING;
  const s = plan.selection;
  if (s.kind === "fatal") return fatalStep(plan, s);
  if (s.kind === "local") return localStep(plan, s, inp) ?? { ...NOTHING, plan };
  if (plan.onPath !== null) return onPathStep(plan, s, plan.onPath);
  if (s.pathOnly) return pathOnlyStep(plan, s, inp);
  return downloadStep(plan, s, inp);
}

function switchInfo(plan: ToolchainPlan): Finding {
  const s = plan.selection;
  if (s.kind !== "switch") throw new Error("switchInfo needs a switch");
  return {
    id: "toolchain.switch",
    severity: "info",
    cause: null,
    message: `${s.reason} selects ${s.toolchain}: go downloads ${s.module.path}@${s.module.version} and runs it instead of ${plan.local}.`,
    fix: [],
  };
}
