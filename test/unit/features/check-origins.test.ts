// check probes the origin of every module go fetches directly (GOPRIVATE): go-get discovery, or git's smart
// HTTP on a host go knows. Real servers on 127.0.0.1: a TLS origin reached through a loopback CONNECT proxy
// (module paths cannot name a port), and names that resolve only through an injected map.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHTTPServer } from "node:http";
import { createServer as createTLSServer } from "node:https";
import { type AddressInfo, connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { generate } from "selfsigned";
import { check } from "../../../src/features/check.js";

/** Names resolve only through this map (never the machine's resolver): nothing here exists. */
const lookup = async (host: string) => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
};

test("origins of direct modules: a missing host, git asking for credentials, a discovery page that answers", async () => {
  const pems = await generate([{ name: "commonName", value: "origin.test" }], {
    keySize: 2048,
    extensions: [
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "github.com" },
          { type: 2, value: "git.corp.test" },
        ],
      },
    ],
  });
  const seen: string[] = [];
  const origin = createTLSServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    seen.push(`${req.headers.host} ${req.url}`);
    if (req.url?.includes("/info/refs")) return void res.writeHead(401).end();
    res
      .writeHead(200, { "content-type": "text/html" })
      .end('<meta name="go-import" content="x git https://x">');
  });
  // Every CONNECT, whatever host it names, is tunnelled to the origin server.
  const proxy = createHTTPServer();
  proxy.on("connect", (_req, client: Socket) => {
    const up = connect((origin.address() as AddressInfo).port, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection established\r\n\r\n");
      up.pipe(client).pipe(up);
    });
    up.on("error", () => client.destroy());
    client.on("error", () => up.destroy());
  });
  const dir = mkdtempSync(join(tmpdir(), "gpd-origins-"));
  writeFileSync(join(dir, "ca.pem"), pems.cert);
  await Promise.all([origin, proxy].map((s) => new Promise<void>((r) => s.listen(0, "127.0.0.1", r))));
  try {
    const env = {
      HOME: dir,
      PATH: "/nonexistent",
      GOPROXY: "off",
      GOSUMDB: "off",
      GOPRIVATE: "github.com/acme,git.corp.test,nowhere.test",
      SSL_CERT_FILE: join(dir, "ca.pem"),
      NO_PROXY: "nowhere.test",
      HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    };
    const r = await check({
      env,
      modules: [
        "github.com/acme/private/sub@v1.0.0",
        "git.corp.test/team/lib@v1.0.0",
        "nowhere.test/x@v1.0.0",
      ],
      phaseTimeoutMs: 3000,
      lookup,
    });
    const vcs = r.endpoints.filter((e) => e.role === "vcs");
    assert.deepEqual(
      vcs.map((e) => [e.entry, e.result.url, e.result.cause]),
      [
        [
          "github.com/acme/private/sub",
          "https://github.com/acme/private/info/refs?service=git-upload-pack",
          "vcs-auth",
        ],
        ["git.corp.test/team/lib", "https://git.corp.test/team/lib?go-get=1", null],
        ["nowhere.test/x", "https://nowhere.test/x?go-get=1", "dns-failure"],
      ],
    );
    // The discovery page twice: the endpoint probe, then the prediction making go's request.
    assert.deepEqual(seen.sort(), [
      "git.corp.test /team/lib?go-get=1",
      "git.corp.test /team/lib?go-get=1",
      "github.com /acme/private/info/refs?service=git-upload-pack",
    ]);
    const lib = r.modules.find((m) => m.module === "git.corp.test/team/lib")!.prediction!;
    assert.equal(lib.cause, "vcs-discovery");
    assert.equal(
      lib.goError,
      'git.corp.test/team/lib@v1.0.0: unrecognized import path "git.corp.test/team/lib": parse https://git.corp.test/team/lib?go-get=1: no go-import meta tags (meta tag x did not match import path git.corp.test/team/lib)',
    );
    const auth = r.findings.find((f) => f.id === "endpoint.vcs.vcs-auth")!;
    assert.equal(auth.role, "vcs");
    assert.equal(
      r.findings.find((f) => f.id === "predict.download-fails" && /git\.corp\.test/.test(f.message))?.role,
      "vcs",
    );
    assert.equal(auth.severity, "warning");
    assert.match(auth.message, /terminal prompts disabled/);
    const dns = r.findings.find((f) => f.id === "endpoint.vcs.dns-failure")!;
    assert.equal(dns.severity, "error");
    assert.match(dns.message, /origin of nowhere\.test\/x \(go-get discovery\): dns failed: .*nowhere\.test/);
    assert.ok(
      !dns.fix.some((f) => /GOPROXY=https:\/\/goproxy/.test(f)),
      "no mirror advice for a direct fetch",
    );
  } finally {
    proxy.close();
    origin.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
