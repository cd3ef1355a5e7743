import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  checkFilePath,
  checkImportPath,
  checkPath,
  matchPathMajor,
  splitPathVersion,
} from "../../../../src/core/module/path.js";

// Rows of module_test.go's checkPathTests (values only): [path, module ok, import ok, file ok].
const ROWS: [string, boolean, boolean, boolean][] = [
  ["x.y/z", true, true, true],
  ["x.y", true, true, true],
  ["", false, false, false],
  ["x.y/\ud800z", false, false, false],
  ["/x.y/z", false, false, false],
  ["x./z", false, false, false],
  [".x/z", false, true, true],
  ["-x/z", false, false, true],
  ["x..y/z", true, true, true],
  ["x.y/z/../../w", false, false, false],
  ["x.y//z", false, false, false],
  ["x.y/z/", false, false, false],
  ["x.y/z/v0", false, true, true],
  ["x.y/z/v1", false, true, true],
  ["x.y/z/v2", true, true, true],
  ["x.y/z/v2.0", false, true, true],
  ["X.y/z", false, true, true],
  ["!x.y/z", false, false, true],
  ['x.y"/z', false, false, false],
  ["x.y+/z", false, true, true],
  ["x.y-/z", true, true, true],
  ["x.y:/z", false, false, false],
  ["x.y@/z", false, false, true],
  ["x.y/z++", false, true, true],
  ["x.y/z~", true, true, true],
  ["x.y/aux.foo", false, false, false],
  ["x.y/prn2", true, true, true],
  ["x.y/com1.txt", false, false, false],
  ["x.y/z~0", false, false, true],
  ["x.y/z09~09z", true, true, true],
  ["x.y/z09~09z~09", false, false, true],
  ["github.com/!123/logrus", false, false, true],
  ["github.com/user/unicode/испытание", false, false, true],
  ["../x", false, false, false],
  ["x:y", false, false, false],
  [".gitignore", false, true, true],
  ["x☺y", false, false, false],
];

const ok = (f: () => void) => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

test("checkPath / checkImportPath / checkFilePath agree with module_test.go", () => {
  for (const [p, mod, imp, file] of ROWS) {
    assert.deepEqual(
      [ok(() => checkPath(p)), ok(() => checkImportPath(p)), ok(() => checkFilePath(p))],
      [mod, imp, file],
      p,
    );
  }
});

test("x/mod's error texts", () => {
  const cases: [() => void, string][] = [
    [() => checkPath("x.y/z/v1"), 'malformed module path "x.y/z/v1": invalid version'],
    [() => checkPath("X.y/z"), `malformed module path "X.y/z": invalid char 'X' in first path element`],
    [() => checkPath(".x/z"), 'malformed module path ".x/z": leading dot in path element'],
    [() => checkImportPath("-x/z"), 'malformed import path "-x/z": leading dash'],
    [
      () => checkImportPath("x.y/z~0"),
      'malformed import path "x.y/z~0": trailing tilde and digits in path element',
    ],
    [() => checkFilePath("../x"), 'malformed file path "../x": invalid path element ".."'],
    [
      () => checkFilePath("x.y/aux.foo"),
      'malformed file path "x.y/aux.foo": "aux" disallowed as path element component on Windows',
    ],
    [() => checkPath("x.y/испытание"), `malformed module path "x.y/испытание": invalid char 'и'`],
  ];
  for (const [f, message] of cases) assert.throws(f, { name: "GoError", message });
});

test("splitPathVersion and matchPathMajor", () => {
  const split = (p: string) => {
    const s = splitPathVersion(p);
    return [s.prefix, s.pathMajor, s.ok];
  };
  assert.deepEqual(split("a.com/b/v2"), ["a.com/b", "/v2", true]);
  assert.deepEqual(split("x.y/v"), ["x.y/v", "", true]);
  assert.deepEqual(split("a.com/b/v1"), ["a.com/b/v1", "", false]);
  assert.deepEqual(split("a.com/b/v2.0"), ["a.com/b/v2.0", "", false]);
  assert.deepEqual(split("gopkg.in/yaml.v0"), ["gopkg.in/yaml", ".v0", true]);
  assert.deepEqual(split("gopkg.in/yaml.v3"), ["gopkg.in/yaml", ".v3", true]);
  assert.deepEqual(split("gopkg.in/check.v1-unstable"), ["gopkg.in/check", ".v1-unstable", true]);
  assert.deepEqual(split("gopkg.in/yaml"), ["gopkg.in/yaml", "", false]);
  assert.equal(matchPathMajor("v2.0.0+incompatible", ""), true);
  assert.equal(matchPathMajor("v2.0.0", ""), false);
  assert.equal(matchPathMajor("v0.0.0-20190510104115-cbcb75029529", ".v1"), true);
  assert.equal(matchPathMajor("v1.0.0", ".v1-unstable"), true);
});

test("property: the checks throw only GoErrors naming their kind; prefix + pathMajor is the path", () => {
  const pathish = fc.oneof(
    fc.string({ maxLength: 24 }),
    fc.string({ unit: fc.constantFrom("a", "Z", ".", "/", "-", "~", "1", "v", "é", "!"), maxLength: 16 }),
  );
  fc.assert(
    fc.property(pathish, (p) => {
      for (const [kind, check] of [
        ["module", checkPath],
        ["import", checkImportPath],
        ["file", checkFilePath],
      ] as const) {
        try {
          check(p);
        } catch (e) {
          assert.equal((e as Error).name, "GoError");
          assert.ok((e as Error).message.startsWith(`malformed ${kind} path "`), (e as Error).message);
        }
      }
      if (ok(() => checkPath(p))) assert.ok(ok(() => checkImportPath(p)) && ok(() => checkFilePath(p)));
      const s = splitPathVersion(p);
      assert.equal(s.prefix + s.pathMajor, p);
    }),
  );
});
