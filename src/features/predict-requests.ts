/**
 * The requests of a download prediction: one GET as go makes it (adapters/net/goget.ts, with the
 * prediction's deadline, roots, .netrc and memo), its record, and the empty prediction fields both the GOPROXY
 * walk (predict.ts) and the direct route (predict-direct.ts) start from.
 */
import { type GoGetResult, goGet } from "../adapters/net/goget.js";
import { VERIFIED_GO } from "../core/config/goversion.js";
import type { ProxyConfig } from "../core/httpproxy.js";
import { type NetrcEntry, netrcMatchOf } from "../core/netrc.js";
import { redactURL } from "../core/redact.js";
import type { PredictedRequest, PredictOptions } from "./predict-model.js";

/** One GET as go makes it (goGet), with the prediction's deadline, roots, .netrc and memo. */
export function fetchURL(
  url: string,
  maxBytes: number,
  opts: PredictOptions,
  get: { proxyConfig: ProxyConfig; netrc: readonly NetrcEntry[] },
): Promise<GoGetResult> {
  return goGet(url, {
    timeoutMs: opts.timeoutMs,
    maxBytes,
    proxyConfig: get.proxyConfig,
    goRoots: opts.goRoots,
    netrc: get.netrc,
    netrcMatch: netrcMatchOf(opts.goVersion ?? VERIFIED_GO[0]!),
    ...(opts.goVersion && { goVersion: opts.goVersion }),
    ...(opts.nameservers && { nameservers: opts.nameservers }),
    ...(opts.keepAlive && { keepAlive: true }),
    ...(opts.signal && { signal: opts.signal }),
    ...(opts.lookup && { lookup: opts.lookup }),
    ...(opts.memo && { memo: opts.memo }),
  });
}

/** A request as the prediction records it: `GET <url>` (redacted), its status or go's words, ms. */
export function requestOf(url: string, g: GoGetResult): PredictedRequest {
  const r = g.response;
  return {
    line: `GET ${redactURL(url)}`,
    status: r.kind === "status" ? r.status : null,
    error:
      r.kind === "transport" ? r.goError : r.kind === "hang" ? "no answer (go would wait forever)" : null,
    ms: g.ms,
  };
}

/** The fields of a prediction that say nothing yet (no entry served it, no checksum, no error). */
export const NO_PREDICTION_DETAIL = {
  servedBy: null,
  checksum: null,
  cause: null,
  goError: null,
  hangs: false,
  requests: [],
  sumdbRequests: [],
} as const;
