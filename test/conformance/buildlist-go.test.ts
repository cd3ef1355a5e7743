// `go mod download` with no arguments in a module and in a workspace, against go1.19 (/usr/lib/go-1.19/bin/go)
// and go1.26 (/usr/local/go/bin/go), each named by path, with a loopback GOPROXY (test/support/modstore.ts):
// check, run in the same directory without arguments, predicts every module go downloads — the same set of
// module versions, the same outcome for each — and lists the failing ones first.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { check } from "../../src/features/check.js";
import { goSandboxEnv } from "../support/modproxy.js";
import { STORE, type StoreServer, startStoreServer } from "../support/modstore.js";
import { type GoToolchain, requireToolchain, TOOLCHAINS } from "../support/toolchains.js";

let store: StoreServer;
let work = "";

before(async () => {
  store = await startStoreServer([
    ...STORE,
    ...Array.from({ length: 20 }, (_, i) => ({ path: `example.com/dep${i}`, versions: ["v1.0.0"] })),
  ]);
  work = mkdtempSync(join(tmpdir(), "gpd-buildlist-"));
});
after(async () => {
  await store?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const results: { tc: string; agree: boolean }[] = [];
after(() => {
  for (const tc of TOOLCHAINS) {
    const mine = results.filter((r) => r.tc === tc.label);
    process.stdout.write(
      `# build list, ${tc.label} (${tc.bin}): ${mine.filter((r) => r.agree).length}/${mine.length} agree\n`,
    );
  }
});

function envOf(tc: GoToolchain, home: string): Record<string, string> {
  return goSandboxEnv(tc, home, null, { GOPROXY: store.url("ok") });
}

/** go's -json stream: one object per module. */
function goModules(stdout: string): { path: string; version: string; ok: boolean }[] {
  const out: { path: string; version: string; ok: boolean }[] = [];
  for (const chunk of stdout.split(/\n}\n?/)) {
    if (chunk.trim() === "") continue;
    const doc = JSON.parse(`${chunk}\n}`) as { Path: string; Version: string; Error?: string };
    out.push({ path: doc.Path, version: doc.Version, ok: doc.Error === undefined });
  }
  return out;
}

function runGo(tc: GoToolchain, cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(tc.bin, ["mod", "download", "-json"], { cwd, env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : 1, stdout, stderr });
    });
  });
}

const REQUIRE = [
  ...Array.from({ length: 20 }, (_, i) => `example.com/dep${i} v1.0.0`),
  "example.com/m v1.2.1",
  "github.com/docker/docker v20.10.24+incompatible",
  "example.com/m/v2 v2.0.0",
  "example.com/missing v1.0.0",
];

/** check run in moduleDir without arguments, as `goproxy-doctor` is run there. */
async function checkIn(tc: GoToolchain, moduleDir: string) {
  const cwd = process.cwd();
  process.chdir(moduleDir);
  try {
    return await check({
      env: envOf(tc, mkdtempSync(join(work, "home-"))),
      crossCheck: false,
      phaseTimeoutMs: 2_000,
    });
  } finally {
    process.chdir(cwd);
  }
}

async function compare(tc: GoToolchain, moduleDir: string, requires: readonly string[]) {
  const home = mkdtempSync(join(work, "home-"));
  const go = await runGo(tc, moduleDir, envOf(tc, home));
  const report = await checkIn(tc, moduleDir);
  const ours = report.modules.map((m) => ({
    path: m.module,
    version: m.version,
    ok: m.prediction?.outcome === "ok",
  }));
  const key = (m: { path: string; version: string; ok: boolean }) => `${m.path}@${m.version} ${m.ok}`;
  if (go.code !== 0 && go.stdout.trim() === "") {
    // go stopped before downloading anything: every requirement fails, with go's words.
    assert.equal(ours.length, requires.length);
    for (const m of report.modules) {
      assert.equal(m.prediction?.outcome, "fail", `${m.module}`);
      assert.equal(m.prediction?.goError, go.stderr.trim().replace(/^go: /, ""));
    }
    return;
  }
  const want = goModules(go.stdout);
  assert.deepEqual(ours.map(key).sort(), want.map(key).sort());
  if (want.some((m) => !m.ok)) assert.equal(report.modules[0]!.prediction?.outcome, "fail", "failing first");
}

function writeModule(dir: string, name: string, go: string, requires: readonly string[]) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "go.mod"),
    `module example.com/${name}\n\ngo ${go}\n\nrequire (\n${requires.map((r) => `\t${r}\n`).join("")})\n`,
  );
}

const CASES: readonly { name: string; build: (dir: string) => { moduleDir: string; requires: string[] } }[] =
  [
    {
      name: "a go 1.17 module whose requirements all load: every one downloaded",
      build: (dir) => {
        const requires = REQUIRE.filter((r) => !r.includes("missing"));
        writeModule(dir, "app", "1.17", requires);
        return { moduleDir: dir, requires };
      },
    },
    {
      name: "a go 1.17 module with a missing requirement: the graph load stops go before any download",
      build: (dir) => {
        writeModule(dir, "app", "1.17", REQUIRE);
        return { moduleDir: dir, requires: REQUIRE };
      },
    },
    {
      name: "a workspace with a missing requirement: every used module's requirements, each its outcome",
      build: (dir) => {
        writeModule(join(dir, "a"), "a", "1.18", REQUIRE.slice(0, 12));
        writeModule(join(dir, "b"), "b", "1.18", REQUIRE.slice(12));
        writeFileSync(join(dir, "go.work"), "go 1.18\n\nuse (\n\t./a\n\t./b\n)\n");
        return { moduleDir: join(dir, "a"), requires: REQUIRE };
      },
    },
  ];

for (const tc of TOOLCHAINS) {
  for (const c of CASES) {
    test(`${tc.label}: go mod download: ${c.name}`, { timeout: 120_000 }, async () => {
      requireToolchain(tc);
      let agree = false;
      try {
        const { moduleDir, requires } = c.build(mkdtempSync(join(work, "case-")));
        await compare(tc, moduleDir, requires);
        agree = true;
      } finally {
        results.push({ tc: tc.label, agree });
      }
    });
  }
}
