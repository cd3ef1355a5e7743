// `check` never crashes: fast-check generates configurations (GOPROXY lists with faulty loopback entries,
// file:// trees, off/direct, GONOPROXY/GOPRIVATE/GONOSUMDB, GOSUMDB, GOFLAGS), module paths and version
// strings (canonical, +incompatible, pseudo-versions, queries, branches, garbage), and runs the CLI as a user
// does, offline and against a loopback store whose modes fail in every way (404, 410, 500, 403, hang,
// reset, garbage). Every run must end with exit 0, 1 or 2, print a report (or a usage error for exit 2),
// and never a stack trace or "internal error". Also the false alarm of issue 17: a `,` list whose first
// entry answers 404 while the next serves is exit 0, with notes only.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { REPO_ROOT } from "../../support/gobuild.js";
import { type StoreServer, startStoreServer, writeStoreTree } from "../../support/modstore.js";

const bin = join(REPO_ROOT, "bin", "goproxy-doctor.js");

let store: StoreServer;
let work = "";
let tree = "";

before(async () => {
  store = await startStoreServer();
  work = mkdtempSync(join(tmpdir(), "gpd-nocrash-"));
  tree = join(work, "tree");
  writeStoreTree(tree);
});

after(async () => {
  await store?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        env: { PATH: "/nonexistent", HOME: join(work, "home"), NO_COLOR: "1", GOENV: "off", ...env },
        timeout: 60_000,
      },
      (e, out, err) =>
        resolve({ code: e === null ? 0 : typeof e.code === "number" ? e.code : null, out, err }),
    );
  });
}

const modules = fc.constantFrom(
  "example.com/m",
  "github.com/docker/docker",
  "example.com/m/v2",
  "example.com/Upper/Mod",
  "example.com/missing",
  "gopkg.in/yaml.v3",
  "example.com//bad",
  "Example.com/x",
  "example.com/m/v1",
  "-x",
);

const versions = fc.oneof(
  fc.constantFrom(
    "v1.1.0",
    "v20.10.24+incompatible",
    "v2.0.0+incompatible",
    "v0.0.0-20190101000000-fedcbafedcba",
    "v1.0.1-0.20200102030405-abcdefabcdef",
    "v1.3.0-rc.1.0.20210101000000-0123456789ab",
    "v17.12.0-ce-rc1.0.20200101000000-aaaaaaaaaaaa+incompatible",
    "latest",
    "upgrade",
    "patch",
    "v1",
    "v1.2",
    "<v1.5",
    ">v1.1",
    "<=v1.x",
    ">=v1.1.0",
    "main",
    "0123456789ab",
    "v1.1.0+meta",
    "v1.0.0.0",
    "",
    "none",
  ),
  fc.stringMatching(/^[a-zA-Z0-9.+<>=~^/-]{0,16}$/),
);

const entry = fc.constantFrom(
  "@ok",
  "@s404",
  "@s410",
  "@s500",
  "@s403",
  "@hang",
  "FILE",
  "direct",
  "off",
  "REFUSED",
);

const goproxy = fc.oneof(
  fc
    .array(fc.tuple(entry, fc.constantFrom(",", "|")), { minLength: 1, maxLength: 3 })
    .map((xs) => xs.map(([e, sep], i) => (i === 0 ? e : `${sep}${e}`)).join("")),
  fc.constantFrom("", "off", "direct", ",,", "|", "ftp://x", "file://relative", "@ok,@ok|direct"),
);

const config = fc.record({
  GOPROXY: goproxy,
  GONOPROXY: fc.constantFrom("", "example.com", "*", "example.com/m,github.com"),
  GONOSUMDB: fc.constantFrom("", "example.com", "["),
  GOSUMDB: fc.constantFrom("off", "off", "sum.golang.org", "bogus key", ""),
  GOFLAGS: fc.constantFrom("", "-mod=vendor", "-mod=mod", "-x", "--bogus"),
  GOINSECURE: fc.constantFrom("", "example.com"),
});

function envOf(c: Record<string, string>): Record<string, string> {
  const gp = c
    .GOPROXY!.replace(/@([a-z0-9]+)/g, (_, m: string) => store.url(m))
    .replace("FILE", `file://${tree}`)
    .replace("REFUSED", "http://127.0.0.1:1");
  return { ...c, GOPROXY: gp };
}

function assertClean(r: { code: number | null; out: string; err: string }, what: string) {
  assert.ok(r.code === 0 || r.code === 1 || r.code === 2, `${what}: exit ${r.code}\n${r.err}`);
  const all = `${r.out}\n${r.err}`;
  assert.ok(!/internal error/i.test(all), `${what}: internal error\n${all}`);
  assert.ok(!/\n\s+at .+\(.*:\d+:\d+\)/.test(all), `${what}: stack trace\n${all}`);
  if (r.code !== 2) assert.match(r.out, /"schema": "goproxy-doctor\.check\/v1"/, `${what}: a report`);
}

test("check --offline never crashes over generated configurations, modules and versions", {
  timeout: 600_000,
}, async () => {
  await fc.assert(
    fc.asyncProperty(config, modules, versions, async (c, m, v) => {
      const arg = v === "" ? m : `${m}@${v}`;
      const r = await run(["check", "--offline", "--json", arg], envOf(c));
      assertClean(r, `check --offline ${arg} with ${JSON.stringify(c)}`);
    }),
    { numRuns: 40 },
  );
});

test("check against loopback servers with faults never crashes", { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(config, modules, versions, async (c, m, v) => {
      const arg = v === "" ? m : `${m}@${v}`;
      const r = await run(
        [
          "check",
          "--json",
          "--timeout",
          "300",
          "--deadline",
          "3000",
          "--probe-module",
          "example.com/m@v1.1.0",
          arg,
        ],
        envOf(c),
      );
      assertClean(r, `check ${arg} with ${JSON.stringify(c)}`);
    }),
    { numRuns: 40 },
  );
});

test("a , list whose first entry answers 404 while the next serves: exit 0, notes only", async () => {
  const r = await run(["check", "--json", "--timeout", "2000", "example.com/m@v1.1.0"], {
    GOPROXY: `${store.url("s404")},${store.url("ok")}`,
    GOSUMDB: "off",
    GOTOOLCHAIN: "local",
  });
  const doc = JSON.parse(r.out) as {
    ok: boolean;
    findings: { id: string; severity: string }[];
    modules: { prediction: { outcome: string; servedBy: string } }[];
  };
  assert.equal(doc.modules[0]!.prediction.outcome, "ok");
  assert.equal(doc.modules[0]!.prediction.servedBy, store.url("ok"));
  const protocol = doc.findings.filter((f) => f.id.startsWith("protocol."));
  assert.ok(protocol.length >= 4, JSON.stringify(doc.findings));
  assert.deepEqual([...new Set(protocol.map((f) => f.severity))], ["info"]);
  assert.equal(doc.findings.filter((f) => f.severity === "error").length, 0, JSON.stringify(doc.findings));
  assert.equal(r.code, 0, r.out);
});

test("a cached version prints where it is, not 'downloads from null'", async () => {
  const cache = join(work, "modcache");
  const dl = join(cache, "cache", "download", "github.com", "docker", "docker", "@v");
  mkdirSync(dl, { recursive: true });
  for (const ext of ["info", "mod", "zip", "ziphash"])
    writeFileSync(join(dl, `v20.10.24+incompatible.${ext}`), "x");
  mkdirSync(join(cache, "github.com", "docker", "docker@v20.10.24+incompatible"), { recursive: true });
  const r = await run(["check", "--offline", "github.com/docker/docker@v20.10.24+incompatible"], {
    GOPROXY: "off",
    GOMODCACHE: cache,
  });
  assert.ok(!r.out.includes("downloads from null"), r.out);
  assert.match(r.out, /in the module cache; go makes no request \(.*v20\.10\.24\+incompatible\.zip\)/);
});
