/** `goproxy-doctor trace [--json | --har FILE] [--] go <args…>`. */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { redactURL } from "../../core/redact.js";
import { traceDocument } from "../../core/trace/document.js";
import { traceHar } from "../../core/trace/har.js";
import type { TraceRequest } from "../../core/trace/model.js";
import { TraceStartError, trace } from "../../features/trace.js";
import { stringify } from "../../render/json.js";
import { timeline, traceText } from "../../render/trace.js";
import { VERSION } from "../version.js";

/** Options of the trace command. */
export interface TraceCommandOptions {
  json?: boolean;
  /** Write an HTTP Archive 1.2 here (atomically). */
  har?: string;
  /** For tests and embedding: go's environment and directory, where output goes, and a way to kill go. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: Writable;
  stderr?: Writable;
  signal?: AbortSignal;
  /** Force the live timeline on or off (default: on when stderr is a TTY and not --json). */
  live?: boolean;
}

/** Writes text to path through a temporary file in the same directory and a rename. */
function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Runs go through trace and returns go's exit status (128 + signal number when go was killed), or 2 for a
 * usage error or when go cannot be started.
 */
export async function runTrace(goArgs: string[], opts: TraceCommandOptions = {}): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const args = goArgs[0] === "--" ? goArgs.slice(1) : goArgs;
  const bin = args[0];
  if (bin === undefined || !/^go(\.exe)?$/.test(basename(bin))) {
    stderr.write("goproxy-doctor trace: usage: goproxy-doctor trace [--json | --har FILE] [--] go <args…>\n");
    return 2;
  }
  if (opts.json === true && opts.har !== undefined) {
    stderr.write("goproxy-doctor trace: --json and --har are exclusive\n");
    return 2;
  }
  const live = opts.live ?? (opts.json !== true && (stderr as { isTTY?: boolean }).isTTY === true);
  const seen = new Map<number, TraceRequest>();
  let draw: ((s: string) => void) | null = null;
  let doneDrawing: () => void = () => {};
  let timer: NodeJS.Timeout | null = null;
  if (live) {
    const { createLogUpdate } = await import("log-update");
    const lu = createLogUpdate(stderr as NodeJS.WriteStream);
    draw = (s) => lu(s);
    doneDrawing = () => lu.clear();
  }
  let entriesForLive: Parameters<typeof timeline>[1] = [];
  const redraw = () => draw?.(timeline([...seen.values()], entriesForLive, Date.now()));
  if (draw !== null) timer = setInterval(redraw, 100);
  const goDisplay = args.map(redactURL).join(" ");
  try {
    const t = await trace({
      goPath: bin,
      goArgs: args.slice(1),
      ...(opts.env !== undefined && { env: opts.env }),
      ...(opts.cwd !== undefined && { cwd: opts.cwd }),
      ...(opts.signal !== undefined && { signal: opts.signal }),
      onEntries: (es) => {
        entriesForLive = es;
      },
      onRequest: (r) => {
        seen.set(r.id, r);
      },
      onStdout: (chunk) => (opts.json === true ? stderr : stdout).write(chunk),
    });
    if (timer !== null) clearInterval(timer);
    doneDrawing();
    if (opts.har !== undefined)
      writeAtomically(opts.har, `${JSON.stringify(traceHar(t, VERSION), null, 2)}\n`);
    if (opts.json === true) stdout.write(stringify(traceDocument(t)));
    else stdout.write(traceText(t, goDisplay));
    if (t.go.exitCode !== null) return t.go.exitCode;
    const n = t.go.signal === null ? 0 : ((constants.signals as Record<string, number>)[t.go.signal] ?? 0);
    return 128 + n;
  } catch (e) {
    if (timer !== null) clearInterval(timer);
    doneDrawing();
    if (e instanceof TraceStartError) {
      stderr.write(`goproxy-doctor trace: ${redactURL(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}
