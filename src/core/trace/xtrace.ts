/**
 * The go command's -x output: the `# get` lines of cmd/go/internal/web/http.go:get (one when a fetch starts,
 * one when it ends with a status and the time, or with an error), and recognising every -x line so that the
 * lines trace caused by adding -x can be removed from what it shows as go's output.
 */

/** One `# get` line. */
export type GetLine =
  | { readonly kind: "start"; readonly url: string }
  | {
      readonly kind: "done";
      readonly url: string;
      readonly status: number;
      /** e.g. "200 OK" (net/http Response.Status). */
      readonly statusLine: string;
      /** The time go measured, in ms. */
      readonly ms: number;
    }
  | { readonly kind: "error"; readonly url: string; readonly error: string };

const GET = /^# get (\S+?)(?:: (.*))?$/;
const DONE = /^((\d{3})(?: .*)?) \((\d+(?:\.\d+)?)s\)$/;

/**
 * Parses one line of go's standard error as a `# get` line (web/http.go:get prints `# get URL`,
 * `# get URL: <status> (<seconds>s)` and `# get URL: <error>`); null for any other line.
 */
export function parseGetLine(line: string): GetLine | null {
  const m = GET.exec(line);
  if (m === null) return null;
  const url = m[1]!;
  const rest = m[2];
  if (rest === undefined) return { kind: "start", url };
  const d = DONE.exec(rest);
  if (d !== null)
    return {
      kind: "done",
      url,
      status: Number(d[2]),
      statusLine: d[1]!,
      ms: Math.round(Number(d[3]) * 1000),
    };
  return { kind: "error", url, error: rest };
}

const X_PREFIXES = [
  "# get ",
  "WORK=",
  "mkdir -p ",
  "cd ",
  "rm -r ",
  "rm -rf ",
  "mv ",
  "cp ",
  "touch ",
  "cat >",
  "git ",
  "hg ",
  "svn ",
  "bzr ",
  "fossil ",
];
/** `0.012s # cd /dir; git ls-remote -q origin` (cmd/go/internal/vcs: timed commands under -x). */
const TIMED = /^\d+\.\d+s # /;

/**
 * Removes the lines -x produces from go's standard error, keeping everything else (go's own messages such as
 * `go: downloading …`, errors and their `\tserver response:` lines, compiler output). Here-documents that
 * -x prints (`cat >$WORK/… << 'EOF'` … `EOF`) are removed whole. Best effort for build commands (their tool
 * invocations are recognised by `$WORK` and `/pkg/tool/`); exact for module commands.
 */
export function stripXLines(text: string): string {
  const out: string[] = [];
  let heredoc: string | null = null;
  const lines = text.split("\n");
  const last = lines.length - 1;
  lines.forEach((line, i) => {
    if (heredoc !== null) {
      if (line === heredoc) heredoc = null;
      return;
    }
    const h = /<< '([A-Za-z_]+)'(?: #.*)?$/.exec(line);
    if (h !== null && isXLine(line)) {
      heredoc = h[1]!;
      return;
    }
    if (isXLine(line)) return;
    if (i === last && line === "") return;
    out.push(line);
  });
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

/** Whether one line is -x output (see stripXLines). */
export function isXLine(line: string): boolean {
  if (X_PREFIXES.some((p) => line.startsWith(p))) return true;
  if (TIMED.test(line)) return true;
  if (line.includes("$WORK")) return true;
  return /^\S*\/pkg\/tool\/\S+ /.test(line);
}

/** A forwarder address and what to show in its place. */
export interface URLMapping {
  /** e.g. `http://127.0.0.1:40123` */
  readonly forwarderOrigin: string;
  /** The real scheme://host (redacted), e.g. `https://proxy.example` */
  readonly realOrigin: string;
  /**
   * Replace the whole forwarder URL (origin and path) by realOrigin, a full URL: for the checksum database after a
   * failed initBase walk, where go would have named the `/supported` URL whatever it asked for afterwards.
   */
  readonly wholeURL?: boolean;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Replaces forwarder origins in text (with or without the `trace@` placeholder user) by the real origins, so
 * that go's messages read as they would without trace. A port is never matched as the prefix of a longer one.
 */
export function mapForwarderURLs(text: string, mappings: readonly URLMapping[]): string {
  let out = text;
  for (const m of mappings) {
    if (m.forwarderOrigin === "" || m.realOrigin === "") continue;
    const rest = m.forwarderOrigin.replace(/^http:\/\//, "");
    const tail = m.wholeURL === true ? `[^\\s":]*` : "";
    const re = new RegExp(`http://(?:trace@)?${escapeRe(rest)}(?![0-9])${tail}`, "g");
    out = out.replace(re, m.realOrigin);
  }
  return out;
}
