/**
 * `goproxy-doctor why`: reads the output of a failing go command (a file, standard input, or by running
 * the command), names the cause of every module-download error in it (core/goerror/diagnose.ts) and,
 * unless told not to, confirms each diagnosis with a live probe of the endpoint it implicates
 * (adapters/net/probe.ts, with go's TLS roots and go's HTTP-proxy rules), bounded by a per-phase timeout
 * and an overall deadline.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import type { ProbeResult } from "../adapters/net/probe.js";
import { CAUSE_INFO, type Cause } from "../core/causes.js";
import { type Diagnosis, diagnoseLog } from "../core/goerror/diagnose.js";
import { redactURL } from "../core/redact.js";

/** Where the go output comes from. */
export type WhyInput =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "stdin" }
  | { readonly kind: "command"; readonly argv: readonly string[] };

/** Options of {@link why}. */
export interface WhyOptions {
  /** Probe the implicated endpoints (default true). */
  readonly probe?: boolean;
  /** Deadline of each probe phase, ms (default 5000). */
  readonly phaseTimeoutMs?: number;
  /** Deadline of all probes together, ms (default 15000). */
  readonly deadlineMs?: number;
  /** Bound on a command run with `-- go …`, ms (default 600000); the process group is killed after it. */
  readonly commandTimeoutMs?: number;
  /** Environment for the command, the HTTP proxy and the TLS roots (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Standard input to read for `-` (default process.stdin). */
  readonly stdin?: NodeJS.ReadableStream;
  /** Name resolution for probes (tests). */
  readonly lookup?: (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;
}

/** What a probe said about one diagnosis. */
export interface ProbeSummary {
  /** The URL probed (redacted). */
  readonly url: string;
  /** The probe's cause, or null when the endpoint answered usably. */
  readonly cause: Cause | null;
  /** The HTTP status the probe got, or null. */
  readonly status: number | null;
  /** The phase that failed, or null. */
  readonly failedPhase: string | null;
  /** The error go would print for what the probe saw, or null. */
  readonly goError: string | null;
  /** Duration, ms. */
  readonly ms: number;
}

/** A diagnosis with the verdict of its probe. */
export interface WhyDiagnosis extends Diagnosis {
  /** true: a probe now shows the same failure; false: it shows something else; null: not probed / not probeable. */
  readonly confirmed: boolean | null;
  /** The probe behind `confirmed`, or null. */
  readonly probe: ProbeSummary | null;
}

/** The result of `why`. */
export interface WhyReport {
  /** What was read: a file path, "standard input", or the command line (redacted). */
  readonly source: string;
  /** The command's exit status (`-- go …` only), else null. */
  readonly exitStatus: number | null;
  /** The command was killed after commandTimeoutMs. */
  readonly commandTimedOut: boolean;
  /** Bytes of go output read. */
  readonly bytes: number;
  readonly diagnoses: readonly WhyDiagnosis[];
  /** Probes ran (not --no-probe and something was probeable). */
  readonly probed: boolean;
}

/** An input that cannot be read: a usage error (exit 2). */
export class WhyInputError extends Error {}

/** Largest input read, bytes; a longer log is cut (go's errors come last, so the tail is kept). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * Collects chunks keeping only the last MAX_INPUT_BYTES: memory stays under twice that, whatever the input's
 * length (the chunks are folded into their tail whenever they pass it).
 */
function tailCollector(): { add(chunk: Buffer): void; tail(): Buffer } {
  const chunks: Buffer[] = [];
  let total = 0;
  const tail = () => {
    const all = Buffer.concat(chunks, total);
    return all.length > MAX_INPUT_BYTES ? all.subarray(all.length - MAX_INPUT_BYTES) : all;
  };
  return {
    add(chunk) {
      chunks.push(chunk);
      total += chunk.length;
      if (total <= 2 * MAX_INPUT_BYTES) return;
      const kept = tail();
      chunks.length = 0;
      chunks.push(kept);
      total = kept.length;
    },
    tail,
  };
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const input = tailCollector();
  for await (const chunk of stream)
    input.add(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return input.tail();
}

/** Runs argv, capturing stdout and stderr interleaved as they arrive; never throws for a failing command. */
function runCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ output: Buffer; status: number | null; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const output = tailCollector();
    let timedOut = false;
    const child = spawn(argv[0]!, argv.slice(1), {
      env,
      stdio: ["inherit", "pipe", "pipe"],
      detached: process.platform !== "win32",
    });
    const take = (d: Buffer) => output.add(d);
    child.stdout!.on("data", take);
    child.stderr!.on("data", take);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined && process.platform !== "win32") process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(new WhyInputError(`cannot run ${argv[0]}: ${e.message}`));
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ output: output.tail(), status: code, timedOut });
    });
  });
}

/**
 * Reads the input. Throws {@link WhyInputError} when the file cannot be read or the command cannot be
 * started.
 */
export async function readWhyInput(
  input: WhyInput,
  opts: WhyOptions = {},
): Promise<{ text: string; source: string; exitStatus: number | null; timedOut: boolean; bytes: number }> {
  if (input.kind === "file") {
    let buf: Buffer;
    try {
      buf = await readFile(input.path);
    } catch (e) {
      throw new WhyInputError(
        `cannot read ${input.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    const kept = buf.length > MAX_INPUT_BYTES ? buf.subarray(buf.length - MAX_INPUT_BYTES) : buf;
    return {
      text: kept.toString("utf8"),
      source: input.path,
      exitStatus: null,
      timedOut: false,
      bytes: buf.length,
    };
  }
  if (input.kind === "stdin") {
    const buf = await readStream(opts.stdin ?? process.stdin);
    return {
      text: buf.toString("utf8"),
      source: "standard input",
      exitStatus: null,
      timedOut: false,
      bytes: buf.length,
    };
  }
  if (input.argv.length === 0) throw new WhyInputError("no command given after --");
  const r = await runCommand(input.argv, opts.env ?? process.env, opts.commandTimeoutMs ?? 600_000);
  return {
    text: r.output.toString("utf8"),
    source: redactURL(input.argv.join(" ")),
    exitStatus: r.status,
    timedOut: r.timedOut,
    bytes: r.output.length,
  };
}

// ---------- probes ----------

const NETWORK: ReadonlySet<Cause> = new Set([
  "dns-failure",
  "connect-failure",
  "timeout",
  "tls-untrusted",
  "tls-other",
  "http-proxy-misconfig",
]);

/** Causes a probe of the endpoint can speak to. */
const PROBEABLE: ReadonlySet<Cause> = new Set([
  ...NETWORK,
  "proxy-auth",
  "proxy-error",
  "not-found",
  "private-via-public-proxy",
  "private-via-public-sumdb",
  "sumdb-unreachable",
  "sumdb-error",
  "vcs-discovery",
]);

/** The URL to probe for a diagnosis (userinfo dropped: go's output only holds it redacted), or null. */
export function probeTarget(d: Diagnosis): string | null {
  if (!PROBEABLE.has(d.cause)) return null;
  const raw = d.endpoint ?? (d.host !== null && NETWORK.has(d.cause) ? `https://${d.host}/` : null);
  if (raw === null || !/^https?:\/\//i.test(raw)) return null;
  return raw.replace(/^(https?:\/\/)[^/@]*@/i, "$1");
}

/**
 * Whether a probe result shows the diagnosed failure: true (same failure now), false (something else,
 * e.g. the endpoint works), null (the probe cannot tell, e.g. it failed before reaching what matters).
 */
export function confirms(cause: Cause, r: ProbeResult): boolean | null {
  const status = r.http?.status ?? null;
  switch (cause) {
    case "dns-failure":
    case "tls-untrusted":
    case "tls-other":
    case "http-proxy-misconfig":
      return r.cause === cause;
    case "connect-failure":
    case "timeout":
      // A dial that times out is a connect failure in go's words and a timeout to the probe, and back.
      return r.cause === "connect-failure" || r.cause === "timeout";
    case "proxy-auth":
      return r.cause === "proxy-auth";
    case "proxy-error":
      return status === null ? null : status >= 500 || r.cause === "proxy-error";
    case "not-found":
    case "private-via-public-proxy":
    case "private-via-public-sumdb":
      return status === null ? null : status === 404 || status === 410;
    case "sumdb-unreachable":
      return r.cause !== null && NETWORK.has(r.cause) ? true : status === null ? null : false;
    case "sumdb-error":
      return status === null ? null : status >= 400 && status !== 404 && status !== 410;
    case "vcs-discovery":
      return r.cause !== null || (status !== null && status !== 200) ? true : null;
    default:
      return null;
  }
}

function summary(r: ProbeResult): ProbeSummary {
  return {
    url: r.url,
    cause: r.cause,
    status: r.http?.status ?? null,
    failedPhase: r.failedPhase,
    goError: r.goError === null ? null : redactURL(r.goError),
    ms: Math.round(r.totalMs),
  };
}

async function probeAll(diagnoses: readonly Diagnosis[], opts: WhyOptions): Promise<WhyDiagnosis[]> {
  const targets = diagnoses.map(probeTarget);
  if (targets.every((t) => t === null)) return diagnoses.map((d) => ({ ...d, confirmed: null, probe: null }));
  const env = opts.env ?? process.env;
  const [{ probeURL }, { goRoots }, { proxyConfigFromEnv, proxyForURL }] = await Promise.all([
    import("../adapters/net/probe.js"),
    import("../adapters/machine/roots.js"),
    import("../core/httpproxy.js"),
  ]);
  const roots = goRoots(env);
  const proxyConfig = proxyConfigFromEnv(env);
  const signal = AbortSignal.timeout(opts.deadlineMs ?? 15_000);
  const cache = new Map<string, Promise<ProbeResult | null>>();
  const probe = (url: string): Promise<ProbeResult | null> => {
    let p = cache.get(url);
    if (p === undefined) {
      const choice = proxyForURL(proxyConfig, url);
      p =
        choice.error !== undefined
          ? Promise.resolve(null)
          : probeURL(url, {
              phaseTimeoutMs: opts.phaseTimeoutMs ?? 5_000,
              signal,
              proxy: choice.proxy,
              goRoots: roots.pems,
              ...(opts.lookup && { lookup: opts.lookup }),
            }).catch(() => null);
      cache.set(url, p);
    }
    return p;
  };
  return Promise.all(
    diagnoses.map(async (d, i) => {
      const url = targets[i];
      if (url === null || url === undefined) return { ...d, confirmed: null, probe: null };
      const r = await probe(url);
      if (r === null) return { ...d, confirmed: null, probe: null };
      return { ...d, confirmed: confirms(d.cause, r), probe: summary(r) };
    }),
  );
}

/** A diagnosis for a command that we had to stop: go hangs on endpoints that never answer. */
function hungCommand(source: string, timeoutMs: number): Diagnosis {
  const info = CAUSE_INFO.timeout;
  return {
    cause: "timeout",
    role: "proxy",
    confidence: 0.5,
    evidence: [`${source}: no result within ${Math.round(timeoutMs / 1000)} s; stopped`],
    module: null,
    modules: [],
    host: null,
    endpoint: null,
    status: null,
    occurrences: 1,
    rule: "why.command-timeout",
    title: info.title,
    explanation: info.explanation,
    fix: [...info.fixes],
  };
}

/**
 * Reads the input, diagnoses it and (unless opts.probe is false) confirms each diagnosis by a probe.
 * Throws {@link WhyInputError} for an unreadable input; everything else becomes part of the report.
 */
export async function why(input: WhyInput, opts: WhyOptions = {}): Promise<WhyReport> {
  const read = await readWhyInput(input, opts);
  let diagnoses: Diagnosis[] = diagnoseLog(read.text);
  if (read.timedOut && diagnoses.length === 0)
    diagnoses = [hungCommand(read.source, opts.commandTimeoutMs ?? 600_000)];
  const probing = opts.probe !== false && diagnoses.some((d) => probeTarget(d) !== null);
  const checked = probing
    ? await probeAll(diagnoses, opts)
    : diagnoses.map((d) => ({ ...d, confirmed: null, probe: null }));
  return {
    source: read.source,
    exitStatus: read.exitStatus,
    commandTimedOut: read.timedOut,
    bytes: read.bytes,
    diagnoses: checked,
    probed: probing,
  };
}
