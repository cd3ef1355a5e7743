// Go's Unicode tables as goproxy-doctor carries them (src/core/gounicode.ts) against the go they were made
// for: strconv.IsPrint, unicode.IsLetter, IsGraphic and IsSpace of every rune, printed by
// test/fixtures/go/gounicode, must agree rune for rune; and the outputs built on them (strconv.Quote, x/mod's
// file-name rule) treat runes Unicode added after go1.19's tables as go does.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { parseGoVersion } from "../../src/core/config/goversion.js";
import { goQuote } from "../../src/core/goquote.js";
import { GO121_UNICODE, unicodeOf } from "../../src/core/gounicode.js";
import { checkFilePath } from "../../src/core/module/path.js";
import { buildGoFixture } from "../support/gobuild.js";
import { TOOLCHAINS, toolchainVersion } from "../support/toolchains.js";

type Tables = Record<"print" | "letter" | "graphic" | "space", [number, number][]>;

/** The [first, last] ranges where f holds, over every rune. */
function rangesOf(f: (cp: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (!f(cp)) continue;
    const last = out.at(-1);
    if (last !== undefined && last[1] === cp - 1) last[1] = cp;
    else out.push([cp, cp]);
  }
  return out;
}

for (const tc of TOOLCHAINS)
  test(`[${tc.label}] the tables equal strconv.IsPrint, unicode.IsLetter, IsGraphic and IsSpace of that go`, () => {
    const go = JSON.parse(execFileSync(buildGoFixture("gounicode", tc), { encoding: "utf8" })) as Tables;
    const u = unicodeOf(parseGoVersion(toolchainVersion(tc))!);
    const regenerate = "regenerate with `node scripts/gen-gounicode.mjs`";
    assert.deepEqual(rangesOf(u.isPrint), go.print, regenerate);
    assert.deepEqual(rangesOf(u.isLetter), go.letter, regenerate);
    assert.deepEqual(rangesOf(u.isGraphic), go.graphic);
    assert.deepEqual(rangesOf(u.isSpace), go.space);
  });

test("go ≥ 1.21 prints the runes Unicode 14 and 15 added, and takes its letters in file names", () => {
  for (const cp of [0x061d, 0x0870, 0x1f6dd, 0x1fae0]) {
    assert.equal(goQuote(String.fromCodePoint(cp), GO121_UNICODE), `"${String.fromCodePoint(cp)}"`);
  }
});

test("runes added after Unicode 13 are escaped by goQuote and refused in file names, as go1.19 does", () => {
  // U+061D ARABIC END OF TEXT MARK, U+0870 an Arabic letter, U+1F6DD, U+1FAE0: Unicode 14.
  for (const cp of [0x061d, 0x0870, 0x1f6dd, 0x1fae0]) {
    const hex = cp.toString(16);
    const escaped = cp < 0x10000 ? `\\u${hex.padStart(4, "0")}` : `\\U${hex.padStart(8, "0")}`;
    assert.equal(goQuote(String.fromCodePoint(cp)), `"${escaped}"`);
  }
  assert.equal(goQuote("é\u00a0x"), '"é\\u00a0x"');
  // A letter go1.19 knows is a valid file name; U+0870 (a letter since Unicode 14) is not.
  assert.doesNotThrow(() => checkFilePath("dir/é.go"));
  assert.throws(() => checkFilePath("dir/\u0870.go"), /invalid char/);
});
