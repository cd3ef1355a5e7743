// Malformed GOPROXY and GOSUMDB values and invalid module paths: the error text we predict must be the one
// the real go prints (`go mod download -json`, Error field). Nothing leaves the machine: GOPROXY is a
// file:// tree or invalid; the checksum-database errors happen before any connection.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { routeModule, sumdbErrorText } from "../../src/core/route.js";
import { splitModuleArg } from "../../src/features/explain.js";
import { makeVerifierKey } from "../support/keys.js";
import { telemetryOff } from "../support/modproxy.js";
import { type GoToolchain, TOOLCHAINS, toolchainPath, toolchainVersion } from "../support/toolchains.js";
import { varsOf } from "../support/vars.js";

const run = promisify(execFile);
let dir = "";

before(() => {
  dir = mkdtempSync(join(tmpdir(), "gpd-cfgerr-"));
  const v = join(dir, "proxy", "example.com", "a", "@v");
  mkdirSync(v, { recursive: true });
  writeFileSync(join(v, "v1.0.0.info"), '{"Version":"v1.0.0"}');
  writeFileSync(join(v, "v1.0.0.mod"), "module example.com/a\n");
  writeFileSync(join(v, "list"), "v1.0.0\n");
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function goError(tc: GoToolchain, arg: string, env: Record<string, string>): Promise<string> {
  const home = mkdtempSync(join(dir, "home-"));
  telemetryOff(home);
  const fullEnv = {
    PATH: toolchainPath(tc),
    HOME: home,
    GOPATH: join(home, "gopath"),
    GOCACHE: join(home, "cache"),
    GOFLAGS: "-modcacherw",
    GO111MODULE: "on",
    GOTOOLCHAIN: "local",
    GOENV: "off",
    // Any attempt to reach a real host goes to a closed loopback port and fails at once.
    HTTPS_PROXY: "http://127.0.0.1:1",
    HTTP_PROXY: "http://127.0.0.1:1",
    ...env,
  };
  const r = await run(tc.bin, ["mod", "download", "-json", arg], {
    env: fullEnv,
    cwd: home,
    timeout: 30_000,
  }).catch((e: { stdout: string }) => e);
  const doc = JSON.parse(r.stdout) as { Error?: string };
  return doc.Error ?? "";
}

const GOPROXY_CASES = [
  "auto",
  "localhost",
  "ftp://127.0.0.1/x",
  "file://relative/dir",
  "file:/srv",
  ",",
  " ",
  "|",
  '"https://x"',
  "/srv/goproxy",
  "http://h:8x/",
  "https://u:secret@h.example,auto",
  "http://[::1/x",
  "direct|auto",
];
const ARGS = ["example.com/a@v1.0.0", "example.com/a@latest", "example.com/a@master", "Example.com/a@v1.0.0"];

for (const tc of TOOLCHAINS) {
  const vars = (env: Record<string, string>) => varsOf(env, toolchainVersion(tc));

  test(`[${tc.label}] malformed GOPROXY values: the error go prints for every query`, async () => {
    let n = 0;
    for (const goproxy of GOPROXY_CASES) {
      for (const arg of ARGS) {
        const got = await goError(tc, arg, { GOPROXY: goproxy, GOSUMDB: "off" });
        const { module, version } = splitModuleArg(arg);
        const route = routeModule(vars({ GOPROXY: goproxy, GOSUMDB: "off" }), module, version);
        if (route.error === null) {
          // A list that parses (e.g. `direct|auto`: nothing after `direct` is read) must not fail on configuration.
          assert.equal(route.proxy.error, null);
          assert.doesNotMatch(
            got,
            /invalid proxy URL|GOPROXY list|parse "/,
            `GOPROXY=${JSON.stringify(goproxy)} ${arg}`,
          );
        } else {
          // go prints the password of a URL in this message; we never do.
          assert.equal(
            route.error,
            got.replace("u:secret@", "u:xxxxx@"),
            `GOPROXY=${JSON.stringify(goproxy)} ${arg}`,
          );
        }
        n++;
      }
    }
    assert.equal(n, GOPROXY_CASES.length * ARGS.length);
  });

  test(`[${tc.label}] invalid module paths: go's malformed module path errors`, async () => {
    const paths = [
      "Example.com/a",
      "foo/bar",
      "example.com/a/",
      "/example.com/a",
      "example.com//a",
      "example.com/a.",
      "example.com/a~1",
      "example.com/CON",
      "example.com/a b",
      "example.com/~a",
      "gopkg.in/yaml",
      "example.com/a/v1",
      "example.com/.a",
      "exa_mple.com/a",
    ];
    for (const p of paths) {
      const got = await goError(tc, `${p}@v1.0.0`, {
        GOPROXY: `file://${join(dir, "proxy")}`,
        GOSUMDB: "off",
      });
      const route = routeModule(vars({ GOPROXY: `file://${join(dir, "proxy")}` }), p, "v1.0.0");
      if (route.error === null) {
        // No path error predicted: go must not report one either.
        assert.doesNotMatch(got, /malformed module path/, p);
      } else {
        assert.equal(route.error, got, p);
      }
    }
  });

  test(`[${tc.label}] malformed GOSUMDB values: the error go prints at the first lookup`, async () => {
    const cases = [
      "bogus",
      "a b c",
      " ",
      "gosum.io+ce6e7565+https://gocenter.io",
      "sum.golang.org+00000000+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
      makeVerifierKey("sum.example.com", 2),
      "sum.golang.org http://%zz",
      "sum.golang.org :bad",
    ];
    for (const gosumdb of cases) {
      const env = { GOPROXY: `file://${join(dir, "proxy")}`, GOSUMDB: gosumdb };
      const got = await goError(tc, "example.com/a@v1.0.0", env);
      const route = routeModule(vars(env), "example.com/a", "v1.0.0");
      assert.notEqual(route.checksum.error, null, gosumdb);
      assert.equal(sumdbErrorText(route.checksum.error!, "example.com/a", "v1.0.0"), got, gosumdb);
    }
  });
}
