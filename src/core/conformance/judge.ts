/**
 * What a conforming GOPROXY-protocol answer is: pure judgements on the bodies, statuses and headers a
 * server returned for `@v/list`, `.info`, `@latest`, `.mod`, `.zip`, a missing module and
 * `/sumdb/<name>/supported`. Each rule follows what the go command does with the answer
 * (cmd/go/internal/modfetch/proxy.go: Versions, Stat, Latest, GoMod, Zip; modfetch/fetch.go: downloadZip;
 * modfetch/sumdb.go: dbClient.initBase; web/api.go: HTTPError.Is) and is at least as strict, so a pass means
 * go will accept the answer. Go's own error text is reproduced where go has one.
 */
import type { Cause } from "../causes.js";
import { goQuote } from "../goquote.js";
import { parseModFile } from "../modfile.js";
import { isPseudoVersion } from "../module/pseudo.js";
import type { CheckedZip } from "../modzip.js";
import { compare, isValid, prerelease } from "../semver.js";
import { type Answer, fail, isNotExist, pass, statusCause, unusable, type Verdict } from "./answer.js";

const decoder = new TextDecoder("utf-8");

/** The body as text (invalid UTF-8 becomes U+FFFD, which no version or path contains). */
export function bodyText(body: Uint8Array): string {
  return decoder.decode(body);
}

function shorten(s: string, n = 60): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length <= n ? one : `${one.slice(0, n)}…`;
}

/** The `@v/list` verdict plus the versions go would use from it. */
export interface ListVerdict extends Verdict {
  /** Valid, non-pseudo versions, in the order served (what go's Versions keeps). */
  readonly versions: readonly string[];
  /** Non-blank lines whose first field is not a valid semantic version. */
  readonly invalid: readonly string[];
}

/**
 * Judges a `@v/list` body: one version per line (extra fields allowed, as go reads only the first), every
 * non-blank line a valid semantic version. go silently drops invalid lines and pseudo-versions
 * (proxy.go: Versions); we fail on invalid lines, since a mirror that writes them is broken.
 */
export function judgeList(text: string): ListVerdict {
  const versions: string[] = [];
  const invalid: string[] = [];
  let pseudo = 0;
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/)[0] ?? "";
    if (f === "") continue;
    if (!isValid(f)) invalid.push(line);
    else if (isPseudoVersion(f)) pseudo++;
    else versions.push(f);
  }
  const note = pseudo > 0 ? ` (${pseudo} pseudo-version(s), which go ignores)` : "";
  if (invalid.length > 0)
    return {
      ...fail(
        "proxy-error",
        `${invalid.length} line(s) are not versions, e.g. ${goQuote(shorten(invalid[0]!))}; go skips them`,
      ),
      versions,
      invalid,
    };
  return { ...pass(`${versions.length} version(s)${note}`), versions, invalid };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Reports whether s is a time as Go's time.Time marshals it to JSON (RFC 3339, optional fraction). */
export function isRFC3339(s: string): boolean {
  return RFC3339.test(s) && !Number.isNaN(Date.parse(s));
}

/** The `.info` / `@latest` verdict plus what was read. */
export interface InfoVerdict extends Verdict {
  readonly version: string | null;
  readonly time: string | null;
}

function parseInfo(text: string, base: string): { version: unknown; time: unknown } | Verdict {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return fail(
      "proxy-error",
      `invalid response from proxy ${goQuote(base)}: not JSON (${shorten((e as Error).message, 80)})`,
    );
  }
  if (v === null || typeof v !== "object" || Array.isArray(v))
    return fail("proxy-error", `invalid response from proxy ${goQuote(base)}: not a JSON object`);
  const o = v as Record<string, unknown>;
  return { version: o.Version, time: o.Time };
}

function infoFields(
  text: string,
  base: string,
): { version: string; time: string | null; timeOk: boolean } | Verdict {
  const p = parseInfo(text, base);
  if ("ok" in p) return p;
  if (typeof p.version !== "string")
    return fail("proxy-error", `invalid response from proxy ${goQuote(base)}: Version is not a string`);
  const time = typeof p.time === "string" ? p.time : null;
  return { version: p.version, time, timeOk: time !== null && isRFC3339(time) };
}

/**
 * Judges a `.info` body for the canonical version asked: JSON with `Version` equal to it (else go fails
 * with `proxy returned info for version X instead of requested version`: proxy.go Stat) and an RFC 3339
 * `Time` (go tolerates a missing one, but then has no date for the version).
 */
export function judgeInfo(text: string, asked: string, base: string): InfoVerdict {
  const f = infoFields(text, base);
  if ("ok" in f) return { ...f, version: null, time: null };
  const got = { version: f.version, time: f.time };
  if (f.version !== asked)
    return {
      ...fail("proxy-error", `proxy returned info for version ${f.version} instead of requested version`),
      ...got,
    };
  if (!f.timeOk)
    return {
      ...fail(
        "proxy-error",
        `Time ${f.time === null ? "is missing" : `${goQuote(shorten(f.time))} is not RFC 3339`}: go loses the version's date`,
      ),
      ...got,
    };
  return { ...pass(`${f.version}, ${f.time}`), ...got };
}

/**
 * Judges an `@latest` answer. The endpoint is optional: 404/410 passes, since go then uses `@v/list`
 * (proxy.go: Latest); any other non-200 fails as it fails go. A 200 must be JSON with a valid semantic
 * `Version` and an RFC 3339 `Time`.
 */
export function judgeLatest(a: Answer, base: string): InfoVerdict {
  if (a.kind === "response" && isNotExist(a.status))
    return { ...pass(`not served (${a.status}): go uses @v/list instead`), version: null, time: null };
  const bad = unusable(a);
  if (bad !== null) return { ...bad, version: null, time: null };
  const f = infoFields(bodyText((a as { body: Uint8Array }).body), base);
  if ("ok" in f) return { ...f, version: null, time: null };
  const got = { version: f.version, time: f.time };
  if (!isValid(f.version))
    return {
      ...fail("proxy-error", `Version ${goQuote(shorten(f.version))} is not a valid version`),
      ...got,
    };
  if (!f.timeOk) return { ...fail("proxy-error", "Time is missing or not RFC 3339"), ...got };
  return { ...pass(`${f.version}, ${f.time}`), ...got };
}

/**
 * Judges a `.mod` body: it must parse as go.mod and declare the module path asked for; go rejects a
 * mismatch when it loads the module graph (`module declares its path as: … but was required as: …`,
 * modload/modfile.go).
 */
export function judgeMod(text: string, modulePath: string): Verdict {
  const mf = parseModFile(text);
  if (mf.problems.length > 0)
    return fail(
      "proxy-error",
      `not a valid go.mod: line ${mf.problems[0]!.line}: ${mf.problems[0]!.message}`,
    );
  if (mf.module === null) return fail("proxy-error", "not a go.mod: no module line");
  if (mf.module !== modulePath)
    return fail(
      "proxy-error",
      `module declares its path as: ${mf.module} but was required as: ${modulePath}`,
    );
  return pass(`module ${mf.module}${mf.go === null ? "" : `, go ${mf.go}`}`);
}

/**
 * Judges a downloaded zip from what the zip adapter found: an unreadable zip (`zip: …`), entries that
 * break x/mod/zip's rules (the prefix `<module>@<version>/` first: `zip for M@V has unexpected file …`),
 * and, when a reference hash is known, an h1 that differs (checksum-mismatch, as go's SECURITY ERROR).
 *
 * @param opened the h1 and x/mod/zip verdict, or the adapter's error text
 * @param expected the h1 recorded elsewhere (checksum database, go.sum), or null
 */
export function judgeZip(
  opened: { readonly h1: string; readonly check: CheckedZip } | { readonly error: string },
  module: string,
  version: string,
  bytes: number,
  expected: string | null,
): Verdict {
  if ("error" in opened) return fail("proxy-error", `not a valid module zip: ${opened.error}`);
  const { check, h1 } = opened;
  const bad = check.invalid[0];
  if (bad !== undefined) {
    const prefix = bad.err.startsWith("path does not have prefix");
    return fail(
      "proxy-error",
      prefix
        ? `zip for ${module}@${version} has unexpected file ${bad.path}`
        : `${check.invalid.length} invalid entr${check.invalid.length === 1 ? "y" : "ies"}, e.g. ${goQuote(bad.path)}: ${bad.err}`,
    );
  }
  if (check.sizeError !== null) return fail("proxy-error", check.sizeError);
  if (check.valid.length === 0) return fail("proxy-error", "the zip holds no file of the module");
  if (expected !== null && expected !== h1)
    return fail("checksum-mismatch", `h1 ${h1} differs from the expected ${expected}`);
  return pass(`${bytes} bytes, ${check.valid.length} file(s), ${h1}`);
}

/**
 * Judges the answer for a module that does not exist: 404 or 410, the only statuses after which go tries
 * the next `,` entry (web/api.go: HTTPError.Is). A 200 claims a module that cannot exist; 401/403 and 5xx
 * stop go at this mirror for every module it lacks (private modules included, unless `|` follows).
 */
export function judgeMissing(a: Answer): Verdict {
  if (a.kind === "transport") return unusable(a)!;
  if (isNotExist(a.status)) return pass(`${a.statusLine}: go moves on to the next GOPROXY entry`);
  if (a.status === 200)
    return fail("proxy-error", "answers 200 for a module that does not exist: go would use what it serves");
  const cause: Cause = statusCause(a.status);
  return fail(
    cause,
    `answers ${a.statusLine} instead of 404/410: after a \`,\` go stops here for every module this mirror lacks`,
  );
}

/** A protocol file whose Content-Type is judged. */
export type ProtocolFile = "list" | "info" | "latest" | "mod" | "zip";

function mediaType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

/**
 * Judges the Content-Type of a 200 answer. go ignores it on success, so only types that betray a wrong
 * answer fail: an HTML page (a login or captive-portal page in place of the file) and, for a zip, any
 * `text/*` type. JSON files may be `application/json` or `text/plain`; anything else passes with a note.
 */
export function judgeContentType(file: ProtocolFile, contentType: string): Verdict {
  const t = mediaType(contentType);
  if (t === "text/html" || t === "application/xhtml+xml")
    return fail(
      "proxy-error",
      `${file} served as ${t}: an HTML page, not the protocol file (a login or portal page?)`,
    );
  if (file === "zip" && t.startsWith("text/")) return fail("proxy-error", `zip served as ${t}`);
  return pass(`${file}: ${t === "" ? "no Content-Type" : t}`);
}

/**
 * Judges `/sumdb/<name>/supported`: 200 (the mirror proxies the checksum database) and 404/410 (it does
 * not; go then connects to the database directly) both conform; any other answer makes go treat the
 * database as unavailable (modfetch/sumdb.go: initBase), so every unverified module fails.
 */
export function judgeSumdbSupported(
  a: Answer,
  name: string,
): Verdict & { readonly supported: boolean | null } {
  if (a.kind === "response" && a.status === 200)
    return { ...pass(`proxies the checksum database ${name}`), supported: true };
  if (a.kind === "response" && isNotExist(a.status))
    return { ...pass(`does not proxy ${name} (${a.status}): go connects to it directly`), supported: false };
  const v = unusable(a)!;
  return {
    ok: false,
    cause: "sumdb-error",
    detail: `${v.detail}: go treats the checksum database as unavailable`,
    supported: null,
  };
}

/**
 * Judges case-escaping from the answer to the escaped URL (`!x` for upper-case X, module.EscapePath) and,
 * when that was 404/410, the answer to the same URL with the path not escaped: a mirror that only finds
 * the module under the raw upper-case path does not follow the protocol (go never asks that way).
 */
export function judgeEscaping(
  escaped: Verdict & { readonly status: number | null },
  raw: Answer | null,
): Verdict {
  if (escaped.ok) return pass("serves the !-escaped path");
  if (raw !== null && raw.kind === "response" && raw.status === 200)
    return fail(
      "not-found",
      `the !-escaped path answers ${escaped.status ?? "an error"} but the unescaped one 200: go only asks for the escaped path`,
    );
  return { ok: false, cause: escaped.cause, detail: `the !-escaped path failed: ${escaped.detail}` };
}

/** Reports whether a module path or version has upper-case letters (and so is escaped on the wire). */
export function needsEscaping(s: string): boolean {
  return /[A-Z]/.test(s);
}

/**
 * The version `@latest` resolves to from a list: the highest release, else the highest pre-release, else
 * null (modload/query.go: the "latest" query over Versions; +incompatible subtleties ignored).
 */
export function latestFromList(versions: readonly string[]): string | null {
  const valid = versions.filter(isValid);
  const releases = valid.filter((v) => prerelease(v) === "");
  const pool = releases.length > 0 ? releases : valid;
  return pool.reduce<string | null>((a, v) => (a === null || compare(v, a) > 0 ? v : a), null);
}
