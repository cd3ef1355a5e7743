/**
 * One answer of a GOPROXY-protocol server, as plain data, and the cause (core/causes.ts) of an answer that
 * is not a usable 200. What counts as "not found" is go's rule: HTTP 404 and 410 only
 * (cmd/go/internal/web/api.go: HTTPError.Is → fs.ErrNotExist); everything else stops a `,` walk
 * (cmd/go/internal/modfetch/proxy.go: TryProxies).
 */
import type { Cause } from "../causes.js";

/** What one GET produced: a response (any status), or a transport failure. */
export type Answer =
  | {
      readonly kind: "response";
      /** The URL answered (after redirects), redacted. */
      readonly url: string;
      readonly status: number;
      /** go's resp.Status text, e.g. `404 Not Found`. */
      readonly statusLine: string;
      /** The Content-Type header, "" when absent. */
      readonly contentType: string;
      readonly body: Uint8Array;
      /** The body was longer than maxBytes and was cut there. */
      readonly truncated: boolean;
      /** The body cap in force, bytes. */
      readonly maxBytes: number;
    }
  | {
      readonly kind: "transport";
      readonly url: string;
      /** The error in our or go's words (`stopped after 10 redirects`, `no answer within 5000 ms`), redacted. */
      readonly error: string;
      /** errno / Node code, `timeout`, `redirects`, `insecure-redirect`, or null. */
      readonly code: string | null;
      /** The per-request deadline or the overall one fired. */
      readonly timedOut: boolean;
    };

/** A judgement: passed or not, one line for a person, and the cause of a failure. */
export interface Verdict {
  readonly ok: boolean;
  readonly detail: string;
  readonly cause: Cause | null;
}

/** A passing verdict. */
export function pass(detail: string): Verdict {
  return { ok: true, detail, cause: null };
}

/** A failing verdict. */
export function fail(cause: Cause, detail: string): Verdict {
  return { ok: false, detail, cause };
}

/** True for the statuses go treats as "this proxy does not have it" (404, 410). */
export function isNotExist(status: number): boolean {
  return status === 404 || status === 410;
}

/**
 * The cause of a non-200 status: 401/403/407 → proxy-auth, 404/410 → not-found, anything else → proxy-error.
 */
export function statusCause(status: number): Cause {
  if (status === 401 || status === 403 || status === 407) return "proxy-auth";
  if (isNotExist(status)) return "not-found";
  return "proxy-error";
}

const TLS_UNTRUSTED =
  /^(UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_UNTRUSTED)$/;

/**
 * The cause of a transport failure from its code: timeouts, DNS, connection, TLS (an unknown issuer is
 * tls-untrusted, other certificate or handshake errors tls-other), redirect loops (proxy-error) and
 * https→http redirects and credentials on an http:// URL (code `insecure-credentials`: insecure-refused), a request go refuses to send through HTTP_PROXY (code
 * `http-proxy`: http-proxy-misconfig); other for the rest.
 */
export function transportCause(a: Extract<Answer, { kind: "transport" }>): Cause {
  const code = a.code ?? "";
  if (
    a.timedOut ||
    code === "timeout" ||
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT"
  )
    return "timeout";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_FAIL") return "dns-failure";
  if (/^(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/.test(code))
    return "connect-failure";
  if (code === "UND_ERR_CONNECT_TIMEOUT") return "timeout";
  if (TLS_UNTRUSTED.test(code)) return "tls-untrusted";
  if (/^(CERT_|ERR_TLS_|ERR_SSL_|EPROTO$|ERR_SSL)/.test(code)) return "tls-other";
  if (code === "http-proxy") return "http-proxy-misconfig";
  if (code === "redirects") return "proxy-error";
  if (code === "insecure-redirect" || code === "insecure-credentials") return "insecure-refused";
  return "other";
}

/**
 * The verdict on an answer that was not a 200 response, or null for a usable 200 (complete body).
 * go's wording for statuses: `reading <url>: <status line>` (web/api.go: HTTPError.Error).
 */
export function unusable(a: Answer): Verdict | null {
  if (a.kind === "transport") return fail(transportCause(a), a.error);
  if (a.status !== 200) return fail(statusCause(a.status), `reading ${a.url}: ${a.statusLine}`);
  if (a.truncated) return fail("proxy-error", `the answer is larger than ${a.maxBytes} bytes`);
  return null;
}
