import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  execFailure,
  newerToolchain,
  type SelectInputs,
  selectToolchain,
  toolchainVersionsFromList,
} from "../../../../src/core/toolchain/select.js";

const local = "go1.26.8";
const inp = (gotoolchain: string, go = "", toolchain = "", shortPath = "go.mod"): SelectInputs => ({
  gotoolchain,
  local,
  file: go === "" && toolchain === "" ? null : { shortPath, go, toolchain },
  goos: "linux",
  goarch: "amd64",
});

test("auto: a newer go line switches; `go 1.N` means go1.N.0 from 1.21 on", () => {
  const s = selectToolchain(inp("auto", "1.99"));
  assert.equal(s.kind, "switch");
  if (s.kind === "switch") {
    assert.equal(s.toolchain, "go1.99.0");
    assert.deepEqual(s.module, { path: "golang.org/toolchain", version: "v0.0.1-go1.99.0.linux-amd64" });
    assert.equal(s.pathOnly, false);
  }
  assert.deepEqual(selectToolchain(inp("auto", "1.22")), {
    kind: "local",
    reason: "the local toolchain",
    tooNew: null,
  });
});

test("local and a bare minimum never read the file: the go line then stops the local go", () => {
  assert.deepEqual(selectToolchain(inp("local", "1.99")), {
    kind: "local",
    reason: "the local toolchain",
    tooNew: "go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)",
  });
  const s = selectToolchain(inp("go1.27.1", "1.99"));
  assert.equal(s.kind === "switch" && s.toolchain, "go1.27.1");
});

test("toolchain lines: newer wins, default keeps the minimum, a bad one is fatal", () => {
  const s = selectToolchain(inp("auto", "1.22", "go1.30.2"));
  assert.equal(s.kind === "switch" && s.toolchain, "go1.30.2");
  assert.deepEqual(selectToolchain(inp("auto", "1.99", "default")), {
    kind: "local",
    reason: "the local toolchain",
    tooNew: "go.mod requires go >= 1.99 (running go 1.26.8; go.mod sets toolchain default)",
  });
  assert.deepEqual(selectToolchain(inp("auto", "1.22", "bogus")), {
    kind: "fatal",
    error: 'invalid toolchain "bogus" in go.mod',
    inFile: true,
  });
});

test("GOTOOLCHAIN forms go refuses", () => {
  for (const [v, error] of [
    ["bogus", 'invalid GOTOOLCHAIN "bogus"'],
    ["go1.99.0+foo", 'invalid GOTOOLCHAIN "go1.99.0+foo": only version suffixes are +auto and +path'],
    ["bad+auto", 'invalid GOTOOLCHAIN "bad+auto": invalid minimum toolchain "bad"'],
  ])
    assert.deepEqual(selectToolchain(inp(v!)), { kind: "fatal", error, inFile: false });
});

test("path: PATH only", () => {
  const s = selectToolchain(inp("go1.22.0+path", "1.99.1"));
  assert.equal(s.kind === "switch" && s.pathOnly, true);
  assert.equal(
    execFailure("go1.99.1", true, false, null, "linux", "amd64"),
    'cannot find "go1.99.1" in PATH',
  );
  assert.equal(execFailure("go1.99.1", true, true, null, "linux", "amd64"), null);
});

test("execFailure: not available, language versions, other errors", () => {
  assert.equal(
    execFailure("go1.97.0", false, false, { kind: "not-exist" }, "linux", "amd64"),
    "download go1.97.0 for linux/amd64: toolchain not available",
  );
  assert.equal(
    execFailure("go1.99", false, false, { kind: "not-exist" }, "linux", "amd64"),
    "invalid toolchain: go1.99 is a language version but not a toolchain version (go1.99.x)",
  );
  assert.equal(
    execFailure("go1.99.0", false, false, { kind: "error", error: "x: boom" }, "linux", "amd64"),
    "download go1.99.0: x: boom",
  );
});

// cmd/go/internal/toolchain/toolchain_test.go's table (go1.26).
const relRC = ["1.39.0", "1.39.1", "1.39.2", "1.40.0", "1.40.1", "1.40.2", "1.41rc1"];
const rel2 = ["1.39.0", "1.39.1", "1.39.2", "1.40.0", "1.40.1", "1.40.2"];
const rel0 = ["1.39.0", "1.39.1", "1.39.2", "1.40.0"];

test("newerToolchain: the latest patch of the family before the newest release", () => {
  const cases: [string, string[], string][] = [
    ["1.30", rel0, "go1.39.2"],
    ["1.38.1", relRC, "go1.39.2"],
    ["1.39.2", rel2, "go1.39.2"],
    ["1.39.3", rel0, "go1.40.0"],
    ["1.39.3", rel2, "go1.40.2"],
    ["1.40", relRC, "go1.40.2"],
    ["1.40.1", rel0, ""],
    ["1.41", relRC, "go1.41rc1"],
    ["1.41.0", relRC, ""],
    ["1.40", [], ""],
  ];
  for (const [need, list, want] of cases) {
    const r = newerToolchain(need, list);
    assert.deepEqual(r, want === "" ? { error: `no releases found for go >= ${need}` } : { toolchain: want });
  }
});

test("toolchainVersionsFromList reads golang.org/toolchain's list as go does", () => {
  assert.deepEqual(
    toolchainVersionsFromList(
      [
        "v0.0.1-go1.98.1.linux-amd64",
        "v0.0.1-go1.98.1.windows-amd64",
        "v0.0.1-go1.99rc1.linux-amd64",
        "v1.0.0",
        "junk",
      ],
      "go1.26.8",
    ),
    ["1.26.8", "1.98.1", "1.99rc1"],
  );
});

test("property: Select never throws and a switch names a go1 toolchain module for the platform", () => {
  const arb = fc.constantFrom("auto", "path", "local", "go1.30.0", "go1.30.0+auto", "go1.2+path", "x+y", "");
  const ver = fc.constantFrom("", "1.20", "1.21", "1.99", "1.99.1", "1.x", "2.0rc1");
  const tc = fc.constantFrom("", "default", "go1.40.1", "go1.99.3-corp", "bad");
  fc.assert(
    fc.property(arb, ver, tc, (g, go, t) => {
      const s = selectToolchain(inp(g, go, t));
      if (s.kind === "switch") {
        assert.ok(s.toolchain.startsWith("go1") || s.toolchain.includes("-go1"));
        assert.equal(s.module.version, `v0.0.1-${s.toolchain}.linux-amd64`);
      }
    }),
  );
});
