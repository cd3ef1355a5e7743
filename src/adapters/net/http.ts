/**
 * GET with the go command's client rules (cmd/go/internal/web/http.go): at most 10 redirects, never from
 * https to http, credentials never on http, the HTTP proxy chosen by Go's environment rules, and — unlike
 * go — a timeout and a body-size cap, so a hanging or hostile server costs bounded time and memory.
 * httpGet keeps the body in memory; httpGetStream hands it, chunk by chunk, to a writer (a module zip
 * streamed to a file). Built on undici.
 */
import { createHash } from "node:crypto";
import type { Dispatcher } from "undici";
import { type NetrcEntry, type NetrcMatch, netrcForURL } from "../../core/netrc.js";
import { redactURL } from "../../core/redact.js";
import { basicAuth, splitUserinfo } from "./basicauth.js";
import { answerFromMemo, type Fetched, type GetMemo } from "./getmemo.js";
import type { GetResult } from "./getresult.js";

/** Options of one GET. */
export interface GetOptions {
  /** Whole-request deadline (headers and body), ms. */
  readonly timeoutMs: number;
  /** Body bytes kept (httpGetStream: written); more is reported as truncated (and the connection dropped). */
  readonly maxBytes: number;
  /** The HTTP proxy for this URL (from core/httpproxy.proxyForURL), or null. */
  readonly proxy?: string | null;
  /** Extra CA certificates (PEM) to trust, e.g. go's roots; Node's defaults otherwise. */
  readonly ca?: readonly string[];
  readonly signal?: AbortSignal;
  /** .netrc entries: go sends the matching one as Basic authorization with https requests. */
  readonly netrc?: readonly NetrcEntry[];
  /** How a .netrc machine matches the URL (core/netrc.ts; default "host", go ≤ 1.23). */
  readonly netrcMatch?: NetrcMatch;
  /**
   * Reuse one keep-alive connection pool per (HTTP proxy, roots, scheme) across calls — for long-running
   * callers such as monitor, which then call closeKeptAlive() on shutdown. A one-shot command leaves it
   * off: idle pooled sockets would keep the process alive.
   */
  readonly keepAlive?: boolean;
  /**
   * The run's memo (getmemo.ts createGetMemo; httpGet only): a request another caller of the run already made, or is
   * making, is answered from it instead of asking the server again. Absent: every call asks.
   */
  readonly memo?: GetMemo;
}

export type { GetResult } from "./getresult.js";

const MAX_REDIRECTS = 10;

// undici is loaded on the first GET, not at start-up: commands that never fetch (and check's first
// milliseconds, while its probes wait on sockets) do not pay for evaluating it.
let undici: Promise<typeof import("undici")> | null = null;
const loadUndici = () => {
  // A bundled dynamic import of this CommonJS package yields its exports under `default`.
  undici ??= import("undici").then((m) => (m.default ?? m) as typeof import("undici"));
  return undici;
};

/** Pools kept for keepAlive callers, by proxy, roots and scheme. */
const kept = new Map<string, Dispatcher>();
const rootIds = new WeakMap<readonly string[], number>();
let nextRootId = 1;

/** Closes every pool kept for keepAlive callers (monitor's shutdown). */
export async function closeKeptAlive(): Promise<void> {
  const pools = [...kept.values()];
  kept.clear();
  await Promise.all(pools.map((d) => d.close().catch(() => {})));
}

function keptDispatcher(lib: typeof import("undici"), opts: GetOptions & { plainHttpTarget?: boolean }) {
  if (opts.ca && !rootIds.has(opts.ca)) rootIds.set(opts.ca, nextRootId++);
  const key = `${opts.proxy ?? ""} ${opts.ca ? rootIds.get(opts.ca) : 0} ${opts.plainHttpTarget === true}`;
  let d = kept.get(key);
  if (d === undefined) {
    d = dispatcherFor(lib, { ...opts, timeoutMs: 30_000 });
    kept.set(key, d);
  }
  return d;
}

function dispatcherFor(
  { Agent, ProxyAgent }: typeof import("undici"),
  opts: GetOptions & { plainHttpTarget?: boolean },
): Dispatcher {
  // No TCP keep-alive on Windows: undici turns it on before the connection is up, which Wine 8.0 refuses (every
  // connect fails with UNKNOWN); these requests are short, so the probes would never be sent anyway.
  const connect = {
    timeout: Math.min(opts.timeoutMs, 30_000),
    ...(process.platform === "win32" && { keepAlive: false }),
    ...(opts.ca && { ca: [...opts.ca] }),
  };
  // net/http tunnels only https through a proxy; a plain-http URL is sent to the proxy in absolute form.
  if (opts.proxy)
    return new ProxyAgent({
      uri: opts.proxy,
      requestTls: connect,
      proxyTls: connect,
      proxyTunnel: !opts.plainHttpTarget,
    });
  return new Agent({ connect, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs });
}

function errorOf(e: unknown): { error: string; code: string | null } {
  const err = e as { message?: string; code?: string; cause?: { message?: string; code?: string } };
  const code = err.cause?.code ?? err.code ?? null;
  const message = err.cause?.message ?? err.message ?? String(e);
  return { error: message, code };
}

async function readCapped(
  body: Dispatcher.ResponseData["body"],
  maxBytes: number,
  progress?: { bytes: number },
): Promise<{ data: Uint8Array; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = chunk as Buffer;
    if (size + b.length > maxBytes) {
      chunks.push(b.subarray(0, maxBytes - size));
      // The connection is dropped on purpose; undici reports that as an error nobody needs to hear.
      body.on("error", () => {});
      body.destroy();
      return { data: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(b);
    size += b.length;
    if (progress) progress.bytes = size;
  }
  return { data: Buffer.concat(chunks), truncated: false };
}

/**
 * The Authorization go sends: the .netrc entry of an https URL's host (auth.AddCredentials; its header
 * wins over URL userinfo in Client.send), kept across redirects only to the same host or a subdomain
 * (net/http shouldCopyHeaderOnRedirect); else the first request's userinfo.
 */
function authorizationFor(
  current: string,
  userinfo: string | null,
  original: string,
  netrc: readonly NetrcEntry[] | undefined,
  match: NetrcMatch = "host",
): string | null {
  if (netrc !== undefined && netrc.length > 0) {
    const start = new URL(splitUserinfo(original).url);
    const here = new URL(current);
    // go ≥ 1.24 matches the request URL as URL.String() gives it, userinfo included: with userinfo in the URL no
    // .netrc machine ever matches (verified with go1.26), and the URL's own credentials are sent.
    const entry = netrcForURL(netrc, match === "url-prefix" ? original : start.href, match);
    const sameSite = here.hostname === start.hostname || here.hostname.endsWith(`.${start.hostname}`);
    if (entry !== null && sameSite) return entry.authorization ?? basicAuth(entry.login, entry.password);
  }
  return userinfo;
}

/** A GET that failed before or while reading its answer (the failure arm of {@link GetResult}). */
export type GetFailure = Extract<GetResult, { ok: false }>;

/**
 * The redirect loop shared by {@link httpGet} and {@link httpGetStream}: one deadline for every hop and the
 * final body, the caller's signal, credentials as go sends them, every URL redacted. `final` reads the last
 * answer (not a redirect) while the deadline still runs; `shown` is the redacted URL go names, `ms` the time
 * since the start. Never throws: what `final` throws is a failure like any transport error.
 */
async function getFollowing<T>(
  url: string,
  opts: GetOptions,
  final: (res: Dispatcher.ResponseData, shown: string, ms: () => number) => Promise<T>,
): Promise<T | GetFailure> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  // web/http.go:get refuses userinfo on an http:// URL before sending anything (the doc comment's promise).
  const refused = insecureCredentialsError(url);
  if (refused !== null)
    return {
      ok: false,
      url: redactURL(url),
      error: refused,
      code: "insecure-credentials",
      timedOut: false,
      ms: ms(),
    };
  const lib = await loadUndici();
  const plain = { ...opts, plainHttpTarget: url.startsWith("http:") };
  const dispatcher = opts.keepAlive ? keptDispatcher(lib, plain) : dispatcherFor(lib, plain);
  // net/http's Client.send turns URL userinfo into Basic authorization for that request only: the header is
  // not on the caller's request, so redirects (whose Location has no userinfo) go without it.
  const first = splitUserinfo(url);
  const shown = redactURL(url);
  let current = first.url;
  let lastSecure = "";
  // The request's deadline and the caller's signal, in one controller whose timer and listener are
  // removed when the GET ends (AbortSignal.timeout's timer cannot be cleared: it would fire, build an
  // exception and dispatch an event long after every request — costly for a monitor's many requests).
  const deadline = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    deadline.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
  }, opts.timeoutMs);
  timer.unref();
  const outer = opts.signal;
  const onOuterAbort = () => deadline.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener("abort", onOuterAbort, { once: true });
  const signal = deadline.signal;
  try {
    for (let hop = 0; ; hop++) {
      if (current.startsWith("https:")) lastSecure = current;
      const authorization = authorizationFor(
        current,
        hop === 0 ? first.authorization : null,
        url,
        opts.netrc,
        opts.netrcMatch,
      );
      const headers = authorization === null ? {} : { authorization };
      const target = new URL(current);
      const res = await dispatcher.request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: "GET",
        signal,
        headers,
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
      });
      const location = res.headers.location;
      if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === "string") {
        // dump(), not destroy(): destroying an unread undici body raises an uncaught "Request aborted".
        await res.body.dump();
        const next = new URL(location, current).toString();
        if (hop + 1 >= MAX_REDIRECTS)
          return {
            ok: false,
            url: shown,
            error: `Get "${redactURL(next)}": stopped after 10 redirects`,
            code: "redirects",
            timedOut: false,
            ms: ms(),
          };
        if (url.startsWith("https:") && !next.startsWith("https:")) {
          return {
            ok: false,
            url: shown,
            error: redactURL(
              `Get "${next}": redirected from secure URL ${lastSecure} to insecure URL ${next}`,
            ),
            code: "insecure-redirect",
            timedOut: false,
            ms: ms(),
          };
        }
        current = next;
        continue;
      }
      // go names the URL it fetched, userinfo redacted but kept (web.Response.URL).
      return await final(res, hop === 0 ? shown : redactURL(current), ms);
    }
  } catch (e) {
    const timedOut = expired;
    const { error, code } = errorOf(e);
    return {
      ok: false,
      url: shown,
      error: timedOut ? `no answer within ${opts.timeoutMs} ms` : redactURL(error),
      code: timedOut ? "timeout" : code,
      timedOut,
      ms: ms(),
    };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onOuterAbort);
    if (!opts.keepAlive) void dispatcher.close().catch(() => {});
  }
}

/**
 * GETs url following redirects as go does: URL userinfo is sent as Basic authorization on the first request
 * only (net/http Client.send), and every URL in the result is redacted. Never throws: transport failures, timeouts and redirect
 * errors are results with go's wording where go has one (`stopped after 10 redirects`,
 * `redirected from secure URL … to insecure URL …`). With opts.memo the answer may be one already got for
 * the same request (see GetMemo); its ms is then the duration of the request that got it.
 */
export function httpGet(url: string, opts: GetOptions): Promise<GetResult> {
  if (opts.memo !== undefined)
    return answerFromMemo(opts.memo, memoKey(url, opts), opts.maxBytes, opts.signal, () =>
      getOnce(url, opts),
    );
  return getOnce(url, opts).then((f) => f.result);
}

/** One GET really made (httpGet without a memo). */
async function getOnce(url: string, opts: GetOptions): Promise<Fetched> {
  const progress = { bytes: 0 };
  const result = await getFollowing(url, opts, async (res, shown, ms): Promise<GetResult> => {
    const { data, truncated } = await readCapped(res.body, opts.maxBytes, progress);
    const ct = res.headers["content-type"];
    return {
      ok: true,
      url: shown,
      status: res.statusCode,
      contentType: typeof ct === "string" ? ct : "",
      body: data,
      truncated,
      ms: ms(),
    };
  });
  return result.ok
    ? { result, readBytes: 0, bodyLength: result.body.length }
    : { result, readBytes: progress.bytes, bodyLength: 0 };
}

/**
 * go's refusal to send URL userinfo over plain http, made before any connection
 * (cmd/go/internal/web/http.go:get): `refusing to pass credentials to insecure URL: <url>` with the
 * password redacted as url.Redacted does; null when url may be requested.
 */
export function insecureCredentialsError(url: string): string | null {
  if (!/^http:/i.test(url) || splitUserinfo(url).authorization === null) return null;
  return `refusing to pass credentials to insecure URL: ${redactURL(url)}`;
}

/**
 * Takes one chunk of a streamed body. Awaited before the next chunk is read, so a slow writer slows the
 * download (the connection's flow control) instead of letting chunks pile up in memory.
 */
export type BodyWriter = (chunk: Uint8Array) => void | Promise<void>;

/**
 * Chooses where the final answer's body goes, once its status (and Content-Type, "" when absent) is known:
 * a writer, or null to drop the body unread.
 */
export type BodySink = (
  status: number,
  contentType: string,
) => BodyWriter | null | Promise<BodyWriter | null>;

/** What a streamed GET produced: {@link GetResult} with the count of bytes given to the writer instead of a body. */
export type StreamResult =
  | {
      readonly ok: true;
      readonly url: string;
      readonly status: number;
      readonly contentType: string;
      /** Body bytes given to the writer (at most maxBytes; 0 when the sink dropped the body). */
      readonly bytes: number;
      /** More than maxBytes arrived: the writer got the first maxBytes and the connection was dropped. */
      readonly truncated: boolean;
      readonly ms: number;
    }
  | GetFailure;

// undici's words for a connection that ended before the body did; go's reader says io.ErrUnexpectedEOF.
const PREMATURE_END = new Set(["UND_ERR_SOCKET", "UND_ERR_RES_CONTENT_LENGTH_MISMATCH", "ECONNRESET"]);

/**
 * Gives the body to write in order, at most maxBytes of it. A body that breaks off is an error worded as
 * go words a zip body's read error (modfetch/proxy.go proxyRepo.Zip: a url.Error, Op "read"); the body is
 * dropped (connection closed) whenever the loop ends before the body does.
 */
async function pipeCapped(
  body: Dispatcher.ResponseData["body"],
  maxBytes: number,
  write: BodyWriter,
  shown: string,
): Promise<{ bytes: number; truncated: boolean }> {
  const chunks = body[Symbol.asyncIterator]();
  let bytes = 0;
  let ended = false;
  try {
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await chunks.next();
      } catch (e) {
        const { error, code } = errorOf(e);
        const what = code !== null && PREMATURE_END.has(code) ? "unexpected EOF" : error;
        throw Object.assign(new Error(`read "${shown}": ${what}`), { code });
      }
      if (next.done) {
        ended = true;
        return { bytes, truncated: false };
      }
      const b = next.value as Buffer;
      if (bytes + b.length > maxBytes) {
        await write(b.subarray(0, maxBytes - bytes));
        return { bytes: maxBytes, truncated: true };
      }
      await write(b);
      bytes += b.length;
    }
  } finally {
    if (!ended) {
      // The connection is dropped on purpose; undici reports that as an error nobody needs to hear.
      body.on("error", () => {});
      body.destroy();
    }
  }
}

/**
 * {@link httpGet} with the final answer's body streamed to a writer chosen by `sink` instead of kept in
 * memory: the same redirects, credential rules, redacted URLs and one deadline (covering the whole body,
 * and the writer's time too), memory bounded by a chunk whatever the body's size. At most maxBytes are
 * written; more is `truncated` (the connection is dropped), as go's io.LimitedReader does for a module zip
 * (modfetch/proxy.go proxyRepo.Zip). Never throws: a body that breaks off is a failure
 * `read "<url>": unexpected EOF` (go's wording); what the writer throws (a full disk) is a failure with its
 * message; redirects with none of the body read or written.
 */
export function httpGetStream(url: string, opts: GetOptions, sink: BodySink): Promise<StreamResult> {
  return getFollowing(url, opts, async (res, shown, ms): Promise<StreamResult> => {
    const ct = res.headers["content-type"];
    const contentType = typeof ct === "string" ? ct : "";
    let write: BodyWriter | null;
    try {
      write = await sink(res.statusCode, contentType);
    } catch (e) {
      // dump(), not destroy(), for an unread body (see the redirect case).
      await res.body.dump();
      throw e;
    }
    let piped = { bytes: 0, truncated: false };
    if (write === null) await res.body.dump();
    else piped = await pipeCapped(res.body, opts.maxBytes, write, shown);
    return { ok: true, url: shown, status: res.statusCode, contentType, ...piped, ms: ms() };
  });
}

/** What identifies a request: the URL as given, the Authorization sent with it (hashed), proxy, roots, deadline. */
function memoKey(url: string, opts: GetOptions): string {
  const first = splitUserinfo(url);
  const auth = authorizationFor(first.url, first.authorization, url, opts.netrc, opts.netrcMatch);
  const authKey = auth === null ? "" : createHash("sha256").update(auth).digest("base64");
  if (opts.ca && !rootIds.has(opts.ca)) rootIds.set(opts.ca, nextRootId++);
  return JSON.stringify([url, authKey, opts.proxy ?? "", opts.ca ? rootIds.get(opts.ca) : 0, opts.timeoutMs]);
}
