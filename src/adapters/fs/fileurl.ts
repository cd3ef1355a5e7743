/**
 * A `file://` GOPROXY entry read as go reads it: the file's bytes as a 200 answer, a missing file as a 404
 * and an unreadable one as a 403, each carrying go's words for HTTPError (`reading <url>: no such file or
 * directory`). Mirrors cmd/go/internal/web/http.go getFile and url.go urlToFilePath (Go 1.19 through 1.26).
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { GoGetResult } from "../net/goget.js";

/** The error texts of the syscall errors go meets opening a file (syscall.Errno.Error on Linux). */
const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "not a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory",
  ELOOP: "too many levels of symbolic links",
};

/**
 * Reads url (a `file:` URL) into a GOPROXY answer of at most maxBytes (truncated beyond). Never throws.
 * `shownURL` is the URL as go prints it (credentials redacted; a file URL has none).
 */
export function readFileURL(url: string, maxBytes: number): GoGetResult {
  const started = Date.now();
  const done = (response: GoGetResult["response"]): GoGetResult => ({
    response,
    cause: response.kind === "transport" ? "config-invalid" : null,
    ms: Date.now() - started,
  });
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch (e) {
    return done({ kind: "transport", goError: `reading ${url}: ${(e as Error).message}` });
  }
  const fail = (status: 403 | 404, code: string) =>
    done({
      kind: "status",
      url,
      status,
      statusLine: status === 404 ? "Not Found" : "Forbidden",
      contentType: null,
      body: new Uint8Array(0),
      truncated: false,
      fileError: ERRNO_TEXT[code] ?? code,
    });
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "EIO";
    if (code === "ENOENT" || code === "ENOTDIR") return fail(404, code);
    if (code === "EACCES" || code === "EPERM") return fail(403, code);
    return done({ kind: "transport", goError: `open ${path}: ${ERRNO_TEXT[code] ?? code}` });
  }
  try {
    if (fstatSync(fd).isDirectory())
      return done({ kind: "transport", goError: `read ${path}: ${ERRNO_TEXT.EISDIR}` });
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(1 << 16);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
      total += n;
      if (total > maxBytes) break;
    }
    const body = Buffer.concat(chunks);
    return done({
      kind: "status",
      url,
      status: 200,
      statusLine: "200 OK",
      contentType: null,
      body: body.subarray(0, maxBytes),
      truncated: body.length > maxBytes,
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "EIO";
    return done({ kind: "transport", goError: `read ${path}: ${ERRNO_TEXT[code] ?? code}` });
  } finally {
    closeSync(fd);
  }
}
