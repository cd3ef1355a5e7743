// How a version maps to a git revision and whether `git ls-remote`'s refs resolve it (core/vcs/gitrev.ts).
// Checked against go1.19 and go1.26 over git's smart HTTP in test/conformance/discovery-go.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { codeDir, parseLsRemote, resolveRev, revisionOf } from "../../../../src/core/vcs/gitrev.js";

test("revisions: the module's directory, then the version without +incompatible; a pseudo-version's hash", () => {
  assert.equal(codeDir("example.com/r", "example.com/r"), "");
  assert.equal(codeDir("example.com/r/sub", "example.com/r"), "sub");
  assert.equal(codeDir("example.com/r/sub/v2", "example.com/r"), "sub");
  assert.equal(codeDir("example.com/r/v2", "example.com/r"), "");
  assert.equal(revisionOf("v1.2.3", "sub"), "sub/v1.2.3");
  assert.equal(revisionOf("v20.10.24+incompatible", ""), "v20.10.24");
  assert.equal(revisionOf("v0.0.0-20190101000000-fedcbafedcba", "sub"), "fedcbafedcba");
});

test("resolveRev follows git.go stat's order", () => {
  const refs = parseLsRemote(
    "aaaa\tHEAD\nbbbb\trefs/heads/main\ncccc\trefs/tags/v1.0.0\ncccc\trefs/tags/v1.0.0^{}\n",
  );
  assert.equal(resolveRev(refs, "v1.0.0"), "tag");
  assert.equal(resolveRev(refs, "main"), "branch");
  assert.equal(resolveRev(refs, "HEAD"), "head");
  assert.equal(resolveRev(refs, "0123456789ab"), "hash");
  assert.equal(resolveRev(refs, "v1.9.0"), "unknown");
});

test("parseLsRemote never throws and keeps only hash-ref pairs", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      for (const [ref, hash] of parseLsRemote(s)) {
        assert.ok(ref !== "" && hash !== "" && !/\s/.test(ref) && !/\s/.test(hash));
      }
    }),
  );
  const lines = fc.array(
    fc.tuple(fc.stringMatching(/^[0-9a-f]{40}$/), fc.stringMatching(/^refs\/tags\/v[0-9]\.[0-9]\.[0-9]$/)),
  );
  fc.assert(
    fc.property(lines, (ls) => {
      const refs = parseLsRemote(ls.map(([h, r]) => `${h}\t${r}`).join("\n"));
      for (const [h, r] of ls) assert.equal(refs.has(r), true, `${h} ${r}`);
    }),
  );
});
