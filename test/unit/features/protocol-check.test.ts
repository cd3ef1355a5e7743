// checkProtocol against fault-injected loopback mirrors (test/support/fake-mirror.ts, content and checksum
// database from the Go modproxy fixture) and against modproxy itself: every fault gives a failed check
// with the right id, cause and detail, never a throw; hanging servers cost the deadline, no more.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { checkProtocol, type ProtocolCheckResult } from "../../../src/features/protocol-check.js";
import {
  type FakeMirror,
  type Fault,
  loadContent,
  startFakeMirror,
  TEST_MISSING,
  TEST_MODULES,
  TEST_PROBES,
} from "../../support/fake-mirror.js";
import { startAuthFront } from "../../support/loopback.js";
import { type ModProxy, startModProxy } from "../../support/modproxy.js";

const MODULES = TEST_MODULES;
const PROBES = TEST_PROBES;
const MISSING = TEST_MISSING;

let modproxy: ModProxy;
let mirror: FakeMirror;
/** The checksum database's h1 of example.com/alpha@v1.1.0's zip. */
let alphaH1 = "";

before(async () => {
  modproxy = await startModProxy();
  const content = await loadContent(modproxy, MODULES);
  mirror = await startFakeMirror({ upstream: modproxy, modules: MODULES, content });
  const lookup = await (
    await fetch(`${modproxy.base}/sumdb/${modproxy.sumdbName}/lookup/example.com/alpha@v1.1.0`)
  ).text();
  alphaH1 = /^example\.com\/alpha v1\.1\.0 (h1:\S+)$/m.exec(lookup)![1]!;
});
after(async () => {
  await mirror.close();
  await modproxy.close();
});

const ENV = { NO_PROXY: "", HTTP_PROXY: "", HTTPS_PROXY: "" };

function run(faults: Fault[], extra: Partial<Parameters<typeof checkProtocol>[1]> = {}, url?: string) {
  mirror.setFaults(faults);
  return checkProtocol(url ?? mirror.url, {
    modules: PROBES,
    timeoutMs: 3000,
    env: ENV,
    missingModule: MISSING,
    sumdbName: modproxy.sumdbName,
    ...extra,
  });
}

function failed(r: ProtocolCheckResult): string[] {
  return [...new Set(r.checks.filter((c) => !c.ok).map((c) => c.id))].sort();
}

function check(r: ProtocolCheckResult, id: string, module?: string) {
  const c = r.checks.find((x) => x.id === id && (module === undefined || x.module?.startsWith(module)));
  assert.ok(c, `no ${id} check`);
  return c;
}

test("a healthy mirror passes every check, with h1s, versions and content types", async () => {
  const r = await run([], { modules: [{ ...PROBES[0]!, h1: alphaH1 }, PROBES[1]!] });
  assert.deepEqual(failed(r), [], JSON.stringify(r.checks.filter((c) => !c.ok)));
  assert.equal(r.ok, true);
  const ids = new Set(r.checks.map((c) => c.id));
  for (const id of [
    "list",
    "info",
    "mod",
    "zip",
    "latest",
    "case-escaping",
    "missing-module",
    "content-type",
    "sumdb-supported",
  ])
    assert.ok(ids.has(id as never), id);
  assert.deepEqual(r.latest, [
    { module: "example.com/alpha", version: "v1.1.0" },
    { module: "example.com/Upper/Mod", version: "v1.0.0" },
  ]);
  assert.equal(r.zips.find((z) => z.module === "example.com/alpha@v1.1.0")?.h1, alphaH1);
  assert.ok(r.zips.every((z) => z.bytes > 0));
  assert.equal(r.mods.length, 2);
  assert.equal(r.sumdbSupported, true);
  assert.equal(check(r, "case-escaping").skipped, false);
  // go asked the escaped path only
  assert.ok(mirror.requests.some((p) => p.includes("/example.com/%21upper/%21mod/@v/v1.0.0.info")));
  assert.equal(check(r, "missing-module").status, 404);
});

test("a missing module answered 403, 500 or 200 fails missing-module (go falls back on 404/410 only)", async () => {
  const r403 = await run(["missing-403"]);
  assert.deepEqual(failed(r403), ["missing-module"]);
  assert.equal(check(r403, "missing-module").cause, "proxy-auth");
  assert.match(check(r403, "missing-module").detail, /403 Forbidden instead of 404\/410/);
  const r500 = await run(["missing-500"]);
  assert.equal(check(r500, "missing-module").cause, "proxy-error");
  const r200 = await run(["missing-200"]);
  assert.match(check(r200, "missing-module").detail, /answers 200 for a module that does not exist/);
});

test("wrong .info version and invalid JSON fail with go's words", async () => {
  const wrong = await run(["wrong-info"]);
  assert.deepEqual(failed(wrong), ["case-escaping", "info"]);
  assert.equal(
    check(wrong, "info", "example.com/alpha").detail,
    "proxy returned info for version v9.9.9 instead of requested version",
  );
  const bad = await run(["invalid-json"]);
  assert.deepEqual(failed(bad), ["case-escaping", "info", "latest"]);
  assert.match(
    check(bad, "info").detail,
    /^invalid response from proxy "http:\/\/127\.0\.0\.1:\d+": not JSON/,
  );
});

test("a mirror that serves only non-escaped paths fails case-escaping", async () => {
  const r = await run(["raw-paths-only"]);
  const c = check(r, "case-escaping");
  assert.equal(c.ok, false);
  assert.match(c.detail, /unescaped one 200/);
  assert.equal(check(r, "info", "example.com/Upper").status, 404);
  assert.equal(check(r, "info", "example.com/alpha").ok, true);
});

test("a stale mirror passes the protocol but reports the older @latest", async () => {
  const r = await run(["stale-latest"]);
  assert.equal(r.ok, true);
  assert.equal(r.latest[0]?.version, "v1.0.0");
});

test("zips: tampered (checksum-mismatch when h1 is known), hostile, HTML, over the cap", async () => {
  const tampered = await run(["tampered-zip"], { modules: [{ ...PROBES[0]!, h1: alphaH1 }] });
  assert.equal(check(tampered, "zip").cause, "checksum-mismatch");
  assert.notEqual(tampered.zips[0]?.h1, alphaH1);
  const hostile = await run(["hostile-zip"]);
  assert.match(
    check(hostile, "zip", "example.com/alpha").detail,
    /^zip for example\.com\/alpha@v1\.1\.0 has unexpected file /,
  );
  const html = await run(["html-zip"]);
  assert.deepEqual(failed(html), ["content-type", "zip"]);
  assert.match(check(html, "content-type").detail, /text\/html/);
  assert.match(check(html, "zip").detail, /not a valid module zip: zip: /);
  const big = await run(["big-zip"], { maxZipBytes: 1 << 20 });
  assert.match(check(big, "zip").detail, /larger than the 1048576-byte cap/);
  assert.deepEqual(big.zips, []);
});

test("checksum-database proxying: 404 conforms (not proxied), 500 fails with sumdb-error", async () => {
  const no = await run(["no-sumdb"]);
  assert.equal(no.ok, true);
  assert.equal(no.sumdbSupported, false);
  const broken = await run(["sumdb-500"]);
  assert.equal(check(broken, "sumdb-supported").cause, "sumdb-error");
  assert.equal(broken.sumdbSupported, null);
});

test("5xx everywhere, a redirect loop: every request check fails, nothing throws", async () => {
  const r = await run(["s503"]);
  assert.ok(
    r.checks.filter((c) => c.id === "info").every((c) => c.cause === "proxy-error" && c.status === 503),
  );
  assert.match(
    check(r, "info").detail,
    /^reading http:\/\/127\.0\.0\.1:\d+\/example\.com\/alpha\/@v\/v1\.1\.0\.info: 503 Service Unavailable$/,
  );
  const loop = await run(["redirect-loop"]);
  assert.equal(loop.ok, false);
  assert.match(check(loop, "list").detail, /stopped after 10 redirects/);
  assert.equal(check(loop, "list").cause, "proxy-error");
});

test("a hanging mirror costs the per-request timeout, or the overall signal, not more", async () => {
  const t0 = Date.now();
  const r = await run(["hang"], { timeoutMs: 300 });
  assert.ok(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
  assert.ok(r.checks.filter((c) => !c.skipped).every((c) => !c.ok || c.id === "case-escaping"));
  assert.equal(check(r, "zip").cause, "timeout");
  const t1 = Date.now();
  const s = await run(["hang"], { timeoutMs: 20_000, signal: AbortSignal.timeout(300) });
  assert.ok(Date.now() - t1 < 5000, `${Date.now() - t1} ms`);
  assert.equal(check(s, "info").cause, "timeout");
  assert.match(check(s, "info").detail, /overall deadline/);
});

test("credentials in the base URL never reach the result; a bad base URL is a failed result", async () => {
  const withCreds = mirror.url.replace("http://", "http://alice:s3cret@");
  const before = mirror.requests.length;
  const r = await run([], {}, withCreds);
  assert.ok(!JSON.stringify(r).includes("s3cret"));
  assert.ok(r.url.includes("alice:xxxxx@"));
  // as go (web/http.go), credentials are never sent over http: nothing reached the server
  assert.equal(mirror.requests.length, before);
  assert.equal(check(r, "info").cause, "insecure-refused");
  assert.match(
    check(r, "info").detail,
    /^refusing to pass credentials to insecure URL: http:\/\/alice:xxxxx@127/,
  );
  const bad = await checkProtocol("ftp://example.com", { modules: PROBES, timeoutMs: 100, env: ENV });
  assert.equal(bad.ok, false);
  assert.equal(bad.checks[0]?.cause, "config-invalid");
  const badModule = await run([], { modules: [{ path: "not a path", version: "v1.0.0" }] });
  assert.equal(check(badModule, "info").cause, "invalid-path");
});

test("modproxy (Go): a synthesizing proxy fails missing-module, passes the rest", async () => {
  const r = await checkProtocol(modproxy.url("ok"), {
    modules: PROBES,
    timeoutMs: 3000,
    env: ENV,
    missingModule: MISSING,
    sumdbName: modproxy.sumdbName,
  });
  assert.deepEqual(failed(r), ["missing-module"]);
  assert.equal(r.sumdbSupported, true);
  // Under example.invalid/ modproxy answers 404 for everything, as a conforming proxy does.
  const conforming = await checkProtocol(modproxy.url("ok"), {
    modules: PROBES,
    timeoutMs: 3000,
    env: ENV,
    sumdbName: modproxy.sumdbName,
  });
  assert.deepEqual(failed(conforming), []);
});

test(".netrc credentials go with https requests, as go sends them: a private proxy behind Basic auth passes", async () => {
  const front = await startAuthFront(mirror.url, "alice", "t0ken");
  try {
    mirror.setFaults([]);
    const url = front.url;
    const opts = { modules: PROBES, timeoutMs: 3000, env: ENV, missingModule: MISSING, ca: [front.cert] };
    const without = await checkProtocol(url, opts);
    assert.equal(check(without, "info").ok, false, "no .netrc: 401");
    const netrc = [{ machine: "127.0.0.1", login: "alice", password: "t0ken" }];
    const withNetrc = await checkProtocol(url, { ...opts, netrc });
    assert.equal(check(withNetrc, "info").ok, true, check(withNetrc, "info").detail);
    assert.doesNotMatch(JSON.stringify(withNetrc), /t0ken/);
  } finally {
    front.close();
  }
});
