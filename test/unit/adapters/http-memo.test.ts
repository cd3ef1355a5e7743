// httpGet with a per-run memo (createGetMemo) against real servers on 127.0.0.1: a request reaches the
// server once however many callers ask; what a caller gets is what its own request would have got (status,
// body under its own cap, failure); a request differing in credentials, roots or deadline is its own; kept
// bodies stay within the memo's budget and are never copies.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTLSServer } from "node:https";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { generate } from "selfsigned";
import { createGetMemo } from "../../../src/adapters/net/getmemo.js";
import { goGet } from "../../../src/adapters/net/goget.js";
import { type GetResult, httpGet } from "../../../src/adapters/net/http.js";
import { proxyConfigFromEnv } from "../../../src/core/httpproxy.js";

const BODY = Buffer.from(Array.from({ length: 100 }, (_, i) => String.fromCharCode(65 + (i % 26))).join(""));
const LARGE = Buffer.alloc(64 << 10, 7);

const received: string[] = [];
const auths: (string | null)[] = [];
let server: Server;
let tlsServer: Server;
let port = 0;
let tlsPort = 0;
let cert = "";

function handler(req: IncomingMessage, res: ServerResponse): void {
  received.push(req.url ?? "");
  auths.push(req.headers.authorization ?? null);
  const path = (req.url ?? "").replace(/\?.*/, "");
  if (path === "/body") res.writeHead(200, { "Content-Type": "text/plain" }).end(BODY);
  else if (path === "/large") res.writeHead(200).end(LARGE);
  else if (path === "/fail") res.writeHead(500).end("broken");
  else if (path === "/slow") setTimeout(() => res.writeHead(200).end("late"), 200);
  else if (path === "/cut") {
    // Headers and 50 body bytes of a promised 1000, then the connection drops.
    res.writeHead(200, { "Content-Length": "1000" });
    res.write(BODY.subarray(0, 50), () => setTimeout(() => res.socket?.destroy(), 20));
  } else res.writeHead(404).end("no");
}

before(async () => {
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keySize: 2048,
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  cert = pems.cert;
  server = createServer(handler);
  tlsServer = createTLSServer({ key: pems.private, cert: pems.cert }, handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => tlsServer.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
  tlsPort = (tlsServer.address() as AddressInfo).port;
});
after(() => {
  server.closeAllConnections();
  server.close();
  tlsServer.close();
});

/** A fresh path per test, so that counts do not mix. */
let serial = 0;
const url = (path: string) => `http://127.0.0.1:${port}${path}?t=${++serial}`;
const count = (u: string) => received.filter((r) => u.endsWith(r)).length;

/** What a caller can see of an answer (the duration aside). */
function seen(r: GetResult) {
  return r.ok
    ? {
        ok: true,
        url: r.url,
        status: r.status,
        contentType: r.contentType,
        body: Buffer.from(r.body).toString(),
        truncated: r.truncated,
      }
    : { ok: false, url: r.url, error: r.error, code: r.code, timedOut: r.timedOut };
}

test("concurrent and later callers share one request; the body is the same buffer, not a copy", async () => {
  const memo = createGetMemo();
  const u = url("/body");
  const opts = { timeoutMs: 5000, maxBytes: 1 << 20, memo };
  const [a, b] = await Promise.all([httpGet(u, opts), httpGet(u, opts)]);
  const c = await httpGet(u, opts);
  assert.equal(count(u), 1);
  assert.deepEqual(memo.stats, { requests: 1, reused: 2 });
  assert.ok(a.ok && b.ok && c.ok);
  assert.equal(b.body, a.body);
  assert.equal(c.body, a.body);
  assert.deepEqual(seen(c), seen(a));
  assert.equal(Buffer.from(a.body).toString(), BODY.toString());
  // Without the memo every call asks.
  await httpGet(u, { timeoutMs: 5000, maxBytes: 1 << 20 });
  assert.equal(count(u), 2);
});

test("failures are shared: a 500 and a refused connection", async () => {
  const memo = createGetMemo();
  const u = url("/fail");
  const opts = { timeoutMs: 5000, maxBytes: 1024, memo };
  const a = await httpGet(u, opts);
  const b = await httpGet(u, opts);
  assert.ok(a.ok && a.status === 500);
  assert.deepEqual(seen(b), seen(a));
  assert.equal(count(u), 1);
  const r1 = await httpGet("http://127.0.0.1:1/x", opts);
  const r2 = await httpGet("http://127.0.0.1:1/x", opts);
  assert.equal(r1.ok, false);
  assert.deepEqual(seen(r2), seen(r1));
  assert.deepEqual(memo.stats, { requests: 2, reused: 2 });
});

test("body caps: each caller gets what its own request would have got", async () => {
  const direct = new Map<number, ReturnType<typeof seen>>();
  const directly = async (u: string, cap: number) => {
    if (!direct.has(cap)) direct.set(cap, seen(await httpGet(u, { timeoutMs: 5000, maxBytes: cap })));
    return direct.get(cap)!;
  };
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom(0, 1, 10, 50, 99, 100, 101, 1000), { minLength: 1, maxLength: 6 }),
      async (caps) => {
        const memo = createGetMemo();
        const u = `http://127.0.0.1:${port}/body`;
        // The answer kept: the cap it was asked with, and whether that cut the body.
        let kept: { cap: number; cut: boolean } | null = null;
        let expectedRequests = 0;
        for (const cap of caps) {
          const r = await httpGet(u, { timeoutMs: 5000, maxBytes: cap, memo });
          assert.deepEqual(seen(r), await directly(u, cap));
          // A new request only when no earlier answer can tell: none yet, or the body was cut below this cap.
          if (kept === null || (kept.cut && cap > kept.cap)) {
            expectedRequests++;
            kept = { cap, cut: cap < BODY.length };
          }
        }
        assert.equal(memo.stats.requests, expectedRequests, JSON.stringify(caps));
      },
    ),
    { numRuns: 40 },
  );
});

test("a failure after part of the body is reused only by callers whose cap reaches past that part", async () => {
  const memo = createGetMemo();
  const u = url("/cut");
  const a = await httpGet(u, { timeoutMs: 5000, maxBytes: 1 << 20, memo });
  assert.equal(a.ok, false);
  // 50 bytes arrived before the drop: with a 100-byte cap the same failure, with 20 a cut body instead.
  const b = await httpGet(u, { timeoutMs: 5000, maxBytes: 100, memo });
  assert.deepEqual(seen(b), seen(a));
  assert.equal(count(u), 1);
  const c = await httpGet(u, { timeoutMs: 5000, maxBytes: 20, memo });
  assert.ok(c.ok && c.truncated && c.body.length === 20);
  assert.equal(count(u), 2);
});

test("credentials, roots and deadline are part of the request: different ones ask again", async () => {
  const memo = createGetMemo();
  const path = `/body?t=${++serial}`;
  const base = `https://127.0.0.1:${tlsPort}${path}`;
  const opts = { timeoutMs: 5000, maxBytes: 1024, ca: [cert], memo };
  const netrc = [{ machine: "127.0.0.1", login: "gopher", password: "s3cret" }];
  const before = auths.length;
  await httpGet(base, opts);
  await httpGet(base.replace("https://", "https://alice:pw@"), opts);
  await httpGet(base.replace("https://", "https://alice:other@"), opts);
  await httpGet(base, { ...opts, netrc });
  await httpGet(base, { ...opts, netrc: [{ ...netrc[0]!, password: "different" }] });
  await httpGet(base, { ...opts, timeoutMs: 4000 });
  // The same again: all answered from the memo (.netrc wins over userinfo, so these two are one request).
  await httpGet(base, { ...opts, netrc });
  await httpGet(base.replace("https://", "https://alice:pw@"), { ...opts, netrc });
  await httpGet(base.replace("https://", "https://alice:pw@"), opts);
  await httpGet(base, { ...opts, timeoutMs: 4000 });
  assert.equal(received.filter((r) => r === path).length, 7);
  assert.deepEqual(memo.stats, { requests: 7, reused: 3 });
  const basic = (s: string) => `Basic ${Buffer.from(s).toString("base64")}`;
  assert.deepEqual(auths.slice(before), [
    null,
    basic("alice:pw"),
    basic("alice:other"),
    basic("gopher:s3cret"),
    basic("gopher:different"),
    null,
    basic("gopher:s3cret"),
  ]);
  // Userinfo on plain http: refused as always, nothing sent, memo or not.
  const plain = url("/body").replace("http://", "http://bob:s3cret@");
  const refused = await httpGet(plain, { timeoutMs: 5000, maxBytes: 10, memo });
  assert.equal(refused.ok ? "" : refused.code, "insecure-credentials");
  assert.equal(count(plain), 0);
});

test("a request stopped by its caller's signal is not reused by a caller whose signal is fine", async () => {
  const memo = createGetMemo();
  const u = url("/body");
  const stopped = AbortSignal.abort();
  const a = await httpGet(u, { timeoutMs: 5000, maxBytes: 1024, memo, signal: stopped });
  assert.equal(a.ok, false);
  const b = await httpGet(u, { timeoutMs: 5000, maxBytes: 1024, memo });
  assert.ok(b.ok && b.status === 200);
  assert.equal(memo.stats.requests, 2);
});

test("kept bodies stay within the budget, least recently used dropped first; answers in flight are shared anyway", async () => {
  const memo = createGetMemo({ maxKeptBytes: 250 });
  const opts = { timeoutMs: 5000, maxBytes: 1 << 20, memo };
  const [a, b, c] = [url("/body"), url("/body"), url("/body")];
  await httpGet(a, opts);
  await httpGet(b, opts);
  await httpGet(a, opts); // a is now the most recently used
  await httpGet(c, opts); // 300 bytes > 250: b goes
  await httpGet(a, opts);
  await httpGet(c, opts);
  assert.deepEqual([count(a), count(c)], [1, 1]);
  await httpGet(b, opts);
  assert.equal(count(b), 2);
  // Larger than the whole budget: shared while in flight, not kept afterwards.
  const big = url("/large");
  const [x, y] = await Promise.all([httpGet(big, opts), httpGet(big, opts)]);
  assert.ok(x.ok && y.ok && x.body === y.body && x.body.length === LARGE.length);
  assert.equal(count(big), 1);
  await httpGet(big, opts);
  assert.equal(count(big), 2);
});

test("a kept body handed to another thread since (detached) is asked for again", async () => {
  const memo = createGetMemo();
  const u = url("/large");
  const opts = { timeoutMs: 5000, maxBytes: 1 << 20, memo };
  const a = await httpGet(u, opts);
  assert.ok(a.ok && a.body.byteOffset === 0 && a.body.buffer.byteLength === LARGE.length);
  structuredClone(a.body.buffer, { transfer: [a.body.buffer as ArrayBuffer] });
  const b = await httpGet(u, opts);
  assert.ok(b.ok && b.body.length === LARGE.length);
  assert.equal(count(u), 2);
});

const NO_PROXY = proxyConfigFromEnv({});

test("a reused answer keeps the duration of the request that got it, through goGet too", async () => {
  const memo = createGetMemo();
  const u = url("/slow");
  const first = await httpGet(u, { timeoutMs: 5000, maxBytes: 1024, memo });
  assert.ok(first.ms >= 150, `${first.ms} ms`);
  const t0 = performance.now();
  const again = await goGet(u, { timeoutMs: 5000, maxBytes: 1024, proxyConfig: NO_PROXY, memo });
  assert.ok(performance.now() - t0 < 100, "answered from the memo, without the wait");
  assert.equal(count(u), 1);
  assert.ok(again.ms >= first.ms && again.ms < first.ms + 50, `${again.ms} ms against ${first.ms} ms`);
  assert.equal(again.response.kind, "status");
  // Without a memo, the server is asked again.
  await httpGet(u, { timeoutMs: 5000, maxBytes: 1024 });
  assert.equal(count(u), 2);
});
