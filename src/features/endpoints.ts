/**
 * The endpoint step of `check`: every GOPROXY URL entry and the checksum database, probed through the
 * phases go's HTTP client goes through (adapters/net/probe.ts), with the HTTP proxy and the TLS roots go
 * would use, concurrently and under one deadline; each failure becomes a finding with its cause and fix.
 */
import { goRoots } from "../adapters/machine/roots.js";
import { type Lookup, type ProbeResult, probeURL } from "../adapters/net/probe.js";
import { CAUSE_INFO } from "../core/causes.js";
import type { EnvValue } from "../core/config/environment.js";
import { parseProxyList } from "../core/config/goproxy.js";
import { parseGOSUMDB } from "../core/config/gosumdb.js";
import type { Finding } from "../core/finding.js";
import { proxyConfigFromEnv, proxyForURL } from "../core/httpproxy.js";

type Env = Readonly<Record<string, string | undefined>>;

import { redactURL } from "../core/redact.js";

/** One probed endpoint (check/v1 `endpoints[]`). */
export interface Endpoint {
  /** "proxy": a GOPROXY entry (probed at its /sumdb/<name>/supported, or its root when GOSUMDB=off); "sumdb": the database directly. */
  readonly role: "proxy" | "sumdb";
  /** The GOPROXY entry or database URL, redacted. */
  readonly entry: string;
  readonly result: ProbeResult;
}

/** Options of the endpoint step. */
export interface EndpointOptions {
  /** Deadline of each phase, ms. */
  readonly phaseTimeoutMs: number;
  /** Deadline of the whole step, ms: a hanging server costs at most this. */
  readonly deadlineMs: number;
  /** Name resolution (tests inject a hosts map); the system resolver otherwise. */
  readonly lookup?: Lookup;
}

type Vars = Readonly<Record<string, EnvValue>>;

interface Target {
  readonly role: Endpoint["role"];
  readonly entry: string;
  readonly url: string;
  /** The first GOPROXY URL entry: the one every download starts with. */
  readonly first: boolean;
  /** What go does when this entry fails with a network error or a non-404/410 status. */
  readonly onError: "stop" | "next" | "last";
}

function targets(vars: Vars): Target[] {
  const list = parseProxyList(vars.GOPROXY?.value ?? "", vars.GONOPROXY?.value ?? "");
  const sumdb = parseGOSUMDB(vars.GOSUMDB?.value ?? "");
  const name = !sumdb.off && "config" in sumdb ? sumdb.config.name : null;
  const out: Target[] = list.entries
    .filter((e) => e.kind === "url")
    .map((e, i) => {
      const base = e.url.replace(/\/$/, "");
      return {
        role: "proxy" as const,
        entry: e.url,
        url: name === null ? `${base}/` : `${base}/sumdb/${name}/supported`,
        first: i === 0,
        onError: !e.hasNext ? ("last" as const) : e.fallBackOnError ? ("next" as const) : ("stop" as const),
      };
    });
  if (!sumdb.off && "config" in sumdb) {
    const base = (sumdb.config.url ?? `https://${sumdb.config.name}`).replace(/\/$/, "");
    out.push({ role: "sumdb", entry: base, url: `${base}/latest`, first: false, onError: "last" });
  }
  return out;
}

function phaseText(r: ProbeResult): string {
  const phase = r.failedPhase === null ? null : r[r.failedPhase];
  const said = r.goError ?? phase?.error ?? (r.timedOut ? "no answer in time" : "failed");
  return `${r.failedPhase ?? "http"} ${r.timedOut ? "timed out" : "failed"}: ${said}`;
}

/** What the failure means for `go get` / `go mod download`. */
function consequence(e: Endpoint, t: Target, needed: boolean): string {
  if (e.role === "sumdb")
    return needed
      ? "No GOPROXY entry serves the checksum database either, so every module not yet in go.sum fails to verify (`verifying module: …`) unless GOPRIVATE/GONOSUMDB covers it."
      : "Go reaches it through a GOPROXY entry that serves /sumdb/, so this alone does not break downloads.";
  if (t.first && t.onError === "next") return "The next GOPROXY entry follows a `|`, so go falls back to it.";
  if (!needed) return "Go reaches this entry only after an earlier one fails.";
  if (t.onError === "stop")
    return "The next GOPROXY entry follows a `,`, which go tries only after 404/410: every download fails here.";
  return "It is the only GOPROXY entry: every download fails here.";
}

/** Whether go can use a proxy entry's checksum-database endpoint (its /supported answered 200). */
function supportsSumdb(e: Endpoint): boolean {
  return e.role === "proxy" && e.result.cause === null && e.result.http?.status === 200;
}

function findingsFor(e: Endpoint, t: Target, endpoints: readonly Endpoint[], rootsSource: string): Finding[] {
  const r = e.result;
  const out: Finding[] = [];
  const tls = r.tls;
  if (tls !== null && tls.nodeTrusted === true && tls.goTrusted === false)
    out.push({
      id: "endpoint.tls-go-only",
      severity: "error",
      cause: "tls-untrusted",
      message: `${e.entry}: Node.js trusts this server's certificate (issuer ${tls.issuerCN ?? "?"}) but go would not: go reads only ${rootsSource} — the classic TLS-interception case.`,
      fix: CAUSE_INFO["tls-untrusted"].fixes,
      evidence: [tls.goVerifyError ?? ""],
    });
  if (r.cause === null) return out;
  // The database direct matters only when no proxy entry serves it; other entries only after the first fails.
  const needed = e.role === "sumdb" ? !endpoints.some(supportsSumdb) : t.first && t.onError !== "next";
  out.push({
    id: `endpoint.${r.cause}`,
    severity: needed ? "error" : "warning",
    cause: r.cause,
    message: `${e.role === "sumdb" ? "checksum database" : "GOPROXY entry"} ${e.entry}: ${phaseText(r)}. ${consequence(e, t, needed)}`,
    fix: CAUSE_INFO[r.cause].fixes,
    evidence: [`GET ${r.url}${r.via === null ? "" : ` via ${r.via}`}`],
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
  const list = targets(vars);
  const roots = goRoots(env);
  const proxyConfig = proxyConfigFromEnv(env);
  const signal = AbortSignal.timeout(opts.deadlineMs);
  const endpoints = await Promise.all(
    list.map(async (t) => {
      const proxy = proxyForURL(proxyConfig, t.url);
      const result = await probeURL(t.url, {
        phaseTimeoutMs: opts.phaseTimeoutMs,
        signal,
        proxy: proxy.proxy,
        goRoots: roots.pems,
        ...(opts.lookup && { lookup: opts.lookup }),
      });
      return { role: t.role, entry: redactURL(t.entry), result };
    }),
  );
  const findings = endpoints.flatMap((e, i) => findingsFor(e, list[i]!, endpoints, roots.source));
  return { endpoints, findings };
}
