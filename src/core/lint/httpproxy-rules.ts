/**
 * Lint rules about the HTTP proxy variables, read as net/http.ProxyFromEnvironment reads them
 * (core/httpproxy.ts: x/net/http/httpproxy FromEnvironment and proxyForURL): HTTP_PROXY only serves http://
 * URLs, and NO_PROXY exempts hosts from both.
 */
import { parseProxyList } from "../config/goproxy.js";
import { parseGOSUMDB } from "../config/gosumdb.js";
import type { Finding } from "../finding.js";
import { setChange } from "../fixes/change.js";
import { proxyConfigFromEnv, proxyForURL } from "../httpproxy.js";
import { redactURL } from "../redact.js";
import { fixOf, type LintContext, type LintRule, val } from "./context.js";

/** The https URLs go requests for modules and checksums: GOPROXY's URL entries and the checksum database's. */
function httpsEndpoints(ctx: LintContext): string[] {
  const out = parseProxyList(val(ctx, "GOPROXY"), val(ctx, "GONOPROXY"))
    .entries.flatMap((e) => (e.kind === "url" ? [e.url] : []))
    .filter((u) => u.startsWith("https://"));
  const db = parseGOSUMDB(val(ctx, "GOSUMDB"));
  if (!db.off && !("error" in db)) out.push(db.config.url ?? db.config.directURL);
  return out;
}

/** The environment as net/http reads it: the raw process environment (upper and lower case). */
function proxyEnv(ctx: LintContext) {
  return proxyConfigFromEnv(ctx.env);
}

const httpOnly: LintRule = {
  id: "httpproxy.http-only",
  summary:
    "HTTP_PROXY (or http_proxy) without HTTPS_PROXY: https requests, i.e. all of go's, bypass the proxy",
  check(ctx) {
    const c = proxyEnv(ctx);
    if (c.httpProxy.from === null || c.httpsProxy.from !== null) return [];
    const targets = httpsEndpoints(ctx).filter((u) => proxyForURL(c, u).proxy === null);
    if (targets.length === 0) return [];
    const value = c.httpProxy.value;
    const hasCredentials = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/@]*@/.test(value);
    const f: Finding = {
      id: this.id,
      severity: "warning",
      cause: "http-proxy-misconfig",
      message: `${c.httpProxy.from} is set but HTTPS_PROXY is not: go uses ${c.httpProxy.from} for http:// URLs only, so its https requests (${targets.map(redactURL).join(", ")}) go direct. Where the network allows only the proxy they time out.`,
      // The user's own proxy, for https too; a proxy URL with credentials is not copied (the secret stays put).
      ...(hasCredentials
        ? { fix: [`export HTTPS_PROXY="$${c.httpProxy.from}"`] }
        : fixOf(ctx, [setChange(ctx.resolved, "HTTPS_PROXY", value)])),
    };
    return [f];
  },
};

const noProxyCoversMirror: LintRule = {
  id: "httpproxy.no-proxy-covers-mirror",
  summary: "NO_PROXY exempts a GOPROXY mirror or the checksum database from the configured proxy",
  check(ctx) {
    const c = proxyEnv(ctx);
    if (c.httpsProxyURL === null || c.noProxy.from === null) return [];
    const exempt = httpsEndpoints(ctx).flatMap((u) => {
      const choice = proxyForURL(c, u);
      return choice.proxy === null && choice.error === undefined ? [{ url: u, reason: choice.reason }] : [];
    });
    if (exempt.length === 0) return [];
    const list = exempt.map((e) => `${redactURL(e.url)} (${e.reason})`).join(", ");
    return [
      {
        id: this.id,
        severity: "info",
        cause: null,
        message: `Not sent through the proxy: ${list}; go connects directly. Right for a mirror inside the network; where only the proxy can reach it, remove its entry from ${c.noProxy.from}.`,
        fix: [],
      },
    ];
  },
};

/** The HTTP-proxy rules, in report order. */
export const HTTPPROXY_RULES: readonly LintRule[] = [httpOnly, noProxyCoversMirror];
