// The build list `go mod download` fetches, read from go.mod / go.work (features/buildlist.ts), and the
// vendor note. What go really downloads is compared in test/conformance/buildlist-go.test.ts (go1.19, go1.26).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readBuildList, requiredVersion, vendorNote } from "../../../src/features/buildlist.js";

function withDir(run: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), "gpd-buildlist-"));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a go 1.17 module: every requirement, replacements applied, the graph loaded first", () =>
  withDir((dir) => {
    const gomod = join(dir, "go.mod");
    writeFileSync(
      gomod,
      "module example.com/app\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0 // indirect\n\texample.com/c v0.1.0\n)\n\nreplace example.com/b => example.com/b2 v1.3.0\nreplace example.com/c => ../c\n",
    );
    const l = readBuildList(gomod, null);
    assert.deepEqual(l.modules, [
      { path: "example.com/a", version: "v1.0.0" },
      { path: "example.com/b2", version: "v1.3.0" },
    ]);
    assert.equal(l.graphFirst, true);
    assert.equal(l.partial, null);
    assert.equal(requiredVersion(dir, null, "example.com/a"), "v1.0.0");
    assert.equal(requiredVersion(dir, null, "example.com/z"), null);
  }));

test("go < 1.17 and workspaces say the list may be partial; a workspace keeps the highest version", () =>
  withDir((dir) => {
    writeFileSync(join(dir, "go.mod"), "module example.com/old\n\ngo 1.16\n\nrequire example.com/a v1.0.0\n");
    assert.match(readBuildList(join(dir, "go.mod"), null).partial ?? "", /before 1\.17/);
    for (const [name, v] of [
      ["x", "v1.1.0"],
      ["y", "v1.4.0"],
    ]) {
      mkdirSync(join(dir, name!));
      writeFileSync(
        join(dir, name!, "go.mod"),
        `module example.com/${name}\n\ngo 1.18\n\nrequire (\n\texample.com/a ${v}\n\texample.com/x v0.0.1\n)\n`,
      );
    }
    writeFileSync(join(dir, "go.work"), "go 1.18\n\nuse (\n\t./x\n\t./y\n)\n");
    const l = readBuildList(null, join(dir, "go.work"));
    assert.deepEqual(
      l.modules,
      [{ path: "example.com/a", version: "v1.4.0" }],
      "workspace modules are not downloaded",
    );
    assert.match(l.partial ?? "", /workspace/);
    assert.equal(l.graphFirst, false);
  }));

test("unreadable files are problems, never exceptions", () => {
  const l = readBuildList("/nonexistent/go.mod", null);
  assert.deepEqual(l.modules, []);
  assert.match(l.problems[0]!, /cannot read \/nonexistent\/go\.mod/);
});

test("vendor: -mod=vendor, or vendor/modules.txt with go ≥ 1.14, and only then", () =>
  withDir((dir) => {
    const gomod = join(dir, "go.mod");
    writeFileSync(gomod, "module example.com/app\n\ngo 1.17\n");
    assert.equal(vendorNote(gomod, ""), null);
    assert.match(vendorNote(gomod, "-mod=vendor") ?? "", /-mod=vendor/);
    mkdirSync(join(dir, "vendor"));
    writeFileSync(join(dir, "vendor", "modules.txt"), "");
    assert.match(vendorNote(gomod, "") ?? "", /vendor\/modules\.txt/);
    assert.equal(vendorNote(gomod, "-mod=mod"), null);
    writeFileSync(gomod, "module example.com/app\n\ngo 1.13\n");
    assert.equal(vendorNote(gomod, ""), null);
  }));
