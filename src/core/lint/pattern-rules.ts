/**
 * Lint rules about the path-pattern lists GOPRIVATE, GONOPROXY, GONOSUMDB and GOINSECURE
 * (x/mod/module.MatchPrefixPatterns; go-semantics.md §B, Myths 1 and 8).
 */
import type { Finding } from "../finding.js";
import { matchPrefixPatterns } from "../module/glob.js";
import { parseGOVCS } from "../vcs/govcs.js";
import { entry, type LintContext, type LintRule, origin, setCommand, unsetCommand, val } from "./context.js";

const LISTS = ["GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE"] as const;

/** Hosts whose modules are public; requirements elsewhere may be private. */
const PUBLIC_HOSTS = [
  "github.com",
  "gitlab.com",
  "bitbucket.org",
  "golang.org",
  "google.golang.org",
  "gopkg.in",
  "go.uber.org",
  "k8s.io",
  "sigs.k8s.io",
  "cloud.google.com",
  "go.opentelemetry.io",
  "go.etcd.io",
  "honnef.co",
  "gotest.tools",
  "go.mongodb.org",
  "filippo.io",
  "gorm.io",
  "gocloud.dev",
  "lukechampine.com",
  "mvdan.cc",
  "modernc.org",
  "dario.cat",
  "rsc.io",
  "cuelang.org",
  "go.yaml.in",
  "gioui.org",
  "buf.build",
  "connectrpc.com",
  "go.temporal.io",
  "gvisor.dev",
  "tailscale.com",
  "code.gitea.io",
  "codeberg.org",
  "git.sr.ht",
  "go.starlark.net",
  "inet.af",
];

/** Host name shapes that are almost never public. */
const PRIVATE_SHAPE =
  /(^|\.)(corp|internal|intranet|local|lan|private|priv|dev|test|example|home)(\.|$)|^git\.|^gitlab\.|^code\.|^scm\./;

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
          fix: [setCommand(ctx, name, fixed)],
        });
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
          fix: [setCommand(ctx, name, [...list, m[1]!].join(","))],
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

function looksPrivate(path: string): boolean {
  const host = path.split("/")[0] ?? "";
  if (PUBLIC_HOSTS.some((h) => host === h || host.endsWith(`.${h}`))) return false;
  return PRIVATE_SHAPE.test(host);
}

const privateUncovered: LintRule = {
  id: "patterns.private-not-covered",
  summary: "a requirement that looks private is sent to the public proxy or checksum database",
  check(ctx) {
    const suspects = ctx.requirements.filter(looksPrivate);
    return suspects.flatMap((path) => {
      const proxied = !matchPrefixPatterns(val(ctx, "GONOPROXY"), path) && val(ctx, "GOPROXY") !== "direct";
      const summed = val(ctx, "GOSUMDB") !== "off" && !matchPrefixPatterns(val(ctx, "GONOSUMDB"), path);
      if (!proxied && !summed) return [];
      const host = path.split("/")[0]!;
      const newPrivate = [...patterns(ctx, "GOPRIVATE"), host].join(",");
      return one({
        id: this.id,
        severity: "warning",
        cause: summed ? "private-via-public-sumdb" : "private-via-public-proxy",
        message: `${path} looks private but ${[proxied ? "is requested from the GOPROXY mirrors" : "", summed ? "is looked up in the checksum database" : ""].filter(Boolean).join(" and ")}; public services answer 404/410 for it (and learn its name).`,
        fix: [setCommand(ctx, "GOPRIVATE", newPrivate)],
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
      fix: [setCommand(ctx, "GOPRIVATE", leak.join(","))],
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
      fix: [setCommand(ctx, "GOPRIVATE", leak.join(","))],
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
        fix: [`export ${name}=none`],
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
        fix: [setCommand(ctx, "GOVCS", "private:all,public:git|hg"), unsetCommand(ctx, "GOVCS")],
        evidence: [govcs.error],
      },
    ];
  },
};

export const PATTERN_RULES: readonly LintRule[] = [
  syntax,
  privateUncovered,
  noproxyWithoutNosumdb,
  nosumdbWithoutNoproxy,
  apex,
  unused,
  emptyNoproxyMyth,
  govcsInvalid,
];
