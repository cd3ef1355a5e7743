/**
 * git's HTTP traffic from GIT_TRACE_CURL (git's http.c curl trace: `=> Send header: …`, `<= Recv header: …`,
 * `== Info: …` lines, each after a time stamp and source location). Only request lines, the Host header and
 * status lines are read; every other header (Authorization, which git already redacts, cookies) is ignored.
 */
import { redactURL } from "../redact.js";

/** One HTTP request git made. */
export interface GitRequest {
  readonly method: string;
  /** scheme://host/path?query (redacted). */
  readonly url: string;
  /** Request target as sent (path and query, or host:port for CONNECT). */
  readonly path: string;
  readonly status: number | null;
  readonly statusText: string;
  /** ms from the request line to the status line, null when no status came. */
  readonly ms: number | null;
  /** Time of day of the request line in ms since midnight (GIT_TRACE time stamps), or null. */
  readonly timeOfDayMs: number | null;
  /** A curl failure reported after the request (e.g. `Failed to connect …`), or null. */
  readonly error: string | null;
}

const LINE = /^(?:(\d\d):(\d\d):(\d\d)\.(\d+) )?\S*\s+(=>|<=|==) (Send header|Recv header|Info): ?(.*)$/;
const REQUEST = /^([A-Z]+) (\S+) HTTP\/[\d.]+$/;
const STATUS = /^HTTP\/[\d.]+ (\d{3})(?: (.*))?$/;
const FAILURE =
  /^(Failed to connect|Could not resolve|Connection refused|SSL certificate problem|OpenSSL SSL_|Recv failure|Send failure|gnutls_handshake|Operation timed out|Received HTTP code)/i;

interface Pending {
  method: string;
  target: string;
  host: string;
  tls: boolean;
  t: number | null;
  status: number | null;
  statusText: string;
  statusT: number | null;
  error: string | null;
}

/** Parses a GIT_TRACE_CURL file; requests in the order git sent them. Never throws; unknown lines are skipped. */
export function parseGitCurlTrace(text: string): GitRequest[] {
  const done: Pending[] = [];
  let open: Pending | null = null;
  let tls = false;
  for (const raw of text.split("\n")) {
    const m = LINE.exec(raw.replace(/\r$/, ""));
    if (m === null) continue;
    const t = m[1] === undefined ? null : timeOfDay(m[1], m[2]!, m[3]!, m[4]!);
    const what = m[6]!;
    const body = m[7]!;
    if (what === "Info") {
      if (/^Connected to /.test(body)) tls = false;
      if (/\b(SSL|TLS|ALPN)\b/.test(body) && !FAILURE.test(body)) tls = true;
      if (FAILURE.test(body) && open !== null && open.status === null) open.error = body.trim();
      continue;
    }
    if (what === "Send header") {
      const r = REQUEST.exec(body.trim());
      if (r !== null) {
        open = {
          method: r[1]!,
          target: r[2]!,
          host: "",
          tls,
          t,
          status: null,
          statusText: "",
          statusT: null,
          error: null,
        };
        done.push(open);
        continue;
      }
      const h = /^Host: (\S+)/i.exec(body.trim());
      if (h !== null && open !== null) open.host = h[1]!;
      continue;
    }
    const s = STATUS.exec(body.trim());
    if (s !== null && open !== null) {
      const code = Number(s[1]);
      // A 100 Continue is followed by the real status.
      if (code >= 200 || open.status === null) {
        open.status = code;
        open.statusText = s[2] ?? "";
        open.statusT = t;
      }
      // After CONNECT's 200 the tunnel carries TLS.
      if (open.method === "CONNECT" && code === 200) tls = true;
    }
  }
  return done.map((p) => ({
    method: p.method,
    url: redactURL(urlOf(p)),
    path: p.target,
    status: p.status,
    statusText: p.statusText,
    ms: p.t !== null && p.statusT !== null ? Math.max(0, Math.round(p.statusT - p.t)) : null,
    timeOfDayMs: p.t,
    error: p.error,
  }));
}

function urlOf(p: Pending): string {
  if (/^[a-z]+:\/\//i.test(p.target)) return p.target;
  if (p.method === "CONNECT") return `//${p.target}`;
  return `${p.tls ? "https" : "http"}://${p.host}${p.target}`;
}

function timeOfDay(h: string, m: string, s: string, frac: string): number {
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(`0.${frac}`) * 1000;
}
