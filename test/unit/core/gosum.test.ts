import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { EMPTY_GO_MOD_HASH, formatGoSum, parseGoSum } from "../../../src/core/gosum.js";

const H = "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

test("reads hash lines and /go.mod lines; blank lines skipped; the empty go.mod hash dropped (readGoSum)", () => {
  const s = parseGoSum(
    `a.example/m v1.0.0 ${H}\n\n  a.example/m\tv1.0.0/go.mod  ${H}\r\nb.example/m v0.1.0/go.mod ${EMPTY_GO_MOD_HASH}\n`,
  );
  assert.deepEqual(
    s.lines.map((l) => [l.module, l.version, l.isGoMod, l.hash, l.line]),
    [
      ["a.example/m", "v1.0.0", false, H, 1],
      ["a.example/m", "v1.0.0", true, H, 3],
    ],
  );
  assert.deepEqual(s.problems, []);
});

test("a wrong field count stops reading: one problem, later lines set apart, never thrown", () => {
  const s = parseGoSum(
    `a.example/m v1.0.0 ${H}\na.example/m v1.0.0\nb.example/m v1.0.0 ${H}\nx y\n`,
    "dir/go.sum",
  );
  assert.deepEqual(
    s.lines.map((l) => l.module),
    ["a.example/m"],
  );
  assert.deepEqual(
    s.ignoredAfterMalformed.map((l) => [l.module, l.line]),
    [["b.example/m", 3]],
  );
  assert.deepEqual(s.problems, [
    { line: 2, message: "malformed go.sum:\ndir/go.sum:2: wrong number of fields 2" },
  ]);
});

test("go checks only the field count: a hash without h1: is kept; fields split on Unicode spaces too", () => {
  assert.equal(parseGoSum("a.example/m v1.0.0 sha256:abc\n").lines[0]?.hash, "sha256:abc");
  // strings.Fields splits on unicode.IsSpace, which includes NBSP and U+3000.
  const s = parseGoSum(`a.example/m\u00a0v1.0.0\u3000${H}\n`);
  assert.deepEqual(s.problems, []);
  assert.equal(s.lines[0]?.version, "v1.0.0");
  assert.equal(
    parseGoSum(`a b c d\n`).problems[0]?.message,
    "malformed go.sum:\ngo.sum:1: wrong number of fields 4",
  );
});

test("formatGoSum sorts by module, then version (go.mod line after the zip line), one space per field", () => {
  const text = formatGoSum([
    { module: "b.example/m", version: "v1.0.0", isGoMod: false, hash: H },
    { module: "a.example/m", version: "v1.0.0", isGoMod: true, hash: H },
    { module: "a.example/m", version: "v1.0.0", isGoMod: false, hash: H },
  ]);
  assert.equal(text, `a.example/m v1.0.0 ${H}\na.example/m v1.0.0/go.mod ${H}\nb.example/m v1.0.0 ${H}\n`);
});

const field = fc.stringMatching(/^[a-z0-9.\-/]{1,12}$/);
const hash = fc.base64String({ minLength: 4, maxLength: 44 }).map((b) => `h1:${b}`);
const line = fc.record({
  module: field,
  version: field.filter((v) => !v.endsWith("/go.mod")),
  isGoMod: fc.boolean(),
  hash: hash.filter((h) => h !== EMPTY_GO_MOD_HASH),
});

test("property: parseGoSum(formatGoSum(lines)) gives back the same lines; formatting is then stable", () => {
  const key = (l: { module: string; version: string; isGoMod: boolean; hash: string }) =>
    JSON.stringify([l.module, l.version, l.isGoMod, l.hash]);
  fc.assert(
    fc.property(fc.array(line, { maxLength: 10 }), (lines) => {
      const text = formatGoSum(lines);
      const back = parseGoSum(text);
      assert.deepEqual(back.problems, []);
      assert.deepEqual(back.lines.map(key).sort(), lines.map(key).sort());
      assert.deepEqual(
        back.lines.map((l) => l.line),
        lines.map((_, i) => i + 1),
      );
      assert.equal(formatGoSum(back.lines), text);
    }),
  );
});

test("property: arbitrary text never throws; at most one problem; every line read has three non-blank fields", () => {
  const text = fc.oneof(
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.string({
      unit: fc.constantFrom("a", "v1", " ", "\t", "\n", "\r\n", "h1:x=", "/go.mod", "\u00a0"),
      maxLength: 40,
    }),
  );
  fc.assert(
    fc.property(text, (t) => {
      const s = parseGoSum(t);
      assert.ok(s.problems.length <= 1);
      if (s.problems.length === 0) assert.deepEqual(s.ignoredAfterMalformed, []);
      for (const l of [...s.lines, ...s.ignoredAfterMalformed]) {
        const version = l.isGoMod ? `${l.version}/go.mod` : l.version;
        for (const f of [l.module, version, l.hash]) assert.match(f, /^[^ \t\r\n\u00a0]+$/);
      }
    }),
  );
});
