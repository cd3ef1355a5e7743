import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { goQuote, goQuoteBytes, goQuoteRune } from "../../../src/core/goquote.js";

// Expected values are what Go 1.19's strconv.Quote / QuoteRune print.
test("escapes: short forms, \\x for ASCII controls, \\u and \\U for non-printable runes", () => {
  assert.equal(goQuote("a\nb\tc"), '"a\\nb\\tc"');
  assert.equal(goQuote("\x00\x07\b\f\r\v\x1b\x7f"), '"\\x00\\a\\b\\f\\r\\v\\x1b\\x7f"');
  assert.equal(goQuote(`say "hi" \\ 'bye'`), `"say \\"hi\\" \\\\ 'bye'"`);
  assert.equal(goQuote("\u0085\u00a0\u00ad\u200b"), '"\\u0085\\u00a0\\u00ad\\u200b"');
  assert.equal(goQuote("é☺日本\u{1F600}"), '"é☺日本\u{1F600}"');
  assert.equal(goQuote("\u{E0001}"), '"\\U000e0001"');
  assert.equal(goQuote(""), '""');
});

test("goQuoteRune: single quotes, the quote characters swap roles", () => {
  assert.equal(goQuoteRune("x"), "'x'");
  assert.equal(goQuoteRune("'"), "'\\''");
  assert.equal(goQuoteRune('"'), "'\"'");
  assert.equal(goQuoteRune("\n"), "'\\n'");
  assert.equal(goQuoteRune("☺"), "'☺'");
});

test("goQuoteBytes: invalid UTF-8 bytes as \\xNN, valid sequences as runes", () => {
  const q = (...b: number[]) => goQuoteBytes(new Uint8Array(b));
  assert.equal(q(0xff), '"\\xff"');
  assert.equal(q(0x61, 0xff, 0x62), '"a\\xffb"');
  assert.equal(q(0xc0, 0x80), '"\\xc0\\x80"'); // overlong
  assert.equal(q(0xe0, 0x80, 0x80), '"\\xe0\\x80\\x80"'); // overlong
  assert.equal(q(0xed, 0xa0, 0x80), '"\\xed\\xa0\\x80"'); // surrogate
  assert.equal(q(0xf4, 0x90, 0x80, 0x80), '"\\xf4\\x90\\x80\\x80"'); // past U+10FFFF
  assert.equal(q(0xe2, 0x98), '"\\xe2\\x98"'); // truncated
  assert.equal(q(0xe2, 0x98, 0xba, 0x0a), '"☺\\n"');
  assert.equal(q(0xef, 0xbf, 0xbd), '"\ufffd"'); // U+FFFD itself is valid and printable
});

const printableAscii = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
});

test("property: printable ASCII without quote or backslash is quoted verbatim", () => {
  fc.assert(
    fc.property(printableAscii, (s) => {
      fc.pre(!/["\\]/.test(s));
      assert.equal(goQuote(s), `"${s}"`);
    }),
  );
});

test("property: for printable ASCII the Go quoting is also a JSON string of the same text", () => {
  fc.assert(fc.property(printableAscii, (s) => assert.equal(JSON.parse(goQuote(s)), s)));
});

test("property: goQuoteBytes of UTF-8 text equals goQuote of the text; output never contains raw controls", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 30 }), (s) => {
      const q = goQuote(s);
      assert.equal(goQuoteBytes(new TextEncoder().encode(s)), q);
      assert.ok(q.startsWith('"') && q.endsWith('"'));
      assert.doesNotMatch(q, /[\x00-\x1f\x7f]/);
    }),
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 24 }), (b) =>
      assert.doesNotMatch(goQuoteBytes(b), /[\x00-\x1f\x7f]/),
    ),
  );
});
