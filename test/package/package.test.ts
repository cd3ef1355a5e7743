// The package as a user gets it: `npm pack` of the built tree, installed globally into an empty prefix from
// the tarball alone (offline: it must need nothing from a registry), then the command run and the library
// imported from there; publint and @arethetypeswrong/cli judge the tarball.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { assertDocument } from "../support/documents.js";
import { REPO_ROOT } from "../support/gobuild.js";

const work = mkdtempSync(join(tmpdir(), "gpd-package-"));
const npmEnv = {
  ...process.env,
  npm_config_cache: join(work, "npm-cache"),
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
  npm_config_audit: "false",
};

function sh(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: opts.env ?? npmEnv,
    encoding: "utf8",
    timeout: 180_000,
  });
  return { code: r.status, out: r.stdout ?? "", err: `${r.stderr ?? ""}${r.error?.message ?? ""}` };
}

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}
let packed: Packed;
let tarball: string;

before(() => {
  // --ignore-scripts: the suite runs on the tree `npm run build` just made (prepack would build it again).
  const r = sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work]);
  assert.equal(r.code, 0, r.err);
  packed = (JSON.parse(r.out) as Packed[])[0]!;
  tarball = join(work, packed.filename);
});

after(() => rmSync(work, { recursive: true, force: true }));

test("the tarball: at most 1 MB packed, only what runs, no source maps, no runtime dependencies", () => {
  assert.ok(packed.size <= 1_000_000, `packed ${packed.size} bytes`);
  const paths = packed.files.map((f) => f.path);
  for (const p of paths) {
    assert.doesNotMatch(p, /\.map$/, p);
    assert.match(
      p,
      /^(bin\/goproxy-doctor\.js|dist\/cli\/[a-z-]+\.js|dist\/lib\/[a-z-]+\.js|dist\/types\/.+\.d\.ts|schemas\/[a-z-]+\.v1\.json|dist\/THIRD-PARTY-LICENSES\.txt|package\.json|README\.md|LICENSE|CHANGELOG\.md|SECURITY\.md)$/,
      p,
    );
  }
  for (const must of [
    "LICENSE",
    "dist/THIRD-PARTY-LICENSES.txt",
    "dist/lib/index.js",
    "dist/types/index.d.ts",
    "schemas/check.v1.json",
  ])
    assert.ok(paths.includes(must), must);
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as Record<string, unknown>;
  assert.equal(pkg.dependencies, undefined);
});

test("installed with npm install -g from the tarball alone: the command runs, the library imports", () => {
  const prefix = join(work, "prefix");
  const r = sh("npm", ["install", "-g", "--offline", "--prefix", prefix, tarball]);
  assert.equal(r.code, 0, r.err);
  const bin = join(prefix, "bin", "goproxy-doctor");
  assert.ok(existsSync(bin));
  const cleanEnv = { PATH: `${join(prefix, "bin")}:/usr/bin:/bin`, HOME: join(work, "home"), NO_COLOR: "1" };
  const version = sh(bin, ["--version"], { env: cleanEnv });
  assert.equal(version.code, 0, version.err);
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  assert.equal(version.out.trim(), pkg.version);
  // A command that loads the shared undici and yaml files, and one that hashes, from the installed tree.
  const env = sh(bin, ["env", "--json", "--no-go-check"], { env: cleanEnv });
  assert.equal(env.code, 0, env.err);
  assertDocument(JSON.parse(env.out));
  const check = sh(bin, ["check", "--offline", "--json"], {
    env: { ...cleanEnv, GOSUMDB: "sum.golang.org+bad" },
  });
  assert.equal(check.code, 1, check.err);
  const doc = JSON.parse(check.out) as { ok: boolean; findings: { id: string }[] };
  assert.deepEqual([doc.ok, doc.findings.map((f) => f.id)], [false, ["gosumdb.invalid"]]);
  // The library by its name, from a directory whose node_modules holds the package; the schemas resolve.
  // (go1.20: the last go whose GOPROXY default is built in rather than read from $GOROOT/go.env.)
  const script = [
    'const m = await import("goproxy-doctor");',
    'const d = m.classifyGoOutput("go: example.com/m@v1.0.0: reading https://proxy.golang.org/example.com/m/@v/v1.0.0.info: 404 Not Found");',
    "const e = m.resolveEnvironment({ env: {}, goos: 'linux', goVersion: { major: 1, minor: 20, patch: 0, raw: 'go1.20' }, goenvFileText: null, goroot: null, gorootGoEnvText: null });",
    'const schema = import.meta.resolve("goproxy-doctor/schemas/check.v1.json");',
    "console.log(JSON.stringify({ causes: m.CAUSES.length, first: d[0]?.cause, goproxy: e.vars.GOPROXY?.value, schema }));",
  ].join("\n");
  const lib = sh(process.execPath, ["--input-type=module", "-e", script], {
    cwd: join(prefix, "lib"),
    env: cleanEnv,
  });
  assert.equal(lib.code, 0, lib.err);
  const got = JSON.parse(lib.out) as { causes: number; first: string; goproxy: string; schema: string };
  assert.equal(got.first, "not-found");
  assert.ok(got.causes > 20);
  assert.equal(got.goproxy, "https://proxy.golang.org,direct");
  assert.match(got.schema, /\/lib\/node_modules\/goproxy-doctor\/schemas\/check\.v1\.json$/);
});

test("publint and @arethetypeswrong/cli find nothing wrong with the tarball", () => {
  const bin = (name: string) => join(REPO_ROOT, "node_modules", ".bin", name);
  const publint = sh(bin("publint"), ["run", "--strict", tarball]);
  assert.equal(publint.code, 0, publint.out + publint.err);
  assert.match(publint.out, /All good/);
  // ESM only (a require() of the package is Node's ERR_REQUIRE_ESM, by design); @types from no registry.
  const attw = sh(bin("attw"), [
    tarball,
    "--profile",
    "esm-only",
    "--no-definitely-typed",
    "--format",
    "ascii",
  ]);
  assert.equal(attw.code, 0, attw.out + attw.err);
  assert.match(attw.out, /"goproxy-doctor"\s+node16 \(from ESM\): 🟢 \(ESM\)\s+bundler: 🟢/);
});

test("in CI, the committed schemas are the ones the build writes from the code (run npm run build, commit schemas/)", {
  skip: process.env.CI
    ? false
    : "only in CI (CI=true): locally the build rewrites schemas/ before you commit",
}, () => {
  const r = spawnSync("git", ["status", "--porcelain", "--", "schemas"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (r.status !== 0) return; // not a git checkout: nothing to compare with
  assert.equal(
    r.stdout,
    "",
    "schemas/ differs from what the code writes: run npm run build and commit schemas/",
  );
});
