// --go and --go-version: a bad value is a usage error (exit 2) for every command that takes them; a good one
// is the version env, explain and check say they answer for.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../../support/gobuild.js";
import { cleanEnv } from "../../support/toolchains.js";

const bin = join(REPO_ROOT, "bin", "goproxy-doctor.js");

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    env: cleanEnv(null, { HOME: "/nonexistent-home", GOENV: "off" }),
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

for (const cmd of [["env"], ["explain", "example.com/m"], ["check", "--offline"]]) {
  for (const bad of [
    ["--go-version", "1.x"],
    ["--go-version", "banana"],
    ["--go", "/nonexistent/go"],
    ["--go", "/etc"],
  ]) {
    test(`${cmd[0]} ${bad.join(" ")} is a usage error`, () => {
      const r = run([...cmd, ...bad]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /is invalid/);
    });
  }
}

test("env, explain and check name the go version they answer for", () => {
  assert.match(
    run(["env", "--go-version", "1.21", "--no-go-check"]).stdout,
    /answers for go1\.21: --go-version/,
  );
  assert.match(run(["explain", "example.com/m", "--go-version", "go1.22.3"]).stdout, /\(go go1\.22\.3\)/);
  assert.match(
    run(["check", "--offline", "--go-version", "1.23"]).stdout,
    /answers for go1\.23 \(--go-version\)/,
  );
  assert.match(run(["check", "--offline", "--json", "--go-version", "1.23"]).stdout, /"version": "go1\.23"/);
});
