/**
 * The trace forwarder against real loopback servers: answers passed through unchanged (status, reason phrase,
 * headers, body), redirects followed as go's client would, a refused upstream answered 502 and recorded as such,
 * credentials never recorded, and back-pressure: a client that stops reading stops the upstream too.
 */
import assert from "node:assert/strict";
import { createServer, get, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import {
  createUpstreamClient,
  type Forwarder,
  startForwarder,
  type UpstreamClient,
} from "../../../src/adapters/net/forwarder.js";
import { proxyConfigFromEnv } from "../../../src/core/httpproxy.js";
import type { TraceRequest } from "../../../src/core/trace/model.js";
import { refusedPort } from "../../support/trace-sandbox.js";

let upstream: Server;
let base = "";
let pushed = 0;
let lastAuth: string | undefined;
const BIG = 256 << 20;

before(async () => {
  upstream = createServer((req, res) => {
    lastAuth = req.headers.authorization;
    if (req.url === "/ok") {
      res.writeHead(200, { "Content-Type": "text/plain", "X-Mod": "a" });
      res.end("hello");
    } else if (req.url === "/nf") {
      res.writeHead(404, "Not Found testing", { "Content-Type": "text/plain" });
      res.end("gone fishing\n");
    } else if (req.url === "/redir") {
      res.writeHead(302, { Location: "/ok" });
      res.end();
    } else if (req.url === "/big") {
      res.writeHead(200, { "Content-Type": "application/zip" });
      const chunk = Buffer.alloc(64 << 10, 7);
      const pump = () => {
        while (pushed < BIG) {
          pushed += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    } else {
      res.writeHead(500);
      res.end();
    }
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
after(() => {
  upstream.closeAllConnections();
  upstream.close();
});

async function withForwarder(
  target: (path: string) => string,
  fn: (fw: Forwarder, records: Map<number, TraceRequest>) => Promise<void>,
): Promise<void> {
  const client: UpstreamClient = createUpstreamClient({
    proxyConfig: proxyConfigFromEnv({}),
    ca: [],
    netrc: [],
  });
  const records = new Map<number, TraceRequest>();
  let id = 0;
  const fw = await startForwarder({
    client,
    source: "proxy",
    nextId: () => ++id,
    record: (r) => records.set(r.id, r),
    route: (p) => ({ kind: "forward", url: target(p), entry: 0, role: "proxy" }),
  });
  try {
    await fn(fw, records);
  } finally {
    await fw.close();
    await client.close();
  }
}

function fetchVia(fw: Forwarder, path: string): Promise<{ res: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    get(`http://127.0.0.1:${fw.port}${path}`, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => {
        body += d.toString();
      });
      res.on("end", () => resolve({ res, body }));
      res.on("error", reject);
    }).on("error", reject);
  });
}

test("status, reason phrase, headers and body pass through; the record has bytes and no credentials", async () => {
  await withForwarder(
    (p) => `http://user:s3cret@${base.slice(7)}${p}`,
    async (fw, records) => {
      const nf = await fetchVia(fw, "/nf");
      assert.equal(nf.res.statusCode, 404);
      assert.equal(nf.res.statusMessage, "Not Found testing");
      assert.equal(nf.body, "gone fishing\n");
      const ok = await fetchVia(fw, "/ok");
      assert.equal(ok.body, "hello");
      assert.equal(ok.res.headers["x-mod"], "a");
      assert.equal(
        lastAuth,
        `Basic ${Buffer.from("user:s3cret").toString("base64")}`,
        "userinfo sent upstream",
      );
      const rs = [...records.values()];
      assert.deepEqual(
        rs.map((r) => [r.status, r.outcome, r.bytes]),
        [
          [404, "not-found", 13],
          [200, "ok", 5],
        ],
      );
      assert.ok(!JSON.stringify(rs).includes("s3cret"));
    },
  );
});

test("redirects are followed for go and recorded", async () => {
  await withForwarder(
    (p) => `${base}${p}`,
    async (fw, records) => {
      const r = await fetchVia(fw, "/redir");
      assert.equal(r.res.statusCode, 200);
      assert.equal(r.body, "hello");
      const rec = [...records.values()][0]!;
      assert.deepEqual(rec.redirects, [{ url: `${base}/redir`, status: 302 }]);
    },
  );
});

test("a refused upstream is answered 502 text/plain and recorded as presented differently", async () => {
  const port = await refusedPort();
  await withForwarder(
    (p) => `http://127.0.0.1:${port}${p}`,
    async (fw, records) => {
      const r = await fetchVia(fw, "/x");
      assert.equal(r.res.statusCode, 502);
      assert.match(String(r.res.headers["content-type"]), /^text\/plain/);
      assert.match(r.body, /ECONNREFUSED/);
      const rec = [...records.values()][0]!;
      assert.equal(rec.presentedToGo, "502 Bad Gateway");
      assert.equal(rec.status, null);
      assert.match(rec.upstreamError ?? "", /ECONNREFUSED/);
    },
  );
});

test("back-pressure: while go does not read, the upstream is held back (bounded buffering)", async () => {
  pushed = 0;
  await withForwarder(
    (p) => `${base}${p}`,
    async (fw, records) => {
      const res = await new Promise<IncomingMessage>((resolve) =>
        get(`http://127.0.0.1:${fw.port}/big`, resolve),
      );
      res.pause();
      await new Promise((r) => setTimeout(r, 500));
      const heldAt = pushed;
      assert.ok(heldAt < 32 << 20, `upstream pushed ${heldAt} bytes while nobody read`);
      let got = 0;
      res.on("data", (d: Buffer) => {
        got += d.length;
      });
      res.resume();
      await new Promise((r) => res.on("end", r));
      assert.equal(got, BIG);
      assert.equal([...records.values()][0]!.bytes, BIG);
    },
  );
});
