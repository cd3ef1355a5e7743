// httpGet against a real server on 127.0.0.1: URL userinfo becomes Basic authorization on the first request
// only (as net/http's Client.send), and no credential reaches the result.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import fc from "fast-check";
import { splitUserinfo } from "../../../src/adapters/net/basicauth.js";
import { httpGet } from "../../../src/adapters/net/http.js";

test("userinfo is sent as Basic auth, unescaped, and not again after a redirect; results are redacted", async () => {
  const seen: (string | null)[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? null);
    if (req.url === "/start") res.writeHead(302, { location: "/end" }).end();
    else if (req.url === "/big") res.writeHead(200).end("x".repeat(1 << 20));
    else res.writeHead(200).end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const port = (server.address() as AddressInfo).port;
    const r = await httpGet(`http://alice:p%40ss@127.0.0.1:${port}/start`, {
      timeoutMs: 5000,
      maxBytes: 1024,
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
  } finally {
    server.close();
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
