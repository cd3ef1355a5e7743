/**
 * verify benchmark (issue: verifying a go.sum of 2,000 lines fetches each needed tile at most once and
 * finishes in under 10 s against a loopback checksum database).
 *
 * Starts modproxy (test/fixtures/go/modproxy: a real x/mod/sumdb database on 127.0.0.1), records 1,000
 * synthetic module versions in it and writes their 2,000 go.sum lines with the database's own hashes
 * (setup, not timed). Then times verify() on that go.sum three times, each with an empty GOPATH and
 * GOMODCACHE, and once more with the last run's warm cache; counts the lookup and tile requests the
 * database received and checks that no tile path was fetched twice within a run.
 * Run: `npm run bench:verify` (needs go and golang-golang-x-mod-dev).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verify } from "../src/features/verify.js";
import { type ModProxy, startModProxy } from "../test/support/modproxy.js";

const MODULES = 1000;
const LIMIT_MS = 10_000;
const COLD_RUNS = 3;
/** Lookups in flight during setup: enough to make setup quick without flooding the test server. */
const SETUP_CONCURRENCY = 16;

/** Every tenth path has uppercase letters, so escaping (`!u`) is on the path being measured. */
const modulePath = (i: number) =>
  `example.com/bench/${i % 10 === 0 ? "Upper" : "m"}${String(i).padStart(4, "0")}`;

/** Module path escaping (module.EscapePath), written out here so setup does not depend on the code under test. */
const escapePath = (p: string) => p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);

/** The two go.sum lines the database records for path@version (its lookup answer, before the signed note). */
async function recordLines(mp: ModProxy, path: string, version: string): Promise<string[]> {
  const res = await fetch(`${mp.base}/sumdb/${mp.sumdbName}/lookup/${escapePath(path)}@${version}`);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`lookup ${path}@${version}: ${res.status} ${body}`);
  const lines = body
    .split("\n")
    .filter((l) => l.startsWith(`${path} ${version} `) || l.startsWith(`${path} ${version}/go.mod `));
  if (lines.length !== 2) throw new Error(`lookup ${path}@${version}: unexpected record\n${body}`);
  return lines;
}

async function goSumLines(mp: ModProxy): Promise<string[]> {
  const out: string[][] = new Array(MODULES);
  let next = 0;
  const worker = async () => {
    while (next < MODULES) {
      const i = next++;
      out[i] = await recordLines(mp, modulePath(i), "v1.0.0");
    }
  };
  await Promise.all(Array.from({ length: SETUP_CONCURRENCY }, worker));
  return out.flat();
}

interface Run {
  readonly ms: number;
  readonly lookups: number;
  readonly tiles: number;
  /** Tile paths requested more than once in this run. */
  readonly repeated: readonly string[];
  /** Entries whose status is not "verified", as "line: status message". */
  readonly bad: readonly string[];
  readonly entries: number;
}

async function run(mp: ModProxy, goSum: string, gopath: string): Promise<Run> {
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: gopath,
    GOPATH: gopath,
    GOMODCACHE: join(gopath, "pkg", "mod"),
    GOENV: "off",
    GOFLAGS: "-modcacherw",
    GOTOOLCHAIN: "local",
    GOPROXY: mp.url("ok"),
    GOSUMDB: mp.sumdbKey,
    // Anything that would leave the machine goes to modproxy's forward proxy, which refuses it.
    HTTPS_PROXY: mp.base,
    HTTP_PROXY: mp.base,
  };
  await mp.reset();
  const t0 = process.hrtime.bigint();
  const r = await verify({ files: [goSum], env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await mp.settle();
  const paths = mp.requests().map((q) => q.path);
  const tiles = paths.filter((p) => p.includes("/tile/"));
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const t of tiles) (seen.has(t) ? repeated : seen).add(t);
  return {
    ms,
    lookups: paths.filter((p) => p.includes("/lookup/")).length,
    tiles: tiles.length,
    repeated: [...repeated],
    bad: r.entries.filter((e) => e.status !== "verified").map((e) => `${e.line}: ${e.status} ${e.message}`),
    entries: r.entries.length,
  };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const work = mkdtempSync(join(tmpdir(), "gpd-bench-verify-"));
let mp: ModProxy | null = null;
try {
  mp = await startModProxy();
  const lines = await goSumLines(mp);
  const goSum = join(work, "go.sum");
  writeFileSync(goSum, `${lines.join("\n")}\n`);

  const cold: Run[] = [];
  let gopath = "";
  for (let i = 0; i < COLD_RUNS; i++) {
    gopath = mkdtempSync(join(work, "gopath-"));
    cold.push(await run(mp, goSum, gopath));
  }
  // The last cold run's GOPATH again: lookups and tiles come from the cache, the tree head from "latest".
  const warm = await run(mp, goSum, gopath);

  const problems: string[] = [];
  for (const [i, r] of [...cold, warm].entries()) {
    const name = i < COLD_RUNS ? `cold run ${i + 1}` : "warm run";
    if (r.entries !== lines.length) problems.push(`${name}: ${r.entries} entries, want ${lines.length}`);
    if (r.bad.length > 0) problems.push(`${name}: ${r.bad.length} not verified, first ${r.bad[0]}`);
    if (r.repeated.length > 0) problems.push(`${name}: tiles fetched twice: ${r.repeated.join(" ")}`);
  }
  const coldMs = median(cold.map((r) => r.ms));
  if (coldMs > LIMIT_MS) problems.push(`cold median ${coldMs.toFixed(0)} ms is over ${LIMIT_MS} ms`);

  const c = cold[cold.length - 1]!;
  console.log(`cold runs: ${cold.map((r) => `${r.ms.toFixed(0)} ms`).join(", ")}`);
  console.log(`warm run: ${warm.lookups} lookups, ${warm.tiles} tiles requested`);
  console.log(
    `${lines.length} go.sum lines: cold ${coldMs.toFixed(0)} ms (median of ${COLD_RUNS}, limit ${LIMIT_MS} ms), ` +
      `warm ${warm.ms.toFixed(0)} ms; ${c.lookups} lookups, ${c.tiles} tiles, ` +
      `${cold.every((r) => r.repeated.length === 0) ? "each fetched once" : "SOME FETCHED TWICE"}`,
  );
  for (const p of problems) console.log(`FAIL ${p}`);
  process.exitCode = problems.length > 0 ? 1 : 0;
} finally {
  await mp?.close();
  rmSync(work, { recursive: true, force: true });
}
