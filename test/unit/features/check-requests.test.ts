// One `check` run against the loopback modproxy (test/support/modproxy.ts), counting what the server
// receives: the GOPROXY-protocol checks and the download prediction ask for the same .info/.mod/.zip of the
// probe module, and each URL must reach the server once.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { check } from "../../../src/features/check.js";
import { type LoggedRequest, type ModProxy, startModProxy } from "../../support/modproxy.js";

let mp: ModProxy;
let home = "";

before(async () => {
  mp = await startModProxy();
  home = mkdtempSync(join(tmpdir(), "gpd-check-requests-"));
});
after(async () => {
  await mp?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

function env(goproxy: string, gosumdb = "off"): Record<string, string> {
  return {
    HOME: home,
    PATH: "/nonexistent",
    GOPATH: join(home, "gopath"),
    GOPROXY: goproxy,
    GOSUMDB: gosumdb,
    NO_PROXY: "",
  };
}

/** Runs one check and returns the requests modproxy received for it, with a count per path. */
async function oneCheck(goproxy: string, module = "example.com/m@v1.0.0", gosumdb = "off") {
  await mp.reset();
  const report = await check({
    modules: [module],
    env: env(goproxy, gosumdb),
    crossCheck: false,
    phaseTimeoutMs: 1_500,
    deadlineMs: 10_000,
  });
  await mp.settle();
  const requests = mp.requests();
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
  return { report, requests, counts };
}

function repeated(counts: ReadonlyMap<string, number>): [string, number][] {
  return [...counts].filter(([, n]) => n > 1);
}

function paths(requests: readonly LoggedRequest[], suffix: string): string[] {
  return requests.filter((r) => r.path.endsWith(suffix)).map((r) => r.path);
}

test("a healthy first entry: the probe module's .info, .mod and .zip each reach the server once", async () => {
  const { report, requests, counts } = await oneCheck(mp.url("ok"));
  const m = report.modules[0]!;
  assert.equal(m.prediction?.outcome, "ok");
  // The prediction's record is unchanged: go's three requests, each with a status and a duration.
  assert.deepEqual(
    m.prediction!.requests.map((r) => [r.line.replace(mp.base, "P"), r.status]),
    [
      ["GET P/m/ok/example.com/m/@v/v1.0.0.info", 200],
      ["GET P/m/ok/example.com/m/@v/v1.0.0.mod", 200],
      ["GET P/m/ok/example.com/m/@v/v1.0.0.zip", 200],
    ],
  );
  assert.ok(m.prediction!.requests.every((r) => r.error === null && r.ms >= 0));
  // The protocol checks saw the same answers.
  const proto = report.protocol[0]!;
  for (const id of ["info", "mod", "zip", "list", "latest"])
    assert.ok(proto.checks.find((c) => c.id === id)?.ok, `protocol ${id}`);
  assert.equal(proto.zips.length, 1);
  for (const suffix of [".info", ".mod", ".zip"])
    assert.deepEqual(paths(requests, `/example.com/m/@v/v1.0.0${suffix}`), [
      `/m/ok/example.com/m/@v/v1.0.0${suffix}`,
    ]);
  assert.deepEqual(repeated(counts), [], `requested more than once: ${JSON.stringify(repeated(counts))}`);
});

test("a failing first entry (500, then `|`): failures are shared too, and each URL is asked once", async () => {
  const { report, counts } = await oneCheck(`${mp.url("s500")}|${mp.url("ok")}`);
  const m = report.modules[0]!;
  assert.equal(m.prediction?.outcome, "ok");
  assert.equal(m.prediction?.servedBy, mp.url("ok"));
  assert.deepEqual(
    m.prediction!.requests.map((r) => [r.line.replace(mp.base, "P"), r.status]),
    // go walks the list again for each file (TryProxies per .info, .mod and .zip).
    [
      ["GET P/m/s500/example.com/m/@v/v1.0.0.info", 500],
      ["GET P/m/ok/example.com/m/@v/v1.0.0.info", 200],
      ["GET P/m/s500/example.com/m/@v/v1.0.0.mod", 500],
      ["GET P/m/ok/example.com/m/@v/v1.0.0.mod", 200],
      ["GET P/m/s500/example.com/m/@v/v1.0.0.zip", 500],
      ["GET P/m/ok/example.com/m/@v/v1.0.0.zip", 200],
    ],
  );
  assert.ok(!report.protocol[0]!.ok);
  assert.ok(report.protocol[1]!.ok);
  assert.deepEqual(repeated(counts), [], `requested more than once: ${JSON.stringify(repeated(counts))}`);
});

test("an upper-case module path: escaped URLs are shared as well", async () => {
  const { report, counts } = await oneCheck(mp.url("ok"), "example.com/MyMod@v1.0.0");
  assert.equal(report.modules[0]!.prediction?.outcome, "ok");
  assert.ok(counts.has("/m/ok/example.com/%21my%21mod/@v/v1.0.0.zip"), JSON.stringify([...counts.keys()]));
  assert.deepEqual(repeated(counts), [], `requested more than once: ${JSON.stringify(repeated(counts))}`);
});

test("a slow proxy: a shared answer keeps the duration of the request that got it", async () => {
  const { report, counts } = await oneCheck(mp.url("slow300"));
  const p = report.modules[0]!.prediction!;
  assert.equal(p.outcome, "ok");
  assert.equal(p.requests.length, 3);
  // modproxy waits 300 ms before each answer: whichever step made the request, the prediction records it.
  for (const r of p.requests) assert.ok(r.ms >= 250, `${r.line}: ${r.ms} ms`);
  for (const c of report.protocol[0]!.checks.filter((c) => ["info", "mod", "zip"].includes(c.id)))
    assert.ok(c.ms >= 250, `protocol ${c.id}: ${c.ms} ms`);
  assert.deepEqual(repeated(counts), [], `requested more than once: ${JSON.stringify(repeated(counts))}`);
});

test("checksum database via the proxy: /sumdb/<name>/supported is asked by one GET and the endpoint probe", async () => {
  const { report, counts } = await oneCheck(mp.url("ok"), "example.com/m@v1.0.0", mp.sumdbKey);
  const p = report.modules[0]!.prediction!;
  assert.equal(p.outcome, "ok");
  assert.equal(p.checksum, "verified");
  assert.equal(report.protocol[0]!.sumdbSupported, true);
  // The sumdb source's GET is shared with the protocol check's; the endpoint probe measures the connection
  // phase by phase and makes its own.
  const supported = `/m/ok/sumdb/${mp.sumdbName}/supported`;
  assert.equal(counts.get(supported), 2);
  assert.deepEqual(
    repeated(counts).filter(([path]) => path !== supported),
    [],
    JSON.stringify(repeated(counts)),
  );
});
