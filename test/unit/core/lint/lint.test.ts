import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { CAUSES } from "../../../../src/core/causes.js";
import { changeCommand } from "../../../../src/core/fixes/change.js";
import { checkValueText, parseShWord } from "../../../../src/core/fixes/quote.js";
import { LINT_RULES, lint } from "../../../../src/core/lint/catalogue.js";
import type { LintContext } from "../../../../src/core/lint/context.js";
import { lintCtx } from "../fixes/support.js";

const ctx = lintCtx;

function ids(c: LintContext): string[] {
  return lint(c).map((f) => f.id);
}

test("a default configuration has no errors or warnings", () => {
  assert.deepEqual(
    lint(ctx({})).filter((f) => f.severity !== "info"),
    [],
  );
});

test("the catalogue has at least 30 distinct checks and unique ids", () => {
  assert.equal(new Set(LINT_RULES.map((r) => r.id)).size, LINT_RULES.length);
  // Count the distinct situations the rules detect (some rules cover several variants).
  const situations = [
    ctx({ GOPROXY: "auto" }),
    ctx({ GOPROXY: "https://gocenter.io,direct" }),
    ctx({ GOPROXY: "https://u:p@mirror.example,direct" }),
    ctx({ GOPROXY: "http://u:p@mirror.example" }),
    ctx({ GOPROXY: "http://mirror.example,direct" }),
    ctx({ GOPROXY: "direct,https://proxy.golang.org" }),
    ctx({ GOPROXY: "off" }),
    ctx({ GOPROXY: "direct" }),
    ctx({ GOPROXY: "https://a.example,https://b.example,direct" }),
    ctx({ GOSUMDB: "off" }),
    ctx({ GOSUMDB: "gosum.io+ce6e7565+https://gocenter.io" }),
    ctx({ GOFLAGS: "-insecure" }),
    ctx({ GOFLAGS: "-mod=vendor" }),
    ctx({ GOFLAGS: "GOPROXY=direct" }),
    ctx({ GOINSECURE: "corp.example" }),
    ctx({ GOPRIVATE: "https://git.corp.example" }),
    ctx({ GOPRIVATE: "git.corp.example:8443" }),
    ctx({ GOPRIVATE: "a.example, git.corp.example" }),
    ctx({ GOPRIVATE: "Git.Corp.example" }),
    ctx({ GOPRIVATE: "*.corp.example" }, { requirements: ["corp.example/lib"] }),
    ctx({ GOPRIVATE: "nothing.example" }, { requirements: ["github.com/a/b"] }),
    ctx({}, { requirements: ["git.corp.example/team/lib"], facts: { netrcMachines: ["git.corp.example"] } }),
    ctx({ GOFLAGS: "-mod=wat" }),
    ctx({ GOPRIVATE: "github.com/[acme" }),
    ctx({ GOPRIVATE: "*" }),
    ctx({ GONOPROXY: "git.corp.example" }),
    ctx({ GONOSUMDB: "git.corp.example" }),
    ctx({ GONOPROXY: "", GOPRIVATE: "corp.example" }),
    ctx({}, { file: 'GOPROXY="https://goproxy.cn,direct"\n' }),
    ctx({ GOPROXY: "https://env.example" }, { file: "GOPROXY=https://file.example\n" }),
    ctx({ GO111MODULE: "off" }),
    ctx({ GO111MODULE: "bogus" }),
    ctx({ GOMODCACHE: "rel/cache" }),
    ctx({ GOSUMDB: "off", GOTOOLCHAIN: "auto" }, { go: "go1.22.0" }),
    ctx({ GOPROXY: "https://proxy.golang.org,direct" }, { facts: { gitOnPath: false } }),
    ctx({}, { facts: { gitInsteadOf: [{ base: "git@github.com:", insteadOf: "https://github.com/" }] } }),
    ctx({ SSL_CERT_FILE: "/nope.pem" }, { facts: { sslCertFileReadable: false } }),
    ctx({}, { facts: { modcacheWritable: false } }),
    ctx({}, { facts: { modcacheFreeBytes: 10 << 20 } }),
    ctx({}, { facts: { netrcMachines: ["mirror.example:8443"] } }),
  ];
  const detected = situations.map((c) => lint(c).filter((f) => !f.id.startsWith("internal.")).length);
  for (const [i, n] of detected.entries()) assert.ok(n > 0, `situation ${i} detected nothing`);
  assert.ok(situations.length >= 30);
});

test("specific rules fire with the right cause and fix", () => {
  const auto = lint(ctx({ GOPROXY: "auto" })).find((f) => f.id === "goproxy.invalid")!;
  assert.equal(auto.cause, "config-invalid");
  assert.match(auto.message, /invalid proxy URL missing scheme: auto/);
  assert.deepEqual(auto.fix, ["export GOPROXY=https://proxy.golang.org,direct"]);
  const leak = lint(ctx({ GONOPROXY: "git.corp.example" })).find(
    (f) => f.id === "patterns.gonoproxy-without-gonosumdb",
  )!;
  assert.equal(leak.cause, "private-via-public-sumdb");
  assert.deepEqual(ids(ctx({ GOPRIVATE: "git.corp.example" }, { requirements: ["git.corp.example/x"] })), []);
});

test("no credential ever reaches a finding", () => {
  const findings = lint(
    ctx(
      {
        GOPROXY: "https://alice:s3cr3t@mirror.example,http://bob:hunter2@plain.example",
        HTTPS_PROXY: "http://carol:pw9@proxy.example:3128",
      },
      { file: 'GOPRIVATE="https://dave:tok3n@git.corp.example"\n' },
    ),
  );
  const text = JSON.stringify(findings);
  for (const secret of ["s3cr3t", "hunter2", "pw9", "tok3n"]) assert.ok(!text.includes(secret), secret);
});

test("property: lint never throws, never reports internal errors, and uses only taxonomy causes", () => {
  const value = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom("off", "direct", "auto", ",", "*", "https://x.example", "a b"),
  );
  const keys = fc.constantFrom(
    "GOPROXY",
    "GOSUMDB",
    "GOPRIVATE",
    "GONOPROXY",
    "GONOSUMDB",
    "GOFLAGS",
    "GOINSECURE",
    "GO111MODULE",
    "GOMODCACHE",
    "GOPATH",
    "GOTOOLCHAIN",
  );
  fc.assert(
    fc.property(
      fc.dictionary(keys, value),
      fc.array(fc.constantFrom("github.com/a/b", "git.corp.example/x", "corp.example"), { maxLength: 3 }),
      (env, reqs) => {
        const findings = lint(ctx(env, { requirements: reqs, go: "go1.22.1" }));
        for (const f of findings) {
          assert.ok(!f.id.startsWith("internal."), f.message);
          assert.ok(f.cause === null || (CAUSES as readonly string[]).includes(f.cause));
        }
      },
    ),
    { numRuns: 300 },
  );
});

/** The value a pasted `export NAME=WORD` / `go env -w NAME=WORD` line sets, as a POSIX shell reads it. */
function pasted(line: string, env: Record<string, string> = {}): { name: string; value: string } {
  const m = /^(?:export|go env -w) ([A-Z0-9_]+)=([\s\S]*)$/.exec(line);
  assert.ok(m, line);
  return { name: m[1]!, value: parseShWord(m[2]!, env) };
}

test("fix lines paste as they are: `|` quoted, URL credentials left out (go reads them from .netrc), never as text", () => {
  const c = ctx({ GOPROXY: "https://user:s3cret@proxy.corp.example,https://proxy.golang.org" });
  const comma = lint(c).find((f) => f.id === "goproxy.comma-stops-on-error")!;
  const line = comma.fix[0]!;
  assert.doesNotMatch(line, /s3cret|xxxxx/);
  // Unquoted, `|` would pipe `export` into a command named https://proxy.golang.org. The suggestion carries no
  // credentials: putting them back would send them over http for an http:// entry, and give one variable two.
  assert.deepEqual(pasted(line), {
    name: "GOPROXY",
    value: "https://proxy.corp.example|https://proxy.golang.org",
  });
  const cache = lint(ctx({ GOMODCACHE: "relative/dir" }))
    .flatMap((f) => f.fix)
    .find((l) => /GOMODCACHE=/.test(l));
  assert.ok(cache, "a GOMODCACHE fix");
  assert.equal(pasted(cache, { HOME: "/home/u" }).value, "/home/u/go/pkg/mod");
});

test("fix lines round-trip any value through the shell (property)", () => {
  fc.assert(
    fc.property(
      fc
        .string({ unit: "grapheme", maxLength: 40 })
        .filter((s) => checkValueText(s) === null && !/:\/\/[^/]*@/.test(s)),
      (v) => {
        const line = changeCommand({ op: "set", name: "GOPRIVATE", value: v, scope: "goenv-file" });
        assert.deepEqual(pasted(line), { name: "GOPRIVATE", value: v });
      },
    ),
    // Line separators, shell syntax and quotes, whatever the run's seed.
    { numRuns: 300, examples: [["\u2028"], ["a|b*"], ["it's $HOME"], [""]] },
  );
});

test("a malformed GOVCS is an error with go's words; a good one is nothing", () => {
  const bad = lint(ctx({ GOVCS: "public:git,public:hg" })).find((f) => f.id === "govcs.invalid");
  assert.ok(bad);
  assert.equal(bad.cause, "config-invalid");
  assert.deepEqual(bad.evidence, ['unreachable pattern in GOVCS: "public:hg" after "public:git"']);
  assert.ok(!ids(ctx({ GOVCS: "private:all,public:git|hg" })).includes("govcs.invalid"));
});
