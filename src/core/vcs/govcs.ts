/**
 * GOVCS: which version control systems go may run for which module paths. Mirrors
 * cmd/go/internal/vcs/vcs.go (go1.19): parseGOVCS (its error texts), defaultGOVCS (appended after the user's
 * rules: private:all, public:git|hg) and govcsConfig.allow; CheckGOVCS decides "private" by GOPRIVATE alone.
 */
import { matchPrefixPatterns } from "../module/glob.js";

/** One `pattern:vcs|vcs` entry. */
export interface GovcsRule {
  /** "public", "private" or a module path pattern (a GOPRIVATE-style glob). */
  readonly pattern: string;
  /** VCS commands, or "all". */
  readonly allowed: readonly string[];
}

/** What parseGOVCS made of a value: the rules, with go's defaults after them, or go's error text. */
export type Govcs = { readonly rules: readonly GovcsRule[] } | { readonly error: string };

const DEFAULT_RULES: readonly GovcsRule[] = [
  { pattern: "private", allowed: ["all"] },
  { pattern: "public", allowed: ["git", "hg"] },
];

/** search.IsRelativePath. */
function isRelativePath(p: string): boolean {
  return p.startsWith("./") || p.startsWith("../") || p === "." || p === "..";
}

/** Parses GOVCS as go does. Never throws: a malformed value is `{ error }` with go's words. */
export function parseGOVCS(value: string): Govcs {
  const s = value.trim();
  if (s === "") return { rules: DEFAULT_RULES };
  const rules: GovcsRule[] = [];
  const have = new Map<string, string>();
  for (const raw of s.split(",")) {
    const item = raw.trim();
    if (item === "") return { error: "empty entry in GOVCS" };
    const colon = item.indexOf(":");
    if (colon < 0) return { error: `malformed entry in GOVCS (missing colon): ${JSON.stringify(item)}` };
    const pattern = item.slice(0, colon).trim();
    const list = item.slice(colon + 1).trim();
    if (pattern === "") return { error: `empty pattern in GOVCS: ${JSON.stringify(item)}` };
    if (list === "") return { error: `empty VCS list in GOVCS: ${JSON.stringify(item)}` };
    if (isRelativePath(pattern))
      return { error: `relative pattern not allowed in GOVCS: ${JSON.stringify(pattern)}` };
    const old = have.get(pattern);
    if (old !== undefined)
      return { error: `unreachable pattern in GOVCS: ${JSON.stringify(item)} after ${JSON.stringify(old)}` };
    have.set(pattern, item);
    const allowed = list.split("|").map((a) => a.trim());
    if (allowed.includes("")) return { error: `empty VCS name in GOVCS: ${JSON.stringify(item)}` };
    rules.push({ pattern, allowed });
  }
  return { rules: [...rules, ...DEFAULT_RULES] };
}

/**
 * CheckGOVCS for a repository root: null when vcs may run, else go's error text
 * (`GOVCS disallows using <vcs> for <public|private> <root>; see 'go help vcs'`). The first rule whose pattern
 * matches decides; none matching disallows.
 *
 * @param goprivate GOPRIVATE's value (not GONOPROXY: go asks GOPRIVATE whether a root is private)
 */
export function checkGOVCS(govcs: Govcs, vcs: string, root: string, goprivate: string): string | null {
  if ("error" in govcs) return govcs.error;
  const isPrivate = matchPrefixPatterns(goprivate, root);
  const rule = govcs.rules.find((r) =>
    r.pattern === "private"
      ? isPrivate
      : r.pattern === "public"
        ? !isPrivate
        : matchPrefixPatterns(r.pattern, root),
  );
  if (rule?.allowed.some((a) => a === vcs || a === "all")) return null;
  return `GOVCS disallows using ${vcs} for ${isPrivate ? "private" : "public"} ${root}; see 'go help vcs'`;
}
