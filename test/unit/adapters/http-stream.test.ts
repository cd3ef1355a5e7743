// httpGetStream against real servers on 127.0.0.1: the final answer's body reaches the writer chunk by
// chunk (never more than maxBytes of it, the rest dropped as `truncated`), its status decides whether it is
// written at all, a body that breaks off is go's `read "<url>": unexpected EOF`, a deadline mid-body is
// `timedOut`, a writer's error is a failure, and redirects and credentials follow httpGet's rules.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type BodyWriter, httpGetStream } from "../../../src/adapters/net/http.js";
import { withServer } from "../../support/loopback.js";

/** A writer that keeps what it is given, and how many calls it took. */
function collector(): { write: BodyWriter; bytes: () => Buffer; calls: () => number } {
  const parts: Buffer[] = [];
  return {
    write: (c) => void parts.push(Buffer.from(c)),
    bytes: () => Buffer.concat(parts),
    calls: () => parts.length,
  };
}

/** Deterministic bytes: byte i is (i * 7 + 3) mod 256. */
function pattern(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + 3) & 0xff;
  return b;
}

test("the body reaches the writer in order, at most maxBytes of it; truncated exactly when longer", {
  timeout: 30_000,
}, async () => {
  await withServer(
    (req, res) => {
      const n = Number(new URL(req.url!, "http://x").searchParams.get("n"));
      res.writeHead(200, { "content-type": "application/zip" }).end(pattern(n));
    },
    async (base) => {
      await fc.assert(
        fc.asyncProperty(fc.nat(300_000), fc.integer({ min: 1, max: 300_000 }), async (size, cap) => {
          const c = collector();
          const r = await httpGetStream(
            `${base}/z?n=${size}`,
            { timeoutMs: 5000, maxBytes: cap },
            () => c.write,
          );
          assert.ok(r.ok, r.ok ? "" : r.error);
          assert.equal(r.status, 200);
          assert.equal(r.contentType, "application/zip");
          assert.equal(r.truncated, size > cap);
          assert.equal(r.bytes, Math.min(size, cap));
          assert.ok(c.bytes().equals(pattern(size).subarray(0, cap)));
        }),
        { numRuns: 40 },
      );
    },
  );
});

test("a large body is written as it arrives, in many chunks, awaiting each write", {
  timeout: 30_000,
}, async () => {
  const size = 8 << 20;
  await withServer(
    (_req, res) => res.writeHead(200).end(pattern(size)),
    async (base) => {
      let inFlight = 0;
      let most = 0;
      let calls = 0;
      let total = 0;
      const r = await httpGetStream(`${base}/big`, { timeoutMs: 10_000, maxBytes: size }, () => async (c) => {
        inFlight++;
        most = Math.max(most, inFlight);
        calls++;
        total += c.byteLength;
        assert.ok(c.byteLength < size, "one chunk is never the whole body");
        await new Promise((r) => setImmediate(r));
        inFlight--;
      });
      assert.ok(r.ok && !r.truncated && r.bytes === size);
      assert.equal(total, size);
      assert.ok(calls > 8, `${calls} chunks`);
      assert.equal(most, 1, "the next chunk waits for the previous write");
    },
  );
});

test("the sink sees the status: null drops a body; redirects are followed and never written", {
  timeout: 30_000,
}, async () => {
  const sinks: number[] = [];
  await withServer(
    (req, res) => {
      if (req.url === "/moved") res.writeHead(302, { location: "/gone" }).end("redirect body");
      else res.writeHead(404, { "content-type": "text/plain" }).end("not found: x".repeat(50_000));
    },
    async (base) => {
      const r = await httpGetStream(`${base}/moved`, { timeoutMs: 5000, maxBytes: 1 << 20 }, (status) => {
        sinks.push(status);
        return null;
      });
      assert.ok(r.ok);
      assert.equal(r.status, 404);
      assert.equal(r.bytes, 0);
      assert.equal(r.url, `${base}/gone`);
      assert.deepEqual(sinks, [404]);
    },
  );
});

test('a body that breaks off is go\'s `read "<url>": unexpected EOF`', { timeout: 30_000 }, async () => {
  await withServer(
    (req, res) => {
      res.writeHead(200, { "content-length": 100_000 });
      res.write(pattern(40_000), () => req.socket.destroy());
    },
    async (base) => {
      const c = collector();
      const url = `${base}/cut.zip`;
      const r = await httpGetStream(url, { timeoutMs: 5000, maxBytes: 1 << 20 }, () => c.write);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.error, `read "${url}": unexpected EOF`);
      assert.equal(r.timedOut, false);
      assert.ok(c.bytes().length <= 40_000);
    },
  );
});

test("a chunked body that breaks off is the same failure", { timeout: 30_000 }, async () => {
  await withServer(
    (req, res) => {
      res.writeHead(200);
      res.write(pattern(10_000), () => req.socket.destroy());
    },
    async (base) => {
      const r = await httpGetStream(`${base}/c`, { timeoutMs: 5000, maxBytes: 1 << 20 }, () => () => {});
      assert.equal(r.ok ? "ok" : r.error, `read "${base}/c": unexpected EOF`);
    },
  );
});

test("a server that stops mid-body is timed out within the one deadline", { timeout: 30_000 }, async () => {
  await withServer(
    (_req, res) => {
      res.writeHead(200, { "content-length": 1_000_000 });
      res.write(pattern(1000)); // and nothing more
    },
    async (base) => {
      const t0 = performance.now();
      const r = await httpGetStream(`${base}/h`, { timeoutMs: 300, maxBytes: 1 << 20 }, () => () => {});
      assert.ok(performance.now() - t0 < 3000);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.timedOut, true);
      assert.equal(r.error, "no answer within 300 ms");
    },
  );
});

test("a writer's error and a sink's error are failures with their message, not throws", {
  timeout: 30_000,
}, async () => {
  await withServer(
    (_req, res) => res.writeHead(200).end(pattern(200_000)),
    async (base) => {
      const w = await httpGetStream(`${base}/w`, { timeoutMs: 5000, maxBytes: 1 << 20 }, () => () => {
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      });
      assert.equal(w.ok ? "ok" : `${w.error} ${w.code}`, "ENOSPC: no space left on device, write ENOSPC");
      const s = await httpGetStream(`${base}/s`, { timeoutMs: 5000, maxBytes: 1 << 20 }, async () => {
        throw new Error("EEXIST: file already exists");
      });
      assert.equal(s.ok ? "ok" : s.error, "EEXIST: file already exists");
    },
  );
});

test("credentials: none sent over http, none in the result", { timeout: 30_000 }, async () => {
  let requests = 0;
  await withServer(
    (_req, res) => {
      requests++;
      res.writeHead(200).end("x");
    },
    async (base) => {
      const url = base.replace("http://", "http://bob:s3cret@");
      const r = await httpGetStream(`${url}/z`, { timeoutMs: 5000, maxBytes: 10 }, () => () => {});
      assert.equal(r.ok, false);
      assert.doesNotMatch(JSON.stringify(r), /s3cret/);
      assert.equal(requests, 0);
    },
  );
});
