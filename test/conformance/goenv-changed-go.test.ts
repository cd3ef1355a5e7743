// Go ≥ 1.21 configuration against the real go1.26: $GOROOT/go.env read from the binary's own GOROOT (or
// $GOROOT), its absence (GOPROXY, GOSUMDB and GOTOOLCHAIN then empty, and every download fails with "GOPROXY
// list is not the empty string, but contains no entries"), the user's GOENV file shadowing go.env, and which
// settings `go env -changed` lists. Each scenario runs `go env -json` and `go env -changed -json` in a
// sandbox and compares the module settings with env's reading; go1.19's "," case is checked too.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { goEnvKeys } from "../../src/core/config/environment.js";
import { parseGoVersion } from "../../src/core/config/goversion.js";
import { check } from "../../src/features/check.js";
import { envReport } from "../../src/features/env.js";
import { spawnBounded, telemetryOff } from "../support/modproxy.js";
import { cleanEnv, GO119, GO126, requireToolchain, toolchainVersion } from "../support/toolchains.js";

let root = "";
let fakeRoot = "";

before(() => {
  requireToolchain(GO126);
  root = mkdtempSync(join(tmpdir(), "gpd-goenv-"));
  // A GOROOT without go.env (as a packager that dropped it would leave): go runs, its defaults are gone.
  fakeRoot = join(root, "fakeroot");
  mkdirSync(fakeRoot);
});
after(() => rmSync(root, { recursive: true, force: true }));

interface Scenario {
  readonly name: string;
  readonly env: Record<string, string>;
  /** GOENV file text (GOENV points at it), or none (GOENV=off). */
  readonly goenvFile?: string;
  /** Run with GOROOT at a directory without go.env. */
  readonly noGoEnv?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: "nothing set", env: {} },
  {
    name: "values equal to go.env's are not changed",
    env: { GOPROXY: "https://proxy.golang.org,direct", GOSUMDB: "sum.golang.org", GO111MODULE: "on" },
  },
  {
    name: "GOPRIVATE and what it derives",
    env: { GOPRIVATE: "x.example", GONOPROXY: "x.example", GONOSUMDB: "y.example" },
  },
  {
    name: "GOPATH in the environment is not changed; GOAUTH is",
    env: { GOPATH: "/tmp/elsewhere", GOAUTH: "off" },
  },
  {
    name: "the GOENV file shadows go.env",
    env: {},
    goenvFile: "GOPROXY=https://mirror.example\nGOSUMDB=off\nGOPATH=/tmp/from-file\nGOTOOLCHAIN=auto\n",
  },
  { name: "an empty GOENV line counts as unset", env: {}, goenvFile: "GOPROXY=\n" },
  { name: "no go.env", env: {}, noGoEnv: true },
  { name: "no go.env, GOPROXY set", env: { GOPROXY: "https://mirror.example" }, noGoEnv: true },
  {
    name: "GO111MODULE=auto, GOFLAGS, GOINSECURE, GOVCS",
    env: { GO111MODULE: "auto", GOFLAGS: "-mod=mod", GOINSECURE: "x.example", GOVCS: "*:off" },
  },
];

function sandbox(sc: Scenario, i: number): Record<string, string> {
  const home = join(root, `h${i}`);
  telemetryOff(home);
  let goenv = "off";
  if (sc.goenvFile !== undefined) {
    goenv = join(home, "goenv");
    writeFileSync(goenv, sc.goenvFile);
  }
  return cleanEnv(GO126, {
    HOME: home,
    GOENV: goenv,
    ...(sc.noGoEnv ? { GOROOT: fakeRoot } : {}),
    ...sc.env,
  });
}

async function goJSON(args: string[], env: Record<string, string>): Promise<Record<string, string>> {
  const r = await spawnBounded(GO126.bin, args, { cwd: root, env, timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, string>;
}

const v126 = () => parseGoVersion(toolchainVersion(GO126))!;

SCENARIOS.forEach((sc, i) => {
  test(`${GO126.label}: go env: ${sc.name}`, async () => {
    const env = sandbox(sc, i);
    const keys = goEnvKeys(v126());
    const all = await goJSON(["env", "-json"], env);
    const changed = await goJSON(["env", "-changed", "-json"], env);
    const ours = await envReport({ env, crossCheck: false, goVersion: toolchainVersion(GO126) });
    for (const k of keys) assert.equal(ours.vars[k]?.value, all[k], `${k}: ours vs go env -json`);
    assert.deepEqual(
      ours.changed,
      keys.filter((k) => k in changed),
      "the settings go env -changed lists",
    );
  });
});

test(`${GO126.label}: without go.env every download fails before any request, as go says`, async () => {
  const env = sandbox({ name: "", env: {}, noGoEnv: true }, 99);
  const work = join(root, "w");
  mkdirSync(work);
  const go = await spawnBounded(GO126.bin, ["mod", "download", "-json", "example.com/a@v1.0.0"], {
    cwd: work,
    env: { ...env, GOFLAGS: "-modcacherw", GOPATH: join(root, "gp") },
    timeoutMs: 30_000,
  });
  const goError = (JSON.parse(go.stdout) as { Error: string }).Error;
  assert.equal(
    goError,
    "example.com/a@v1.0.0: GOPROXY list is not the empty string, but contains no entries",
  );
  const r = await check({
    env,
    offline: true,
    modules: ["example.com/a@v1.0.0"],
    crossCheck: false,
    goVersion: "go1.26.8",
  });
  assert.equal(r.modules[0]?.prediction?.goError, goError);
});

test(`${GO119.label}: "," says the same; an empty GOPROXY is the built-in default`, async () => {
  requireToolchain(GO119);
  const home = join(root, "h119");
  mkdirSync(home);
  const env = cleanEnv(GO119, {
    HOME: home,
    GOENV: "off",
    GOPROXY: ",",
    GOPATH: join(home, "gp"),
    GOFLAGS: "-modcacherw",
  });
  const go = await spawnBounded(GO119.bin, ["mod", "download", "-json", "example.com/a@v1.0.0"], {
    cwd: home,
    env,
    timeoutMs: 30_000,
  });
  assert.equal(
    (JSON.parse(go.stdout) as { Error: string }).Error,
    "example.com/a@v1.0.0: GOPROXY list is not the empty string, but contains no entries",
  );
  const empty = await spawnBounded(GO119.bin, ["env", "GOPROXY"], {
    cwd: home,
    env: { ...env, GOPROXY: "" },
    timeoutMs: 30_000,
  });
  assert.equal(empty.stdout.trim(), "https://proxy.golang.org,direct");
  const ours = await envReport({
    env: { ...env, GOPROXY: "" },
    crossCheck: false,
    goVersion: toolchainVersion(GO119),
  });
  assert.equal(ours.vars.GOPROXY?.value, "https://proxy.golang.org,direct");
});
