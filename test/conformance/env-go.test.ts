// The effective environment against the real `go env -json`, for a matrix of process environment ×
// GOENV file × GOFLAGS setups (docs/go-semantics.md §A).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { readTextOrNull } from "../../src/adapters/fs/read.js";
import { findGo } from "../../src/adapters/go/binary.js";
import { goEnvKeys, resolveEnvironment } from "../../src/core/config/environment.js";
import { goenvLocation } from "../../src/core/config/goenv-file.js";
import { parseGoVersion } from "../../src/core/config/goversion.js";
import { telemetryOff } from "../support/modproxy.js";
import { type GoToolchain, requireToolchain, TOOLCHAINS, toolchainPath } from "../support/toolchains.js";

interface Case {
  readonly env: Record<string, string>;
  /** Lines of the GOENV file, or null for no file. */
  readonly file: string | null;
  /** Where the file goes: the default location, an explicit GOENV path, or XDG_CONFIG_HOME. */
  readonly where: "default" | "explicit" | "xdg" | "off";
}

const unsetOr = (...vals: string[]) => fc.constantFrom<string | undefined>(undefined, ...vals);
const fileLine = (key: string, ...vals: string[]) =>
  fc.constantFrom<string | null>(null, ...vals.map((v) => `${key}=${v}`));

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    GOPROXY: unsetOr("", "https://env.example,direct", " ", "off"),
    GOPRIVATE: unsetOr("", "corp.example", "*.corp.example,other.example"),
    GONOPROXY: unsetOr("", "none"),
    GONOSUMDB: unsetOr("", "sum.example"),
    GOSUMDB: unsetOr("", "off", "sum.golang.google.cn"),
    GOFLAGS: unsetOr("", "-mod=mod", "-modcacherw -x"),
    GO111MODULE: unsetOr("", "on", "auto"),
    GOPATH: unsetOr("", "/tmp/gp-a:/tmp/gp-b", "/tmp/gp-c/"),
    GOMODCACHE: unsetOr("", "/tmp/modcache"),
    GOINSECURE: unsetOr("", "insecure.example"),
    GOVCS: unsetOr("", "*:off"),
    fProxy: fileLine(
      "GOPROXY",
      "https://file.example",
      "",
      '"https://quoted.example"',
      "https://crlf.example\r",
    ),
    fPrivate: fileLine("GOPRIVATE", "file-private.example"),
    fNoProxy: fileLine("GONOPROXY", "file-noproxy.example", ""),
    fFlags: fileLine("GOFLAGS", "-mod=vendor"),
    fSumdb: fileLine("GOSUMDB", "sum.golang.org"),
    fPath: fileLine("GOPATH", "/tmp/file-gopath"),
    junk: fc.constantFrom<string | null>(
      null,
      "# comment",
      "lowercase=x",
      " GOPROXY=leading.space",
      "GONOSUMDB = spaced",
    ),
    where: fc.constantFrom<Case["where"]>("default", "explicit", "xdg", "off"),
  })
  .map((r) => {
    const env: Record<string, string> = {};
    for (const k of [
      "GOPROXY",
      "GOPRIVATE",
      "GONOPROXY",
      "GONOSUMDB",
      "GOSUMDB",
      "GOFLAGS",
      "GO111MODULE",
      "GOPATH",
      "GOMODCACHE",
      "GOINSECURE",
      "GOVCS",
    ] as const) {
      const v = r[k];
      if (v !== undefined) env[k] = v;
    }
    const lines = [r.fProxy, r.fPrivate, r.fNoProxy, r.fFlags, r.fSumdb, r.fPath, r.junk].filter(
      (l): l is string => l !== null,
    );
    return { env, file: lines.length === 0 ? null : `${lines.join("\n")}\n`, where: r.where };
  });

const FIXED: Case[] = [
  { env: {}, file: null, where: "default" },
  { env: { GOPROXY: "" }, file: "GOPROXY=https://file.example\n", where: "default" },
  { env: { GOPRIVATE: "corp.example", GONOPROXY: "" }, file: null, where: "default" },
  { env: { GOPRIVATE: "corp.example" }, file: "GONOPROXY=none\n", where: "default" },
  { env: {}, file: 'GOPROXY="https://x"\nGOPROXY=https://last.example\n', where: "explicit" },
  { env: {}, file: "GOPROXY=\n", where: "xdg" },
  { env: { GOPROXY: "https://env.example" }, file: "GOPROXY=https://file.example\n", where: "off" },
];

function runCase(c: Case, tc: GoToolchain): { go: Record<string, string>; ours: Record<string, string> } {
  const home = mkdtempSync(join(tmpdir(), "gpd-env-"));
  telemetryOff(home);
  try {
    const env: Record<string, string> = {
      PATH: toolchainPath(tc),
      HOME: home,
      GOTOOLCHAIN: "local",
      ...c.env,
    };
    if (c.where === "off") env.GOENV = "off";
    if (c.where === "explicit") env.GOENV = join(home, "custom-goenv");
    if (c.where === "xdg") env.XDG_CONFIG_HOME = join(home, "xdg");
    const loc = goenvLocation(env, "linux");
    const target = c.where === "off" ? join(home, ".config", "go", "env") : loc.path!;
    if (c.file !== null) {
      mkdirSync(join(target, ".."), { recursive: true });
      writeFileSync(target, c.file);
    }
    const out = execFileSync(tc.bin, ["env", "-json"], { env, cwd: home, timeout: 20_000 }).toString();
    const go = JSON.parse(out) as Record<string, string>;
    const install = findGo(env, tc.bin)!;
    const resolved = resolveEnvironment({
      env,
      goos: "linux",
      goVersion: parseGoVersion(go.GOVERSION!)!,
      goenvFileText: readTextOrNull(loc.path),
      goroot: install.goroot,
      gorootGoEnvText: install.gorootGoEnvText,
    });
    const keys = goEnvKeys(resolved.goVersion);
    const ours = Object.fromEntries(keys.map((k) => [k, resolved.vars[k]!.value]));
    const theirs = Object.fromEntries(keys.map((k) => [k, go[k] ?? "<missing>"]));
    return { go: theirs, ours };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

for (const tc of TOOLCHAINS)
  test(`[${tc.label}] resolveEnvironment equals \`go env -json\` over a matrix of environment × GOENV file × GOFLAGS`, () => {
    requireToolchain(tc);
    const cases = [...FIXED, ...fc.sample(caseArb, { numRuns: 80, seed: 7 })];
    let compared = 0;
    for (const c of cases) {
      const { go, ours } = runCase(c, tc);
      assert.deepEqual(ours, go, `case ${JSON.stringify(c)}`);
      compared++;
    }
    assert.equal(compared, cases.length);
  });
