/**
 * The toolchain switch (Go ≥ 1.21) predicted for a directory: which go.work or go.mod go reads
 * (modload FindGoWork / FindGoMod), what Select decides (core/toolchain/select.ts), and — when go would
 * download a toolchain — that download made as go makes it: one GET of the golang.org/toolchain zip per GOPROXY
 * entry as TryProxies walks them (modfetch DownloadZip), then the zip hash against the checksum database, which
 * go consults for toolchains whatever GOSUMDB/GONOSUMDB say (modfetch/sumdb.go useSumDB). Exec's words for a
 * failure are go's (toolchain/select.go Exec). Nothing is written: the zip lives in a removed temp directory.
 */
import { lookPath } from "../adapters/go/binary.js";
import { readNetrc } from "../adapters/machine/netrc.js";
import type { Cause } from "../core/causes.js";
import { parseProxyList } from "../core/config/goproxy.js";
import { proxyConfigFromEnv } from "../core/httpproxy.js";
import { escapePath, escapeVersion } from "../core/module/escape.js";
import { matchingPattern } from "../core/module/glob.js";
import { requestTarget } from "../core/protocol.js";
import { classifyResponse, MAX_ZIP_FILE } from "../core/proxyanswer.js";
import { redactURL } from "../core/redact.js";
import { compareGover, fromToolchain } from "../core/toolchain/gover.js";
import {
  execFailure,
  hasAuto,
  hasPath,
  newerToolchain,
  TOOLCHAIN_MODULE,
  type ToolchainFetch,
  toolchainModuleVersion,
  toolchainVersionsFromList,
  tooNewText,
} from "../core/toolchain/select.js";
import { type EntryAnswer, walkProxies } from "../core/tryproxies.js";
import {
  checkZip,
  isPrediction,
  type PredictedRequest,
  type Prediction,
  type PredictOptions,
  predictViaModOrigin,
  sumdbCheck,
} from "./predict.js";
import { predictDirect } from "./predict-direct.js";
import { fetchURL, NO_PREDICTION_DETAIL, requestOf } from "./predict-requests.js";
import { goarchOf, type ToolchainPlan } from "./toolchain-plan.js";

/** The toolchain download's prediction (a check/v1 `modules[]` entry's prediction). */
export interface ToolchainPrediction {
  readonly module: string;
  readonly version: string;
  /** Null when the download is not predicted: see notPredicted. */
  readonly prediction: Prediction | null;
  /** Why there is no prediction (a direct fetch that reaches git), else null. */
  readonly notPredicted: string | null;
}

/**
 * Predicts the download of a switched-to toolchain, or its refusal, as Exec does it. Never throws. Returns
 * null when the plan needs no download (local go, a fatal setting, or a toolchain on PATH).
 */
export async function predictToolchain(
  plan: ToolchainPlan,
  opts: PredictOptions,
): Promise<ToolchainPrediction | null> {
  const s = plan.selection;
  if (s.kind !== "switch" || plan.onPath !== null) return null;
  const { path: module, version } = s.module;
  const goos = version.slice(version.lastIndexOf(".") + 1).split("-")[0]!;
  const goarch = version.slice(version.lastIndexOf("-") + 1);
  const fail = (goError: string, cause: Cause, rest: Partial<Prediction>): ToolchainPrediction => ({
    module,
    version,
    notPredicted: null,
    prediction: {
      ...NO_PREDICTION_DETAIL,
      outcome: "fail",
      cause,
      goError,
      version,
      basis: `${s.reason} selects ${s.toolchain}, which go downloads before anything else`,
      ...rest,
    },
  });
  if (s.pathOnly) return fail(execFailure(s.toolchain, true, false, null, goos, goarch)!, "go-version", {});
  const got = await fetchToolchainZip(module, version, opts);
  if (got.notPredicted !== null) return { module, version, prediction: null, notPredicted: got.notPredicted };
  const fetch: ToolchainFetch =
    got.outcome === "ok"
      ? { kind: "ok" }
      : got.notExist
        ? { kind: "not-exist" }
        : { kind: "error", error: got.error };
  const error = execFailure(s.toolchain, false, false, fetch, goos, goarch);
  const detail = { requests: got.requests, sumdbRequests: got.sumdbRequests, hangs: got.hangs };
  if (got.hangs) return fail("", "timeout", { ...detail, goError: null });
  if (error !== null) return fail(error, got.notExist ? "go-version" : got.cause, detail);
  return {
    module,
    version,
    notPredicted: null,
    prediction: {
      ...NO_PREDICTION_DETAIL,
      ...detail,
      outcome: "ok",
      servedBy: got.servedBy,
      checksum: "verified",
      version,
      basis: `${s.reason} selects ${s.toolchain}: go downloads it (live requests, as go makes them), then runs it`,
    },
  };
}

interface ZipFetch {
  readonly outcome: "ok" | "fail";
  readonly notExist: boolean;
  readonly error: string;
  readonly cause: Cause;
  readonly hangs: boolean;
  readonly servedBy: string | null;
  readonly requests: readonly PredictedRequest[];
  readonly sumdbRequests: readonly PredictedRequest[];
  /** Set when the fetch is not predicted (a direct fetch that gets as far as git). */
  readonly notPredicted: string | null;
}

/**
 * modfetch.Download of the toolchain module: the zip alone, walked over GOPROXY as TryProxies does, then
 * checked (checkZip: hash, checksum database). A walk that reaches `direct` (GOPROXY=direct, or GONOPROXY
 * matching golang.org/toolchain) is predicted as the direct fetch: its failure is go's not-exist error.
 */
async function fetchToolchainZip(module: string, version: string, opts: PredictOptions): Promise<ZipFetch> {
  opts = { ...opts, netrc: opts.netrc ?? readNetrc(opts.env) };
  const vars = opts.vars;
  const entries = parseProxyList(vars.GOPROXY?.value ?? "", vars.GONOPROXY?.value ?? "").entries;
  const matchesNoProxy = matchingPattern(vars.GONOPROXY?.value ?? "", module) !== null;
  const get = { proxyConfig: proxyConfigFromEnv(opts.env), netrc: opts.netrc ?? [] };
  const requests: PredictedRequest[] = [];
  const zips = new Map<string, Uint8Array>();
  const causes = new Map<string, Cause>();
  let direct = false;
  const req = { op: "zip" as const, path: `${escapePath(module)}/@v/${escapeVersion(version)}.zip` };
  // walkProxies asks synchronously: the first pass collects the one request it needs next, then it is made.
  const answers = new Map<string, EntryAnswer>();
  let walk = walkProxies(entries, matchesNoProxy, () => ({ kind: "hang" }));
  for (let round = 0; round <= entries.length; round++) {
    let pending: { url: string; written: string } | null = null;
    walk = walkProxies(entries, matchesNoProxy, (entry) => {
      if (entry.kind !== "url") {
        direct = true;
        return { kind: "not-exist", error: "direct" };
      }
      const url = requestTarget(entry.url, req);
      const known = answers.get(url);
      if (known !== undefined) return known;
      pending ??= { url, written: entry.url };
      return { kind: "hang" };
    });
    if (pending === null || direct) break;
    const { url, written } = pending as { url: string; written: string };
    const g = await fetchURL(url, MAX_ZIP_FILE + 1, opts, get);
    requests.push(requestOf(url, g));
    const a = classifyResponse(redactURL(written), "zip", module, version, g.response);
    if (a.kind === "ok" && g.response.kind === "status") zips.set(url, g.response.body);
    if (g.response.kind === "status" && a.kind === "error")
      causes.set(url, g.response.status === 401 || g.response.status === 403 ? "proxy-auth" : "proxy-error");
    else if (g.cause !== null) causes.set(url, g.cause);
    answers.set(url, a.kind === "error" ? { kind: "error", error: `${module}@${version}: ${a.error}` } : a);
  }
  const base = fetchBase(requests);
  if (direct) return directFetch(module, version, opts, requests);
  if (walk.hang)
    return { ...base, outcome: "fail", notExist: false, error: "", cause: "timeout", hangs: true };
  if (walk.servedBy === null) {
    const e = walk.error ?? { text: "", notExist: true };
    const url = [...causes.keys()].find((u) => e.text.includes(redactURL(u)));
    const cause = (url === undefined ? undefined : causes.get(url)) ?? "proxy-error";
    return { ...base, outcome: "fail", notExist: e.notExist, error: e.text, cause };
  }
  const servedBy = walk.servedBy.kind === "url" ? redactURL(walk.servedBy.url) : walk.servedBy.kind;
  const zipURL = walk.servedBy.kind === "url" ? requestTarget(walk.servedBy.url, req) : "";
  const db = sumdbCheck(module, version, opts);
  const check = await checkZip(module, version, zips.get(zipURL) ?? null, db, opts);
  const sumdbRequests = db?.requests ?? [];
  if ("error" in check)
    return {
      ...base,
      sumdbRequests,
      servedBy,
      outcome: "fail",
      notExist: false,
      error: check.error,
      cause: check.cause,
    };
  return { ...base, sumdbRequests, servedBy, outcome: "ok", notExist: false, error: "", cause: "other" };
}

/** The fields of a ZipFetch that say nothing yet: no database request, nothing served, no hang. */
function fetchBase(requests: readonly PredictedRequest[]) {
  return {
    requests,
    sumdbRequests: [] as PredictedRequest[],
    servedBy: null,
    hangs: false,
    notPredicted: null,
  };
}

/**
 * The direct fetch of golang.org/toolchain: go-get discovery, then the repository. A failed discovery is a
 * not-exist error to go (modfetch/repo.go lookupDirect wraps it in notExistError), so Exec says "toolchain
 * not available".
 */
async function directFetch(
  module: string,
  version: string,
  opts: PredictOptions,
  before: readonly PredictedRequest[],
): Promise<ZipFetch> {
  const p = await predictDirect(module, version, opts, before, predictViaModOrigin);
  const requests = p.requests;
  const base = fetchBase(requests);
  if (!isPrediction(p))
    return {
      ...base,
      outcome: "fail",
      notExist: false,
      error: "",
      cause: "other",
      notPredicted: p.notPredicted,
    };
  if (p.outcome === "ok")
    return { ...base, outcome: "ok", notExist: false, error: "", cause: "other", servedBy: "direct" };
  if (p.hangs) return { ...base, outcome: "fail", notExist: false, error: "", cause: "timeout", hangs: true };
  const notExist = (p.goError ?? "").includes("unrecognized import path");
  return { ...base, outcome: "fail", notExist, error: p.goError ?? "", cause: p.cause ?? "other" };
}

/** What a module's go line does to a download that succeeded (modfetch Download's TooNewError, Switcher). */
export interface TooNewOutcome {
  /** The toolchain go switches to and downloads, listed after the module; null when it does not switch. */
  readonly entry: ToolchainPrediction | null;
  /** go stops: its cause and words; null when the switched-to toolchain runs. */
  readonly block: { readonly cause: Cause; readonly goError: string | null; readonly hangs: boolean } | null;
}

/**
 * After `go mod download module@version` fetched a go.mod whose go line (goLine) is newer than the local go:
 * with GOTOOLCHAIN=local (or a bare minimum) go stops with TooNewError; with +auto/auto it lists
 * golang.org/toolchain over GOPROXY (toolchain/switch.go autoToolchains), picks newerToolchain, prints
 * "<what> requires go >= V; switching to goX" and downloads goX as Exec does. Null when go does not care
 * (go line not newer, go < 1.21). GOTOOLCHAIN=path (PATH's go1.N executables) is not predicted: null.
 */
export async function predictTooNew(
  plan: ToolchainPlan,
  what: string,
  goLine: string,
  opts: PredictOptions,
): Promise<TooNewOutcome | null> {
  const localVers = fromToolchain(plan.local);
  if (goLine === "" || compareGover(goLine, localVers) <= 0) return null;
  const gotoolchain = opts.vars.GOTOOLCHAIN?.value ?? "";
  const f = plan.file;
  const autoMode = hasAuto(gotoolchain) || hasPath(gotoolchain);
  const startup = {
    gotoolchain,
    autoFile: autoMode && f !== null ? f.file.shortPath : "",
    autoGo: "",
    autoToolchain: f?.file.toolchain === "default" && autoMode ? "default" : "",
  };
  const tooNew = tooNewText(what, goLine, plan.local, startup);
  if (!hasAuto(gotoolchain)) {
    if (hasPath(gotoolchain)) return null;
    return { entry: null, block: { cause: "go-version", goError: tooNew, hangs: false } };
  }
  const listed = await listToolchains(opts);
  if ("notPredicted" in listed) return null;
  if ("hang" in listed) return { entry: null, block: { cause: "timeout", goError: null, hangs: true } };
  if ("error" in listed) {
    const error = `${tooNew}\ngo: switching to go >= ${goLine}: ${listed.error}`;
    return { entry: null, block: { cause: listed.cause, goError: error, hangs: false } };
  }
  const pick = newerToolchain(goLine, toolchainVersionsFromList(listed.versions, plan.local));
  if ("error" in pick)
    return {
      entry: null,
      // The error that asked for the switch, then the switch's (go1.26.8, `go mod download -json`).
      block: {
        cause: "go-version",
        goError: `${tooNew}\ngo: switching to go >= ${goLine}: ${pick.error}`,
        hangs: false,
      },
    };
  const switched: ToolchainPlan = {
    ...plan,
    selection: {
      kind: "switch",
      toolchain: pick.toolchain,
      reason: `${what} requires go >= ${goLine}, and`,
      pathOnly: false,
      module: {
        path: TOOLCHAIN_MODULE,
        version: toolchainModuleVersion(pick.toolchain, plan.goos, goarchOf()),
      },
    },
    onPath: lookPath(pick.toolchain, opts.env),
  };
  if (switched.onPath !== null) return { entry: null, block: null };
  const entry = await predictToolchain(switched, opts);
  const p = entry?.prediction ?? null;
  if (entry === null || p === null || p.outcome === "ok") return { entry, block: null };
  return { entry, block: { cause: p.cause ?? "other", goError: p.goError, hangs: p.hangs } };
}

type Listed =
  | { readonly versions: readonly string[] }
  | { readonly error: string; readonly cause: Cause }
  | { readonly hang: true }
  | { readonly notPredicted: string };

/**
 * golang.org/toolchain's @v/list over GOPROXY as TryProxies walks it (toolchain/switch.go autoToolchains →
 * modfetch toolchainRepo.Versions → proxyRepo.Versions). A walk that reaches `direct` is not predicted.
 */
async function listToolchains(opts: PredictOptions): Promise<Listed> {
  const vars = opts.vars;
  const module = TOOLCHAIN_MODULE;
  const entries = parseProxyList(vars.GOPROXY?.value ?? "", vars.GONOPROXY?.value ?? "").entries;
  const matchesNoProxy = matchingPattern(vars.GONOPROXY?.value ?? "", module) !== null;
  const get = { proxyConfig: proxyConfigFromEnv(opts.env), netrc: opts.netrc ?? readNetrc(opts.env) };
  const req = { op: "list" as const, path: `${escapePath(module)}/@v/list` };
  const answers = new Map<string, EntryAnswer & { versions?: readonly string[]; cause?: Cause }>();
  let direct = false;
  for (let round = 0; round <= entries.length; round++) {
    let pending: { url: string; written: string } | null = null;
    const walk = walkProxies(entries, matchesNoProxy, (entry) => {
      if (entry.kind !== "url") {
        direct = true;
        return { kind: "hang" };
      }
      const url = requestTarget(entry.url, req);
      const known = answers.get(url);
      if (known !== undefined) return known;
      pending ??= { url, written: entry.url };
      return { kind: "hang" };
    });
    if (direct) return { notPredicted: "the golang.org/toolchain list comes from its origin (direct)" };
    if (pending === null) {
      if (walk.hang) return { hang: true };
      if (walk.servedBy?.kind === "url")
        return { versions: answers.get(requestTarget(walk.servedBy.url, req))?.versions ?? [] };
      const text = walk.error?.text ?? "";
      const cause = [...answers.values()].find(
        (a) => a.kind !== "ok" && "error" in a && a.error === text,
      )?.cause;
      return { error: text, cause: cause ?? "proxy-error" };
    }
    const { url, written } = pending as { url: string; written: string };
    const g = await fetchURL(url, 1 << 20, opts, get);
    const a = classifyResponse(redactURL(written), "list", module, null, g.response);
    const status = g.response.kind === "status" ? g.response.status : null;
    const cause: Cause =
      status === 404 || status === 410
        ? "not-found"
        : status === 401 || status === 403
          ? "proxy-auth"
          : (g.cause ?? "proxy-error");
    answers.set(
      url,
      a.kind === "error" || a.kind === "not-exist"
        ? { ...a, error: `module ${module}: ${a.error}`, cause }
        : a,
    );
  }
  return { notPredicted: "the GOPROXY walk did not finish" };
}
