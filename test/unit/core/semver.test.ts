import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  build,
  canonical,
  compare,
  isValid,
  major,
  majorMinor,
  max,
  prerelease,
  sort,
} from "../../../src/core/semver.js";

// x/mod/semver/semver_test.go's table (values only), in increasing order: [input, canonical or "" if invalid].
const TABLE: [string, string][] = [
  ["bad", ""],
  ["v1-alpha.beta.gamma", ""],
  ["v1-pre", ""],
  ["v1+meta", ""],
  ["v1.2-pre+meta", ""],
  ["v1.0.0-alpha", "v1.0.0-alpha"],
  ["v1.0.0-alpha.1", "v1.0.0-alpha.1"],
  ["v1.0.0-alpha.beta", "v1.0.0-alpha.beta"],
  ["v1.0.0-beta", "v1.0.0-beta"],
  ["v1.0.0-beta.2", "v1.0.0-beta.2"],
  ["v1.0.0-beta.11", "v1.0.0-beta.11"],
  ["v1.0.0-rc.1", "v1.0.0-rc.1"],
  ["v1", "v1.0.0"],
  ["v1.0", "v1.0.0"],
  ["v1.2", "v1.2.0"],
  ["v1.2.3-456", "v1.2.3-456"],
  ["v1.2.3-456-789", "v1.2.3-456-789"],
  ["v1.2.3-pre+meta", "v1.2.3-pre"],
  ["v1.2.3-zzz", "v1.2.3-zzz"],
  ["v1.2.3", "v1.2.3"],
  ["v1.2.3+meta-pre.sha.256a", "v1.2.3"],
];

test("semver_test.go table: isValid, canonical, and compare follows the table order", () => {
  for (const [i, [v, want]] of TABLE.entries()) {
    assert.equal(canonical(v), want, v);
    assert.equal(isValid(v), want !== "", v);
    for (const [j, [w, wantW]] of TABLE.entries()) {
      assert.equal(compare(v, w), want === wantW ? 0 : i < j ? -1 : 1, `${v} vs ${w}`);
    }
  }
});

test("accessors and rejected forms", () => {
  assert.equal(major("v2.1.0"), "v2");
  assert.equal(majorMinor("v2"), "v2.0");
  assert.equal(majorMinor("v2.1.0-pre"), "v2.1");
  assert.equal(prerelease("v2.1.0-pre+meta"), "-pre");
  assert.equal(build("v1.0.0+meta"), "+meta");
  assert.equal(max("v1.2", "v1.10.0+x"), "v1.10.0");
  for (const bad of [
    "v1.2.3-pre.01",
    "v01.2.3",
    "1.2.3",
    "v1.2.3-",
    "v1.2.3+",
    "v1.2.3-a..b",
    "v1.2.3+a+b",
    "",
  ]) {
    assert.equal(isValid(bad), false, bad);
    assert.equal(canonical(bad), "", bad);
  }
});

test("sort breaks ties in Go's byte order, which differs from UTF-16 order past U+FFFF", () => {
  assert.deepEqual(sort(["v1.0.0", "\u{10000}", "zz", "\uffff", "v1.0.0-rc.1", "v1"]), [
    "zz",
    "\uffff",
    "\u{10000}",
    "v1.0.0-rc.1",
    "v1",
    "v1.0.0",
  ]);
});

const num = fc.oneof(fc.constantFrom("0", "1", "2", "9", "10", "11"), fc.nat().map(String));
const ident = fc.oneof(num, fc.stringMatching(/^[0-9A-Za-z-]*[A-Za-z-][0-9A-Za-z-]*$/));
const idents = fc.array(ident, { minLength: 1, maxLength: 3 }).map((a) => a.join("."));
const version = fc
  .tuple(num, fc.option(num), fc.option(num), fc.option(idents), fc.option(idents))
  .map(([a, b, c, pre, meta]) => {
    let v = `v${a}`;
    if (b !== null) v += `.${b}`;
    if (b !== null && c !== null)
      v += `.${c}${pre === null ? "" : `-${pre}`}${meta === null ? "" : `+${meta}`}`;
    return v;
  });

test("property: generated versions are valid; canonical is idempotent, valid and equal under compare", () => {
  fc.assert(
    fc.property(version, (v) => {
      assert.ok(isValid(v), v);
      const c = canonical(v);
      assert.ok(isValid(c));
      assert.equal(canonical(c), c);
      assert.equal(build(c), "");
      assert.equal(compare(v, c), 0);
    }),
  );
});

test("property: compare is antisymmetric and transitive; invalid strings sort below valid ones", () => {
  fc.assert(
    fc.property(version, version, version, fc.string(), (a, b, c, junk) => {
      // === rather than assert.equal: for equal versions -compare(b, a) is -0, which Object.is tells from 0.
      assert.ok(compare(a, b) === -compare(b, a), `compare(${a}, ${b}) = ${compare(a, b)}`);
      assert.equal(compare(a, b) === 0, canonical(a) === canonical(b));
      if (compare(a, b) <= 0 && compare(b, c) <= 0) assert.ok(compare(a, c) <= 0);
      if (!isValid(junk)) {
        assert.equal(compare(junk, a), -1);
        assert.equal(compare(junk, "also invalid"), 0);
      }
    }),
  );
});

test("property: sort returns a permutation in non-decreasing order", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(version, fc.string({ maxLength: 4 })), { maxLength: 12 }), (list) => {
      const sorted = sort(list);
      assert.deepEqual([...sorted].sort(), [...list].sort());
      for (let i = 1; i < sorted.length; i++) assert.ok(compare(sorted[i - 1]!, sorted[i]!) <= 0);
    }),
  );
});
