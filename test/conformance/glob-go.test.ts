// Pattern matching (GOPRIVATE / GONOPROXY / GONOSUMDB / GOINSECURE) against the real go's behaviour, not only
// against x/mod: 40 rows of go-semantics.md §B.2 plus generated rows. Observation: with GOPROXY=off, go
// answers `module lookup disabled by GOPROXY=off` unless GONOPROXY matches the module path, in which case it
// tries a direct fetch (which fails at once: HTTPS_PROXY is a closed loopback port). No server is needed.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import fc from "fast-check";
import { routeModule } from "../../src/core/route.js";
import { telemetryOff } from "../support/modproxy.js";
import { type GoToolchain, TOOLCHAINS, toolchainPath, toolchainVersion } from "../support/toolchains.js";
import { varsOf } from "../support/vars.js";

const run = promisify(execFile);
let home = "";
before(() => {
  home = mkdtempSync(join(tmpdir(), "gpd-glob-"));
  telemetryOff(home);
});
after(() => rmSync(home, { recursive: true, force: true }));

/** The rows of go-semantics.md §B.2: [pattern list, module path, matches]. */
const ROWS: [string, string, boolean][] = [
  ["git.example.com", "git.example.com/foo", true],
  ["git.example.com", "git.example.com", true],
  ["git.example.com", "git.example.com/foo/bar", true],
  ["git.example.com", "sub.git.example.com/foo", false],
  ["*.example.com", "sub.git.example.com/foo", true],
  ["*.example.com", "git.example.com/foo", true],
  ["*.example.com", "example.com/foo", false],
  ["example.com", "git.example.com/foo", false],
  ["example.com", "example.com.evil.org/foo", false],
  ["git.example.com/", "git.example.com/foo", true],
  ["github.com/org", "github.com/org/repo", true],
  ["github.com/org", "github.com/organization/repo", false],
  ["github.com/org/*", "github.com/org/repo/sub", true],
  ["github.com/org/*", "github.com/org", false],
  ["github.com/*/repo", "github.com/anyorg/repo/v2", true],
  ["github.com/org/re*", "github.com/org/repo", true],
  ["GIT.example.com", "git.example.com/foo", false],
  ["github.com/org", "github.com/Org/repo", false],
  ["github.com/Org", "github.com/Org/repo", true],
  ["foo.com,git.example.com", "git.example.com/x", true],
  ["foo.com, git.example.com", "git.example.com/x", false],
  ["git.example.com ,foo.com", "git.example.com/x", false],
  [",,git.example.com,", "git.example.com/x", true],
  ["*", "anything.example.org/x", true],
  ["*/*", "git.example.com", false],
  ["*/*", "git.example.com/x/y", true],
  ["git.example.co?", "git.example.com/x", true],
  ["git.example.[a-c]om", "git.example.com/x", true],
  ["git.example.[", "git.example.com/x", false],
  ["git.example.com/foo/bar", "git.example.com/foo", false],
  ["git.example.com/foo", "git.example.com/foobar", false],
  ["git.example.com/foo", "git.example.com/foo/v2", true],
  ["git.example.com/*", "git.example.com", false],
  ["**", "x.example.com/y", true],
  ["*.example.com/*", "a.example.com", false],
  ["git.example.com:8443", "git.example.com/x", false],
  ["https://git.example.com", "git.example.com/x", false],
  [",", "git.example.com/x", false],
  ["*.com", "example.com/x", true],
  ["example.*", "example.com/x", true],
];

/** Whether the real go treats modulePath as matching the GONOPROXY pattern list. */
async function goMatches(tc: GoToolchain, patterns: string, modulePath: string): Promise<boolean> {
  const version = /\/v2$/.test(modulePath) ? "v2.0.0" : "v1.0.0";
  const env = {
    PATH: toolchainPath(tc),
    HOME: home,
    GOPATH: join(home, "gopath"),
    GOCACHE: join(home, "cache"),
    GOFLAGS: "-modcacherw",
    GO111MODULE: "on",
    GOTOOLCHAIN: "local",
    GOENV: "off",
    GOPROXY: "off",
    GOSUMDB: "off",
    GONOPROXY: patterns,
    HTTPS_PROXY: "http://127.0.0.1:1",
    HTTP_PROXY: "http://127.0.0.1:1",
    GIT_TERMINAL_PROMPT: "0",
  };
  const r = await run(tc.bin, ["mod", "download", "-json", `${modulePath}@${version}`], {
    env,
    cwd: home,
    timeout: 30_000,
  }).catch((e: { stdout: string }) => e);
  const err = (JSON.parse(r.stdout) as { Error?: string }).Error ?? "";
  assert.ok(err !== "", `go unexpectedly succeeded for ${modulePath}`);
  return !err.includes("module lookup disabled by GOPROXY=off");
}

function oursMatches(tc: GoToolchain, patterns: string, modulePath: string): boolean {
  const vars = varsOf({ GOPROXY: "off", GONOPROXY: patterns }, toolchainVersion(tc));
  return routeModule(vars, modulePath, "v1.0.0").proxy.bypassedBy !== null;
}

for (const tc of TOOLCHAINS) {
  test(`[${tc.label}] the 40 pattern rows: go, go-semantics.md and our matcher agree`, async () => {
    for (const [patterns, modulePath, want] of ROWS) {
      const go = await goMatches(tc, patterns, modulePath);
      assert.equal(go, want, `go vs table: ${JSON.stringify(patterns)} ~ ${modulePath}`);
      assert.equal(
        oursMatches(tc, patterns, modulePath),
        go,
        `ours vs go: ${JSON.stringify(patterns)} ~ ${modulePath}`,
      );
    }
  });

  test(`[${tc.label}] generated pattern rows agree with the real go`, async () => {
    const elem = fc.constantFrom("a", "b", "example", "com", "x-y", "v2");
    const host = fc.array(elem, { minLength: 2, maxLength: 3 }).map((p) => p.join("."));
    const modulePath = fc
      .tuple(host, fc.array(elem, { maxLength: 2 }))
      .map(([h, rest]) => [h, ...rest].join("/"));
    const patElem = fc.constantFrom(
      "a",
      "b",
      "example",
      "com",
      "*",
      "?",
      "[a-c]",
      "*.com",
      "a*",
      "x-y",
      "v2",
    );
    const pattern = fc
      .array(
        fc.array(patElem, { minLength: 1, maxLength: 3 }).map((p) => p.join(".")),
        { minLength: 1, maxLength: 3 },
      )
      .map((p) => p.join("/"));
    const rows = fc.sample(
      fc.tuple(
        fc.array(pattern, { minLength: 1, maxLength: 2 }).map((l) => l.join(",")),
        modulePath,
      ),
      { numRuns: 40, seed: 11 },
    );
    for (const [patterns, mod] of rows) {
      assert.equal(
        oursMatches(tc, patterns, mod),
        await goMatches(tc, patterns, mod),
        `${JSON.stringify(patterns)} ~ ${mod}`,
      );
    }
  });
}
