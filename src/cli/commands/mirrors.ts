/** `goproxy-doctor mirrors [URL…] [--module M@V]… [--json]`. */
import { errorText } from "../../core/errors.js";
import { parseModuleVersion } from "../../features/hash.js";
import { candidateURL, compareMirrors, type MirrorsOptions } from "../../features/mirrors.js";
import type { ProtocolModule } from "../../features/protocol-check.js";
import { stringify } from "../../render/json.js";
import { mirrorsDocument, mirrorsOk, mirrorsText } from "../../render/mirrors.js";

/** Options of the mirrors command. */
export interface MirrorsCommandOptions {
  /** `--module M@V`, repeatable: the probe / sentinel modules. */
  module?: string[];
  json?: boolean;
  /** Per-request and per-phase deadline, ms. */
  timeout?: number;
  /** Deadline of the whole comparison, ms. */
  deadline?: number;
  go?: string;
  goVersion?: string;
  /** The environment to read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** The public mirrors added when no URL is given (default: the well-known ones). */
  publicMirrors?: readonly string[];
  /** Where output goes (default process.stdout). */
  write?: (s: string) => void;
}

/**
 * Runs mirrors. Returns 0 when some candidate works, 1 when none does, 2 for a usage error (a bad URL or
 * --module, reported on stderr).
 */
export async function runMirrors(urls: string[], opts: MirrorsCommandOptions = {}): Promise<number> {
  let modules: ProtocolModule[] | undefined;
  try {
    for (const u of urls) candidateURL(u);
    if (opts.module !== undefined && opts.module.length > 0) modules = opts.module.map(parseModuleVersion);
  } catch (e) {
    process.stderr.write(`goproxy-doctor mirrors: ${errorText(e)}\n`);
    return 2;
  }
  const feature: MirrorsOptions = {
    urls,
    ...(modules && { modules }),
    ...(opts.timeout !== undefined && { timeoutMs: opts.timeout }),
    ...(opts.deadline !== undefined && { deadlineMs: opts.deadline }),
    ...(opts.go !== undefined && { goPath: opts.go }),
    ...(opts.goVersion !== undefined && { goVersion: opts.goVersion }),
    ...(opts.env !== undefined && { env: opts.env }),
    ...(opts.publicMirrors !== undefined && { publicMirrors: opts.publicMirrors }),
  };
  const report = await compareMirrors(feature);
  const write = opts.write ?? ((s: string) => void process.stdout.write(s));
  write(opts.json ? stringify(mirrorsDocument(report)) : mirrorsText(report));
  return mirrorsOk(report) ? 0 : 1;
}
