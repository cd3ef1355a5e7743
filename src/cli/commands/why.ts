/** `goproxy-doctor why [FILE | - | -- go <args…>]`. */
import { type WhyInput, WhyInputError, why } from "../../features/why.js";
import { stringify } from "../../render/json.js";
import { whyDocument, whyFailed, whyMarkdown, whyText } from "../../render/why.js";

/** Options of the why command (commander's camel-cased flags). */
export interface WhyCommandOptions {
  json?: boolean;
  markdown?: boolean;
  /** false with --no-probe. */
  probe?: boolean;
  /** Per-phase probe deadline, ms. */
  timeout?: number;
  /** Deadline of all probes, ms. */
  deadline?: number;
  /** Bound on `-- go …`, ms. */
  commandTimeout?: number;
  /** Streams (tests); default the process's. */
  stdin?: NodeJS.ReadableStream;
  stdout?: { write(s: string): unknown };
  stderr?: { write(s: string): unknown };
  /** Whether standard input is a terminal (default process.stdin.isTTY). */
  stdinIsTTY?: boolean;
}

function isGo(arg: string | undefined): boolean {
  return arg !== undefined && /(?:^|[/\\])go(?:\.exe)?$/i.test(arg);
}

/**
 * The input named by the arguments: `-- go …` (or `go …` when commander already removed `--`) runs the
 * command; `-` or nothing reads standard input; one other argument is a file. Returns a usage message
 * instead for anything else.
 */
export function parseWhyArgs(args: readonly string[], stdinIsTTY: boolean): WhyInput | string {
  const dashed = args[0] === "--";
  const rest = dashed ? args.slice(1) : [...args];
  if (dashed || (isGo(rest[0]) && rest.length > 1)) {
    if (rest.length === 0) return "nothing to run after --: give `-- go <args…>`";
    return { kind: "command", argv: rest };
  }
  if (rest.length === 0 || (rest.length === 1 && rest[0] === "-")) {
    if (rest.length === 0 && stdinIsTTY)
      return "nothing to read: give a FILE with go's output, `-` for standard input, or `-- go <args…>`";
    return { kind: "stdin" };
  }
  if (rest.length === 1) return { kind: "file", path: rest[0]! };
  return `one input only: a FILE, \`-\`, or \`-- go <args…>\` (got ${rest.length} arguments)`;
}

/**
 * Runs why; returns the exit code: 0 no module-download error found, 1 diagnoses, 2 usage error
 * (unreadable file, command that cannot start, bad arguments).
 */
export async function runWhy(args: string[], opts: WhyCommandOptions = {}): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const input = parseWhyArgs(args, opts.stdinIsTTY ?? process.stdin.isTTY === true);
  if (typeof input === "string") {
    stderr.write(`goproxy-doctor why: ${input}\n`);
    return 2;
  }
  try {
    const report = await why(input, {
      probe: opts.probe !== false,
      ...(opts.timeout !== undefined && { phaseTimeoutMs: opts.timeout }),
      ...(opts.deadline !== undefined && { deadlineMs: opts.deadline }),
      ...(opts.commandTimeout !== undefined && { commandTimeoutMs: opts.commandTimeout }),
      ...(opts.stdin !== undefined && { stdin: opts.stdin }),
    });
    stdout.write(
      opts.json ? stringify(whyDocument(report)) : opts.markdown ? whyMarkdown(report) : whyText(report),
    );
    return whyFailed(report) ? 1 : 0;
  } catch (e) {
    if (e instanceof WhyInputError) {
      stderr.write(`goproxy-doctor why: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
