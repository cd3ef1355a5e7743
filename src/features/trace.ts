/**
 * `goproxy-doctor trace`: runs the go command with every GOPROXY entry and the checksum database behind local
 * recording forwarders (adapters/net/forwarder.ts), and records go's `direct` traffic from its -x output and
 * git's GIT_TRACE_CURL, without changing what go decides (see core/trace/rewrite.ts for the rewriting rules and
 * the checksum-database walk).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { readTextOrNull } from "../adapters/fs/read.js";
import { findGo, goEnvJSON } from "../adapters/go/binary.js";
import { goRoots } from "../adapters/machine/roots.js";
import {
  createUpstreamClient,
  type Forwarder,
  fetchRecorded,
  type RecordedAnswer,
  type Route,
  startForwarder,
  type UpstreamClient,
} from "../adapters/net/forwarder.js";
import { resolveEnvironment } from "../core/config/environment.js";
import { goenvLocation } from "../core/config/goenv-file.js";
import { fallbackRule } from "../core/config/goproxy.js";
import { proxyConfigFromEnv } from "../core/httpproxy.js";
import { netrcPath, parseNetrc } from "../core/netrc.js";
import { redactURL } from "../core/redact.js";
import { analyzeTrace, roleOfPath } from "../core/trace/analyze.js";
import { parseGitCurlTrace } from "../core/trace/gitcurl.js";
import {
  startedRequest,
  type TraceEntryInfo,
  type TraceRequest,
  type TraceResult,
} from "../core/trace/model.js";
import {
  forwarderBase,
  planTrace,
  rewriteGoproxy,
  rewriteGosumdb,
  type SumdbPlan,
  type TracePlan,
  upstreamURL,
  webJoin,
} from "../core/trace/rewrite.js";
import { mapForwarderURLs, parseGetLine, stripXLines, type URLMapping } from "../core/trace/xtrace.js";
import { type EntryAnswer, walkProxies } from "../core/tryproxies.js";
import { goosOf } from "./env.js";

/**
 * The effective GOPROXY, GONOPROXY, GOSUMDB and GOFLAGS go will use (OS environment, GOENV file, $GOROOT/go.env,
 * defaults): resolved without running go when its version is known from $GOROOT/VERSION
 * (core/config/environment.ts, checked against `go env` by the env command's conformance tests), else from
 * `go env -json`.
 */
async function effectiveConfig(
  goPath: string,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: true; values: Record<string, string> } | { ok: false; error: string }> {
  const install = findGo(env, goPath.includes("/") ? goPath : undefined);
  if (install?.version != null) {
    const goos = goosOf();
    const resolved = resolveEnvironment({
      env,
      goos,
      goVersion: install.version,
      goenvFileText: readTextOrNull(goenvLocation(env, goos).path),
      goroot: install.goroot,
      gorootGoEnvText: install.gorootGoEnvText,
    });
    const values: Record<string, string> = {};
    for (const k of ["GOPROXY", "GONOPROXY", "GOSUMDB", "GOFLAGS"]) values[k] = resolved.vars[k]?.value ?? "";
    return { ok: true, values };
  }
  return goEnvJSON(goPath, env);
}

/** Options of one trace. */
export interface TraceOptions {
  /** The go binary (as given after `--`, e.g. "go"). */
  readonly goPath: string;
  /** go's arguments (after the binary). */
  readonly goArgs: readonly string[];
  /** The environment go runs with (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Aborting kills go (SIGKILL to its process group); the trace still completes. */
  readonly signal?: AbortSignal;
  /** Every new or updated request record, as it happens (for the live timeline). */
  readonly onRequest?: (r: TraceRequest) => void;
  /**
   * The GOPROXY entries with their forwarders, once the forwarders listen (for the live timeline); called right
   * before go is spawned, in the same turn of the event loop.
   */
  readonly onEntries?: (entries: readonly TraceEntryInfo[]) => void;
  /** go's standard output, passed through as it comes. */
  readonly onStdout?: (chunk: Buffer) => void;
}

/** Thrown when go cannot be started at all (exit 2). */
export class TraceStartError extends Error {}

/** Whether the go arguments already ask for -x (then its lines are go's own output and are kept). */
export function hasX(args: readonly string[], goflags: string): boolean {
  const isX = (a: string) => /^--?x(=(true|1|t|T|TRUE|True))?$/.test(a);
  return args.some(isX) || goflags.split(/\s+/).some(isX);
}

function readNetrc(env: NodeJS.ProcessEnv): string | null {
  // os.UserHomeDir: %USERPROFILE% on Windows, $HOME elsewhere.
  const windows = process.platform === "win32";
  return readTextOrNull(netrcPath(env, windows, (windows ? env.USERPROFILE : env.HOME) ?? null));
}

/** The checksum database forwarder's route for the initBase walk (performed once, on the first request). */
function walkRoute(
  plan: TracePlan,
  sumdb: Extract<SumdbPlan, { mode: "walk" }>,
  client: UpstreamClient,
  record: (r: TraceRequest) => void,
  nextId: () => number,
  onBase: (base: string) => void,
  onFailed: (supportedURL: string) => void,
): (path: string) => Promise<Route> {
  const entries = plan.proxyList.entries;
  type Decision =
    | { kind: "base"; base: string; entry: number | null }
    | { kind: "replay"; answer: RecordedAnswer; entry: number; url: string };
  let decided: Promise<Decision> | null = null;
  const decide = async (): Promise<Decision> => {
    const answers = new Map<number, { answer: EntryAnswer; small: RecordedAnswer; url: string }>();
    for (let round = 0; round <= entries.length; round++) {
      let need: number | null = null;
      const res = walkProxies(entries, false, (e) => {
        const i = entries.indexOf(e);
        // initBase: direct and off end the walk with "not exist", which sends go to the database itself.
        if (e.kind !== "url") return { kind: "not-exist", error: "direct" };
        const a = answers.get(i);
        if (a !== undefined) return a.answer;
        need = i;
        return { kind: "hang" };
      });
      if (need !== null) {
        const i: number = need;
        const url = webJoin(entries[i]!.url, `sumdb/${sumdb.name}/supported`);
        const small = await fetchRecorded(
          client,
          url,
          {
            source: "sumdb",
            entry: i,
            role: "sumdb-supported",
            note: "asked by trace on go's behalf: go's initBase walk over GOPROXY (modfetch/sumdb.go)",
            headers: { "user-agent": "Go-http-client/1.1", "accept-encoding": "gzip" },
          },
          record,
          nextId,
        );
        const answer: EntryAnswer = !small.ok
          ? { kind: "error", error: String(i) }
          : small.status === 200
            ? { kind: "ok" }
            : small.status === 404 || small.status === 410
              ? { kind: "not-exist", error: String(i) }
              : { kind: "error", error: String(i) };
        answers.set(i, { answer, small, url });
        continue;
      }
      if (res.servedBy !== null) {
        const i = entries.indexOf(res.servedBy);
        return { kind: "base", base: webJoin(res.servedBy.url, `sumdb/${sumdb.name}`), entry: i };
      }
      if (res.error === null || res.error.notExist) return { kind: "base", base: sumdb.direct, entry: null };
      const i = Number(res.error.text);
      const a = answers.get(i)!;
      return { kind: "replay", answer: a.small, entry: i, url: a.url };
    }
    return { kind: "base", base: sumdb.direct, entry: null };
  };
  return async (path) => {
    decided ??= decide().then((d) => {
      if (d.kind === "base") onBase(d.base);
      else onFailed(d.url);
      return d;
    });
    const d = await decided;
    const role = roleOfPath(path, true);
    if (d.kind === "base") return { kind: "forward", url: webJoin(d.base, path), entry: d.entry, role };
    const note = "go's initBase failed at this GOPROXY entry; go keeps that error for every database request";
    if (d.answer.ok)
      return {
        kind: "replay",
        status: d.answer.status,
        statusText: d.answer.statusText,
        headers: d.answer.headers,
        body: d.answer.body,
        entry: d.entry,
        role,
        url: d.url,
        note,
        replayOf: d.answer.id,
      };
    return {
      kind: "replay",
      status: 502,
      statusText: "Bad Gateway",
      headers: [["Content-Type", "text/plain; charset=utf-8"]],
      body: Buffer.from(`goproxy-doctor trace: ${redactURL(d.url)}: ${d.answer.error}\n`),
      entry: d.entry,
      role,
      url: d.url,
      note,
      presentedToGo: "502 Bad Gateway",
      replayOf: d.answer.id,
    };
  };
}

/**
 * Runs the go command through recording forwarders and returns the trace (redacted). go's exit status is in
 * result.go.exitCode (null when it was killed by a signal).
 *
 * @throws TraceStartError when go cannot be started
 */
export async function trace(opts: TraceOptions): Promise<TraceResult> {
  const env = opts.env ?? process.env;
  const goEnv = await effectiveConfig(opts.goPath, env);
  const notes: string[] = [];
  const vals = goEnv.ok ? goEnv.values : null;
  if (!goEnv.ok) notes.push(`go env -json failed (${redactURL(goEnv.error)}): nothing rewritten`);
  const plan: TracePlan | null =
    vals === null
      ? null
      : planTrace({
          goproxy: vals.GOPROXY ?? "",
          gonoproxy: vals.GONOPROXY ?? "",
          gosumdb: vals.GOSUMDB ?? "",
        });
  if (plan !== null) notes.push(...plan.notes);

  let lastId = 0;
  const nextId = () => ++lastId;
  const records = new Map<number, TraceRequest>();
  const record = (r: TraceRequest) => {
    records.set(r.id, r);
    opts.onRequest?.(r);
  };

  const client = createUpstreamClient({
    proxyConfig: proxyConfigFromEnv(env),
    ca: () => goRoots(env).pems,
    netrc: parseNetrc(readNetrc(env) ?? ""),
  });
  const forwarders: Forwarder[] = [];
  const mappings: URLMapping[] = [];
  const entryForwarder = new Map<number, string>();
  const childEnv: NodeJS.ProcessEnv = { ...env };
  let rewrittenProxy: string | null = null;
  let rewrittenSumdb: string | null = null;
  const originOf = (u: string) => redactURL(upstreamURL(u, ""));
  try {
    if (plan !== null) {
      // The forwarders bind in parallel (each a listen on 127.0.0.1:0): go waits for the slowest, not the sum.
      const proxyStarts = plan.forwarded.map((f) =>
        startForwarder({
          client,
          source: "proxy",
          nextId,
          record,
          route: (path) => ({
            kind: "forward",
            url: upstreamURL(f.upstream, path),
            entry: f.index,
            role: roleOfPath(path, false),
          }),
        }),
      );
      const sumdb = plan.sumdb;
      let sumdbStart: Promise<Forwarder> | null = null;
      const mapping: { forwarderOrigin: string; realOrigin: string; wholeURL?: boolean } = {
        forwarderOrigin: "",
        realOrigin: "",
      };
      if (sumdb.mode === "explicit-url" || sumdb.mode === "walk") {
        const route =
          sumdb.mode === "explicit-url"
            ? (path: string): Route => ({
                kind: "forward",
                url: upstreamURL(sumdb.upstream, path),
                entry: null,
                role: roleOfPath(path, true),
              })
            : walkRoute(
                plan,
                sumdb,
                client,
                record,
                nextId,
                (base) => {
                  mapping.realOrigin = redactURL(base.replace(/\/$/, ""));
                },
                (supported) => {
                  mapping.realOrigin = redactURL(supported);
                  mapping.wholeURL = true;
                },
              );
        sumdbStart = startForwarder({ client, source: "sumdb", nextId, record, route });
      }
      const settled = await Promise.allSettled([
        ...proxyStarts,
        ...(sumdbStart === null ? [] : [sumdbStart]),
      ]);
      for (const r of settled) if (r.status === "fulfilled") forwarders.push(r.value);
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed !== undefined) throw failed.reason;
      const bases = plan.forwarded.map((f, i) => {
        const port = forwarders[i]!.port;
        const base = forwarderBase(f.upstream, port);
        entryForwarder.set(f.index, base);
        mappings.push({ forwarderOrigin: `http://127.0.0.1:${port}`, realOrigin: originOf(f.upstream) });
        return base;
      });
      if (bases.length > 0) {
        rewrittenProxy = rewriteGoproxy(vals!.GOPROXY ?? "", bases);
        childEnv.GOPROXY = rewrittenProxy;
      }
      if (sumdbStart !== null && (sumdb.mode === "explicit-url" || sumdb.mode === "walk")) {
        const fw = forwarders[forwarders.length - 1]!;
        mapping.forwarderOrigin = `http://127.0.0.1:${fw.port}`;
        if (sumdb.mode === "explicit-url") mapping.realOrigin = originOf(sumdb.upstream);
        mappings.push(mapping);
        rewrittenSumdb = rewriteGosumdb(sumdb, fw.port);
        childEnv.GOSUMDB = rewrittenSumdb ?? undefined;
        if (sumdb.mode === "walk")
          notes.push(
            "GOSUMDB was given the database forwarder's URL; the forwarder asks each proxy /sumdb/<name>/supported for go, with go's rules, and goes where go would",
          );
      }
    }
    const goflags = vals?.GOFLAGS ?? env.GOFLAGS ?? "";
    const addedX = vals !== null && !hasX(opts.goArgs, goflags);
    if (addedX) childEnv.GOFLAGS = `${goflags} -x`.trim();
    const gitDir = mkdtempSync(join(tmpdir(), "gpd-trace-"));
    const gitTraceFile = join(gitDir, "git-curl.trace");
    const gitTraced = (env.GIT_TRACE_CURL ?? "") === "";
    if (gitTraced) {
      childEnv.GIT_TRACE_CURL = gitTraceFile;
      childEnv.GIT_TRACE_CURL_NO_DATA = "1";
    } else notes.push("GIT_TRACE_CURL is set by you: git's HTTP traffic is not recorded");

    const entriesOf = (): TraceEntryInfo[] =>
      (plan?.proxyList.entries ?? []).map((e, index) => ({
        index,
        kind: e.kind,
        written: redactURL(e.written),
        url: redactURL(e.url),
        fallback: fallbackRule(e),
        forwarder: entryForwarder.get(index) ?? null,
      }));
    opts.onEntries?.(entriesOf());
    const run = await runGo(opts, childEnv, record, nextId, mappings);
    await Promise.all(forwarders.map((fw) => fw.close()));
    let gitRecords: TraceRequest[] = [];
    if (gitTraced) {
      let text = "";
      try {
        text = readFileSync(gitTraceFile, "latin1");
      } catch {
        text = "";
      }
      gitRecords = gitRequests(text, run.startedMs, nextId);
      for (const g of gitRecords) record(g);
    }
    rmSync(gitDir, { recursive: true, force: true });
    const requests = [...records.values()].sort((a, b) => a.id - b.id);
    const entries = entriesOf();
    if (requests.some((r) => r.presentedToGo !== null))
      notes.push(
        "where an upstream failed at the connection level, go was answered 502 Bad Gateway: it decided as it would have (fall back after `|`, stop after `,`), but the error text it printed differs",
      );
    const stderr = redactURL(mapForwarderURLs(addedX ? stripXLines(run.stderr) : run.stderr, mappings));
    return {
      go: {
        args: opts.goArgs.map(redactURL),
        exitCode: run.exitCode,
        signal: run.signal,
        stderr,
        addedX,
        startedMs: run.startedMs,
        ms: run.ms,
      },
      goproxy: {
        original: redactURL(vals?.GOPROXY ?? ""),
        rewritten: rewrittenProxy === null ? null : redactURL(rewrittenProxy),
      },
      gosumdb: {
        original: redactURL(vals?.GOSUMDB ?? ""),
        rewritten: rewrittenSumdb === null ? null : redactURL(rewrittenSumdb),
        mode: plan?.sumdb.mode ?? "unchanged",
        name: plan !== null && "name" in plan.sumdb ? plan.sumdb.name : null,
      },
      entries,
      requests,
      analysis: analyzeTrace(plan?.proxyList.entries ?? [], requests, plan?.sumdb.mode ?? "unchanged"),
      notes,
    };
  } finally {
    await Promise.all(forwarders.map((fw) => fw.close().catch(() => {})));
    await client.close();
  }
}

interface GoRun {
  exitCode: number | null;
  signal: string | null;
  stderr: string;
  startedMs: number;
  ms: number;
}

function runGo(
  opts: TraceOptions,
  env: NodeJS.ProcessEnv,
  record: (r: TraceRequest) => void,
  nextId: () => number,
  mappings: readonly URLMapping[],
): Promise<GoRun> {
  const startedMs = Date.now();
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(opts.goPath, [...opts.goArgs], {
      env,
      cwd: opts.cwd,
      detached: true,
      stdio: ["inherit", "pipe", "pipe"],
    });
    const kill = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    };
    opts.signal?.addEventListener("abort", kill, { once: true });
    if (opts.signal?.aborted) kill();
    child.once("error", (e) => {
      opts.signal?.removeEventListener("abort", kill);
      reject(new TraceStartError(`cannot run ${opts.goPath}: ${e.message}`));
    });
    child.stdout!.on("data", (d: Buffer) => opts.onStdout?.(d));
    let stderr = "";
    const pending = new Map<string, TraceRequest[]>();
    const forwarderOrigins = mappings.map((m) => m.forwarderOrigin).filter((o) => o !== "");
    const lines = createInterface({ input: child.stderr! });
    lines.on("line", (line) => {
      stderr += `${line}\n`;
      const g = parseGetLine(line);
      if (g === null) return;
      if (forwarderOrigins.some((o) => g.url.replace("//trace@", "//").startsWith(o))) return;
      const url = redactURL(g.url);
      if (g.kind === "start") {
        const r = directRecord(nextId(), url);
        pending.set(url, [...(pending.get(url) ?? []), r]);
        record(r);
        return;
      }
      const queue = pending.get(url) ?? [];
      const r = queue.shift() ?? directRecord(nextId(), url);
      if (g.kind === "done")
        record({
          ...r,
          status: g.status,
          statusText: g.statusLine.slice(4),
          ms: g.ms,
          outcome: g.status === 200 ? "ok" : g.status === 404 || g.status === 410 ? "not-found" : "error",
        });
      else
        record({ ...r, upstreamError: redactURL(g.error), ms: Date.now() - r.startedMs, outcome: "error" });
    });
    let exit: { code: number | null; signal: string | null } | null = null;
    let linesClosed = false;
    const done = () => {
      if (exit === null || !linesClosed) return;
      opts.signal?.removeEventListener("abort", kill);
      resolve({
        exitCode: exit.code,
        signal: exit.signal,
        stderr,
        startedMs,
        ms: Math.round(performance.now() - t0),
      });
    };
    lines.once("close", () => {
      linesClosed = true;
      done();
    });
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      done();
    });
  });
}

function directRecord(id: number, url: string): TraceRequest {
  let path = url;
  try {
    const u = new URL(url);
    path = `${u.pathname}${u.search}`;
  } catch {
    // keep the text
  }
  return startedRequest({
    id,
    source: "direct",
    entry: null,
    role: /[?&]go-get=1\b/.test(url) ? "go-get" : "direct",
    method: "GET",
    url,
    path,
    startedMs: Date.now(),
    note: "seen in go's -x output",
  });
}

function gitRequests(text: string, goStartedMs: number, nextId: () => number): TraceRequest[] {
  const day = new Date(goStartedMs);
  const midnight = new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime();
  return parseGitCurlTrace(text).map((g) => ({
    id: nextId(),
    source: "git",
    entry: null,
    role: "git",
    method: g.method,
    url: g.url,
    path: g.path,
    startedMs: g.timeOfDayMs === null ? goStartedMs : midnight + Math.round(g.timeOfDayMs),
    status: g.status,
    statusText: g.statusText,
    bytes: null,
    ms: g.ms,
    ttfbMs: g.ms,
    upstreamError: g.error,
    presentedToGo: null,
    redirects: [],
    outcome:
      g.status === null
        ? g.error !== null
          ? "error"
          : "unfinished"
        : g.status >= 200 && g.status < 300
          ? "ok"
          : g.status === 404 || g.status === 410
            ? "not-found"
            : "error",
    requestHeaders: [],
    responseHeaders: [],
    note: "seen in GIT_TRACE_CURL",
    replayOf: null,
  }));
}
