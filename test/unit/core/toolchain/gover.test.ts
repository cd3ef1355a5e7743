import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  badGoLine,
  compareGover,
  fromToolchain,
  goModLookup,
  isLang,
  isPrerelease,
  isValidGover,
  langOf,
  parseGover,
} from "../../../../src/core/toolchain/gover.js";

// Facts from cmd/go/internal/gover/gover_test.go (go1.26), restated as triples.
const COMPARE: [string, string, number][] = [
  ["", "", 0],
  ["x", "x", 0],
  ["", "x", 0],
  ["1", "1.1", -1],
  ["1.5", "1.10", -1],
  ["1.6", "1.6.1", -1],
  ["1.19", "1.19.0", 0],
  ["1.19rc1", "1.19", -1],
  ["1.20", "1.20.0", 0],
  ["1.21", "1.21.0", -1],
  ["1.21", "1.21rc1", -1],
  ["1.21rc1", "1.21.0", -1],
  ["1.19alpha3", "1.19beta2", -1],
  ["1.19beta2", "1.19rc1", -1],
  ["1.1", "1.99999999999999998", -1],
  ["1.99999999999999998", "1.99999999999999999", -1],
  ["1.x", "1.2", -1],
  ["01.2", "1.2", -1],
];

test("compareGover agrees with go's table, both ways round", () => {
  for (const [x, y, want] of COMPARE) {
    assert.equal(compareGover(x, y), want, `${x} vs ${y}`);
    assert.equal(compareGover(y, x), -want || 0, `${y} vs ${x}`);
  }
});

test("isLang, langOf, isPrerelease, isValidGover", () => {
  for (const [x, want] of [
    ["1.22", true],
    ["1.21", true],
    ["1.20", false],
    ["1", false],
    ["1.2rc3", false],
    ["1.2.3", false],
    ["1.999testmod", false],
  ] as const)
    assert.equal(isLang(x), want, x);
  for (const [x, want] of [
    ["1.2rc3", "1.2"],
    ["1.2.3", "1.2"],
    ["1", "1"],
    ["1.0.1", "1"],
    ["1.999testmod", "1.999"],
  ] as const)
    assert.equal(langOf(x), want, x);
  assert.equal(isPrerelease("1.22rc1"), true);
  assert.equal(isPrerelease("1.22.1"), false);
  for (const bad of ["", "1.", "1.2.", "1.21.3rc1", "v1.21", "1.21-x", "1.2.3.4", "1.02"])
    assert.equal(isValidGover(bad), false, bad);
});

test("fromToolchain strips go and a suffix, refuses paths and non-versions", () => {
  assert.equal(fromToolchain("go1.21.3"), "1.21.3");
  assert.equal(fromToolchain("go1.21.3-bigcorp"), "1.21.3");
  assert.equal(fromToolchain("go1.22rc1 extra"), "1.22rc1");
  assert.equal(fromToolchain("go1.21"), "1.21");
  for (const bad of ["1.21.0", "invalid", "go", "gox", "go1.21/x", "go1.21\\x", "local", "auto"])
    assert.equal(fromToolchain(bad), "", bad);
});

test("goModLookup finds the first key line, comments removed, and nothing in blocks", () => {
  const text = "module m\n\n// go 1.1\ngo 1.22 // lang\ntoolchain\tgo1.23.1\ngo 1.30\n";
  assert.equal(goModLookup(text, "go"), "1.22");
  assert.equal(goModLookup(text, "toolchain"), "go1.23.1");
  assert.equal(goModLookup("module m\ngopher 1\n", "go"), "");
  assert.equal(goModLookup("module m\n", "toolchain"), "");
});

test("badGoLine: what modfile's GoVersionRE rejects, with its line", () => {
  assert.deepEqual(badGoLine("module m\n\ngo 1.x\n"), { line: 3, version: "1.x" });
  assert.deepEqual(badGoLine("module m\ngo 1.21.0.1\n"), { line: 2, version: "1.21.0.1" });
  assert.equal(badGoLine("module m\ngo 1.21rc1\n"), null);
  assert.equal(badGoLine("module m\ngo 1.22 // ok\n"), null);
  assert.equal(badGoLine("module m\n"), null);
});

const version = fc
  .tuple(
    fc.constantFrom("1", "2"),
    fc.option(fc.nat(40), { nil: undefined }),
    fc.option(fc.nat(5), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom("alpha", "beta", "rc"), fc.integer({ min: 1, max: 4 })), {
      nil: undefined,
    }),
  )
  .map(([maj, min, patch, pre]) => {
    if (min === undefined) return maj;
    if (patch !== undefined) return `${maj}.${min}.${patch}`;
    return `${maj}.${min}${pre === undefined ? "" : `${pre[0]}${pre[1]}`}`;
  });

test("property: compareGover is a total preorder on well-formed versions (antisymmetric, transitive)", () => {
  fc.assert(
    fc.property(version, version, version, (a, b, c) => {
      assert.equal(compareGover(a, b), -compareGover(b, a) || 0);
      if (compareGover(a, b) <= 0 && compareGover(b, c) <= 0) assert.ok(compareGover(a, c) <= 0);
      assert.ok(isValidGover(a));
    }),
  );
});

test("property: from 1.21 a language version is below its rc and its .0; before, equal to .0", () => {
  fc.assert(
    fc.property(fc.nat(60), (minor) => {
      const lang = `1.${minor}`;
      const cmp = compareGover(lang, `${lang}.0`);
      assert.equal(cmp, minor >= 21 ? -1 : 0);
      assert.equal(isLang(lang), minor >= 21);
      assert.equal(compareGover(`${lang}rc1`, `${lang}.0`), -1);
    }),
  );
});

test("property: parseGover never throws and malformed input is the zero version", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), (s) => {
      const v = parseGover(s);
      if (!isValidGover(s)) assert.deepEqual(v, { major: "", minor: "", patch: "", kind: "", pre: "" });
      assert.equal(compareGover(s, s), 0);
    }),
  );
});
