// GOFLAGS as go 1.19 reads it: every candidate flag name (all the words of go's help texts and more), bad
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
import { requireGo } from "../support/gobuild.js";

const run = promisify(execFile);
let dir = "";

before(() => {
  requireGo();
  dir = mkdtempSync(join(tmpdir(), "gpd-goflags-"));
  writeFileSync(join(dir, "go.mod"), "module example.com/x\n\ngo 1.19\n");
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The `go: parsing $GOFLAGS: …` line go prints for this GOFLAGS, or null when go accepts its shape and names. */
async function goParseError(goflags: string): Promise<string | null> {
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: dir,
    GOPATH: join(dir, "gopath"),
    GOCACHE: join(dir, "cache"),
    GOENV: "off",
    GOPROXY: "off",
    GOTOOLCHAIN: "local",
    GOFLAGS: goflags,
  };
  const r = await run("go", ["list", "-m"], { cwd: dir, env }).catch((e: { stderr: string }) => e);
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
];

test("every candidate flag name: known or unknown exactly as go 1.19 says", async () => {
  const mismatches: string[] = [];
  await pool(CANDIDATES, 4, async (name) => {
    for (const word of [`-${name}`, `--${name}=1`]) {
      const go = await goParseError(word);
      const ours = parseGOFLAGS(word).error;
      if (go !== ours) mismatches.push(`${word}: go ${go} / ours ${ours}`);
    }
  });
  assert.deepEqual(mismatches, []);
  assert.ok(CANDIDATES.length > 120);
});

test("bad shapes, several words, Unicode spaces and random words: go's error text exactly", async () => {
  const random = fc.sample(
    fc
      .array(fc.stringMatching(/^-{0,3}[a-z=.]{0,6}(=[a-z]{0,3})?$/), { minLength: 1, maxLength: 3 })
      .map((w) => w.join(" ")),
    { numRuns: 60, seed: 4242 },
  );
  const mismatches: string[] = [];
  await pool([...SHAPES, ...random], 4, async (value) => {
    const go = await goParseError(value);
    const ours = parseGOFLAGS(value).error;
    if (go !== ours) mismatches.push(`${JSON.stringify(value)}: go ${go} / ours ${ours}`);
  });
  assert.deepEqual(mismatches, []);
});
