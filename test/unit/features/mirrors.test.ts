// `mirrors` against fault-injected loopback mirrors (test/support/fake-mirror.ts) with the real checksum
// database of the Go modproxy fixture: ranking, freshness, integrity, checksum-database proxying, a hanging
// mirror bounded by the deadline, the GOPROXY recommendation, the JSON document and the exit codes.
// No public mirror is ever contacted: candidates are loopback URLs, and the default public list is injected.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runMirrors } from "../../../src/cli/commands/mirrors.js";
import { compareMirrors, type MirrorsReport } from "../../../src/features/mirrors.js";
import { mirrorsDocument, mirrorsText } from "../../../src/render/mirrors.js";
import { assertDocument } from "../../support/documents.js";
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
const mirrors: Record<string, FakeMirror> = {};

async function start(name: string, faults: Fault[], content: Awaited<ReturnType<typeof loadContent>>) {
  mirrors[name] = await startFakeMirror({ upstream: modproxy, modules: MODULES, content, faults });
}

before(async () => {
  modproxy = await startModProxy();
  const content = await loadContent(modproxy, MODULES);
  await start("healthy", [], content);
  await start("stale", ["stale-latest", "no-sumdb"], content);
  await start("forbidden", ["missing-403"], content);
  await start("tampered", ["tampered-zip"], content);
  await start("hang", ["hang"], content);
  await start("broken", ["s503"], content);
});
after(async () => {
  await Promise.all(Object.values(mirrors).map((m) => m.close()));
  await modproxy.close();
});

function env(goproxy: string): Record<string, string> {
  return {
    HOME: "/nonexistent",
    PATH: "/nonexistent",
    GOPROXY: goproxy,
    GOSUMDB: `${modproxy.sumdbKey} ${modproxy.base}/sumdb/${modproxy.sumdbName}`,
    NO_PROXY: "",
  };
}

function byURL(r: MirrorsReport, name: string) {
  const m = r.mirrors.find((x) => x.url === mirrors[name]!.url);
  assert.ok(m, name);
  return m;
}

let report: MirrorsReport;
let elapsed = 0;

test("five loopback mirrors and a dead one, side by side: ranks, causes, recommendation", async () => {
  const t0 = Date.now();
  report = await compareMirrors({
    env: env(`${mirrors.healthy!.url},direct`),
    urls: [
      ...["tampered", "hang", "forbidden", "stale", "healthy"].map((n) => mirrors[n]!.url),
      "https://gocenter.io",
    ],
    modules: PROBES,
    missingModule: MISSING,
    timeoutMs: 1000,
    deadlineMs: 8000,
    tries: 3,
  });
  elapsed = Date.now() - t0;
  assert.ok(elapsed < 10_000, `${elapsed} ms`);
  assert.deepEqual(
    report.mirrors.map((m) => [
      m.rank,
      m.url === "https://gocenter.io" ? "dead" : Object.keys(mirrors).find((k) => mirrors[k]!.url === m.url),
      m.works,
    ]),
    [
      [1, "healthy", true],
      [2, "stale", true],
      [3, "forbidden", false],
      [4, "tampered", false],
      [5, "hang", false],
      [6, "dead", false],
    ],
  );
  assert.equal(report.recommendation.goproxy, `${mirrors.healthy!.url}|${mirrors.stale!.url},direct`);
  assert.equal(report.sumdb.name, modproxy.sumdbName);
});

test("integrity: the healthy mirror's zips and go.mod files verified against the database, the tampered one's not", () => {
  const healthy = byURL(report, "healthy");
  assert.equal(healthy.integrity, "verified");
  assert.equal(healthy.integrityDetail.filter((l) => l.includes(": verified h1:")).length, 4);
  const tampered = byURL(report, "tampered");
  assert.equal(tampered.integrity, "mismatch");
  assert.ok(
    tampered.integrityDetail.some((l) => /^example\.com\/alpha@v1\.1\.0: mismatch: mirror h1:/.test(l)),
  );
  // the go.mod files it serves are untouched
  assert.ok(tampered.integrityDetail.some((l) => l.startsWith("example.com/alpha@v1.1.0/go.mod: verified")));
});

test("freshness, checksum-database proxying, the missing-module fault, the hanging mirror, the dead one", () => {
  const stale = byURL(report, "stale");
  assert.deepEqual(stale.freshness?.stale, [
    { module: "example.com/alpha", version: "v1.0.0", newest: "v1.1.0" },
  ]);
  assert.equal(stale.sumdb.supported, false);
  const healthy = byURL(report, "healthy");
  assert.equal(healthy.sumdb.supported, true);
  assert.equal(healthy.sumdb.verified, true);
  assert.equal(healthy.configured, true);
  assert.ok(healthy.latency !== null && healthy.latency.answered === 3 && healthy.latency.totalMs !== null);
  assert.ok(healthy.throughputBps !== null && healthy.throughputBps > 0);
  assert.deepEqual(byURL(report, "forbidden").failedChecks, ["missing-module"]);
  const hang = byURL(report, "hang");
  assert.equal(hang.reachable, false);
  assert.equal(hang.latency?.cause, "timeout");
  assert.ok(hang.protocol?.checks.some((c) => c.cause === "timeout"));
  const dead = report.mirrors.find((m) => m.url === "https://gocenter.io")!;
  assert.equal(dead.probed, false);
  assert.match(dead.summary, /^dead: JFrog GoCenter/);
});

test("the JSON document and the text carry the contract and the reasons", () => {
  const doc = mirrorsDocument(report);
  assert.equal(doc.schema, "goproxy-doctor.mirrors/v1");
  assertDocument(JSON.parse(JSON.stringify(doc)));
  assert.equal(doc.ok, true);
  assert.ok(doc.mirrors.every((m) => typeof m.url === "string" && typeof m.ok === "boolean" && m.rank >= 1));
  assert.equal(doc.recommendation.goproxy, report.recommendation.goproxy);
  assert.ok(doc.recommendation.reasons.some((r) => r.includes("`,direct` last")));
  assert.ok(
    doc.recommendation.reasons.some((r) => r.startsWith(`Not recommended: ${mirrors.tampered!.url}`)),
  );
  const text = mirrorsText(report);
  assert.match(text, /go env -w GOPROXY='http:\/\/127\.0\.0\.1:\d+\|http:\/\/127\.0\.0\.1:\d+,direct'/);
  assert.match(text, /example\.com\/alpha: @latest is v1\.0\.0, another mirror has v1\.1\.0/);
});

test("default candidates: the configured GOPROXY entries plus the (injected) public list, deduplicated", async () => {
  const r = await compareMirrors({
    env: env(`${mirrors.healthy!.url},${mirrors.stale!.url}/|direct`),
    publicMirrors: [mirrors.stale!.url, mirrors.broken!.url],
    modules: PROBES.slice(0, 1),
    missingModule: MISSING,
    timeoutMs: 1000,
    deadlineMs: 5000,
    tries: 1,
  });
  assert.deepEqual(
    r.mirrors.map((m) => [m.url.replace(/\/$/, ""), m.configured]).sort(),
    [
      [mirrors.broken!.url, false],
      [mirrors.healthy!.url, true],
      [mirrors.stale!.url, true],
    ].sort(),
  );
  assert.equal(r.current, `${mirrors.healthy!.url},${mirrors.stale!.url}/|direct`);
});

test("runMirrors: exit 0 with a working mirror, 1 with none, 2 for bad URLs and modules; no credentials in output", async () => {
  let out = "";
  const write = (s: string) => {
    out += s;
  };
  const base = { env: env("off"), json: true, timeout: 1000, deadline: 5000, write };
  const withCreds = mirrors.healthy!.url.replace("http://", "http://bob:hunter2@");
  const mods = ["example.com/alpha@v1.1.0"];
  assert.equal(await runMirrors([mirrors.healthy!.url], { ...base, module: mods }), 0);
  assert.equal((JSON.parse(out) as { schema: string }).schema, "goproxy-doctor.mirrors/v1");
  out = "";
  // go refuses credentials on http://, so such a mirror does not work; the password is never shown
  assert.equal(await runMirrors([withCreds], { ...base, module: mods }), 1);
  assert.ok(!out.includes("hunter2"));
  assert.ok(out.includes("bob:xxxxx@"));
  out = "";
  assert.equal(await runMirrors([mirrors.broken!.url], { ...base, module: mods }), 1);
  assert.equal((JSON.parse(out) as { recommendation: { goproxy: string } }).recommendation.goproxy, "direct");
  out = "";
  assert.equal(await runMirrors(["ftp://127.0.0.1:1"], base), 2);
  assert.equal(await runMirrors([`${mirrors.healthy!.url},${mirrors.stale!.url}`], base), 2);
  assert.equal(
    await runMirrors([mirrors.healthy!.url], { ...base, module: ["example.com/alpha@latest"] }),
    2,
  );
  assert.equal(out, "");
});

test("a private mirror behind Basic auth over https works with the .netrc go would use, and not without", async () => {
  const front = await startAuthFront(mirrors.healthy!.url, "alice", "t0ken");
  const dir = mkdtempSync(join(tmpdir(), "gpd-mirrors-netrc-"));
  writeFileSync(join(dir, "ca.pem"), front.cert);
  writeFileSync(join(dir, "netrc"), "machine 127.0.0.1 login alice password t0ken\n");
  try {
    const url = front.url;
    // go ≤ 1.23 matches .netrc by host name; go ≥ 1.24 (GOAUTH=netrc) by URL prefix, port included
    // (verified with go1.19.8 and go1.26.8: test/conformance/goauth-go.test.ts).
    const run = (extra: Record<string, string>, goVersion = "1.19") =>
      compareMirrors({
        goVersion,
        env: { ...env(url), SSL_CERT_FILE: join(dir, "ca.pem"), ...extra },
        urls: [url],
        modules: PROBES.slice(0, 1),
        missingModule: MISSING,
        timeoutMs: 2000,
        deadlineMs: 8000,
        tries: 1,
      });
    const without = await run({ NETRC: join(dir, "missing") });
    assert.equal(without.mirrors[0]!.works, false, "401 without credentials");
    const withNetrc = await run({ NETRC: join(dir, "netrc") });
    assert.equal(withNetrc.mirrors[0]!.works, true, withNetrc.mirrors[0]!.summary);
    assert.doesNotMatch(JSON.stringify(mirrorsDocument(withNetrc)), /t0ken/);
    assert.equal(
      (await run({ NETRC: join(dir, "netrc") }, "1.26")).mirrors[0]!.works,
      false,
      "host only, go1.26",
    );
    const port = new URL(url).port;
    writeFileSync(join(dir, "netrc-port"), `machine 127.0.0.1:${port} login alice password t0ken\n`);
    assert.equal(
      (await run({ NETRC: join(dir, "netrc-port") }, "1.26")).mirrors[0]!.works,
      true,
      "host:port, go1.26",
    );
  } finally {
    front.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
