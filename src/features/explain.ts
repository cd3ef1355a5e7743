/**
 * `goproxy-doctor explain MODULE[@VERSION]`: the route of one module under this machine's configuration.
 */
import { proxyConfigFromEnv, proxyForURL } from "../core/httpproxy.js";
import { redactURL } from "../core/redact.js";
import { type Route, routeModule } from "../core/route.js";
import { type EnvOptions, type EnvReport, envReport } from "./env.js";

/** Which HTTP proxy a URL goes through, and why (Go's ProxyFromEnvironment rules). */
export interface ProxyHop {
  readonly url: string;
  readonly proxy: string | null;
  readonly reason: string;
  readonly error: string | null;
}

/** The explain feature's result. */
export interface ExplainReport {
  readonly route: Route;
  readonly env: EnvReport;
  /** One hop per distinct URL the route contacts (proxies, checksum database). */
  readonly hops: readonly ProxyHop[];
}

/** Splits `M@V` (the version part may be absent). */
export function splitModuleArg(arg: string): { module: string; version: string | null } {
  const at = arg.lastIndexOf("@");
  if (at <= 0) return { module: arg, version: null };
  return { module: arg.slice(0, at), version: arg.slice(at + 1) };
}

/** Hosts go reaches with the VCS directly, without go-get discovery (vcs/vcs.go:vcsPaths). */
const STATIC_HOSTS = [
  "github.com",
  "bitbucket.org",
  "hub.jazz.net",
  "git.apache.org",
  "git.openstack.org",
  "chiselapp.com",
];

/** The first URL a direct fetch of modulePath requests: go-get discovery, or the repository of a known host. */
export function directURL(modulePath: string): string {
  const host = modulePath.split("/")[0]!;
  if (STATIC_HOSTS.includes(host)) return `https://${modulePath.split("/").slice(0, 3).join("/")}`;
  return `https://${modulePath}?go-get=1`;
}

function hopURLs(route: Route): string[] {
  const urls =
    route.proxy.mode === "direct"
      ? [directURL(route.module)]
      : route.proxy.entries.filter((e) => e.kind === "url").map((e) => e.url);
  if (route.checksum.url !== null) urls.push(route.checksum.url);
  return [...new Set(urls)];
}

/** Explains the route of `arg` (MODULE or MODULE@VERSION). No network access; runs go only if opts allow. */
export async function explain(arg: string, opts: EnvOptions = {}): Promise<ExplainReport> {
  const { module, version } = splitModuleArg(arg);
  const env = await envReport({ ...opts, crossCheck: opts.crossCheck ?? false });
  const route = routeModule(env.resolved.vars, module, version);
  const config = proxyConfigFromEnv(opts.env ?? process.env);
  const hops = hopURLs(route).map((url) => {
    const hop = proxyForURL(config, url);
    return {
      url: redactURL(url),
      proxy: hop.proxy === null ? null : redactURL(hop.proxy),
      reason: hop.reason,
      error: hop.error ?? null,
    };
  });
  return { route, env, hops };
}
