/**
 * h1 benchmark (issue: the h1 of a ~100 MB / ~200 MB module zip in at most 0.5× the time of x/mod's
 * dirhash.HashZip in Go 1.19, with memory that does not grow with the zip size).
 *
 * Builds the Go reference (test/fixtures/go/h1ref), writes two generated zips (a quarter-size one and
 * the full one) into the OS temp dir, then alternates single cold runs — one process per run — of
 * dirhash.HashZip and of our hashZipFile, and prints medians, the ratio and each side's peak RSS.
 * Run: `npm run bench:h1 [runs]` (needs go and golang-golang-x-mod-dev).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildGoFixture } from "../test/support/gobuild.js";

const runs = Number(process.argv[2] ?? 5);
const child = join(dirname(fileURLToPath(import.meta.url)), "h1-child.js");
const ref = buildGoFixture("h1ref");
const dir = join(tmpdir(), "goproxy-doctor-bench");
mkdirSync(dir, { recursive: true });

/** A run that takes longer has hung; the benchmark fails rather than waits. */
const RUN_TIMEOUT_MS = 60_000;

interface Run {
  readonly h1: string;
  readonly ms: number;
  readonly maxRssKiB: number;
  readonly workers?: number;
}

function benchZip(files: number): string {
  const out = join(dir, `big-${files}.zip`);
  if (!existsSync(out)) {
    execFileSync(ref, ["mkbig", `${out}.tmp`, String(files)]);
    renameSync(`${out}.tmp`, out);
  }
  return out;
}

function goRun(zip: string): Run {
  const [h1, ns, rss] = execFileSync(ref, ["time", zip, "1"], { encoding: "utf8", timeout: RUN_TIMEOUT_MS })
    .trim()
    .split(" ");
  return { h1: h1!, ms: Number(ns) / 1e6, maxRssKiB: Number(rss) };
}

function ourRun(zip: string): Run {
  return JSON.parse(
    execFileSync(process.execPath, [child, zip], { encoding: "utf8", timeout: RUN_TIMEOUT_MS }),
  ) as Run;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measure(zip: string): { go: Run[]; ours: Run[] } {
  const go: Run[] = [];
  const ours: Run[] = [];
  // Interleaved so that both sides see the same page-cache and CPU-frequency conditions.
  for (let i = 0; i < runs; i++) {
    go.push(goRun(zip));
    ours.push(ourRun(zip));
  }
  const want = go[0]!.h1;
  for (const r of [...go, ...ours]) if (r.h1 !== want) throw new Error(`h1 differs: ${r.h1} vs ${want}`);
  return { go, ours };
}

const mib = (b: number) => (b / 2 ** 20).toFixed(1);
let failed = false;
const rss: number[] = [];
for (const files of [475, 1900]) {
  const zip = benchZip(files);
  const { go, ours } = measure(zip);
  const g = median(go.map((r) => r.ms));
  const o = median(ours.map((r) => r.ms));
  const ratio = o / g;
  const ourRss = Math.max(...ours.map((r) => r.maxRssKiB));
  rss.push(ourRss);
  const limit = files === 1900 ? 0.5 : null;
  if (limit !== null && ratio > limit) failed = true;
  console.log(
    `${files} files, ${mib(statSync(zip).size)} MiB zip: dirhash.HashZip ${g.toFixed(0)} ms, ours ${o.toFixed(0)} ms, ` +
      `ratio ${ratio.toFixed(2)}×${limit === null ? "" : ` (limit ${limit}×)`}; ` +
      `peak RSS go ${mib(Math.max(...go.map((r) => r.maxRssKiB)) * 1024)} MiB, ours ${mib(ourRss * 1024)} MiB ` +
      `(this process + ${ours[0]!.workers ?? 0} worker processes)`,
  );
}
const growth = rss[1]! / rss[0]!;
console.log(`our peak RSS, 4× the zip size: ×${growth.toFixed(2)} (limit ×1.25)`);
if (growth > 1.25) failed = true;
process.exitCode = failed ? 1 : 0;
