/** `goproxy-doctor check`. */
import { check } from "../../features/check.js";
import { checkDocument, checkFailed, checkMarkdown, checkText } from "../../render/check.js";
import { stringify } from "../../render/json.js";

/** Options of the check command. */
export interface CheckCommandOptions {
  json?: boolean;
  markdown?: boolean;
  gomod?: string | boolean;
  offline?: boolean;
  go?: string;
  goVersion?: string;
}

/** Runs check; exit 1 when an error finding or a predicted failure is reported. */
export async function runCheck(modules: string[], opts: CheckCommandOptions): Promise<number> {
  const report = await check({
    modules,
    ...(opts.gomod !== undefined && { gomod: opts.gomod === true ? "go.mod" : (opts.gomod as string) }),
    offline: opts.offline === true,
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
