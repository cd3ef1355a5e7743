// Every version form `go mod download M@Q` accepts, predicted and compared with the real go — go1.19
// (/usr/lib/go-1.19/bin/go) and go1.26 (/usr/local/go/bin/go), each named by path — against a loopback
// GOPROXY (test/support/modstore.ts): canonical, +incompatible, the three pseudo-version forms, latest,
// semver prefixes and comparisons, branches, commits, +metadata, and the errors go gives before any request.
// Outcome, the version, the entry that served the zip, the GOPROXY requests in order and go's error text must
// agree. Also GOPROXY=file:// trees, and a version the module cache holds. Agreement is printed per group and
// per toolchain.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { check } from "../../src/features/check.js";
import { confirmPredictions } from "../../src/features/confirm.js";
import { goSandboxEnv } from "../support/modproxy.js";
import { type StoreServer, startStoreServer, writeStoreTree } from "../support/modstore.js";
import { type GoToolchain, requireToolchain, TOOLCHAINS } from "../support/toolchains.js";

interface Scenario {
  readonly group: string;
  readonly arg: string;
  /** GOPROXY with `@mode` for the store's modes, `FILE` for the file:// tree. */
  readonly goproxy?: string;
  /** Run in a module (go 1.17) with this `require` line ("" for none); outside any module when absent. */
  readonly require?: string;
}

const SCENARIOS: readonly Scenario[] = [
  { group: "canonical", arg: "example.com/m@v1.1.0" },
  { group: "canonical", arg: "example.com/m@v1.1.0", goproxy: "@s404,@ok" },
  { group: "canonical", arg: "example.com/m@v1.1.0", goproxy: "@s500|@ok" },
  { group: "canonical", arg: "example.com/m@v1.9.9" },
  { group: "canonical", arg: "example.com/m@v2.0.0" },
  { group: "canonical", arg: "example.com/m/v2@v2.1.0" },
  { group: "canonical", arg: "example.com/Upper/Mod@v1.0.0", goproxy: "@s410,@ok" },
  { group: "+incompatible", arg: "github.com/docker/docker@v20.10.24+incompatible" },
  { group: "+incompatible", arg: "github.com/docker/docker@v20.10.24+incompatible", goproxy: "@s404,@ok" },
  { group: "+incompatible", arg: "github.com/docker/docker@latest" },
  { group: "+incompatible", arg: "github.com/docker/docker@v21.0.0+incompatible" },
  {
    group: "pseudo-version",
    arg: "github.com/docker/docker@v17.12.0-ce-rc1.0.20200101000000-aaaaaaaaaaaa+incompatible",
  },
  { group: "pseudo-version", arg: "example.com/m@v0.0.0-20190101000000-fedcbafedcba" },
  { group: "pseudo-version", arg: "example.com/m@v1.0.1-0.20200102030405-abcdefabcdef" },
  { group: "pseudo-version", arg: "example.com/m@v1.3.0-rc.1.0.20210101000000-0123456789ab" },
  { group: "latest", arg: "example.com/m@latest" },
  { group: "latest", arg: "example.com/m@latest", goproxy: "@s404,@ok" },
  { group: "latest", arg: "example.com/pre@latest" },
  { group: "latest", arg: "example.com/m/v2@latest" },
  { group: "latest", arg: "example.com/missing@latest" },
  { group: "semver query", arg: "example.com/m@v1.2" },
  { group: "semver query", arg: "example.com/m@v1.2", goproxy: "@s404,@ok" },
  { group: "semver query", arg: "example.com/m@v1" },
  { group: "semver query", arg: "example.com/m@v1.1", goproxy: "@s404,@ok" },
  { group: "semver query", arg: "example.com/m@v1.7" },
  { group: "semver query", arg: "example.com/m@<v1.2.0" },
  { group: "semver query", arg: "example.com/m@<v1.5" },
  { group: "semver query", arg: "example.com/m@>=v1.1.0" },
  { group: "semver query", arg: "example.com/m@>v1.1.0" },
  { group: "semver query", arg: "example.com/m@<=v1.2.0" },
  { group: "semver query", arg: "example.com/m@<v0.1" },
  { group: "semver query", arg: "example.com/m@>v1.1" },
  { group: "semver query", arg: "example.com/m@<=v1.x" },
  { group: "upgrade/patch", arg: "example.com/m@upgrade" },
  { group: "upgrade/patch", arg: "example.com/m@patch" },
  { group: "upgrade/patch", arg: "example.com/m@upgrade", require: "" },
  { group: "upgrade/patch", arg: "example.com/m@upgrade", require: "example.com/m v1.1.0" },
  { group: "upgrade/patch", arg: "example.com/m@patch", require: "" },
  { group: "upgrade/patch", arg: "example.com/m@patch", require: "example.com/m v1.1.0" },
  { group: "upgrade/patch", arg: "example.com/m@patch", require: "example.com/m v1.2.0" },
  { group: "revision", arg: "example.com/m@main" },
  { group: "revision", arg: "example.com/m@main", goproxy: "@s404,@ok" },
  { group: "revision", arg: "example.com/m@0123456789ab" },
  { group: "revision", arg: "example.com/m@0123456789abcdef0123456789abcdef01234567" },
  { group: "revision", arg: "example.com/m@nope" },
  { group: "revision", arg: "example.com/m@v1.1.0+meta" },
  { group: "revision", arg: "example.com/m@v1.1.0+meta", goproxy: "@s404,@ok" },
  { group: "file://", arg: "example.com/m@v1.1.0", goproxy: "FILE" },
  { group: "file://", arg: "example.com/m@latest", goproxy: "FILE" },
  { group: "file://", arg: "example.com/m@v1.9.9", goproxy: "FILE" },
  { group: "file://", arg: "example.com/missing@v1.0.0", goproxy: "FILE,@ok" },
  { group: "file://", arg: "github.com/docker/docker@v20.10.24+incompatible", goproxy: "FILE" },
];

let store: StoreServer;
let work = "";
let tree = "";

before(async () => {
  store = await startStoreServer();
  work = mkdtempSync(join(tmpdir(), "gpd-versions-"));
  tree = join(work, "tree");
  writeStoreTree(tree);
});

const results: { tc: string; group: string; agree: boolean }[] = [];

after(async () => {
  await store?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  for (const tc of TOOLCHAINS) {
    const mine = results.filter((r) => r.tc === tc.label);
    const groups = [...new Set(mine.map((r) => r.group))];
    const per = groups.map((g) => {
      const rs = mine.filter((r) => r.group === g);
      return `${g} ${rs.filter((r) => r.agree).length}/${rs.length}`;
    });
    const agreed = mine.filter((r) => r.agree).length;
    process.stdout.write(
      `# version forms, ${tc.label} (${tc.bin}): ${agreed}/${mine.length} agree; ${per.join(", ")}\n`,
    );
  }
});

function goproxyOf(s: Scenario): string {
  return (s.goproxy ?? "@ok")
    .replace(/@([a-z0-9]+)/g, (_, m: string) => store.url(m))
    .replace("FILE", `file://${tree}`);
}

function envOf(tc: GoToolchain, s: Scenario, home: string): Record<string, string> {
  return goSandboxEnv(tc, home, null, { GOPROXY: goproxyOf(s) });
}

interface GoResult {
  readonly ok: boolean;
  readonly version: string | null;
  readonly error: string;
  readonly requests: string[];
}

function runGo(tc: GoToolchain, args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(tc.bin, args, { cwd, env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : 1, stdout, stderr });
    });
  });
}

/** The directory go and check run in: home, or a module in it when the scenario asks for one. */
function cwdOf(s: Scenario, home: string): string {
  if (s.require === undefined) return home;
  const dir = join(home, "app");
  mkdirSync(dir, { recursive: true });
  const req = s.require === "" ? "" : `\nrequire ${s.require}\n`;
  writeFileSync(join(dir, "go.mod"), `module example.com/app\n\ngo 1.17\n${req}`);
  return dir;
}

async function goResult(tc: GoToolchain, s: Scenario, home: string): Promise<GoResult> {
  store.reset();
  const run = await runGo(tc, ["mod", "download", "-json", s.arg], cwdOf(s, home), envOf(tc, s, home));
  let doc: { Version?: string; Error?: string } = {};
  try {
    doc = JSON.parse(run.stdout) as typeof doc;
  } catch {
    // go stopped before printing JSON: its words are on stderr
  }
  const error = doc.Error ?? run.stderr.trim().replace(/^go: /, "");
  return {
    ok: run.code === 0,
    version: run.code === 0 ? (doc.Version ?? null) : null,
    error,
    requests: store.requests(),
  };
}

/** Our request lines as the store logs them: `<mode> <path>`; file:// reads are not requests the store sees. */
function asLogged(line: string): string | null {
  const prefix = `GET ${store.base}/`;
  if (!line.startsWith(prefix)) return null;
  const rest = line.slice(prefix.length);
  const slash = rest.indexOf("/");
  return `${rest.slice(0, slash)} ${rest.slice(slash + 1)}`;
}

/** The mode of the entry that served the zip ("ok", "FILE"), from a servedBy value. */
function modeOf(servedBy: string | null): string | null {
  if (servedBy === null) return null;
  if (servedBy.startsWith("file://")) return "FILE";
  return servedBy.slice(store.base.length + 1);
}

/** The mode that served go's zip: the last zip request to the store, else the file tree. */
function goServedBy(s: Scenario, go: GoResult): string | null {
  if (!go.ok) return null;
  const zip = go.requests.filter((r) => r.endsWith(".zip")).at(-1);
  if (zip !== undefined && !zip.startsWith("s")) return zip.slice(0, zip.indexOf(" "));
  return (s.goproxy ?? "").startsWith("FILE") ? "FILE" : null;
}

for (const tc of TOOLCHAINS) {
  for (const s of SCENARIOS) {
    const where = s.require === undefined ? "" : ` in a module requiring ${JSON.stringify(s.require)}`;
    test(`${tc.label}: ${s.group}: go mod download ${s.arg} [${s.goproxy ?? "@ok"}]${where}`, {
      timeout: 120_000,
    }, async () => {
      requireToolchain(tc);
      let agree = false;
      try {
        const home = mkdtempSync(join(work, "home-"));
        const go = await goResult(tc, s, home);
        const ours = mkdtempSync(join(work, "home-"));
        store.reset();
        const cwd = process.cwd();
        process.chdir(cwdOf(s, ours));
        let report: Awaited<ReturnType<typeof check>>;
        try {
          report = await check({
            modules: [s.arg],
            env: envOf(tc, s, ours),
            crossCheck: false,
            phaseTimeoutMs: 2_000,
            deadlineMs: 20_000,
          });
        } finally {
          process.chdir(cwd);
        }
        const m = report.modules[0]!;
        const p = m.prediction;
        assert.ok(p !== null, `predicted (${m.notPredicted})`);
        assert.equal(p.outcome, go.ok ? "ok" : "fail", `outcome; go: ${go.error}; we: ${p.goError}`);
        if (go.ok) assert.equal(p.version, go.version, "resolved version");
        assert.equal(modeOf(p.servedBy), goServedBy(s, go), "servedBy");
        const ourRequests = p.requests.map((r) => asLogged(r.line)).filter((l) => l !== null);
        assert.deepEqual(ourRequests, go.requests, "GOPROXY requests, in order");
        if (!go.ok) assert.equal(p.goError, go.error, "go's error text");
        agree = true;
      } finally {
        results.push({ tc: tc.label, group: s.group, agree });
      }
    });
  }

  test(`${tc.label}: module cache: a cached version needs no request, and says where it is`, {
    timeout: 120_000,
  }, async () => {
    requireToolchain(tc);
    let agree = false;
    try {
      const home = mkdtempSync(join(work, "cache-"));
      const fill: Scenario = { group: "cache", arg: "github.com/docker/docker@v20.10.24+incompatible" };
      const first = await runGo(tc, ["mod", "download", fill.arg], home, envOf(tc, fill, home));
      assert.equal(first.code, 0, first.stderr);
      const off: Scenario = { ...fill, goproxy: "off" };
      const env = { ...envOf(tc, off, home), GOPROXY: "off" };
      store.reset();
      const again = await runGo(tc, ["mod", "download", fill.arg], home, env);
      assert.equal(again.code, 0, `go uses its cache with GOPROXY=off: ${again.stderr}`);
      const report = await check({ modules: [fill.arg], env, crossCheck: false, offline: true });
      const p = report.modules[0]!.prediction!;
      assert.equal(p.outcome, "ok");
      assert.deepEqual(p.requests, []);
      assert.match(p.basis, /in the module cache; go makes no request/);
      assert.ok(p.basis.includes(join(home, "gopath", "pkg", "mod", "cache", "download")), p.basis);
      agree = true;
    } finally {
      results.push({ tc: tc.label, group: "module cache", agree });
    }
  });
}

// --confirm: check runs the real go (found on PATH: the toolchain's) through trace's forwarders for the same
// modules and reports every disagreement as a finding; over these scenarios there must be none.
const CONFIRMED: readonly Scenario[] = SCENARIOS.filter(
  (s) => s.require === undefined && !(s.goproxy ?? "").includes("FILE"),
);

for (const tc of TOOLCHAINS)
  test(`${tc.label}: check --confirm finds no disagreement with go over ${CONFIRMED.length} scenarios`, {
    timeout: 600_000,
  }, async () => {
    requireToolchain(tc);
    const found: string[] = [];
    let ran = 0;
    for (const s of CONFIRMED) {
      const home = mkdtempSync(join(work, "confirm-"));
      const report = await check({
        modules: [s.arg],
        env: { ...envOf(tc, s, home), GOTELEMETRY: "off" },
        crossCheck: false,
        phaseTimeoutMs: 2_000,
        deadlineMs: 30_000,
        confirm: confirmPredictions,
      });
      assert.ok(!report.findings.some((f) => f.id === "confirm.no-go"), `${tc.label} on PATH`);
      if (report.modules[0]?.prediction !== null) ran++;
      for (const f of report.findings)
        if (f.id.startsWith("confirm.")) found.push(`${s.arg} [${s.goproxy ?? "@ok"}]: ${f.message}`);
    }
    process.stdout.write(`# --confirm, ${tc.label}: ${found.length} disagreements over ${ran} predictions\n`);
    assert.deepEqual(found, []);
  });
