// Differential test: our port of net/url.Parse / URL.String / URL.Redacted against Go's own, on generated
// inputs biased towards the characters that matter for GOPROXY and GOSUMDB values.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseGoVersion } from "../../src/core/config/goversion.js";
import { errorText } from "../../src/core/errors.js";
import { formatURL, parseURL, redactedURL, type URLRules, urlRulesOf } from "../../src/core/gourl.js";
import { buildGoFixture, queryGoFixture } from "../support/gobuild.js";
import { TOOLCHAINS, toolchainVersion } from "../support/toolchains.js";

interface Answer {
  err?: string;
  string: string;
  redacted: string;
  scheme: string;
  host: string;
  path: string;
  rawPath: string;
  opaque: string;
}

const piece = fc.constantFrom(
  "https://",
  "http://",
  "file://",
  "ftp://",
  "//",
  "/",
  ":",
  "@",
  "user",
  ":pass",
  "%",
  "%2F",
  "%zz",
  "%41",
  "?",
  "#",
  "[",
  "]",
  "::1",
  "127.0.0.1",
  ":8080",
  ":x",
  "proxy.golang.org",
  "a b",
  '"',
  "\t",
  "\x7f",
  "é",
  "!",
  "*",
  "..",
  "x",
  "goproxy.cn",
  ",",
  "|",
  "direct",
  "%25",
  "+",
  "~",
  "\\",
);
const rawURL = fc.array(piece, { maxLength: 8 }).map((a) => a.join(""));

function ours(raw: string, rules: URLRules): Answer {
  try {
    const u = parseURL(raw, rules);
    return {
      string: formatURL(u),
      redacted: redactedURL(u),
      scheme: u.scheme,
      host: u.host,
      path: u.path,
      rawPath: u.rawPath,
      opaque: u.opaque,
    };
  } catch (e) {
    return {
      err: errorText(e),
      string: "",
      redacted: "",
      scheme: "",
      host: "",
      path: "",
      rawPath: "",
      opaque: "",
    };
  }
}

for (const tc of TOOLCHAINS)
  test(`[${tc.label}] parseURL, formatURL and redactedURL agree with Go's net/url on generated URLs`, () => {
    const bin = buildGoFixture("urlref", tc);
    const rules = urlRulesOf(parseGoVersion(toolchainVersion(tc))!);
    const inputs = fc.sample(rawURL, { numRuns: 4000, seed: 42 });
    inputs.push(
      // Bracketed hosts and several colons: the rules go1.26 added (URLRules).
      "https://[::1]:8080/x",
      "https://[127.0.0.1]/x",
      "https://[fe80::1%25en0]/x",
      "https://[x]/",
      "https://[::1%25]/",
      "https://[1::2::3]/",
      "https://[12345::]/",
      "https://[::ffff:1.2.3]/",
      "https://a[b]/",
      "https://h:1:2/",
      "ftp://h:1:2/",
      "https://h::80/",
      '"https://x"',
      "auto",
      "https://user:secret@h/p",
      "http://[::1]:80/x",
      "http://h:80x/",
      "a:b/c",
    );
    const theirs = queryGoFixture<Answer>(bin, inputs);
    assert.equal(theirs.length, inputs.length);
    let mismatches = 0;
    inputs.forEach((raw, i) => {
      const want = theirs[i]!;
      const got = ours(raw, rules);
      const normalized = want.err !== undefined ? { err: want.err } : want;
      const mine = got.err !== undefined ? { err: got.err } : got;
      if (JSON.stringify(normalized) !== JSON.stringify(mine)) {
        mismatches++;
        if (mismatches <= 5) assert.deepEqual(mine, normalized, `input ${JSON.stringify(raw)}`);
      }
    });
    assert.equal(mismatches, 0);
  });
