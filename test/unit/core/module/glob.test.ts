import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { globMatch, matchingPattern, matchPrefixPatterns } from "../../../../src/core/module/glob.js";

test("module_test.go TestMatchPrefixPatterns rows", () => {
  const rows: [string, string, boolean][] = [
    ["", "rsc.io/quote", false],
    ["/", "rsc.io/quote", false],
    ["*/quote", "rsc.io/quote", true],
    ["*/quo", "rsc.io/quote", false],
    ["*/quo??", "rsc.io/quote", true],
    ["*quo*", "rsc.io/quote", false],
    ["rsc.io", "rsc.io/quote", true],
    ["*.io", "rsc.io/quote", true],
    ["rsc.io/", "rsc.io/quote", true],
    ["rsc", "rsc.io/quote", false],
    ["rsc*", "rsc.io/quote", true],
    ["*/v3", "rsc.io/quote/v3", false],
    ["*/*/v3", "rsc.io/quote/v3", true],
    ["*/*/*/", "rsc.io/quote", false],
    ["*/*/*,,", "rsc.io/quote", false],
    ["*/*/*,,*/quote", "rsc.io/quote", true],
    [",,*/quote", "rsc.io/quote", true],
  ];
  for (const [globs, target, want] of rows) assert.equal(matchPrefixPatterns(globs, target), want, globs);
});

test("path.Match syntax: classes, escapes; a malformed pattern matches nothing", () => {
  assert.equal(globMatch("[a-c]x", "bx"), true);
  assert.equal(globMatch("[^a-c]x", "bx"), false);
  assert.equal(globMatch("\\*", "*"), true);
  assert.equal(globMatch("a?c", "a/c"), false);
  assert.equal(globMatch("[", "["), false);
  assert.equal(globMatch("a\\", "a"), false);
  assert.equal(matchPrefixPatterns("[,corp.example", "corp.example/x"), true);
});

test("entries are not trimmed (as in go, a space is part of the pattern); the written entry is reported", () => {
  assert.equal(matchPrefixPatterns(" corp.example", "corp.example/x"), false);
  assert.equal(matchPrefixPatterns("corp.example ,x", "corp.example/x"), false);
  assert.equal(matchingPattern("other.example,corp.example/", "corp.example/x/y"), "corp.example/");
  assert.equal(matchingPattern("other.example", "corp.example"), null);
});

const elem = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,6}$/);
const path = fc.array(elem, { minLength: 1, maxLength: 4 }).map((a) => a.join("/"));

test("property: a literal path matches itself and its extensions, never a strictly shorter path", () => {
  fc.assert(
    fc.property(path, elem, fc.nat(3), (p, x, cut) => {
      assert.ok(matchPrefixPatterns(p, p));
      assert.ok(matchPrefixPatterns(`${p}/`, `${p}/${x}`));
      assert.ok(matchPrefixPatterns(`,${p},`, `${p}/${x}/${x}`));
      assert.equal(matchPrefixPatterns(p, `${p}${x}`), false);
      const parts = p.split("/");
      if (parts.length > 1) {
        const shorter = parts.slice(0, Math.max(1, parts.length - 1 - cut)).join("/");
        assert.equal(matchPrefixPatterns(p, shorter), false);
      }
      assert.equal(matchPrefixPatterns("", p), false);
      assert.equal(matchPrefixPatterns(",,,", p), false);
    }),
  );
});

test("property: a * element matches any element; one * per element matches paths at least that deep", () => {
  fc.assert(
    fc.property(path, elem, (p, x) => {
      const n = p.split("/").length;
      const stars = Array(n).fill("*").join("/");
      assert.ok(matchPrefixPatterns(stars, p));
      assert.ok(matchPrefixPatterns(stars, `${p}/${x}`));
      assert.equal(matchPrefixPatterns(`${stars}/*`, p), false);
      assert.ok(matchPrefixPatterns(`${p.split("/")[0]}/*`, `${p}/${x}`));
    }),
  );
});

test("property: arbitrary patterns and targets never throw", () => {
  const s = fc.string({
    unit: fc.constantFrom("a", "/", "*", "?", "[", "]", "^", "-", "\\", ",", "é"),
    maxLength: 12,
  });
  fc.assert(
    fc.property(s, s, (g, t) => {
      assert.equal(typeof matchPrefixPatterns(g, t), "boolean");
      assert.equal(typeof globMatch(g, t), "boolean");
    }),
  );
});
