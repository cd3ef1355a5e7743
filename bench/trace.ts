/**
 * trace benchmark (issue 5: downloading ~200 MB of modules through `goproxy-doctor trace` takes at most 1.1× the
 * wall time of the same download without it; the trace process's peak RSS stays under 150 MB whatever the zip
 * sizes).
 *
 * Starts bigzip (test/fixtures/go/bigzip: a loopback GOPROXY streaming module zips of chosen sizes) and runs
 * `go mod download` of ~200 MiB of modules — 8 × 25 MiB, then 1 × 200 MiB — with GOSUMDB=off and a fresh
 * GOPATH each time: plain go, then the same through trace in a child process (node + trace + go, everything
 * included), alternating, RUNS times each. Prints the median wall times, their ratio and the trace process's
 * peak RSS (getrusage ru_maxrss of the node process; go's own memory is not counted).
 * Run: `npx tsc -p tsconfig.json && node dist/bench/trace.js` (needs go and golang-golang-x-mod-dev).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { runTrace } from "../src/cli/commands/trace.js";
import { startBigZip } from "../test/support/trace-bigzip.js";

const RUNS = 3;
const RATIO_LIMIT = 1.1;
const RSS_LIMIT_MB = 150;
const SETS: { name: string; modules: string[] }[] = [
  { name: "8 x 25 MiB", modules: Array.from({ length: 8 }, (_, i) => `big.test/z25/m${i + 1}@v1.0.0`) },
  { name: "1 x 200 MiB", modules: ["big.test/z200/one@v1.0.0"] },
];

function sandboxEnv(home: string, proxy: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    GOPATH: join(home, "gopath"),
    GOCACHE: join(home, "gocache"),
    GOFLAGS: "-modcacherw",
    GO111MODULE: "on",
    GOTOOLCHAIN: "local",
    GOENV: "off",
    GOSUMDB: "off",
    GOPROXY: proxy,
  };
}

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; code: number | null; out: string }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("close", (code) => resolve({ ms: performance.now() - t0, code, out }));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function child(proxy: string, home: string, modules: string[]): Promise<void> {
  const code = await runTrace(["go", "mod", "download", ...modules], {
    env: sandboxEnv(home, proxy),
    cwd: home,
    stdout: new Writable({ write: (_c, _e, cb) => cb() }),
    live: false,
  });
  process.stdout.write(`${JSON.stringify({ code, maxRSSKiB: process.resourceUsage().maxRSS })}\n`);
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") {
    await child(process.argv[3]!, process.argv[4]!, process.argv.slice(5));
    return;
  }
  const self = fileURLToPath(import.meta.url);
  const bz = await startBigZip();
  let failed = false;
  try {
    for (const set of SETS) {
      const plain: number[] = [];
      const traced: number[] = [];
      let rssMB = 0;
      for (let i = 0; i < RUNS; i++) {
        for (const mode of ["plain", "trace"] as const) {
          const home = mkdtempSync(join(tmpdir(), "gpd-bench-trace-"));
          try {
            const r =
              mode === "plain"
                ? await run("go", ["mod", "download", ...set.modules], sandboxEnv(home, bz.url))
                : await run(process.execPath, [self, "--child", bz.url, home, ...set.modules], process.env);
            if (r.code !== 0) throw new Error(`${mode} run failed with ${r.code}`);
            if (mode === "plain") plain.push(r.ms);
            else {
              traced.push(r.ms);
              const res = JSON.parse(r.out.trim().split("\n").pop()!) as { code: number; maxRSSKiB: number };
              if (res.code !== 0) throw new Error(`go through trace exited with ${res.code}`);
              rssMB = Math.max(rssMB, res.maxRSSKiB / 1024);
            }
          } finally {
            rmSync(home, { recursive: true, force: true });
          }
        }
      }
      const ratio = median(traced) / median(plain);
      const ok = ratio <= RATIO_LIMIT && rssMB < RSS_LIMIT_MB;
      failed ||= !ok;
      console.log(
        `${set.name}: go ${median(plain).toFixed(0)} ms, through trace ${median(traced).toFixed(0)} ms, ratio ${ratio.toFixed(3)} (limit ${RATIO_LIMIT}); trace peak RSS ${rssMB.toFixed(1)} MB (limit ${RSS_LIMIT_MB}) ${ok ? "OK" : "OVER"}`,
      );
    }
  } finally {
    await bz.close();
  }
  if (failed) process.exitCode = 1;
}

await main();
