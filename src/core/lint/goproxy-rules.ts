/**
 * Lint rules about GOPROXY (modfetch/proxy.go:proxyList semantics, go-semantics.md §C).
 */
import { type ProxyEntry, parseProxyList } from "../config/goproxy.js";
import type { Finding } from "../finding.js";
import { setChange } from "../fixes/change.js";
import { parseURL } from "../gourl.js";
import { redactURL } from "../redact.js";
import { fixOf, type LintContext, type LintRule, origin, unquoted, val } from "./context.js";

/** Public mirrors that are no longer operated; a GOPROXY naming one fails or hangs. */
export const DEAD_MIRRORS: Readonly<Record<string, string>> = {
  "gocenter.io": "JFrog GoCenter, sunset on 2021-05-01",
  "gosum.io": "the checksum service that came with GoCenter, gone with it",
  "athens.azurefd.net": "the public Athens instance on Azure, shut down",
};

const DEFAULT_GOPROXY = "https://proxy.golang.org,direct";

/** Whether go parses value as a GOPROXY list (modfetch/proxy.go:proxyList). */
function parses(value: string): boolean {
  return value !== "" && parseProxyList(value, "").error === null;
}

/**
 * The user's GOPROXY as they meant it: quotes and spaces around it and around each entry removed; failing
 * that, the entries go can read kept (with their separators); the default only when nothing is left.
 */
export function repairedGoproxy(value: string): string {
  const clean = unquoted(value)
    .split(/([,|])/)
    .map((p) => unquoted(p))
    .join("");
  if (parses(clean)) return clean;
  const parts = clean.split(/([,|])/);
  const kept: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const entry = parts[i]!;
    if (entry !== "" && parses(entry))
      kept.push(kept.length === 0 ? entry : `${parts[i - 1] ?? ","}${entry}`);
  }
  const joined = kept.join("");
  return parses(joined) ? joined : DEFAULT_GOPROXY;
}

function list(ctx: LintContext) {
  return parseProxyList(val(ctx, "GOPROXY"), val(ctx, "GONOPROXY"));
}

function hostOf(url: string): string {
  try {
    return parseURL(url).host.replace(/:\d+$/, "").toLowerCase();
  } catch {
    return "";
  }
}

function urlEntries(ctx: LintContext): ProxyEntry[] {
  return list(ctx).entries.filter((e) => e.kind === "url");
}

/** GOPROXY without one entry (and its separator); the default when nothing usable is left. */
function withoutEntry(goproxy: string, written: string): string {
  const parts = goproxy.split(/([,|])/);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    if (parts[i]!.trim() === written.trim()) continue;
    out.push(out.length === 0 ? parts[i]! : `${parts[i - 1]}${parts[i]}`);
  }
  const v = out.join("");
  return parses(v) && !/^\s*(direct|off)?\s*$/.test(v) ? v : DEFAULT_GOPROXY;
}

function finding(f: Finding): Finding[] {
  return [f];
}

const invalid: LintRule = {
  id: "goproxy.invalid",
  summary: "GOPROXY cannot be parsed: every download fails with go's parse error",
  check(ctx) {
    const l = list(ctx);
    if (l.error === null) return [];
    const isAuto = /(^|[,|]\s*)auto\s*([,|]|$)/.test(val(ctx, "GOPROXY"));
    return finding({
      id: this.id,
      severity: "error",
      cause: "config-invalid",
      message: `GOPROXY ${JSON.stringify(redactURL(val(ctx, "GOPROXY")))} (${origin(ctx, "GOPROXY")}) is invalid: go fails every download with "${l.error}".${isAuto ? " There is no `auto` value: it is read as a proxy URL without a scheme." : ""}`,
      ...fixOf(ctx, [setChange(ctx.resolved, "GOPROXY", repairedGoproxy(val(ctx, "GOPROXY")))]),
      evidence: [l.error],
    });
  },
};

const deadMirror: LintRule = {
  id: "goproxy.dead-mirror",
  summary: "GOPROXY names a mirror that is no longer operated",
  check(ctx) {
    return urlEntries(ctx).flatMap((e) => {
      const host = hostOf(e.url);
      const why = DEAD_MIRRORS[host];
      if (why === undefined) return [];
      return finding({
        id: this.id,
        severity: "error",
        cause: "proxy-error",
        message: `GOPROXY entry ${redactURL(e.written)} is ${why}; requests to it fail or hang.`,
        ...fixOf(ctx, [setChange(ctx.resolved, "GOPROXY", withoutEntry(val(ctx, "GOPROXY"), e.written))]),
      });
    });
  },
};

const credentials: LintRule = {
  id: "goproxy.credentials-in-url",
  summary: "GOPROXY carries credentials in a URL",
  check(ctx) {
    return urlEntries(ctx).flatMap((e) => {
      let user: ReturnType<typeof parseURL>["user"] = null;
      try {
        user = parseURL(e.url).user;
      } catch {
        return [];
      }
      if (user === null) return [];
      const http = e.url.startsWith("http://");
      return finding({
        id: this.id,
        severity: http ? "error" : "warning",
        cause: http ? "insecure-refused" : null,
        message: http
          ? `GOPROXY entry ${redactURL(e.url)} has credentials on an http:// URL: go refuses to send them ("refusing to pass credentials to insecure URL").`
          : `GOPROXY entry ${redactURL(e.url)} has credentials in the URL: they show in \`go env\`, in shell history and in the world-readable GOENV file.`,
        fix: [
          ...fixOf(ctx, [setChange(ctx.resolved, "GOPROXY", val(ctx, "GOPROXY"))]).fix,
          `and put them in ~/.netrc: machine ${hostOf(e.url)} login <user> password <token>`,
        ],
        changes: [setChange(ctx.resolved, "GOPROXY", val(ctx, "GOPROXY"))],
      });
    });
  },
};

const plainHTTP: LintRule = {
  id: "goproxy.plain-http",
  summary: "a GOPROXY entry uses plain http to a non-loopback host",
  check(ctx) {
    return urlEntries(ctx).flatMap((e) => {
      const host = hostOf(e.url);
      if (!e.url.startsWith("http://") || host === "localhost" || /^127\.|^\[?::1\]?$/.test(host)) return [];
      return finding({
        id: this.id,
        severity: "warning",
        cause: null,
        message: `GOPROXY entry ${redactURL(e.url)} uses plain http: anyone on the path can see which modules you fetch and, for modules not checked by the checksum database, change them.`,
        fix: [`Use https://${host}… if the mirror offers it.`],
      });
    });
  },
};

const ignoredAfterDirect: LintRule = {
  id: "goproxy.ignored-entries",
  summary: "entries after `direct` or `off` are never used",
  check(ctx) {
    const l = list(ctx);
    if (l.error !== null || l.ignored.length === 0) return [];
    const last = l.entries[l.entries.length - 1]!;
    return finding({
      id: this.id,
      severity: "warning",
      cause: "config-invalid",
      message: `GOPROXY entries after \`${last.kind}\` are ignored by go: ${l.ignored.map(redactURL).join(", ")}.`,
      ...fixOf(ctx, [
        setChange(
          ctx.resolved,
          "GOPROXY",
          [...l.entries.filter((e) => e.kind === "url").map((e) => e.written), ...l.ignored, last.kind].join(
            ",",
          ),
        ),
      ]),
    });
  },
};

const off: LintRule = {
  id: "goproxy.off",
  summary: "GOPROXY=off: nothing can be downloaded",
  check(ctx) {
    const first = list(ctx).entries.find((e) => e.kind !== "noproxy");
    if (first?.kind !== "off") return [];
    return finding({
      id: this.id,
      severity: "warning",
      cause: "goproxy-off",
      message: `GOPROXY starts with \`off\` (${origin(ctx, "GOPROXY")}): go downloads nothing that is not in the module cache, except GOPRIVATE/GONOPROXY modules, which it fetches directly.`,
      ...fixOf(ctx, [setChange(ctx.resolved, "GOPROXY", DEFAULT_GOPROXY)]),
    });
  },
};

const directOnly: LintRule = {
  id: "goproxy.direct-only",
  summary: "GOPROXY=direct: every module comes from its version control system",
  check(ctx) {
    const first = list(ctx).entries.find((e) => e.kind !== "noproxy");
    if (first?.kind !== "direct") return [];
    return finding({
      id: this.id,
      severity: "info",
      cause: null,
      message:
        "GOPROXY is `direct`: go clones every module with git (or hg, svn…), which is slow, needs the VCS tools and access to every origin, and fails when an origin disappears.",
      ...fixOf(ctx, [setChange(ctx.resolved, "GOPROXY", DEFAULT_GOPROXY)]),
    });
  },
};

const commaChain: LintRule = {
  id: "goproxy.comma-stops-on-error",
  summary: "a `,` after a mirror: go stops at its first error other than 404/410",
  check(ctx) {
    // Only a chain of mirrors: a `,` before `direct` is the documented default and not worth a note.
    const all = list(ctx).entries;
    const entries = all.filter(
      (e, i) => e.kind === "url" && !e.fallBackOnError && all[i + 1]?.kind === "url",
    );
    if (entries.length === 0) return [];
    return finding({
      id: this.id,
      severity: "info",
      cause: null,
      message: `After ${entries.map((e) => redactURL(e.written)).join(", ")} comes \`,\`: go moves on only when the mirror answers 404 or 410. A 5xx, a refused connection or a TLS error stops the download there; \`|\` would move on.`,
      // setChange drops URL userinfo: the suggestion never carries credentials (go reads them from .netrc).
      ...fixOf(ctx, [setChange(ctx.resolved, "GOPROXY", val(ctx, "GOPROXY").replaceAll(",", "|"))]),
    });
  },
};

/** The GOPROXY rules, in report order. */
export const GOPROXY_RULES: readonly LintRule[] = [
  invalid,
  deadMirror,
  credentials,
  plainHTTP,
  ignoredAfterDirect,
  off,
  directOnly,
  commaChain,
];
