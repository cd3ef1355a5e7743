/** `goproxy-doctor check`. */
import { checkPath } from "../../core/module/path.js";
import { classifyQuery } from "../../core/protocol.js";
import { type CheckReport, check } from "../../features/check.js";
import { splitModuleArg } from "../../features/explain.js";
import { checkAnnotations } from "../../render/annotations.js";
import { checkDocument, checkFailed, checkMarkdown, checkText } from "../../render/check.js";
import { stringify } from "../../render/json.js";
import { type CiOutputOptions, ciOutput, sarifAnchor } from "../ci-output.js";

/** Options of the check command. */
export interface CheckCommandOptions extends CiOutputOptions {
  json?: boolean;
  markdown?: boolean;
  /** -v: the full tree after the verdict. */
  verbose?: boolean;
  gomod?: string | boolean;
  offline?: boolean;
  /** ms */
  timeout?: number;
  /** ms */
  deadline?: number;
  go?: string;
  goVersion?: string;
  /** --probe-module values (MODULE@VERSION, canonical). */
  probeModule?: string[];
  confirm?: boolean;
}

/** Runs check; exit 1 when an error finding or a predicted failure is reported. */
export async function runCheck(modules: string[], opts: CheckCommandOptions): Promise<number> {
  // check is the default command, so a mistyped command arrives here as a module argument.
  for (const arg of modules) {
    try {
      checkPath(splitModuleArg(arg).module);
    } catch (e) {
      process.stderr.write(
        `goproxy-doctor: ${JSON.stringify(arg)} is neither a command nor a module path (${(e as Error).message}); see goproxy-doctor --help\n`,
      );
      return 2;
    }
  }
  const probeModules: { path: string; version: string }[] = [];
  for (const arg of opts.probeModule ?? []) {
    const { module, version } = splitModuleArg(arg);
    if (version === null || classifyQuery(version) !== "canonical") {
      process.stderr.write(`goproxy-doctor: --probe-module ${JSON.stringify(arg)}: want MODULE@vX.Y.Z\n`);
      return 2;
    }
    probeModules.push({ path: module, version });
  }
  // Live progress only for a person watching a terminal: never in JSON/Markdown output or in pipes.
  const live =
    process.stderr.isTTY && !opts.json && !opts.markdown && !opts.offline
      ? await (await import("../../render/progress.js")).startProgress(process.stderr)
      : null;
  let report: CheckReport;
  try {
    report = await check({
      ...(live && { onProgress: live.update }),
      modules,
      ...(probeModules.length > 0 && { probeModules }),
      ...(opts.gomod !== undefined && { gomod: opts.gomod === true ? "go.mod" : (opts.gomod as string) }),
      offline: opts.offline === true,
      ...(opts.confirm === true && {
        confirm: (await import("../../features/confirm.js")).confirmPredictions,
      }),
      ...(opts.timeout !== undefined && { phaseTimeoutMs: opts.timeout }),
      ...(opts.deadline !== undefined && { deadlineMs: opts.deadline }),
      ...(opts.go !== undefined && { goPath: opts.go }),
      ...(opts.goVersion !== undefined && { goVersion: opts.goVersion }),
    });
  } finally {
    live?.stop();
  }
  const failed = checkFailed(report);
  const gomod = typeof opts.gomod === "string" ? opts.gomod : "go.mod";
  const ci = ciOutput(checkAnnotations(report), "check", failed, opts, sarifAnchor([gomod, "go.sum"]));
  if ("exit" in ci) return ci.exit;
  const out =
    ci.stdout !== null
      ? ci.stdout
      : opts.json
        ? stringify(checkDocument(report))
        : opts.markdown
          ? checkMarkdown(report)
          : checkText(report, { verbose: opts.verbose === true });
  process.stdout.write(out);
  return failed ? 1 : 0;
}
