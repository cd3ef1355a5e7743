/** `goproxy-doctor explain MODULE[@VERSION]`. */
import { explain } from "../../features/explain.js";
import { explainDocument, stringify } from "../../render/json.js";
import { explainText } from "../../render/text.js";

/** Runs explain; exit 1 when go would fail before sending any request (bad path, GOPROXY or GOSUMDB). */
export async function runExplain(
  arg: string,
  opts: { json?: boolean; go?: string; goVersion?: string },
): Promise<number> {
  const report = await explain(arg, {
    ...(opts.go !== undefined && { goPath: opts.go }),
    ...(opts.goVersion !== undefined && { goVersion: opts.goVersion }),
  });
  process.stdout.write(opts.json ? stringify(explainDocument(report)) : explainText(report));
  const r = report.route;
  return r.error !== null || r.checksum.error !== null ? 1 : 0;
}
