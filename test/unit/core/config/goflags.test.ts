import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  goflagsFields,
  goflagValue,
  parseGOFLAGS,
  splitGOFLAGS,
} from "../../../../src/core/config/goflags.js";
import { parseGoVersion } from "../../../../src/core/config/goversion.js";

test("flags, values and the last word winning (SetFromGOFLAGS)", () => {
  const p = parseGOFLAGS("-mod=mod --modcacherw -tags=a,b -mod=readonly");
  assert.equal(p.error, null);
  assert.deepEqual(
    p.flags.map((f) => [f.name, f.value]),
    [
      ["mod", "mod"],
      ["modcacherw", null],
      ["tags", "a,b"],
      ["mod", "readonly"],
    ],
  );
  assert.equal(goflagValue(p, "mod"), "readonly");
  assert.equal(goflagValue(p, "modcacherw"), "true");
  assert.equal(goflagValue(p, "insecure"), undefined);
});

test("go's errors: a variable in GOFLAGS, an unknown flag; the first bad word decides", () => {
  assert.equal(
    parseGOFLAGS("-mod=mod GOPROXY=direct").error,
    'go: parsing $GOFLAGS: non-flag "GOPROXY=direct"',
  );
  assert.equal(parseGOFLAGS("--bogus=1 x").error, "go: parsing $GOFLAGS: unknown flag -bogus");
  assert.equal(parseGOFLAGS("---x").error, 'go: parsing $GOFLAGS: non-flag "---x"');
  assert.equal(parseGOFLAGS("").error, null);
});

test("any text: never throws; accepted words all start with a dash and name a known flag", () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const p = parseGOFLAGS(s);
      for (const f of p.flags) assert.ok(f.word.startsWith("-"));
      if (p.error === null) assert.equal(p.flags.length, goflagsFields(s).length);
      else assert.ok(p.flags.length < goflagsFields(s).length);
    }),
  );
});

test("fields split on Unicode white space like strings.Fields", () => {
  fc.assert(
    fc.property(
      fc.array(fc.stringMatching(/^-[a-z]{1,5}$/), { maxLength: 5 }),
      fc.constantFrom(" ", "\t", "\u00a0", "\u3000", "\n"),
      (words, sep) => {
        assert.deepEqual(goflagsFields(`${sep}${words.join(sep)}${sep}`), words);
      },
    ),
  );
});

const GO126 = parseGoVersion("go1.26.8")!;

test("go1.26 splits as cmd/internal/quoted.Split: ASCII space only, quoted words kept whole", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.stringMatching(/^-[a-z\u00a0=]{1,6}$/).map((w) => ({ raw: w, word: w })),
          fc.stringMatching(/^-[a-z =]{1,6}$/).map((w) => ({ raw: `'${w}'`, word: w })),
          fc.stringMatching(/^-[a-z '=]{1,6}$/).map((w) => ({ raw: `"${w}"`, word: w })),
        ),
        { maxLength: 5 },
      ),
      fc.constantFrom(" ", "\t", "\r\n", "  "),
      (words, sep) => {
        const r = splitGOFLAGS(`${sep}${words.map((w) => w.raw).join(sep)}${sep}`, GO126);
        assert.equal(r.error, null);
        assert.deepEqual(
          r.words,
          words.map((w) => w.word),
        );
      },
    ),
  );
  assert.equal(parseGOFLAGS("-x '-mod=mod", GO126).error, "go: parsing $GOFLAGS: unterminated ' string");
  assert.equal(parseGOFLAGS("'-mod=mod' -x", GO126).error, null);
  assert.equal(parseGOFLAGS("'-mod=mod' -x").error, `go: parsing $GOFLAGS: non-flag "'-mod=mod'"`);
  assert.equal(parseGOFLAGS("-pgo=auto", GO126).error, null);
  assert.equal(parseGOFLAGS("-pgo=auto").error, "go: parsing $GOFLAGS: unknown flag -pgo");
});

test("go1.26, any text: never throws, and accepted words start with a dash", () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const p = parseGOFLAGS(s, GO126);
      for (const f of p.flags) assert.ok(f.word.startsWith("-"));
    }),
  );
});
