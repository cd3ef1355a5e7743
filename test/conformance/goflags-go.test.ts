// GOFLAGS as go1.19 and go1.26 read it: every candidate flag name (all the words of go's help texts and more), bad
// shapes and random words, checked against the error `go list -m` prints (base/goflags.go:InitGOFLAGS).
// Everything is offline: GOPROXY=off, and `go list -m` in a module with no requirements fetches nothing.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import fc from "fast-check";
import { GO119_FLAGS, parseGOFLAGS } from "../../src/core/config/goflags.js";
import { parseGoVersion } from "../../src/core/config/goversion.js";
import { telemetryOff } from "../support/modproxy.js";
import { type GoToolchain, TOOLCHAINS, toolchainPath, toolchainVersion } from "../support/toolchains.js";

const run = promisify(execFile);
let dir = "";

before(() => {
  dir = mkdtempSync(join(tmpdir(), "gpd-goflags-"));
  telemetryOff(dir);
  writeFileSync(join(dir, "go.mod"), "module example.com/x\n\ngo 1.19\n");
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The `go: parsing $GOFLAGS: …` line go prints for this GOFLAGS, or null when go accepts its shape and names. */
async function goParseError(tc: GoToolchain, goflags: string): Promise<string | null> {
  const env = {
    PATH: toolchainPath(tc),
    HOME: dir,
    GOPATH: join(dir, "gopath"),
    GOCACHE: join(dir, "cache"),
    GOENV: "off",
    GOPROXY: "off",
    GOTOOLCHAIN: "local",
    GOFLAGS: goflags,
  };
  const r = await run(tc.bin, ["list", "-m"], { cwd: dir, env }).catch((e: { stderr: string }) => e);
  const line = (r.stderr ?? "").split("\n").find((l) => l.startsWith("go: parsing $GOFLAGS:"));
  return line ?? null;
}

async function pool<T>(items: readonly T[], n: number, f: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await f(items[next++]!);
    }),
  );
}

const CANDIDATES = [
  ...GO119_FLAGS,
  ..."l s k h help pgo C covervar buildinfo json2 modcacheRW insecure2 gcflag tag trim v2 test.x test.bogus test.gocoverdir".split(
    " ",
  ),
  // Names later releases added (goflags.ts ADDED_FLAGS), and their test forms.
  ..."t skip test.skip fullpath test.fullpath toolchain changed diff godebug dropgodebug tool droptool".split(
    " ",
  ),
  ..."ignore dropignore artifacts test.artifacts fixtool asmflag vettool2 toolexec2".split(" "),
];
const SHAPES = [
  "GOPROXY=direct",
  "-",
  "--",
  "---x",
  "-=1",
  "--=1",
  "x",
  "-mod=mod GOPRIVATE=x",
  "--mod=readonly -modcacherw",
  "-modcacherw\u00a0-mod=mod",
  "-tags=a,b -ldflags=-s",
  "  -x   -v  ",
  "-mod=mod -bogus -alsobogus",
  "-bogus=1 GOPROXY=off",
  // Quotes: ordinary characters to go1.19, quoting to go1.26 (cmd/internal/quoted).
  "'-mod=mod' -x",
  "-ldflags='-s -w'",
  '"-tags=a b" -x',
  "-x '-mod=mod",
  '-x "',
  "''",
];

for (const tc of TOOLCHAINS) {
  const version = () => parseGoVersion(toolchainVersion(tc))!;

  test(`[${tc.label}] every candidate flag name: known or unknown exactly as go says`, async () => {
    const mismatches: string[] = [];
    await pool(CANDIDATES, 4, async (name) => {
      for (const word of [`-${name}`, `--${name}=1`]) {
        const go = await goParseError(tc, word);
        const ours = parseGOFLAGS(word, version()).error;
        if (go !== ours) mismatches.push(`${word}: go ${go} / ours ${ours}`);
      }
    });
    assert.deepEqual(mismatches, []);
    assert.ok(CANDIDATES.length > 120);
  });

  test(`[${tc.label}] bad shapes, several words, Unicode spaces and random words: go's error text exactly`, async () => {
    const random = fc.sample(
      fc
        .array(fc.stringMatching(/^-{0,3}[a-z=.]{0,6}(=[a-z]{0,3})?$/), { minLength: 1, maxLength: 3 })
        .map((w) => w.join(" ")),
      { numRuns: 60, seed: 4242 },
    );
    const mismatches: string[] = [];
    await pool([...SHAPES, ...random], 4, async (value) => {
      const go = await goParseError(tc, value);
      const ours = parseGOFLAGS(value, version()).error;
      if (go !== ours) mismatches.push(`${JSON.stringify(value)}: go ${go} / ours ${ours}`);
    });
    assert.deepEqual(mismatches, []);
  });
}
