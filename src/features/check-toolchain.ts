/**
 * check's toolchain step (Go ≥ 1.21): what Select decides for the directory check answers for, the
 * toolchain download predicted as its own `modules[]` entry, the findings with their fixes, and whether go stops
 * there (then every later download fails with go's words). Fixes never suggest the setting that caused the
 * problem, nor lowering verification (toolchains are always checked against the checksum database).
 */
import type { Cause } from "../core/causes.js";
import type { Finding } from "../core/finding.js";
import { routeModule } from "../core/route.js";
import { fromToolchain } from "../core/toolchain/gover.js";
import { execFailure } from "../core/toolchain/select.js";
import type { ModulePrediction } from "./check.js";
import type { PredictOptions } from "./predict.js";
import { predictToolchain } from "./toolchain.js";
import { planToolchain, type ToolchainPlan } from "./toolchain-plan.js";

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
  readonly modules: readonly ModulePrediction[];
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

/**
 * Runs the toolchain step. Never throws. Returns no modules and no findings for go < 1.21, outside a module,
 * and when the local go runs and is new enough.
 */
export async function toolchainStep(inp: ToolchainStepInput): Promise<ToolchainStep> {
  const plan = planToolchain(inp.wd, inp.env, inp.vars, inp.local, inp.goos);
  if (plan === null) return NOTHING;
  const s = plan.selection;
  const source = inp.vars.GOTOOLCHAIN?.source;
  const setting = inp.vars.GOTOOLCHAIN?.value ?? "";
  if (s.kind === "fatal") {
    const inFile = s.error.startsWith("invalid toolchain");
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
          fix: inFile
            ? [
                `go mod edit -toolchain=none (or name a release, e.g. toolchain go${fromToolchain(inp.local)})`,
              ]
            : [
                "set GOTOOLCHAIN to auto, local, path, a release such as go1.22.3, or <release>+auto / <release>+path",
              ],
        },
      ],
    };
  }
  if (s.kind === "local" && plan.file?.goLineError) {
    const error = plan.file.goLineError;
    return {
      plan,
      modules: [],
      blocks: { cause: "config-invalid", goError: error, hangs: false },
      findings: [
        {
          id: "toolchain.bad-go-line",
          severity: "error",
          cause: "config-invalid",
          message: `go cannot read ${plan.file.file.shortPath}: go: ${error.replace("\n", " ")}.`,
          fix: [`go mod edit -go=${fromToolchain(plan.local)} (a version such as 1.22 or 1.22.3)`],
        },
      ],
    };
  }
  if (s.kind === "local") {
    if (s.tooNew === null) return { ...NOTHING, plan };
    const needs = plan.file?.file.go ?? "";
    const defaultLine = plan.file?.file.toolchain === "default";
    return {
      plan,
      modules: [],
      blocks: { cause: "go-version", goError: s.tooNew, hangs: false },
      findings: [
        {
          id: "toolchain.go-too-old",
          severity: "error",
          cause: "go-version",
          message: `${plan.file?.file.shortPath} needs go ≥ ${needs} but ${plan.local} would run it${defaultLine ? " (its toolchain line says default: never switch)" : ` (GOTOOLCHAIN=${setting} does not let go switch)`}: go: ${s.tooNew}.`,
          fix: [
            ...installFixes(`go${needs}`, "local", source).slice(0, defaultLine ? 1 : 2),
            ...(defaultLine
              ? [`remove the \`toolchain default\` line from ${plan.file?.file.shortPath}`]
              : []),
          ],
        },
      ],
    };
  }
  if (plan.onPath !== null)
    return {
      plan,
      modules: [],
      blocks: null,
      findings: [
        {
          id: "toolchain.switch",
          severity: "info",
          cause: null,
          message: `${s.reason} selects ${s.toolchain}: go runs ${plan.onPath} (found on PATH) instead of ${plan.local}.`,
          fix: [],
        },
      ],
    };
  if (s.pathOnly) {
    // GOTOOLCHAIN=path never downloads: go looks on PATH only.
    const error = execFailure(s.toolchain, true, false, null, inp.goos, "");
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
          fix: installFixes(s.toolchain, "path", source),
        },
      ],
    };
  }
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
  const entry: ModulePrediction = { ...base, prediction: p.prediction, notPredicted: p.notPredicted };
  const pred = p.prediction;
  if (pred === null || pred.outcome === "ok")
    return { plan, modules: [entry], findings: [switchInfo(plan)], blocks: null };
  const sumdbOff = (pred.goError ?? "").endsWith("checksum database disabled by GOSUMDB=off");
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
