/**
 * What `go mod download MODULE@VERSION` will do, found by doing what it does: the same GOPROXY-protocol
 * requests in the same order against the live servers (core/fetchplan.ts walks the list as TryProxies
 * does), the go.mod hash checked as soon as the go.mod arrives (modfetch/cache.go cachingRepo.GoMod →
 * fetch.go checkGoMod), then the zip checked, hashed and compared with go.sum and the checksum database
 * with proofs (fetch.go downloadZip → hashZip → checkModSum, checkSumDB). Nothing is written to the user's
 * module cache, go.sum or sumdb cache; the zip goes to a temporary directory that is removed.
 */

import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileURL } from "../adapters/fs/fileurl.js";
import { readNetrc } from "../adapters/machine/netrc.js";
import type { GoGetResult } from "../adapters/net/goget.js";
import { httpSumdbSource, latestPath, readLatest } from "../adapters/sumdb/source.js";
import { hashZipFile } from "../adapters/zip/hash.js";
import type { Cause } from "../core/causes.js";
import type { EnvValue } from "../core/config/environment.js";
import { type ProxyEntry, parseProxyList } from "../core/config/goproxy.js";
import { parseGOSUMDB } from "../core/config/gosumdb.js";
import { VERIFIED_GO } from "../core/config/goversion.js";
import { hashGoMod } from "../core/dirhash.js";
import { errorText } from "../core/errors.js";
import { type DownloadPlan, type FileAnswer, planDownload } from "../core/fetchplan.js";
import { causeOfGoError } from "../core/goerror/diagnose.js";
import type { GoSumLine } from "../core/gosum.js";
import { type ProxyConfig, proxyConfigFromEnv } from "../core/httpproxy.js";
import { downloadFilePath, extractedDirPath } from "../core/modcache.js";
import { unescapeVersion } from "../core/module/escape.js";
import { matchingPattern } from "../core/module/glob.js";
import { type NetrcEntry, netrcMatchOf } from "../core/netrc.js";
import { classifyQuery, type ProtocolRequest, requestTarget } from "../core/protocol.js";
import { classifyResponse, MAX_ZIP_FILE } from "../core/proxyanswer.js";
import { redactURL } from "../core/redact.js";
import { type Route, routeModule } from "../core/route.js";
import { type LookupResult, lookupModule } from "../core/sumdb/client.js";
import { parseVerifierKey } from "../core/sumdb/note.js";
import { ERR_NOPROXY, ERR_PROXY_OFF } from "../core/tryproxies.js";
import { predictDirect } from "./predict-direct.js";
import type { NotPredicted, PredictedRequest, Prediction, PredictOptions } from "./predict-model.js";
import { fetchURL, NO_PREDICTION_DETAIL, requestOf } from "./predict-requests.js";

type Vars = Readonly<Record<string, EnvValue>>;

export type { NotPredicted, PredictedRequest, Prediction, PredictOptions } from "./predict-model.js";
export { isPrediction } from "./predict-model.js";

interface Fetched {
  readonly answer: FileAnswer;
  readonly cause: Cause | null;
}

const MAX_SMALL = 16 << 20;

/** The route's offline verdict: failures that need no network. */
export function offlinePrediction(route: Route): Prediction | null {
  const base = {
    servedBy: null,
    checksum: null,
    hangs: false,
    version: null,
    requests: [],
    sumdbRequests: [],
  };
  if (route.error !== null)
    return {
      ...base,
      outcome: "fail",
      cause: route.error.includes("malformed module path") ? "invalid-path" : "config-invalid",
      goError: route.error,
      basis: "configuration only",
    };
  if (route.proxy.mode === "off")
    return {
      ...base,
      outcome: "fail",
      cause: "goproxy-off",
      goError: `${route.module}@${route.version ?? "latest"}: ${ERR_PROXY_OFF}`,
      basis: "configuration only (unless the module cache already has it)",
    };
  return null;
}

/** A module's checksum-database lookups (sumdbCheck). */
export interface SumdbCheck {
  /** null when the module is not checked against a database (GOSUMDB=off, GONOSUMDB). */
  readonly lookup: (
    goMod: boolean,
  ) => Promise<{ lines: readonly string[]; db: string } | { error: string; cause: Cause }>;
  readonly requests: PredictedRequest[];
}

/**
 * Whether go must consult the checksum database for golang.org/toolchain whatever GOSUMDB and GONOSUMDB say
 * (modfetch/sumdb.go useSumDB, Go ≥ 1.21): a toolchain is never in go.sum. The exceptions are a GOPROXY of one
 * file:// URL (testing a distpack) and the Go proxy's own fetcher (GIT_HTTP_USER_AGENT).
 */
function sumdbRequired(module: string, opts: PredictOptions): boolean {
  if (module !== "golang.org/toolchain") return false;
  const goproxy = opts.vars.GOPROXY?.value ?? "";
  if (goproxy.startsWith("file://") && !/[,|]/.test(goproxy)) return false;
  return !(opts.env.GIT_HTTP_USER_AGENT ?? "").includes("proxy.golang.org");
}

/**
 * The checksum-database side: one verified lookup per module version, shared by go.mod and zip (x/mod
 * client.Lookup). Null when go does not consult a database for the module.
 */
export function sumdbCheck(module: string, version: string, opts: PredictOptions): SumdbCheck | null {
  const vars = opts.vars;
  const setting = parseGOSUMDB(vars.GOSUMDB?.value ?? "");
  if (sumdbRequired(module, opts) && setting.off) {
    // sumdb.go dbDial's error, which the toolchain download reaches because useSumDB said yes.
    const error = "checksum database disabled by GOSUMDB=off";
    return { lookup: async () => ({ error, cause: "config-invalid" }), requests: [] };
  }
  const exempt =
    !sumdbRequired(module, opts) && matchingPattern(vars.GONOSUMDB?.value ?? "", module) !== null;
  if (setting.off || exempt) return null;
  if ("error" in setting) {
    const error = setting.error;
    return { lookup: async () => ({ error, cause: "config-invalid" }), requests: [] };
  }
  const config = setting.config;
  const source = httpSumdbSource({
    name: config.name,
    explicitURL: config.url,
    entries: parseProxyList(vars.GOPROXY?.value ?? "", vars.GONOPROXY?.value ?? "").entries,
    proxyConfig: proxyConfigFromEnv(opts.env),
    modcache: vars.GOMODCACHE?.value || null,
    timeoutMs: opts.timeoutMs,
    readOnly: true,
    goRoots: opts.goRoots,
    netrc: opts.netrc ?? readNetrc(opts.env),
    netrcMatch: netrcMatchOf(opts.goVersion ?? VERIFIED_GO[0]!),
    ...(opts.keepAlive && { keepAlive: true }),
    ...(opts.lookup && { lookup: opts.lookup }),
    ...(opts.memo && { memo: opts.memo }),
  });
  let result: Promise<LookupResult | Error> | null = null;
  const requests: PredictedRequest[] = [];
  const run = () => {
    result ??= lookupModule(
      source,
      parseVerifierKey(config.key),
      readLatest(latestPath(vars.GOPATH?.value ?? "", config.name)),
      module,
      version,
    )
      .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))
      .finally(() => {
        for (const l of source.log)
          if (!l.cached)
            requests.push({ line: `GET ${redactURL(l.url)}`, status: l.status, error: l.error, ms: 0 });
      });
    return result;
  };
  return {
    requests,
    lookup: async (goMod) => {
      const r = await run();
      if (!(r instanceof Error)) return { lines: r.lines, db: config.name };
      const e = r as Error & { status?: number | null; hang?: boolean };
      const label = `${module}@${version}${goMod ? "/go.mod" : ""}`;
      // The one cause mapping (core/goerror) reads go's words: a network failure to the database keeps its
      // network cause, a 404/410 is private-via-public-sumdb only with evidence (core/causes.ts).
      const cause: Cause = e.hang
        ? "timeout"
        : (causeOfGoError(`verifying ${label}: ${errorText(e)}`) ??
          (e.status === undefined || e.status === null ? "sumdb-unreachable" : "sumdb-error"));
      return { error: `${label}: ${errorText(e)}`, cause };
    },
  };
}

const SUMDB_MISMATCH =
  "\n\nSECURITY ERROR\nThis download does NOT match the one reported by the checksum server.\nThe bits may have been replaced on the origin server, or an attacker may\nhave intercepted the download attempt.\n\nFor more information, see 'go help module-auth'.\n";
const GOSUM_MISMATCH =
  "\n\nSECURITY ERROR\nThis download does NOT match an earlier download recorded in go.sum.\nThe bits may have been replaced on the origin server, or an attacker may\nhave intercepted the download attempt.\n\nFor more information, see 'go help module-auth'.\n";

/** A failure of checkModSum: `fatal` ones (go.sum conflicts) end go at once (base.Fatalf). */
interface SumFailure {
  readonly error: string;
  readonly cause: Cause;
  readonly fatal: boolean;
}

/**
 * checkModSum for one hash: go.sum first (a conflicting h1 line is fatal), then the checksum database.
 * Returns null when accepted, with `checked` telling whether a database or go.sum vouched for it.
 */
async function checkModSum(
  module: string,
  version: string,
  goMod: boolean,
  hash: string,
  db: SumdbCheck | null,
  opts: PredictOptions,
): Promise<SumFailure | { checked: boolean }> {
  const v = `${version}${goMod ? "/go.mod" : ""}`;
  const known = haveModSum(module, version, goMod, hash, opts);
  if (typeof known === "object")
    return {
      error: `verifying ${module}@${v}: checksum mismatch\n\tdownloaded: ${hash}\n\t${known.file}:     ${known.hash}${GOSUM_MISMATCH}`,
      cause: "checksum-mismatch",
      fatal: true,
    };
  if (known === true) return { checked: true };
  if (db === null) return { checked: false };
  const noun = goMod ? "go.mod" : "module";
  const r = await db.lookup(goMod);
  if ("error" in r) return { error: `verifying ${noun}: ${r.error}`, cause: r.cause, fatal: false };
  const want = `${module} ${v} ${hash}`;
  if (r.lines.includes(want)) return { checked: true };
  const other = r.lines.find((l) => l.startsWith(`${module} ${v} h1:`));
  if (other !== undefined)
    return {
      error: `verifying ${noun}: checksum mismatch\n\tdownloaded: ${hash}\n\t${r.db}: ${other.slice(other.lastIndexOf(" ") + 1)}${SUMDB_MISMATCH}`,
      cause: "checksum-mismatch",
      fatal: false,
    };
  return { checked: true };
}

/**
 * Whether go.sum vouches for hash, in go's order (modfetch/fetch.go haveModSumLocked): the main sum file's
 * lines in file order, where a matching line ends the search and an h1 line before it is a conflict; then
 * every workspace go.sum, where any conflicting h1 line is one even when another file matches. A conflict
 * names the file as go does: "go.sum" / "go.work.sum" for the main file, the path for a workspace one.
 */
function haveModSum(
  module: string,
  version: string,
  goMod: boolean,
  hash: string,
  opts: PredictOptions,
): boolean | { file: string; hash: string } {
  const mine = (l: GoSumLine) => l.module === module && l.version === version && l.isGoMod === goMod;
  for (const l of (opts.goSum ?? []).filter(mine)) {
    if (l.hash === hash) return true;
    if (l.hash.startsWith("h1:")) return { file: opts.goSumFile ?? "go.sum", hash: l.hash };
  }
  let found = false;
  for (const f of opts.workspaceGoSums ?? [])
    for (const l of f.lines.filter(mine)) {
      if (l.hash === hash) found = true;
      else if (l.hash.startsWith("h1:")) return { file: f.path, hash: l.hash };
    }
  return found;
}

/** The cause of a request that failed by its HTTP status. */
function statusCause(answer: FileAnswer, status: number): Cause | null {
  if (answer.kind === "ok") return null;
  if (status === 404 || status === 410) return "not-found";
  if (status === 401 || status === 403 || status === 407) return "proxy-auth";
  return "proxy-error";
}

/** What walking the GOPROXY list as go does produced. */
interface Walk {
  readonly plan: DownloadPlan;
  readonly fetched: ReadonlyMap<string, Fetched>;
  readonly requests: readonly PredictedRequest[];
  /** A go.sum conflict: go stops at once (base.Fatalf). */
  readonly fatal: SumFailure | null;
  /** The walk reached `direct` (or GONOPROXY's noproxy): not simulated. */
  readonly direct: boolean;
  /** The walk needed more requests than a download can: not predicted. */
  readonly unfinished: boolean;
  readonly goModChecked: boolean;
  /** The zip served, when one was. */
  readonly zip: Uint8Array | null;
}

/** Most requests one download can make: every entry asked for list (twice), info, mod and zip. */
const MAX_ROUNDS = 64;

/**
 * Walks as go does by re-running the pure plan (core/fetchplan.ts) after each request: each run stops at
 * the first request not yet made, which is then made for real. The go.mod hash is checked the moment a
 * go.mod arrives, inside the walk, as cachingRepo.GoMod does.
 */
async function walk(
  module: string,
  query: string,
  opts: PredictOptions,
  db: (v: string) => SumdbCheck | null,
  goModOnly = false,
  origin: string | null = null,
) {
  const vars = opts.vars;
  // A `mod` origin is one proxy, asked without any fall-back (modfetch/repo.go lookupDirect → newProxyRepo).
  const entries = parseProxyList(
    origin ?? vars.GOPROXY?.value ?? "",
    origin === null ? (vars.GONOPROXY?.value ?? "") : "",
  ).entries;
  const matchesNoProxy = origin === null && matchingPattern(vars.GONOPROXY?.value ?? "", module) !== null;
  const get = { proxyConfig: proxyConfigFromEnv(opts.env), netrc: opts.netrc ?? readNetrc(opts.env) };
  const fetched = new Map<string, Fetched>();
  const requests: PredictedRequest[] = [];
  const w = {
    fatal: null as SumFailure | null,
    direct: false,
    goModChecked: false,
    zip: null as Uint8Array | null,
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let pending: { entry: ProxyEntry; req: ProtocolRequest; url: string } | null = null;
    const plan = planDownload(
      entries,
      matchesNoProxy,
      module,
      query,
      (entry, req) => {
        if (entry.kind !== "url") {
          w.direct = true;
          return { kind: "hang" };
        }
        const url = requestTarget(entry.url, req);
        const got = fetched.get(`${url} ${req.cacheKey ?? ""}`);
        if (got !== undefined) return got.answer;
        pending ??= { entry, req, url };
        return { kind: "hang" };
      },
      goModOnly,
    );
    if (pending === null || w.direct || w.fatal !== null)
      return { ...w, plan, fetched, requests, unfinished: false } satisfies Walk;
    const { entry, req, url } = pending as { entry: ProxyEntry; req: ProtocolRequest; url: string };
    const g = await fetchFile(url, req, opts, get);
    const r = g.response;
    requests.push(requestOf(url, g));
    const version = versionOf(req);
    let answer = classifyResponse(redactURL(entry.url), req.op, module, version, r);
    let cause = r.kind === "status" ? statusCause(answer, r.status) : g.cause;
    if (answer.kind === "ok" && req.op === "mod" && r.kind === "status") {
      const sum = await checkModSum(module, version!, true, hashGoMod(r.body), db(version!), opts);
      if ("error" in sum) {
        if (sum.fatal) w.fatal = sum;
        answer = { kind: "error", error: sum.error };
        cause = sum.cause;
      } else {
        w.goModChecked = true;
        opts.onGoMod?.(r.body);
      }
    }
    if (answer.kind === "ok" && req.op === "zip" && r.kind === "status") w.zip = r.body;
    fetched.set(`${url} ${req.cacheKey ?? ""}`, { answer, cause });
  }
  const plan = planDownload(entries, matchesNoProxy, module, query, () => ({ kind: "hang" }), goModOnly);
  return { ...w, plan, fetched, requests, unfinished: true } satisfies Walk;
}

function fetchFile(
  url: string,
  req: ProtocolRequest,
  opts: PredictOptions,
  get: { proxyConfig: ProxyConfig; netrc: readonly NetrcEntry[] },
): Promise<GoGetResult> {
  const max = req.op === "zip" ? MAX_ZIP_FILE + 1 : MAX_SMALL;
  if (url.startsWith("file:")) return Promise.resolve(readFileURL(url, max));
  return fetchURL(url, max, opts, get);
}

/**
 * The cached zip's path when go would make no request at all: a canonical version whose .info, .mod, .zip,
 * .ziphash and extracted directory are all in the module cache (modfetch.Download finds DownloadDir
 * complete); else null.
 */
function inModuleCache(module: string, version: string, gomodcache: string): string | null {
  if (gomodcache === "" || classifyQuery(version) !== "canonical") return null;
  try {
    const m = { path: module, version };
    const files = (["info", "mod", "zip", "ziphash"] as const).map((k) => downloadFilePath(m, k));
    const dir = extractedDirPath(m);
    const complete =
      files.every((f) => existsSync(join(gomodcache, f))) &&
      existsSync(join(gomodcache, dir)) &&
      !existsSync(join(gomodcache, `${dir}.partial`));
    return complete ? join(gomodcache, files[2]!) : null;
  } catch {
    return null;
  }
}

/**
 * What needs no network: a malformed path or GOPROXY fails, a module the cache holds succeeds with no
 * request (even with GOPROXY=off), GOPROXY=off fails. Null when only requests can tell.
 */
export function localPrediction(route: Route, vars: Vars): Prediction | null {
  const early = offlinePrediction(route);
  if (early !== null && early.cause !== "goproxy-off") return early;
  const version = route.version ?? "latest";
  const cached = inModuleCache(route.module, version, vars.GOMODCACHE?.value ?? "");
  if (cached !== null)
    return {
      ...NO_PREDICTION_DETAIL,
      outcome: "ok",
      version,
      basis: `in the module cache; go makes no request (${cached})`,
    };
  return early;
}

/**
 * Predicts `go mod download module@query` under opts.vars by making go's requests. Never throws; every
 * request is bounded by opts.timeoutMs (a longer wait is reported as the hang go would suffer).
 */
export async function predictDownload(
  module: string,
  query: string,
  opts: PredictOptions,
): Promise<Prediction | NotPredicted> {
  try {
    return await predictOrThrow(module, query, opts);
  } catch (e) {
    // A case the model does not cover is said so, never reported as our own crash.
    return { notPredicted: `not modelled: ${errorText(e)}`, requests: [] };
  }
}

/**
 * Predicts module@query fetched from a module proxy that go-get discovery named with a `mod` go-import
 * entry (modfetch/repo.go lookupDirect: newProxyRepo at that URL, no GOPROXY list, no fall-back): the same
 * requests, checks and error texts as a one-entry GOPROXY, servedBy `direct`. `before` are the discovery
 * requests. Never throws.
 */
export async function predictViaModOrigin(
  module: string,
  query: string,
  opts: PredictOptions,
  proxyURL: string,
  before: readonly PredictedRequest[],
): Promise<Prediction | NotPredicted> {
  if (parseProxyList(proxyURL, "").error !== null || !/^(https?|file):/i.test(proxyURL))
    return {
      notPredicted: `discovery names a module proxy at ${redactURL(proxyURL)} that is not an http(s) or file URL`,
      requests: before,
    };
  try {
    return await predictOrThrow(module, query, opts, { url: proxyURL, before });
  } catch (e) {
    return { notPredicted: `not modelled: ${errorText(e)}`, requests: before };
  }
}

async function predictOrThrow(
  module: string,
  query: string,
  opts: PredictOptions,
  origin: { readonly url: string; readonly before: readonly PredictedRequest[] } | null = null,
): Promise<Prediction | NotPredicted> {
  // .netrc is read once for the walk and every checksum-database lookup.
  opts = { ...opts, netrc: opts.netrc ?? readNetrc(opts.env) };
  const early = localPrediction(routeModule(opts.vars, module, query), opts.vars);
  if (early !== null) return early;
  const none = NO_PREDICTION_DETAIL;
  const sumdbs = new Map<string, SumdbCheck | null>();
  const db = (version: string) => {
    if (!sumdbs.has(version)) sumdbs.set(version, sumdbCheck(module, version, opts));
    return sumdbs.get(version)!;
  };
  const w = await walk(module, query, opts, db, false, origin?.url ?? null);
  if (w.direct && origin === null)
    return await predictDirect(module, query, opts, w.requests, predictViaModOrigin);
  const requests = [...(origin?.before ?? []), ...w.requests];
  if (w.unfinished || w.direct)
    return { notPredicted: `more than ${MAX_ROUNDS} requests would be needed`, requests };
  const done = (p: Omit<Prediction, "requests" | "sumdbRequests" | "basis">): Prediction => ({
    ...p,
    basis:
      origin === null
        ? "live requests, as go makes them"
        : `live requests to the mod origin ${redactURL(origin.url)}`,
    requests,
    sumdbRequests: [...sumdbs.values()].flatMap((d) => d?.requests ?? []),
  });
  const version = w.plan.version;
  if (w.fatal !== null)
    return done({
      ...none,
      outcome: "fail",
      checksum: "failed",
      cause: w.fatal.cause,
      goError: w.fatal.error,
      version,
    });
  if (w.plan.hang) return done({ ...none, outcome: "fail", cause: "timeout", hangs: true, version });
  if (w.plan.error !== null) {
    const cause = causeOfError(w.plan.error, w.fetched, opts.vars, module);
    return done({ ...none, outcome: "fail", cause, goError: w.plan.error, version });
  }
  const zipEntry = w.plan.servedBy.zip;
  if (zipEntry === undefined || version === null)
    return { notPredicted: "the walk ended without a zip", requests };
  const servedBy = origin === null ? redactURL(zipEntry.written) : "direct";
  const zipCheck = await checkZip(module, version, w.zip, db(version), opts);
  if ("error" in zipCheck) {
    const checksum = zipCheck.cause === "checksum-mismatch" ? "failed" : null;
    return done({
      ...none,
      outcome: "fail",
      servedBy,
      checksum,
      cause: zipCheck.cause,
      goError: zipCheck.error,
      version,
    });
  }
  const checksum = zipCheck.checked || w.goModChecked ? "verified" : "skipped";
  return done({ ...none, outcome: "ok", servedBy, checksum, version });
}

/** What loading one requirement's go.mod into the module graph does: nothing to say, or go's failure. */
export type GoModLoad =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: string; readonly cause: Cause; readonly hangs: boolean };

/**
 * Loads module@version's go.mod as building the module graph does (modload.LoadModGraph → modfetch.GoMod:
 * `.mod` walked through GOPROXY, its hash checked against go.sum and the checksum database), before any
 * zip. A direct route or a case the model does not cover is `ok` here (its download prediction speaks).
 */
export async function loadGoMod(module: string, version: string, opts: PredictOptions): Promise<GoModLoad> {
  try {
    opts = { ...opts, netrc: opts.netrc ?? readNetrc(opts.env) };
    if (localPrediction(routeModule(opts.vars, module, version), opts.vars) !== null) return { ok: true };
    const dbs = new Map<string, SumdbCheck | null>();
    const db = (v: string) => {
      if (!dbs.has(v)) dbs.set(v, sumdbCheck(module, v, opts));
      return dbs.get(v)!;
    };
    const w = await walk(module, version, opts, db, true);
    if (w.direct || w.unfinished) return { ok: true };
    if (w.fatal !== null) return { ok: false, error: w.fatal.error, cause: w.fatal.cause, hangs: false };
    if (w.plan.hang) return { ok: false, error: "", cause: "timeout", hangs: true };
    if (w.plan.error === null) return { ok: true };
    const cause = causeOfError(w.plan.error, w.fetched, opts.vars, module);
    return { ok: false, error: w.plan.error, cause, hangs: false };
  } catch {
    return { ok: true };
  }
}

/** The version a `.info`, `.mod` or `.zip` request names (unescaped), or null for list / latest. */
function versionOf(req: ProtocolRequest): string | null {
  const m = /\/@v\/(.+)\.(info|mod|zip)$/.exec(req.path);
  if (m === null) return null;
  try {
    return unescapeVersion(m[1]!);
  } catch {
    return m[1]!;
  }
}

/** downloadZip's checks after the walk: a readable zip, names under path@version/, then the h1 against go.sum and the database. */
export async function checkZip(
  module: string,
  version: string,
  zip: Uint8Array | null,
  db: SumdbCheck | null,
  opts: PredictOptions,
): Promise<SumFailure | { checked: boolean }> {
  if (zip === null) return { error: `${module}@${version}: zip not kept`, cause: "other", fatal: false };
  const dir = mkdtempSync(join(tmpdir(), "goproxy-doctor-predict-"));
  try {
    const file = join(dir, "module.zip");
    writeFileSync(file, zip);
    let h1: string;
    try {
      const z = await hashZipFile(file);
      const prefix = `${module}@${version}/`;
      const stray = z.entries.find((e) => !e.name.startsWith(prefix));
      if (stray !== undefined)
        return {
          error: `${module}@${version}: zip for ${module}@${version} has unexpected file ${stray.name}`,
          cause: "proxy-error",
          fatal: false,
        };
      h1 = z.h1;
    } catch (e) {
      // downloadZip returns archive/zip's error as it is, without the module prefix.
      return { error: errorText(e), cause: "proxy-error", fatal: false };
    }
    const sum = await checkModSum(module, version, false, h1, db, opts);
    if ("error" in sum)
      return { ...sum, error: sum.fatal ? sum.error : `${module}@${version}: ${sum.error}` };
    return sum;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The cause behind the error go reports: the request whose text it is, or go's own sentinels. */
function causeOfError(
  error: string,
  fetched: ReadonlyMap<string, Fetched>,
  vars: Vars,
  module: string,
): Cause {
  if (error.endsWith(ERR_PROXY_OFF)) return "goproxy-off";
  if (error.endsWith(ERR_NOPROXY) || matchingPattern(vars.GONOPROXY?.value ?? "", module) !== null)
    return "config-invalid";
  for (const f of fetched.values())
    if (f.answer.kind !== "ok" && f.answer.kind !== "hang" && error.endsWith(f.answer.error))
      return f.cause ?? "other";
  return "other";
}
