// Toolchain switching (Go ≥ 1.21) against the real go1.26 as the oracle. Each scenario writes a go.mod (and
// maybe a go.work), runs `go mod download -json example.com/a@v1.0.0` there with a GOTOOLCHAIN setting against
// test/fixtures/go/modproxy (which serves golang.org/toolchain zips whose bin/go is a script that names itself,
// signed by its loopback checksum database, and refuses every CONNECT), then runs `check` with the same
// environment. go's outcome (the switched-to script ran, or go stopped) and its exact error must be what check
// predicts; a toolchain download must be modules[0].
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { check } from "../../src/features/check.js";
import {
  type LoggedRequest,
  type ModProxy,
  spawnBounded,
  startModProxy,
  telemetryOff,
} from "../support/modproxy.js";
import { cleanEnv, GO126, requireToolchain, toolchainVersion } from "../support/toolchains.js";

let mp: ModProxy;
const MODULE = "example.com/a@v1.0.0";

interface Scenario {
  readonly name: string;
  readonly gomod: string;
  readonly gowork?: string;
  /** GOPROXY with `@mode` for modproxy's modes. */
  readonly goproxy?: string;
  readonly env?: () => Record<string, string>;
  /** A script named go1.99.0 on PATH. */
  readonly onPath?: boolean;
  /** "switch": the toolchain ran; "local": go itself did the download; "fail": go stopped. */
  readonly outcome: "switch" | "local" | "fail";
  /** The toolchain module version check must list first, when go downloads one. */
  readonly download?: string;
  /** The module to download (default example.com/a@v1.0.0); a needs-go module makes go switch after it. */
  readonly module?: string;
}

const KEY = () => ({ GOSUMDB: mp.sumdbKey });
const TC = (v: string) => `v0.0.1-go${v}.linux-amd64`;

const SCENARIOS: Scenario[] = [
  {
    name: "go 1.99.0 line, auto: served",
    gomod: "go 1.99.0",
    env: auto,
    outcome: "switch",
    download: TC("1.99.0"),
  },
  {
    name: "go 1.99 line means go1.99.0",
    gomod: "go 1.99",
    env: auto,
    outcome: "switch",
    download: TC("1.99.0"),
  },
  {
    name: "toolchain line newer than the go line",
    gomod: "go 1.98.0\ntoolchain go1.99.2",
    env: auto,
    outcome: "switch",
    download: TC("1.99.2"),
  },
  {
    name: "404: toolchain not available",
    gomod: "go 1.97.0",
    goproxy: "@s404",
    env: auto,
    outcome: "fail",
    download: TC("1.97.0"),
  },
  {
    name: "500 with ,",
    gomod: "go 1.99.0",
    goproxy: "@s500,@ok",
    env: auto,
    outcome: "fail",
    download: TC("1.99.0"),
  },
  {
    name: "404 then ok",
    gomod: "go 1.99.0",
    goproxy: "@s404,@ok",
    env: auto,
    outcome: "switch",
    download: TC("1.99.0"),
  },
  {
    name: "GOTOOLCHAIN=local with a newer go line",
    gomod: "go 1.99",
    env: () => ({ GOTOOLCHAIN: "local" }),
    outcome: "fail",
  },
  {
    name: "GOTOOLCHAIN=go1.99.0 in the environment",
    gomod: "go 1.22",
    env: () => ({ GOTOOLCHAIN: "go1.99.0" }),
    outcome: "switch",
    download: TC("1.99.0"),
  },
  {
    name: "GOTOOLCHAIN=go1.99 (a language version) and 404",
    gomod: "go 1.22",
    goproxy: "@s404",
    env: () => ({ GOTOOLCHAIN: "go1.99" }),
    outcome: "fail",
    download: TC("1.99"),
  },
  {
    name: "GOTOOLCHAIN=go1.98.1+auto, go line older",
    gomod: "go 1.20",
    env: () => ({ GOTOOLCHAIN: "go1.98.1+auto" }),
    outcome: "switch",
    download: TC("1.98.1"),
  },
  {
    name: "GOTOOLCHAIN=path, not on PATH",
    gomod: "go 1.99.0",
    env: () => ({ GOTOOLCHAIN: "path" }),
    outcome: "fail",
  },
  {
    name: "GOTOOLCHAIN=path, go1.99.0 on PATH",
    gomod: "go 1.99.0",
    env: () => ({ GOTOOLCHAIN: "path" }),
    onPath: true,
    outcome: "switch",
  },
  {
    name: "GOSUMDB=off is fatal for toolchains",
    gomod: "go 1.99.0",
    env: () => ({ GOTOOLCHAIN: "auto", GOSUMDB: "off" }),
    outcome: "fail",
    download: TC("1.99.0"),
  },
  {
    name: "GONOSUMDB does not exempt golang.org/toolchain",
    gomod: "go 1.99.0",
    goproxy: "@tamper",
    env: () => ({ ...auto(), GONOSUMDB: "golang.org" }),
    outcome: "fail",
    download: TC("1.99.0"),
  },
  {
    name: "a refusing checksum database",
    gomod: "go 1.99.0",
    env: () => ({
      GOTOOLCHAIN: "auto",
      GOSUMDB: `${mp.sumdbKey} ${mp.base}/m/sumdb500/sumdb/${mp.sumdbName}`,
    }),
    outcome: "fail",
    download: TC("1.99.0"),
  },
  {
    name: "GOPROXY=off",
    gomod: "go 1.99.0",
    goproxy: "off",
    env: auto,
    outcome: "fail",
    download: TC("1.99.0"),
  },
  {
    name: "GOPROXY=direct (discovery of golang.org/toolchain refused)",
    gomod: "go 1.99.0",
    goproxy: "direct",
    env: auto,
    outcome: "fail",
    download: TC("1.99.0"),
  },
  {
    name: "go.work line selects the toolchain",
    gomod: "go 1.22",
    gowork: "go 1.98.1\nuse ./mod",
    env: auto,
    outcome: "switch",
    download: TC("1.98.1"),
  },
  {
    name: "go.work too new with GOTOOLCHAIN=local",
    gomod: "go 1.22",
    gowork: "go 1.99\nuse ./mod",
    env: () => ({ GOTOOLCHAIN: "local" }),
    outcome: "fail",
  },
  { name: "a bad go line", gomod: "go 1.x", env: auto, outcome: "fail" },
  { name: "a bad toolchain line", gomod: "go 1.22\ntoolchain bogus", env: auto, outcome: "fail" },
  {
    name: "a bad GOTOOLCHAIN",
    gomod: "go 1.22",
    env: () => ({ GOTOOLCHAIN: "go1.99.0+foo" }),
    outcome: "fail",
  },
  {
    name: "toolchain default with a newer go line",
    gomod: "go 1.99\ntoolchain default",
    env: auto,
    outcome: "fail",
  },
  { name: "an older go line: no switch", gomod: "go 1.22", env: auto, outcome: "local" },
  {
    name: "a module needing go 1.98: the latest 1.98 patch from @v/list",
    gomod: "go 1.22",
    module: "example.com/needs-go1.98@v1.0.0",
    env: auto,
    outcome: "switch",
    download: TC("1.98.1"),
  },
  {
    name: "a module needing go 1.99: 1.100rc1 is newer but a prerelease",
    gomod: "go 1.22",
    module: "example.com/needs-go1.99@v1.0.0",
    env: auto,
    outcome: "switch",
    download: TC("1.99.2"),
  },
  {
    name: "a module needing go 1.98 with GOTOOLCHAIN=local",
    gomod: "go 1.22",
    module: "example.com/needs-go1.98@v1.0.0",
    env: () => ({ GOTOOLCHAIN: "local" }),
    outcome: "fail",
  },
  {
    name: "a module needing go 1.101: no releases",
    gomod: "go 1.22",
    module: "example.com/needs-go1.101@v1.0.0",
    env: auto,
    outcome: "fail",
  },
];

function auto(): Record<string, string> {
  return { GOTOOLCHAIN: "auto" };
}

before(async () => {
  requireToolchain(GO126);
  mp = await startModProxy();
});
after(async () => {
  await mp?.close();
});

/** The sandbox: module directory, environment shared by go and check. */
function sandbox(sc: Scenario): { root: string; dir: string; env: Record<string, string> } {
  const root = mkdtempSync(join(tmpdir(), "gpd-toolchain-"));
  const dir = sc.gowork === undefined ? join(root, "mod") : join(root, "w", "mod");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "go.mod"), `module example.com/m\n\n${sc.gomod}\n`);
  if (sc.gowork !== undefined) writeFileSync(join(dirname(dir), "go.work"), `${sc.gowork}\n`);
  const bin = join(root, "bin");
  mkdirSync(bin);
  telemetryOff(root);
  if (sc.onPath) {
    writeFileSync(join(bin, "go1.99.0"), '#!/bin/sh\necho "go1.99.0 from PATH ran: $*"\n');
    chmodSync(join(bin, "go1.99.0"), 0o755);
  }
  const goproxy = (sc.goproxy ?? "@ok").replace(/@(\w+)/g, (_, m: string) => mp.url(m));
  const env = cleanEnv(GO126, {
    HOME: root,
    GOPATH: join(root, "gopath"),
    GOCACHE: join(root, "gocache"),
    GOENV: "off",
    GOFLAGS: "-modcacherw",
    GOPROXY: goproxy,
    ...KEY(),
    HTTPS_PROXY: mp.base,
    HTTP_PROXY: mp.base,
    GIT_TERMINAL_PROMPT: "0",
    ...(sc.env?.() ?? {}),
  });
  env.PATH = `${dirname(GO126.bin)}:${bin}:/usr/bin:/bin`;
  return { root, dir, env };
}

/** The requests about the toolchain: its files, its checksum-database lookup, CONNECTs to golang.org. */
function toolchainRequests(log: readonly LoggedRequest[]): string[] {
  return (
    log
      .filter((l) => l.path.includes("golang.org/toolchain") || l.host === "golang.org:443")
      .map((l) => `${l.method} ${l.path || l.host} ${l.status}`)
      // A refused CONNECT may be retried by the HTTP client on either side: one is what matters.
      .filter((l, i, all) => !l.startsWith("CONNECT") || all[i - 1] !== l)
  );
}

const agreed: string[] = [];

for (const sc of SCENARIOS) {
  test(`${GO126.label}: toolchain: ${sc.name}`, async () => {
    const { root, dir, env } = sandbox(sc);
    const module = sc.module ?? MODULE;
    const path = module.split("@")[0]!;
    // A switch the module's go line asks for comes after that module's download; Select's comes first.
    const after = sc.module !== undefined;
    try {
      // check runs first: go fills the checksum database's cache, which check would then read instead.
      await mp.reset();
      const r = await check({ env, gomod: join(dir, "go.mod"), modules: [module], crossCheck: false });
      await mp.settle();
      const checkAsked = toolchainRequests(mp.requests());
      await mp.reset();
      const go = await spawnBounded(GO126.bin, ["mod", "download", "-json", module], {
        cwd: dir,
        env,
        timeoutMs: 60_000,
      });
      assert.equal(go.timedOut, false, "go finished");
      const ran = /^(toolchain \S+|go1\.99\.0 from PATH) ran: /m.exec(go.stdout);
      const goOutcome = ran !== null ? "switch" : go.code === 0 ? "local" : "fail";
      assert.equal(goOutcome, sc.outcome, `go: ${go.stdout}${go.stderr}`);
      if (sc.outcome === "switch" && sc.download !== undefined)
        assert.match(go.stdout, new RegExp(`^toolchain ${sc.download.replace(/\./g, "\\.")} ran: `, "m"));

      await mp.settle();
      // check asks for the toolchain what go asked, in go's order (the zip, the database's files; CONNECTs).
      assert.deepEqual(checkAsked, toolchainRequests(mp.requests()));
      const first = r.modules[after ? 1 : 0];
      if (sc.download !== undefined) {
        assert.equal(
          first?.module,
          "golang.org/toolchain",
          "the toolchain download is listed where go makes it",
        );
        assert.equal(first?.version, sc.download);
        assert.equal(r.modules[after ? 0 : 1]?.module, path);
      } else assert.equal(r.modules[0]?.module, path);
      const target = r.modules.find((m) => m.module === path)!;
      if (sc.outcome === "fail") {
        // go prints its error as "go: <text>" (the last lines of stderr, after any "go: downloading" line).
        // With -json a failed download's error is in the JSON; go's own stops are on stderr.
        const printed = go.stderr
          .split("\n")
          .filter((l) => !l.startsWith("go: downloading"))
          .join("\n")
          .trim()
          .replace(/^go: /, "");
        const goError = printed !== "" ? printed : (JSON.parse(go.stdout) as { Error: string }).Error;
        assert.equal(target.prediction?.outcome, "fail", JSON.stringify(target));
        // log.Printf ends the line only when the text does not (the SECURITY ERROR text ends with one).
        const ours = (m: (typeof r.modules)[number]) => m.prediction?.goError?.replace(/\n$/, "");
        assert.equal(ours(target), goError);
        if (sc.download !== undefined) assert.equal(ours(first!), goError);
        assert.ok(
          r.findings.some(
            (f) => f.severity === "error" && (f.id.startsWith("toolchain.") || f.cause === "go-version"),
          ),
          "a finding names the toolchain step or the go version",
        );
        // The fix never re-asserts the setting that stopped go.
        for (const f of r.findings.filter((x) => x.id.startsWith("toolchain.")))
          for (const line of f.fix) assert.doesNotMatch(line, /GOTOOLCHAIN=local|GOSUMDB=off|GONOSUMDB/);
      } else {
        if (sc.download !== undefined) assert.equal(first?.prediction?.outcome, "ok", JSON.stringify(first));
        assert.equal(target.prediction?.outcome, "ok", JSON.stringify(target));
      }
      agreed.push(sc.name);
    } finally {
      // The module cache's directories are read-only (toolchains are extracted without -modcacherw).
      execFileSync("chmod", ["-R", "u+w", root]);
      rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    }
  });
}

test(`${GO126.label}: toolchain: agreement`, () => {
  console.log(
    `toolchain scenarios agreeing with ${toolchainVersion(GO126)}: ${agreed.length}/${SCENARIOS.length}`,
  );
  assert.equal(agreed.length, SCENARIOS.length);
});
