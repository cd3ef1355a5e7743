// GOVCS as cmd/go/internal/vcs/vcs.go (go1.19) parses and applies it.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { checkGOVCS, parseGOVCS } from "../../../../src/core/vcs/govcs.js";

test("malformed values give go's words", () => {
  const error = (v: string) => {
    const g = parseGOVCS(v);
    return "error" in g ? g.error : null;
  };
  assert.equal(error("bad"), 'malformed entry in GOVCS (missing colon): "bad"');
  assert.equal(error("public:git,,private:all"), "empty entry in GOVCS");
  assert.equal(error(":git"), 'empty pattern in GOVCS: ":git"');
  assert.equal(error("public:"), 'empty VCS list in GOVCS: "public:"');
  assert.equal(error("./x:git"), 'relative pattern not allowed in GOVCS: "./x"');
  assert.equal(error("public:git,public:hg"), 'unreachable pattern in GOVCS: "public:hg" after "public:git"');
  assert.equal(error("public:git||hg"), 'empty VCS name in GOVCS: "public:git||hg"');
  assert.equal(error("  "), null);
});

test("the first matching rule decides, go's defaults come last, GOPRIVATE says what is private", () => {
  const none = parseGOVCS("");
  assert.equal(checkGOVCS(none, "git", "github.com/a/b", ""), null);
  assert.equal(
    checkGOVCS(none, "svn", "github.com/a/b", ""),
    "GOVCS disallows using svn for public github.com/a/b; see 'go help vcs'",
  );
  assert.equal(checkGOVCS(none, "svn", "corp.example/a", "corp.example"), null, "private:all");
  const mine = parseGOVCS("github.com:git,evil.example:none,private:hg");
  assert.equal(checkGOVCS(mine, "git", "github.com/a/b", ""), null);
  assert.equal(
    checkGOVCS(mine, "git", "evil.example/x", ""),
    "GOVCS disallows using git for public evil.example/x; see 'go help vcs'",
  );
  assert.equal(
    checkGOVCS(mine, "git", "corp.example/a", "corp.example"),
    "GOVCS disallows using git for private corp.example/a; see 'go help vcs'",
  );
  assert.equal(
    checkGOVCS(parseGOVCS("bad"), "git", "x.example/a", ""),
    'malformed entry in GOVCS (missing colon): "bad"',
  );
});

test("property: never throws; a list of well-formed rules parses back, defaults after it", () => {
  fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => void parseGOVCS(s)));
  const word = fc.stringMatching(/^[a-z][a-z.]{0,8}$/);
  fc.assert(
    fc.property(
      fc.uniqueArray(
        fc.tuple(word, fc.array(fc.constantFrom("git", "hg", "svn", "all"), { minLength: 1, maxLength: 3 })),
        {
          selector: (r) => r[0],
          maxLength: 5,
        },
      ),
      (rules) => {
        const g = parseGOVCS(rules.map(([p, vcs]) => ` ${p} : ${vcs.join(" | ")} `).join(","));
        assert.ok("rules" in g);
        assert.deepEqual(
          g.rules.slice(0, rules.length).map((r) => [r.pattern, r.allowed]),
          rules,
        );
        assert.deepEqual(
          g.rules.slice(rules.length).map((r) => r.pattern),
          ["private", "public"],
        );
      },
    ),
  );
});
