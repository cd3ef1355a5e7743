/** `goproxy-doctor verify`. */
import { readFileSync } from "node:fs";
import { parseGOSUMDB } from "../../core/config/gosumdb.js";
import { checkNote } from "../../features/note.js";
import { verify } from "../../features/verify.js";
import { verifyAnnotations } from "../../render/annotations.js";
import { stringify } from "../../render/json.js";
import { noteDocument, noteText, verifyDocument, verifyFailed, verifyText } from "../../render/verify.js";
import { type CiOutputOptions, ciOutput, sarifAnchor } from "../ci-output.js";

/** Options of the verify command. */
export interface VerifyCommandOptions extends CiOutputOptions {
  json?: boolean;
  note?: string;
  key?: string;
  /** ms */
  timeout?: number;
  cache?: boolean;
  download?: boolean;
  readOnly?: boolean;
  go?: string;
  goVersion?: string;
}

/** Runs verify; exit 1 when anything fails to verify. */
export async function runVerify(args: string[], opts: VerifyCommandOptions): Promise<number> {
  if (opts.note !== undefined) return runNote(opts.note, opts);
  const files = args.filter((a) => !a.includes("@"));
  const modules = args.filter((a) => a.includes("@"));
  const report = await verify({
    ...(files.length > 0 && { files }),
    modules,
    writeCache: opts.readOnly !== true,
    cache: opts.cache === true,
    download: opts.download === true,
    ...(opts.timeout !== undefined && { timeoutMs: opts.timeout }),
    ...(opts.go !== undefined && { goPath: opts.go }),
    ...(opts.goVersion !== undefined && { goVersion: opts.goVersion }),
  });
  const failed = verifyFailed(report);
  const ci = ciOutput(
    verifyAnnotations(report),
    "verify",
    failed,
    opts,
    sarifAnchor([...files, "go.sum", "go.mod"]),
  );
  if ("exit" in ci) return ci.exit;
  process.stdout.write(ci.stdout ?? (opts.json ? stringify(verifyDocument(report)) : verifyText(report)));
  return failed ? 1 : 0;
}

function defaultKey(): string | undefined {
  const s = parseGOSUMDB(process.env.GOSUMDB || "sum.golang.org");
  return !s.off && "config" in s ? s.config.key : undefined;
}

function runNote(file: string, opts: VerifyCommandOptions): number {
  let data: Uint8Array;
  try {
    data = new Uint8Array(readFileSync(file === "-" ? 0 : file));
  } catch (e) {
    process.stderr.write(`goproxy-doctor: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const r = checkNote(data, opts.key ?? defaultKey());
  process.stdout.write(opts.json ? stringify(noteDocument(r)) : noteText(r));
  return r.ok ? 0 : 1;
}
