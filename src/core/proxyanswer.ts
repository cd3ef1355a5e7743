/**
 * What one GOPROXY-protocol response means to the go command: served, not found (go moves on after
 * `,`), an error (go moves on only after `|`), or no answer at all — with the exact error text go builds.
 * Mirrors cmd/go/internal/web/api.go (HTTPError.Error, Response.formatErrorDetail), web/http.go (error detail
 * only for text/plain UTF-8 bodies) and modfetch/proxy.go (proxyRepo.Versions, Stat, Latest, GoMod, Zip),
 * Go 1.19.
 */
import type { FileAnswer } from "./fetchplan.js";
import { jsonSyntaxError } from "./gojson.js";
import { goIsGraphic, goIsSpace } from "./gounicode.js";
import { isPseudoVersion } from "./module/pseudo.js";
import { canonicalVersion, checkPathVersion } from "./module/version.js";
import { MAX_ZIP_FILE } from "./modzip.js";
import type { ProtocolOp } from "./protocol.js";
import { isValid } from "./semver.js";

/** What the HTTP exchange for one protocol file produced. */
export type ProxyResponse =
  | {
      readonly kind: "status";
      /** The request URL as go prints it (credentials redacted). */
      readonly url: string;
      readonly status: number;
      /** The status line without the protocol, e.g. `404 Not Found` (net/http Response.Status). */
      readonly statusLine: string;
      readonly contentType: string | null;
      readonly body: Uint8Array;
      /** The body was longer than what was kept. */
      readonly truncated: boolean;
      /**
       * A `file://` entry's error (web/http.go getFile: a missing file is a 404, an unreadable one a 403):
       * go's text is then `reading <url>: <this>`.
       */
      readonly fileError?: string;
    }
  /** No HTTP answer: `goError` is go's text (e.g. `Get "…": dial tcp …: connect: connection refused`). */
  | { readonly kind: "transport"; readonly goError: string }
  /** The server never answered within our bound: go, which has no timeout, would wait forever. */
  | { readonly kind: "hang" };

/** modfetch/codehost.MaxZipFile (the same 500 MiB as x/mod/zip's limit): go refuses larger zips. */
export { MAX_ZIP_FILE };

const MAX_DETAIL_LINES = 8;
const MAX_DETAIL_BYTES = MAX_DETAIL_LINES * 81;

/** Whether every rune of s is one unicode.IsGraphic or unicode.IsSpace accepts, by go1.19's tables. */
function graphicOrSpace(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (!goIsGraphic(cp) && !goIsSpace(cp)) return false;
  }
  return true;
}

/**
 * The "server response" detail go shows under an HTTP error: the body's first non-blank lines (at most 8,
 * 648 bytes), only for text/plain bodies in UTF-8 / US-ASCII, and none at all if the body holds invalid
 * UTF-8 or control characters. Mirrors web/api.go:formatErrorDetail and web/http.go.
 */
export function errorDetail(contentType: string | null, body: Uint8Array): string {
  const media = /^\s*([^;\s]+)\s*(?:;(.*))?$/.exec(contentType ?? "");
  if (media === null || media[1]!.toLowerCase() !== "text/plain") return "";
  const charset = /charset\s*=\s*"?([^";\s]*)/i.exec(media[2] ?? "")?.[1]?.toLowerCase() ?? "";
  if (!["", "utf-8", "us-ascii"].includes(charset)) return "";
  let s: string;
  try {
    s = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return "";
  }
  if (!graphicOrSpace(s)) return "";
  let detail = "";
  for (const [i, line] of s.split("\n").entries()) {
    if (line.trim() === "") break;
    if (i > 0) detail += "\n\t";
    if (i >= MAX_DETAIL_LINES) return `${detail}[Truncated: too many lines.]`;
    if (Buffer.byteLength(detail) + Buffer.byteLength(line) > MAX_DETAIL_BYTES)
      return `${detail}[Truncated: too long.]`;
    detail += line;
  }
  return detail;
}

/** The text of go's HTTPError for a non-200 answer (web/api.go:HTTPError.Error). */
export function httpErrorText(
  url: string,
  statusLine: string,
  contentType: string | null,
  body: Uint8Array,
): string {
  const detail = errorDetail(contentType, body);
  if (detail === "") return `reading ${url}: ${statusLine}`;
  const sep = detail.includes("\n") ? "\n\t" : " ";
  return `reading ${url}: ${statusLine}\n\tserver response:${sep}${detail}`;
}

/** The versions a `@v/list` body lists, as proxyRepo.Versions keeps them (valid, not pseudo-versions). */
export function listedVersions(body: string): string[] {
  return body
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[0] ?? "")
    .filter((v) => v !== "" && isValid(v) && !isPseudoVersion(v));
}

function decode(body: Uint8Array): string {
  return new TextDecoder().decode(body);
}

/** The RevInfo of an `.info` / `@latest` body, or go's error. */
function revInfo(proxyURL: string, body: Uint8Array): { version: string } | { error: string } {
  const text = decode(body);
  const syntax = jsonSyntaxError(text);
  if (syntax !== null) return { error: `invalid response from proxy "${proxyURL}": ${syntax}` };
  const v: unknown = JSON.parse(text);
  const version =
    v !== null && typeof v === "object" && typeof (v as { Version?: unknown }).Version === "string"
      ? (v as { Version: string }).Version
      : "";
  return { version };
}

function versionAgrees(modulePath: string, version: string): boolean {
  try {
    checkPathVersion(modulePath, version);
    return true;
  } catch {
    return false;
  }
}

/**
 * Classifies a response to one protocol request as TryProxies sees it, with the error text go wraps in
 * `<module>@<version>: …` (the ModuleError prefix is added by the caller, as proxyRepo.versionError does).
 *
 * @param proxyURL the GOPROXY entry, redacted (go quotes it in `invalid response from proxy "…"`)
 * @param op the file asked for
 * @param modulePath the module path
 * @param version the version asked for (`.info`, `.mod`, `.zip`), or null for list / latest
 */
export function classifyResponse(
  proxyURL: string,
  op: ProtocolOp,
  modulePath: string,
  version: string | null,
  r: ProxyResponse,
): FileAnswer {
  if (r.kind === "hang") return { kind: "hang" };
  if (r.kind === "transport") return { kind: "error", error: r.goError };
  if (r.status !== 200) {
    const error =
      r.fileError !== undefined
        ? `reading ${r.url}: ${r.fileError}`
        : httpErrorText(r.url, r.statusLine, r.contentType, r.body);
    return r.status === 404 || r.status === 410 ? { kind: "not-exist", error } : { kind: "error", error };
  }
  switch (op) {
    case "list":
      return { kind: "ok", versions: listedVersions(decode(r.body)) };
    case "info":
    case "latest": {
      const info = revInfo(proxyURL, r.body);
      if ("error" in info) return { kind: "error", error: info.error };
      const asked = version ?? "";
      if (
        op === "info" &&
        info.version !== asked &&
        asked === canonicalVersion(asked) &&
        versionAgrees(modulePath, asked)
      )
        return {
          kind: "error",
          error: `proxy returned info for version ${info.version} instead of requested version`,
        };
      return { kind: "ok", versions: [info.version] };
    }
    case "zip":
      if (r.truncated || r.body.length > MAX_ZIP_FILE)
        return { kind: "error", error: "downloaded zip file too large" };
      return { kind: "ok" };
    case "mod":
      // modfetch.LegacyGoMod: what go synthesizes for a version without go.mod (query.go versionHasGoMod).
      return { kind: "ok", legacyGoMod: decode(r.body) === `module ${modulePath}\n` };
    default:
      return { kind: "ok" };
  }
}
