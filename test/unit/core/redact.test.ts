// core/redact.ts: the secrets of URLs, GOAUTH and webhooks, and the redactor that removes every form of them.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  goauthSecrets,
  MIN_SECRET_LENGTH,
  makeRedactor,
  secretForms,
  urlSecrets,
  webhookSecrets,
} from "../../../src/core/redact.js";

test("urlSecrets: password, user:password, a lone token user, percent-decoded forms", () => {
  const cases: [string, string[]][] = [
    ["https://u:p%21ss@h/x,direct", ["p%21ss", "p!ss", "u:p%21ss", "u:p!ss"]],
    ["https://TOKEN123@h", ["TOKEN123"]],
    ["GOPROXY=https://proxy.golang.org,direct", []],
    ["a http://x:y@a|https://k:l@b", ["y", "x:y", "l", "k:l"]],
  ];
  for (const [text, want] of cases) assert.deepEqual(urlSecrets(text).sort(), want.sort(), text);
});

test("goauthSecrets: NAME=VALUE arguments, the word after a credential keyword, token-like words; not paths", () => {
  const cases: [string, string[]][] = [
    ["netrc", []],
    ["git /home/me/src", []],
    ["command /usr/bin/helper --token=abcd1234", ["abcd1234"]],
    ["command helper --password s3cretpw", ["s3cretpw"]],
    ["command helper Authorization: Bearer tok_998877", ["tok_998877"]],
    ["netrc; command /opt/x/bin/h AbCdEf0123456789xyz", ["AbCdEf0123456789xyz"]],
  ];
  for (const [v, want] of cases) assert.deepEqual(goauthSecrets(v).sort(), want.sort(), v);
});

test("webhookSecrets: the path after the first segment and query values", () => {
  assert.ok(webhookSecrets("https://hooks.slack.com/services/T1/B2/XYZ").includes("XYZ"));
  assert.ok(webhookSecrets("https://h.example/hook?token=abc%21").includes("abc!"));
  assert.deepEqual(webhookSecrets("https://h.example/"), []);
});

test("property: after redaction no form of any secret (≥ MIN_SECRET_LENGTH) is left, and text without secrets is kept", () => {
  const secret = fc
    .string({ minLength: MIN_SECRET_LENGTH, maxLength: 20 })
    .filter((s) => s.trim() === s && !/x/.test(s));
  fc.assert(
    fc.property(
      fc.array(secret, { minLength: 1, maxLength: 3 }),
      fc.array(fc.string(), { maxLength: 4 }),
      (secrets, filler) => {
        const redact = makeRedactor(secrets);
        const forms = secrets.flatMap(secretForms);
        const text = forms.map((f, i) => `${filler[i % Math.max(1, filler.length)] ?? ""}${f}`).join(" ");
        const out = redact(text);
        for (const f of forms)
          assert.ok(!out.includes(f), `${JSON.stringify(f)} left in ${JSON.stringify(out)}`);
      },
    ),
  );
  fc.assert(
    fc.property(
      fc.string().filter((s) => !s.includes("@")),
      (s) => {
        assert.equal(
          makeRedactor(["zzzzSECRET"])(s.replaceAll("zzzzSECRET", "")),
          s.replaceAll("zzzzSECRET", ""),
        );
      },
    ),
  );
});
