/**
 * Lint rules about the path-pattern lists GOPRIVATE, GONOPROXY, GONOSUMDB and GOINSECURE
 * (x/mod/module.MatchPrefixPatterns; go-semantics.md §B, Myths 1 and 8).
 */
import type { Finding } from "../finding.js";
import { addChange, type Change, removeChange, setChange, unsetChange } from "../fixes/change.js";
import { coversPublicModules } from "../fixes/policy.js";
import { isBadPattern, matchPrefixPatterns } from "../module/glob.js";
import { parseGOVCS } from "../vcs/govcs.js";
import { entry, fixOf, type LintContext, type LintRule, origin, val } from "./context.js";

const LISTS = ["GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE"] as const;

function patterns(ctx: LintContext, name: string): string[] {
  return val(ctx, name)
    .split(",")
    .filter((p) => p !== "");
}

function explicit(ctx: LintContext, name: string): boolean {
  const s = entry(ctx, name)?.source;
  return s === "environment" || s === "goenv-file";
}

function one(f: Finding): Finding[] {
  return [f];
}

function syntaxProblems(p: string): string[] {
  const out: string[] = [];
  if (p !== p.trim()) out.push("has spaces around it (go keeps them, so it never matches)");
  if (p.includes("://")) out.push("has a URL scheme (patterns match module paths, never URLs)");
  else if (/^[^/]*:\d*(\/|$)/.test(p.trim())) out.push("has a port (module paths have no ports)");
  if (/[A-Z]/.test(p.split("/")[0] ?? ""))
    out.push("has upper case in the host (module paths are matched case-sensitively, hosts are lower case)");
  if (p.trim().startsWith(".")) out.push("starts with a dot (write *.corp.example for subdomains)");
  return out;
}

/** The part of a pattern that path.Match reads (module.MatchPrefixPatterns drops one trailing slash). */
function glob(p: string): string {
  return p.endsWith("/") ? p.slice(0, -1) : p;
}

const syntax: LintRule = {
  id: "patterns.syntax",
  summary: "a pattern that can never match a module path (scheme, port, spaces, upper case)",
  check(ctx) {
    return LISTS.flatMap((name) => {
      if (!explicit(ctx, name)) return [];
      return patterns(ctx, name).flatMap((p) => {
        const problems = syntaxProblems(p);
        if (problems.length === 0) return [];
        const fixed = patterns(ctx, name)
          .map((q) =>
            q
              .trim()
              .replace(/^[a-z]+:\/\//, "")
              .replace(/^([^/:]*):\d+/, "$1")
              .replace(/^\./, "*."),
          )
          .join(",");
        return one({
          id: this.id,
          severity: "warning",
          cause: "config-invalid",
          message: `${name} pattern ${JSON.stringify(p)} ${problems.join("; ")}.`,
          ...fixOf(ctx, [setChange(ctx.resolved, name, fixed)]),
        });
      });
    });
  },
};

const badPattern: LintRule = {
  id: "patterns.bad-pattern",
  summary: "a pattern path.Match rejects (ErrBadPattern): go silently never matches it",
  check(ctx) {
    return LISTS.flatMap((name) => {
      if (!explicit(ctx, name)) return [];
      const bad = patterns(ctx, name).filter((p) => isBadPattern(glob(p)));
      if (bad.length === 0) return [];
      return one({
        id: this.id,
        severity: "warning",
        cause: "config-invalid",
        message: `${name} pattern${bad.length > 1 ? "s" : ""} ${bad.map((b) => JSON.stringify(b)).join(", ")} ${bad.length > 1 ? "are" : "is"} malformed for path.Match (an unclosed or empty [class], or a trailing \\): go ignores the error and the pattern matches no module, so those modules are treated as public. Write the path without [ ], or close the class.`,
        ...fixOf(ctx, [removeChange(ctx.resolved, name, bad)]),
      });
    });
  },
};

const coversPublic: LintRule = {
  id: "patterns.covers-public",
  summary: "GOPRIVATE/GONOSUMDB/GOINSECURE patterns that cover public modules (`*`, `github.com`, `*.com`)",
  check(ctx) {
    return (["GOPRIVATE", "GONOSUMDB", "GOINSECURE"] as const).flatMap((name) => {
      if (!explicit(ctx, name)) return [];
      const probe = coversPublicModules(val(ctx, name));
      if (probe === null) return [];
      const what =
        name === "GOINSECURE"
          ? "may be fetched over plain http or unverified TLS"
          : "skip the checksum database" + (name === "GOPRIVATE" ? " and the GOPROXY mirrors" : "");
      return one({
        id: this.id,
        severity: "warning",
        cause: null,
        message: `${name}=${val(ctx, name)} (${origin(ctx, name)}) covers public modules too (such as ${probe}): they ${what}, so a tampered origin goes unnoticed. List only your private hosts or organisations, e.g. git.corp.example,github.com/yourorg.`,
        fix: [],
      });
    });
  },
};

const apex: LintRule = {
  id: "patterns.apex-not-covered",
  summary: "`*.corp.example` does not cover `corp.example` itself",
  check(ctx) {
    return LISTS.flatMap((name) => {
      const list = patterns(ctx, name);
      return list.flatMap((p) => {
        const m = /^\*\.([^/*?[\]]+)$/.exec(p);
        if (m === null || list.includes(m[1]!)) return [];
        const used = ctx.requirements.some((r) => r === m[1] || r.startsWith(`${m[1]}/`));
        if (!used) return [];
        return one({
          id: this.id,
          severity: "warning",
          cause:
            name === "GONOSUMDB"
              ? "private-via-public-sumdb"
              : name === "GOINSECURE"
                ? null
                : "private-via-public-proxy",
          message: `${name} pattern ${p} matches subdomains of ${m[1]} but not ${m[1]} itself, which go.mod requires.`,
          ...fixOf(ctx, [addChange(ctx.resolved, name, [m[1]!])]),
        });
      });
    });
  },
};

const unused: LintRule = {
  id: "patterns.matches-no-requirement",
  summary: "a GOPRIVATE/GONOPROXY/GONOSUMDB pattern matches none of go.mod's requirements",
  check(ctx) {
    if (ctx.requirements.length === 0) return [];
    return (["GOPRIVATE", "GONOPROXY", "GONOSUMDB"] as const).flatMap((name) => {
      if (!explicit(ctx, name)) return [];
      const dead = patterns(ctx, name).filter(
        (p) => !ctx.requirements.some((r) => matchPrefixPatterns(p, r)),
      );
      if (dead.length === 0) return [];
      return one({
        id: this.id,
        severity: "info",
        cause: null,
        message: `${name} patterns ${dead.map((d) => JSON.stringify(d)).join(", ")} match none of the ${ctx.requirements.length} requirements of go.mod (matching is by whole path elements and case-sensitive).`,
        fix: [],
      });
    });
  },
};

/**
 * Why a requirement's host is private, from evidence only: what the network checks saw (go-get 401/403/404,
 * an authentication failure), a .netrc entry or a git insteadOf rule for it (a name's shape is no evidence:
 * knative.dev and code.cloudfoundry.org are public). null: no evidence.
 */
function privateEvidence(ctx: LintContext, host: string): string | null {
  const seen = ctx.facts.privateHosts?.find((p) => p.host === host);
  if (seen !== undefined) return seen.evidence;
  const netrc = ctx.facts.netrcMachines.find((m) => m === host || m.startsWith(`${host}:`));
  if (netrc !== undefined) return `~/.netrc has credentials for ${netrc}`;
  const rule = ctx.facts.gitInsteadOf.find((r) => {
    const m = /^(?:[a-z+]+:\/\/)?(?:[^@/]*@)?([^/:]+)/i.exec(r.insteadOf);
    return m !== null && m[1]!.toLowerCase() === host;
  });
  if (rule !== undefined) return `git rewrites ${rule.insteadOf} (url.*.insteadOf)`;
  return null;
}

const privateUncovered: LintRule = {
  id: "patterns.private-not-covered",
  summary: "a requirement with evidence of being private (.netrc, git insteadOf) is sent to public services",
  check(ctx) {
    return ctx.requirements.flatMap((path) => {
      const host = path.split("/")[0]!;
      const evidence = privateEvidence(ctx, host);
      if (evidence === null) return [];
      const proxied = !matchPrefixPatterns(val(ctx, "GONOPROXY"), path) && val(ctx, "GOPROXY") !== "direct";
      const summed = val(ctx, "GOSUMDB") !== "off" && !matchPrefixPatterns(val(ctx, "GONOSUMDB"), path);
      if (!proxied && !summed) return [];
      return one({
        id: this.id,
        severity: "warning",
        cause: summed ? "private-via-public-sumdb" : "private-via-public-proxy",
        message: `${path} is private (${evidence}) but ${[proxied ? "is requested from the GOPROXY mirrors" : "", summed ? "is looked up in the checksum database" : ""].filter(Boolean).join(" and ")}; public services answer 404/410 for it (and learn its name).`,
        ...fixOf(ctx, [addChange(ctx.resolved, "GOPRIVATE", [host])]),
      });
    });
  },
};

const noproxyWithoutNosumdb: LintRule = {
  id: "patterns.gonoproxy-without-gonosumdb",
  summary: "GONOPROXY covers a path that GONOSUMDB does not: it still goes to the checksum database",
  check(ctx) {
    if (!explicit(ctx, "GONOPROXY") || val(ctx, "GOSUMDB") === "off") return [];
    const leak = patterns(ctx, "GONOPROXY").filter(
      (p) => !patterns(ctx, "GONOSUMDB").includes(p) && p !== "none",
    );
    if (leak.length === 0) return [];
    return one({
      id: this.id,
      severity: "warning",
      cause: "private-via-public-sumdb",
      message: `GONOPROXY (${origin(ctx, "GONOPROXY")}) covers ${leak.join(", ")} but GONOSUMDB does not: go fetches those modules directly yet still looks them up in ${val(ctx, "GOSUMDB") || "the checksum database"}, which fails with 404/410 for private code.`,
      // The user's own GONOPROXY is the evidence: the same paths skip the checksum database too.
      ...fixOf(ctx, [addChange(ctx.resolved, "GONOSUMDB", leak)]),
    });
  },
};

const nosumdbWithoutNoproxy: LintRule = {
  id: "patterns.gonosumdb-without-gonoproxy",
  summary: "GONOSUMDB covers a path that GONOPROXY does not: it is still requested from the proxy",
  check(ctx) {
    if (!explicit(ctx, "GONOSUMDB") || val(ctx, "GOPROXY") === "direct") return [];
    const leak = patterns(ctx, "GONOSUMDB").filter((p) => !patterns(ctx, "GONOPROXY").includes(p));
    if (leak.length === 0) return [];
    return one({
      id: this.id,
      severity: "info",
      cause: "private-via-public-proxy",
      message: `GONOSUMDB covers ${leak.join(", ")} but GONOPROXY does not: those modules are still requested from the GOPROXY mirrors. That is right for a private mirror; for a public one use GOPRIVATE.`,
      ...fixOf(ctx, [addChange(ctx.resolved, "GONOPROXY", leak)]),
    });
  },
};

const emptyNoproxyMyth: LintRule = {
  id: "patterns.empty-is-unset",
  summary: "GONOPROXY= or GONOSUMDB= set to empty does not override GOPRIVATE",
  check(ctx) {
    return (["GONOPROXY", "GONOSUMDB"] as const).flatMap((name) => {
      if (ctx.env[name] !== "" || val(ctx, "GOPRIVATE") === "") return [];
      return one({
        id: this.id,
        severity: "info",
        cause: null,
        message: `${name} is exported empty, which go treats as unset: it falls back to GOPRIVATE (${val(ctx, "GOPRIVATE")}). To send GOPRIVATE paths through the proxy anyway, use a value that matches nothing.`,
        ...fixOf(ctx, [{ op: "set", name, value: "none", scope: "environment" } satisfies Change]),
      });
    });
  },
};

/** Pattern-list rules, in report order. */
const govcsInvalid: LintRule = {
  id: "govcs.invalid",
  summary: "GOVCS cannot be parsed: every direct fetch through a VCS fails",
  check(ctx) {
    const govcs = parseGOVCS(val(ctx, "GOVCS"));
    if (!("error" in govcs)) return [];
    return [
      {
        id: this.id,
        severity: "error",
        cause: "config-invalid",
        message: `GOVCS ${JSON.stringify(val(ctx, "GOVCS"))} (${origin(ctx, "GOVCS")}) is invalid: every module go fetches directly from a version control system fails with "${govcs.error}". Entries are pattern:vcs|vcs, separated by commas; "public" and "private" are patterns too.`,
        ...fixOf(ctx, [unsetChange(ctx.resolved, "GOVCS")]),
        evidence: [govcs.error],
      },
    ];
  },
};

export const PATTERN_RULES: readonly LintRule[] = [
  syntax,
  badPattern,
  coversPublic,
  privateUncovered,
  noproxyWithoutNosumdb,
  nosumdbWithoutNoproxy,
  apex,
  unused,
  emptyNoproxyMyth,
  govcsInvalid,
];
