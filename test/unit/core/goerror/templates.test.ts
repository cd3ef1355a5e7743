/**
 * Every error template go can print on the download path (core/goerror/templates.ts) is classified by `why`
 * as the taxonomy's definitions say: the first diagnosis of its sample has the template's cause and role,
 * and Windows samples get no Unix-only advice. Counts per cause are printed.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { CAUSES, fixesFor, isCause, ROLES } from "../../../../src/core/causes.js";
import { causeOfGoError, diagnoseLog, roleOfGoError } from "../../../../src/core/goerror/diagnose.js";
import { GO_ERROR_TEMPLATES } from "../../../../src/core/goerror/templates.js";

test("templates: ids unique, causes and roles from the taxonomy, a sample and a literal source part each", () => {
  const ids = new Set<string>();
  for (const t of GO_ERROR_TEMPLATES) {
    assert.ok(!ids.has(t.id), `duplicate ${t.id}`);
    ids.add(t.id);
    assert.ok(isCause(t.cause), t.id);
    assert.ok((ROLES as readonly string[]).includes(t.role), t.id);
    assert.ok(t.fixed.length >= 3 && t.sample.length > 10, t.id);
    assert.match(t.versions, /^(?:1\.\d+)?-(?:1\.\d+)?$/, t.id);
  }
  assert.ok(GO_ERROR_TEMPLATES.length >= 90, `only ${GO_ERROR_TEMPLATES.length} templates`);
  // Every cause but "other" is reached by at least one of go's texts.
  const covered = new Set(GO_ERROR_TEMPLATES.map((t) => t.cause));
  assert.deepEqual(
    CAUSES.filter((c) => c !== "other" && !covered.has(c)),
    [],
  );
});

test("templates: every template's sample is diagnosed with its cause and role, first", () => {
  const wrong: string[] = [];
  const per = new Map<string, number>();
  for (const t of GO_ERROR_TEMPLATES) {
    const d = diagnoseLog(`${t.sample}\n`);
    per.set(t.cause, (per.get(t.cause) ?? 0) + 1);
    const first = d[0];
    if (first === undefined || first.cause !== t.cause || first.role !== t.role)
      wrong.push(
        `${t.id}: expected ${t.cause}@${t.role}, got ${first ? `${first.cause}@${first.role}` : "nothing"}`,
      );
  }
  console.log(
    `templates: ${GO_ERROR_TEMPLATES.length - wrong.length}/${GO_ERROR_TEMPLATES.length} classified; per cause: ${[
      ...per,
    ]
      .map(([c, n]) => `${c} ${n}`)
      .join(", ")}`,
  );
  assert.deepEqual(wrong, []);
});

test("templates: every network failure mode has templates on Unix and on Windows", () => {
  // (x509's texts are the same on every OS: tls-untrusted has no Windows-only template.)
  for (const cause of ["dns-failure", "timeout", "connect-failure"] as const) {
    assert.ok(
      GO_ERROR_TEMPLATES.some((t) => t.cause === cause && t.os === undefined),
      `${cause} unix`,
    );
    assert.ok(
      GO_ERROR_TEMPLATES.some((t) => t.cause === cause && t.os === "windows"),
      `${cause} windows`,
    );
  }
  assert.ok(GO_ERROR_TEMPLATES.some((t) => t.cause === "tls-untrusted"));
});

test("advice fits the text: Windows texts get Windows advice and never resolv.conf; git's failures get git's proxy", () => {
  for (const t of GO_ERROR_TEMPLATES.filter((x) => x.os === "windows")) {
    const fix = diagnoseLog(t.sample)[0]!.fix.join("\n");
    assert.doesNotMatch(fix, /resolv\.conf|update-ca-certificates|SSL_CERT_FILE|apt-get/, t.id);
  }
  const dns = diagnoseLog(GO_ERROR_TEMPLATES.find((t) => t.id === "win.getaddrinfow-zh")!.sample)[0]!;
  assert.match(dns.fix.join("\n"), /ipconfig/);
  const unixDns = diagnoseLog(GO_ERROR_TEMPLATES.find((t) => t.id === "net.no-such-host")!.sample)[0]!;
  assert.match(unixDns.fix.join("\n"), /resolv\.conf/);
  const git = diagnoseLog(GO_ERROR_TEMPLATES.find((t) => t.id === "curl.proxy-dead")!.sample)[0]!;
  assert.equal(git.host, "127.0.0.1");
  assert.match(git.fix.join("\n"), /git config --global --get http\.proxy/);
  // go's own proxyconnect failure is about HTTPS_PROXY, not git's settings.
  const goProxy = diagnoseLog(
    GO_ERROR_TEMPLATES.find((t) => t.id === "http.proxyconnect-refused")!.sample,
  )[0]!;
  assert.doesNotMatch(goProxy.fix.join("\n"), /http\.proxy/);
});

test("go-version advice never names the setting that caused it, and no GOTOOLCHAIN advice for go ≤ 1.20", () => {
  const local = diagnoseLog("go: go.mod requires go >= 1.22.0 (running go 1.21.5; GOTOOLCHAIN=local)\n")[0]!;
  assert.equal(local.cause, "go-version");
  const text = local.fix.join("\n");
  assert.doesNotMatch(text, /set GOTOOLCHAIN=local|GOTOOLCHAIN=local`/);
  assert.match(text, /go 1\.22\.0 or newer/);
  assert.match(text, /GOTOOLCHAIN=auto|go env -u GOTOOLCHAIN/);
  for (const old of [
    "go: errors parsing go.mod:\n/app/go.mod:3: invalid go version '1.22.0': must match format 1.23\n",
    "go: errors parsing go.mod:\n/app/go.mod:5: unknown directive: toolchain\n",
    "# example.com/app\nnote: module requires Go 1.22\n./main.go:3:2: undefined: slices\n",
  ]) {
    const d = diagnoseLog(old)[0]!;
    assert.equal(d.cause, "go-version", old);
    assert.doesNotMatch(d.fix.join("\n"), /GOTOOLCHAIN=/, old);
  }
  // A go line without a patch number: the fix is the go line, not GOTOOLCHAIN (which did not stop the switch).
  const lang = diagnoseLog(
    "go: downloading go1.22 (linux/amd64)\ngo: download go1.22 for linux/amd64: toolchain not available\n",
  )[0]!;
  assert.equal(lang.role, "toolchain");
  assert.match(lang.fix[0]!, /`go 1\.22\.0`/);
  assert.doesNotMatch(lang.fix.join("\n"), /GOTOOLCHAIN/);
  assert.ok(fixesFor("go-version", { goMinor: 20 }).every((f) => !/GOTOOLCHAIN=auto/.test(f)));
  assert.ok(
    fixesFor("go-version", { goMinor: 26, text: "(running go 1.26.1; GOTOOLCHAIN=local)" }).some((f) =>
      /GOTOOLCHAIN=auto/.test(f),
    ),
  );
});

test("property: every diagnosis has a role; roleOfGoError/causeOfGoError answer from the taxonomy or nothing, never throw", () => {
  // Pieces of go's texts mixed with arbitrary strings, so that rules fire on odd combinations.
  const piece = fc.oneof(
    fc.constantFrom(...GO_ERROR_TEMPLATES.map((t) => t.sample.slice(0, 60))),
    fc.string({ maxLength: 12 }),
  );
  const text = fc.array(piece, { maxLength: 8 }).map((a) => a.join(" "));
  fc.assert(
    fc.property(text, fc.option(fc.constantFrom("golang.org/toolchain", "example.com/m")), (t, module) => {
      for (const d of diagnoseLog(t)) assert.ok((ROLES as readonly string[]).includes(d.role));
      const role = roleOfGoError(t, module ?? undefined);
      assert.ok(role === undefined || (ROLES as readonly string[]).includes(role));
      if (module === "golang.org/toolchain") assert.equal(role, "toolchain");
      const cause = causeOfGoError(t);
      assert.ok(cause === null || isCause(cause));
    }),
    { numRuns: 300 },
  );
});

test("property: advice for a context never contradicts it (no Windows advice on Unix and back, no GOTOOLCHAIN to go ≤ 1.20, git's own settings only for git)", () => {
  const ctx = fc.record({
    os: fc.constantFrom("windows" as const, "unix" as const, null),
    goMinor: fc.option(fc.integer({ min: 11, max: 30 })),
    tool: fc.constantFrom("go" as const, "git" as const, null),
    text: fc.option(fc.constantFrom("GOTOOLCHAIN=local", "toolchain not available", "")),
  });
  fc.assert(
    fc.property(fc.constantFrom(...CAUSES), ctx, (cause, c) => {
      const fixes = fixesFor(cause, { ...c, text: c.text ?? undefined }).join("\n");
      if (c.os === "unix") assert.doesNotMatch(fixes, /On Windows|ipconfig|certutil|_netrc/);
      if (c.os === "windows") assert.doesNotMatch(fixes, /resolv\.conf|update-ca-certificates|apt-get/);
      if (c.goMinor !== null && c.goMinor <= 20) assert.doesNotMatch(fixes, /GOTOOLCHAIN=auto/);
      if (c.tool !== "git")
        assert.doesNotMatch(fixes, /git config --global --get http\.proxy|http\.sslCAInfo/);
      assert.doesNotMatch(fixes, /set GOTOOLCHAIN=local|GOSUMDB=off`|GOINSECURE=/);
    }),
    { numRuns: 500 },
  );
});
