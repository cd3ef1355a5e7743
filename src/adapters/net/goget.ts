/**
 * One GET as the go command's HTTP client would experience it (cmd/go/internal/web/http.go:get): the
 * answer with its status line, content type and body, or — when no answer comes — go's own words for the
 * failure (`dial tcp …: connect: connection refused`, `x509: …`), found by probing the URL phase by phase.
 * A server that accepts the request and never answers is reported as a hang: go sets no timeout there.
 */

import { STATUS_CODES } from "node:http";
import tls from "node:tls";
import type { Cause } from "../../core/causes.js";
import type { GoVersion } from "../../core/config/goversion.js";
import { type ProxyConfig, proxyForURL } from "../../core/httpproxy.js";
import type { NetrcEntry, NetrcMatch } from "../../core/netrc.js";
import type { ProxyResponse } from "../../core/proxyanswer.js";
import { redactURL } from "../../core/redact.js";
import { type RootsSource, rootsOf } from "../machine/roots.js";
import type { GetMemo } from "./getmemo.js";
import { httpGet } from "./http.js";
import { type Lookup, probeURL } from "./probe.js";

/** Options of one GET. */
export interface GoGetOptions {
  /** How long to wait for the whole answer before calling it a hang, ms. */
  readonly timeoutMs: number;
  /** Body bytes kept; beyond that the response is marked truncated. */
  readonly maxBytes: number;
  readonly proxyConfig: ProxyConfig;
  /** The certificates go trusts (PEM); Node's store when absent. */
  readonly goRoots?: RootsSource;
  readonly signal?: AbortSignal;
  readonly lookup?: Lookup;
  /** .netrc entries (adapters/machine/netrc.readNetrc). */
  readonly netrc?: readonly NetrcEntry[];
  /** How a .netrc machine matches a URL (core/netrc.ts netrcMatchOf). */
  readonly netrcMatch?: NetrcMatch;
  /** The go whose error texts are given (ProbeOptions.goVersion). */
  readonly goVersion?: GoVersion;
  /** Reuse keep-alive connections (adapters/net/http.ts; the caller calls closeKeptAlive()). */
  readonly keepAlive?: boolean;
  /** resolv.conf's name servers, for go's DNS error texts (ProbeOptions.nameservers). */
  readonly nameservers?: readonly string[];
  /** The run's memo of answers (http.ts GetMemo): a request already made is not made again. */
  readonly memo?: GetMemo;
}

/** A response plus what we learnt about a failure: its cause, and how long it took (ms). */
export interface GoGetResult {
  readonly response: ProxyResponse;
  /** The cause of a transport failure or hang (core/causes.ts), else null. */
  readonly cause: Cause | null;
  readonly ms: number;
}

/** net/http's Response.Status: the code and its reason phrase. */
export function statusLine(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? "status code " + status}`.trim();
}

/**
 * GETs url with go's proxy choice, TLS roots and redirect rules. Never throws. On a transport failure the
 * URL is probed again phase by phase for go's error text; credentials never reach the result.
 */
export async function goGet(url: string, opts: GoGetOptions): Promise<GoGetResult> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  const choice = proxyForURL(opts.proxyConfig, url);
  const shown = redactURL(url);
  if (choice.error)
    return {
      response: { kind: "transport", goError: `Get "${shown}": ${choice.error}` },
      cause: "http-proxy-misconfig",
      ms: ms(),
    };
  const r = await httpGet(url, {
    timeoutMs: opts.timeoutMs,
    maxBytes: opts.maxBytes,
    proxy: choice.proxy,
    // Roots matter only for TLS (to the target or to an https proxy); loading them costs milliseconds.
    ...(opts.goRoots &&
      (url.startsWith("https:") || choice.proxy?.startsWith("https:")) && { ca: rootsOf(opts.goRoots) }),
    ...(opts.netrc && { netrc: opts.netrc }),
    ...(opts.netrcMatch && { netrcMatch: opts.netrcMatch }),
    ...(opts.keepAlive && { keepAlive: true }),
    ...(opts.signal && { signal: opts.signal }),
    ...(opts.memo && { memo: opts.memo }),
  });
  // From here on, time is the request's own duration (an answer from the memo took what it took when it was
  // made) plus what follows it (the phase-by-phase probe of a failure).
  const answered = performance.now();
  const after = () => Math.round(r.ms + performance.now() - answered);
  if (r.ok)
    return {
      response: {
        kind: "status",
        url: r.url,
        status: r.status,
        statusLine: statusLine(r.status),
        contentType: r.contentType === "" ? null : r.contentType,
        body: r.body,
        truncated: r.truncated,
      },
      cause: null,
      ms: after(),
    };
  if (r.code === "insecure-credentials")
    return { response: { kind: "transport", goError: r.error }, cause: "insecure-refused", ms: after() };
  if (r.code === "redirects" || r.code === "insecure-redirect")
    return { response: { kind: "transport", goError: r.error }, cause: "proxy-error", ms: after() };
  const probe = await probeURL(url, {
    phaseTimeoutMs: opts.timeoutMs,
    proxy: choice.proxy,
    goRoots: opts.goRoots ?? tls.rootCertificates,
    ...(opts.goVersion && { goVersion: opts.goVersion }),
    ...(opts.signal && { signal: opts.signal }),
    ...(opts.lookup && { lookup: opts.lookup }),
    ...(opts.nameservers && { nameservers: opts.nameservers }),
  });
  // A status on the second try is not what the first one met: only transport texts are taken.
  if (probe.goError !== null && !probe.goError.startsWith("reading "))
    return {
      response: { kind: "transport", goError: `Get "${shown}": ${probe.goError}` },
      cause: probe.cause,
      ms: after(),
    };
  if (r.timedOut || probe.timedOut) return { response: { kind: "hang" }, cause: "timeout", ms: after() };
  return {
    response: { kind: "transport", goError: `Get "${shown}": ${r.error}` },
    cause: probe.cause ?? "connect-failure",
    ms: after(),
  };
}
