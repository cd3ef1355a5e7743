// One table of cases per rule added or changed for issue 16: what each configuration makes the rule say, and the
// change (as data) it declares. Claims about go's behaviour were checked against go1.19.8 and go1.26.8 (see the
// rule's docstring for the exact words).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Change } from "../../../../src/core/fixes/change.js";
import { renderTarget } from "../../../../src/core/fixes/render.js";
import { TARGETS, type TargetName } from "../../../../src/core/fixes/target.js";
import { lint } from "../../../../src/core/lint/catalogue.js";
import type { MachineFacts } from "../../../../src/core/lint/context.js";
import { intentOf, lintCtx } from "../fixes/support.js";

interface Case {
  readonly env: Record<string, string>;
  readonly file?: string;
  readonly requirements?: string[];
  readonly facts?: Partial<MachineFacts>;
  /** The go version answered for (default go1.19.8). */
  readonly go?: string;
  /** Severity of the rule's finding, or null: the rule says nothing. */
  readonly severity: "error" | "warning" | "info" | null;
  /** The changes it declares (when given). */
  readonly changes?: Change[];
  /** Text the message must hold (when given). */
  readonly says?: RegExp;
}

function runTable(id: string, cases: readonly Case[]) {
  for (const [i, c] of cases.entries()) {
    const found = lint(lintCtx(c.env, c)).filter((f) => f.id === id);
    const label = `${id} case ${i}: ${JSON.stringify(c.env)}`;
    if (c.severity === null) {
      assert.deepEqual(found, [], label);
      continue;
    }
    assert.equal(found.length, 1, `${label}: ${found.length} findings`);
    const f = found[0]!;
    assert.equal(f.severity, c.severity, label);
    if (c.changes !== undefined) assert.deepEqual(f.changes ?? [], c.changes, label);
    if (c.says !== undefined) assert.match(f.message, c.says, label);
  }
}

const env = (name: string, value: string): Change => ({ op: "set", name, value, scope: "environment" });

test("goflags.bad-value: -mod values, booleans, -p, bare value flags (go1.19 and go1.26 words)", () => {
  runTable("goflags.bad-value", [
    {
      env: { GOFLAGS: "-mod=wat" },
      severity: "error",
      says: /-mod=wat not supported \(can be '', 'mod', 'readonly', or 'vendor'\)/,
      changes: [{ op: "unset", name: "GOFLAGS", scope: "environment" }],
    },
    {
      env: { GOFLAGS: "-mod=mod -modcacherw=maybe -trimpath" },
      severity: "error",
      says: /invalid boolean value "maybe" for flag -modcacherw/,
      changes: [env("GOFLAGS", "-mod=mod -trimpath")],
    },
    { env: { GOFLAGS: "-tags" }, severity: "error", says: /flag needs an argument: -tags/ },
    { env: { GOFLAGS: "-p=x" }, severity: "error", says: /invalid value "x" for flag -p/ },
    { env: { GOFLAGS: "-buildvcs=auto -mod= -modcacherw=1 -p=4" }, severity: null },
    { env: { GOFLAGS: "-mod=readonly" }, severity: null },
    { env: { GOFLAGS: "GOPROXY=x -mod=wat" }, severity: null }, // goflags.non-flag speaks first, as go stops there
    // go1.26 reads GOFLAGS with quoted.Split: a quoted word is one flag (go1.26.8 accepts "'-mod=mod'").
    {
      env: { GOFLAGS: "'-mod=wat'" },
      go: "go1.26.8",
      severity: "error",
      changes: [{ op: "unset", name: "GOFLAGS", scope: "environment" }],
    },
    { env: { GOFLAGS: "'-mod=mod'" }, go: "go1.26.8", severity: null },
  ]);
});

test("goflags.non-flag: the user's quoted flag is kept unquoted, every bad word goes in one change", () => {
  runTable("goflags.non-flag", [
    { env: { GOFLAGS: "'-mod=mod'" }, severity: "error", changes: [env("GOFLAGS", "-mod=mod")] },
    {
      env: { GOFLAGS: "GOPROXY=x -modcacherw GOSUMDB=off" },
      severity: "error",
      changes: [env("GOFLAGS", "-modcacherw")],
    },
    { env: { GOFLAGS: "-modcacherw" }, severity: null },
    { env: { GOFLAGS: "'-mod=mod'" }, go: "go1.26.8", severity: null }, // go1.26 unquotes it itself
  ]);
});

test("patterns.bad-pattern: path.Match's ErrBadPattern (checked with go1.19 and go1.26 path.Match)", () => {
  runTable("patterns.bad-pattern", [
    {
      env: { GOPRIVATE: "github.com/[acme" },
      severity: "warning",
      changes: [{ op: "remove", name: "GOPRIVATE", items: ["github.com/[acme"], scope: "environment" }],
    },
    { env: { GONOSUMDB: "corp.example,[]" }, severity: "warning", says: /"\[\]"/ },
    { env: { GOINSECURE: "x\\" }, severity: "warning" },
    { env: { GOPRIVATE: "github.com/[a-z]cme,*.corp.example" }, severity: null },
    { env: { GOPRIVATE: "a[b-a]" }, severity: null }, // an empty range is well formed: it just matches nothing
  ]);
});

test("patterns.covers-public: `*`, a public host, `*.com` (no change: only the user knows their hosts)", () => {
  runTable("patterns.covers-public", [
    { env: { GOPRIVATE: "*" }, severity: "warning", says: /covers public modules/, changes: [] },
    { env: { GONOSUMDB: "github.com" }, severity: "warning" },
    { env: { GOINSECURE: "*.com" }, severity: "warning", says: /plain http/ },
    { env: { GOPRIVATE: "github.com/myorg,git.corp.example" }, severity: null },
  ]);
});

test("patterns.private-not-covered: evidence only (.netrc, git insteadOf), never a name's shape", () => {
  const reqs = [
    "knative.dev/pkg",
    "code.cloudfoundry.org/clock",
    "go.lsp.dev/protocol",
    "git.corp.example/team/lib",
  ];
  runTable("patterns.private-not-covered", [
    { env: {}, requirements: reqs, severity: null },
    {
      env: {},
      requirements: reqs,
      facts: { netrcMachines: ["git.corp.example"] },
      severity: "warning",
      says: /\.netrc has credentials/,
      changes: [{ op: "add", name: "GOPRIVATE", items: ["git.corp.example"], scope: "goenv-file" }],
    },
    {
      env: {},
      requirements: ["git.corp.example/team/lib"],
      facts: {
        gitInsteadOf: [{ base: "ssh://git@git.corp.example/", insteadOf: "https://git.corp.example/" }],
      },
      severity: "warning",
      says: /git rewrites/,
    },
    {
      env: { GOPRIVATE: "git.corp.example" },
      requirements: ["git.corp.example/x"],
      facts: { netrcMachines: ["git.corp.example"] },
      severity: null,
    },
  ]);
});

test("goenv.shadowed: the file's value is restored (unset) only when it keeps verification on", () => {
  runTable("goenv.shadowed", [
    {
      env: { GOSUMDB: "sum.golang.org" },
      file: "GOSUMDB=off\n",
      severity: "warning",
      changes: [{ op: "unset", name: "GOSUMDB", scope: "goenv-file" }],
    },
    {
      env: { GOPROXY: "https://a.example" },
      file: "GOPROXY=https://b.example\n",
      severity: "warning",
      changes: [{ op: "unset", name: "GOPROXY", scope: "environment" }],
    },
    {
      env: { GOPRIVATE: "x.example" },
      file: "GOPRIVATE=*\n",
      severity: "warning",
      changes: [{ op: "unset", name: "GOPRIVATE", scope: "goenv-file" }],
    },
  ]);
});

test("goproxy.invalid: the user's list kept (quotes off, bad entries dropped); the default only when nothing is left", () => {
  runTable("goproxy.invalid", [
    {
      env: { GOPROXY: '"https://goproxy.cn,direct"' },
      severity: "error",
      changes: [env("GOPROXY", "https://goproxy.cn,direct")],
    },
    {
      env: { GOPROXY: "'https://goproxy.cn|direct'" },
      severity: "error",
      changes: [env("GOPROXY", "https://goproxy.cn|direct")],
    },
    {
      env: { GOPROXY: "auto,https://goproxy.io,direct" },
      severity: "error",
      changes: [env("GOPROXY", "https://goproxy.io,direct")],
    },
    {
      env: { GOPROXY: "auto" },
      severity: "error",
      changes: [env("GOPROXY", "https://proxy.golang.org,direct")],
    },
    { env: { GOPROXY: "https://goproxy.cn,direct" }, severity: null },
  ]);
});

test("goproxy.dead-mirror: the dead entry is removed, the rest kept", () => {
  runTable("goproxy.dead-mirror", [
    {
      env: { GOPROXY: "https://goproxy.cn,https://gocenter.io,direct" },
      severity: "error",
      changes: [env("GOPROXY", "https://goproxy.cn,direct")],
    },
    {
      env: { GOPROXY: "https://gocenter.io" },
      severity: "error",
      changes: [env("GOPROXY", "https://proxy.golang.org,direct")],
    },
  ]);
});

test("httpproxy.http-only: HTTP_PROXY without HTTPS_PROXY leaves go's https requests unproxied (net/http ProxyFromEnvironment)", () => {
  runTable("httpproxy.http-only", [
    {
      env: { HTTP_PROXY: "http://proxy.corp.example:3128" },
      severity: "warning",
      changes: [env("HTTPS_PROXY", "http://proxy.corp.example:3128")],
    },
    { env: { http_proxy: "http://proxy.corp.example:3128" }, severity: "warning", says: /http_proxy is set/ },
    { env: { HTTP_PROXY: "http://u:pw@proxy.corp.example:3128" }, severity: "warning", changes: [] }, // credentials are not copied
    { env: { HTTP_PROXY: "http://p:3128", HTTPS_PROXY: "http://p:3128" }, severity: null },
    { env: { HTTP_PROXY: "http://p:3128", https_proxy: "http://p:3128" }, severity: null },
    { env: { HTTP_PROXY: "http://p:3128", GOPROXY: "off", GOSUMDB: "off" }, severity: null },
  ]);
});

test("httpproxy.no-proxy-covers-mirror: NO_PROXY exempting the mirror or the database is a note, not a change", () => {
  runTable("httpproxy.no-proxy-covers-mirror", [
    { env: { HTTPS_PROXY: "http://p:3128", NO_PROXY: ".golang.org" }, severity: "info" },
    { env: { HTTPS_PROXY: "http://p:3128", NO_PROXY: "*" }, severity: "info" },
    { env: { HTTPS_PROXY: "http://p:3128", no_proxy: "corp.example" }, severity: null },
    { env: { NO_PROXY: ".golang.org" }, severity: null },
  ]);
  // Both endpoints (proxy.golang.org and sum.golang.org) are named, in one line.
  const f = lint(lintCtx({ HTTPS_PROXY: "http://p:3128", NO_PROXY: "golang.org" })).filter(
    (x) => x.id === "httpproxy.no-proxy-covers-mirror",
  );
  assert.match(f[0]!.message, /proxy\.golang\.org.*sum\.golang\.org/);
});

test("gosumdb.off: verification back on, in the GOENV file too when the environment's unset would uncover its off", () => {
  runTable("gosumdb.off", [
    {
      env: { GOSUMDB: "off" },
      severity: "warning",
      changes: [{ op: "unset", name: "GOSUMDB", scope: "environment" }],
    },
    {
      env: { GOSUMDB: "off" },
      file: "GOSUMDB=off\n",
      severity: "warning",
      changes: [
        { op: "unset", name: "GOSUMDB", scope: "environment" },
        { op: "unset", name: "GOSUMDB", scope: "goenv-file" },
      ],
    },
  ]);
});

test("SSL_CERT_FILE: the distribution's bundle is never carried into a target; Windows targets get no Linux path", () => {
  const cases: { file: string; target: TargetName; carried: boolean }[] = [
    ...TARGETS.map((target) => ({ file: "/etc/ssl/certs/ca-certificates.crt", target, carried: false })),
    { file: "/etc/pki/tls/certs/ca-bundle.crt", target: "dockerfile", carried: false },
    { file: "/etc/ssl/cert.pem", target: "shell", carried: false },
    { file: "/home/u/corp-ca.pem", target: "shell", carried: true },
    { file: "/home/u/corp-ca.pem", target: "dockerfile", carried: true },
    { file: "/home/u/corp-ca.pem", target: "powershell", carried: false },
    { file: "/home/u/corp-ca.pem", target: "cmd", carried: false },
  ];
  for (const c of cases) {
    const intent = intentOf({ SSL_CERT_FILE: c.file }, { facts: { sslCertFileReadable: true } });
    const out = renderTarget(c.target, intent);
    assert.equal(
      out.snippet.includes(c.file) || out.snippet.includes(c.file.split("/").pop()!),
      c.carried,
      `${c.target} ${c.file}`,
    );
    if (c.target === "powershell" || c.target === "cmd")
      assert.doesNotMatch(out.snippet, /SSL_CERT_FILE\W+\//, c.target);
  }
});
