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
// Port 1: nothing listens there, and unlike a freed ephemeral port no other test can take it.
const closedPort = 1;
const base = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

before(async () => {
  // A proxy root, /sumdb/<name>/supported and a database's /latest all answer 200; /broken/… answers 503.
  healthy = createServer((req, res) => res.writeHead(req.url?.startsWith("/broken/") ? 503 : 200).end("ok"));

  hanging = createServer(() => {});
  await Promise.all([healthy, hanging].map((s) => new Promise<void>((r) => s.listen(0, "127.0.0.1", r))));
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
  // https: over plain http go would refuse the credentials before dialling (see the test below).
  const dead = `https://user:s3cret@127.0.0.1:${closedPort}`;
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

/** Names resolve only through this map (never the machine's resolver): sum.test does not exist. */
const lookup = async (host: string) => {
  if (host === "localhost") return [{ address: "127.0.0.1", family: 4 as const }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
};

test("no GOSUMDB URL: go reaches the database through a proxy whose /supported answers 200, so its direct URL failing is a warning", async () => {
  const r = await check({
    env: {
      HOME: "/nonexistent",
      PATH: "/nonexistent",
      GOPROXY: base(healthy),
      GOSUMDB: makeVerifierKey("sum.test"),
    },
    phaseTimeoutMs: 2000,
    lookup,
  });
  assert.equal(
    r.endpoints.find((e) => e.role === "proxy")!.result.url,
    `${base(healthy)}/sumdb/sum.test/supported`,
  );
  const db = r.findings.find((f) => f.cause === "dns-failure")!;
  assert.equal(db.severity, "warning");
  assert.match(db.message, /through http:\/\/127\.0\.0\.1/);
});

test("a /supported answering 503 before `,`: go treats the database as unavailable (initBase), said on the proxy finding", async () => {
  const r = await check({
    env: {
      HOME: "/nonexistent",
      PATH: "/nonexistent",
      GOPROXY: `${base(healthy)}/broken,direct`,
      GOSUMDB: makeVerifierKey("sum.test"),
    },
    phaseTimeoutMs: 2000,
    lookup,
  });
  const proxy = r.findings.find((f) => f.cause === "proxy-error")!;
  assert.equal(proxy.severity, "error");
  assert.equal(proxy.role, "proxy");
  assert.match(proxy.message, /checksum database being unavailable/);
  const db = r.findings.find((f) => f.cause === "dns-failure")!;
  // The failure mode is the cause; where it happened is the role (issue 18).
  assert.equal(db.role, "sumdb");
  assert.match(db.message, /does not come this far/);
});

test("credentials in an http:// GOPROXY entry: go's refusal, reported without the password, and no request sent", async () => {
  const received: string[] = [];
  const counting = createServer((req, res) => {
    received.push(req.url ?? "");
    res.writeHead(200).end("ok");
  });
  await new Promise<void>((r) => counting.listen(0, "127.0.0.1", r));
  try {
    const entry = `${base(counting).replace("http://", "http://gopher:s3cret@")}/m`;
    for (const [goproxy, severity] of [
      [`${entry},direct`, "error"],
      [`${entry}|${base(healthy)}`, "warning"],
    ] as const) {
      const r = await check({
        env: { HOME: "/nonexistent", PATH: "/nonexistent", GOPROXY: goproxy, GOSUMDB: "off", NO_PROXY: "" },
        phaseTimeoutMs: 2000,
      });
      const shown = `${base(counting).replace("http://", "http://gopher:xxxxx@")}/m/`;
      const e = r.endpoints.find((x) => x.entry.startsWith("http://gopher:"))!;
      assert.equal(e.result.cause, "insecure-refused");
      assert.equal(e.result.goError, `refusing to pass credentials to insecure URL: ${shown}`);
      const f = r.findings.find((x) => x.id === "endpoint.insecure-refused")!;
      assert.equal(f.severity, severity);
      assert.match(f.message, /go refuses to send the request: refusing to pass credentials to insecure URL/);
      assert.match(f.message, severity === "error" ? /every download fails here/ : /falls back/);
      for (const out of [checkText(r), JSON.stringify(checkDocument(r))]) {
        assert.doesNotMatch(out, /s3cret/);
        assert.match(out, /refusing to pass credentials to insecure URL/);
      }
    }
    // Neither the endpoint probe nor the protocol checks sent anything there.
    assert.deepEqual(received, []);
  } finally {
    counting.close();
  }
});
