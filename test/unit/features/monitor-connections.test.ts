// What one monitor probe costs the network and the process: against a loopback mirror behind a TCP
// forwarder that counts connections, the protocol checks of a probe share one keep-alive connection
// (maxInFlight 1), the phase probe opens its own, and nothing stays attached to the shutdown signal.
import assert from "node:assert/strict";
import { type AddressInfo, connect, createServer, type Server, type Socket } from "node:net";
import { test } from "node:test";
import { closeKeptAlive } from "../../../src/adapters/net/http.js";
import { type MonitorConfig, parseMonitorConfig } from "../../../src/features/monitor/config.js";
import { probeGoproxy } from "../../../src/features/monitor/probe.js";
import { checkProtocol } from "../../../src/features/protocol-check.js";
import { startMirror } from "../../support/monitor-mirror.js";

const MODULE = { path: "github.com/BurntSushi/toml", version: "v1.4.0" };

/** A TCP forwarder to port on 127.0.0.1, counting the connections it accepted. */
async function startCounter(
  port: number,
): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((c) => {
    count++;
    const up = connect(port, "127.0.0.1");
    for (const s of [c, up]) {
      sockets.add(s);
      s.on("error", () => {});
      s.on("close", () => sockets.delete(s));
    }
    c.pipe(up).pipe(c);
    c.on("close", () => up.destroy());
    up.on("close", () => c.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => count,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

async function withMirror(
  run: (counter: Awaited<ReturnType<typeof startCounter>>) => Promise<void>,
): Promise<void> {
  const mirror = await startMirror([{ path: MODULE.path, versions: ["v1.3.2", MODULE.version] }]);
  const counter = await startCounter(mirror.port);
  try {
    await run(counter);
  } finally {
    await closeKeptAlive();
    await counter.close();
    await mirror.close();
  }
}

const options = { modules: [MODULE], timeoutMs: 5000, env: {}, keepAlive: true, sumdbName: "sum.golang.org" };

test("with maxInFlight 1 every request of a protocol check goes over one kept-alive connection", async () => {
  await withMirror(async (counter) => {
    const r = await checkProtocol(counter.url, { ...options, maxInFlight: 1 });
    assert.ok(r.ok, JSON.stringify(r.checks.filter((c) => !c.ok)));
    // list, info, mod, latest, zip, the missing module and /sumdb/…/supported.
    assert.ok(r.checks.filter((c) => c.status !== null).length >= 7);
    assert.equal(counter.connections(), 1);
    assert.ok(r.zips.length === 1 && r.zips[0]!.h1?.startsWith("h1:"));
  });
});

test("without a bound the same check opens several connections and finds the same", async () => {
  await withMirror(async (counter) => {
    const bounded = await checkProtocol(counter.url, { ...options, maxInFlight: 1 });
    await closeKeptAlive();
    const before = counter.connections();
    const free = await checkProtocol(counter.url, options);
    assert.ok(counter.connections() - before > 1, `${counter.connections() - before} connection(s)`);
    const strip = (x: typeof free) => ({
      ok: x.ok,
      checks: x.checks.map(({ id, ok, module, url, status, detail, cause, skipped }) => ({
        id,
        ok,
        module,
        url,
        status,
        detail,
        cause,
        skipped,
      })),
      latest: x.latest,
      zips: x.zips.map(({ module, bytes, h1 }) => ({ module, bytes, h1 })),
      mods: x.mods,
      sumdbSupported: x.sumdbSupported,
    });
    assert.deepEqual(strip(bounded), strip(free));
  });
});

function configOf(url: string): MonitorConfig {
  const r = parseMonitorConfig(
    `listen: 127.0.0.1:0\ninterval: 15s\ntimeout: 5s\nmodules: [${MODULE.path}@${MODULE.version}]\ntargets:\n  - url: ${url}\n`,
  );
  if (!r.ok) assert.fail(JSON.stringify(r.errors));
  return r.config;
}

test("a monitor probe: two connections (the phase probe's and the checks'), and the shutdown signal is left as it was", async () => {
  await withMirror(async (counter) => {
    const config = configOf(counter.url);
    const t = config.targets[0]!;
    assert.equal(t.kind, "goproxy");
    if (t.kind !== "goproxy") return;
    const shutdown = new AbortController();
    let attached = 0;
    const signal = shutdown.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...a: Parameters<typeof add>) => {
      attached++;
      add(...a);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((...a: Parameters<typeof remove>) => {
      attached--;
      remove(...a);
    }) as typeof signal.removeEventListener;
    const ctx = { roots: [], env: {}, signal, maxZipBytes: config.maxZipBytes, integrity: null };
    for (let i = 0; i < 3; i++) {
      await closeKeptAlive();
      const before = counter.connections();
      const r = await probeGoproxy(t, ctx);
      assert.ok(r.ok, r.detail);
      assert.equal(r.httpStatus, 200);
      assert.ok(r.checks.length >= 7, JSON.stringify(r.checks));
      assert.equal(counter.connections() - before, 2);
      assert.equal(attached, 0, "a listener stayed on the shutdown signal");
    }
  });
});

test("a probe still ends soon after shutdown, its checks stopped by the overall deadline", async () => {
  const { createServer: createHttpServer } = await import("node:http");
  // Answers nothing: every request hangs until the probe is stopped.
  const server = createHttpServer(() => {});
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const t = configOf(url).targets[0]!;
    if (t.kind !== "goproxy") assert.fail("not a goproxy target");
    const shutdown = new AbortController();
    const ctx = { roots: [], env: {}, signal: shutdown.signal, maxZipBytes: 1 << 20, integrity: null };
    const t0 = performance.now();
    setTimeout(() => shutdown.abort(), 200);
    const r = await probeGoproxy(t, ctx);
    assert.ok(performance.now() - t0 < 3000, `${performance.now() - t0} ms`);
    assert.equal(r.ok, false);
  } finally {
    await closeKeptAlive();
    server.closeAllConnections();
    server.close();
  }
});
