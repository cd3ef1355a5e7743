// The fix intent: from explicit options (validated as go reads them) and from a check's findings (by id and
// cause), with the security rule and the credential rule applied.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  intentFromCheck,
  intentFromOptions,
  proxyTemplate,
  stripGoproxyCredentials,
} from "../../../../src/core/fixes/intent.js";
import { coversPublicModules, weakening } from "../../../../src/core/fixes/policy.js";
import { renderTarget } from "../../../../src/core/fixes/render.js";
import { TARGETS } from "../../../../src/core/fixes/target.js";
import { checkInput, intentOf, settingsMap } from "./support.js";

function errorsOf(r: ReturnType<typeof intentFromOptions>): string[] {
  return "errors" in r ? [...r.errors] : [];
}

test("options: valid values become settings; go's own parse errors are usage errors", () => {
  const r = intentFromOptions({
    goproxy: "https://goproxy.corp.example|https://proxy.golang.org,direct",
    private: "*.corp.example,corp.example",
    sumdb: "sum.golang.google.cn",
    goflags: "-mod=mod",
    noProxy: "corp.example,10.0.0.0/8",
  });
  assert.ok("intent" in r);
  assert.deepEqual(settingsMap(r.intent), {
    GOPROXY: "https://goproxy.corp.example|https://proxy.golang.org,direct",
    GOPRIVATE: "*.corp.example,corp.example",
    GOSUMDB: "sum.golang.google.cn",
    GOFLAGS: "-mod=mod",
    NO_PROXY: "corp.example,10.0.0.0/8",
  });
  assert.match(
    errorsOf(intentFromOptions({ goproxy: "auto" }))[0]!,
    /invalid proxy URL missing scheme: auto/,
  );
  assert.match(
    errorsOf(intentFromOptions({ sumdb: "gosum.io+ce6e7565+https://gocenter.io" }))[0]!,
    /malformed/,
  );
  assert.match(errorsOf(intentFromOptions({ goflags: "GOPROXY=direct" }))[0]!, /non-flag/);
  assert.match(errorsOf(intentFromOptions({ private: "https://git.corp.example" }))[0]!, /URL scheme/);
  assert.match(errorsOf(intentFromOptions({ private: "git.corp.example:8443/x" }))[0]!, /port/);
  assert.match(errorsOf(intentFromOptions({ private: "a, b" }))[0]!, /without spaces/);
  assert.match(errorsOf(intentFromOptions({ goproxy: "https://x\nevil" }))[0]!, /control character/);
  assert.match(errorsOf(intentFromOptions({ noProxy: "a.example;b.example" }))[0]!, /;/);
});

test("security: weakening options are refused without --allow-insecure, kept with a warning with it", () => {
  const weak = [
    { sumdb: "off" },
    { insecure: "git.corp.example" },
    { goflags: "-insecure" },
    { nosumdb: "*" },
    { private: "github.com" },
    { private: "*.com" },
    { nosumdb: "github.com/*" },
  ];
  for (const o of weak) {
    const refused = errorsOf(intentFromOptions(o));
    assert.equal(refused.length, 1, JSON.stringify(o));
    assert.match(refused[0]!, /--allow-insecure/);
    const allowed = intentFromOptions({ ...o, allowInsecure: true });
    assert.ok("intent" in allowed, JSON.stringify(o));
    assert.equal(allowed.intent.settings.length, 1);
    assert.notEqual(allowed.intent.settings[0]!.weakens, null);
    assert.ok(allowed.intent.warnings.some((w) => w.startsWith("INSECURE")));
  }
  // Narrow patterns are not weakening.
  for (const p of ["github.com/myorg", "git.corp.example", "*.corp.example", "gitlab.com/group/sub"])
    assert.equal(coversPublicModules(p), null, p);
  // GOPRIVATE does not decide the checksum database when GONOSUMDB is set.
  assert.equal(weakening("GOPRIVATE", "github.com", true), null);
  assert.ok("intent" in intentFromOptions({ private: "github.com", nosumdb: "github.com/myorg" }));
});

test("security: with --allow-insecure every target shows the weakening warning", () => {
  const r = intentFromOptions({ sumdb: "off", allowInsecure: true });
  assert.ok("intent" in r);
  for (const t of TARGETS) {
    const out = renderTarget(t, r.intent);
    assert.ok(
      out.warnings.some((w) => /INSECURE.*GOSUMDB=off/.test(w)),
      `${t} lacks the warning`,
    );
  }
});

test("security: a weakening current configuration is never carried into any target", () => {
  const intent = intentOf({
    GOSUMDB: "off",
    GOINSECURE: "git.corp.example",
    GOFLAGS: "-insecure -mod=mod",
    GONOSUMDB: "*",
    GOPRIVATE: "github.com",
  });
  assert.deepEqual(intent.unset.map((u) => u.name).sort(), ["GOINSECURE", "GOSUMDB"]);
  assert.equal(settingsMap(intent).GOFLAGS, "-mod=mod");
  assert.deepEqual(intent.dropped.map((d) => d.name).sort(), ["GONOSUMDB"]);
  for (const t of TARGETS) {
    const out = renderTarget(t, intent);
    assert.doesNotMatch(out.snippet, /GOSUMDB\W+off|-insecure|GONOSUMDB\W+\*|GOINSECURE\W+git/, t);
    assert.ok(!out.settings.some((s) => s.name === "GOINSECURE" && s.value !== ""), t);
  }
});

test("credentials: never in an intent or any rendered target; placeholders reference secrets", () => {
  // A distinctive prefix: the check is that the secret never appears, not that its letters never do.
  const pw = fc.stringMatching(/^[A-Za-z0-9!$%'*+.~-]{4,20}$/).map((s) => `Zq9${s}`);
  fc.assert(
    fc.property(pw, pw, (password, token) => {
      const intent = intentOf({
        GOPROXY: `https://ci:${token}@mirror.corp.example,direct`,
        HTTPS_PROXY: `http://bob:${password}@proxy.corp.example:3128`,
        GOSUMDB: `sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 https://u:${token}@sumdb.corp.example`,
      });
      const json = JSON.stringify(intent);
      assert.ok(!json.includes(password) && !json.includes(token));
      assert.deepEqual(intent.credentials.map((c) => c.host).sort(), [
        "mirror.corp.example",
        "sumdb.corp.example",
      ]);
      for (const t of TARGETS) {
        const out = renderTarget(t, intent);
        const all = JSON.stringify(out);
        assert.ok(!all.includes(password) && !all.includes(token), t);
      }
    }),
    { numRuns: 40 },
  );
  assert.deepEqual(proxyTemplate("HTTPS_PROXY", "http://u:p@h:1"), [
    { lit: "http://" },
    { secret: "HTTPS_PROXY_USER" },
    { lit: ":" },
    { secret: "HTTPS_PROXY_PASSWORD" },
    { lit: "@h:1" },
  ]);
  assert.deepEqual(stripGoproxyCredentials("https://a:b@x.example:8443/p|https://y.example,direct"), {
    value: "https://x.example:8443/p|https://y.example,direct",
    hosts: ["x.example"],
  });
});

test("from check: finding ids decide, the lint's fix commands give the values", () => {
  // goproxy.invalid → the default list (nothing of "auto" can be kept); patterns.private-not-covered → GOPRIVATE
  // gains the host, on evidence (a .netrc entry for it) only.
  const a = intentOf(
    { GOPROXY: "auto", GOPRIVATE: "corp.example" },
    { requirements: ["git.internal/x/y"], facts: { netrcMachines: ["git.internal"] } },
  );
  assert.equal(settingsMap(a).GOPROXY, "https://proxy.golang.org,direct");
  assert.equal(settingsMap(a).GOPRIVATE, "corp.example,git.internal");
  // Without evidence, a name's shape decides nothing: no GOPRIVATE for public-looking or private-looking names.
  const guess = intentOf(
    {},
    { requirements: ["git.internal/x/y", "knative.dev/pkg", "code.cloudfoundry.org/clock"] },
  );
  assert.equal(settingsMap(guess).GOPRIVATE, undefined);
  assert.ok(a.addressed.includes("goproxy.invalid") && a.addressed.includes("patterns.private-not-covered"));
  // patterns.syntax replaces the bad pattern instead of adding to it.
  const b = intentOf({ GOPRIVATE: "https://git.corp.example" });
  assert.equal(settingsMap(b).GOPRIVATE, "git.corp.example");
  // GO111MODULE=off is removed.
  const c = intentOf({ GO111MODULE: "off" });
  assert.deepEqual(
    c.unset.map((u) => u.name),
    ["GO111MODULE"],
  );
  // An unreadable SSL_CERT_FILE is removed (no CA carried).
  const d = intentOf({ SSL_CERT_FILE: "/nope.pem" }, { facts: { sslCertFileReadable: false } });
  assert.equal(d.ca, null);
  assert.deepEqual(
    d.unset.map((u) => u.name),
    ["SSL_CERT_FILE"],
  );
  // A readable one is carried as the CA.
  assert.deepEqual(intentOf({ SSL_CERT_FILE: "/etc/corp.pem" }).ca, {
    path: "/etc/corp.pem",
    origin: "current",
  });
  // Findings without a setting (git missing) become manual steps; info findings are ignored.
  const e = intentOf({ GOPROXY: "direct" }, { facts: { gitOnPath: false } });
  assert.deepEqual(
    e.manual.map((m) => m.id),
    ["git.missing"],
  );
});

test("from check: GOENV-file values are carried without the quotes or CR go keeps literally", () => {
  const i = intentOf(
    {},
    { file: 'GOPROXY="https://goproxy.corp.example,direct"\nGOPRIVATE=corp.example\r\n' },
  );
  assert.equal(settingsMap(i).GOPROXY, "https://goproxy.corp.example,direct");
  assert.equal(settingsMap(i).GOPRIVATE, "corp.example");
  assert.ok(i.addressed.includes("goenv.literal-values") && i.addressed.includes("goproxy.invalid"));
  assert.ok(!i.exported.includes("GOPROXY"));
});

test("from check: TLS interception asks for a CA; proxy-auth endpoints ask for credentials", () => {
  const base = checkInput({ GOPROXY: "https://mirror.corp.example,direct" });
  const i = intentFromCheck({
    ...base,
    findings: [
      {
        id: "endpoint.tls-go-only",
        severity: "error",
        cause: "tls-untrusted",
        message: "x",
        fix: [],
      },
    ],
    endpoints: [{ entry: "https://mirror.corp.example", cause: "proxy-auth" }],
  });
  assert.equal(i.caNeeded, true);
  assert.deepEqual(
    i.credentials.map((c) => [c.host, c.loginSecret, c.passwordSecret]),
    [["mirror.corp.example", "MIRROR_CORP_EXAMPLE_LOGIN", "MIRROR_CORP_EXAMPLE_TOKEN"]],
  );
});
