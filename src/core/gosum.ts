/**
 * go.sum and go.work.sum files. Mirrors cmd/go/internal/modfetch/fetch.go: readGoSum (Go 1.19 reading
 * rules, including its silent stop at a malformed line) and WriteGoSum (the order go writes).
 */

/** One hash line. */
export interface GoSumLine {
  readonly module: string;
  /** The version without "/go.mod". */
  readonly version: string;
  /** True for the `<version>/go.mod` line (the hash of go.mod alone). */
  readonly isGoMod: boolean;
  /** e.g. "h1:…=". */
  readonly hash: string;
  /** 1-based line number. */
  readonly line: number;
}

/** A line go would not read, and what each go version does about it. */
export interface GoSumProblem {
  readonly line: number;
  readonly message: string;
}

/** The parsed file. */
export interface GoSum {
  readonly lines: readonly GoSumLine[];
  /** Lines after a malformed line that go 1.19–1.21 silently ignores (Go ≥ 1.22 fails instead). */
  readonly ignoredAfterMalformed: readonly GoSumLine[];
  readonly problems: readonly GoSumProblem[];
}

/** The h1 of an empty go.mod, which go drops when reading (fetch.go:emptyGoModHash). */
export const EMPTY_GO_MOD_HASH = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=";

function parseLine(fields: string[], line: number): GoSumLine {
  const [module, v, hash] = fields as [string, string, string];
  const isGoMod = v.endsWith("/go.mod");
  return { module, version: isGoMod ? v.slice(0, -"/go.mod".length) : v, isGoMod, hash, line };
}

/**
 * Parses go.sum text. Lines with a field count other than 3 end go 1.19's reading silently; the lines after
 * are returned separately so that callers can report both behaviours
 * (`malformed go.sum:\n<file>:<line>: wrong number of fields <n>` from Go 1.22). Never throws.
 */
export function parseGoSum(text: string, file = "go.sum"): GoSum {
  const lines: GoSumLine[] = [];
  const ignored: GoSumLine[] = [];
  const problems: GoSumProblem[] = [];
  let stopped = false;
  text.split("\n").forEach((raw, i) => {
    // strings.Fields: split on unicode.IsSpace, which includes U+0085, U+00A0 and the other White_Space runes.
    const fields = raw
      .split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/)
      .filter((f) => f !== "");
    if (fields.length === 0) return;
    if (fields.length !== 3) {
      if (!stopped) {
        problems.push({
          line: i + 1,
          message: `malformed go.sum:\n${file}:${i + 1}: wrong number of fields ${fields.length}`,
        });
      }
      stopped = true;
      return;
    }
    if (fields[2] === EMPTY_GO_MOD_HASH) return;
    (stopped ? ignored : lines).push(parseLine(fields, i + 1));
  });
  return { lines, ignoredAfterMalformed: ignored, problems };
}

/** go.sum text as go writes it: sorted by module then version, one space between fields (WriteGoSum). */
export function formatGoSum(lines: readonly Omit<GoSumLine, "line">[]): string {
  const key = (l: Omit<GoSumLine, "line">) => `${l.module} ${l.version}${l.isGoMod ? "/go.mod" : ""}`;
  const sorted = [...lines].sort((a, b) => {
    if (a.module !== b.module) return a.module < b.module ? -1 : 1;
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0;
  });
  return sorted.map((l) => `${key(l)} ${l.hash}\n`).join("");
}
