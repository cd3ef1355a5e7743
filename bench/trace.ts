/**
 * trace benchmark (issue 5: downloading ~200 MB of modules through `goproxy-doctor trace` takes at most 1.1× the
 * wall time of the same download without it; the trace process's peak RSS stays under 150 MB whatever the zip
 * sizes).
 *
 * Starts bigzip (test/fixtures/go/bigzip: a loopback GOPROXY serving stored module zips with their
 * Content-Length, as a real proxy serves files) and runs `go mod download` of ~200 MiB of modules — 8 × 25 MiB,
 * then 1 × 200 MiB — with GOSUMDB=off and a fresh HOME/GOPATH/GOCACHE each run, over two links:
 *
 * - "1 Gbit/s": bigzip paces all bodies to 125 MB/s together, a fast link to a module proxy; the 1.1×
 *   is judged here, where the download takes about the time a real one takes;
 * - "loopback, unlimited": go reads at memory speed (≈ 250–400 MB/s here), so the whole download lasts well under
 *   a second and every fixed cost and every copied byte shows; reported as the worst case, not judged.
 *
 * Variants, per link:
 * - plain: `go mod download …`, spawned by this script;
 * - trace: `node bin/goproxy-doctor.js trace --json -- go mod download …`, the bundled CLI as a user runs it
 *   (node start-up, module loading, forwarders, go, summary, exit: everything included). Set GPD_TRACE_CLI to
 *   another entry (e.g. a bundle built elsewhere) to measure that instead;
 * - relay floor: go through a raw TCP relay in this (warm) process — no HTTP, no recording, no start-up: what
 *   one more loopback hop costs any forwarder on this machine, the floor trace can approach but not beat.
 *
 * One warm-up round per set is discarded; then RUNS rounds, the order inside a round rotating so that a drifting
 * machine load favours none. Prints medians of the wall times, ratios against plain, the median of the
 * per-round ratios (steadier when the load drifts), where trace's extra time goes (start of trace → go
 * started, go's own run under trace, go's exit → trace's exit, from the trace/v1 document's go.startedAt and
 * go.ms), the trace process's CPU time and peak RSS (getrusage of the node process, written by a preloaded
 * module at exit; go's memory is not counted; first for a 25 MiB and a 400 MiB zip, to show it does not grow with
 * the zip), and checks that trace recorded every zip with all its bytes.
 * Exit status 1 when a judged limit is missed.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/trace.js [RUNS]` (default 7; needs go and
 * golang-golang-x-mod-dev, and a bundle in dist/cli). Other work on the machine skews the unlimited link most.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { goSandboxEnv } from "../test/support/modproxy.js";
import { GO126 } from "../test/support/toolchains.js";
import { startBigZip } from "../test/support/trace-bigzip.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = process.env.GPD_TRACE_CLI ?? join(ROOT, "bin", "goproxy-doctor.js");
const RUNS = Number(process.argv[2] ?? 7);
const RATIO_LIMIT = 1.1;
const RSS_LIMIT_MB = 150;
/** The links compared; rate in bytes per second (0: unlimited); judged links decide the exit status. */
const LINKS: { name: string; rate: number; judged: boolean }[] = [
  { name: "1 Gbit/s", rate: 125e6, judged: true },
  { name: "loopback, unlimited", rate: 0, judged: false },
];
const SETS: { name: string; modules: string[]; zipMiB: number }[] = [
  {
    name: "8 x 25 MiB",
    modules: Array.from({ length: 8 }, (_, i) => `big.test/z25/m${i + 1}@v1.0.0`),
    zipMiB: 8 * 25,
  },
  { name: "1 x 200 MiB", modules: ["big.test/z200/one@v1.0.0"], zipMiB: 200 },
];
/** Preloaded into the trace process: its own getrusage at exit, to the file named by GPD_BENCH_USAGE. */
const USAGE_PRELOAD =
  'data:text/javascript,import{writeFileSync}from"node:fs";process.on("exit",()=>{const f=process.env.GPD_BENCH_USAGE;if(f)writeFileSync(f,JSON.stringify(process.resourceUsage()))})';

function sandboxEnv(home: string, proxy: string): NodeJS.ProcessEnv {
  // go reaches the loopback GOPROXY directly; the sandbox's HTTP proxy stays unset.
  return goSandboxEnv(GO126, home, null, { GOPROXY: proxy });
}

interface Run {
  /** Wall time from spawn to close, ms. */
  ms: number;
  /** Date.now() at spawn. */
  spawnedAt: number;
  code: number | null;
  out: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  return new Promise((done) => {
    const spawnedAt = Date.now();
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.resume();
    child.on("close", (code) =>
      done({ ms: performance.now() - t0, spawnedAt, code, out: Buffer.concat(out).toString() }),
    );
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface TraceRun {
  ms: number;
  /** trace's start → go spawned, ms. */
  beforeGo: number;
  /** go's own run, ms. */
  go: number;
  /** go's exit → trace's exit, ms. */
  afterGo: number;
  cpuMs: number;
  rssMB: number;
}

async function plainOnce(url: string, modules: string[]): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), "gpd-bench-trace-"));
  try {
    const r = await run(GO126.bin, ["mod", "download", ...modules], sandboxEnv(home, url), home);
    if (r.code !== 0) throw new Error(`plain go failed with ${r.code}`);
    return r.ms;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function traceOnce(url: string, modules: string[], zipMiB: number): Promise<TraceRun> {
  const home = mkdtempSync(join(tmpdir(), "gpd-bench-trace-"));
  const usageFile = join(home, "usage.json");
  try {
    const env = { ...sandboxEnv(home, url), GPD_BENCH_USAGE: usageFile };
    const r = await run(
      process.execPath,
      ["--import", USAGE_PRELOAD, CLI, "trace", "--json", "--", GO126.bin, "mod", "download", ...modules],
      env,
      home,
    );
    if (r.code !== 0) throw new Error(`go through trace exited with ${r.code}`);
    const doc = JSON.parse(r.out) as {
      go: { startedAt: string; ms: number };
      requests: { url: string; bytes: number | null; outcome: string }[];
    };
    const zips = doc.requests.filter((q) => q.url.endsWith(".zip"));
    const bytes = zips.reduce((n, q) => n + (q.bytes ?? 0), 0);
    if (zips.length !== modules.length || zips.some((q) => q.outcome !== "ok") || bytes < zipMiB * 2 ** 20)
      throw new Error(
        `trace recorded ${zips.length} zips, ${bytes} bytes: expected ${modules.length}, ≥${zipMiB} MiB`,
      );
    const usage = JSON.parse(readFileSync(usageFile, "utf8")) as {
      maxRSS: number;
      userCPUTime: number;
      systemCPUTime: number;
    };
    const beforeGo = Date.parse(doc.go.startedAt) - r.spawnedAt;
    return {
      ms: r.ms,
      beforeGo,
      go: doc.go.ms,
      afterGo: r.ms - beforeGo - doc.go.ms,
      cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      rssMB: usage.maxRSS / 1024,
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** A raw TCP relay to upstream (a GOPROXY URL) on 127.0.0.1: one more hop and nothing else. */
async function startRelay(upstream: string): Promise<{ url: string; server: Server }> {
  const u = new URL(upstream);
  const server = createServer((down) => {
    const up = connect(Number(u.port), u.hostname);
    down.pipe(up).pipe(down);
    down.on("error", () => up.destroy());
    up.on("error", () => down.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, server };
}

type Variant = "plain" | "trace" | "floor";

async function measureSet(
  link: (typeof LINKS)[number],
  set: (typeof SETS)[number],
  bz: { url: string },
  relay: string,
): Promise<boolean> {
  const once = (v: Variant) =>
    v === "trace"
      ? traceOnce(bz.url, set.modules, set.zipMiB)
      : plainOnce(v === "plain" ? bz.url : relay, set.modules);
  const order: Variant[] = ["plain", "trace", "floor"];
  for (const v of order) await once(v);
  const ms: Record<Variant, number[]> = { plain: [], trace: [], floor: [] };
  const traced: TraceRun[] = [];
  const pairRatios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const round: Partial<Record<Variant, number>> = {};
    for (let k = 0; k < order.length; k++) {
      const v = order[(i + k) % order.length]!;
      const r = await once(v);
      if (typeof r === "number") round[v] = r;
      else {
        traced.push(r);
        round[v] = r.ms;
      }
      ms[v].push(round[v]!);
    }
    pairRatios.push(round.trace! / round.plain!);
  }
  const m = (k: keyof TraceRun) => median(traced.map((t) => t[k]));
  const rssMB = Math.max(...traced.map((t) => t.rssMB));
  const plain = median(ms.plain);
  const ratio = median(ms.trace) / plain;
  const ok = ratio <= RATIO_LIMIT && rssMB < RSS_LIMIT_MB;
  const verdict = link.judged ? (ok ? "OK" : "OVER") : "(not judged)";
  console.log(
    `${link.name}, ${set.name}: go ${plain.toFixed(0)} ms, through trace ${median(ms.trace).toFixed(0)} ms, ` +
      `ratio ${ratio.toFixed(3)} (median of round ratios ${median(pairRatios).toFixed(3)}; limit ${RATIO_LIMIT}); ` +
      `raw relay floor ${(median(ms.floor) / plain).toFixed(3)}; trace peak RSS ${rssMB.toFixed(1)} MB ` +
      `(limit ${RSS_LIMIT_MB}) ${verdict}\n` +
      `  under trace: start→go ${m("beforeGo").toFixed(0)} ms, go ${m("go").toFixed(0)} ms, go's exit→trace's exit ` +
      `${m("afterGo").toFixed(0)} ms; trace process CPU ${m("cpuMs").toFixed(0)} ms`,
  );
  return ok || !link.judged;
}

async function main(): Promise<void> {
  let failed = false;
  console.log(
    `trace CLI: ${CLI}; ${RUNS} rounds per set after one warm-up round; ${availableParallelism()} CPUs, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} (see the header of bench/trace.ts for how to read the numbers)`,
  );
  // "whatever the zip sizes": the trace process's peak RSS for one small and one large zip (unlimited link).
  {
    const bz = await startBigZip();
    try {
      const rss: string[] = [];
      for (const mib of [25, 400]) {
        const t = await traceOnce(bz.url, [`big.test/z${mib}/rss@v1.0.0`], mib);
        failed ||= t.rssMB >= RSS_LIMIT_MB;
        rss.push(`${mib} MiB zip → ${t.rssMB.toFixed(1)} MB`);
      }
      console.log(`trace peak RSS by zip size: ${rss.join(", ")} (limit ${RSS_LIMIT_MB} MB)`);
    } finally {
      await bz.close();
    }
  }
  for (const link of LINKS) {
    const bz = await startBigZip(link.rate);
    const relay = await startRelay(bz.url);
    try {
      for (const set of SETS) failed = !(await measureSet(link, set, bz, relay.url)) || failed;
    } finally {
      relay.server.close();
      await bz.close();
    }
  }
  if (failed) process.exitCode = 1;
}

await main();
