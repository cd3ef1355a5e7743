/**
 * GOPROXY-protocol conformance of one proxy base URL: `@v/list`, `.info`, `.mod`, `.zip`, `@latest`,
 * case-escaped paths, the answer for a missing module, content types and `/sumdb/<name>/supported`,
 * requested as go requests them (core/protocol.ts requestURL: modfetch/proxy.go newProxyRepo, getBody) with
 * go's redirect rules and HTTP proxy (adapters/net/http.ts), and judged by core/conformance. Used by
 * `mirrors` and `monitor`.
 *
 * Never throws for what a server does: invalid JSON, oversized bodies, hostile zips, hanging servers and
 * redirect loops are failed checks with a one-line detail. Every URL in the result is redacted.
 */
import { STATUS_CODES } from "node:http";
import pMap from "p-map";
import type { GetMemo } from "../adapters/net/getmemo.js";
import { type GetResult, httpGet } from "../adapters/net/http.js";
import { hashZipBuffer } from "../adapters/zip/hash.js";
import type { Cause } from "../core/causes.js";
import { checkProxyURL, proxyRequestURL } from "../core/config/goproxy.js";
import type { Answer, Verdict } from "../core/conformance/answer.js";
import { unusable } from "../core/conformance/answer.js";
import {
  bodyText,
  judgeContentType,
  judgeEscaping,
  judgeInfo,
  judgeLatest,
  judgeList,
  judgeMissing,
  judgeMod,
  judgeSumdbSupported,
  judgeZip,
  latestFromList,
  needsEscaping,
  type ProtocolFile,
} from "../core/conformance/judge.js";
import { hashGoMod } from "../core/dirhash.js";
import { errorText } from "../core/errors.js";
import { type ProxyConfig, proxyConfigFromEnv, proxyForURL } from "../core/httpproxy.js";
import { escapePath, escapeVersion } from "../core/module/escape.js";
import type { CheckedZip } from "../core/modzip.js";
import type { NetrcEntry } from "../core/netrc.js";
import { type ProtocolOp, requestURL } from "../core/protocol.js";
import { redactURL } from "../core/redact.js";

/** A probe / sentinel module version. */
export interface ProtocolModule {
  /** The module path (upper case allowed: it is requested !-escaped). */
  readonly path: string;
  /** A canonical version the mirror is expected to serve. */
  readonly version: string;
  /** The zip's known h1 (checksum database, go.sum); when given, a different zip fails the zip check. */
  readonly h1?: string | null;
}

/** Options of checkProtocol. */
export interface ProtocolCheckOptions {
  /** Probe / sentinel modules; each is asked for its list, .info, .mod, .zip and @latest. */
  readonly modules: readonly ProtocolModule[];
  /** Deadline of each request (headers and body), ms. */
  readonly timeoutMs: number;
  /** Overall bound: when it fires, requests still running fail as timed out and none start. */
  readonly signal?: AbortSignal;
  /** Also GET `<base>/sumdb/<name>/supported` when given. */
  readonly sumdbName?: string | null;
  /** The environment read for the HTTP proxy (core/httpproxy); process.env when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** PEM roots to trust (go's: adapters/machine/roots.goRoots().pems); Node's defaults when absent. */
  readonly ca?: readonly string[];
  /** Cap on a downloaded zip, bytes (default 64 MiB); a larger zip fails the zip check. */
  readonly maxZipBytes?: number;
  /** The module asked for to see a "not found" answer (default {@link DEFAULT_MISSING_MODULE}). */
  readonly missingModule?: ProtocolModule;
  /** Requests in flight at once against this base (default 4). */
  readonly concurrency?: number;
  /** Reuse keep-alive connections across calls (long-running callers; see adapters/net/http.ts). */
  readonly keepAlive?: boolean;
  /**
   * .netrc entries (adapters/machine/netrc.readNetrc): sent as Basic authorization on https, as go sends them
   * (cmd/go/internal/auth); without them a private proxy authenticated through ~/.netrc answers 401 here.
   */
  readonly netrc?: readonly NetrcEntry[];
  /**
   * Requests in flight at once for the whole check, all modules, the missing module and
   * `/sumdb/<name>/supported` together (default: no bound beyond `concurrency` per module). With keepAlive,
   * 1 sends every request of the check over one connection, one after the other: what a monitor wants, as
   * each new connection costs far more CPU than a request. Time spent waiting for a turn is not counted in
   * a request's duration.
   */
  readonly maxInFlight?: number;
  /**
   * The run's memo of GET answers (adapters/net/http.ts createGetMemo), shared with other steps of the same
   * run (check's download predictions): a request one of them already made is answered from it. A reused
   * answer keeps the duration of the request that got it.
   */
  readonly memo?: GetMemo;
}

/** The checks, each one line of the result. */
export type ProtocolCheckId =
  | "list"
  | "info"
  | "mod"
  | "zip"
  | "latest"
  | "case-escaping"
  | "missing-module"
  | "content-type"
  | "sumdb-supported";

/** One check's outcome. */
export interface ProtocolCheckItem {
  readonly id: ProtocolCheckId;
  readonly ok: boolean;
  /** `path@version` the check was about, or null (content-type, sumdb-supported). */
  readonly module: string | null;
  /** The URL requested, redacted. */
  readonly url: string;
  /** The HTTP status, or null when no response came. */
  readonly status: number | null;
  /** Duration of the request, ms. */
  readonly ms: number;
  /** One line for a person. */
  readonly detail: string;
  readonly cause: Cause | null;
  /** True when the check could not run (e.g. no probe module has an upper-case letter); ok is then true. */
  readonly skipped: boolean;
}

/** Everything checkProtocol found. */
export interface ProtocolCheckResult {
  /** The proxy base URL, redacted. */
  readonly url: string;
  /** Every check ok. */
  readonly ok: boolean;
  readonly checks: readonly ProtocolCheckItem[];
  /** Per module, the version `@latest` resolves to on this mirror (from @v/list, else @latest), for freshness. */
  readonly latest: readonly { readonly module: string; readonly version: string | null }[];
  /** Zips downloaded: `path@version`, size (bytes), download time (ms), h1 (null when unreadable). */
  readonly zips: readonly {
    readonly module: string;
    readonly bytes: number;
    readonly ms: number;
    readonly h1: string | null;
  }[];
  /** go.mod files downloaded (status 200): `path@version` and the h1 of the `/go.mod` go.sum line. */
  readonly mods: readonly { readonly module: string; readonly h1: string }[];
  /** `/sumdb/<name>/supported`: true 200, false 404/410, null not asked or another answer. */
  readonly sumdbSupported: boolean | null;
  /** Duration of the whole check, ms. */
  readonly ms: number;
}

/** A few small, stable public modules (one with upper-case letters, for the escaping check). */
export const DEFAULT_PROBE_MODULES: readonly ProtocolModule[] = [
  { path: "github.com/google/uuid", version: "v1.6.0" },
  { path: "golang.org/x/sync", version: "v0.7.0" },
  { path: "github.com/BurntSushi/toml", version: "v1.4.0" },
];

/** A module that cannot exist (the `.invalid` top-level domain never resolves). */
export const DEFAULT_MISSING_MODULE: ProtocolModule = {
  path: "example.invalid/goproxy-doctor/no-such-module",
  version: "v1.0.0",
};

const MAX_ZIP_DEFAULT = 64 << 20;
const MAX_SMALL = 1 << 20;
const MAX_MOD = 4 << 20;

interface Ctx {
  readonly opts: ProtocolCheckOptions;
  readonly base: string;
  /** The base without userinfo (URLs are built from it), and the userinfo to put back for the request. */
  readonly bare: string;
  readonly userinfo: string;
  readonly proxyConfig: ProxyConfig;
  /** Runs a request when the check's bound on requests in flight allows (opts.maxInFlight). */
  readonly turn: <T>(run: () => Promise<T>) => Promise<T>;
}

/** A bound on tasks running at once: each waits for a turn, first come first served. */
function limiter(max: number): <T>(run: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (run) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await run();
    } finally {
      // The turn passes straight to the next waiter (`running` stays counted for it), on the next turn of
      // the event loop: undici returns a connection to its pool only after the body's end has been
      // delivered, and a request dispatched before that would open a connection of its own.
      const next = waiting.shift();
      if (next !== undefined) setImmediate(next);
      else running--;
    }
  };
}

const unlimited = <T>(run: () => Promise<T>): Promise<T> => run();

interface Fetched {
  readonly answer: Answer;
  readonly ms: number;
}

function splitBase(base: string): { bare: string; userinfo: string } {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/@?#]*)@/.exec(base);
  if (m === null) return { bare: base, userinfo: "" };
  return { bare: m[1]! + base.slice(m[0].length), userinfo: `${m[2]}@` };
}

function withUserinfo(ctx: Ctx, url: string): string {
  if (ctx.userinfo === "") return url;
  return url.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)/, `$1${ctx.userinfo}`);
}

function toAnswer(r: GetResult, maxBytes: number, aborted: boolean): Answer {
  if (!r.ok) {
    const stopped = aborted && !r.timedOut;
    return {
      kind: "transport",
      url: r.url,
      error: stopped ? "stopped by the overall deadline" : r.error,
      code: stopped ? "timeout" : r.code,
      timedOut: r.timedOut || stopped,
    };
  }
  return {
    kind: "response",
    url: r.url,
    status: r.status,
    statusLine: `${r.status} ${STATUS_CODES[r.status] ?? ""}`.trim(),
    contentType: r.contentType,
    body: r.body,
    truncated: r.truncated,
    maxBytes,
  };
}

/** GETs a URL (built from the bare base) with the base's credentials, proxy, roots and deadlines. */
async function get(ctx: Ctx, url: string, maxBytes: number): Promise<Fetched> {
  const shown = redactURL(url);
  if (ctx.opts.signal?.aborted)
    return {
      answer: {
        kind: "transport",
        url: shown,
        error: "stopped by the overall deadline",
        code: "timeout",
        timedOut: true,
      },
      ms: 0,
    };
  const choice = proxyForURL(ctx.proxyConfig, url);
  if (choice.error !== undefined)
    return {
      answer: { kind: "transport", url: shown, error: choice.error, code: "http-proxy", timedOut: false },
      ms: 0,
    };
  const r = await ctx.turn(() =>
    httpGet(withUserinfo(ctx, url), {
      timeoutMs: ctx.opts.timeoutMs,
      maxBytes,
      proxy: choice.proxy,
      // Roots only matter for TLS, and building a context from them costs milliseconds per request.
      ...(ctx.opts.ca && /^https:/i.test(url) && { ca: ctx.opts.ca }),
      ...(ctx.opts.signal && { signal: ctx.opts.signal }),
      ...(ctx.opts.keepAlive && { keepAlive: true }),
      ...(ctx.opts.netrc && { netrc: ctx.opts.netrc }),
      ...(ctx.opts.memo && { memo: ctx.opts.memo }),
    }),
  );
  return { answer: toAnswer(r, maxBytes, ctx.opts.signal?.aborted === true), ms: r.ms };
}

function urlOf(ctx: Ctx, m: ProtocolModule, op: ProtocolOp): string {
  const esc = escapePath(m.path);
  const file =
    op === "list" ? "@v/list" : op === "latest" ? "@latest" : `@v/${escapeVersion(m.version)}.${op}`;
  return requestURL(ctx.bare, { op, path: `${esc}/${file}` });
}

function statusOf(a: Answer): number | null {
  return a.kind === "response" ? a.status : null;
}

function item(
  id: ProtocolCheckId,
  module: string | null,
  f: Fetched | null,
  v: Verdict,
  url?: string,
): ProtocolCheckItem {
  return {
    id,
    ok: v.ok,
    module,
    url: redactURL(url ?? f?.answer.url ?? ""),
    status: f === null ? null : statusOf(f.answer),
    ms: f?.ms ?? 0,
    detail: redactURL(v.detail),
    cause: v.cause,
    skipped: false,
  };
}

/** Judges the body of a 200 with fn, or the failure of anything else. */
function judged<V extends Verdict>(f: Fetched, fn: (text: string, body: Uint8Array) => V): Verdict | V {
  return (
    unusable(f.answer) ??
    fn(bodyText((f.answer as { body: Uint8Array }).body), (f.answer as { body: Uint8Array }).body)
  );
}

/** What one module's requests produced. */
interface ModuleOutcome {
  readonly items: ProtocolCheckItem[];
  readonly contentTypes: { file: ProtocolFile; url: string; contentType: string }[];
  readonly latest: string | null;
  readonly zip: ProtocolCheckResult["zips"][number] | null;
  readonly mod: ProtocolCheckResult["mods"][number] | null;
  /** The .info verdict and status (for the case-escaping judgement). */
  readonly info: Verdict & { status: number | null; url: string };
}

function badModule(m: ProtocolModule, e: unknown): ModuleOutcome {
  const mv = `${m.path}@${m.version}`;
  const v = { ok: false, cause: "invalid-path" as const, detail: errorText(e) };
  return {
    items: [item("info", mv, null, v, "")],
    contentTypes: [],
    latest: null,
    zip: null,
    mod: null,
    info: { ...v, status: null, url: "" },
  };
}

/** The zip's h1 and x/mod/zip verdict, hashed from the downloaded body (no temporary file). */
async function hashZip(
  m: ProtocolModule,
  body: Uint8Array,
): Promise<{ h1: string; check: CheckedZip } | { error: string }> {
  try {
    const z = await hashZipBuffer(body, { path: m.path, version: m.version });
    return { h1: z.h1, check: z.check! };
  } catch (e) {
    return { error: errorText(e) };
  }
}

async function checkModule(ctx: Ctx, m: ProtocolModule): Promise<ModuleOutcome> {
  const mv = `${m.path}@${m.version}`;
  let urls: Record<ProtocolOp, string>;
  try {
    urls = {
      list: urlOf(ctx, m, "list"),
      info: urlOf(ctx, m, "info"),
      mod: urlOf(ctx, m, "mod"),
      zip: urlOf(ctx, m, "zip"),
      latest: urlOf(ctx, m, "latest"),
    };
  } catch (e) {
    return badModule(m, e);
  }
  const maxZip = ctx.opts.maxZipBytes ?? MAX_ZIP_DEFAULT;
  const ops: [ProtocolOp, number][] = [
    ["list", MAX_SMALL],
    ["info", MAX_SMALL],
    ["mod", MAX_MOD],
    ["latest", MAX_SMALL],
    ["zip", maxZip],
  ];
  const got = await pMap(ops, ([op, max]) => get(ctx, urls[op], max), {
    concurrency: ctx.opts.concurrency ?? 4,
  });
  const [list, info, mod, latest, zip] = got as [Fetched, Fetched, Fetched, Fetched, Fetched];
  const listV = judged(list, (t) => judgeList(t));
  const infoV = judged(info, (t) => judgeInfo(t, m.version, redactURL(ctx.base)));
  const modV = judged(mod, (t) => judgeMod(t, m.path));
  const latestV = judgeLatest(latest.answer, redactURL(ctx.base));
  let zipV: Verdict;
  let zipOut: ModuleOutcome["zip"] = null;
  const zbad = unusable(zip.answer);
  if (zbad !== null) {
    zipV =
      zip.answer.kind === "response" && zip.answer.truncated
        ? { ...zbad, detail: `the zip is larger than the ${maxZip}-byte cap` }
        : zbad;
  } else {
    const body = (zip.answer as { body: Uint8Array }).body;
    const opened = await hashZip(m, body);
    zipV = judgeZip(opened, m.path, m.version, body.length, m.h1 ?? null);
    zipOut = { module: mv, bytes: body.length, ms: zip.ms, h1: "h1" in opened ? opened.h1 : null };
  }
  const modOut =
    mod.answer.kind === "response" && mod.answer.status === 200 && !mod.answer.truncated
      ? { module: mv, h1: hashGoMod(mod.answer.body) }
      : null;
  const listed = "versions" in listV ? (listV.versions as string[]) : [];
  const fromLatest = "version" in latestV && latestV.ok ? latestV.version : null;
  const contentTypes = (
    [
      ["list", list],
      ["info", info],
      ["mod", mod],
      ["latest", latest],
      ["zip", zip],
    ] as const
  ).flatMap(([file, f]) =>
    f.answer.kind === "response" && f.answer.status === 200
      ? [{ file, url: f.answer.url, contentType: f.answer.contentType }]
      : [],
  );
  return {
    items: [
      item("list", mv, list, listV),
      item("info", mv, info, infoV),
      item("mod", mv, mod, modV),
      item("zip", mv, zip, zipV),
      item("latest", mv, latest, latestV),
    ],
    contentTypes,
    latest: latestFromList(listed) ?? fromLatest,
    zip: zipOut,
    mod: modOut,
    info: { ...infoV, status: statusOf(info.answer), url: info.answer.url },
  };
}

async function checkEscaping(
  ctx: Ctx,
  modules: readonly ProtocolModule[],
  outcomes: readonly ModuleOutcome[],
): Promise<ProtocolCheckItem> {
  const i = modules.findIndex((m) => needsEscaping(m.path) || needsEscaping(m.version));
  if (i < 0)
    return {
      ...item("case-escaping", null, null, {
        ok: true,
        cause: null,
        detail: "not checked: no probe module has an upper-case letter",
      }),
      skipped: true,
    };
  const m = modules[i]!;
  const info = outcomes[i]!.info;
  let raw: Fetched | null = null;
  if (!info.ok && (info.status === 404 || info.status === 410)) {
    // The same request with the path as written: what a mirror that ignores escaping would serve.
    raw = await get(ctx, proxyRequestURL(ctx.bare, m.path, `@v/${m.version}.info`), MAX_SMALL);
  }
  const v = judgeEscaping(info, raw?.answer ?? null);
  return {
    ...item("case-escaping", `${m.path}@${m.version}`, null, v, info.url),
    status: info.status,
    ms: raw?.ms ?? 0,
  };
}

function contentTypeItem(ctx: Ctx, seen: ModuleOutcome["contentTypes"]): ProtocolCheckItem {
  const bad = seen.map((s) => ({ s, v: judgeContentType(s.file, s.contentType) })).find((x) => !x.v.ok);
  if (bad !== undefined) return item("content-type", null, null, bad.v, bad.s.url);
  const kinds = [...new Set(seen.map((s) => judgeContentType(s.file, s.contentType).detail))];
  const detail = seen.length === 0 ? "no 200 answer to judge" : kinds.join("; ");
  return {
    ...item("content-type", null, null, { ok: true, cause: null, detail }, ctx.base),
    skipped: seen.length === 0,
  };
}

/**
 * Checks the GOPROXY-protocol conformance of baseURL (a GOPROXY URL entry, credentials allowed). Requests
 * for the probe modules run concurrently (opts.concurrency per module); the whole check ends soon after
 * opts.signal fires. Never throws: a base URL that cannot be parsed is a failed result.
 */
export async function checkProtocol(
  baseURL: string,
  opts: ProtocolCheckOptions,
): Promise<ProtocolCheckResult> {
  const t0 = performance.now();
  const { bare, userinfo } = splitBase(baseURL.trim());
  const ctx: Ctx = {
    opts,
    base: baseURL,
    bare,
    userinfo,
    proxyConfig: proxyConfigFromEnv(opts.env ?? process.env),
    turn: opts.maxInFlight !== undefined && opts.maxInFlight >= 1 ? limiter(opts.maxInFlight) : unlimited,
  };
  const shown = redactURL(baseURL);
  try {
    if (checkProxyURL(bare).scheme === "file") throw new Error("file:// proxies are not probed");
  } catch (e) {
    const v = { ok: false, cause: "config-invalid" as const, detail: errorText(e) };
    return {
      url: shown,
      ok: false,
      checks: [item("list", null, null, v, shown)],
      latest: [],
      zips: [],
      mods: [],
      sumdbSupported: null,
      ms: Math.round(performance.now() - t0),
    };
  }
  const missing = opts.missingModule ?? DEFAULT_MISSING_MODULE;
  const [outcomes, missingF, sumdbF] = await Promise.all([
    pMap(opts.modules, (m) => checkModule(ctx, m), { concurrency: 2 }),
    get(ctx, urlOf(ctx, missing, "info"), MAX_SMALL),
    opts.sumdbName
      ? get(ctx, `${bare.replace(/\/+$/, "")}/sumdb/${opts.sumdbName}/supported`, 4096)
      : Promise.resolve(null),
  ]);
  const checks: ProtocolCheckItem[] = outcomes.flatMap((o) => o.items);
  checks.push(await checkEscaping(ctx, opts.modules, outcomes));
  checks.push(
    item("missing-module", `${missing.path}@${missing.version}`, missingF, judgeMissing(missingF.answer)),
  );
  checks.push(
    contentTypeItem(
      ctx,
      outcomes.flatMap((o) => o.contentTypes),
    ),
  );
  let sumdbSupported: boolean | null = null;
  if (sumdbF !== null) {
    const v = judgeSumdbSupported(sumdbF.answer, opts.sumdbName!);
    sumdbSupported = v.supported;
    checks.push(item("sumdb-supported", null, sumdbF, v));
  }
  return {
    url: shown,
    ok: checks.every((c) => c.ok),
    checks,
    latest: outcomes.map((o, i) => ({
      module: opts.modules[i]!.path,
      version: o.latest,
    })),
    zips: outcomes.flatMap((o) => (o.zip === null ? [] : [o.zip])),
    mods: outcomes.flatMap((o) => (o.mod === null ? [] : [o.mod])),
    sumdbSupported,
    ms: Math.round(performance.now() - t0),
  };
}
