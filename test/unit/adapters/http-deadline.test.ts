// httpGet's deadline and the caller's signal against a real server on 127.0.0.1: a request past its deadline
// is `timedOut` with go-like wording, one stopped by the caller's signal is not, and a GET leaves no
// listener on the caller's (long-lived) signal — a monitor passes the same signal to thousands of requests.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { closeKeptAlive, httpGet } from "../../../src/adapters/net/http.js";

async function withServer(run: (url: string) => Promise<void>): Promise<void> {
  const server = createServer((req, res) => {
    if (req.url === "/hang") return; // never answered
    res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await closeKeptAlive();
    server.closeAllConnections();
    server.close();
  }
}

/** A signal that counts the listeners attached to it and not removed. */
function countingSignal(): { controller: AbortController; attached: () => number } {
  const controller = new AbortController();
  const s = controller.signal;
  let n = 0;
  const add = s.addEventListener.bind(s);
  const remove = s.removeEventListener.bind(s);
  s.addEventListener = ((...a: Parameters<typeof add>) => {
    n++;
    add(...a);
  }) as typeof s.addEventListener;
  s.removeEventListener = ((...a: Parameters<typeof remove>) => {
    n--;
    remove(...a);
  }) as typeof s.removeEventListener;
  return { controller, attached: () => n };
}

test("past its deadline a GET is timed out, in a bounded time", async () => {
  await withServer(async (url) => {
    const t0 = performance.now();
    const r = await httpGet(`${url}/hang`, { timeoutMs: 200, maxBytes: 1024 });
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.timedOut, true);
    assert.equal(r.code, "timeout");
    assert.equal(r.error, "no answer within 200 ms");
  });
});

test("stopped by the caller's signal a GET is not timed out; an aborted signal stops it at once", async () => {
  await withServer(async (url) => {
    const { controller, attached } = countingSignal();
    setTimeout(() => controller.abort(), 100);
    const r = await httpGet(`${url}/hang`, { timeoutMs: 10_000, maxBytes: 1024, signal: controller.signal });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.timedOut, false);
    assert.notEqual(r.code, "timeout");
    assert.ok(r.ms < 5000);
    assert.equal(attached(), 0);
    const again = await httpGet(`${url}/ok`, {
      timeoutMs: 10_000,
      maxBytes: 1024,
      signal: controller.signal,
    });
    assert.equal(again.ok, false);
    assert.ok(!again.ok && !again.timedOut);
  });
});

test("many GETs with one long-lived signal leave no listener on it, kept alive or not", async () => {
  await withServer(async (url) => {
    const { controller, attached } = countingSignal();
    for (const keepAlive of [false, true])
      for (let i = 0; i < 20; i++) {
        const r = await httpGet(`${url}/ok`, {
          timeoutMs: 5000,
          maxBytes: 1024,
          signal: controller.signal,
          keepAlive,
        });
        assert.ok(r.ok && r.status === 200 && Buffer.from(r.body).toString() === "ok\n");
      }
    assert.equal(attached(), 0);
    assert.equal(controller.signal.aborted, false);
  });
});
