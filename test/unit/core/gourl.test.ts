import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { GoError } from "../../../src/core/errors.js";
import { cleanPath, formatURL, parseURL, redactedURL } from "../../../src/core/gourl.js";

test("parse errors carry Go's text", () => {
  assert.throws(() => parseURL('"https://x"'), {
    message: 'parse "\\"https://x\\"": first path segment in URL cannot contain colon',
  });
  assert.throws(() => parseURL("http://h:8x/"), {
    message: 'parse "http://h:8x/": invalid port ":8x" after host',
  });
  assert.throws(() => parseURL(":x"), { message: 'parse ":x": missing protocol scheme' });
  assert.throws(() => parseURL("http://a/%zz"), {
    message: 'parse "http://a/%zz": invalid URL escape "%zz"',
  });
  assert.throws(() => parseURL("http://a b/"), {
    message: 'parse "http://a b/": invalid character " " in host name',
  });
  assert.throws(() => parseURL("http://x/\n"), {
    message: 'parse "http://x/\\n": net/url: invalid control character in URL',
  });
});

test("Redacted hides the password only", () => {
  assert.equal(redactedURL(parseURL("https://u:p@h/x")), "https://u:xxxxx@h/x");
  assert.equal(redactedURL(parseURL("https://tok@h/x")), "https://tok@h/x");
});

test("parseURL never throws anything but GoError, and String re-parses to the same URL", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (s) => {
      let u: ReturnType<typeof parseURL>;
      try {
        u = parseURL(s);
      } catch (e) {
        assert.ok(e instanceof GoError);
        return;
      }
      const again = parseURL(formatURL(u));
      assert.equal(formatURL(again), formatURL(u));
    }),
    { numRuns: 2000 },
  );
});

test("cleanPath is idempotent and never leaves . or // elements", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom("a", "b", ".", "..", "", "/"), { maxLength: 10 }), (parts) => {
      const p = cleanPath(parts.join("/"));
      assert.equal(cleanPath(p), p);
      assert.ok(!p.includes("//"));
      assert.ok(p === "." || !p.split("/").includes("."));
    }),
  );
  assert.equal(cleanPath("/a/../../b/./c/"), "/b/c");
  assert.equal(cleanPath("a/../.."), "..");
});
