/**
 * The recording forwarder of `goproxy-doctor trace`: a node:http server on 127.0.0.1 that stands in for one
 * GOPROXY entry (or the checksum database) and forwards every request go sends it to the real upstream, with
 * the go command's client rules:
 *
 * - the HTTP proxy chosen as net/http.ProxyFromEnvironment does (core/httpproxy.ts proxyForURL), go's TLS roots
 *   (adapters/machine/roots.ts goRoots), .netrc Basic authorization on https only and URL userinfo on the first
 *   request (cmd/go/internal/auth, net/http Client.send);
 * - redirects followed here, as go's client would (≤ 10, never https → http, Authorization kept only for the same
 *   host or a subdomain), because a 3xx passed to go would send it around the forwarder;
 * - no request timeout (go has none: a hanging upstream hangs go, and the trace shows it), only a 30 s connect
 *   timeout as net/http's dialer;
 * - status, reason phrase, headers (minus hop-by-hop ones) and body passed to go unchanged, the body streamed
 *   with back-pressure (never held whole), so that go's fall-back decision is the one it makes without trace.
 *
 * A connection-level failure upstream (refused, reset, DNS, TLS, proxy CONNECT refused) is answered with
 * `502 Bad Gateway` and a text/plain body naming the failure. go treats a 502 as it treats a connection error —
 * not a "not exist" error (web/api.go:HTTPError.Is: only 404/410) — so after `,` it stops and after `|` it moves
 * on, as without trace; only the text go prints differs, and the record says so (presentedToGo). Closing go's
 * connection instead would make go's transport retry the GET on a reused connection (net/http
 * persistConn.shouldRetryRequest), i.e. send a request the upstream would not have seen. A failure after the
 * headers were passed on closes go's connection (go sees an unexpected EOF, an error as well).
 */
import {
  createServer,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import { type ProxyConfig, proxyForURL } from "../../core/httpproxy.js";
import { credentialFor, type NetrcEntry } from "../../core/netrc.js";
import { redactURL } from "../../core/redact.js";
import {
  type RedirectHop,
  type RequestOutcome,
  type RequestSource,
  startedRequest,
  type TraceRequest,
} from "../../core/trace/model.js";
import { followsRedirect, keepsAuthorization, redirectError } from "../../core/trace/redirect.js";
import { splitUserinfo } from "./basicauth.js";

/** How the forwarder reaches upstreams: go's HTTP-proxy variables, TLS roots and .netrc. */
export interface UpstreamRules {
  readonly proxyConfig: ProxyConfig;
  /**
   * PEM roots go trusts (goRoots().pems), or a function computing them, called only when an https upstream or
   * HTTP proxy is first contacted (reading the system's roots takes ~100 ms); an empty list leaves Node's defaults.
   */
  readonly ca: readonly string[] | (() => readonly string[]);
  /** .netrc entries (secrets: used for Authorization, never recorded). */
  readonly netrc: readonly NetrcEntry[];
  /** Connect timeout in ms (net/http's dialer: 30 000). */
  readonly connectTimeoutMs?: number;
}

/** The shared client of all forwarders of one trace; close it at the end. */
export interface UpstreamClient {
  /**
   * Performs one GET (following redirects) and streams the final answer into sink. Resolves when done;
   * rejects with the connection-level error (message redacted by the caller) before or during the body.
   */
  get(url: string, headers: Record<string, string>, sink: Sink, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** Where an answer goes. */
export interface Sink {
  /** The final status line and headers (raw, hop-by-hop included). */
  head(status: number, statusText: string, headers: [string, string][], redirects: RedirectHop[]): void;
  /** A body chunk; return false to pause until resume() is called. */
  data(chunk: Buffer, resume: () => void): boolean;
  /**
   * Takes the whole body as a stream instead of chunk by chunk (stream.pipeline's back-pressure; faster);
   * resolves when it was all passed on, rejects when the upstream failed mid-body.
   */
  pipe?(body: Readable): Promise<void>;
}

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);
/**
 * Bytes buffered per direction and connection before back-pressure applies (upstream body reader, go's socket):
 * large enough to keep the pipe full on loopback, small enough that memory does not depend on zip sizes.
 */
const STREAM_BUFFER = 1 << 20;

const SECRET = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]);

/** Creates the upstream client with go's rules. */
export function createUpstreamClient(rules: UpstreamRules): UpstreamClient {
  // Direct upstreams use node:http(s) (quick to load, fast to stream); undici only for HTTP proxies (CONNECT).
  const dispatchers = new Map<string, Dispatcher>();
  let roots: readonly string[] | null = null;
  const tls = () => {
    roots ??= typeof rules.ca === "function" ? rules.ca() : rules.ca;
    return { timeout: rules.connectTimeoutMs ?? 30_000, ...(roots.length > 0 && { ca: [...roots] }) };
  };
  const http = new HttpAgent({ keepAlive: true });
  let https: HttpsAgent | null = null;
  const direct = (target: string): Direct => {
    if (!target.startsWith("https:")) return { request: httpRequest, agent: http };
    if (https === null) {
      const t = tls();
      https = new HttpsAgent({ keepAlive: true, ...(t.ca !== undefined && { ca: t.ca }) });
    }
    return { request: httpsRequest, agent: https };
  };
  const dispatcherFor = async (proxy: string, target: string): Promise<Dispatcher> => {
    const secure = target.startsWith("https:") || proxy.startsWith("https:");
    const key = `${proxy} ${secure}`;
    let d = dispatchers.get(key);
    if (d === undefined) {
      const { ProxyAgent } = await import("undici");
      const connect = secure ? tls() : { timeout: rules.connectTimeoutMs ?? 30_000 };
      d = new ProxyAgent({
        uri: proxy,
        requestTls: connect,
        proxyTls: connect,
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      dispatchers.set(key, d);
    }
    return d;
  };

  async function get(
    url: string,
    headers: Record<string, string>,
    sink: Sink,
    signal: AbortSignal,
  ): Promise<void> {
    const first = splitUserinfo(url);
    const netrcAuth = (() => {
      if (!first.url.startsWith("https:")) return null;
      try {
        return credentialFor(rules.netrc, new URL(first.url));
      } catch {
        return null;
      }
    })();
    const redirects: RedirectHop[] = [];
    let current = first.url;
    let lastURL = first.url;
    for (let hop = 0; ; hop++) {
      const h: Record<string, string> = { ...headers };
      if (netrcAuth !== null && (hop === 0 || keepsAuthorization(first.url, current)))
        h.authorization = netrcAuth;
      else if (hop === 0 && first.authorization !== null) h.authorization = first.authorization;
      const choice = proxyForURL(rules.proxyConfig, current);
      if (choice.error !== undefined) throw new Error(choice.error);
      const r =
        choice.proxy === null
          ? await onceDirect(
              direct(current),
              current,
              h,
              sink,
              redirects,
              signal,
              rules.connectTimeoutMs ?? 30_000,
            )
          : await once(await dispatcherFor(choice.proxy, current), current, h, sink, redirects, signal);
      if (r === null) return;
      const next = new URL(r.location, current).toString();
      redirects.push({ url: redactURL(current), status: r.status });
      const refused = redirectError(first.url, lastURL, next, hop + 1);
      if (refused !== null) throw new Error(redactURL(refused));
      lastURL = current;
      current = next;
    }
  }

  return {
    get,
    close: async () => {
      http.destroy();
      (https as HttpsAgent | null)?.destroy();
      await Promise.all([...dispatchers.values()].map((d) => d.destroy().catch(() => {})));
    },
  };
}

interface Direct {
  readonly request: typeof httpRequest;
  readonly agent: HttpAgent;
}

/** onceDirect: one request over node:http(s), without an HTTP proxy. */
function onceDirect(
  d: Direct,
  url: string,
  headers: Record<string, string>,
  sink: Sink,
  redirects: RedirectHop[],
  signal: AbortSignal,
  connectTimeoutMs: number,
): Promise<{ status: number; location: string } | null> {
  return new Promise((resolve, reject) => {
    const req = d.request(url, { method: "GET", headers, agent: d.agent, signal });
    // net/http's dialer gives up connecting after 30 s; after that, no deadline (go has none).
    const timer = setTimeout(
      () => req.destroy(new Error(`dial timeout after ${connectTimeoutMs} ms`)),
      connectTimeoutMs,
    );
    req.once("socket", (sock) => {
      if (!sock.connecting) clearTimeout(timer);
      else sock.once("connect", () => clearTimeout(timer));
    });
    req.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.once("response", (res) => {
      clearTimeout(timer);
      const hs: [string, string][] = [];
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
        hs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
      const status = res.statusCode ?? 0;
      const location = hs.find(([k]) => k.toLowerCase() === "location")?.[1] ?? null;
      res.once("error", reject);
      if (followsRedirect(status, location)) {
        res.resume();
        res.once("end", () => resolve({ status, location: location! }));
        return;
      }
      sink.head(status, res.statusMessage ?? "", hs, redirects);
      const done = () => resolve(null);
      if (sink.pipe !== undefined) {
        sink.pipe(res).then(done, reject);
        return;
      }
      res.on("data", (chunk: Buffer) => {
        if (!sink.data(chunk, () => res.resume())) res.pause();
      });
      res.once("end", done);
      res.once("aborted", () => reject(new Error("upstream closed the connection mid-body")));
    });
    req.end();
  });
}

/** One request through undici (an HTTP proxy); resolves null when the answer went to sink, or the redirect to follow. */
async function once(
  dispatcher: Dispatcher,
  url: string,
  headers: Record<string, string>,
  sink: Sink,
  redirects: RedirectHop[],
  signal: AbortSignal,
): Promise<{ status: number; location: string } | null> {
  const u = new URL(url);
  const res = await dispatcher.request({
    origin: u.origin,
    path: `${u.pathname}${u.search}`,
    method: "GET",
    headers,
    signal,
    highWaterMark: STREAM_BUFFER,
  });
  const hs: [string, string][] = [];
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) hs.push([k, String(one)]);
  }
  const location = hs.find(([k]) => k.toLowerCase() === "location")?.[1] ?? null;
  if (followsRedirect(res.statusCode, location)) {
    // dump(), not destroy(): destroying an unread undici body raises an uncaught "Request aborted".
    await res.body.dump();
    return { status: res.statusCode, location: location! };
  }
  sink.head(res.statusCode, res.statusText ?? "", hs, redirects);
  if (sink.pipe !== undefined) {
    await sink.pipe(res.body);
    return null;
  }
  // Back-pressure: the next chunk is read only once go's side has taken the last one.
  let resume: () => void = () => {};
  const drained = () =>
    new Promise<void>((r) => {
      resume = r;
    });
  for await (const chunk of res.body) {
    let wait: Promise<void> | null = null;
    if (!sink.data(chunk as Buffer, () => resume())) wait = drained();
    if (wait !== null) await wait;
  }
  return null;
}

/** What a forwarder does with a request: forward it, or replay a stored answer (the database's failed walk). */
export type Route =
  | {
      readonly kind: "forward";
      /** Full upstream URL (may hold userinfo). */
      readonly url: string;
      readonly entry: number | null;
      readonly role: string;
      readonly note?: string;
    }
  | {
      readonly kind: "replay";
      readonly status: number;
      readonly statusText: string;
      readonly headers: [string, string][];
      readonly body: Buffer;
      readonly entry: number | null;
      readonly role: string;
      readonly url: string;
      readonly note: string;
      /** The request whose answer is replayed. */
      readonly replayOf: number | null;
      /** Set when the replayed answer stands for a connection-level failure (see TraceRequest.presentedToGo). */
      readonly presentedToGo?: string;
    };

/** Receives records: once when a request starts (outcome `unfinished`), again when it ends. */
export type RecordSink = (r: TraceRequest) => void;

/** Options of one forwarder. */
export interface ForwarderOptions {
  readonly client: UpstreamClient;
  readonly source: RequestSource;
  /** Decides where a request goes (pathAndQuery as go sent it). */
  readonly route: (pathAndQuery: string) => Route | Promise<Route>;
  readonly record: RecordSink;
  /** Allocates request ids shared by every forwarder of a trace. */
  readonly nextId: () => number;
}

/** A running forwarder. */
export interface Forwarder {
  readonly port: number;
  /** Stops listening, closes go's connections and aborts upstream requests still running. */
  close(): Promise<void>;
}

function safeHeaders(hs: Iterable<[string, string]>): [string, string][] {
  return [...hs].filter(([k]) => !SECRET.has(k.toLowerCase())).map(([k, v]) => [k, redactURL(v)]);
}

function errorText(e: unknown): string {
  const err = e as { message?: string; code?: string; cause?: { message?: string; code?: string } };
  const msg = err.cause?.message ?? err.message ?? String(e);
  const code = err.cause?.code ?? err.code;
  return redactURL(code !== undefined && !msg.includes(code) ? `${msg} (${code})` : msg);
}

/**
 * Starts a forwarder on 127.0.0.1 (a free port). Every request is recorded through opts.record; nothing
 * that can hold a secret (Authorization, cookies, userinfo) is recorded.
 */
export async function startForwarder(opts: ForwarderOptions): Promise<Forwarder> {
  const inflight = new Set<AbortController>();
  const server: Server = createServer({ highWaterMark: STREAM_BUFFER }, (req, res) => {
    void handle(req, res, opts, inflight);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: async () => {
      for (const c of inflight) c.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  opts: ForwarderOptions,
  inflight: Set<AbortController>,
): Promise<void> {
  const startedMs = Date.now();
  const t0 = performance.now();
  const pathAndQuery = req.url ?? "/";
  const method = req.method ?? "GET";
  const reqHeaders: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    const key = k.toLowerCase();
    if (HOP_BY_HOP.has(key) || SECRET.has(key) || key === "host" || v === undefined) continue;
    reqHeaders[key] = Array.isArray(v) ? v.join(", ") : v;
  }
  let route: Route;
  try {
    route = await opts.route(pathAndQuery);
  } catch (e) {
    route = {
      kind: "replay",
      status: 502,
      statusText: "Bad Gateway",
      headers: [["Content-Type", "text/plain; charset=utf-8"]],
      body: Buffer.from(`goproxy-doctor trace: ${errorText(e)}\n`),
      entry: null,
      role: "other",
      url: pathAndQuery,
      note: "routing failed",
      replayOf: null,
    };
  }
  // The id is taken once the route is known: the database's initBase walk (requests of its own) comes first.
  const id = opts.nextId();
  const url = redactURL(route.url);
  const parsedPath = (() => {
    try {
      const u = new URL(route.url);
      return `${u.pathname}${u.search}`;
    } catch {
      return pathAndQuery;
    }
  })();
  let rec: TraceRequest = startedRequest({
    id,
    source: opts.source,
    entry: route.entry,
    role: route.role,
    method,
    url,
    path: parsedPath,
    startedMs,
    requestHeaders: safeHeaders(Object.entries(reqHeaders)),
    note: route.kind === "replay" ? route.note : (route.note ?? null),
    replayOf: route.kind === "replay" ? route.replayOf : null,
  });
  opts.record(rec);
  const elapsed = () => Math.round(performance.now() - t0);
  const finish = (patch: Partial<TraceRequest>, outcome: RequestOutcome) => {
    rec = { ...rec, ...patch, outcome, ms: patch.ms ?? elapsed() };
    opts.record(rec);
  };
  const outcomeOf = (status: number): RequestOutcome =>
    status === 200 ? "ok" : status === 404 || status === 410 ? "not-found" : "error";

  if (route.kind === "replay") {
    res.writeHead(route.status, route.statusText, route.headers.flat());
    res.end(route.body);
    finish(
      {
        status: route.status,
        statusText: route.statusText,
        bytes: route.body.length,
        ttfbMs: elapsed(),
        responseHeaders: safeHeaders(route.headers),
        presentedToGo: route.presentedToGo ?? null,
      },
      outcomeOf(route.status),
    );
    return;
  }

  const abort = new AbortController();
  inflight.add(abort);
  let headSent = false;
  let done = false;
  let bytes = 0;
  let status = 0;
  res.on("close", () => {
    if (!done) abort.abort();
  });
  const sink: Sink = {
    head(st, statusText, headers, redirects) {
      status = st;
      headSent = true;
      const pass = headers.filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase()));
      res.writeHead(st, statusText || undefined, pass.flat());
      // Headers go out now: go measures time to first byte as the upstream's.
      res.flushHeaders();
      rec = {
        ...rec,
        status: st,
        statusText,
        ttfbMs: elapsed(),
        redirects,
        responseHeaders: safeHeaders(pass),
      };
      opts.record(rec);
    },
    data(chunk, resume) {
      bytes += chunk.length;
      const ok = res.write(chunk);
      if (!ok) res.once("drain", resume);
      return ok;
    },
    pipe(body) {
      return new Promise<void>((resolve, reject) => {
        body.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
        });
        body.once("error", reject);
        body.once("end", () => resolve());
        res.once("close", () => resolve());
        body.pipe(res, { end: false });
      });
    },
  };
  try {
    await opts.client.get(route.url, reqHeaders, sink, abort.signal);
    done = true;
    await new Promise<void>((resolve) => res.end(() => resolve()));
    finish({ bytes }, outcomeOf(status));
  } catch (e) {
    done = true;
    if (abort.signal.aborted) {
      finish({ bytes: headSent ? bytes : null, upstreamError: null }, "aborted");
    } else if (!headSent) {
      const text = errorText(e);
      const body = Buffer.from(`goproxy-doctor trace: ${url}: ${text}\n`);
      if (!res.headersSent)
        res.writeHead(502, "Bad Gateway", {
          "Content-Type": "text/plain; charset=utf-8",
          "Content-Length": String(body.length),
        });
      res.end(body);
      finish({ upstreamError: text, presentedToGo: "502 Bad Gateway", bytes: null }, "error");
    } else {
      res.destroy();
      finish({ upstreamError: errorText(e), presentedToGo: "connection closed mid-body", bytes }, "error");
    }
  } finally {
    inflight.delete(abort);
  }
}

/** A small answer fetched and kept whole (the checksum database's `/supported`), or the connection error. */
export type SmallAnswer =
  | {
      readonly ok: true;
      readonly status: number;
      readonly statusText: string;
      readonly headers: [string, string][];
      /** At most maxBytes. */
      readonly body: Buffer;
    }
  | { readonly ok: false; readonly error: string };

/** A SmallAnswer and the id of its record. */
export type RecordedAnswer = SmallAnswer & { readonly id: number };

/**
 * GETs a small resource on go's behalf (trace performs the checksum database's initBase walk for go) and
 * records it like a forwarded request; the body is kept up to maxBytes (the rest is read and dropped).
 */
export async function fetchRecorded(
  client: UpstreamClient,
  url: string,
  meta: {
    source: RequestSource;
    entry: number | null;
    role: string;
    note: string;
    headers: Record<string, string>;
  },
  record: RecordSink,
  nextId: () => number,
  maxBytes = 64 << 10,
): Promise<RecordedAnswer> {
  const id = nextId();
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  const u = new URL(url);
  let rec: TraceRequest = startedRequest({
    id,
    source: meta.source,
    entry: meta.entry,
    role: meta.role,
    method: "GET",
    url: redactURL(url),
    path: `${u.pathname}${u.search}`,
    startedMs: Date.now(),
    requestHeaders: safeHeaders(Object.entries(meta.headers)),
    note: meta.note,
  });
  record(rec);
  let head: { status: number; statusText: string; headers: [string, string][] } | null = null;
  const chunks: Buffer[] = [];
  let kept = 0;
  let bytes = 0;
  try {
    await client.get(
      url,
      meta.headers,
      {
        head(status, statusText, headers, redirects) {
          head = { status, statusText, headers: headers.filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())) };
          rec = {
            ...rec,
            status,
            statusText,
            redirects,
            ttfbMs: elapsed(),
            responseHeaders: safeHeaders(head.headers),
          };
        },
        data(chunk) {
          bytes += chunk.length;
          if (kept < maxBytes) {
            const part = chunk.subarray(0, maxBytes - kept);
            chunks.push(part);
            kept += part.length;
          }
          return true;
        },
      },
      new AbortController().signal,
    );
    const h = head as { status: number; statusText: string; headers: [string, string][] } | null;
    const status = h?.status ?? 0;
    rec = {
      ...rec,
      bytes,
      ms: elapsed(),
      outcome: status === 200 ? "ok" : status === 404 || status === 410 ? "not-found" : "error",
    };
    record(rec);
    return {
      id,
      ok: true,
      status,
      statusText: h?.statusText ?? "",
      headers: (h?.headers ?? []).filter(([k]) => k.toLowerCase() !== "content-length"),
      body: Buffer.concat(chunks),
    };
  } catch (e) {
    const text = errorText(e);
    rec = { ...rec, ms: elapsed(), upstreamError: text, presentedToGo: "502 Bad Gateway", outcome: "error" };
    record(rec);
    return { id, ok: false, error: text };
  }
}
