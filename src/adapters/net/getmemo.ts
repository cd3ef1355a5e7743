/**
 * One run's memo of GET answers (see GetMemo): the bookkeeping of which answer can serve which caller, kept
 * apart from the client (http.ts httpGet, which names each request by its key and makes the real ones).
 */
import type { GetResult } from "./getresult.js";

/**
 * A memo of GET answers for one run of a command, so that a request several steps of the run make (check's
 * protocol checks and its download predictions ask for the same .info, .mod and .zip) reaches the server
 * once. The first caller makes the request; every later or concurrent caller with the same request — the
 * same URL string, the same Authorization (URL userinfo or .netrc, compared by hash), HTTP proxy, roots and
 * deadline — gets its answer: status, Content-Type, body or failure, and the duration (ms) of the request
 * that got it.
 *
 * Body caps are kept: a caller with a smaller cap gets the body cut to its cap and marked truncated, as its
 * own request would have been; a body already cut by a smaller cap than the caller's, or a failure after
 * more body bytes than the caller's cap, cannot tell what the caller would have got and is asked for again.
 * An answer stopped by its caller's own signal is never reused. Kept bodies are the callers' own buffers,
 * never copies; once their requests end at most maxKeptBytes of them are kept, least recently used dropped
 * first (answers in flight are always shared). Nothing expires: drop the memo with its run.
 */
export interface GetMemo {
  /** Body bytes kept for reuse once their requests have ended (bytes). */
  readonly maxKeptBytes: number;
  /** Requests made through the memo, and answers given from it instead (counts, for measurement). */
  readonly stats: { requests: number; reused: number };
}

/** One request really made: readBytes, body bytes read before a failure; bodyLength, the body's length. */
export interface Fetched {
  readonly result: GetResult;
  readonly readBytes: number;
  readonly bodyLength: number;
}

interface MemoEntry {
  readonly answer: Promise<Fetched>;
  /** The cap the request was made with (bytes). */
  readonly maxBytes: number;
  readonly signal: AbortSignal | undefined;
  settled: boolean;
  /** Body bytes counted against maxKeptBytes. */
  kept: number;
}

interface MemoState {
  /** In least-recently-used order (Map insertion order). */
  readonly entries: Map<string, MemoEntry>;
  keptBytes: number;
}

/** One probe module's answers under protocol-check's caps: list, .info, .mod, @latest and a 64 MiB zip. */
const DEFAULT_KEPT_BYTES = 80 << 20;

const memoStates = new WeakMap<GetMemo, MemoState>();

/** A new, empty memo for one run; opts.maxKeptBytes defaults to 80 MiB. */
export function createGetMemo(opts: { readonly maxKeptBytes?: number } = {}): GetMemo {
  const memo: GetMemo = {
    maxKeptBytes: opts.maxKeptBytes ?? DEFAULT_KEPT_BYTES,
    stats: { requests: 0, reused: 0 },
  };
  memoStates.set(memo, { entries: new Map(), keptBytes: 0 });
  return memo;
}

/** A request stopped by its caller's own signal says nothing about the server. */
function reusable(e: MemoEntry, f: Fetched): boolean {
  return f.result.ok || f.result.timedOut || e.signal?.aborted !== true;
}

/** The answer a request capped at maxBytes would have got, from one capped at `made`; null when unknown. */
function underCap(f: Fetched, made: number, maxBytes: number): GetResult | null {
  const r = f.result;
  if (!r.ok) return f.readBytes <= maxBytes ? r : null;
  // A buffer handed to another thread since (detached) has nothing left to give.
  if (r.body.length !== f.bodyLength) return null;
  if (!r.truncated && r.body.length <= maxBytes) return r;
  if (r.truncated && maxBytes > made) return null;
  return { ...r, body: r.body.subarray(0, maxBytes), truncated: true };
}

/**
 * The answer to the request named key, capped at maxBytes: one the memo holds or awaits when it can serve this
 * caller (see GetMemo), else the one request makes (and the memo then keeps). Never throws unless request does.
 */
export async function answerFromMemo(
  memo: GetMemo,
  key: string,
  maxBytes: number,
  signal: AbortSignal | undefined,
  request: () => Promise<Fetched>,
): Promise<GetResult> {
  const state = memoStates.get(memo);
  if (state === undefined) return (await request()).result;
  // An answer that cannot serve this caller may meanwhile have been replaced by one that can (another
  // caller's new request): each entry is awaited once, and entries are only replaced by real requests.
  const tried = new Set<MemoEntry>();
  for (let known = state.entries.get(key); known !== undefined && !tried.has(known); ) {
    tried.add(known);
    const f = await known.answer;
    const r = reusable(known, f) ? underCap(f, known.maxBytes, maxBytes) : null;
    if (r !== null) {
      if (known.settled && state.entries.get(key) === known) {
        state.entries.delete(key);
        state.entries.set(key, known);
      }
      memo.stats.reused++;
      return r;
    }
    known = state.entries.get(key);
  }
  const previous = state.entries.get(key);
  if (previous !== undefined) state.keptBytes -= previous.kept;
  const entry: MemoEntry = {
    answer: request(),
    maxBytes,
    signal,
    settled: false,
    kept: 0,
  };
  state.entries.set(key, entry);
  memo.stats.requests++;
  const f = await entry.answer;
  entry.settled = true;
  if (state.entries.get(key) === entry) keep(memo, state, key, entry, f);
  return f.result;
}

/** Keeps a settled answer within maxKeptBytes, dropping the least recently used kept bodies first. */
function keep(memo: GetMemo, state: MemoState, key: string, entry: MemoEntry, f: Fetched): void {
  if (!reusable(entry, f) || f.bodyLength > memo.maxKeptBytes) {
    state.entries.delete(key);
    return;
  }
  entry.kept = f.bodyLength;
  state.keptBytes += entry.kept;
  for (const [k, e] of state.entries) {
    if (state.keptBytes <= memo.maxKeptBytes) break;
    if (e === entry || !e.settled || e.kept === 0) continue;
    state.entries.delete(k);
    state.keptBytes -= e.kept;
  }
}
