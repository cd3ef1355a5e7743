/**
 * Splitting normalised go output into error records: one message go printed, with its continuation
 * lines. go prints a message on one line and indents what it wraps (`\tserver response: …`, git's
 * stderr, `\tdownloaded: h1:…`), except for a few unindented trailers that belong to the message above
 * (the SECURITY ERROR block of modfetch/fetch.go:checkModSum, and the git hints of
 * modfetch/codehost/git.go: "Confirm the import path was entered correctly." /
 * "If this is a private repository, see …"). `go mod download -json` prints JSON objects whose
 * "Error" field is the message (modcmd/download.go:moduleJSON); each becomes a record of its own.
 *
 * Pure; never throws; linear in the number of lines.
 */

/** One message of go's output. */
export interface GoErrorRecord {
  /** The message's lines as go printed them (continuations keep their indentation). */
  readonly lines: readonly string[];
  /** Index of its first line among the normalised lines (0-based). */
  readonly line: number;
}

/** Unindented lines that continue the message above them. */
const TRAILERS: readonly RegExp[] = [
  /^SECURITY ERROR$/,
  /^This download does NOT match /,
  /^The bits may have been replaced on the origin server/,
  /^have intercepted the download attempt\.$/,
  /^For more information, see 'go help module-auth'\.$/,
  /^go\.sum database server misbehavior detected!$/,
  /^Confirm the import path was entered correctly\.$/,
  /^If this is a private repository, see /,
];

/** modload/modfile.go: "go: errors parsing go.mod:" followed by "<file>:<line>: <error>" lines. */
const PARSE_HEADER = /errors parsing go\.(?:mod|work|sum):$/;
const PARSE_LINE = /go\.(?:mod|work|sum):\d+: /;

const MAX_JSON_LINES = 400;

interface DownloadJSON {
  Path?: unknown;
  Version?: unknown;
  Error?: unknown;
}

/** Parses a `go mod download -json` object starting at lines[i] ("{"); null if it is not one. */
function jsonObject(lines: readonly string[], i: number): { end: number; record: string[] | null } | null {
  const limit = Math.min(lines.length, i + MAX_JSON_LINES);
  for (let j = i + 1; j < limit; j++) {
    if (lines[j] !== "}") continue;
    let parsed: DownloadJSON;
    try {
      parsed = JSON.parse(lines.slice(i, j + 1).join("\n")) as DownloadJSON;
    } catch {
      return null;
    }
    if (typeof parsed !== "object" || parsed === null) return null;
    if (typeof parsed.Error !== "string" || parsed.Error === "") return { end: j, record: null };
    const path = typeof parsed.Path === "string" ? parsed.Path : "";
    const version = typeof parsed.Version === "string" && parsed.Version !== "" ? `@${parsed.Version}` : "";
    const text =
      parsed.Error.startsWith(`${path}${version}`) || path === ""
        ? parsed.Error
        : `${path}${version}: ${parsed.Error}`;
    return { end: j, record: `go: ${text}`.split("\n") };
  }
  return null;
}

/**
 * Groups normalised lines (core/goerror/normalize.ts) into records: an unindented line starts one;
 * indented lines and trailer lines continue it, also after blank lines (go separates the SECURITY ERROR
 * block and the vendoring hints with one).
 */
export function splitRecords(lines: readonly string[]): GoErrorRecord[] {
  const records: GoErrorRecord[] = [];
  let current: string[] | null = null;
  let start = 0;
  const flush = () => {
    if (current !== null && current.length > 0) records.push({ lines: current, line: start });
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    if (line === "{") {
      const obj = jsonObject(lines, i);
      if (obj !== null) {
        flush();
        if (obj.record !== null) records.push({ lines: obj.record, line: i });
        i = obj.end;
        continue;
      }
    }
    const indented = line.startsWith("\t") || line.startsWith(" ");
    const trailer =
      !indented &&
      (TRAILERS.some((re) => re.test(line)) ||
        (current !== null && PARSE_HEADER.test(current[0]!) && PARSE_LINE.test(line)));
    if (current !== null && (indented || trailer)) {
      current.push(line);
    } else {
      flush();
      current = [line];
      start = i;
    }
  }
  flush();
  return records;
}
