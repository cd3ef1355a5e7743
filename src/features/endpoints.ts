/**
 * The endpoint step of `check`: every GOPROXY URL entry and the checksum database — and the origin of every
 * module checked that go fetches directly (core/vcs/origin.ts) — probed through the phases go's HTTP client
 * goes through (adapters/net/probe.ts), with the HTTP proxy and the TLS roots go would use, concurrently and
 * under one deadline; each failure becomes a finding with its cause and fix.
 */

import { readNetrc } from "../adapters/machine/netrc.js";
import { goRoots } from "../adapters/machine/roots.js";
import { type Lookup, type ProbeResult, probeURL } from "../adapters/net/probe.js";
import { CAUSE_INFO, type Cause } from "../core/causes.js";
import type { EnvValue } from "../core/config/environment.js";
import { type ProxyEntry, type ProxyList, parseProxyList } from "../core/config/goproxy.js";
import { parseGOSUMDB, type SumdbSetting } from "../core/config/gosumdb.js";
import type { GoVersion } from "../core/config/goversion.js";
import type { Finding } from "../core/finding.js";
import { proxyConfigFromEnv, proxyForURL } from "../core/httpproxy.js";

type Env = Readonly<Record<string, string | undefined>>;

import type { NetrcEntry } from "../core/netrc.js";
import { redactURL } from "../core/redact.js";
import { type EntryAnswer, walkProxies } from "../core/tryproxies.js";
import { type Origin, originOf, originProbeURL } from "../core/vcs/origin.js";

/** One probed endpoint (check/v1 `endpoints[]`). */
export interface Endpoint {
  /**
   * "proxy": a GOPROXY entry (probed at its /sumdb/<name>/supported, or its root when GOSUMDB=off); "sumdb":
   * the database directly; "vcs": the origin of a module go fetches directly (its go-get discovery page, or
   * the git smart-HTTP URL of a repository on a host go knows).
   */
  readonly role: "proxy" | "sumdb" | "vcs";
  /** The GOPROXY entry or database URL, redacted; for "vcs", the module path. */
  readonly entry: string;
  readonly result: ProbeResult;
}

/** Options of the endpoint step. */
export interface EndpointOptions {
  /** Deadline of each phase, ms. */
  readonly phaseTimeoutMs: number;
  /** The credentials go sends (GOAUTH, adapters/machine/goauth.ts); default: the .netrc. */
  readonly netrc?: readonly NetrcEntry[];
  /** Deadline of the whole step, ms: a hanging server costs at most this. */
  readonly deadlineMs: number;
  /** Name resolution (tests inject a hosts map); the system resolver otherwise. */
  readonly lookup?: Lookup;
  /** resolv.conf's name servers, for go's DNS error texts (only with the system resolver). */
  readonly nameservers?: readonly string[];
  /** Told when each probe starts and ends (for live progress). */
  readonly onProgress?: (e: ProgressEvent) => void;
  /** The go whose error texts are given (ProbeOptions.goVersion). */
  readonly goVersion?: GoVersion;
  /** Module paths checked whose route is direct (GOPRIVATE / GONOPROXY / GOPROXY=direct): their origins are probed. */
  readonly directModules?: readonly string[];
}

/** One step of check starting or ending, for a live display. */
export interface ProgressEvent {
  readonly step: "endpoint" | "module";
  /** The endpoint URL or module@version, redacted. */
  readonly label: string;
  readonly state: "start" | "ok" | "fail";
}

type Vars = Readonly<Record<string, EnvValue>>;

interface Target {
  readonly role: Endpoint["role"];
  /** The GOPROXY entry probed (role "proxy"). */
  readonly proxyEntry: ProxyEntry | null;
  readonly entry: string;
  readonly url: string;
  /** The first GOPROXY URL entry: the one every download starts with. */
  readonly first: boolean;
  /** What go does when this entry fails with a network error or a non-404/410 status. */
  readonly onError: "stop" | "next" | "last";
  /** Role "vcs": how go finds the repository. */
  readonly origin?: Origin;
}

/** How go reaches the checksum database (modfetch/sumdb.go:dbClient.initBase). */
type SumdbAccess =
  | { readonly kind: "explicit-url" }
  | { readonly kind: "via-proxy"; readonly entry: string }
  | { readonly kind: "direct" }
  | { readonly kind: "unavailable"; readonly entry: string };

/** One "vcs" target per origin URL of the modules go fetches directly (a refused path has none). */
function originTargets(modules: readonly string[]): Target[] {
  const out = new Map<string, Target>();
  for (const module of modules) {
    const origin = originOf(module);
    const url = originProbeURL(origin);
    if (url === null || out.has(url)) continue;
    out.set(url, {
      role: "vcs",
      proxyEntry: null,
      entry: module,
      url,
      first: false,
      onError: "last",
      origin,
    });
  }
  return [...out.values()];
}

/**
 * A vcs probe's cause: the connection-level one as probed, or from the HTTP answer: 401/403 from git's smart
 * HTTP means git will ask for credentials (vcs-auth); any other status says nothing certain (a discovery
 * page may carry its go-import tag on a 404), so none.
 */
function vcsCause(r: ProbeResult, origin: Origin | undefined): Cause | null {
  if (r.cause === null || r.failedPhase !== "http" || refusedToSend(r) || r.http?.status == null)
    return r.cause;
  const s = r.http.status;
  return origin?.kind !== "discovery" && (s === 401 || s === 403) ? "vcs-auth" : null;
}

function targets(list: ProxyList, sumdb: SumdbSetting): Target[] {
  // GOSUMDB with an explicit URL is used as is: go never asks a proxy's /sumdb/ then.
  const name = !sumdb.off && "config" in sumdb && sumdb.config.url === null ? sumdb.config.name : null;
  // A file:// entry is read from disk (web/http.go getFile): nothing to probe on the network.
  const out: Target[] = list.entries
    .filter((e) => e.kind === "url" && !/^file:/i.test(e.url))
    .map((e, i) => {
      const base = e.url.replace(/\/$/, "");
      return {
        role: "proxy" as const,
        proxyEntry: e,
        entry: e.url,
        url: name === null ? `${base}/` : `${base}/sumdb/${name}/supported`,
        first: i === 0,
        onError: !e.hasNext ? ("last" as const) : e.fallBackOnError ? ("next" as const) : ("stop" as const),
      };
    });
  if (!sumdb.off && "config" in sumdb) {
    const base = (sumdb.config.url ?? `https://${sumdb.config.name}`).replace(/\/$/, "");
    out.push({
      role: "sumdb",
      proxyEntry: null,
      entry: base,
      url: `${base}/latest`,
      first: false,
      onError: "last",
    });
  }
  return out;
}

/** Credentials on an http:// URL: go sends nothing (web/http.go:get), so neither did the probe. */
function refusedToSend(r: ProbeResult): boolean {
  return r.http?.code === "insecure-credentials";
}

function phaseText(r: ProbeResult): string {
  if (refusedToSend(r)) return `go refuses to send the request: ${r.goError}`;
  const phase = r.failedPhase === null ? null : r[r.failedPhase];
  const said = r.goError ?? phase?.error ?? (r.timedOut ? "no answer in time" : "failed");
  return `${r.failedPhase ?? "http"} ${r.timedOut ? "timed out" : "failed"}: ${said}`;
}

/**
 * Where go's database lookups go, from the probes of each entry's /sumdb/<name>/supported, walked as
 * initBase walks them (TryProxies): 200 serves, 404/410 or direct/off move on (then direct), any other
 * answer makes the database unavailable.
 */
function sumdbAccess(
  list: ProxyList,
  sumdb: SumdbSetting,
  probed: ReadonlyMap<ProxyEntry, ProbeResult>,
): SumdbAccess {
  if (!sumdb.off && "config" in sumdb && sumdb.config.url !== null) return { kind: "explicit-url" };
  const walk = walkProxies(list.entries, false, (e): EntryAnswer => {
    const r = e.kind === "url" ? probed.get(e) : undefined;
    if (r === undefined) return { kind: "not-exist", error: "go direct" };
    const status = r.http?.status;
    if (r.cause === null && status === 200) return { kind: "ok" };
    if (status === 404 || status === 410) return { kind: "not-exist", error: String(status) };
    return r.timedOut ? { kind: "hang" } : { kind: "error", error: r.goError ?? "failed" };
  });
  if (walk.servedBy !== null) return { kind: "via-proxy", entry: walk.servedBy.url };
  if (!walk.hang && (walk.error === null || walk.error.notExist)) return { kind: "direct" };
  return { kind: "unavailable", entry: walk.tried.at(-1)?.url ?? "" };
}

/** What the failure means for `go get` / `go mod download`. */
function consequence(e: Endpoint, t: Target, needed: boolean, access: SumdbAccess | null): string {
  if (e.role === "sumdb")
    switch (access?.kind) {
      case "explicit-url":
        return "GOSUMDB names this URL, so go asks no proxy: every module not yet in go.sum fails to verify (`verifying module: …`) unless GOPRIVATE/GONOSUMDB covers it.";
      case "direct":
        return "No GOPROXY entry serves the checksum database, so go connects to it directly: every module not yet in go.sum fails to verify (`verifying module: …`) unless GOPRIVATE/GONOSUMDB covers it.";
      case "via-proxy":
        return `Go reaches it through ${redactURL(access.entry)}, so this alone does not break downloads.`;
      default:
        return "Go does not come this far anyway: an earlier /sumdb/ check failed, which go treats as the database being unavailable.";
    }
  const sumdbDown =
    access?.kind === "unavailable" && e.entry === redactURL(access.entry)
      ? " Go also treats the failed /sumdb/ check as the checksum database being unavailable: every module not yet in go.sum fails to verify."
      : "";
  // A failure before any HTTP answer (name, connection, proxy, TLS) hits module downloads from this host as
  // well, and so does go's refusal to send the entry's credentials; an HTTP status on /sumdb/…/supported
  // says nothing about the module paths.
  const hostDown =
    (e.result.failedPhase !== null && e.result.failedPhase !== "http") || refusedToSend(e.result);
  if (!hostDown) return sumdbDown.trim() || "Only this entry's /sumdb/ endpoint answered so.";
  return `${downloads(t, needed)}${sumdbDown}`;
}

/** What a connection-level failure of a proxy entry means for module downloads (TryProxies). */
function downloads(t: Target, needed: boolean): string {
  if (t.first && t.onError === "next") return "The next GOPROXY entry follows a `|`, so go falls back to it.";
  if (!needed) return "Go reaches this entry only after an earlier one fails.";
  if (t.onError === "stop")
    return "The next GOPROXY entry follows a `,`, which go tries only after 404/410: every download fails here.";
  return "It is the only GOPROXY entry: every download fails here.";
}

/** How go finds a module's repository, for people. */
function originText(o: Origin | undefined): string {
  if (o?.kind === "known-host") return `a ${o.vcs} repository on a host go knows, ${o.root}`;
  if (o?.kind === "vcs-suffix") return `a ${o.vcs} repository named by its path, ${o.root}`;
  return "go-get discovery";
}

/** A finding for an origin go cannot use: the module's direct download fails there. */
function originFinding(e: Endpoint, t: Target): Finding[] {
  const r = e.result;
  if (r.cause === null) return [];
  const auth = r.cause === "vcs-auth";
  return [
    {
      id: `endpoint.vcs.${r.cause}`,
      severity: auth ? "warning" : "error",
      cause: r.cause,
      role: r.failedPhase === "proxy" ? "http-proxy" : "vcs",
      message: auth
        ? `origin of ${e.entry} (${originText(t.origin)}): HTTP ${r.http?.status}: git will need credentials for it; go runs git without a terminal, so unless .netrc or a git credential helper supplies them the download fails (\`terminal prompts disabled\`).`
        : `origin of ${e.entry} (${originText(t.origin)}): ${phaseText(r)}. go fetches this module directly, from there: its download fails. (git itself uses its own proxy settings and CA bundle, not go's.)`,
      // The cause's other fixes speak of GOPROXY mirrors, which a direct fetch does not use.
      fix: auth
        ? CAUSE_INFO[r.cause].fixes
        : [
            ...CAUSE_INFO[r.cause].fixes.slice(0, 1),
            `The origin must be reachable where go runs (VPN, the container's network, a firewall rule), or the module served by a GOPROXY that reaches it.`,
          ],
      evidence: [`GET ${r.url}${r.via === null ? "" : ` via ${r.via}`}`],
    },
  ];
}

function findingsFor(
  e: Endpoint,
  t: Target,
  access: SumdbAccess | null,
  rootsSource: () => string,
): Finding[] {
  if (e.role === "vcs") return originFinding(e, t);
  const r = e.result;
  const out: Finding[] = [];
  const tls = r.tls;
  if (tls !== null && tls.nodeTrusted === true && tls.goTrusted === false)
    out.push({
      id: "endpoint.tls-go-only",
      severity: "error",
      cause: "tls-untrusted",
      role: e.role,
      message: `${e.entry}: Node.js trusts this server's certificate (issuer ${tls.issuerCN ?? "?"}) but go would not: go reads only ${rootsSource()} — the classic TLS-interception case.`,
      fix: CAUSE_INFO["tls-untrusted"].fixes,
      evidence: [tls.goVerifyError ?? ""],
    });
  if (r.cause === null) return out;
  // The database URL matters when go goes there; a proxy entry when every download starts there and stops.
  const needed =
    e.role === "sumdb"
      ? access?.kind === "direct" || access?.kind === "explicit-url"
      : t.first && t.onError !== "next";
  out.push({
    id: `endpoint.${r.cause}`,
    severity: needed ? "error" : "warning",
    cause: r.cause,
    role: r.failedPhase === "proxy" ? "http-proxy" : e.role,
    message: `${e.role === "sumdb" ? "checksum database" : "GOPROXY entry"} ${e.entry}: ${phaseText(r)}. ${consequence(e, t, needed, access)}`,
    fix: CAUSE_INFO[r.cause].fixes,
    evidence: [
      `GET ${r.url}${r.via === null ? "" : ` via ${r.via}`}${refusedToSend(r) ? " (not sent)" : ""}`,
    ],
  });
  return out;
}

/**
 * Probes every endpoint concurrently; the whole step ends by opts.deadlineMs whatever the servers do.
 * Never throws.
 */
export async function checkEndpoints(
  vars: Vars,
  env: Env,
  opts: EndpointOptions,
): Promise<{ endpoints: Endpoint[]; findings: Finding[] }> {
  const list = parseProxyList(vars.GOPROXY?.value ?? "", vars.GONOPROXY?.value ?? "");
  const sumdb = parseGOSUMDB(vars.GOSUMDB?.value ?? "");
  const all = [...targets(list, sumdb), ...originTargets(opts.directModules ?? [])];
  const roots = () => goRoots(env);
  const netrc = opts.netrc ?? readNetrc(env, opts.goVersion);
  const proxyConfig = proxyConfigFromEnv(env);
  const signal = AbortSignal.timeout(opts.deadlineMs);
  const findings: Finding[] = [];
  const probed = await Promise.all(
    all.map(async (t) => {
      const choice = proxyForURL(proxyConfig, t.url);
      if (choice.error !== undefined) {
        // go refuses the request itself (HTTP_PROXY in a CGI environment): nothing to probe.
        findings.push({
          id: "endpoint.http-proxy-misconfig",
          severity: "error",
          cause: "http-proxy-misconfig",
          role: "http-proxy",
          message: `${redactURL(t.entry)}: go refuses to send this request: ${choice.error}.`,
          fix: CAUSE_INFO["http-proxy-misconfig"].fixes,
        });
        return null;
      }
      const label = redactURL(t.url);
      opts.onProgress?.({ step: "endpoint", label, state: "start" });
      const result = await probeURL(t.url, {
        phaseTimeoutMs: opts.phaseTimeoutMs,
        signal,
        proxy: choice.proxy,
        goRoots: () => roots().pems,
        netrc,
        ...(opts.goVersion && { goVersion: opts.goVersion }),
        ...(opts.lookup && { lookup: opts.lookup }),
        ...(opts.nameservers && { nameservers: opts.nameservers }),
      });
      const r = t.role === "vcs" ? { ...result, cause: vcsCause(result, t.origin) } : result;
      opts.onProgress?.({ step: "endpoint", label, state: r.cause === null ? "ok" : "fail" });
      return { target: t, endpoint: { role: t.role, entry: redactURL(t.entry), result: r } };
    }),
  );
  const done = probed.filter((p) => p !== null);
  const byEntry = new Map(
    done.flatMap((p) => (p.target.proxyEntry ? [[p.target.proxyEntry, p.endpoint.result] as const] : [])),
  );
  const access = sumdb.off || !("config" in sumdb) ? null : sumdbAccess(list, sumdb, byEntry);
  for (const p of done) findings.push(...findingsFor(p.endpoint, p.target, access, () => roots().source));
  return { endpoints: done.map((p) => p.endpoint), findings };
}
