/**
 * `goproxy-doctor explain MODULE[@VERSION]`: the route of one module under this machine's configuration.
 */
import { proxyConfigFromEnv, proxyForURL } from "../core/httpproxy.js";
import { redactURL } from "../core/redact.js";
import { type Route, routeModule } from "../core/route.js";
import { checkGOVCS, parseGOVCS } from "../core/vcs/govcs.js";
import { type Origin, originOf } from "../core/vcs/origin.js";
import { type EnvOptions, type EnvReport, envReport, goosOf } from "./env.js";
import { planToolchain, type ToolchainPlan } from "./toolchain-plan.js";

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
  /** One hop per distinct URL the route contacts (proxies or the origin, checksum database). */
  readonly hops: readonly ProxyHop[];
  /** For a direct route: where go finds the repository, and GOVCS's verdict; else null. */
  readonly direct: DirectOrigin | null;
  /** Go ≥ 1.21: which go runs the command in the current directory (GOTOOLCHAIN, go.work/go.mod); else null. */
  readonly toolchain: ToolchainPlan | null;
}

/** Splits `M@V` (the version part may be absent). */
export function splitModuleArg(arg: string): { module: string; version: string | null } {
  const at = arg.lastIndexOf("@");
  if (at <= 0) return { module: arg, version: null };
  return { module: arg.slice(0, at), version: arg.slice(at + 1) };
}

/**
 * Where a direct fetch goes first (core/vcs/origin.ts): the go-get discovery page, or the repository (every
 * VCS go knows tries https first when only secure schemes are allowed); null when go refuses the path.
 */
function firstOriginURL(o: Origin): string | null {
  if (o.kind === "discovery") return o.discoveryURL;
  if (o.kind === "known-host") return o.repoURL;
  if (o.kind === "vcs-suffix") return `https://${o.repo}`;
  return null;
}

/** A direct route's origin and what GOVCS says of it (null: allowed, or not known before discovery). */
export interface DirectOrigin {
  readonly origin: Origin;
  readonly govcsError: string | null;
}

function directOrigin(route: Route, vars: EnvReport["resolved"]["vars"]): DirectOrigin | null {
  if (route.error !== null || route.proxy.mode !== "direct") return null;
  const origin = originOf(route.module);
  const govcsError =
    origin.kind === "known-host" || origin.kind === "vcs-suffix"
      ? checkGOVCS(parseGOVCS(vars.GOVCS?.value ?? ""), origin.vcs, origin.root, vars.GOPRIVATE?.value ?? "")
      : null;
  return { origin, govcsError };
}

function hopURLs(route: Route, direct: DirectOrigin | null): string[] {
  const first = direct === null ? null : firstOriginURL(direct.origin);
  const urls =
    route.proxy.mode === "direct"
      ? first === null
        ? []
        : [first]
      : route.proxy.entries.filter((e) => e.kind === "url").map((e) => e.url);
  if (route.checksum.url !== null) urls.push(route.checksum.url);
  return [...new Set(urls)];
}

/** Explains the route of `arg` (MODULE or MODULE@VERSION). No network access; runs go only if opts allow. */
export async function explain(arg: string, opts: EnvOptions = {}): Promise<ExplainReport> {
  const { module, version } = splitModuleArg(arg);
  const env = await envReport({ ...opts, crossCheck: opts.crossCheck ?? false });
  const route = routeModule(env.resolved.vars, module, version);
  const direct = directOrigin(route, env.resolved.vars);
  const config = proxyConfigFromEnv(opts.env ?? process.env);
  const hops = hopURLs(route, direct).map((url) => {
    const hop = proxyForURL(config, url);
    return {
      url: redactURL(url),
      proxy: hop.proxy === null ? null : redactURL(hop.proxy),
      reason: hop.reason,
      error: hop.error ?? null,
    };
  });
  const processEnv = opts.env ?? process.env;
  const toolchain = planToolchain(
    process.cwd(),
    processEnv,
    env.resolved.vars,
    env.answeredFor.version,
    goosOf(),
  );
  return { route, env, hops, direct, toolchain };
}
