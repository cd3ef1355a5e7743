/** `goproxy-doctor check`. */
import { checkPath } from "../../core/module/path.js";
import { check } from "../../features/check.js";
import { splitModuleArg } from "../../features/explain.js";
import { checkDocument, checkFailed, checkMarkdown, checkText } from "../../render/check.js";
import { stringify } from "../../render/json.js";

/** Options of the check command. */
export interface CheckCommandOptions {
  json?: boolean;
  markdown?: boolean;
  gomod?: string | boolean;
  offline?: boolean;
  /** ms */
  timeout?: number;
  /** ms */
  deadline?: number;
  go?: string;
  goVersion?: string;
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
  const report = await check({
    modules,
    ...(opts.gomod !== undefined && { gomod: opts.gomod === true ? "go.mod" : (opts.gomod as string) }),
    offline: opts.offline === true,
    ...(opts.timeout !== undefined && { phaseTimeoutMs: opts.timeout }),
    ...(opts.deadline !== undefined && { deadlineMs: opts.deadline }),
    ...(opts.go !== undefined && { goPath: opts.go }),
    ...(opts.goVersion !== undefined && { goVersion: opts.goVersion }),
  });
  const out = opts.json
    ? stringify(checkDocument(report))
    : opts.markdown
      ? checkMarkdown(report)
      : checkText(report);
  process.stdout.write(out);
  return checkFailed(report) ? 1 : 0;
}
