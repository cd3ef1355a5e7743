/**
 * Path-prefix patterns as GOPRIVATE, GONOPROXY, GONOSUMDB, GOINSECURE and GOVCS use them.
 * Mirrors golang.org/x/mod/module.MatchPrefixPatterns and Go's path.Match (path/match.go).
 */

/** Thrown internally for a malformed pattern (path.ErrBadPattern); callers see "no match", as in go. */
class BadPattern extends Error {}

/** Splits off the next chunk: leading stars, then up to the next star outside a class (path.scanChunk). */
function scanChunk(p: string[]): { star: boolean; chunk: string[]; rest: string[] } {
  let i = 0;
  let star = false;
  while (p[i] === "*") {
    i++;
    star = true;
  }
  const start = i;
  let inrange = false;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") {
      if (i + 1 < p.length) i++;
    } else if (c === "[") inrange = true;
    else if (c === "]") inrange = false;
    else if (c === "*" && !inrange) break;
  }
  return { star, chunk: p.slice(start, i), rest: p.slice(i) };
}

/** One escaped-or-plain character of a class (path.getEsc). */
function getEsc(chunk: string[]): { r: string; rest: string[] } {
  if (chunk.length === 0 || chunk[0] === "-" || chunk[0] === "]") throw new BadPattern();
  let c = chunk;
  if (c[0] === "\\") {
    c = c.slice(1);
    if (c.length === 0) throw new BadPattern();
  }
  const rest = c.slice(1);
  if (rest.length === 0) throw new BadPattern();
  return { r: c[0]!, rest };
}

function cp(s: string): number {
  return s.codePointAt(0)!;
}

/** Matches chunk at the start of s; returns the rest of s, or null (path.matchChunk). */
function matchChunk(chunkIn: string[], sIn: string[]): string[] | null {
  let chunk = chunkIn;
  let s = sIn;
  let failed = false;
  while (chunk.length > 0) {
    if (!failed && s.length === 0) failed = true;
    const c = chunk[0]!;
    if (c === "[") {
      const r = failed ? "" : s[0]!;
      if (!failed) s = s.slice(1);
      chunk = chunk.slice(1);
      let negated = false;
      if (chunk[0] === "^") {
        negated = true;
        chunk = chunk.slice(1);
      }
      let match = false;
      let nrange = 0;
      for (;;) {
        if (chunk[0] === "]" && nrange > 0) {
          chunk = chunk.slice(1);
          break;
        }
        const lo = getEsc(chunk);
        let hi = lo.r;
        chunk = lo.rest;
        if (chunk[0] === "-") {
          const h = getEsc(chunk.slice(1));
          hi = h.r;
          chunk = h.rest;
        }
        if (r !== "" && cp(lo.r) <= cp(r) && cp(r) <= cp(hi)) match = true;
        nrange++;
      }
      if (match === negated) failed = true;
    } else if (c === "?") {
      if (!failed) {
        if (s[0] === "/") failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    } else {
      let lit = c;
      if (c === "\\") {
        chunk = chunk.slice(1);
        if (chunk.length === 0) throw new BadPattern();
        lit = chunk[0]!;
      }
      if (!failed) {
        if (lit !== s[0]) failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    }
  }
  return failed ? null : s;
}

/**
 * Go's path.Match: `*` any run of non-`/` characters, `?` one non-`/` character, `[…]`/`[^…]` classes,
 * `\` escapes.
 * @throws BadPattern (internal) for a malformed pattern.
 */
function pathMatch(patternStr: string, nameStr: string): boolean {
  let pattern = [...patternStr];
  let name = [...nameStr];
  outer: while (pattern.length > 0) {
    const { star, chunk, rest } = scanChunk(pattern);
    pattern = rest;
    if (star && chunk.length === 0) return !name.includes("/");
    const t = matchChunk(chunk, name);
    if (t !== null && (t.length === 0 || pattern.length > 0)) {
      name = t;
      continue;
    }
    if (star) {
      for (let i = 0; i < name.length && name[i] !== "/"; i++) {
        const t2 = matchChunk(chunk, name.slice(i + 1));
        if (t2 !== null) {
          if (pattern.length === 0 && t2.length > 0) continue;
          name = t2;
          continue outer;
        }
      }
    }
    while (pattern.length > 0) {
      const next = scanChunk(pattern);
      pattern = next.rest;
      matchChunk(next.chunk, []);
    }
    return false;
  }
  return name.length === 0;
}

/** Reports whether pattern (one glob) matches target as Go's path.Match does; a malformed pattern matches nothing. */
export function globMatch(pattern: string, target: string): boolean {
  try {
    return pathMatch(pattern, target);
  } catch (e) {
    if (e instanceof BadPattern) return false;
    throw e;
  }
}

/**
 * Reports whether pattern is malformed for Go's path.Match (path.ErrBadPattern: an unclosed `[`, a class
 * such as `[]` or `[a-]`, a trailing `\`). go ignores the error (module.MatchPrefixPatterns), so such a
 * pattern silently matches nothing. Since Go 1.16 path.Match checks the whole pattern even when the name
 * fails to match early, so matching the empty name reaches every chunk.
 */
export function isBadPattern(pattern: string): boolean {
  try {
    pathMatch(pattern, "");
    return false;
  } catch (e) {
    if (e instanceof BadPattern) return true;
    throw e;
  }
}

/**
 * The first pattern of the comma-separated list globs that matches a prefix of target, as written in the
 * list (before the trailing `/` is removed), or null. Mirrors module.MatchPrefixPatterns: no trimming,
 * empty entries skipped, one trailing `/` removed, the pattern matched against the target's leading
 * path elements (as many as the pattern has).
 */
export function matchingPattern(globs: string, target: string): string | null {
  for (const written of globs.split(",")) {
    const glob = written.endsWith("/") ? written.slice(0, -1) : written;
    if (glob === "") continue;
    let n = [...glob].filter((c) => c === "/").length;
    let prefix = target;
    for (let i = 0; i < target.length; i++) {
      if (target[i] !== "/") continue;
      if (n === 0) {
        prefix = target.slice(0, i);
        break;
      }
      n--;
    }
    if (n > 0) continue;
    if (globMatch(glob, prefix)) return written;
  }
  return null;
}

/** Reports whether any pattern of globs matches a prefix of target (module.MatchPrefixPatterns). */
export function matchPrefixPatterns(globs: string, target: string): boolean {
  return matchingPattern(globs, target) !== null;
}
