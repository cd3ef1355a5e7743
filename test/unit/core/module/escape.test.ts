import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  escapePath,
  escapeVersion,
  unescapePath,
  unescapeVersion,
} from "../../../../src/core/module/escape.js";

test("known escapings (module_test.go escapeTests and friends)", () => {
  const cases: [string, string][] = [
    [
      "ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789",
      "ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789",
    ],
    ["github.com/GoogleCloudPlatform/omega", "github.com/!google!cloud!platform/omega"],
    ["github.com/Azure/azure-sdk-for-go", "github.com/!azure/azure-sdk-for-go"],
    ["github.com/BurntSushi/toml", "github.com/!burnt!sushi/toml"],
  ];
  for (const [path, esc] of cases) {
    assert.equal(escapePath(path), esc);
    assert.equal(unescapePath(esc), path);
  }
  assert.equal(escapeVersion("v1.0.0-RC1"), "v1.0.0-!r!c1");
  assert.equal(unescapeVersion("v1.0.0-!r!c1"), "v1.0.0-RC1");
});

test("malformed escapes and invalid paths or versions throw go's texts", () => {
  for (const bad of [
    "github.com/GoogleCloudPlatform/omega",
    "github.com/!google!cloud!platform!/omega",
    "github.com/!0google!cloud!platform/omega",
    "github.com/!_google!cloud!platform/omega",
    "github.com/!!google!cloud!platform/omega",
    "example.com/x!",
    "example.com/é",
  ]) {
    assert.throws(() => unescapePath(bad), {
      name: "GoError",
      message: `invalid escaped module path "${bad}"`,
    });
  }
  assert.throws(() => unescapePath(""), {
    message: 'invalid escaped module path "": malformed module path "": empty string',
  });
  assert.throws(() => escapePath("Example.com/x"), {
    message: `malformed module path "Example.com/x": invalid char 'E' in first path element`,
  });
  for (const bad of ["v!!", "v!A", "v1!"]) {
    assert.throws(() => unescapeVersion(bad), { message: `invalid escaped version "${bad}"` });
  }
  assert.throws(() => unescapeVersion("v1/2"), {
    message: `invalid escaped version "v1/2": invalid char '/'`,
  });
  assert.throws(() => escapeVersion("v1!"), { message: 'version "v1!" invalid: disallowed version string' });
  assert.throws(() => escapeVersion("v1/2"), {
    message: 'version "v1/2" invalid: disallowed version string',
  });
});

test("a non-ASCII version is a valid file name but cannot be escaped (EscapeVersion's internal error)", () => {
  assert.throws(() => escapeVersion("vé"), {
    name: "GoError",
    message: "internal error: inconsistency in EscapePath",
  });
});

const elem = fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,7}$/).filter((e) => !e.endsWith("."));
const modulePath = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,8}\.[a-z]{2,4}$/), fc.array(elem, { maxLength: 3 }))
  .map(([host, rest]) => [host, ...rest].join("/"))
  .filter((p) => {
    try {
      escapePath(p);
      return true;
    } catch {
      return false;
    }
  });

test("property: unescapePath(escapePath(p)) === p, and escaped paths have no upper case", () => {
  fc.assert(
    fc.property(modulePath, (p) => {
      const esc = escapePath(p);
      assert.doesNotMatch(esc, /[A-Z]/);
      assert.equal(unescapePath(esc), p);
      assert.equal(esc === p, !/[A-Z]/.test(p));
    }),
  );
});

test("property: versions roundtrip through escapeVersion/unescapeVersion", () => {
  const version = fc
    .stringMatching(/^v[0-9A-Za-z.+_-]{1,12}$/)
    .filter((v) => !v.endsWith(".") && !/\.\./.test(v));
  fc.assert(
    fc.property(version, (v) => {
      const esc = escapeVersion(v);
      assert.doesNotMatch(esc, /[A-Z]/);
      assert.equal(unescapeVersion(esc), v);
    }),
  );
});
