/**
 * Probes one http(s) endpoint the way go's HTTP client reaches it, phase by phase — DNS, TCP, proxy
 * CONNECT, TLS, HTTP — so that `check` can say where and why a download fails, with the error text go
 * would print. Mirrors net/http.Transport.dialConn (transport.go: proxyconnect, CONNECT, addTLS),
 * net/http.Client.send (client.go), crypto/x509.Certificate.Verify (verify.go) and cmd/go/internal/web's
 * HTTPError (api.go), Go 1.19.
 *
 * Unlike go, every phase has its own deadline and the whole probe an overall one: a hanging server costs
 * bounded time. Never throws. Credentials (URL userinfo, Proxy-Authorization) never reach the result, and
 * URL userinfo is never sent over plain http: go refuses that before connecting (web/http.go:get), and so
 * does the probe.
 */

import { X509Certificate } from "node:crypto";
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import http2 from "node:http2";
import { isIP, connect as netConnect, type Socket } from "node:net";
import { Duplex } from "node:stream";
import tls, { type SecureContext, type TLSSocket } from "node:tls";
import type { Cause } from "../../core/causes.js";
import { atLeast, type GoVersion, VERIFIED_GO } from "../../core/config/goversion.js";
import { credentialFor, type NetrcEntry } from "../../core/netrc.js";
import { redactURL } from "../../core/redact.js";
import { errnoText, type SocketOS, syscallName } from "../../core/sockerr.js";
import { type RootsSource, rootsOf } from "../machine/roots.js";
import { authorizationOf } from "./basicauth.js";
import { altNames, cnOf, goVerdict, isoDate, nodeVerdict, parsedStore } from "./certverify.js";
import { insecureCredentialsError } from "./http.js";

/** Resolves a host name to its addresses (the shape of node:dns lookup with `all: true`). */
export type Lookup = (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;

/** Options of one probe. */
export interface ProbeOptions {
  /** Deadline of each phase (DNS, TCP, proxy, TLS, HTTP), ms. */
  readonly phaseTimeoutMs: number;
  /**
   * The go whose words the failure is given in (default go1.19.8). From go1.20, crypto/tls wraps every
   * certificate verification error as `tls: failed to verify certificate: <x509 error>`
   * (CertificateVerificationError); verified with go1.19 and go1.26.
   */
  readonly goVersion?: GoVersion;
  /** Overall bound: when it fires, the probe returns what it measured, the running phase timed out. */
  readonly signal?: AbortSignal;
  /** The HTTP proxy for this URL (core/httpproxy.proxyForURL), `http://[user:pass@]host:port`, or null: direct. */
  readonly proxy?: string | null;
  /** The certificates go trusts, PEM (adapters/machine/roots.goRoots().pems). */
  readonly goRoots: RootsSource;
  /** The store Node.js trusts, PEM; tls.rootCertificates when absent. */
  readonly nodeRoots?: readonly string[];
  /** Name resolution; node:dns/promises lookup with `{ all: true }` when absent. */
  readonly lookup?: Lookup;
  /** .netrc entries: go sends the host's as Basic authorization with https requests. */
  readonly netrc?: readonly NetrcEntry[];
  /**
   * The name servers of /etc/resolv.conf when `lookup` is the system resolver: go's own resolver names
   * the server that answered in its errors (`lookup h on 10.0.0.53:53: no such host`, net.DNSError).
   */
  readonly nameservers?: readonly string[];
}

/** What every phase reports. */
export interface PhaseBase {
  /** Duration of the phase, ms. */
  readonly ms: number;
  /** What went wrong, in Node's or our words (credentials redacted), or null. */
  readonly error: string | null;
  /** A short machine code: an errno (ECONNREFUSED), an OpenSSL/Node code, `timeout`, `http-status`…, or null. */
  readonly code: string | null;
}

/** Name resolution of the target host, or of the proxy's host when a proxy is used. */
export interface DnsPhase extends PhaseBase {
  /** The host resolved. */
  readonly host: string;
  /** Every address, in the resolver's order. */
  readonly addresses: readonly { readonly address: string; readonly family: 4 | 6 }[];
  /** IPv4 addresses (A records). */
  readonly a: readonly string[];
  /** IPv6 addresses (AAAA records). */
  readonly aaaa: readonly string[];
}

/** The TCP connection to the target or, with a proxy, to the proxy. */
export interface TcpPhase extends PhaseBase {
  /** The address dialled and its port. */
  readonly address: string;
  readonly port: number;
  /** True when this is the connection to the proxy. */
  readonly toProxy: boolean;
  /** The local end once connected, else null. */
  readonly localAddress: string | null;
  readonly localPort: number | null;
}

/** The CONNECT request to the proxy (https targets only). */
export interface ProxyPhase extends PhaseBase {
  /** `host:port` asked for. */
  readonly target: string;
  /** A Proxy-Authorization header was sent (its value never is reported). */
  readonly authSent: boolean;
  /** The status code, or null when the proxy gave none. */
  readonly status: number | null;
  /** The status line after the protocol, e.g. `407 Proxy Authentication Required`, or null. */
  readonly statusLine: string | null;
}

/** The TLS handshake with the target and the two trust verdicts. */
export interface TlsPhase extends PhaseBase {
  /** SNI sent (null for IP literals: go sends none). */
  readonly servername: string | null;
  /** Negotiated protocol, e.g. `TLSv1.3`, or null. */
  readonly protocol: string | null;
  /** ALPN result (`h2`, `http/1.1`) or null. */
  readonly alpnProtocol: string | null;
  /** Leaf certificate facts (null before a certificate was seen). */
  readonly subjectCN: string | null;
  readonly issuerCN: string | null;
  /** Subject alternative names as Node prints them (`DNS:a.example`, `IP Address:127.0.0.1`). */
  readonly subjectAltNames: readonly string[];
  /** Validity bounds, ISO 8601. */
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** SHA-256 fingerprint of the leaf (colon-separated hex). */
  readonly fingerprint256: string | null;
  /**
   * Whether go accepts the certificate, judged on the presented chain as crypto/x509.Certificate.Verify does:
   * the leaf's validity, the host name (SANs only), then a path to goRoots (buildChains). Null when no
   * certificate was seen.
   */
  readonly goTrusted: boolean | null;
  /** go's x509 error when goTrusted is false. */
  readonly goVerifyError: string | null;
  /**
   * Whether Node.js would accept it: validity, a path to nodeRoots (tls.rootCertificates by default), host
   * name (tls.checkServerIdentity). goTrusted false with nodeTrusted true is the "works in Node or the
   * browser, fails in go" case: a CA (often a TLS-intercepting proxy's) that go's roots lack.
   */
  readonly nodeTrusted: boolean | null;
  /** Node/OpenSSL-style reason when nodeTrusted is false. */
  readonly nodeVerifyError: string | null;
}

/** The GET of the URL itself (redirects are reported, not followed). */
export interface HttpPhase extends PhaseBase {
  /** The status code, or null when no response came. */
  readonly status: number | null;
  /** go's resp.Status: `503 Service Unavailable`, or null. */
  readonly statusLine: string | null;
  /** The Location header (redacted), or null. */
  readonly location: string | null;
  /** `1.1` or `2.0`, or null. */
  readonly httpVersion: string | null;
  /** The request went to an HTTP proxy in absolute form (http targets through a proxy). */
  readonly viaProxy: boolean;
}

/** A phase name. */
export type Phase = "dns" | "tcp" | "proxy" | "tls" | "http";

/** Everything one probe measured. */
export interface ProbeResult {
  /** The URL probed, credentials redacted. */
  readonly url: string;
  /** The HTTP proxy used (redacted), or null when direct. */
  readonly via: string | null;
  /** Null when not applicable (IP literal) or not reached. */
  readonly dns: DnsPhase | null;
  readonly tcp: TcpPhase | null;
  /** Only for https targets through a proxy. */
  readonly proxy: ProxyPhase | null;
  /** Only for https targets. */
  readonly tls: TlsPhase | null;
  readonly http: HttpPhase | null;
  /** The phase that failed (including by timeout), or null when every phase succeeded. */
  readonly failedPhase: Phase | null;
  /** A phase ran out of time (its own deadline or the overall signal). */
  readonly timedOut: boolean;
  /**
   * The cause (core/causes.ts), or null when the endpoint answers usably (2xx, 3xx with Location, 404, 410).
   * DNS: dns-failure; TCP refused/reset/unreachable: connect-failure; anything about the proxy (its name, its
   * port, a non-200 CONNECT other than 407): http-proxy-misconfig; 407 and HTTP 401/403/407: proxy-auth;
   * TLS chain not trusted by go: tls-untrusted; other TLS failures: tls-other; a reset or an unreachable
   * host in any phase: connect-failure; no answer to CONNECT, the TLS handshake or the GET: timeout (a DNS
   * or TCP timeout keeps dns-failure / connect-failure); other HTTP statuses: proxy-error. An unparsable URL
   * or a scheme other than http/https is a failed dns phase with config-invalid. URL userinfo on an http://
   * URL is a failed http phase (code `insecure-credentials`) with insecure-refused, nothing sent: not even a
   * name is resolved.
   */
  readonly cause: Cause | null;
  /**
   * Best effort at the error go would report for this failure (go prefixes it with `Get "<url>": `, or prints
   * HTTP statuses as `reading <url>: <status>`), or null when go would not fail or we do not know its words.
   * A request go refuses to send carries go's whole text (`refusing to pass credentials to insecure URL: …`,
   * not prefixed). A phase that hangs has no go text when go itself would wait forever (the HTTP response: go sets no timeout).
   */
  readonly goError: string | null;
  /** Duration of the whole probe, ms. */
  readonly totalMs: number;
}

// ---------- phases with deadlines ----------

type Outcome<T> =
  | { readonly ok: true; readonly value: T; readonly ms: number }
  | {
      readonly ok: false;
      readonly error: unknown;
      readonly ms: number;
      readonly stop: "timeout" | "aborted" | null;
    };

/**
 * Runs one phase with its own deadline and the overall signal. run gets a signal that fires on either and
 * must release its resources then; the phase returns at once whatever run does.
 */
async function runPhase<T>(
  overall: AbortSignal | undefined,
  timeoutMs: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<Outcome<T>> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  const ac = new AbortController();
  let stop: "timeout" | "aborted" | null = null;
  const halt = (why: "timeout" | "aborted") => {
    if (stop !== null) return;
    stop = why;
    ac.abort();
  };
  const timer = setTimeout(() => halt("timeout"), timeoutMs);
  const onAbort = () => halt("aborted");
  if (overall?.aborted) halt("aborted");
  else overall?.addEventListener("abort", onAbort, { once: true });
  const stopped = new Promise<never>((_, reject) => {
    if (ac.signal.aborted) reject(new Error("stopped"));
    else ac.signal.addEventListener("abort", () => reject(new Error("stopped")), { once: true });
  });
  stopped.catch(() => {});
  try {
    if (stop !== null) throw new Error("stopped");
    const work = run(ac.signal);
    work.catch(() => {});
    const value = await Promise.race([work, stopped]);
    return { ok: true, value, ms: ms() };
  } catch (error) {
    return { ok: false, error, ms: ms(), stop };
  } finally {
    clearTimeout(timer);
    overall?.removeEventListener("abort", onAbort);
  }
}

function onAbort(signal: AbortSignal, f: () => void): () => void {
  signal.addEventListener("abort", f, { once: true });
  return () => signal.removeEventListener("abort", f);
}

// ---------- errors in go's words ----------

/** Which of go's socket texts this machine's go prints (core/sockerr.ts). */
const SOCKET_OS: SocketOS = process.platform === "win32" ? "windows" : "unix";

/** net.JoinHostPort. */
function joinHostPort(host: string, port: number | string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** crypto/tls alert texts (alert.go), keyed by the suffix of OpenSSL's ERR_SSL_…_ALERT_… codes. */
const ALERT_TEXT: Readonly<Record<string, string>> = {
  CLOSE_NOTIFY: "close notify",
  UNEXPECTED_MESSAGE: "unexpected message",
  BAD_RECORD_MAC: "bad record MAC",
  DECRYPTION_FAILED: "decryption failed",
  RECORD_OVERFLOW: "record overflow",
  DECOMPRESSION_FAILURE: "decompression failure",
  HANDSHAKE_FAILURE: "handshake failure",
  BAD_CERTIFICATE: "bad certificate",
  UNSUPPORTED_CERTIFICATE: "unsupported certificate",
  CERTIFICATE_REVOKED: "revoked certificate",
  CERTIFICATE_EXPIRED: "expired certificate",
  CERTIFICATE_UNKNOWN: "unknown certificate",
  ILLEGAL_PARAMETER: "illegal parameter",
  UNKNOWN_CA: "unknown certificate authority",
  ACCESS_DENIED: "access denied",
  DECODE_ERROR: "error decoding message",
  DECRYPT_ERROR: "error decrypting message",
  EXPORT_RESTRICTION: "export restriction",
  PROTOCOL_VERSION: "protocol version not supported",
  INSUFFICIENT_SECURITY: "insufficient security level",
  INTERNAL_ERROR: "internal error",
  INAPPROPRIATE_FALLBACK: "inappropriate fallback",
  USER_CANCELLED: "user canceled",
  NO_RENEGOTIATION: "no renegotiation",
  MISSING_EXTENSION: "missing extension",
  UNSUPPORTED_EXTENSION: "unsupported extension",
  CERTIFICATE_UNOBTAINABLE: "certificate unobtainable",
  UNRECOGNIZED_NAME: "unrecognized name",
  BAD_CERTIFICATE_STATUS_RESPONSE: "bad certificate status response",
  BAD_CERTIFICATE_HASH_VALUE: "bad certificate hash value",
  UNKNOWN_PSK_IDENTITY: "unknown PSK identity",
  CERTIFICATE_REQUIRED: "certificate required",
  NO_APPLICATION_PROTOCOL: "no application protocol",
};

interface NodeError {
  readonly message: string;
  readonly code: string | null;
}

function nodeError(e: unknown): NodeError {
  const err = e as { message?: unknown; code?: unknown };
  let message = typeof err?.message === "string" ? err.message : String(e);
  message = message.split("\n")[0] ?? message;
  // OpenSSL's "80FC…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:file:line:": the reason.
  const openssl = /^[0-9A-F]+:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+)/.exec(message);
  if (openssl) message = openssl[1]!;
  return {
    message: redactURL(message),
    code: typeof err?.code === "string" ? err.code : null,
  };
}

/** The socket's ends for go's `read tcp L->R: …` texts. */
interface Ends {
  local: string | null;
  remote: string;
}

/** go's error for a failed read or write on an established connection. */
function ioGoError(err: NodeError, ends: Ends, op: "read" | "write"): string | null {
  const text = err.code ? errnoText(err.code, SOCKET_OS) : undefined;
  if (text === undefined) return null;
  const pair = ends.local ? `${ends.local}->${ends.remote}` : ends.remote;
  return `${op} tcp ${pair}: ${syscallName(op, SOCKET_OS)}: ${text}`;
}

// ---------- the phases ----------

function defaultLookup(host: string): Promise<{ address: string; family: 4 | 6 }[]> {
  return dnsLookup(host, { all: true }).then((as) =>
    as.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })),
  );
}

function connectTcp(address: string, port: number, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = netConnect({ host: address, port, noDelay: true });
    const off = onAbort(signal, () => {
      s.destroy();
      reject(new Error("stopped"));
    });
    s.once("connect", () => {
      off();
      s.removeAllListeners("error");
      resolve(s);
    });
    s.once("error", (e) => {
      off();
      s.destroy();
      reject(e);
    });
  });
}

interface ConnectAnswer {
  readonly statusLine: string;
  readonly status: number | null;
}

/** Writes go's CONNECT request (transport.go dialConn) and reads the proxy's response head. */
function proxyConnect(
  s: Socket,
  target: string,
  auth: string | null,
  signal: AbortSignal,
): Promise<ConnectAnswer> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const done = () => {
      s.off("data", onData);
      s.off("end", onEnd);
      s.off("close", onEnd);
      s.off("error", onError);
      off();
      s.pause();
    };
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) {
        if (buf.length > 1 << 20) {
          done();
          reject(Object.assign(new Error("proxy response headers too long"), { code: "EMSGSIZE" }));
        }
        return;
      }
      done();
      const line = buf.subarray(0, buf.indexOf("\r\n")).toString("latin1");
      // net/http.ReadResponse: proto, then the status after the first space, code before the next.
      const sp = line.indexOf(" ");
      if (sp < 0) {
        reject(
          Object.assign(new Error(`malformed HTTP response ${JSON.stringify(line)}`), { code: "EPROTO" }),
        );
        return;
      }
      const statusLine = line.slice(sp + 1).replace(/^ +/, "");
      const codeText = statusLine.split(" ")[0] ?? "";
      const status = /^[0-9]{3}$/.test(codeText) ? Number(codeText) : null;
      if (status === null) {
        reject(
          Object.assign(new Error(`malformed HTTP status code ${JSON.stringify(codeText)}`), {
            code: "EPROTO",
          }),
        );
        return;
      }
      resolve({ statusLine, status });
    };
    const onEnd = () => {
      done();
      reject(Object.assign(new Error("the proxy closed the connection without answering"), { code: "EOF" }));
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    const off = onAbort(signal, () => {
      done();
      s.destroy();
      reject(new Error("stopped"));
    });
    s.on("data", onData);
    s.once("end", onEnd);
    s.once("close", onEnd);
    s.once("error", onError);
    s.resume();
    s.write(
      `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\nUser-Agent: Go-http-client/1.1\r\n` +
        (auth ? `Proxy-Authorization: ${auth}\r\n` : "") +
        "\r\n",
    );
  });
}

/**
 * A pass-through stream over the TCP socket that keeps the first bytes the server sent, so that a plain
 * HTTP answer to our ClientHello can be told apart (net/http's "server gave HTTP response to HTTPS client").
 */
function tap(raw: Socket): { stream: Duplex; first: () => string } {
  let first = "";
  const stream = new Duplex({
    read() {
      raw.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      raw.write(chunk, cb);
    },
    final(cb) {
      raw.end();
      cb();
    },
    destroy(err, cb) {
      raw.destroy();
      cb(err);
    },
  });
  raw.removeAllListeners("data");
  raw.on("data", (d: Buffer) => {
    if (first.length < 5) first += d.subarray(0, 5 - first.length).toString("latin1");
    if (!stream.push(d)) raw.pause();
  });
  raw.once("end", () => stream.push(null));
  raw.on("error", (e) => stream.destroy(e));
  return { stream, first: () => first };
}

let emptyContext: SecureContext | null = null;

/**
 * A client context that trusts nothing, TLS 1.2 at least (go's client default since 1.18): the chain is
 * judged afterwards against each store, and an empty store keeps Node from completing the presented chain
 * with certificates of its own.
 */
function probeContext(): SecureContext {
  emptyContext ??= tls.createSecureContext({ ca: [], minVersion: "TLSv1.2" });
  return emptyContext;
}

function handshake(stream: Duplex, servername: string | null, signal: AbortSignal): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const t = tls.connect({
      socket: stream,
      ...(servername !== null && { servername }),
      ALPNProtocols: ["h2", "http/1.1"],
      secureContext: probeContext(),
      rejectUnauthorized: false,
      // The host name is checked with go's rules below, not Node's.
      checkServerIdentity: () => undefined,
    });
    const off = onAbort(signal, () => {
      t.destroy();
      reject(new Error("stopped"));
    });
    t.once("secureConnect", () => {
      off();
      t.removeAllListeners("error");
      resolve(t);
    });
    t.once("error", (e) => {
      off();
      t.destroy();
      reject(e);
    });
  });
}

// ---------- certificates ----------

/** Node's detailed peer certificate chain as X509Certificates, leaf first (bounded). */
function peerChain(t: TLSSocket): X509Certificate[] {
  const out: X509Certificate[] = [];
  let c = t.getPeerCertificate(true) as tls.DetailedPeerCertificate | undefined;
  for (let i = 0; i < 16 && c?.raw; i++) {
    try {
      out.push(new X509Certificate(c.raw));
    } catch {
      break;
    }
    if (!c.issuerCertificate || c.issuerCertificate === c || c.issuerCertificate.raw?.equals(c.raw)) break;
    c = c.issuerCertificate;
  }
  return out;
}

// ---------- HTTP ----------

interface HttpAnswer {
  readonly status: number;
  readonly statusLine: string;
  readonly location: string | null;
  readonly httpVersion: string;
}

function http1Get(
  conn: Duplex,
  opts: { path: string; host: string; auth: string | null; proxyAuth: string | null },
  signal: AbortSignal,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      Host: opts.host,
      "User-Agent": "Go-http-client/1.1",
      "Accept-Encoding": "gzip",
    };
    if (opts.auth) headers.Authorization = opts.auth;
    if (opts.proxyAuth) headers["Proxy-Authorization"] = opts.proxyAuth;
    const req = http.request({
      createConnection: () => conn as Socket,
      method: "GET",
      path: opts.path,
      setHost: false,
      headers,
    });
    const off = onAbort(signal, () => {
      req.destroy();
      conn.destroy();
      reject(new Error("stopped"));
    });
    req.once("response", (res) => {
      off();
      const loc = res.headers.location;
      const status = res.statusCode ?? 0;
      resolve({
        status,
        statusLine: res.statusMessage ? `${status} ${res.statusMessage}` : String(status),
        location: typeof loc === "string" ? loc : null,
        httpVersion: res.httpVersion,
      });
      res.destroy();
      conn.destroy();
    });
    req.once("error", (e) => {
      off();
      conn.destroy();
      reject(e);
    });
    req.end();
  });
}

function http2Get(
  conn: TLSSocket,
  opts: { path: string; authority: string; auth: string | null },
  signal: AbortSignal,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`https://${opts.authority}`, { createConnection: () => conn });
    const finish = () => {
      session.destroy();
      conn.destroy();
    };
    const off = onAbort(signal, () => {
      finish();
      reject(new Error("stopped"));
    });
    session.once("error", (e) => {
      off();
      finish();
      reject(e);
    });
    const req = session.request({
      ":method": "GET",
      ":path": opts.path,
      ":authority": opts.authority,
      "user-agent": "Go-http-client/2.0",
      "accept-encoding": "gzip",
      ...(opts.auth && { authorization: opts.auth }),
    });
    req.once("response", (h) => {
      off();
      const status = Number(h[":status"] ?? 0);
      const loc = h.location;
      // http2 has no reason phrase; go fills in http.StatusText.
      const text = http.STATUS_CODES[status];
      resolve({
        status,
        statusLine: text ? `${status} ${text}` : String(status),
        location: typeof loc === "string" ? loc : null,
        httpVersion: "2.0",
      });
      finish();
    });
    req.once("error", (e) => {
      off();
      finish();
      reject(e);
    });
    req.end();
  });
}

// ---------- the probe ----------

function stripBrackets(h: string): string {
  return h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
}

interface Failure {
  readonly phase: Phase;
  readonly cause: Cause;
  readonly goError: string | null;
  readonly timedOut: boolean;
}

function timeoutText(stop: "timeout" | "aborted", timeoutMs: number): string {
  return stop === "timeout" ? `no answer within ${timeoutMs} ms` : "stopped by the overall deadline";
}

/**
 * Probes url (http or https) phase by phase as go's HTTP client would reach it, directly or through
 * opts.proxy, and reports each phase, the failing one, its cause and go's words for it. Never throws;
 * returns within about opts.phaseTimeoutMs per phase, and soon after opts.signal fires.
 */
/** net.DNSError's text: with the server that answered when go's resolver asked one (the first listed). */
function lookupError(host: string, reason: string, nameservers: readonly string[] | undefined): string {
  const server = nameservers?.[0];
  if (server === undefined) return `lookup ${host}: ${reason}`;
  return `lookup ${host} on ${server.includes(":") ? `[${server}]` : server}:53: ${reason}`;
}

export async function probeURL(url: string, opts: ProbeOptions): Promise<ProbeResult> {
  const t0 = performance.now();
  const shownURL = redactURL(url);
  const via = opts.proxy ? redactURL(opts.proxy) : null;
  let dns: DnsPhase | null = null;
  let tcp: TcpPhase | null = null;
  let proxy: ProxyPhase | null = null;
  let tlsPhase: TlsPhase | null = null;
  let httpPhase: HttpPhase | null = null;
  let failure: Failure | null = null;
  let okGoError: string | null = null;
  const sockets: Duplex[] = [];

  const result = (): ProbeResult => {
    for (const s of sockets) s.destroy();
    return {
      url: shownURL,
      via,
      dns,
      tcp,
      proxy,
      tls: tlsPhase,
      http: httpPhase,
      failedPhase: failure?.phase ?? null,
      timedOut: failure?.timedOut ?? false,
      cause: failure?.cause ?? null,
      goError: failure?.goError ?? okGoError,
      totalMs: Math.round(performance.now() - t0),
    };
  };

  let target: URL;
  let proxyURL: URL | null = null;
  try {
    target = new URL(url);
    if (opts.proxy) proxyURL = new URL(opts.proxy);
  } catch (e) {
    failure = { phase: "dns", cause: "config-invalid", goError: null, timedOut: false };
    dns = { ms: 0, error: nodeError(e).message, code: "EINVAL", host: "", addresses: [], a: [], aaaa: [] };
    return result();
  }
  const https = target.protocol === "https:";
  const host = stripBrackets(target.hostname);
  const port = Number(target.port || (https ? 443 : 80));
  const hostPort = joinHostPort(host, port);
  const path = `${target.pathname || "/"}${target.search}`;
  const fromNetrc = credentialFor(opts.netrc ?? [], target);
  const auth = fromNetrc ?? authorizationOf(target);
  const proxyAuth = proxyURL ? authorizationOf(proxyURL) : null;
  const timeoutMs = opts.phaseTimeoutMs;
  const wrap = (s: string) => (proxyURL ? `proxyconnect tcp: ${s}` : s);

  if (target.protocol !== "http:" && target.protocol !== "https:") {
    const scheme = target.protocol.slice(0, -1);
    dns = { ms: 0, error: `not an http or https URL`, code: "EINVAL", host, addresses: [], a: [], aaaa: [] };
    failure = {
      phase: "dns",
      cause: "config-invalid",
      goError: `unsupported protocol scheme "${scheme}"`,
      timedOut: false,
    };
    return result();
  }
  // go refuses before resolving or dialling anything: the probe sends nothing either.
  const refused = insecureCredentialsError(url);
  if (refused !== null) {
    httpPhase = {
      ms: 0,
      error: refused,
      code: "insecure-credentials",
      status: null,
      statusLine: null,
      location: null,
      httpVersion: null,
      viaProxy: false,
    };
    failure = { phase: "http", cause: "insecure-refused", goError: refused, timedOut: false };
    return result();
  }
  if (proxyURL && proxyURL.protocol !== "http:") {
    failure = { phase: "proxy", cause: "other", goError: null, timedOut: false };
    proxy = {
      ms: 0,
      error: `probing through a ${proxyURL.protocol.slice(0, -1)} proxy is not supported`,
      code: "unsupported",
      target: hostPort,
      authSent: false,
      status: null,
      statusLine: null,
    };
    return result();
  }

  // --- dns (the proxy's name when going through one: the proxy resolves the target) ---
  const dialHost = proxyURL ? stripBrackets(proxyURL.hostname) : host;
  const dialPort = proxyURL ? Number(proxyURL.port || 80) : port;
  let address = dialHost;
  if (isIP(dialHost) === 0) {
    const lookup = opts.lookup ?? defaultLookup;
    const out = await runPhase(opts.signal, timeoutMs, () => lookup(dialHost));
    const empty = { host: dialHost, addresses: [], a: [], aaaa: [] };
    if (!out.ok) {
      const err = nodeError(out.error);
      const timedOut = out.stop !== null;
      const reason = timedOut
        ? "i/o timeout"
        : err.code === "ENOTFOUND"
          ? "no such host"
          : err.code === "EAI_AGAIN"
            ? "server misbehaving"
            : null;
      dns = {
        ms: out.ms,
        error: timedOut ? timeoutText(out.stop!, timeoutMs) : err.message,
        code: timedOut ? "timeout" : err.code,
        ...empty,
      };
      failure = {
        phase: "dns",
        cause: proxyURL ? "http-proxy-misconfig" : "dns-failure",
        goError: reason ? wrap(`dial tcp: ${lookupError(dialHost, reason, opts.nameservers)}`) : null,
        timedOut,
      };
      return result();
    }
    const addresses = out.value.map((a) => ({ address: a.address, family: a.family }));
    if (addresses.length === 0) {
      dns = { ms: out.ms, error: "no addresses", code: "ENOTFOUND", ...empty };
      failure = {
        phase: "dns",
        cause: proxyURL ? "http-proxy-misconfig" : "dns-failure",
        goError: wrap(`dial tcp: lookup ${dialHost}: no such host`),
        timedOut: false,
      };
      return result();
    }
    dns = {
      ms: out.ms,
      error: null,
      code: null,
      host: dialHost,
      addresses,
      a: addresses.filter((a) => a.family === 4).map((a) => a.address),
      aaaa: addresses.filter((a) => a.family === 6).map((a) => a.address),
    };
    address = addresses[0]!.address;
  }

  // --- tcp ---
  const ends: Ends = { local: null, remote: joinHostPort(address, dialPort) };
  const tcpOut = await runPhase(opts.signal, timeoutMs, (signal) => connectTcp(address, dialPort, signal));
  if (!tcpOut.ok) {
    const err = nodeError(tcpOut.error);
    const timedOut = tcpOut.stop !== null;
    tcp = {
      ms: tcpOut.ms,
      error: timedOut ? timeoutText(tcpOut.stop!, timeoutMs) : err.message,
      code: timedOut ? "timeout" : err.code,
      address,
      port: dialPort,
      toProxy: proxyURL !== null,
      localAddress: null,
      localPort: null,
    };
    const text = timedOut ? "i/o timeout" : err.code ? errnoText(err.code, SOCKET_OS) : undefined;
    const call = timedOut ? "" : `${syscallName("connect", SOCKET_OS)}: `;
    failure = {
      phase: "tcp",
      cause: proxyURL ? "http-proxy-misconfig" : "connect-failure",
      goError: text ? wrap(`dial tcp ${ends.remote}: ${call}${text}`) : null,
      timedOut,
    };
    return result();
  }
  const raw = tcpOut.value;
  sockets.push(raw);
  // Errors between phases are kept and reported by the next phase.
  let pending: unknown = null;
  raw.on("error", (e) => {
    pending ??= e;
  });
  ends.local = raw.localAddress ? joinHostPort(raw.localAddress, raw.localPort ?? 0) : null;
  tcp = {
    ms: tcpOut.ms,
    error: null,
    code: null,
    address,
    port: dialPort,
    toProxy: proxyURL !== null,
    localAddress: raw.localAddress ?? null,
    localPort: raw.localPort ?? null,
  };
  const guard =
    <T>(run: (signal: AbortSignal) => Promise<T>) =>
    (signal: AbortSignal) =>
      pending !== null ? Promise.reject(pending) : run(signal);

  /** An error of an established connection in go's words: reset, EOF, broken pipe. */
  const connectionError = (
    err: NodeError,
    op: "read" | "write",
  ): { goError: string | null; reset: boolean } => {
    if (err.code === "EOF" || /socket hang up|disconnected before secure TLS/i.test(err.message))
      return { goError: "EOF", reset: false };
    const goError = ioGoError(err, ends, err.code === "EPIPE" ? "write" : op);
    return { goError, reset: goError !== null };
  };

  // --- proxy CONNECT ---
  if (proxyURL && https) {
    const out = await runPhase(
      opts.signal,
      timeoutMs,
      guard((signal) => proxyConnect(raw, hostPort, proxyAuth, signal)),
    );
    const base = { target: hostPort, authSent: proxyAuth !== null };
    if (!out.ok) {
      const err = nodeError(out.error);
      const timedOut = out.stop !== null;
      proxy = {
        ms: out.ms,
        error: timedOut ? timeoutText(out.stop!, timeoutMs) : err.message,
        code: timedOut ? "timeout" : err.code,
        ...base,
        status: null,
        statusLine: null,
      };
      let goError: string | null;
      if (timedOut)
        goError = "context deadline exceeded"; // go's 1-minute CONNECT deadline
      else if (err.code === "EOF")
        goError = "unexpected EOF"; // ReadResponse at EOF
      else if (err.code === "EPROTO") goError = err.message;
      else goError = connectionError(err, "read").goError;
      failure = { phase: "proxy", cause: timedOut ? "timeout" : "http-proxy-misconfig", goError, timedOut };
      return result();
    }
    const { status, statusLine } = out.value;
    const ok = status === 200;
    proxy = {
      ms: out.ms,
      error: ok ? null : `the proxy answered CONNECT with ${statusLine}`,
      code: ok ? null : "proxy-status",
      ...base,
      status,
      statusLine,
    };
    if (!ok) {
      const sp = statusLine.indexOf(" ");
      failure = {
        phase: "proxy",
        cause: status === 407 ? "proxy-auth" : "http-proxy-misconfig",
        goError: sp < 0 ? "unknown status code" : statusLine.slice(sp + 1),
        timedOut: false,
      };
      return result();
    }
  }

  // --- tls ---
  let conn: Duplex = raw;
  let alpn: string | null = null;
  if (https) {
    const servername = isIP(host) === 0 ? host : null;
    const tapped = tap(raw);
    sockets.push(tapped.stream);
    const out = await runPhase(
      opts.signal,
      timeoutMs,
      guard((signal) => handshake(tapped.stream, servername, signal)),
    );
    const none = {
      servername,
      protocol: null,
      alpnProtocol: null,
      subjectCN: null,
      issuerCN: null,
      subjectAltNames: [],
      validFrom: null,
      validTo: null,
      fingerprint256: null,
      goTrusted: null,
      goVerifyError: null,
      nodeTrusted: null,
      nodeVerifyError: null,
    };
    if (!out.ok) {
      const err = nodeError(out.error);
      const timedOut = out.stop !== null;
      tlsPhase = {
        ms: out.ms,
        error: timedOut ? timeoutText(out.stop!, timeoutMs) : err.message,
        code: timedOut ? "timeout" : err.code,
        ...none,
      };
      let goError: string | null = null;
      let cause: Cause = "tls-other";
      if (timedOut) {
        goError = "net/http: TLS handshake timeout";
        cause = "timeout";
      } else if (tapped.first().startsWith("HTTP/")) {
        goError = "http: server gave HTTP response to HTTPS client";
      } else if (
        err.code === "ERR_SSL_WRONG_VERSION_NUMBER" ||
        err.code === "ERR_SSL_PACKET_LENGTH_TOO_LONG"
      ) {
        goError = "tls: first record does not look like a TLS handshake";
      } else {
        const alert = /^ERR_SSL_(?:SSLV3_ALERT|TLSV1_ALERT|TLSV13_ALERT|TLSV1)_(.+)$/.exec(err.code ?? "");
        if (alert)
          goError = `remote error: tls: ${ALERT_TEXT[alert[1]!] ?? alert[1]!.toLowerCase().replace(/_/g, " ")}`;
        else {
          const c = connectionError(err, "read");
          goError = c.goError;
          if (c.reset) cause = "connect-failure";
        }
      }
      failure = { phase: "tls", cause, goError, timedOut };
      return result();
    }
    const t = out.value;
    sockets.push(t);
    t.on("error", (e) => {
      pending ??= e;
    });
    conn = t;
    alpn = typeof t.alpnProtocol === "string" ? t.alpnProtocol : null;
    const chain = peerChain(t);
    const leaf = chain[0];
    const now = new Date();
    if (leaf === undefined) {
      tlsPhase = {
        ms: out.ms,
        error: "no server certificate",
        code: "ENOCERT",
        ...none,
        protocol: t.getProtocol(),
        alpnProtocol: alpn,
      };
      failure = { phase: "tls", cause: "tls-other", goError: null, timedOut: false };
      return result();
    }
    const go = goVerdict(chain, host, parsedStore(rootsOf(opts.goRoots)), now);
    const node = nodeVerdict(chain, host, parsedStore(opts.nodeRoots ?? tls.rootCertificates), now);
    tlsPhase = {
      ms: out.ms,
      error: go.trusted ? null : go.error,
      code: go.code,
      servername,
      protocol: t.getProtocol(),
      alpnProtocol: alpn,
      subjectCN: cnOf(leaf.subject),
      issuerCN: cnOf(leaf.issuer),
      subjectAltNames: altNames(leaf),
      validFrom: isoDate(leaf.validFrom),
      validTo: isoDate(leaf.validTo),
      fingerprint256: leaf.fingerprint256,
      goTrusted: go.trusted,
      goVerifyError: go.error,
      nodeTrusted: node.trusted,
      nodeVerifyError: node.error,
    };
    if (!go.trusted) {
      const wrapped = go.error !== null && atLeast(opts.goVersion ?? VERIFIED_GO[0]!, 20);
      failure = {
        phase: "tls",
        cause: go.kind === "authority" ? "tls-untrusted" : "tls-other",
        goError: wrapped ? `tls: failed to verify certificate: ${go.error}` : go.error,
        timedOut: false,
      };
      return result();
    }
  }

  // --- http ---
  const viaProxy = proxyURL !== null && !https;
  const out = await runPhase(
    opts.signal,
    timeoutMs,
    guard((signal) =>
      alpn === "h2"
        ? http2Get(conn as TLSSocket, { path, authority: target.host, auth }, signal)
        : http1Get(
            conn,
            {
              path: viaProxy ? `${target.protocol}//${target.host}${path}` : path,
              host: target.host,
              auth,
              proxyAuth: viaProxy ? proxyAuth : null,
            },
            signal,
          ),
    ),
  );
  const none = { status: null, statusLine: null, location: null, httpVersion: null, viaProxy };
  if (!out.ok) {
    const err = nodeError(out.error);
    const timedOut = out.stop !== null;
    httpPhase = {
      ms: out.ms,
      error: timedOut ? timeoutText(out.stop!, timeoutMs) : err.message,
      code: timedOut ? "timeout" : err.code,
      ...none,
    };
    const c = timedOut ? { goError: null, reset: false } : connectionError(err, "read");
    failure = {
      phase: "http",
      cause: timedOut ? "timeout" : c.reset ? "connect-failure" : "proxy-error",
      goError: c.goError,
      timedOut,
    };
    return result();
  }
  const ans = out.value;
  const location = ans.location !== null ? redactURL(ans.location) : null;
  const redirect = ans.status >= 300 && ans.status < 400 && location !== null;
  const fine =
    (ans.status >= 200 && ans.status < 300) || redirect || ans.status === 404 || ans.status === 410;
  const cause: Cause | null = fine
    ? null
    : [401, 403, 407].includes(ans.status)
      ? "proxy-auth"
      : "proxy-error";
  httpPhase = {
    ms: out.ms,
    error: fine ? null : `HTTP ${ans.statusLine}`,
    code: fine ? null : "http-status",
    status: ans.status,
    statusLine: ans.statusLine,
    location,
    httpVersion: ans.httpVersion,
    viaProxy,
  };
  if (cause !== null) {
    failure = { phase: "http", cause, goError: `reading ${shownURL}: ${ans.statusLine}`, timedOut: false };
  } else if (ans.status !== 200 && !redirect) {
    // 404/410 are answers go handles (the next proxy, or "not found"), still reported in its words.
    okGoError = `reading ${shownURL}: ${ans.statusLine}`;
  }
  return result();
}
