// Differential test: our pseudo-version functions and path/version checks against golang.org/x/mod's own
// (module.IsPseudoVersion, IsZeroPseudoVersion, PseudoVersionBase/Time/Rev, PseudoVersion, module.Check and
// modfile's checkCanonicalVersion), on generated inputs: valid pseudo-versions of all three forms, mutations
// of them, random strings, and module paths with /vN and gopkg.in .vN suffixes against +incompatible versions.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { errorText } from "../../src/core/errors.js";
import {
  isPseudoVersion,
  isZeroPseudoVersion,
  pseudoVersion,
  pseudoVersionBase,
  pseudoVersionRev,
  pseudoVersionTime,
} from "../../src/core/module/pseudo.js";
import { checkCanonicalVersion, checkPathVersion } from "../../src/core/module/version.js";
import { buildGoFixture, queryGoFixture } from "../support/gobuild.js";

type Query =
  | { op: "version"; v: string }
  | { op: "check"; path: string; v: string }
  | { op: "pseudo"; major: string; older: string; unix: number; rev: string };

interface Result {
  ok?: unknown;
  err?: string;
}

interface Answer {
  isPseudo?: boolean;
  isZero?: boolean;
  base?: Result;
  time?: Result;
  rev?: Result;
  check?: Result;
  canonical?: Result;
  pseudo?: string;
}

/** `{ ok: true }` when f returns, like the fixture's answer for a nil error. */
function passes(f: () => void): () => true {
  return () => {
    f();
    return true;
  };
}

function result(f: () => unknown): Result {
  try {
    return { ok: f() };
  } catch (e) {
    return { err: errorText(e) };
  }
}

function ours(q: Query): Answer {
  switch (q.op) {
    case "version":
      return {
        isPseudo: isPseudoVersion(q.v),
        isZero: isZeroPseudoVersion(q.v),
        base: result(() => pseudoVersionBase(q.v)),
        time: result(() => pseudoVersionTime(q.v).getTime() / 1000),
        rev: result(() => pseudoVersionRev(q.v)),
      };
    case "check":
      return {
        check: result(passes(() => checkPathVersion(q.path, q.v))),
        canonical: result(passes(() => checkCanonicalVersion(q.path, q.v))),
      };
    case "pseudo":
      return { pseudo: pseudoVersion(q.major, q.older, new Date(q.unix * 1000), q.rev) };
  }
}

// Go reads the queries as UTF-8: lone surrogates would arrive as U+FFFD, so they are left out.
const wellFormed = (s: string) => !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));

const num = fc.oneof(
  fc.constantFrom("0", "1", "2", "3", "9", "10", "99", "100"),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
);
const ident = fc.oneof(
  fc.constantFrom("0", "00", "pre", "rc1", "-", "alpha", "1"),
  fc.stringMatching(/^[0-9A-Za-z-]{1,5}$/),
);
const prerelease = fc.array(ident, { minLength: 1, maxLength: 3 }).map((a) => `-${a.join(".")}`);
const buildMeta = fc.oneof(
  fc.constant("+incompatible"),
  fc.constant("+incompatible"),
  fc.stringMatching(/^\+[0-9A-Za-z-]{1,5}(\.[0-9A-Za-z-]{0,4})?$/),
);
const release = fc.tuple(num, num, num).map(([a, b, c]) => `v${a}.${b}.${c}`);
const version = fc
  .tuple(
    fc.oneof(
      release,
      num.map((n) => `v${n}`),
      fc.tuple(num, num).map(([a, b]) => `v${a}.${b}`),
    ),
    fc.option(prerelease, { nil: "" }),
    fc.option(buildMeta, { nil: "" }),
  )
  .map(([r, p, b]) => r + p + b);

// A stamp that is mostly a real time, sometimes a calendar mistake, sometimes the wrong length.
const timestamp = fc.oneof(
  fc.integer({ min: -62167219200, max: 253402300799 }).map((s) =>
    new Date(s * 1000)
      .toISOString()
      .replace(/^\+?0*(\d{4,})/, "$1")
      .replace(/[-:T]|\.\d+Z$/g, ""),
  ),
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 61 }),
    )
    .map(([y, ...rest]) => String(y).padStart(4, "0") + rest.map((n) => String(n).padStart(2, "0")).join("")),
  fc.constantFrom("20060102150405", "00010101000000", "2006010215040", "200601021504055", "20060229000000"),
);
const revision = fc.oneof(
  fc.constantFrom("000000000000", "hash", "abcdef123456"),
  fc.stringMatching(/^[0-9A-Za-z]{1,12}$/),
  fc.stringMatching(/^[0-9A-Za-z._+-]{0,6}$/),
);

/** Hand-assembled pseudo-versions of the three forms (plus build metadata), valid or nearly so. */
const assembled = fc
  .tuple(
    fc.nat(2),
    fc.oneof(
      num.map((n) => `v${n}`),
      fc.constant("v0"),
    ),
    release,
    fc.option(prerelease, { nil: "" }),
    timestamp,
    revision,
    fc.option(buildMeta, { nil: "" }),
  )
  .map(([form, major, rel, pre, ts, rev, b]) => {
    if (form === 0) return `${major}.0.0-${ts}-${rev}${b}`;
    if (form === 1) return `${rel}-0.${ts}-${rev}${b}`;
    return `${rel}${pre || "-pre"}.0.${ts}-${rev}${b}`;
  });

const pseudoTime = fc.integer({ min: -62167219200, max: 253402300799 });
const builtPseudo = fc
  .tuple(
    fc.oneof(
      fc.constant(""),
      num.map((n) => `v${n}`),
    ),
    fc.oneof(fc.constant(""), version),
    pseudoTime,
    revision,
  )
  .map(([major, older, unix, rev]) => pseudoVersion(major, older, new Date(unix * 1000), rev));

/** One edit of a string: delete, duplicate or replace a character, or insert a piece. */
function mutate(s: string, at: number, kind: number, piece: string): string {
  const i = s.length === 0 ? 0 : at % s.length;
  switch (kind) {
    case 0:
      return s.slice(0, i) + s.slice(i + 1);
    case 1:
      return s.slice(0, i) + s[i] + s.slice(i);
    case 2:
      return s.slice(0, i) + piece + s.slice(i + 1);
    default:
      return s.slice(0, i) + piece + s.slice(i);
  }
}
const mutated = fc
  .tuple(
    fc.oneof(assembled, builtPseudo),
    fc.nat(),
    fc.nat(3),
    fc.constantFrom("-", ".", "+", "0", "9", "v", "a", "+incompatible", "-0.", "é", " ", ""),
  )
  .map(([s, at, kind, piece]) => mutate(s, at, kind, piece));

const nonASCII = ["é", "\u00a0", "\u200b", "\u0378", "\ufffd", "\u{1f600}", "\u{10ffff}", "\u{e0001}"];
const randomString = fc.oneof(
  fc.string({ maxLength: 30 }),
  // Any code point: goQuote prints or escapes it as go1.19's strconv does (its Unicode 13 table, gounicode.ts).
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({
    unit: fc.constantFrom(...nonASCII, "a", "v", "1", "-", ".", "+", "\x00", "\x7f"),
    maxLength: 20,
  }),
  fc
    .array(
      fc.constantFrom(
        "v",
        "v1",
        "0",
        ".",
        "-",
        "+",
        "20060102150405",
        "hash",
        "incompatible",
        "pre",
        "é",
        "\n",
      ),
      { maxLength: 10 },
    )
    .map((a) => a.join("")),
);

const modulePath = fc.oneof(
  fc.constantFrom(
    "example.com/m",
    "github.com/go-yaml/yaml",
    "rsc.io/quote",
    "golang.org/x/text",
    "gopkg.in/yaml",
    "gopkg.in/check.v1",
    "gopkg.in/yaml.v1-unstable",
    "gopkg.in/yaml.v0",
    "gopkg.in/yaml.v00",
    "gopkg.in/yaml.v01",
    "example.com/m/v1",
    "example.com/m/v0",
    "example.com/m/v02",
    "example.com/m/v2.1",
    "example.com/v2",
    "Example.com/m",
    "x",
    "",
    "example.com/m/",
  ),
  fc.tuple(fc.constantFrom("example.com/m", "github.com/a/b"), num).map(([p, n]) => `${p}/v${n}`),
  fc
    .tuple(fc.constantFrom("gopkg.in/yaml", "gopkg.in/user/pkg"), num, fc.boolean())
    .map(([p, n, unstable]) => `${p}.v${n}${unstable ? "-unstable" : ""}`),
);
const checkVersion = fc.oneof(
  version,
  builtPseudo,
  assembled,
  fc.tuple(num, num, num).map(([a, b, c]) => `v${a}.${b}.${c}+incompatible`),
  fc.constantFrom("", "v0.0.0-20160102150405-abcdef123456", "1.0.0", "v1", "v2.0", "latest"),
);

/** Paths and versions with small majors, so that agreement (and near misses by one) is common. */
const alignedPair = fc
  .tuple(
    fc.integer({ min: 0, max: 4 }),
    fc.integer({ min: -1, max: 1 }),
    fc.constantFrom("example.com/m", "example.com/m/v", "gopkg.in/yaml.v", "gopkg.in/yaml.v"),
    fc.nat(3),
    fc.constantFrom("", "+incompatible", "+incompatible", "+meta", "-pre", "-0.20060102150405-abcdef123456"),
    fc.boolean(),
  )
  .map(([n, off, prefix, minor, tail, unstable]) => {
    const path = prefix.endsWith("v")
      ? `${prefix}${n}${unstable && prefix.startsWith("gopkg") ? "-unstable" : ""}`
      : prefix;
    const m = Math.max(0, n + off);
    return [path, `v${m}.${minor}.${tail.startsWith("-0.") ? 1 : 0}${tail}`] as [string, string];
  });

test("pseudo-versions and path/version checks agree with golang.org/x/mod on generated inputs", (t) => {
  const bin = buildGoFixture("pseudoref");
  const versions = [
    ...fc.sample(assembled, { numRuns: 1200, seed: 1 }),
    ...fc.sample(builtPseudo, { numRuns: 600, seed: 2 }),
    ...fc.sample(mutated, { numRuns: 1200, seed: 3 }),
    ...fc.sample(randomString, { numRuns: 600, seed: 4 }),
    ...fc.sample(version, { numRuns: 400, seed: 5 }),
    "",
    "---",
    "v0.0.0-00010101000000-000000000000",
    "v1.0.0-00010101000000-000000000000",
    "v0.0.0-00010101000000-000000000000+incompatible",
    "v1.2.3-0.0.20060102150405-hash",
    "v0.0.0-0.20060102150405-hash",
  ].filter(wellFormed);
  const queries: Query[] = [
    ...versions.map((v): Query => ({ op: "version", v })),
    ...fc
      .sample(fc.oneof(fc.tuple(modulePath, checkVersion), alignedPair), { numRuns: 2400, seed: 6 })
      .map(([path, v]): Query => ({ op: "check", path, v })),
    ...fc
      .sample(
        fc.tuple(
          fc.oneof(
            fc.constant(""),
            num.map((n) => `v${n}`),
            fc.constantFrom("unused", "v"),
          ),
          fc.oneof(fc.constant(""), version, randomString.filter(wellFormed)),
          pseudoTime,
          revision,
        ),
        { numRuns: 800, seed: 7 },
      )
      .map(([major, older, unix, rev]): Query => ({ op: "pseudo", major, older, unix, rev })),
  ];
  const theirs = queryGoFixture<Answer>(bin, queries);
  assert.equal(theirs.length, queries.length);

  // Guard against a generator that drifted into testing nothing interesting.
  const pseudos = theirs.filter((a) => a.isPseudo === true).length;
  const notPseudos = theirs.filter((a) => a.isPseudo === false).length;
  const goodTimes = theirs.filter((a) => a.time?.ok !== undefined).length;
  const badTimes = theirs.filter((a) => a.time?.err?.includes("malformed time")).length;
  const goodBases = theirs.filter((a) => typeof a.base?.ok === "string" && a.base.ok !== "").length;
  const badBases = theirs.filter(
    (a) => a.base?.err !== undefined && !a.base.err.endsWith("syntax error"),
  ).length;
  const checkOk = theirs.filter((a) => a.check?.ok === true).length;
  const checkErr = theirs.filter((a) => a.check?.err !== undefined).length;
  const hints = theirs.filter((a) => a.canonical?.err?.includes("+incompatible (or module")).length;
  for (const [what, n] of Object.entries({
    pseudos,
    notPseudos,
    goodTimes,
    badTimes,
    goodBases,
    badBases,
    checkOk,
    checkErr,
    hints,
  })) {
    t.diagnostic(`${what}: ${n}`);
    assert.ok(n >= 20, `only ${n} ${what} among the generated inputs`);
  }

  let mismatches = 0;
  queries.forEach((q, i) => {
    const want = theirs[i]!;
    const got = ours(q);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      mismatches++;
      if (mismatches <= 5) assert.deepEqual(got, want, `query ${JSON.stringify(q)}`);
    }
  });
  assert.equal(mismatches, 0);
  t.diagnostic(`queries: ${queries.length}`);
  assert.ok(queries.length >= 5000, `${queries.length} queries`);
});
