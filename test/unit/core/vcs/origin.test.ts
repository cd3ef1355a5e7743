// Where go finds a directly fetched module's repository (cmd/go/internal/vcs/vcs.go, go1.19).
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { originOf, originProbeURL } from "../../../../src/core/vcs/origin.js";

test("hosts go knows, the .vcs syntax, discovery, and the paths go refuses, with go's words", () => {
  assert.deepEqual(originOf("github.com/acme/lib/sub/pkg"), {
    kind: "known-host",
    vcs: "git",
    root: "github.com/acme/lib",
    repoURL: "https://github.com/acme/lib",
  });
  assert.equal(originOf("bitbucket.org/team/repo").kind, "known-host");
  assert.deepEqual(originOf("github.com/acme/lib.git"), {
    kind: "invalid",
    error: "invalid version control suffix in github.com/ path",
  });
  assert.deepEqual(originOf("github.com/acme"), {
    kind: "invalid",
    error: 'invalid github.com import path "github.com/acme"',
  });
  // A path prefix (str.HasPathPrefix), as the real go shows: github.com.evil.example is discovered.
  assert.equal(originOf("github.com.evil.example/x/y").kind, "discovery");
  assert.deepEqual(originOf("example.net/x"), { kind: "invalid", error: "no modules on example.net" });
  assert.deepEqual(originOf("git.corp.example/team/lib.git/sub"), {
    kind: "vcs-suffix",
    vcs: "git",
    root: "git.corp.example/team/lib.git",
    repo: "git.corp.example/team/lib",
  });
  assert.deepEqual(originOf("git.corp.example/team/lib/v2"), {
    kind: "discovery",
    discoveryURL: "https://git.corp.example/team/lib/v2?go-get=1",
  });
  assert.deepEqual(originOf("corp.example"), {
    kind: "discovery",
    discoveryURL: "https://corp.example/?go-get=1",
  });
  assert.deepEqual(originOf("corp/lib"), {
    kind: "invalid",
    error: 'unrecognized import path "corp/lib": import path does not begin with hostname',
  });
  assert.equal(
    originProbeURL(originOf("chiselapp.com/user/a/repository/b")),
    null,
    "fossil: not https first",
  );
  assert.equal(
    originProbeURL(originOf("github.com/acme/lib/sub")),
    "https://github.com/acme/lib/info/refs?service=git-upload-pack",
  );
  assert.equal(
    originProbeURL(originOf("git.corp.example/team/lib.git")),
    "https://git.corp.example/team/lib/info/refs?service=git-upload-pack",
  );
});

const elem = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,7}$/);

test("property: a github.com path's repository is its first three elements; the rest is a package", () => {
  fc.assert(
    fc.property(elem, elem, fc.array(elem, { maxLength: 3 }), (owner, repo, rest) => {
      const o = originOf(["github.com", owner, repo, ...rest].join("/"));
      assert.deepEqual(o, {
        kind: "known-host",
        vcs: "git",
        root: `github.com/${owner}/${repo}`,
        repoURL: `https://github.com/${owner}/${repo}`,
      });
    }),
  );
});

test("property: any other host without a .vcs element is discovered at https://<path>?go-get=1", () => {
  const host = fc
    .tuple(elem, fc.constantFrom("example", "corp", "internal"), fc.constantFrom("com", "net", "io"))
    .map(([a, b, c]) => `${a}.${b}.${c}`);
  fc.assert(
    fc.property(host, fc.array(elem, { maxLength: 4 }), (h, path) => {
      const p = [h, ...path].join("/");
      assert.deepEqual(originOf(p), {
        kind: "discovery",
        discoveryURL: `https://${p}${path.length === 0 ? "/" : ""}?go-get=1`,
      });
    }),
  );
});

test("property: never throws, whatever the path", () => {
  fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => void originProbeURL(originOf(s))));
});
