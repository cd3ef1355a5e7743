// Differential test: our port of net/url.Parse / URL.String / URL.Redacted against Go's own, on generated
// inputs biased towards the characters that matter for GOPROXY and GOSUMDB values.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { errorText } from "../../src/core/errors.js";
import { formatURL, parseURL, redactedURL } from "../../src/core/gourl.js";
import { buildGoFixture, queryGoFixture } from "../support/gobuild.js";

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

function ours(raw: string): Answer {
  try {
    const u = parseURL(raw);
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

test("parseURL, formatURL and redactedURL agree with Go's net/url on generated URLs", () => {
  const bin = buildGoFixture("urlref");
  const inputs = fc.sample(rawURL, { numRuns: 4000, seed: 42 });
  inputs.push(
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
    const got = ours(raw);
    const normalized = want.err !== undefined ? { err: want.err } : want;
    const mine = got.err !== undefined ? { err: got.err } : got;
    if (JSON.stringify(normalized) !== JSON.stringify(mine)) {
      mismatches++;
      if (mismatches <= 5) assert.deepEqual(mine, normalized, `input ${JSON.stringify(raw)}`);
    }
  });
  assert.equal(mismatches, 0);
});
