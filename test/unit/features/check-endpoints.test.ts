// check's endpoint step against real servers on 127.0.0.1: a healthy proxy and database, a refused port
// after `,` and after `|`, a hanging database bounded by the deadline, and credentials kept out of output.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { check } from "../../../src/features/check.js";
import { checkDocument, checkText } from "../../../src/render/check.js";
import { makeVerifierKey } from "../../support/keys.js";

let healthy: Server;
let hanging: Server;
let closedPort = 0;
const base = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

before(async () => {
  healthy = createServer((req, res) =>
    res.writeHead(req.url?.endsWith("/supported") || req.url?.endsWith("/latest") ? 200 : 404).end("ok"),
  );
  hanging = createServer(() => {});
  await Promise.all([healthy, hanging].map((s) => new Promise<void>((r) => s.listen(0, "127.0.0.1", r))));
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
});
after(() => {
  healthy.close();
  hanging.closeAllConnections();
  hanging.close();
});

function env(goproxy: string, sumdbURL: string): Record<string, string> {
  return {
    HOME: "/nonexistent",
    PATH: "/nonexistent",
    GOPROXY: goproxy,
    GOSUMDB: `${makeVerifierKey("sum.test")} ${sumdbURL}`,
    NO_PROXY: "",
  };
}

test("healthy loopback proxy and database: every endpoint ok, no endpoint finding", async () => {
  const r = await check({ env: env(`${base(healthy)},direct`, `${base(healthy)}/db`), phaseTimeoutMs: 2000 });
  assert.equal(r.endpoints.length, 2);
  assert.deepEqual(
    r.endpoints.map((e) => [e.role, e.result.cause, e.result.http?.status]),
    [
      ["proxy", null, 200],
      ["sumdb", null, 200],
    ],
  );
  assert.ok(!r.findings.some((f) => f.id.startsWith("endpoint.")));
  const doc = checkDocument(r) as { endpoints: { ok: boolean; phases: { http?: { status: number } } }[] };
  assert.ok(doc.endpoints.every((e) => e.ok && e.phases.http?.status === 200));
});

test("a refused first entry: an error after `,` (go stops), a warning after `|` (go falls back)", async () => {
  const dead = `http://user:s3cret@127.0.0.1:${closedPort}`;
  const comma = await check({
    env: env(`${dead},${base(healthy)}`, `${base(healthy)}/db`),
    phaseTimeoutMs: 2000,
  });
  const f = comma.findings.find((x) => x.cause === "connect-failure")!;
  assert.equal(f.severity, "error");
  assert.match(f.message, /every download fails here/);
  assert.match(f.message, /connection refused/);
  const pipe = await check({
    env: env(`${dead}|${base(healthy)}`, `${base(healthy)}/db`),
    phaseTimeoutMs: 2000,
  });
  const g = pipe.findings.find((x) => x.cause === "connect-failure")!;
  assert.equal(g.severity, "warning");
  assert.match(g.message, /falls back/);
  for (const out of [checkText(comma), JSON.stringify(checkDocument(comma))])
    assert.doesNotMatch(out, /s3cret/);
});

test("a hanging database costs at most the deadline, and is reported as a timeout", async () => {
  const t0 = Date.now();
  const r = await check({
    env: env(`${base(healthy)}/p`, `${base(hanging)}/db`),
    phaseTimeoutMs: 10_000,
    deadlineMs: 800,
  });
  const ms = Date.now() - t0;
  assert.ok(ms < 5_000, `took ${ms} ms`);
  const db = r.endpoints.find((e) => e.role === "sumdb")!;
  assert.equal(db.result.timedOut, true);
  assert.equal(db.result.cause, "timeout");
});
