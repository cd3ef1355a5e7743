/**
 * The records a trace is made of. Every URL here is already redacted (core/redact.ts); no header value that
 * can carry a secret (Authorization, Proxy-Authorization, Cookie, Set-Cookie) is ever stored.
 */

/** Who made the request and how it was seen. */
export type RequestSource =
  /** go → a GOPROXY entry's forwarder → the entry. */
  | "proxy"
  /** go (or trace, for the initBase walk) → the checksum database, through its forwarder. */
  | "sumdb"
  /** go's own `direct` fetches (go-get discovery, `mod` meta endpoints), seen in its -x output. */
  | "direct"
  /** git's HTTP requests, seen in GIT_TRACE_CURL. */
  | "git";

/** How a request ended. */
export type RequestOutcome =
  /** 200 */
  | "ok"
  /** 404 or 410: go's "not exist", after which it moves on past `,` and `|` */
  | "not-found"
  /** any other status, or a connection-level failure */
  | "error"
  /** no answer before go exited (a hanging upstream) */
  | "unfinished"
  /** go closed its connection before the answer was complete */
  | "aborted";

/** One hop of a redirect chain that the forwarder followed for go. */
export interface RedirectHop {
  readonly url: string;
  readonly status: number;
}

/** One recorded request. */
export interface TraceRequest {
  /** 1-based, in start order. */
  readonly id: number;
  readonly source: RequestSource;
  /** Index of the GOPROXY entry (ProxyList.entries) it belongs to, or null (database direct, git, go-get). */
  readonly entry: number | null;
  /** What the request was for: `proxy`, `sumdb-supported`, `sumdb-latest`, `sumdb-lookup`, `sumdb-tile`, `go-get`, `git`, `other`. */
  readonly role: string;
  readonly method: string;
  /** The full upstream URL (redacted). */
  readonly url: string;
  /** The path and query as sent upstream. */
  readonly path: string;
  /** Epoch ms when the request started (clock of the adapter that saw it). */
  readonly startedMs: number;
  /** Final upstream status, or null (connection failure, unfinished, or unknown for git/-x records). */
  readonly status: number | null;
  readonly statusText: string;
  /** Body bytes received from upstream (and passed to go), or null when unknown. */
  readonly bytes: number | null;
  /** Total time in ms, or null when unfinished. */
  readonly ms: number | null;
  /** Time to the response headers in ms, or null. */
  readonly ttfbMs: number | null;
  /** The upstream's connection-level error (redacted), or null. */
  readonly upstreamError: string | null;
  /**
   * What go received instead of the upstream's own failure, e.g. `502 Bad Gateway` for a refused connection;
   * null when go saw what the upstream sent. When set, go's printed error text differs from a run without
   * trace, but its decision (fall back or stop) is the same.
   */
  readonly presentedToGo: string | null;
  readonly redirects: readonly RedirectHop[];
  readonly outcome: RequestOutcome;
  /** Safe request and response headers (name, value), for HAR. */
  readonly requestHeaders: readonly (readonly [string, string])[];
  readonly responseHeaders: readonly (readonly [string, string])[];
  /**
   * Set when nothing was sent upstream: the forwarder answered go with the stored answer of request `replayOf`
   * (the checksum database's failed initBase walk, which go remembers for its whole run).
   */
  readonly replayOf: number | null;
  /** Who issued it when not go itself (the initBase walk is performed by trace on go's behalf). */
  readonly note: string | null;
}

/** A request just started: nothing answered yet. Callers give who, what and where. */
export function startedRequest(
  fields: Pick<TraceRequest, "id" | "source" | "entry" | "role" | "method" | "url" | "path" | "startedMs"> &
    Partial<Pick<TraceRequest, "requestHeaders" | "note" | "replayOf">>,
): TraceRequest {
  return {
    status: null,
    statusText: "",
    bytes: null,
    ms: null,
    ttfbMs: null,
    upstreamError: null,
    presentedToGo: null,
    redirects: [],
    outcome: "unfinished",
    requestHeaders: [],
    responseHeaders: [],
    note: null,
    replayOf: null,
    ...fields,
  };
}

/** The run of the go command. */
export interface GoRunRecord {
  /** The go command's arguments as given (redacted). */
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** go's standard error with trace's additions removed and forwarder URLs mapped back (redacted). */
  readonly stderr: string;
  /** True when trace added -x (through GOFLAGS). */
  readonly addedX: boolean;
  readonly startedMs: number;
  readonly ms: number;
}

/** A GOPROXY entry as the trace shows it. */
export interface TraceEntryInfo {
  /** Index in ProxyList.entries. */
  readonly index: number;
  readonly kind: "url" | "direct" | "off" | "noproxy";
  /** As written in GOPROXY (redacted). */
  readonly written: string;
  /** The URL go uses (redacted). */
  readonly url: string;
  /** `not-found` (`,`), `any-error` (`|`) or null (nothing follows). */
  readonly fallback: "not-found" | "any-error" | null;
  /** The forwarder that stood in for it, or null (not forwarded). */
  readonly forwarder: string | null;
}

/** Everything one trace run produced (already redacted). */
export interface TraceResult {
  readonly go: GoRunRecord;
  readonly goproxy: { readonly original: string; readonly rewritten: string | null };
  readonly gosumdb: {
    readonly original: string;
    readonly rewritten: string | null;
    /** core/trace/rewrite.ts SumdbPlan.mode */
    readonly mode: string;
    readonly name: string | null;
  };
  readonly entries: readonly TraceEntryInfo[];
  readonly requests: readonly TraceRequest[];
  readonly analysis: import("./analyze.js").TraceAnalysis;
  /** What the reader should know: what was left unchanged, where go's printed text differs. */
  readonly notes: readonly string[];
}
