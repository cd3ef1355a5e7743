import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import fc from "fast-check";
import { compareBytes, type HashedFile, hash1, hashGoMod } from "../../../src/core/dirhash.js";
import { EMPTY_GO_MOD_HASH } from "../../../src/core/gosum.js";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

test("known h1 values, computed with golang.org/x/mod/sumdb/dirhash.Hash1", () => {
  const files: HashedFile[] = [
    { name: "m@v1.0.0/go.mod", sha256: sha("module m\n") },
    { name: "m@v1.0.0/é.go", sha256: sha("") },
    { name: "m@v1.0.0/a.go", sha256: sha("package a\n") },
  ];
  assert.equal(hash1(files), "h1:wEtMAkmAKoal6asho8cb2WDLnArvssCZVYOg+dnnfqE=");
  assert.equal(
    hashGoMod(new TextEncoder().encode("module m\n")),
    "h1:ctOyyZcdkNeS11Bx/Hh8c9pcGuH4+y+pgNNtQl7rlJc=",
  );
  assert.equal(hashGoMod(new Uint8Array()), EMPTY_GO_MOD_HASH);
});

test("a name with a newline is refused with dirhash's error", () => {
  assert.throws(() => hash1([{ name: "a\nb", sha256: sha("") }]), {
    name: "GoError",
    message: "dirhash: filenames with newlines are not supported",
  });
});

const file = fc
  .record({ name: fc.string({ unit: "binary", minLength: 1, maxLength: 12 }), sha256: fc.string() })
  .map((f): HashedFile => ({ name: f.name.replaceAll("\n", "_"), sha256: sha(f.sha256) }));

test("property: hash1 does not depend on the order of its input and is a base64 SHA-256", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(file, { selector: (f) => f.name, maxLength: 8 }),
      fc.infiniteStream(fc.nat()),
      (files, rnd) => {
        const shuffled = files
          .map((f) => [rnd.next().value, f] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([, f]) => f);
        const h = hash1(files);
        assert.equal(hash1(shuffled), h);
        assert.match(h, /^h1:[A-Za-z0-9+/]{43}=$/);
        if (files.length > 0) assert.notEqual(hash1(files.slice(1)), h);
      },
    ),
  );
});

test("property: compareBytes orders strings as Buffer.compare orders their UTF-8 encodings", () => {
  fc.assert(
    fc.property(
      fc.string({ unit: "binary", maxLength: 8 }),
      fc.string({ unit: "binary", maxLength: 8 }),
      (a, b) => {
        assert.equal(Math.sign(compareBytes(a, b)), Buffer.compare(Buffer.from(a), Buffer.from(b)));
        assert.equal(Math.sign(compareBytes(b, a)), -Math.sign(compareBytes(a, b)) || 0);
      },
    ),
  );
  // U+FFFF sorts before U+10000 in UTF-8, though not in UTF-16.
  assert.ok(compareBytes("\uffff", "\u{10000}") < 0);
});
