/**
 * Start-up benchmark of the commands that must be nearly free: `env` and `explain` (issue: within 1.5× the
 * wall time of `node -e 0`). Runs each command N times, interleaved with the reference, and prints medians
 * and ratios. Run: `npm run build && node dist/bench/startup.js [runs]`.
 *
 * `env` is measured without a go binary on PATH (what it computes itself) and, separately, with its
 * `go env -json` cross-check, which costs one run of go.
 */
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = join(root, "bin", "goproxy-doctor.js");
const runs = Number(process.argv[2] ?? 30);
const noGoPath = "/nonexistent-bin";

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly limit?: number;
}

const cases: Case[] = [
  { name: "node -e 0 (reference)", args: ["-e", "0"] },
  { name: "env (no go on PATH)", args: [bin, "env"], env: { ...process.env, PATH: noGoPath }, limit: 1.5 },
  {
    name: "env --json (no go on PATH)",
    args: [bin, "env", "--json"],
    env: { ...process.env, PATH: noGoPath },
    limit: 1.5,
  },
  {
    name: "explain (no go on PATH)",
    args: [bin, "explain", "golang.org/x/text@v0.3.7"],
    env: { ...process.env, PATH: noGoPath },
    limit: 1.5,
  },
  {
    name: "explain --json (no go on PATH)",
    args: [bin, "explain", "--json", "golang.org/x/text@v0.3.7"],
    env: { ...process.env, PATH: noGoPath },
    limit: 1.5,
  },
  { name: "env --no-go-check (go on PATH)", args: [bin, "env", "--no-go-check"], limit: 1.5 },
  { name: "env (with go env -json cross-check)", args: [bin, "env"] },
];

function once(c: Case): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.args, { env: c.env ?? process.env, stdio: "ignore" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${c.name} exited ${r.status}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const samples = cases.map(() => [] as number[]);
for (let i = 0; i < 3; i++) for (const c of cases) once(c);
for (let i = 0; i < runs; i++) {
  cases.forEach((c, k) => {
    samples[k]!.push(once(c));
  });
}
const ref = median(samples[0]!);
let failed = false;
console.log(`runs: ${runs} each, interleaved; median wall time`);
cases.forEach((c, k) => {
  const m = median(samples[k]!);
  const ratio = m / ref;
  const verdict =
    c.limit === undefined ? "" : ratio <= c.limit ? `  ok (≤ ${c.limit}×)` : `  OVER (> ${c.limit}×)`;
  if (c.limit !== undefined && ratio > c.limit) failed = true;
  console.log(`${c.name.padEnd(40)} ${m.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}×${verdict}`);
});
process.exitCode = failed ? 1 : 0;
