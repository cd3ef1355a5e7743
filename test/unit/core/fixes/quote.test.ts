// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the expected texts are CI and dev-container syntax, not JS templates
// Quoting for every target, checked by reading the quoted text back with each syntax's rules — and for POSIX
// shells, by real bash. Values hold spaces, quotes, $, %, !, commas, | and the other characters that break
// naive quoting.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import fc from "fast-check";
import { parse as parseYaml } from "yaml";
import {
  argvQuote,
  checkValueText,
  cmdSetLine,
  dockerQuote,
  githubValue,
  gitlabValue,
  parseCmdSet,
  parseDockerWord,
  parseGitlabValue,
  parsePsSingleQuoted,
  parseSetx,
  parseShWord,
  psExpr,
  psQuote,
  setxLine,
  shQuote,
  shWord,
  splitArgv,
  type Template,
  yamlQuote,
} from "../../../../src/core/fixes/quote.js";

const SPECIAL = [..." '\"$%!,|`\\^&<>(){}[]#*?~;=:@/\t‘’‚‛“”", "a", "Z", "0", "é", "😀"];

/** Values a setting may hold: printable text heavy in shell-special characters (no CR, LF, NUL). */
const value = fc
  .oneof(
    fc.string({ unit: fc.constantFrom(...SPECIAL), maxLength: 30 }),
    fc.string({ unit: "grapheme", maxLength: 20 }),
    fc.constantFrom(
      "https://proxy.golang.org,direct",
      "off",
      "*.corp.example,corp.example",
      "-mod=mod -x",
      "",
    ),
  )
  .filter((s) => checkValueText(s) === null);

const secretName = fc.constantFrom("HTTPS_PROXY_USER", "HTTPS_PROXY_PASSWORD", "TOKEN_1");
const template: fc.Arbitrary<Template> = fc.array(
  fc.oneof(
    value.map((lit) => ({ lit })),
    secretName.map((secret) => ({ secret })),
  ),
  { maxLength: 5 },
);
const SECRETS: Record<string, string> = {
  HTTPS_PROXY_USER: "al ice",
  HTTPS_PROXY_PASSWORD: "p'a$s%w!o\"rd",
  TOKEN_1: "t|o,k",
};
function expand(t: Template): string {
  return t.map((p) => ("lit" in p ? p.lit : SECRETS[p.secret]!)).join("");
}

test("checkValueText refuses the characters go env -w refuses", () => {
  assert.equal(checkValueText("a b$'\"%!"), null);
  assert.match(checkValueText("a\nb")!, /U\+000a/);
  assert.match(checkValueText("a\rb")!, /U\+000d/);
  assert.match(checkValueText("a\u0000")!, /U\+0000/);
});

test("POSIX: shQuote round-trips through the POSIX word parser", () => {
  fc.assert(
    fc.property(value, (s) => {
      assert.equal(parseShWord(shQuote(s)), s);
    }),
    { numRuns: 500 },
  );
  assert.equal(shQuote("https://x,direct"), "https://x,direct");
  assert.equal(shQuote("it's"), "'it'\\''s'");
  assert.equal(shQuote(""), "''");
});

test("POSIX: shWord with secret references expands to the literal text plus the secrets", () => {
  fc.assert(
    fc.property(template, (t) => {
      assert.equal(parseShWord(shWord(t), SECRETS), expand(t));
    }),
    { numRuns: 500 },
  );
});

test("POSIX: real bash (history expansion on, as interactive) reads shQuote/shWord words back unchanged", () => {
  const samples = fc.sample(fc.tuple(value, template), { numRuns: 150, seed: 42 });
  const script = samples
    .map(([s, t]) => `printf '%s\\0' ${shQuote(s)}; printf '%s\\0' ${shWord(t)}`)
    .join("\n");
  // -H turns history expansion on as in an interactive shell: single quotes must still protect '!'.
  const out = execFileSync("bash", ["-H", "-c", `set -H\n${script}`], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...SECRETS },
    encoding: "utf8",
  });
  const got = out.split("\0").slice(0, -1);
  assert.deepEqual(
    got,
    samples.flatMap(([s, t]) => [s, expand(t)]),
  );
});

test("PowerShell: psQuote round-trips, including the typographic single quotes PowerShell also honours", () => {
  fc.assert(
    fc.property(value, (s) => {
      assert.equal(parsePsSingleQuoted(psQuote(s)), s);
    }),
    { numRuns: 500 },
  );
  assert.equal(psQuote("it’s"), "'it’’s'");
  assert.equal(psExpr([{ lit: "http://" }, { secret: "U" }, { lit: "@h" }]), "('http://' + $env:U + '@h')");
  assert.equal(psExpr([]), "''");
});

test('cmd: set "NAME=value" lines round-trip through cmd\'s percent and caret phases', () => {
  fc.assert(
    fc.property(value, (s) => {
      const line = cmdSetLine("GOPROXY", [{ lit: s }]);
      assert.deepEqual(parseCmdSet(line), { name: "GOPROXY", value: s });
    }),
    { numRuns: 500 },
  );
  // An operator after an odd number of quotes is outside cmd's quotes: it must be caret-escaped.
  assert.equal(cmdSetLine("X", [{ lit: 'a"&calc' }]), 'set "X=a"^&calc"');
  assert.equal(cmdSetLine("X", [{ lit: "100%" }]), 'set "X=100%%"');
  assert.equal(cmdSetLine("X", [{ lit: "u:" }, { secret: "P" }]), 'set "X=u:%P%"');
});

test("cmd: setx lines round-trip through cmd and the C runtime's argument splitting", () => {
  fc.assert(
    fc.property(value, (s) => {
      assert.deepEqual(parseSetx(setxLine("GOPRIVATE", s)), { name: "GOPRIVATE", value: s });
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.array(value, { maxLength: 4 }), (args) => {
      assert.deepEqual(splitArgv(args.map(argvQuote).join(" ")), args);
    }),
  );
});

test("Dockerfile: dockerQuote round-trips through BuildKit's lexer rules, for both escape tokens", () => {
  for (const esc of ["\\", "`"] as const) {
    fc.assert(
      fc.property(value, (s) => {
        assert.equal(parseDockerWord(dockerQuote(s, esc), esc, { HOME: "/root" }), s);
      }),
      { numRuns: 400 },
    );
  }
  // $ inside single quotes is not expanded; outside it is (why values are single-quoted).
  assert.equal(parseDockerWord("'$HOME'", "\\", { HOME: "/root" }), "$HOME");
  assert.equal(parseDockerWord("$HOME", "\\", { HOME: "/root" }), "/root");
});

test("YAML: yamlQuote round-trips through the yaml package, with types kept as strings", () => {
  fc.assert(
    fc.property(value, (s) => {
      assert.equal(parseYaml(`k: ${yamlQuote(s)}`).k, s);
    }),
    { numRuns: 500 },
  );
  for (const s of ["off", "on", "yes", "1.20", "null", "*", "|x", "- a"])
    assert.equal(parseYaml(`k: ${yamlQuote(s)}`).k, s);
});

test("GitLab: $ is doubled and secrets are references; GitHub: no stray ${{ expression", () => {
  fc.assert(
    fc.property(template, (t) => {
      assert.equal(parseGitlabValue(gitlabValue(t), SECRETS), expand(t));
      const gh = githubValue(t);
      // Every ${{ opens an expression we wrote: a secret reference or the escaped literal.
      const opened = gh.split("${{").length - 1;
      const ours = (gh.match(/\$\{\{ (secrets\.[A-Z0-9_]+|'\$\{\{') \}\}/g) ?? []).length;
      assert.equal(opened, ours * 1 + (gh.match(/\$\{\{ '\$\{\{' \}\}/g) ?? []).length);
    }),
    { numRuns: 300 },
  );
});
