/**
 * check benchmark (issue 4):
 * - healthy loopback setup, 3 proxies and a checksum database: `check M@V` within 4× the wall time of
 *   `node -e 0`;
 * - 5 endpoints each delayed 300 ms: wall time at most 1.5× that of the slowest single endpoint's chain
 *   (the same check with only that endpoint configured) — concurrency, not a sum.
 *
 * Servers: test/fixtures/go/modproxy (a module proxy with per-mode faults, `slowNNN` delaying each answer
 * by NNN ms, and a real x/mod/sumdb checksum database), all on 127.0.0.1. Each case runs the CLI as a user
 * would (`node bin/goproxy-doctor.js check …`), interleaved with the reference; medians are printed.
 * Run: `npm run bench:check [runs]` (needs go and golang-golang-x-mod-dev to build modproxy).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startModProxy } from "../test/support/modproxy.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = join(root, "bin", "goproxy-doctor.js");
const runs = Number(process.argv[2] ?? 15);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Runs one process and returns its wall time, ms. Asynchronous on purpose: modproxy's request log is read
 * by this process's event loop, and a blocked loop would fill the pipe and stall the server.
 */
function once(args: readonly string[], env: NodeJS.ProcessEnv, want: readonly number[]): Promise<number> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...args], { env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : -1;
      if (!want.includes(code)) reject(new Error(`${args.join(" ")} exited ${code}:\n${stdout}\n${stderr}`));
      else resolve(ms);
    });
  });
}

const mp = await startModProxy();
const home = mkdtempSync(join(tmpdir(), "gpd-bench-check-"));
const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  PATH: "/nonexistent-bin",
  HOME: home,
  GOPATH: join(home, "gopath"),
  GOENV: "off",
  GOTOOLCHAIN: "local",
  GOSUMDB: "off",
  HTTPS_PROXY: mp.base,
  HTTP_PROXY: mp.base,
  NO_COLOR: "1",
  ...extra,
});

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

const healthy: Case = {
  name: "check example.com/m@v1.0.0 (3 proxies + database)",
  args: [bin, "check", "example.com/m@v1.0.0", "--json"],
  env: env({
    GOPROXY: [mp.url("ok"), mp.url("slow0"), mp.url("slow1")].join(","),
    GOSUMDB: mp.sumdbKey,
  }),
};
const slowOne: Case = {
  name: "check, 1 endpoint delayed 300 ms",
  args: [bin, "check", "--json"],
  env: env({ GOPROXY: mp.url("slow300"), GOSUMDB: mp.sumdbKey }),
};
const slowFive: Case = {
  name: "check, 5 endpoints delayed 300 ms",
  args: [bin, "check", "--json"],
  // Each proxy is probed at its /sumdb/<name>/supported, which modproxy delays in slowNNN modes.
  env: env({
    GOPROXY: ["slow300", "slow301", "slow302", "slow303", "slow304"].map((m) => mp.url(m)).join("|"),
    GOSUMDB: mp.sumdbKey,
  }),
};

try {
  const ref = () => once(["-e", "0"], process.env, [0]);
  const cases = [healthy, slowOne, slowFive];
  const samples = cases.map(() => [] as number[]);
  const refs: number[] = [];
  for (const c of cases) await once(c.args, c.env, [0]);
  for (let i = 0; i < runs; i++) {
    refs.push(await ref());
    for (const [k, c] of cases.entries()) samples[k]!.push(await once(c.args, c.env, [0]));
  }
  const r = median(refs);
  const [h, one, five] = samples.map(median) as [number, number, number];
  console.log(`runs: ${runs} each, interleaved; median wall time`);
  console.log(`${"node -e 0 (reference)".padEnd(52)} ${r.toFixed(1).padStart(7)} ms`);
  const line = (name: string, ms: number, ratio: number, limit: number, of: string) => {
    const ok = ratio <= limit;
    console.log(
      `${name.padEnd(52)} ${ms.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}× ${of}  ${ok ? `ok (≤ ${limit}×)` : `OVER (> ${limit}×)`}`,
    );
    return ok;
  };
  const ok1 = line(healthy.name, h, h / r, 4, "node -e 0");
  console.log(`${slowOne.name.padEnd(52)} ${one.toFixed(1).padStart(7)} ms`);
  const ok2 = line(slowFive.name, five, five / one, 1.5, "one endpoint");
  if (!ok1 || !ok2) process.exitCode = 1;
} finally {
  await mp.close();
  rmSync(home, { recursive: true, force: true });
}
