import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { GoError } from "../../../../src/core/errors.js";
import {
  canonicalVersion,
  checkCanonicalVersion,
  checkIncompatible,
  checkPathVersion,
  pathMajorPrefix,
} from "../../../../src/core/module/version.js";
import * as semver from "../../../../src/core/semver.js";

function checkError(f: () => void): string | null {
  try {
    f();
    return null;
  } catch (e) {
    assert.ok(e instanceof GoError, String(e));
    return e.message;
  }
}

// module_test.go's checkTests: [path, version, ok].
const checkTests: [string, string, boolean][] = [
  ["rsc.io/quote", "0.1.0", false],
  ["rsc io/quote", "v1.0.0", false],
  ["github.com/go-yaml/yaml", "v0.8.0", true],
  ["github.com/go-yaml/yaml", "v1.0.0", true],
  ["github.com/go-yaml/yaml", "v2.0.0", false],
  ["github.com/go-yaml/yaml", "v2.1.5", false],
  ["github.com/go-yaml/yaml", "v3.0.0", false],
  ["github.com/go-yaml/yaml/v2", "v1.0.0", false],
  ["github.com/go-yaml/yaml/v2", "v2.0.0", true],
  ["github.com/go-yaml/yaml/v2", "v2.1.5", true],
  ["github.com/go-yaml/yaml/v2", "v3.0.0", false],
  ["gopkg.in/yaml.v0", "v0.8.0", true],
  ["gopkg.in/yaml.v0", "v1.0.0", false],
  ["gopkg.in/yaml.v0", "v2.0.0", false],
  ["gopkg.in/yaml.v0", "v2.1.5", false],
  ["gopkg.in/yaml.v0", "v3.0.0", false],
  ["gopkg.in/yaml.v1", "v0.8.0", false],
  ["gopkg.in/yaml.v1", "v1.0.0", true],
  ["gopkg.in/yaml.v1", "v2.0.0", false],
  ["gopkg.in/yaml.v1", "v2.1.5", false],
  ["gopkg.in/yaml.v1", "v3.0.0", false],
  ["gopkg.in/check.v1", "v0.0.0", false],
  ["gopkg.in/check.v1", "v0.0.0-20160102150405-abcdef123456", true],
  ["gopkg.in/yaml.v2", "v1.0.0", false],
  ["gopkg.in/yaml.v2", "v2.0.0", true],
  ["gopkg.in/yaml.v2", "v2.1.5", true],
  ["gopkg.in/yaml.v2", "v3.0.0", false],
  ["rsc.io/quote", "v17.0.0", false],
  ["rsc.io/quote", "v17.0.0+incompatible", true],
];

test("checkPathVersion accepts and rejects module_test.go's checkTests", () => {
  for (const [path, version, ok] of checkTests) {
    assert.equal(checkError(() => checkPathVersion(path, version)) === null, ok, `${path}@${version}`);
  }
});

test("checkPathVersion throws module.Check's texts", () => {
  const cases: [string, string, string][] = [
    ["example.com/m", "v2.0.0", "example.com/m@v2.0.0: invalid version: should be v0 or v1, not v2"],
    ["example.com/m/v2", "v1.0.0", "example.com/m/v2@v1.0.0: invalid version: should be v2, not v1"],
    ["example.com/m/v2", "v3.0.0", "example.com/m/v2@v3.0.0: invalid version: should be v2, not v3"],
    ["gopkg.in/yaml.v0", "v1.0.0", "gopkg.in/yaml.v0@v1.0.0: invalid version: should be v0, not v1"],
    ["example.com/m", "1.0.0", "example.com/m@1.0.0: invalid version: not a semantic version"],
    ["example.com/m", "", "example.com/m@: invalid version: not a semantic version"],
    ["example.com/m/v1", "v1.0.0", 'malformed module path "example.com/m/v1": invalid version'],
    [
      "Example.com/m",
      "v1.0.0",
      `malformed module path "Example.com/m": invalid char 'E' in first path element`,
    ],
  ];
  for (const [path, version, message] of cases) {
    assert.throws(() => checkPathVersion(path, version), { name: "GoError", message });
  }
});

test("module.Check neither requires canonical versions nor restricts +incompatible to v2+", () => {
  for (const [path, version] of [
    ["example.com/m", "v1.2"],
    ["example.com/m", "v1.0.0+meta"],
    ["example.com/m", "v1.0.0+incompatible"],
    ["example.com/m/v2", "v2.0.0+incompatible"],
    ["gopkg.in/yaml.v3", "v3.0.0+incompatible"],
    ["gopkg.in/yaml.v1-unstable", "v1.0"],
  ] as const) {
    assert.equal(
      checkError(() => checkPathVersion(path, version)),
      null,
      `${path}@${version}`,
    );
  }
});

test("checkCanonicalVersion: canonical form and the +incompatible hint (go mod edit -exclude)", () => {
  const cases: [string, string, string | null][] = [
    ["example.com/m", "v1.0.0", null],
    ["example.com/m", "v2.0.0+incompatible", null],
    ["example.com/m", "v1.0.0+incompatible", null],
    [
      "example.com/m",
      "v2.0.0",
      'version "v2.0.0" invalid: should be v2.0.0+incompatible (or module example.com/m/v2)',
    ],
    ["example.com/m", "v1.2", 'version "v1.2" invalid: must be of the form v1.2.3'],
    ["example.com/m", "", 'version "" invalid: must be of the form v1.2.3'],
    ["example.com/m", "v1.0.0+meta", 'version "v1.0.0+meta" invalid: must be of the form v1.2.3'],
    ["example.com/m/v2", "v2.2", 'version "v2.2" invalid: must be of the form v2.2.3'],
    ["gopkg.in/yaml.v1-unstable", "v1.0", 'version "v1.0" invalid: must be of the form v1.2.3'],
    ["example.com/m/v2", "v3.0.0", 'version "v3.0.0" invalid: should be v2, not v3'],
    ["gopkg.in/yaml.v2", "v1.0.0", 'version "v1.0.0" invalid: should be v2, not v1'],
    // An invalid major suffix skips the agreement check; the path itself is not checked.
    ["example.com/m/v1", "v5.0.0", null],
    ["x", "v2.0.0", 'version "v2.0.0" invalid: should be v2.0.0+incompatible (or module x/v2)'],
  ];
  for (const [path, version, want] of cases) {
    assert.equal(
      checkError(() => checkCanonicalVersion(path, version)),
      want,
      `${path}@${version}`,
    );
  }
});

test("checkIncompatible: +incompatible only without a suffix and only for v2+", () => {
  const cases: [string, string, string | null][] = [
    ["example.com/m", "v2.0.0+incompatible", null],
    ["example.com/m", "v2.0.9-0.20190209155647-9a39efadad3d+incompatible", null],
    ["example.com/m", "v1.0.0", null],
    // Needs the repository (go.mod or not) to decide; not this function's call.
    ["example.com/m", "v2.0.0", null],
    [
      "golang.org/x/text",
      "v0.1.1-0.20170915032832-14c0d48ead0c+incompatible",
      "golang.org/x/text@v0.1.1-0.20170915032832-14c0d48ead0c+incompatible: invalid version: +incompatible suffix not allowed: major version v0 is compatible",
    ],
    [
      "example.com/m",
      "v1.0.0+incompatible",
      "example.com/m@v1.0.0+incompatible: invalid version: +incompatible suffix not allowed: major version v1 is compatible",
    ],
    [
      "example.com/m/v2",
      "v2.0.0+incompatible",
      "example.com/m/v2@v2.0.0+incompatible: invalid version: +incompatible suffix not allowed: major version v2 is compatible",
    ],
    [
      "example.com/m/v2",
      "v3.0.0+incompatible",
      "example.com/m/v2@v3.0.0+incompatible: invalid version: module path includes a major version suffix, so major version must match",
    ],
    [
      "gopkg.in/yaml.v2",
      "v3.0.0",
      "gopkg.in/yaml.v2@v3.0.0: invalid version: module path includes a major version suffix, so major version must match",
    ],
    ["gopkg.in/yaml.v2", "v2.1.0", null],
  ];
  for (const [path, version, want] of cases) {
    assert.equal(
      checkError(() => checkIncompatible(path, version)),
      want,
      `${path}@${version}`,
    );
  }
});

test("canonicalVersion keeps only +incompatible; pathMajorPrefix", () => {
  assert.equal(canonicalVersion("v1.2"), "v1.2.0");
  assert.equal(canonicalVersion("v2.0.0+incompatible"), "v2.0.0+incompatible");
  assert.equal(canonicalVersion("v2+incompatible"), ""); // shorthands take no build suffix
  assert.equal(canonicalVersion("v1.0.0+meta"), "v1.0.0");
  assert.equal(canonicalVersion("1.0.0"), "");
  assert.equal(pathMajorPrefix(""), "");
  assert.equal(pathMajorPrefix("/v2"), "v2");
  assert.equal(pathMajorPrefix(".v0"), "v0");
  assert.equal(pathMajorPrefix(".v1-unstable"), "v1");
  assert.throws(() => pathMajorPrefix("v2"), /lacks separator/);
  assert.throws(() => pathMajorPrefix("/v02"), /is not a valid major version/);
});

const majorN = fc.integer({ min: 0, max: 30 });
const suffix = fc.oneof(
  fc.constant({ path: "example.com/m", pm: null as number | null }),
  fc.integer({ min: 2, max: 30 }).map((n) => ({ path: `example.com/m/v${n}`, pm: n as number | null })),
);

test("property: with a /vN suffix, exactly major vN passes; without, v0, v1 and +incompatible pass", () => {
  fc.assert(
    fc.property(suffix, majorN, fc.nat(5), fc.boolean(), ({ path, pm }, m, minor, incompatible) => {
      const version = `v${m}.${minor}.0${incompatible ? "+incompatible" : ""}`;
      const ok = pm === null ? m <= 1 || incompatible : m === pm;
      assert.equal(checkError(() => checkPathVersion(path, version)) === null, ok, `${path}@${version}`);
      // The stricter checks never accept what module.Check rejects.
      if (!ok) {
        assert.notEqual(
          checkError(() => checkCanonicalVersion(path, version)),
          null,
        );
        if (pm !== null)
          assert.notEqual(
            checkError(() => checkIncompatible(path, version)),
            null,
          );
      }
      const incompatibleOk = !incompatible || (pm === null && m >= 2);
      if (!incompatibleOk)
        assert.notEqual(
          checkError(() => checkIncompatible(path, version)),
          null,
        );
      assert.equal(canonicalVersion(version), version);
      assert.equal(semver.isValid(version), true);
    }),
    { numRuns: 500 },
  );
});
