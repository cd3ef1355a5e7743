// Which go.sum files go reads from a directory (modload/init.go): the module root's, or a workspace's.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { goSumFiles } from "../../../src/adapters/fs/sumfiles.js";

const LINE = (m: string) => `${m} v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n`;

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), "gpd-sumfiles-"));
  mkdirSync(join(dir, "app", "cmd", "tool"), { recursive: true });
  mkdirSync(join(dir, "lib"));
  writeFileSync(join(dir, "app", "go.mod"), "module example.com/app\n");
  writeFileSync(join(dir, "app", "go.sum"), LINE("example.com/a"));
  writeFileSync(join(dir, "lib", "go.mod"), "module example.com/lib\n");
  writeFileSync(join(dir, "lib", "go.sum"), LINE("example.com/l"));
  return dir;
}

test("a module: the go.sum beside the nearest go.mod, found from a subdirectory as go finds it", () => {
  const dir = tree();
  try {
    const s = goSumFiles(join(dir, "app", "cmd", "tool"), {});
    assert.equal(s.main?.path, join(dir, "app", "go.sum"));
    assert.deepEqual(
      s.main?.lines.map((l) => l.module),
      ["example.com/a"],
    );
    assert.equal(s.mainName, "go.sum");
    assert.deepEqual(s.workspace, []);
    assert.equal(goSumFiles(dir, {}).main, null, "no go.mod above: no go.sum");
    assert.equal(goSumFiles(join(dir, "app"), { GO111MODULE: "off" }).main, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a workspace: go.work.sum first, then each used module's go.sum in use order; GOWORK=off and a relative GOWORK are not one", () => {
  const dir = tree();
  try {
    writeFileSync(join(dir, "go.work"), "go 1.19\n\nuse (\n\t./lib\n\t./app\n)\n");
    writeFileSync(join(dir, "go.work.sum"), LINE("example.com/w"));
    const s = goSumFiles(join(dir, "app", "cmd"), {});
    assert.equal(s.workFile, join(dir, "go.work"));
    assert.equal(s.main?.path, join(dir, "go.work.sum"));
    assert.equal(s.mainName, "go.work.sum");
    assert.deepEqual(
      s.workspace.map((f) => [f.path, f.lines.map((l) => l.module)]),
      [
        [join(dir, "lib", "go.sum"), ["example.com/l"]],
        [join(dir, "app", "go.sum"), ["example.com/a"]],
      ],
    );
    assert.equal(goSumFiles(join(dir, "app"), { GOWORK: "off" }).main?.path, join(dir, "app", "go.sum"));
    assert.equal(goSumFiles(join(dir, "app"), { GOWORK: "go.work" }).workFile, null);
    assert.equal(
      goSumFiles(join(dir, "app"), { GOWORK: "go.work" }).error,
      "the path provided to GOWORK must be an absolute path",
    );
    assert.equal(
      goSumFiles(join(dir, "app"), { GOWORK: join(dir, "none.work") }).error,
      `reading go.work: open ${join(dir, "none.work")}: no such file or directory`,
    );
    assert.equal(goSumFiles(join(dir, "app"), {}).error, null);
    assert.equal(goSumFiles(join(dir, "lib"), { GOWORK: join(dir, "go.work") }).mainName, "go.work.sum");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
