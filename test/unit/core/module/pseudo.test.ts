import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { GoError } from "../../../../src/core/errors.js";
import {
  isPseudoVersion,
  isZeroPseudoVersion,
  pseudoVersion,
  pseudoVersionBase,
  pseudoVersionRev,
  pseudoVersionTime,
  zeroPseudoVersion,
} from "../../../../src/core/module/pseudo.js";
import * as semver from "../../../../src/core/semver.js";

const pseudoTime = new Date(Date.UTC(2006, 0, 2, 15, 4, 5));

// pseudo_test.go's pseudoTests: [major, older, version].
const pseudoTests: [string, string, string][] = [
  ["", "", "v0.0.0-20060102150405-hash"],
  ["v0", "", "v0.0.0-20060102150405-hash"],
  ["v1", "", "v1.0.0-20060102150405-hash"],
  ["v2", "", "v2.0.0-20060102150405-hash"],
  ["unused", "v0.0.0", "v0.0.1-0.20060102150405-hash"],
  ["unused", "v1.2.3", "v1.2.4-0.20060102150405-hash"],
  ["unused", "v1.2.99999999999999999", "v1.2.100000000000000000-0.20060102150405-hash"],
  ["unused", "v1.2.3-pre", "v1.2.3-pre.0.20060102150405-hash"],
  ["unused", "v1.3.0-pre", "v1.3.0-pre.0.20060102150405-hash"],
  ["unused", "v0.0.0--", "v0.0.0--.0.20060102150405-hash"],
  ["unused", "v1.0.0+metadata", "v1.0.1-0.20060102150405-hash+metadata"],
  ["unused", "v2.0.0+incompatible", "v2.0.1-0.20060102150405-hash+incompatible"],
  ["unused", "v2.3.0-pre+incompatible", "v2.3.0-pre.0.20060102150405-hash+incompatible"],
];

test("pseudoVersion builds pseudo_test.go's versions, and they read back", () => {
  for (const [major, older, version] of pseudoTests) {
    assert.equal(pseudoVersion(major, older, pseudoTime, "hash"), version, `${major} ${older}`);
    assert.equal(isPseudoVersion(version), true, version);
    assert.equal(isPseudoVersion(older), false, older);
    assert.equal(pseudoVersionTime(version).getTime(), pseudoTime.getTime(), version);
    assert.equal(pseudoVersionRev(version), "hash", version);
    assert.equal(pseudoVersionBase(version), older, version);
    for (const f of [pseudoVersionTime, pseudoVersionRev]) {
      assert.throws(() => f(older), {
        name: "GoError",
        message: `pseudo-version "${older}" invalid: syntax error`,
      });
    }
  }
});

test("pseudoVersionTime of a non-pseudo-version throws (TestInvalidPseudoVersionTime)", () => {
  assert.throws(() => pseudoVersionTime("---"), {
    name: "GoError",
    message: 'pseudo-version "---" invalid: syntax error',
  });
});

test("pseudoVersionBase rejects pseudo_test.go's invalid bases with x/mod's texts", () => {
  const cases: [string, string][] = [
    ["v0.0.0", "syntax error"],
    ["v0.0.0-", "syntax error"],
    ["v0.0.0-0.20060102150405-hash", "version before v0.0.0 would have negative patch number"],
    ["v0.1.0-0.20060102150405-hash", "version before v0.1.0 would have negative patch number"],
    ["v1.0.0-0.20060102150405-hash", "version before v1.0.0 would have negative patch number"],
    ["v0.0.0-20060102150405-hash+incompatible", 'lacks base version, but has build metadata "+incompatible"'],
    ["v0.0.0-20060102150405-hash+metadata", 'lacks base version, but has build metadata "+metadata"'],
  ];
  for (const [v, reason] of cases) {
    assert.throws(() => pseudoVersionBase(v), {
      name: "GoError",
      message: `pseudo-version "${v}" invalid: ${reason}`,
    });
  }
});

test("incDecimal and decDecimal carry and borrow (through pseudoVersion and pseudoVersionBase)", () => {
  const cases: [string, string][] = [
    ["0", "1"],
    ["1", "2"],
    ["9", "10"],
    ["99", "100"],
    ["100", "101"],
    ["101", "102"],
    ["1999", "2000"],
  ];
  for (const [older, next] of cases) {
    const v = pseudoVersion("v1", `v1.0.${older}`, pseudoTime, "hash");
    assert.equal(v, `v1.0.${next}-0.20060102150405-hash`);
    assert.equal(pseudoVersionBase(v), `v1.0.${older}`);
  }
  assert.equal(pseudoVersionBase("v1.2.10-0.20060102150405-hash"), "v1.2.9");
});

test("pseudoVersionTime checks the calendar as time.Parse does", () => {
  const good: [string, number][] = [
    ["20000229235959", Date.UTC(2000, 1, 29, 23, 59, 59)],
    ["00010101000000", -62135596800000],
    ["00000229235959", -62162035201000],
    ["99991231235959", 253402300799000],
  ];
  for (const [ts, ms] of good) assert.equal(pseudoVersionTime(`v1.0.0-${ts}-hash`).getTime(), ms, ts);
  for (const ts of [
    "20061302150405",
    "20060002150405",
    "20060229000000",
    "19000229000000",
    "20060431000000",
    "20060100150405",
    "20060102240000",
    "20060102156000",
    "20060102150460",
  ]) {
    const v = `v1.0.0-${ts}-hash`;
    assert.equal(isPseudoVersion(v), true);
    assert.throws(() => pseudoVersionTime(v), {
      name: "GoError",
      message: `pseudo-version "${v}" invalid: malformed time "${ts}"`,
    });
  }
});

test("the zero pseudo-version", () => {
  assert.equal(zeroPseudoVersion(""), "v0.0.0-00010101000000-000000000000");
  assert.equal(zeroPseudoVersion("v3"), "v3.0.0-00010101000000-000000000000");
  assert.equal(isZeroPseudoVersion("v0.0.0-00010101000000-000000000000"), true);
  assert.equal(isZeroPseudoVersion("v2.0.0-00010101000000-000000000000"), true);
  assert.equal(isZeroPseudoVersion("v0.0.0-00010101000000-000000000000+incompatible"), false);
  assert.equal(isZeroPseudoVersion("v0.0.1-0.00010101000000-000000000000"), false);
  assert.equal(isZeroPseudoVersion(""), false);
  assert.equal(pseudoVersionTime(zeroPseudoVersion("v1")).getUTCFullYear(), 1);
});

test("years outside 0000–9999 format as Go's appendInt does, and are not pseudo-versions", () => {
  const t = new Date(0);
  t.setUTCFullYear(12345, 0, 1);
  assert.equal(pseudoVersion("v1", "", t, "r"), "v1.0.0-123450101000000-r");
  t.setUTCFullYear(-5, 0, 1);
  assert.equal(pseudoVersion("v1", "", t, "r"), "v1.0.0--00050101000000-r");
  assert.equal(isPseudoVersion("v1.0.0-123450101000000-r"), false);
  assert.throws(() => pseudoVersion("v1", "", new Date(Number.NaN), "r"), RangeError);
});

const num = fc.oneof(
  fc.constantFrom("0", "1", "2", "9", "10", "99"),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
);
const ident = fc.oneof(
  fc.stringMatching(/^[0-9A-Za-z-]{1,6}$/).filter((s) => !/^0[0-9]+$/.test(s)),
  fc.constantFrom("0", "pre", "rc1", "-", "alpha.1"),
);
const release = fc.tuple(num, num, num).map(([a, b, c]) => `v${a}.${b}.${c}`);
const older = fc
  .tuple(
    release,
    fc.option(fc.array(ident, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    fc.option(
      fc.oneof(fc.constant("incompatible"), fc.stringMatching(/^[0-9A-Za-z-]{1,5}(\.[0-9A-Za-z-]{1,5})?$/)),
      { nil: undefined },
    ),
  )
  .map(([r, pre, build]) => r + (pre ? `-${pre.join(".")}` : "") + (build ? `+${build}` : ""));
const majorArb = fc.oneof(
  fc.constant(""),
  num.map((n) => `v${n}`),
);
// Whole seconds in years 0000–9999: the range the 14-digit stamp can hold.
const time = fc.integer({ min: -62167219200, max: 253402300799 }).map((s) => new Date(s * 1000));
const rev = fc.stringMatching(/^[0-9A-Za-z]{1,12}$/);

test("pseudoVersion round trip: a pseudo-version whose time, rev and base read back", () => {
  fc.assert(
    fc.property(majorArb, fc.option(older, { nil: "" }), time, rev, (major, old, t, r) => {
      assert.equal(semver.isValid(old) || old === "", true);
      const v = pseudoVersion(major, old, t, r);
      assert.equal(isPseudoVersion(v), true, v);
      assert.equal(semver.isValid(v), true, v);
      assert.equal(pseudoVersionTime(v).getTime(), t.getTime(), v);
      assert.equal(pseudoVersionRev(v), r, v);
      assert.equal(pseudoVersionBase(v), old === "" ? "" : semver.canonical(old) + semver.build(old), v);
      if (old !== "") {
        // A pseudo-version sorts after its base and before the next patch release.
        assert.equal(semver.compare(v, old), 1, v);
      } else {
        assert.equal(semver.major(v), major === "" ? "v0" : major);
      }
    }),
    { numRuns: 500 },
  );
});

test("the is* predicates never throw; the other accessors throw only GoError", () => {
  const anyString = fc.oneof(
    fc.string(),
    fc.string({ unit: "binary" }),
    fc
      .array(fc.constantFrom("v1", ".", "0", "-", "+", "20060102150405", "hash", "incompatible", "é", "\n"), {
        maxLength: 10,
      })
      .map((a) => a.join("")),
  );
  fc.assert(
    fc.property(anyString, (s) => {
      const p = isPseudoVersion(s);
      assert.equal(typeof p, "boolean");
      assert.equal(typeof isZeroPseudoVersion(s), "boolean");
      if (isZeroPseudoVersion(s)) assert.equal(p, true);
      for (const f of [pseudoVersionBase, pseudoVersionRev, pseudoVersionTime]) {
        try {
          f(s);
          assert.equal(p, true, `${f.name}(${JSON.stringify(s)}) succeeded on a non-pseudo-version`);
        } catch (e) {
          assert.ok(e instanceof GoError, String(e));
          if (!p) assert.equal(e.message.endsWith(" invalid: syntax error"), true);
        }
      }
    }),
    { numRuns: 1000 },
  );
});
