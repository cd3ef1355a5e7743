/**
 * check over a whole build list (issue 17): a module whose go.mod requires 300 modules, all served by a
 * loopback GOPROXY (test/support/modstore.ts), checked as a user runs it (`node bin/goproxy-doctor.js check`
 * in the module directory, default deadline 15 s). Prints the wall time, the number of GOPROXY requests the
 * server received, and how many modules were predicted ok; exits 1 when the run does not finish within the
 * default deadline or not every module is predicted.
 * Run: `npm run build && node dist/bench/check-buildlist.js [modules]`.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type StoredModule, startStoreServer } from "../test/support/modstore.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = join(root, "bin", "goproxy-doctor.js");
const count = Number(process.argv[2] ?? 300);
const DEFAULT_DEADLINE_MS = 15_000;

const deps: StoredModule[] = Array.from({ length: count }, (_, i) => ({
  path: `example.com/dep${i}`,
  versions: ["v1.0.0", `v1.${i % 7}.${i % 3}`],
}));
const store = await startStoreServer(deps);
const dir = mkdtempSync(join(tmpdir(), "gpd-bench-buildlist-"));
try {
  const require = deps.map((d) => `\t${d.path} ${d.versions[1]}\n`).join("");
  writeFileSync(join(dir, "go.mod"), `module example.com/app\n\ngo 1.21\n\nrequire (\n${require})\n`);
  const env = {
    PATH: "/nonexistent-bin",
    HOME: dir,
    GOPATH: join(dir, "gopath"),
    GOENV: "off",
    GOTOOLCHAIN: "local",
    GOSUMDB: "off",
    GOPROXY: store.url("ok"),
    NO_COLOR: "1",
  };
  const t0 = process.hrtime.bigint();
  const out = await new Promise<string>((res, rej) =>
    execFile(
      process.execPath,
      [bin, "check", "--json"],
      { cwd: dir, env, maxBuffer: 256 << 20 },
      (e, so, se) => (e !== null && typeof e.code !== "number" ? rej(new Error(se)) : res(so)),
    ),
  );
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const doc = JSON.parse(out) as { modules: { prediction: { outcome: string } | null }[] };
  const ok = doc.modules.filter((m) => m.prediction?.outcome === "ok").length;
  const requests = store.requests().length;
  console.log(`check in a module with ${count} requirements (loopback GOPROXY, GOSUMDB=off)`);
  console.log(`  wall time      ${ms.toFixed(0)} ms (default deadline ${DEFAULT_DEADLINE_MS} ms)`);
  console.log(`  GOPROXY requests received  ${requests}`);
  console.log(`  modules predicted          ${doc.modules.length}, ok ${ok}`);
  if (ms > DEFAULT_DEADLINE_MS || doc.modules.length !== count || ok !== count) process.exitCode = 1;
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
