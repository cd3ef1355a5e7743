// httpGet against a real server on 127.0.0.1: URL userinfo becomes Basic authorization on the first request
// only (as net/http's Client.send) — over https; over http go refuses to send it (web/http.go:get) — and no
// credential reaches the result.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createServer as createTLSServer } from "node:https";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import fc from "fast-check";
import { generate } from "selfsigned";
import { splitUserinfo } from "../../../src/adapters/net/basicauth.js";
import { httpGet } from "../../../src/adapters/net/http.js";

test("userinfo is sent as Basic auth, unescaped, and not again after a redirect; results are redacted", async () => {
  const seen: (string | null)[] = [];
  const handler = (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
    seen.push(req.headers.authorization ?? null);
    if (req.url === "/start") res.writeHead(302, { location: "/end" }).end();
    else if (req.url === "/big") res.writeHead(200).end("x".repeat(1 << 20));
    else res.writeHead(200).end("ok");
  };
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keySize: 2048,
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  const tlsServer = createTLSServer({ key: pems.private, cert: pems.cert }, handler);
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => tlsServer.listen(0, "127.0.0.1", r));
  try {
    const port = (server.address() as AddressInfo).port;
    const tlsPort = (tlsServer.address() as AddressInfo).port;
    const r = await httpGet(`https://alice:p%40ss@127.0.0.1:${tlsPort}/start`, {
      timeoutMs: 5000,
      maxBytes: 1024,
      ca: [pems.cert],
    });
    assert.ok(r.ok);
    assert.equal(r.status, 200);
    assert.deepEqual(seen, [`Basic ${Buffer.from("alice:p@ss").toString("base64")}`, null]);
    assert.doesNotMatch(JSON.stringify(r), /p%40ss|p@ss/);
    // A body past the cap is cut and the connection dropped, without an uncaught error.
    const big = await httpGet(`http://127.0.0.1:${port}/big`, { timeoutMs: 5000, maxBytes: 100 });
    assert.ok(big.ok && big.truncated && big.body.length === 100);
    const refused = await httpGet("http://bob:s3cret@127.0.0.1:1/x", { timeoutMs: 5000, maxBytes: 1024 });
    assert.equal(refused.ok, false);
    assert.doesNotMatch(JSON.stringify(refused), /s3cret/);
    // Over plain http go sends nothing at all, with its own words.
    const before = seen.length;
    const plain = await httpGet(`http://bob:s3cret@127.0.0.1:${port}/x`, { timeoutMs: 5000, maxBytes: 1024 });
    assert.equal(
      plain.ok ? null : plain.error,
      `refusing to pass credentials to insecure URL: http://bob:xxxxx@127.0.0.1:${port}/x`,
    );
    assert.equal(seen.length, before, "no request reached the server");
  } finally {
    server.close();
    tlsServer.close();
  }
});

test("splitUserinfo: URLs without userinfo are unchanged; with it, the rest of the URL is kept byte for byte", () => {
  const word = fc.stringMatching(/^[A-Za-z0-9._~-]{0,8}$/);
  fc.assert(
    fc.property(
      word,
      word,
      fc.stringMatching(/^[a-z0-9.]{1,10}(:\d{1,5})?$/),
      fc.stringMatching(/^(\/[A-Za-z0-9!@%._-]{0,6}){0,3}$/),
      (user, pass, host, path) => {
        const plain = `https://${host}${path}`;
        assert.deepEqual(splitUserinfo(plain), { url: plain, authorization: null });
        const withAuth = splitUserinfo(`https://${user}:${pass}@${host}${path}`);
        assert.equal(withAuth.url, plain);
        assert.equal(
          Buffer.from(withAuth.authorization!.slice("Basic ".length), "base64").toString(),
          `${user}:${pass}`,
        );
      },
    ),
  );
});
