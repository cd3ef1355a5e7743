/**
 * Lint rules that need facts about the machine: git for direct fetches, git URL rewrites, the TLS roots go
 * reads, the module cache's permissions and space, .netrc machine names.
 */
import { parseProxyList } from "../config/goproxy.js";
import { atLeast } from "../config/goversion.js";
import type { Finding } from "../finding.js";
import { unsetChange } from "../fixes/change.js";
import { fixOf, type LintRule, val } from "./context.js";

function one(f: Finding): Finding[] {
  return [f];
}

const MIN_FREE_BYTES = 1 << 30;

const gitMissing: LintRule = {
  id: "git.missing",
  summary: "`direct` is in the route but git is not on PATH",
  check(ctx) {
    if (ctx.facts.gitOnPath !== false) return [];
    const l = parseProxyList(val(ctx, "GOPROXY"), val(ctx, "GONOPROXY"));
    const direct = l.entries.some((e) => e.kind === "direct" || e.kind === "noproxy");
    if (!direct) return [];
    return one({
      id: this.id,
      severity: "warning",
      cause: "vcs-missing",
      message:
        'git is not on PATH, but the route can reach `direct` (the last GOPROXY entry, or GOPRIVATE/GONOPROXY modules): those fetches fail with `exec: "git": executable file not found in $PATH`.',
      fix: ["apt-get install git   # or brew install git / winget install Git.Git"],
    });
  },
};

const gitInsteadOf: LintRule = {
  id: "git.insteadof",
  summary: "git rewrites URLs (url.<base>.insteadOf), which changes what direct fetches reach",
  check(ctx) {
    return ctx.facts.gitInsteadOf.map((r) => ({
      id: this.id,
      severity: "info",
      cause: null,
      message: `git rewrites ${r.insteadOf} to ${r.base.replace(/\/\/[^/@]*@/, "//xxxxx@")} (url.*.insteadOf): direct fetches go there, with that URL's credentials and transport (SSH keys for git@ URLs).`,
      fix: [],
    }));
  },
};

const sslCertFile: LintRule = {
  id: "tls.ssl-cert-file",
  summary: "SSL_CERT_FILE or SSL_CERT_DIR names something that cannot be read",
  check(ctx) {
    const out: Finding[] = [];
    const file = ctx.env.SSL_CERT_FILE ?? "";
    if (file !== "" && ctx.facts.sslCertFileReadable === false) {
      out.push({
        id: this.id,
        severity: "warning",
        cause: "tls-untrusted",
        message: `SSL_CERT_FILE=${file} cannot be read: go then loads no CA bundle file at all (only SSL_CERT_DIR's or the default directories' certificates), so https mirrors may fail with "x509: certificate signed by unknown authority".`,
        ...fixOf(ctx, [unsetChange(ctx.resolved, "SSL_CERT_FILE")]),
      });
    }
    if ((ctx.env.SSL_CERT_DIR ?? "") !== "" && ctx.facts.sslCertDirsReadable === false) {
      out.push({
        id: this.id,
        severity: "warning",
        cause: "tls-untrusted",
        message: `SSL_CERT_DIR=${ctx.env.SSL_CERT_DIR} has a directory that cannot be read; go replaces its default certificate directories with this list.`,
        ...fixOf(ctx, [unsetChange(ctx.resolved, "SSL_CERT_DIR")]),
      });
    }
    return out;
  },
};

const modcache: LintRule = {
  id: "modcache.writable",
  summary: "the module cache cannot be written or its disk is nearly full",
  check(ctx) {
    const out: Finding[] = [];
    const dir = val(ctx, "GOMODCACHE");
    if (ctx.facts.modcacheWritable === false) {
      out.push({
        id: this.id,
        severity: "error",
        cause: "modcache-problem",
        message: `The module cache ${dir} is not writable: downloads fail with "permission denied" (a cache created by root, or by a Docker build as another user).`,
        fix: [`sudo chown -R "$(id -u):$(id -g)" ${dir}`, "or: go env -w GOMODCACHE=<a writable directory>"],
      });
    }
    const free = ctx.facts.modcacheFreeBytes;
    if (free !== null && free < MIN_FREE_BYTES) {
      out.push({
        id: this.id,
        severity: "warning",
        cause: "modcache-problem",
        message: `Only ${(free / 2 ** 20).toFixed(0)} MiB free where the module cache lives (${dir}): large modules fail to download or extract.`,
        fix: [
          "go clean -modcache   # frees the whole cache",
          "or move it: go env -w GOMODCACHE=<a larger disk>",
        ],
      });
    }
    return out;
  },
};

const netrcPort: LintRule = {
  id: "netrc.host-port",
  summary: ".netrc machine entries with a port",
  check(ctx) {
    const withPort = ctx.facts.netrcMachines.filter((m) => /:\d+$/.test(m));
    if (withPort.length === 0) return [];
    const before124 = !atLeast(ctx.resolved.goVersion, 24);
    return one({
      id: this.id,
      severity: before124 ? "warning" : "info",
      cause: before124 ? "proxy-auth" : null,
      message: before124
        ? `.netrc entries ${withPort.join(", ")} name a port: go ${ctx.resolved.goVersion.raw} matches the host only, so they never apply and authenticated mirrors answer 401/403.`
        : `.netrc entries ${withPort.join(", ")} name a port: go ≥ 1.24 matches them by URL prefix; a host-only entry no longer matches URLs with an explicit port.`,
      fix: before124 ? ["Write the machine without the port: machine <host> login … password …"] : [],
    });
  },
};

/** Rules that depend on machine facts, in report order. */
export const MACHINE_RULES: readonly LintRule[] = [
  gitMissing,
  gitInsteadOf,
  sslCertFile,
  modcache,
  netrcPort,
];
