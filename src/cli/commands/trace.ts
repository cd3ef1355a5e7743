/** `goproxy-doctor trace [--json | --har FILE] [--] go <args…>`. */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { processRedactor } from "../../adapters/output/redaction.js";
import { redactURL } from "../../core/redact.js";
import type { TraceEntryInfo, TraceRequest } from "../../core/trace/model.js";
import { TraceStartError, trace } from "../../features/trace.js";
import { VERSION } from "../version.js";

/**
 * What is needed only once go has finished (the summary, HAR and JSON builders): loaded after go has been
 * started, while it runs, so that they do not delay go's start.
 */
async function loadRenderers() {
  const [document, har, json, text] = await Promise.all([
    import("../../core/trace/document.js"),
    import("../../core/trace/har.js"),
    import("../../render/json.js"),
    import("../../render/trace.js"),
  ]);
  return {
    traceDocument: document.traceDocument,
    traceHar: har.traceHar,
    stringify: json.stringify,
    traceText: text.traceText,
  };
}

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
function writeAtomically(path: string, raw: string): void {
  const text = processRedactor(process.env)(raw); // files pass the same output boundary as stdout
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
  let entriesForLive: readonly TraceEntryInfo[] = [];
  if (live) {
    const [{ createLogUpdate }, { timeline }] = await Promise.all([
      import("log-update"),
      import("../../render/trace.js"),
    ]);
    const lu = createLogUpdate(stderr as NodeJS.WriteStream);
    draw = (s) => lu(s);
    doneDrawing = () => lu.clear();
    timer = setInterval(() => draw?.(timeline([...seen.values()], entriesForLive, Date.now())), 100);
  }
  let renderers: ReturnType<typeof loadRenderers> | null = null;
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
        // Called just before go is spawned (synchronously, in this same turn): load the rest right after.
        setImmediate(() => {
          if (renderers !== null) return;
          renderers = loadRenderers();
          // Awaited once go has finished; until then a failure must not be an unhandled rejection.
          renderers.catch(() => {});
        });
      },
      onRequest: (r) => {
        seen.set(r.id, r);
      },
      onStdout: (chunk) => (opts.json === true ? stderr : stdout).write(chunk),
    });
    if (timer !== null) clearInterval(timer);
    doneDrawing();
    const { traceDocument, traceHar, stringify, traceText } = await (renderers ?? loadRenderers());
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
