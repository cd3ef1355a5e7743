/**
 * `goproxy-doctor fix --for TARGET`.
 *
 * Exit codes: 0 the snippet (and, with --write, the file) is ready and nothing else needs doing;
 * 1 problems remain that no setting settles (an error finding, a CA that must be supplied) or the file
 * was not written because the change was not confirmed (no --yes, declined or not interactive);
 * 2 usage error (unknown target — the message lists the valid ones —, an invalid value, a weakening
 * setting without --allow-insecure, no file for --write) or the file could not be written.
 */
import { createInterface } from "node:readline/promises";
import { TARGETS } from "../../core/fixes/target.js";
import { fixLeavesProblems, planFix, writePlannedFile } from "../../features/fix.js";
import { fixDiffText, fixDocument, fixText, type WriteOutcome } from "../../render/fix.js";
import { stringify } from "../../render/json.js";

/** Options of the fix command (commander's camel-cased names). */
export interface FixCommandOptions {
  for?: string;
  json?: boolean;
  online?: boolean;
  goproxy?: string;
  private?: string;
  noproxy?: string;
  nosumdb?: string;
  sumdb?: string;
  ca?: string;
  httpsProxy?: string;
  httpProxy?: string;
  /** NO_PROXY (the flag is --proxy-bypass: commander reads --no-* as a negated boolean). */
  proxyBypass?: string;
  goflags?: string;
  insecure?: string;
  allowInsecure?: boolean;
  /** true: the target's default file; a string: that file. */
  write?: string | boolean;
  yes?: boolean;
  /** shell/wsl snippet style: goenv or export. */
  style?: string;
  gomod?: string;
  go?: string;
  goVersion?: string;
  /** ms, with --online */
  timeout?: number;
  /** ms, with --online */
  deadline?: number;
}

/** Where runFix talks to; tests replace it. */
export interface FixIO {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** Asks a yes/no question; null when there is no terminal to ask on. */
  readonly confirm: ((question: string) => Promise<boolean>) | null;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

function terminalConfirm(): FixIO["confirm"] {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return null;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(question)).trim());
    } finally {
      rl.close();
    }
  };
}

const DEFAULT_IO: FixIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  confirm: terminalConfirm(),
};

/** Runs fix and returns the exit code (see the module comment). */
export async function runFix(opts: FixCommandOptions, io: FixIO = DEFAULT_IO): Promise<number> {
  const fail = (msg: string): number => {
    io.stderr(`goproxy-doctor fix: ${msg}\n`);
    return 2;
  };
  if (opts.for === undefined) return fail(`--for TARGET is required; valid targets: ${TARGETS.join(", ")}`);
  if (opts.style !== undefined && opts.style !== "goenv" && opts.style !== "export")
    return fail(`--style must be goenv or export, not ${JSON.stringify(opts.style)}`);
  if (opts.write === false) return fail("--write takes an optional FILE");
  const r = await planFix({
    target: opts.for,
    ...(opts.online && { online: true }),
    ...(io.env !== undefined && { env: io.env }),
    ...(io.cwd !== undefined && { cwd: io.cwd }),
    ...(opts.goproxy !== undefined && { goproxy: opts.goproxy }),
    ...(opts.private !== undefined && { private: opts.private }),
    ...(opts.noproxy !== undefined && { noproxy: opts.noproxy }),
    ...(opts.nosumdb !== undefined && { nosumdb: opts.nosumdb }),
    ...(opts.sumdb !== undefined && { sumdb: opts.sumdb }),
    ...(opts.ca !== undefined && { ca: opts.ca }),
    ...(opts.httpsProxy !== undefined && { httpsProxy: opts.httpsProxy }),
    ...(opts.httpProxy !== undefined && { httpProxy: opts.httpProxy }),
    ...(opts.proxyBypass !== undefined && { noProxy: opts.proxyBypass }),
    ...(opts.goflags !== undefined && { goflags: opts.goflags }),
    ...(opts.insecure !== undefined && { insecure: opts.insecure }),
    ...(opts.allowInsecure && { allowInsecure: true }),
    ...(opts.write !== undefined && { write: opts.write === true ? true : opts.write }),
    ...(opts.style !== undefined && { shellStyle: opts.style as "goenv" | "export" }),
    ...(opts.gomod !== undefined && { gomod: opts.gomod }),
    ...(opts.go !== undefined && { goPath: opts.go }),
    ...(opts.goVersion !== undefined && { goVersion: opts.goVersion }),
    ...(opts.timeout !== undefined && { phaseTimeoutMs: opts.timeout }),
    ...(opts.deadline !== undefined && { deadlineMs: opts.deadline }),
  });
  if ("usage" in r) return fail(r.usage);
  const plan = r.plan;
  const problems = fixLeavesProblems(plan);
  let outcome: WriteOutcome | null = null;
  if (plan.write !== null) {
    if (!plan.write.changed) outcome = { status: "unchanged" };
    else {
      // The diff is shown before any question (text mode), so nothing is written unseen.
      if (!opts.json) io.stdout(fixText(plan) + fixDiffText(plan, null));
      const ok =
        opts.yes === true ||
        (!opts.json && io.confirm !== null && (await io.confirm(`Write ${plan.write.displayPath}? [y/N] `)));
      if (!ok) outcome = { status: "declined" };
      else {
        try {
          writePlannedFile(plan.write);
          outcome = { status: "written" };
        } catch (e) {
          outcome = { status: "failed", error: (e as Error).message };
        }
      }
      if (opts.json) io.stdout(stringify(fixDocument(plan, !problems, outcome)));
      else if (outcome.status === "written") io.stdout(`wrote ${plan.write.displayPath}\n`);
      else if (outcome.status === "declined")
        io.stdout(`not written: ${plan.write.displayPath} (confirm interactively or pass --yes)\n`);
      if (outcome.status === "failed") return fail(outcome.error ?? "write failed");
      if (outcome.status === "declined") return 1;
      return problems ? 1 : 0;
    }
  }
  io.stdout(
    opts.json ? stringify(fixDocument(plan, !problems, outcome)) : fixText(plan) + fixDiffText(plan, outcome),
  );
  return problems ? 1 : 0;
}
