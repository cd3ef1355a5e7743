import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { checkZipEntries, MAX_GO_MOD, MAX_ZIP_FILE, type ZipEntry } from "../../../src/core/modzip.js";

const M = "example.com/m";
const V = "v1.0.0";
const P = `${M}@${V}/`;
const check = (names: string[], size = 1) =>
  checkZipEntries(
    M,
    V,
    names.map((name) => ({ name, uncompressedSize: size })),
  );
const errors = (names: string[]) => check(names).invalid.map((i) => [i.path, i.err]);

test("valid entries pass; the prefix is required", () => {
  const r = check([`${P}go.mod`, `${P}a.go`, `${P}sub/`, `${P}sub/b.go`, P, `${P}LICENSE`]);
  assert.deepEqual(r.valid, [`${P}go.mod`, `${P}a.go`, `${P}sub/b.go`, `${P}LICENSE`]);
  assert.deepEqual(r.invalid, []);
  assert.equal(r.sizeError, null);
  assert.deepEqual(errors(["a.go", `${M}@v1.0.1/a.go`]), [
    ["a.go", `path does not have prefix "${P}"`],
    [`${M}@v1.0.1/a.go`, `path does not have prefix "${P}"`],
  ]);
});

test("unclean and malformed file paths (zip.checkZip)", () => {
  assert.deepEqual(errors([`${P}../x`, `${P}a/../b`, `${P}./a`, `${P}a//b`, `${P}a?b`]), [
    [`${P}../x`, 'malformed file path "../x": invalid path element ".."'],
    [`${P}a/../b`, "file path is not clean"],
    [`${P}./a`, "file path is not clean"],
    [`${P}a//b`, "file path is not clean"],
    [`${P}a?b`, `malformed file path "a?b": invalid char '?'`],
  ]);
});

test("collisions, duplicates, file-versus-directory, go.mod placement and case", () => {
  assert.deepEqual(errors([`${P}A.go`, `${P}a.go`, `${P}x.go`, `${P}x.go`, `${P}d`, `${P}d/e`]), [
    [`${P}a.go`, 'case-insensitive file name collision: "A.go" and "a.go"'],
    [`${P}x.go`, 'multiple entries for file "x.go"'],
    [`${P}d/e`, 'entry "d" is both a file and a directory'],
  ]);
  assert.deepEqual(errors([`${P}Dir/a.go`, `${P}dir/b.go`]), [
    [`${P}dir/b.go`, 'case-insensitive file name collision: "Dir" and "dir"'],
  ]);
  // Unicode simple folding: Kelvin sign K collides with k; dotless ı does not fold to i (unicode.SimpleFold).
  assert.equal(errors([`${P}k.go`, `${P}\u212a.go`]).length, 1);
  assert.deepEqual(errors([`${P}i.go`, `${P}\u0131.go`, `${P}I.go`]), [
    [`${P}I.go`, 'case-insensitive file name collision: "i.go" and "I.go"'],
  ]);
  assert.deepEqual(errors([`${P}sub/go.mod`, `${P}GO.MOD`]), [
    [`${P}sub/go.mod`, "go.mod file not in module root directory"],
    [`${P}GO.MOD`, "go.mod files must have lowercase names"],
  ]);
});

test("size limits: zip size, go.mod size, total size", () => {
  const big = checkZipEntries(M, V, [{ name: `${P}a.go`, uncompressedSize: 1 }], MAX_ZIP_FILE + 1);
  assert.deepEqual(big.valid, []);
  assert.equal(
    big.sizeError,
    `module zip file is too large (${MAX_ZIP_FILE + 1} bytes; limit is ${MAX_ZIP_FILE} bytes)`,
  );
  assert.equal(checkZipEntries(M, V, [], MAX_ZIP_FILE).sizeError, null);
  assert.deepEqual(check([`${P}go.mod`], MAX_GO_MOD + 1).invalid, [
    { path: `${P}go.mod`, err: `go.mod file too large (max size is ${MAX_GO_MOD} bytes)` },
  ]);
  const total = check([`${P}a`, `${P}b`, `${P}c`], MAX_ZIP_FILE / 2);
  assert.equal(
    total.sizeError,
    `total uncompressed size of module contents too large (max size is ${MAX_ZIP_FILE} bytes)`,
  );
});

test("property: never throws; every entry is valid, invalid or the skipped root; prefix-less names are invalid", () => {
  const name = fc.oneof(
    fc.string({ unit: "binary", maxLength: 20 }),
    fc
      .string({
        unit: fc.constantFrom("a", "A", "/", ".", "..", "go.mod", "é", "K", "\u212a", "?"),
        maxLength: 8,
      })
      .map((s) => P + s),
  );
  fc.assert(
    fc.property(
      fc.array(fc.record({ name, uncompressedSize: fc.nat() }), { maxLength: 10 }),
      (entries: ZipEntry[]) => {
        const r = checkZipEntries(M, V, entries);
        // Directory entries that pass are neither valid nor invalid (as in zip.checkZip); files are always one.
        const files = entries.filter((e) => !e.name.endsWith("/")).length;
        assert.ok(r.valid.length + r.invalid.length >= files);
        assert.ok(r.valid.length + r.invalid.length <= entries.length);
        for (const e of entries) {
          if (!e.name.startsWith(P))
            assert.ok(r.invalid.some((i) => i.path === e.name && i.err.startsWith("path does")));
        }
        for (const v of r.valid) assert.ok(v.startsWith(P) && !v.endsWith("/"));
      },
    ),
  );
});
