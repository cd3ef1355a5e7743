// goQuote's table of printable runes (src/core/goprint.ts) against the go it was made for: strconv.IsPrint
// of every rune, printed by test/fixtures/go/isprint, must give the very same ranges; and strconv.Quote's
// output for runes Unicode added after go1.19's tables is what goQuote gives.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { GO_PRINT_RANGES, goIsPrint } from "../../src/core/goprint.js";
import { goQuote } from "../../src/core/goquote.js";
import { buildGoFixture } from "../support/gobuild.js";

test("the printable-rune table equals strconv.IsPrint of the go on PATH, rune for rune", () => {
  const ranges = JSON.parse(execFileSync(buildGoFixture("isprint"), { encoding: "utf8" })) as [
    number,
    number,
  ][];
  assert.deepEqual(GO_PRINT_RANGES, ranges.flat(), "regenerate with `node scripts/gen-goprint.mjs`");
  // Runes Unicode 14 and 15 added, which Node (newer tables) calls printable and go1.19 escapes.
  for (const cp of [0x061d, 0x0870, 0x1f6dd, 0x1fae0]) {
    assert.equal(goIsPrint(cp), false, cp.toString(16));
    const escaped =
      cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, "0")}` : `\\U${cp.toString(16).padStart(8, "0")}`;
    assert.equal(goQuote(String.fromCodePoint(cp)), `"${escaped}"`);
  }
  assert.equal(goQuote("é\u00a0x"), '"é\\u00a0x"');
});
