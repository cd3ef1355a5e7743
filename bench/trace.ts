/**
 * trace benchmark (issue 5: downloading ~200 MB of modules through `goproxy-doctor trace` takes at most 1.1× the
 * wall time of the same download without it; the trace process's peak RSS stays under 150 MB whatever the zip
 * sizes).
 *
 * Starts bigzip (test/fixtures/go/bigzip: a loopback GOPROXY streaming module zips of chosen sizes) and runs
 * `go mod download` of ~200 MiB of modules — 8 × 25 MiB, then 1 × 200 MiB — with GOSUMDB=off and a fresh
 * HOME/GOPATH/GOCACHE each run (the same cold module cache for both variants, the same bigzip server):
 *
 * - plain: `go mod download …`, spawned by this script;
 * - trace: `node bin/goproxy-doctor.js trace --json -- go mod download …`, the bundled CLI as a user runs it
 *   (node start-up, module loading, forwarders, go, summary, exit: everything included). Set GPD_TRACE_CLI to
 *   another entry (e.g. a bundle built elsewhere) to measure that instead.
 *
 * One warm-up pair per set is discarded; then RUNS pairs, the order inside a pair alternating (plain first,
 * then trace first) so that a drifting machine load favours neither. Prints medians of the wall times, the
 * ratio of the medians and the median of the per-pair ratios (steadier when the load drifts), where the extra
 * time goes (start of trace → go started, go's own run under trace vs plain, go's exit → trace's exit, from the
 * trace/v1 document's go.startedAt and go.ms), the trace process's CPU time and peak RSS (getrusage of the node
 * process, written by a preloaded module at exit; go's memory is not counted), and checks that trace recorded
 * every zip with all its bytes.
 *
 * Reading the numbers: trace costs a fixed start-up of node (most of "start→go"), ~15–25 ms after go's exit,
 * and per byte the copy through one more loopback hop (read from the upstream, write to go: ~0.2–0.3 s of CPU
 * per 200 MiB, mostly the kernel's copies in read/writev, plus V8 warming up in a fresh process). When a CPU is
 * free that copy runs beside go; when the machine's CPUs are busy (other work), it is taken from go and bigzip
 * and shows in go's own time under trace.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/trace.js [RUNS]` (default 7; needs go and
 * golang-golang-x-mod-dev, and a bundle in dist/cli).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { goSandboxEnv } from "../test/support/modproxy.js";
import { startBigZip } from "../test/support/trace-bigzip.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = process.env.GPD_TRACE_CLI ?? join(ROOT, "bin", "goproxy-doctor.js");
const RUNS = Number(process.argv[2] ?? 7);
const RATIO_LIMIT = 1.1;
const RSS_LIMIT_MB = 150;
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
  return goSandboxEnv(home, null, { GOPROXY: proxy });
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
    const r = await run("go", ["mod", "download", ...modules], sandboxEnv(home, url), home);
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
      ["--import", USAGE_PRELOAD, CLI, "trace", "--json", "--", "go", "mod", "download", ...modules],
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

async function main(): Promise<void> {
  const bz = await startBigZip();
  let failed = false;
  console.log(
    `trace CLI: ${CLI}; ${RUNS} interleaved pairs per set after one warm-up pair; ${availableParallelism()} CPUs, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} (the ratio grows with the load: see the header of bench/trace.ts)`,
  );
  try {
    for (const set of SETS) {
      await plainOnce(bz.url, set.modules);
      await traceOnce(bz.url, set.modules, set.zipMiB);
      const plain: number[] = [];
      const traced: TraceRun[] = [];
      const pairRatios: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        let p: number;
        let t: TraceRun;
        if (i % 2 === 0) {
          p = await plainOnce(bz.url, set.modules);
          t = await traceOnce(bz.url, set.modules, set.zipMiB);
        } else {
          t = await traceOnce(bz.url, set.modules, set.zipMiB);
          p = await plainOnce(bz.url, set.modules);
        }
        plain.push(p);
        traced.push(t);
        pairRatios.push(t.ms / p);
      }
      const m = (k: keyof TraceRun) => median(traced.map((t) => t[k]));
      const rssMB = Math.max(...traced.map((t) => t.rssMB));
      const ratio = m("ms") / median(plain);
      const ok = ratio <= RATIO_LIMIT && rssMB < RSS_LIMIT_MB;
      failed ||= !ok;
      console.log(
        `${set.name}: go ${median(plain).toFixed(0)} ms, through trace ${m("ms").toFixed(0)} ms, ratio ${ratio.toFixed(3)} ` +
          `(median of pair ratios ${median(pairRatios).toFixed(3)}; limit ${RATIO_LIMIT}); trace peak RSS ${rssMB.toFixed(1)} MB ` +
          `(limit ${RSS_LIMIT_MB}) ${ok ? "OK" : "OVER"}\n` +
          `  under trace: start→go ${m("beforeGo").toFixed(0)} ms, go ${m("go").toFixed(0)} ms, go's exit→trace's exit ` +
          `${m("afterGo").toFixed(0)} ms; trace process CPU ${m("cpuMs").toFixed(0)} ms`,
      );
    }
  } finally {
    await bz.close();
  }
  if (failed) process.exitCode = 1;
}

await main();
