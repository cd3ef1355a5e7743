/**
 * Normalising a pasted go log: what a terminal, a CI system or a Docker build wrapped around go's own
 * output is removed so that every remaining line is a line go printed.
 *
 * Removed: ANSI/OSC escape sequences and other control characters; Windows CRLF and lone CR (progress
 * redraws become separate lines); GitLab `section_start:`/`section_end:` markers; per-line prefixes
 * (GitHub Actions / Azure Pipelines ISO timestamps, GitLab timestamps with stream flags, Jenkins
 * `[timestamp]`, GitHub `##[error]` and `::error::` annotations, BuildKit `#12 3.456 ` and its error
 * summary's `0.512 `, docker compose `service-1  | `, PowerShell's `go : `); and whole noise lines
 * (classic `docker build` steps: `Step 4/9 :`, ` ---> Running in …`, `Removing intermediate container …`;
 * BuildKit progress lines; PowerShell's NativeCommandError trailer).
 *
 * Pure; total (never throws); idempotent: normalizeLog(normalizeLog(s)) === normalizeLog(s).
 */

// CSI (ESC [ … final), OSC (ESC ] … BEL / ST), two-byte escapes (ESC + one char), 8-bit CSI.
const ANSI =
  /\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]?/g;
// Control characters other than tab and newline (CR is handled before).
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x1b]/g;
// GitLab collapsible-section markers: section_start:<unix time>:<name>[<options>] followed by CR.
const GITLAB_SECTION = /section_(?:start|end):\d+:[A-Za-z0-9_.-]+(?:\[[^\]\n]*\])?\r?/g;

/** Line prefixes, tried repeatedly at the start of each line. */
const PREFIXES: readonly RegExp[] = [
  // GitHub Actions / Azure Pipelines: 2024-05-01T10:00:00.1234567Z; GitLab adds "00O+ " stream flags.
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)(?: [0-9a-f]{2}[OE]\+?)?(?: |$)/,
  // Jenkins timestamper and similar: [2024-05-01T10:00:00.123Z] or [10:00:00]
  /^\[\d{4}-\d\d-\d\dT[\d:.,]+(?:Z|[+-]\d\d:?\d\d)?\] ?/,
  /^\[\d\d:\d\d:\d\d(?:[.,]\d+)?\] /,
  // GitHub Actions log annotations and workflow commands.
  /^##\[(?:error|warning|notice|debug|group|endgroup|section|command|info)\]/,
  /^::(?:error|warning|notice|debug)(?: [^:\n]*)?::/,
  // BuildKit plain progress: "#12 3.456 " (step number, seconds).
  /^#\d+ \d+\.\d+ /,
  // BuildKit error summary: "0.512 " (seconds) before each line of the failing step's output.
  /^\d+\.\d{3} /,
  // docker compose: "service-1  | "
  /^[A-Za-z0-9][\w.-]*\s+\| /,
  // PowerShell NativeCommandError: "go : <first stderr line>"
  /^go : /,
];

/** Whole lines that only carry build-tool noise. */
const NOISE: readonly RegExp[] = [
  /^Step \d+\/\d+ : /,
  /^ ?---> /,
  /^Removing intermediate container /,
  /^Successfully (?:built|tagged) /,
  /^Sending build context to Docker daemon/,
  /^The command '.*' returned a non-zero code: \d+$/,
  /^#\d+(?: (?:\[[^\]]*\].*|DONE \d.*|CACHED|ERROR: .*|CANCELED.*|sha256:.*|resolve .*|transferring .*|extracting .*|naming to .*|exporting .*|writing image .*|load .*|\d+\.\d+))?$/,
  /^ ?=> /,
  /^-{6,}$/,
  /^ ?> \[[^\]]*\] .*:$/,
  /^At line:\d+ char:\d+$/,
  /^\+ (?:~+|.*)$/,
  /^\s+\+ (?:CategoryInfo|FullyQualifiedErrorId)\s*:/,
];

/** All prefixes as one alternation (one regex run per round instead of one per prefix). */
const ANY_PREFIX = new RegExp(
  PREFIXES.map((re) => `(?:${re.source.slice(1)})`)
    .join("|")
    .replace(/^/, "^(?:") + ")",
);
/** All noise lines as one alternation. */
const ANY_NOISE = new RegExp(`^(?:${NOISE.map((re) => `(?:${re.source.slice(1)})`).join("|")})`);

function stripPrefixes(line: string): string {
  let s = line;
  for (let round = 0; round < 64; round++) {
    const m = ANY_PREFIX.exec(s);
    if (m === null || m[0].length === 0) break;
    s = s.slice(m[0].length);
  }
  return s;
}

function cleanOnce(text: string): string {
  return text
    .replace(ANSI, "")
    .replace(GITLAB_SECTION, "")
    .replace(/\r\n/g, "\n")
    .replace(/\r/g, "\n")
    .replace(CONTROL, "");
}

/**
 * The lines go printed, in order: escapes, markers, prefixes and noise lines removed, trailing
 * whitespace trimmed, blank lines kept (they separate go's SECURITY ERROR block). Never throws.
 */
export function normalizeLines(text: string): string[] {
  let s = cleanOnce(String(text));
  // Removing a control character can join the pieces of a GitLab marker: clean again until stable.
  for (let round = 0; round < 8 && s.includes("section_"); round++) {
    const next = cleanOnce(s);
    if (next === s) break;
    s = next;
  }
  const out: string[] = [];
  for (const raw of s.split("\n")) {
    let line = raw.trimEnd();
    for (let round = 0; round < 8; round++) {
      const next = stripPrefixes(line).trimEnd();
      if (next === line) break;
      line = next;
    }
    if (ANY_NOISE.test(line)) continue;
    out.push(line);
  }
  return out;
}

/** {@link normalizeLines} joined with "\n". Idempotent. */
export function normalizeLog(text: string): string {
  // A normalised text must survive another pass unchanged: iterate to the fixpoint (bounded).
  let s = normalizeLines(text).join("\n");
  for (let round = 0; round < 4; round++) {
    const next = normalizeLines(s).join("\n");
    if (next === s) break;
    s = next;
  }
  return s;
}
