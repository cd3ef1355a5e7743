/**
 * Cost of `monitor` over time (issue 7: 100 loopback targets at a 15 s interval use under 5% of one core
 * and under 200 MB RSS, measured over 10 minutes).
 *
 * A child process serves 100 loopback GOPROXY mirrors (test/support/monitor-mirror.ts: each on its own
 * port, the three default sentinel module paths synthesized), so that their work is not counted; this
 * process runs the monitor on them with its default configuration otherwise (three sentinel modules, full
 * protocol checks, zips hashed), scrapes /metrics every 15 s as Prometheus would, and measures CPU time
 * (process.cpuUsage, user + system) per wall-clock second after a warm-up of one interval, and RSS every
 * 5 s. Prints the numbers against the targets.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/monitor.js [--minutes 10] [--targets 100] [--interval 15s]`.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseMonitorConfig } from "../src/features/monitor/config.js";
import { startMonitor } from "../src/features/monitor/service.js";
import { MONITOR_RENDERERS } from "../src/render/monitor.js";
import { startMirror } from "../test/support/monitor-mirror.js";

const MODULES = [
  { path: "github.com/google/uuid", versions: ["v1.5.0", "v1.6.0"] },
  { path: "golang.org/x/sync", versions: ["v0.7.0"] },
  { path: "github.com/BurntSushi/toml", versions: ["v1.4.0"] },
];

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : dflt;
}

async function serveMirrors(n: number): Promise<void> {
  const mirrors = await Promise.all(Array.from({ length: n }, () => startMirror(MODULES)));
  process.send!({ urls: mirrors.map((m) => m.url) });
  process.on("disconnect", () => process.exit(0));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function main(): Promise<void> {
  const minutes = Number(arg("minutes", "10"));
  const targets = Number(arg("targets", "100"));
  const interval = arg("interval", "15s");
  if (!(minutes > 0) || !Number.isInteger(targets) || targets < 1) {
    process.stderr.write("usage: node dist/bench/monitor.js [--minutes N] [--targets N] [--interval 15s]\n");
    process.exit(2);
  }
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ["--serve", String(targets)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const urls = await new Promise<string[]>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { urls: string[] }).urls));
    child.once("exit", (code) => reject(new Error(`mirror process exited with ${code}`)));
  });
  const yaml = [
    "listen: 127.0.0.1:0",
    `interval: ${interval}`,
    "timeout: 5s",
    "targets:",
    ...urls.map((u) => `  - url: ${u}`),
  ].join("\n");
  const parsed = parseMonitorConfig(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  let warnings = 0;
  const monitor = await startMonitor(parsed.config, {
    render: MONITOR_RENDERERS,
    log: (level, message) => {
      if (level !== "info") {
        warnings++;
        if (warnings <= 5) process.stderr.write(`${level} ${message}\n`);
      }
    },
    roots: [],
  });
  const intervalMs = parsed.config.intervalMs;
  const scrape = async () => {
    const r = await fetch(`${monitor.url}/metrics`);
    return r.text();
  };
  process.stdout.write(
    `monitor bench: ${targets} loopback targets, interval ${interval}, ${minutes} min measured after a ${intervalMs / 1000} s warm-up\n`,
  );
  await sleep(intervalMs);
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  const end = wall0 + minutes * 60_000;
  let rssMax = 0;
  const rssSamples: number[] = [];
  let nextScrape = performance.now();
  while (performance.now() < end) {
    if (performance.now() >= nextScrape) {
      await scrape();
      nextScrape += 15_000;
    }
    const rss = process.memoryUsage().rss;
    rssMax = Math.max(rssMax, rss);
    rssSamples.push(rss);
    await sleep(Math.min(5_000, Math.max(0, end - performance.now())));
  }
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  const text = await scrape();
  const count = (result: string) =>
    [
      ...text.matchAll(
        new RegExp(`^goproxy_doctor_probes_total\\{[^}]*result="${result}"[^}]*\\} (\\d+)`, "gm"),
      ),
    ].reduce((s, m) => s + Number(m[1]), 0);
  await monitor.stop();
  child.disconnect();
  const cpuPct = ((cpu.user + cpu.system) / 1000 / wall) * 100;
  const mb = (b: number) => (b / (1 << 20)).toFixed(1);
  const first = rssSamples[0] ?? 0;
  const last = rssSamples.at(-1) ?? 0;
  const ok = cpuPct < 5 && rssMax < 200 * (1 << 20);
  process.stdout.write(
    [
      `probes: ${count("success")} succeeded, ${count("failure")} failed (since start); ${warnings} warning(s) logged`,
      `CPU: ${cpuPct.toFixed(2)}% of one core over ${(wall / 60_000).toFixed(1)} min (target < 5%: ${cpuPct < 5 ? "met" : "NOT met"})`,
      `RSS: max ${mb(rssMax)} MB, first ${mb(first)} MB, last ${mb(last)} MB (target < 200 MB: ${rssMax < 200 * (1 << 20) ? "met" : "NOT met"})`,
      `ratios: CPU ${(cpuPct / 5).toFixed(2)}× the budget, RSS ${(rssMax / (200 * (1 << 20))).toFixed(2)}× the budget`,
      "",
    ].join("\n"),
  );
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[2] === "--serve") await serveMirrors(Number(process.argv[3]));
else await main();
