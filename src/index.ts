/**
 * goproxy-doctor as a library: the same answers the commands print, as typed data.
 *
 * Built into one self-contained ES module (dist/lib/index.js, no runtime dependencies) with its types
 * (dist/types/index.d.ts). Everything here is either pure (no I/O: the `core` functions) or does exactly the
 * I/O its command does (the `features`). Functions that take options take durations in milliseconds and
 * sizes in bytes; none prints anything. The JSON documents the commands print (`--json`) are typed below
 * (`CheckDocument`, …) and described by the JSON Schemas shipped in `schemas/` (`goproxy-doctor/schemas/*`).
 *
 * @example
 *   import { environment, explain, check, classifyGoOutput, CAUSE_INFO } from "goproxy-doctor";
 *   const env = await environment();               // GOPROXY & co. with where each value comes from
 *   console.log(env.vars.GOPROXY);                 // { value, source: "environment" | "goenv-file" | …, detail }
 *   const route = await explain("example.com/m@v1.2.3");
 *   const report = await check({ modules: ["golang.org/x/mod@v0.7.0"], phaseTimeoutMs: 5_000 });
 *   for (const d of classifyGoOutput(log)) console.log(d.cause, CAUSE_INFO[d.cause].title);
 */

// The cause taxonomy and the finding model.
export { CAUSE_INFO, CAUSES, type Cause, type CauseInfo, isCause } from "./core/causes.js";
// The effective environment, pure: resolveEnvironment(inputs) gives every variable with its source.
export {
  type EnvInputs,
  type EnvValue,
  type ResolvedEnv,
  resolveEnvironment,
  type ValueSource,
} from "./core/config/environment.js";
// h1 hashes, pure: hash1 over (name, sha256) pairs, hashGoMod over a go.mod's bytes.
export { type HashedFile, hash1, hashGoMod } from "./core/dirhash.js";
export type { Finding, Severity } from "./core/finding.js";
// Classification of go's output, pure: diagnoseLog(text) names the causes in a pasted log.
export { type Diagnosis, diagnoseLog as classifyGoOutput } from "./core/goerror/diagnose.js";
// go.sum files, signed notes and the transparency log, pure.
export { type GoSum, type GoSumLine, type GoSumProblem, parseGoSum } from "./core/gosum.js";
// The configuration lint, pure: lint(context) with every rule of LINT_RULES.
export { LINT_RULES, lint } from "./core/lint/catalogue.js";
export type { LintContext, LintRule, MachineFacts } from "./core/lint/context.js";
// The route of one module, pure: routeModule(vars, module, query).
export { type Route, type RouteEntry, routeModule } from "./core/route.js";
export {
  type Note,
  openNote,
  parseVerifierKey,
  SUM_GOLANG_ORG_KEY,
  type VerifierKey,
} from "./core/sumdb/note.js";
export {
  checkRecord,
  checkTree,
  formatHash,
  parseHash,
  parseTree,
  recordHash,
  type Tree,
} from "./core/sumdb/tlog.js";
// The JSON documents of `--json`, as types and as the functions that build them from the reports above.
export * from "./documents.js";
export { type CheckOptions, type CheckReport, check, type ModulePrediction } from "./features/check.js";
// Features: the commands' work, with their I/O.
export { type EnvOptions, type EnvReport, envReport as environment } from "./features/env.js";
export { type ExplainReport, explain } from "./features/explain.js";
export { type HashedKind, type HashOptions, type HashResult, hashPaths } from "./features/hash.js";
export { checkNote, type NoteReport } from "./features/note.js";
export {
  isPrediction,
  type NotPredicted,
  type PredictedRequest,
  type Prediction,
  type PredictOptions,
  predictDownload,
} from "./features/predict.js";
export { type VerifyEntry, type VerifyOptions, type VerifyReport, verify } from "./features/verify.js";
export { type WhyInput, type WhyOptions, type WhyReport, why } from "./features/why.js";
