// Differential test: the syntax errors of core/gojson.ts against encoding/json's own (test/fixtures/go/jsonref),
// on generated near-JSON inputs — the texts go prints when a proxy answers `.info` with broken JSON.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { jsonSyntaxError } from "../../src/core/gojson.js";
import { buildGoFixture, queryGoFixture } from "../support/gobuild.js";
import { TOOLCHAINS } from "../support/toolchains.js";

const piece = fc.constantFrom(
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  '"',
  '"Version"',
  '"v1.0.0"',
  "\\",
  "\\u12",
  "\\x",
  "true",
  "tru",
  "fals",
  "null",
  "nul",
  "-",
  "0",
  "01",
  "1.",
  "1.5",
  "1e",
  "1e+5",
  " ",
  "\n",
  "\t",
  "x",
  "'",
  "\u0001",
  "\u007f",
  "é",
  "<html>",
  "this is not json",
);

const inputs = fc.array(piece, { maxLength: 8 }).map((a) => a.join(""));

for (const tc of TOOLCHAINS)
  test(`[${tc.label}] jsonSyntaxError agrees with encoding/json on generated inputs`, () => {
    const bin = buildGoFixture("jsonref", tc);
    const samples = [
      ...fc.sample(inputs, { numRuns: 3000, seed: 42 }),
      "",
      "{}",
      '{"Version":"v1.0.0","Time":"2020-01-01T00:00:00Z"}',
      "this is not json",
      "<html>not found</html>",
      "\u00a0",
      "\u0080",
    ];
    const answers = queryGoFixture<string>(
      bin,
      samples.map((s) => Buffer.from(s, "utf8").toString("base64")),
    );
    let mismatches = 0;
    for (const [i, s] of samples.entries()) {
      const ours = jsonSyntaxError(s) ?? "";
      if (ours !== answers[i]) {
        mismatches++;
        if (mismatches <= 5) assert.equal(ours, answers[i], `input ${JSON.stringify(s)}`);
      }
    }
    assert.equal(mismatches, 0);
  });
