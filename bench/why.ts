/**
 * `why` on a 1 MB log without probes, against `node -e 0` (issue 6: within 2.5× its wall time).
 *
 * Generates a 1 MB CI log (GitHub Actions timestamps, ANSI colours, BuildKit prefixes, `go: downloading`
 * progress, compiler noise and a few hundred module-download errors of several causes), then runs, N times
 * interleaved: the reference `node -e 0`; this file as a tiny entry that imports only the why command
 * module (`--child FILE`, what the lazily loaded command costs once registered); and, when the bundled CLI
 * knows `why`, `bin/goproxy-doctor.js why --no-probe FILE`. Prints medians and ratios.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/why.js [runs]` (after `npm run build` for the CLI row).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

if (process.argv[2] === "--child") {
  const { runWhy } = await import("../src/cli/commands/why.js");
  process.exitCode = await runWhy([process.argv[3]!], { probe: false, stdout: { write: () => true } });
} else {
  await main();
}

/** A deterministic ~1 MB log. */
function generateLog(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  let i = 0;
  const ts = (n: number) =>
    `2024-05-01T10:${String(Math.floor(n / 60) % 60).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}.1234567Z `;
  while (size < bytes) {
    const m = `github.com/org${i % 97}/mod${i}`;
    let line: string;
    switch (i % 10) {
      case 0:
        line = `go: ${m}@v1.${i % 13}.0: Get "https://proxy.golang.org/${m}/@v/v1.${i % 13}.0.mod": dial tcp 142.250.72.177:443: i/o timeout`;
        break;
      case 1:
        line = `go: ${m}@v0.${i % 7}.1: reading https://goproxy.corp.example/${m}/@v/v0.${i % 7}.1.info: 404 Not Found\n${ts(i)}\tserver response: not found`;
        break;
      case 2:
        line = `\x1b[36;1m#12 ${(i / 100).toFixed(3)} go: downloading ${m} v1.2.${i % 9}\x1b[0m`;
        break;
      case 3:
        line = `./pkg/file${i}.go:${i % 300}:${i % 40}: undefined: symbol${i}`;
        break;
      case 4:
        line = `go: ${m}@v2.0.${i % 5}: verifying go.mod: ${m}@v2.0.${i % 5}/go.mod: reading https://sum.golang.org/lookup/${m}@v2.0.${i % 5}: 410 Gone`;
        break;
      default:
        line = `go: downloading ${m} v1.${i % 11}.${i % 3}`;
    }
    const full = `${ts(i)}${line}\r\n`;
    lines.push(full);
    size += full.length;
    i++;
  }
  return lines.join("");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 20);
  const dir = mkdtempSync(join(tmpdir(), "gpd-bench-why-"));
  const log = join(dir, "ci.log");
  const text = generateLog(1024 * 1024);
  writeFileSync(log, text);
  const root = resolve(here, "../..");
  const bin = join(root, "bin", "goproxy-doctor.js");
  const cases: { name: string; args: string[]; limit?: number }[] = [
    { name: "node -e 0 (reference)", args: ["-e", "0"] },
    {
      name: "why --no-probe 1 MB (command module)",
      args: [fileURLToPath(import.meta.url), "--child", log],
      limit: 2.5,
    },
  ];
  // Registered when `why` on an empty log succeeds (an unknown word would reach the default command).
  const empty = join(dir, "empty.log");
  writeFileSync(empty, "");
  const cli = existsSync(join(root, "dist", "cli", "cli.js"))
    ? spawnSync(process.execPath, [bin, "why", "--no-probe", empty], { stdio: "ignore" }).status === 0
    : false;
  if (cli)
    cases.push({
      name: "goproxy-doctor why --no-probe 1 MB",
      args: [bin, "why", "--no-probe", log],
      limit: 2.5,
    });
  const once = (args: string[]) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: "ignore" });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} exited ${r.status}`);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const samples = cases.map(() => [] as number[]);
  for (let i = 0; i < 2; i++) for (const c of cases) once(c.args);
  for (let i = 0; i < runs; i++) {
    cases.forEach((c, k) => {
      samples[k]!.push(once(c.args));
    });
  }
  const ref = median(samples[0]!);
  let failed = false;
  console.log(
    `log: ${(text.length / 1024 / 1024).toFixed(2)} MB; runs: ${runs} each, interleaved; median wall time`,
  );
  cases.forEach((c, k) => {
    const m = median(samples[k]!);
    const ratio = m / ref;
    const over = c.limit !== undefined && ratio > c.limit;
    if (over) failed = true;
    const verdict = c.limit === undefined ? "" : over ? `  OVER (> ${c.limit}×)` : `  ok (≤ ${c.limit}×)`;
    console.log(`${c.name.padEnd(40)} ${m.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}×${verdict}`);
  });
  if (!cli)
    console.log(
      "(the bundled CLI has no `why` yet: register it in src/cli/main.ts and `npm run build` for that row)",
    );
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = failed ? 1 : 0;
}
