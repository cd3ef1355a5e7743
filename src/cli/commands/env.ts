/** `goproxy-doctor env`. */
import { envReport } from "../../features/env.js";
import { envDocument, stringify } from "../../render/json.js";
import { envText } from "../../render/text.js";

/** Runs env; exit 1 when go disagrees with our reading or go env fails. */
export async function runEnv(opts: {
  json?: boolean;
  goCheck: boolean;
  go?: string;
  goVersion?: string;
}): Promise<number> {
  const report = await envReport({
    crossCheck: opts.goCheck,
    ...(opts.go !== undefined && { goPath: opts.go }),
    ...(opts.goVersion !== undefined && { goVersion: opts.goVersion }),
  });
  process.stdout.write(opts.json ? stringify(envDocument(report)) : envText(report));
  const c = report.crossCheck;
  return c.ran && (c.error !== null || c.disagreements.length > 0) ? 1 : 0;
}
