import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { classifyRecord, networkCause } from "../../../../src/core/goerror/classify.js";
import { diagnoseLog, privatePattern } from "../../../../src/core/goerror/diagnose.js";
import {
  endpointOf,
  httpStatusOf,
  isSumdbURL,
  moduleOf,
  proxyModuleOf,
} from "../../../../src/core/goerror/facts.js";
import { normalizeLines } from "../../../../src/core/goerror/normalize.js";
import { splitRecords } from "../../../../src/core/goerror/records.js";

const rec = (text: string) => splitRecords(normalizeLines(text));

test("records: indented lines, the SECURITY ERROR block and git hints continue a message", () => {
  const r = rec(
    "go: downloading example.com/m v1.0.0\nverifying example.com/m@v1.0.0: checksum mismatch\n\tdownloaded: h1:x\n\tgo.sum:     h1:y\n\nSECURITY ERROR\nThis download does NOT match an earlier download recorded in go.sum.\n\nFor more information, see 'go help module-auth'.\ngo: other error",
  );
  assert.equal(r.length, 3);
  assert.equal(r[1]!.lines.length, 6);
  assert.equal(r[2]!.lines[0], "go: other error");
});

test("records: go mod download -json objects become records with module path and version", () => {
  const r = rec(
    '{\n\t"Path": "example.com/m",\n\t"Version": "v1.0.0",\n\t"Error": "example.com/m@v1.0.0: reading http://127.0.0.1:1/x/@v/v1.0.0.info: 404 Not Found"\n}\n{\n\t"Path": "example.com/ok",\n\t"Version": "v1.0.0"\n}',
  );
  assert.equal(r.length, 1);
  assert.match(r[0]!.lines[0]!, /^go: example\.com\/m@v1\.0\.0: reading/);
});

test("facts: endpoint, status, module and checksum-database URLs", () => {
  const t =
    "go: example.com/m@v1.0.0: reading https://user:pw@proxy.example/example.com/m/@v/v1.0.0.info: 410 Gone";
  assert.equal(endpointOf(t), "https://user:xxxxx@proxy.example/example.com/m/@v/v1.0.0.info");
  assert.equal(httpStatusOf(t), 410);
  assert.equal(moduleOf(t), "example.com/m@v1.0.0");
  assert.equal(
    endpointOf("x: Get https://proxy.golang.org/a.b/c/@v/v1.0.0.mod: dial tcp: i/o timeout"),
    "https://proxy.golang.org/a.b/c/@v/v1.0.0.mod",
  );
  assert.equal(
    proxyModuleOf("https://proxy.golang.org/github.com/%21eyevinn/mp4ff/@v/v0.49.0.zip"),
    "github.com/Eyevinn/mp4ff@v0.49.0",
  );
  assert.equal(proxyModuleOf("http://127.0.0.1:9/m/s404/example.com/m/@v/list"), "example.com/m");
  assert.ok(isSumdbURL("https://sum.golang.org/lookup/example.com/m@v1.0.0"));
  assert.ok(isSumdbURL("https://goproxy.io/sumdb/sum.golang.org/tile/8/1/237"));
  assert.ok(!isSumdbURL("https://proxy.golang.org/example.com/m/@v/v1.0.0.info"));
});

test("network causes from go's and Windows' texts, localised messages by their untranslated part", () => {
  const cases: [string, string][] = [
    ["dial tcp: lookup proxy.golang.org on 10.0.0.2:53: no such host", "dns-failure"],
    ["dial tcp: lookup proxy.golang.org: getaddrinfow: Der angegebene Host ist unbekannt.", "dns-failure"],
    [
      "dial tcp 1.2.3.4:443: connectex: Es konnte keine Verbindung hergestellt werden, da der Zielcomputer die Verbindung verweigerte.",
      "connect-failure",
    ],
    ["read tcp 1.2.3.4:5->6.7.8.9:443: wsarecv: 远程主机强迫关闭了一个现有的连接。", "connect-failure"],
    ["net/http: TLS handshake timeout", "timeout"],
    ["tls: failed to verify certificate: x509: certificate signed by unknown authority", "tls-untrusted"],
    ["x509: certificate has expired or is not yet valid: current time x is after y", "tls-other"],
    ["proxyconnect tcp: dial tcp 127.0.0.1:7890: connect: connection refused", "http-proxy-misconfig"],
    ['Get "https://proxy.golang.org/x": Proxy Authentication Required', "proxy-auth"],
    ['Get "https://proxy.golang.org/x": Forbidden', "http-proxy-misconfig"],
  ];
  for (const [t, want] of cases) assert.equal(networkCause(t)?.cause, want, t);
  assert.equal(networkCause("all good"), null);
});

test("a 404 from a public proxy whose body shows git asking for credentials is a private module", () => {
  const [c] = rec(
    "go: git.corp.example/x@v1.0.0: reading https://proxy.golang.org/git.corp.example/x/@v/v1.0.0.mod: 404 Not Found\n\tserver response:\n\tnot found: git.corp.example/x@v1.0.0: invalid version: git ls-remote -q origin in /tmp/x: exit status 128:\n\t\tfatal: could not read Username for 'https://git.corp.example': terminal prompts disabled",
  ).map(classifyRecord);
  assert.equal(c?.cause, "private-via-public-proxy");
  assert.equal(c?.host, "proxy.golang.org");
  assert.equal(c?.module, "git.corp.example/x@v1.0.0");
});

test("progress lines and compiler errors are not diagnoses", () => {
  assert.deepEqual(
    diagnoseLog(
      "go: downloading example.com/m v1.0.0\n./main.go:3:2: undefined: x\nok  \texample.com/m\t0.1s",
    ),
    [],
  );
});

test("the same error for many modules is one diagnosis listing the modules; distinct errors stay apart", () => {
  const line = (m: string) =>
    `go: ${m}@v1.0.0: Get "https://proxy.golang.org/${m}/@v/v1.0.0.mod": dial tcp 142.250.72.177:443: i/o timeout`;
  const d = diagnoseLog(
    [
      line("example.com/a"),
      line("example.com/b"),
      line("example.com/c"),
      "go: example.com/d@v1.0.0: module lookup disabled by GOPROXY=off",
    ].join("\n"),
  );
  assert.equal(d.length, 2);
  // go's own "disabled by GOPROXY=off" is more specific than a dial timeout: it comes first.
  assert.equal(d[0]!.cause, "goproxy-off");
  assert.equal(d[1]!.cause, "timeout");
  assert.equal(d[1]!.role, "proxy");
  assert.deepEqual(d[1]!.modules, ["example.com/a@v1.0.0", "example.com/b@v1.0.0", "example.com/c@v1.0.0"]);
  assert.equal(d[1]!.occurrences, 3);
});

test("explanations and fixes come from CAUSE_INFO; concrete fixes use the evidence; credentials are redacted", () => {
  const [d] = diagnoseLog(
    "go: github.com/acme-private/billing@v0.9.1: verifying go.mod: github.com/acme-private/billing@v0.9.1/go.mod: reading https://sum.golang.org/lookup/github.com/acme-private/billing@v0.9.1: 404 Not Found\n\tserver response: not found: fatal: could not read Username for 'https://github.com': terminal prompts disabled",
  );
  assert.equal(d!.cause, "private-via-public-sumdb");
  assert.equal(d!.fix[0], "go env -w GOPRIVATE=github.com/acme-private");
  assert.match(d!.explanation, /GONOSUMDB/);
  const [r] = diagnoseLog(
    "go: x.example/m@v1.0.0: refusing to pass credentials to insecure URL: http://bob:hunter2@goproxy.example/x",
  );
  assert.ok(r!.evidence.every((l) => !l.includes("hunter2")));
  assert.equal(privatePattern("gitlab.corp.example/a/b"), "gitlab.corp.example");
});

test("property: diagnoseLog never throws and returns well-formed diagnoses on arbitrary input", () => {
  const words = fc.constantFrom(
    "go: ",
    "example.com/m@v1.0.0: ",
    'Get "https://proxy.golang.org/x/@v/v1.0.0.info": ',
    "reading https://sum.golang.org/lookup/x@v1: 410 Gone",
    "\tserver response: ",
    "dial tcp: lookup x: no such host",
    "connectex: ",
    "checksum mismatch",
    "\n",
    "{\n",
    '"Error": "',
    "}\n",
    "SECURITY ERROR\n",
    "x509: ",
  );
  const input = fc.oneof(
    fc.string(),
    fc.array(fc.oneof(words, fc.string({ maxLength: 6 })), { maxLength: 60 }).map((a) => a.join("")),
  );
  fc.assert(
    fc.property(input, (s) => {
      for (const d of diagnoseLog(s)) {
        assert.ok(d.confidence >= 0 && d.confidence <= 1);
        assert.ok(d.evidence.length > 0);
        assert.ok(d.fix.length > 0);
        assert.ok(d.modules.length === 0 ? d.module === null : d.module === d.modules[0]);
      }
    }),
    { numRuns: 1500 },
  );
});

test("hostile input: a 2 MB run of dots and a 2 MB URL give at most an 'other' diagnosis", () => {
  const a = diagnoseLog(`go: ${"a.".repeat(1_000_000)}`);
  const b = diagnoseLog(`go: x@v1: Get "https://${"a/".repeat(1_000_000)}": ${"@".repeat(100_000)}`);
  assert.ok(a.length <= 1 && b.length <= 1);
  assert.ok([...a, ...b].every((d) => d.evidence.length > 0));
});

test("go1.19's refusals of a VCS path are invalid-path, not invalid-version ('invalid version control suffix')", () => {
  for (const text of [
    'go: github.com/acme@v1.0.0: invalid github.com import path "github.com/acme"\n',
    "go: github.com/acme/lib.git@v1.0.0: invalid version control suffix in github.com/ path\n",
  ])
    assert.deepEqual(
      diagnoseLog(text).map((d) => d.cause),
      ["invalid-path"],
      text,
    );
});
