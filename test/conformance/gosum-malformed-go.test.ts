// A malformed go.sum line: fatal from Go 1.22 on (modfetch/fetch.go readGoSum → base.Fatalf), silently the end
// of the file before. go1.26 and go1.19 download example.com/a@v1.0.0 from the loopback modproxy in a module
// whose go.sum starts with a one-field line (and then has a wrong hash for the module, which go1.19 never
// reads); check must predict each outcome and go1.26's exact text, and verify must report that text.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { check } from "../../src/features/check.js";
import { verify } from "../../src/features/verify.js";
import { type ModProxy, spawnBounded, startModProxy, telemetryOff } from "../support/modproxy.js";
import {
  cleanEnv,
  GO119,
  GO126,
  type GoToolchain,
  requireToolchain,
  toolchainVersion,
} from "../support/toolchains.js";

let mp: ModProxy;
let root = "";
before(async () => {
  mp = await startModProxy();
  root = mkdtempSync(join(tmpdir(), "gpd-gosum-"));
});
after(async () => {
  await mp?.close();
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
});

const GOSUM = "broken\nexample.com/a v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";

for (const tc of [GO119, GO126] as GoToolchain[]) {
  test(`${tc.label}: a malformed go.sum line`, async () => {
    requireToolchain(tc);
    const home = join(root, tc.label);
    const dir = join(home, "mod");
    telemetryOff(home);
    mkdirSync(dir);
    writeFileSync(join(dir, "go.mod"), "module example.com/m\n\ngo 1.19\n");
    writeFileSync(join(dir, "go.sum"), GOSUM);
    const env = cleanEnv(tc, {
      HOME: home,
      GOPATH: join(home, "gopath"),
      GOCACHE: join(home, "gocache"),
      GOENV: "off",
      GOFLAGS: "-modcacherw",
      GOTOOLCHAIN: "local",
      GOPROXY: mp.url("ok"),
      GOSUMDB: "off",
      HTTPS_PROXY: mp.base,
      HTTP_PROXY: mp.base,
    });
    const go = await spawnBounded(tc.bin, ["mod", "download", "-json", "example.com/a@v1.0.0"], {
      cwd: dir,
      env,
      timeoutMs: 60_000,
    });
    const version = toolchainVersion(tc);
    const r = await check({
      env,
      gomod: join(dir, "go.mod"),
      modules: ["example.com/a@v1.0.0"],
      crossCheck: false,
      goVersion: version,
    });
    const p = r.modules[0]?.prediction;
    const v = await verify({ env, files: [join(dir, "go.sum")], goVersion: version });
    const finding = v.findings.find((f) => f.id === "gosum.malformed");
    assert.ok(finding, "verify reports the line");
    if (tc === GO119) {
      assert.equal(go.code, 0, go.stderr);
      assert.equal(p?.outcome, "ok", JSON.stringify(p));
      assert.match(finding.message, /silently ignores the 1 line/);
    } else {
      const text = `malformed go.sum:\n${join(dir, "go.sum")}:1: wrong number of fields 1\n`;
      assert.equal(go.code, 1);
      assert.equal(go.stderr, text);
      assert.equal(p?.outcome, "fail");
      assert.equal(p?.goError, text);
      assert.ok(r.findings.some((f) => f.id === "gosum.malformed" && f.severity === "error"));
      assert.deepEqual(finding.evidence, [text]);
    }
  });
}
