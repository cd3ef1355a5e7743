/**
 * The `!`-escaping of module paths and versions used in proxy URLs and the module cache
 * (`example.com/MyMod` ↔ `example.com/!my!mod`). Mirrors golang.org/x/mod/module: EscapePath,
 * EscapeVersion, UnescapePath, UnescapeVersion.
 */
import { GoError } from "../errors.js";
import { goQuote } from "../goquote.js";
import { checkPath, fileElemError, isValidVersionElem } from "./path.js";

/** @throws GoError for `!` or non-ASCII, which only EscapeVersion lets through (Unicode letters are valid file names). */
function escapeString(s: string): string {
  if (/[!\u0080-\u{10ffff}]/u.test(s)) throw new GoError("internal error: inconsistency in EscapePath");
  return s.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/**
 * Escapes a module path for URLs and file names.
 * @throws GoError from checkPath (`malformed module path …`) when the path is invalid.
 */
export function escapePath(path: string): string {
  checkPath(path);
  return escapeString(path);
}

/**
 * Escapes a version (or query) for URLs and file names.
 * @throws GoError `version "<v>" invalid: disallowed version string`, or go's
 * `internal error: inconsistency in EscapePath` for a non-ASCII version.
 */
export function escapeVersion(v: string): string {
  if (!isValidVersionElem(v)) throw new GoError(`version ${goQuote(v)} invalid: disallowed version string`);
  return escapeString(v);
}

/** Undoes `!`-escaping; null when escaped is not a valid escaping (upper case, `!` not before a-z, non-ASCII). */
function unescapeString(escaped: string): string | null {
  let out = "";
  let bang = false;
  for (const r of escaped) {
    if (r.codePointAt(0)! >= 0x80) return null;
    if (bang) {
      bang = false;
      if (r < "a" || r > "z") return null;
      out += r.toUpperCase();
      continue;
    }
    if (r === "!") {
      bang = true;
      continue;
    }
    if (r >= "A" && r <= "Z") return null;
    out += r;
  }
  return bang ? null : out;
}

/**
 * The module path an escaped path stands for.
 * @throws GoError `invalid escaped module path "<escaped>"[: <reason>]`.
 */
export function unescapePath(escaped: string): string {
  const path = unescapeString(escaped);
  if (path === null) throw new GoError(`invalid escaped module path ${goQuote(escaped)}`);
  try {
    checkPath(path);
  } catch (e) {
    throw new GoError(`invalid escaped module path ${goQuote(escaped)}: ${(e as Error).message}`);
  }
  return path;
}

/**
 * The version an escaped version stands for.
 * @throws GoError `invalid escaped version "<v>"[: <reason>]`.
 */
export function unescapeVersion(escaped: string): string {
  const v = unescapeString(escaped);
  if (v === null) throw new GoError(`invalid escaped version ${goQuote(escaped)}`);
  const reason = fileElemError(v);
  if (reason !== null) throw new GoError(`invalid escaped version ${goQuote(v)}: ${reason}`);
  return v;
}
