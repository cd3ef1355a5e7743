import assert from "node:assert/strict";
import http from "node:http";
import http2 from "node:http2";
import https from "node:https";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { generate } from "selfsigned";
import {
  type Lookup,
  type ProbeOptions,
  type ProbeResult,
  probeURL,
} from "../../../src/adapters/net/probe.js";

// Every server listens on 127.0.0.1; names resolve through this map only, never the machine's resolver.
const HOSTS: Record<string, { address: string; family: 4 | 6 }[]> = {
  localhost: [{ address: "127.0.0.1", family: 4 }],
  "mirror.test": [
    { address: "127.0.0.1", family: 4 },
    { address: "::1", family: 6 },
  ],
  "proxy.test": [{ address: "127.0.0.1", family: 4 }],
};
const lookups: string[] = [];
const lookup: Lookup = async (host) => {
  lookups.push(host);
  const found = HOSTS[host];
  if (found) return found;
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
};

// Phases that must time out get PHASE_MS; the others a deadline no loaded CI machine reaches.
const PHASE_MS = 400;
const opts = (extra: Partial<ProbeOptions> = {}): ProbeOptions => ({
  phaseTimeoutMs: 10_000,
  goRoots: [],
  nodeRoots: [],
  lookup,
  ...extra,
});

type Closer = () => Promise<void>;
const closers: Closer[] = [];

function listen(server: net.Server): Promise<number> {
  const sockets = new Set<net.Socket>();
  server.on("connection", (s: net.Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
  });
  // TLS servers report connections as secureConnection too; their raw sockets are the ones above.
  closers.push(
    () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
  });
}

interface Pair {
  key: string;
  cert: string;
}
const ec = { keyType: "ec" as const, algorithm: "sha256" };
const leafExtensions = (names: string[], ips: string[]) => [
  { name: "basicConstraints" as const, cA: false },
  { name: "keyUsage" as const, digitalSignature: true, keyEncipherment: true },
  { name: "extKeyUsage" as const, serverAuth: true },
  {
    name: "subjectAltName" as const,
    altNames: [
      ...names.map((value) => ({ type: 2 as const, value })),
      ...ips.map((ip) => ({ type: 7 as const, ip })),
    ],
  },
];
async function selfSigned(cn: string, names: string[], ips: string[], dates: object = {}): Promise<Pair> {
  const g = await generate([{ name: "commonName", value: cn }], {
    ...ec,
    ...dates,
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      leafExtensions(names, ips)[3]!,
    ],
  });
  return { key: g.private, cert: g.cert };
}

const json = (r: ProbeResult) => JSON.stringify(r);

let self: Pair; // localhost, mirror.test, 127.0.0.1
let other: Pair; // other.test only
let expired: Pair;
let ca: Pair;
let issued: Pair; // signed by ca, for mirror.test and 127.0.0.1

let okPort: number;
const seen: http.IncomingHttpHeaders[] = [];
let hangPort: number;
let resetPort: number;
let closed: number;
let tlsSelfPort: number;
let tlsOtherPort: number;
let tlsExpiredPort: number;
let tlsIssuedPort: number;
let tlsLeafOnlyPort: number;
let expiredCa: Pair;
let notCa: Pair;
let tlsExpiredCaPort: number;
let tlsNotCaPort: number;
let tlsAlpnPort: number;
let h2Port: number;
let tlsResetPort: number;

before(async () => {
  self = await selfSigned("localhost", ["localhost", "mirror.test"], ["127.0.0.1"]);
  other = await selfSigned("other.test", ["other.test"], []);
  expired = await selfSigned("mirror.test", ["mirror.test"], ["127.0.0.1"], {
    notBeforeDate: new Date("2020-01-01T00:00:00Z"),
    notAfterDate: new Date("2020-06-01T00:00:00Z"),
  });
  const caGen = await generate([{ name: "commonName", value: "Intercepting Proxy CA" }], {
    ...ec,
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true },
    ],
  });
  ca = { key: caGen.private, cert: caGen.cert };
  const leaf = await generate([{ name: "commonName", value: "mirror.test" }], {
    ...ec,
    extensions: leafExtensions(["mirror.test"], ["127.0.0.1"]),
    ca: { key: ca.key, cert: ca.cert },
  });
  issued = { key: leaf.private, cert: leaf.cert };

  const signedBy = async (issuer: Pair, caDates: object = {}) => {
    const g = await generate([{ name: "commonName", value: "mirror.test" }], {
      ...ec,
      ...caDates,
      extensions: leafExtensions(["mirror.test"], []),
      ca: { key: issuer.key, cert: issuer.cert },
    });
    return { key: g.private, cert: g.cert };
  };
  const oldCa = await generate([{ name: "commonName", value: "Old CA" }], {
    ...ec,
    notBeforeDate: new Date("2019-01-01T00:00:00Z"),
    notAfterDate: new Date("2021-01-01T00:00:00Z"),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", keyCertSign: true },
    ],
  });
  expiredCa = { key: oldCa.private, cert: oldCa.cert };
  const fake = await generate([{ name: "commonName", value: "Not A CA" }], {
    ...ec,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", keyCertSign: true, digitalSignature: true },
    ],
  });
  notCa = { key: fake.private, cert: fake.cert };
  const underOld = await signedBy(expiredCa);
  const underFake = await signedBy(notCa);

  const handler: http.RequestListener = (req, res) => {
    seen.push(req.headers);
    if (req.url === "/unavailable") res.writeHead(503).end("down");
    else if (req.url === "/missing") res.writeHead(404).end("no");
    else if (req.url === "/private") res.writeHead(401).end("who");
    else if (req.url === "/moved")
      res.writeHead(302, { Location: "https://u:hidd3n@elsewhere.test/x" }).end();
    else res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
  };
  okPort = await listen(http.createServer(handler));
  hangPort = await listen(net.createServer(() => {}));
  resetPort = await listen(net.createServer((s) => s.once("data", () => s.resetAndDestroy())));
  tlsResetPort = resetPort;
  // Port 1: nothing listens there, and unlike a freed ephemeral port no other test's server can take it.
  closed = 1;
  tlsSelfPort = await listen(https.createServer(self, handler));
  tlsOtherPort = await listen(https.createServer(other, handler));
  tlsExpiredPort = await listen(https.createServer(expired, handler));
  tlsIssuedPort = await listen(
    https.createServer({ key: issued.key, cert: `${issued.cert.trimEnd()}\n${ca.cert}` }, handler),
  );
  tlsLeafOnlyPort = await listen(https.createServer(issued, handler));
  tlsExpiredCaPort = await listen(https.createServer(underOld, handler));
  tlsNotCaPort = await listen(https.createServer(underFake, handler));
  tlsAlpnPort = await listen(https.createServer({ ...self, ALPNProtocols: ["acme-tls/1"] }, handler));
  h2Port = await listen(
    http2.createSecureServer({ ...self, allowHTTP1: true }, (req, res) => {
      res.writeHead(req.url === "/unavailable" ? 503 : 200).end("h2");
    }),
  );
});

after(async () => {
  for (const c of closers.reverse()) await c();
});

describe("direct http", () => {
  test("a 200 server: every phase measured, no cause, IP literal skips DNS", async () => {
    const r = await probeURL(`http://127.0.0.1:${okPort}/ok`, opts());
    assert.equal(r.dns, null);
    assert.equal(r.tcp?.error, null);
    assert.equal(r.tcp?.address, "127.0.0.1");
    assert.equal(r.tcp?.port, okPort);
    assert.equal(r.tls, null);
    assert.equal(r.proxy, null);
    assert.equal(r.http?.status, 200);
    assert.equal(r.http?.statusLine, "200 OK");
    assert.equal(r.http?.httpVersion, "1.1");
    assert.equal(r.failedPhase, null);
    assert.equal(r.cause, null);
    assert.equal(r.goError, null);
    assert.equal(r.timedOut, false);
    assert.ok(r.totalMs >= 0 && r.totalMs < 5000);
  });

  test("a name is resolved through the injected lookup; A and AAAA are split; the first address is dialled", async () => {
    lookups.length = 0;
    const r = await probeURL(`http://mirror.test:${okPort}/ok`, opts());
    assert.deepEqual(lookups, ["mirror.test"]);
    assert.equal(r.dns?.host, "mirror.test");
    assert.deepEqual(r.dns?.a, ["127.0.0.1"]);
    assert.deepEqual(r.dns?.aaaa, ["::1"]);
    assert.equal(r.tcp?.address, "127.0.0.1");
    assert.equal(r.http?.status, 200);
    assert.equal(seen.at(-1)?.host, `mirror.test:${okPort}`);
    assert.equal(seen.at(-1)?.["user-agent"], "Go-http-client/1.1");
  });

  test("an unknown name: dns-failure with go's lookup error, nothing dialled", async () => {
    const r = await probeURL("http://nowhere.test/x", opts());
    assert.equal(r.failedPhase, "dns");
    assert.equal(r.cause, "dns-failure");
    assert.equal(r.goError, "dial tcp: lookup nowhere.test: no such host");
    assert.equal(r.dns?.code, "ENOTFOUND");
    // With the system's name servers known, go's own resolver names the one that answered.
    const v4 = await probeURL("http://nowhere.test/x", { ...opts(), nameservers: ["10.0.0.53", "::1"] });
    assert.equal(v4.goError, "dial tcp: lookup nowhere.test on 10.0.0.53:53: no such host");
    const v6 = await probeURL("http://nowhere.test/x", { ...opts(), nameservers: ["fd00::53"] });
    assert.equal(v6.goError, "dial tcp: lookup nowhere.test on [fd00::53]:53: no such host");
    assert.equal(r.tcp, null);
    assert.equal(r.http, null);
  });

  test("a 503 is a proxy-error with cmd/go's `reading URL: status` text", async () => {
    const r = await probeURL(`http://127.0.0.1:${okPort}/unavailable`, opts());
    assert.equal(r.http?.status, 503);
    assert.equal(r.failedPhase, "http");
    assert.equal(r.cause, "proxy-error");
    assert.equal(r.goError, `reading http://127.0.0.1:${okPort}/unavailable: 503 Service Unavailable`);
  });

  test("404 is an answer (no cause) but keeps go's text; 401 is proxy-auth; a redirect is reported, not followed", async () => {
    const nf = await probeURL(`http://127.0.0.1:${okPort}/missing`, opts());
    assert.equal(nf.cause, null);
    assert.equal(nf.failedPhase, null);
    assert.equal(nf.goError, `reading http://127.0.0.1:${okPort}/missing: 404 Not Found`);
    const auth = await probeURL(`http://127.0.0.1:${okPort}/private`, opts());
    assert.equal(auth.cause, "proxy-auth");
    const moved = await probeURL(`http://127.0.0.1:${okPort}/moved`, opts());
    assert.equal(moved.http?.status, 302);
    assert.equal(moved.http?.location, "https://u:xxxxx@elsewhere.test/x");
    assert.equal(moved.cause, null);
    assert.equal(moved.goError, null);
    assert.ok(!json(moved).includes("hidd3n"));
  });

  test("a closed port: connect-failure, go's dial error", async () => {
    const r = await probeURL(`http://127.0.0.1:${closed}/`, opts());
    assert.equal(r.failedPhase, "tcp");
    assert.equal(r.cause, "connect-failure");
    assert.equal(r.tcp?.code, "ECONNREFUSED");
    assert.equal(r.goError, `dial tcp 127.0.0.1:${closed}: connect: connection refused`);
    assert.equal(r.http, null);
  });

  test("a server that resets: connect-failure, go's read error with both ends", async () => {
    const r = await probeURL(`http://127.0.0.1:${resetPort}/`, opts());
    assert.equal(r.failedPhase, "http");
    assert.equal(r.cause, "connect-failure");
    assert.equal(r.http?.code, "ECONNRESET");
    const local = `127.0.0.1:${r.tcp?.localPort}`;
    assert.equal(r.goError, `read tcp ${local}->127.0.0.1:${resetPort}: read: connection reset by peer`);
  });

  test("a server that never answers: timeout within about phaseTimeoutMs", async () => {
    const t0 = performance.now();
    const r = await probeURL(`http://127.0.0.1:${hangPort}/`, opts({ phaseTimeoutMs: PHASE_MS }));
    const elapsed = performance.now() - t0;
    assert.equal(r.failedPhase, "http");
    assert.equal(r.timedOut, true);
    assert.equal(r.cause, "timeout");
    assert.equal(r.http?.code, "timeout");
    assert.equal(r.goError, null, "go waits forever for a response: it has no words for this");
    assert.ok(elapsed >= PHASE_MS - 50 && elapsed < PHASE_MS + 1500, `took ${elapsed} ms`);
  });

  test("the overall signal bounds the probe and marks the running phase timed out", async () => {
    const t0 = performance.now();
    const r = await probeURL(`http://127.0.0.1:${hangPort}/`, {
      ...opts(),
      phaseTimeoutMs: 60_000,
      signal: AbortSignal.timeout(150),
    });
    const elapsed = performance.now() - t0;
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
    assert.equal(r.timedOut, true);
    assert.equal(r.failedPhase, "http");
    assert.equal(r.http?.error, "stopped by the overall deadline");
    assert.equal(r.tcp?.error, null);
  });

  test("an already-aborted signal returns at once with the first phase timed out", async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await probeURL(`http://mirror.test:${okPort}/`, { ...opts(), signal: ac.signal });
    assert.equal(r.failedPhase, "dns");
    assert.equal(r.timedOut, true);
    assert.equal(r.tcp, null);
  });

  test("an aborted probe of an IP literal stops in the TCP phase with go's dial timeout text", async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await probeURL(`http://127.0.0.1:${okPort}/`, { ...opts(), signal: ac.signal });
    assert.equal(r.failedPhase, "tcp");
    assert.equal(r.timedOut, true);
    assert.equal(r.cause, "connect-failure");
    assert.equal(r.goError, `dial tcp 127.0.0.1:${okPort}: i/o timeout`);
  });

  test("a resolver that never answers: bounded, dns-failure with go's lookup timeout text", async () => {
    const t0 = performance.now();
    const r = await probeURL(
      "https://slow.test/",
      opts({ phaseTimeoutMs: PHASE_MS, lookup: () => new Promise(() => {}) }),
    );
    assert.ok(performance.now() - t0 < PHASE_MS + 1500);
    assert.equal(r.failedPhase, "dns");
    assert.equal(r.timedOut, true);
    assert.equal(r.cause, "dns-failure");
    assert.equal(r.goError, "dial tcp: lookup slow.test: i/o timeout");
  });

  test("credentials in an http:// URL: refused as go refuses them, nothing sent, nothing resolved", async () => {
    const before = seen.length;
    const resolved = lookups.length;
    for (const host of ["127.0.0.1", "mirror.test"]) {
      const r = await probeURL(`http://alice:s3cr3tTOKEN@${host}:${okPort}/unavailable`, opts());
      const shown = `http://alice:xxxxx@${host}:${okPort}/unavailable`;
      assert.equal(r.url, shown);
      // cmd/go/internal/web/http.go:get, before any connection.
      assert.equal(r.goError, `refusing to pass credentials to insecure URL: ${shown}`);
      assert.equal(r.cause, "insecure-refused");
      assert.equal(r.failedPhase, "http");
      assert.equal(r.http?.code, "insecure-credentials");
      assert.equal(r.http?.status, null);
      assert.deepEqual([r.dns, r.tcp, r.proxy, r.tls], [null, null, null, null]);
      assert.equal(r.timedOut, false);
      assert.ok(!json(r).includes("s3cr3tTOKEN"));
    }
    // A user name alone is credentials too (url.URL.User is set); through an HTTP proxy as well.
    const u = await probeURL(
      `http://alice@127.0.0.1:${okPort}/ok`,
      opts({ proxy: `http://127.0.0.1:${okPort}` }),
    );
    assert.equal(u.cause, "insecure-refused");
    assert.equal(
      u.goError,
      `refusing to pass credentials to insecure URL: http://xxxxx@127.0.0.1:${okPort}/ok`,
    );
    assert.equal(seen.length, before, "the server received a request");
    assert.equal(lookups.length, resolved, "a name was resolved");
  });

  test("credentials in an https:// URL are sent as go does (Basic) but never reported", async () => {
    const r = await probeURL(
      `https://alice:s3cr3tTOKEN@127.0.0.1:${tlsSelfPort}/unavailable`,
      opts({ goRoots: [self.cert] }),
    );
    assert.equal(seen.at(-1)?.authorization, `Basic ${Buffer.from("alice:s3cr3tTOKEN").toString("base64")}`);
    assert.equal(r.url, `https://alice:xxxxx@127.0.0.1:${tlsSelfPort}/unavailable`);
    assert.equal(r.http?.status, 503);
    assert.ok(r.goError?.startsWith("reading https://alice:xxxxx@"));
    assert.ok(!json(r).includes("s3cr3tTOKEN"));
  });
});

describe("tls", () => {
  test("self-signed, not in go's roots: tls-untrusted, both stores refuse", async () => {
    const r = await probeURL(`https://localhost:${tlsSelfPort}/ok`, opts());
    assert.equal(r.failedPhase, "tls");
    assert.equal(r.cause, "tls-untrusted");
    assert.equal(r.goError, "x509: certificate signed by unknown authority");
    assert.equal(r.tls?.goTrusted, false);
    assert.equal(r.tls?.nodeTrusted, false);
    assert.equal(r.tls?.nodeVerifyError, "self-signed certificate");
    assert.equal(r.tls?.subjectCN, "localhost");
    assert.equal(r.tls?.issuerCN, "localhost");
    assert.equal(r.tls?.servername, "localhost");
    assert.match(r.tls?.protocol ?? "", /^TLSv1\.[23]$/);
    assert.ok(r.tls?.validTo && Date.parse(r.tls.validTo) > Date.now());
    assert.equal(r.http, null);
  });

  test("the same certificate in go's roots: go trusts it, Node's store does not (the disagreement)", async () => {
    const r = await probeURL(`https://localhost:${tlsSelfPort}/ok`, opts({ goRoots: [self.cert] }));
    assert.equal(r.tls?.goTrusted, true);
    assert.equal(r.tls?.goVerifyError, null);
    assert.equal(r.tls?.nodeTrusted, false);
    assert.equal(r.tls?.alpnProtocol, "http/1.1");
    assert.equal(r.http?.httpVersion, "1.1");
    assert.equal(r.http?.status, 200);
    assert.equal(r.cause, null);
    assert.equal(r.failedPhase, null);
  });

  test("an IP literal sends no SNI and is checked against IP SANs", async () => {
    const r = await probeURL(`https://127.0.0.1:${tlsSelfPort}/ok`, opts({ goRoots: [self.cert] }));
    assert.equal(r.tls?.servername, null);
    assert.equal(r.tls?.goTrusted, true);
    const o = await probeURL(`https://127.0.0.1:${tlsOtherPort}/ok`, opts({ goRoots: [other.cert] }));
    assert.equal(
      o.goError,
      "x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs",
    );
  });

  test("a host name mismatch is tls-other with go's HostnameError text, even when the root is trusted", async () => {
    const r = await probeURL(`https://mirror.test:${tlsOtherPort}/ok`, opts({ goRoots: [other.cert] }));
    assert.equal(r.failedPhase, "tls");
    assert.equal(r.cause, "tls-other");
    assert.equal(r.goError, "x509: certificate is valid for other.test, not mirror.test");
    assert.equal(r.tls?.goTrusted, false);
    assert.deepEqual(r.tls?.subjectAltNames, ["DNS:other.test"]);
  });

  test("an expired certificate: go's expiry text comes first (x509.Verify's order)", async () => {
    const r = await probeURL(`https://mirror.test:${tlsExpiredPort}/ok`, opts());
    assert.equal(r.cause, "tls-other");
    assert.match(
      r.goError ?? "",
      /^x509: certificate has expired or is not yet valid: current time \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ is after 2020-06-01T00:00:00Z$/,
    );
    assert.equal(r.tls?.validTo, "2020-06-01T00:00:00.000Z");
  });

  test("an intercepting CA known to Node only: go refuses, Node accepts", async () => {
    const url = `https://mirror.test:${tlsIssuedPort}/ok`;
    const r = await probeURL(url, opts({ nodeRoots: [ca.cert] }));
    assert.equal(r.tls?.goTrusted, false);
    assert.equal(r.tls?.nodeTrusted, true);
    assert.equal(r.tls?.issuerCN, "Intercepting Proxy CA");
    assert.equal(r.cause, "tls-untrusted");
    const g = await probeURL(url, opts({ goRoots: [ca.cert] }));
    assert.equal(g.tls?.goTrusted, true);
    assert.equal(g.tls?.nodeTrusted, false);
    // The server sends the CA along: the path ends in a self-signed certificate Node does not hold.
    assert.equal(g.tls?.nodeVerifyError, "self-signed certificate in certificate chain");
    assert.equal(g.http?.status, 200);
    const d = await probeURL(url, { ...opts({ goRoots: [ca.cert] }), nodeRoots: undefined });
    assert.equal(d.tls?.nodeTrusted, false, "tls.rootCertificates does not hold a test CA");
  });

  test("a server sending only its leaf: Node's store completes the chain from its own CA, or says what is missing", async () => {
    const url = `https://mirror.test:${tlsLeafOnlyPort}/ok`;
    const n = await probeURL(url, opts({ nodeRoots: [ca.cert] }));
    assert.equal(n.tls?.nodeTrusted, true);
    assert.equal(n.tls?.goTrusted, false);
    assert.equal(n.goError, "x509: certificate signed by unknown authority");
    const g = await probeURL(url, opts({ goRoots: [ca.cert] }));
    assert.equal(g.tls?.goTrusted, true);
    assert.equal(g.tls?.nodeVerifyError, "unable to get local issuer certificate");
  });

  test("a trusted root that has expired: go reports the root's expiry", async () => {
    const r = await probeURL(`https://mirror.test:${tlsExpiredCaPort}/`, opts({ goRoots: [expiredCa.cert] }));
    assert.equal(r.cause, "tls-untrusted");
    assert.match(
      r.goError ?? "",
      /^x509: certificate has expired or is not yet valid: current time \S+ is after 2021-01-01T00:00:00Z$/,
    );
  });

  test("a root that may not sign: unknown authority with go's hint", async () => {
    const r = await probeURL(`https://mirror.test:${tlsNotCaPort}/`, opts({ goRoots: [notCa.cert] }));
    assert.equal(r.cause, "tls-untrusted");
    assert.equal(
      r.goError,
      'x509: certificate signed by unknown authority (possibly because of "x509: invalid signature: parent certificate cannot sign this kind of certificate" while trying to verify candidate authority certificate "Not A CA")',
    );
  });

  test("a TLS alert from the server: go's `remote error: tls: …`", async () => {
    const r = await probeURL(`https://localhost:${tlsAlpnPort}/`, opts({ goRoots: [self.cert] }));
    assert.equal(r.failedPhase, "tls");
    assert.equal(r.cause, "tls-other");
    assert.equal(r.tls?.code, "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL");
    assert.equal(r.tls?.error, "tlsv1 alert no application protocol");
    assert.equal(r.goError, "remote error: tls: no application protocol");
  });

  test("HTTP/2 is negotiated by ALPN and used, as go's default transport does", async () => {
    const r = await probeURL(`https://localhost:${h2Port}/ok`, opts({ goRoots: [self.cert] }));
    assert.equal(r.tls?.alpnProtocol, "h2");
    assert.equal(r.http?.httpVersion, "2.0");
    assert.equal(r.http?.status, 200);
    const u = await probeURL(`https://localhost:${h2Port}/unavailable`, opts({ goRoots: [self.cert] }));
    assert.equal(u.goError, `reading https://localhost:${h2Port}/unavailable: 503 Service Unavailable`);
  });

  test("a plain HTTP server on an https URL: go's `server gave HTTP response to HTTPS client`", async () => {
    const r = await probeURL(`https://127.0.0.1:${okPort}/`, opts());
    assert.equal(r.failedPhase, "tls");
    assert.equal(r.cause, "tls-other");
    assert.equal(r.goError, "http: server gave HTTP response to HTTPS client");
  });

  test("a server that never answers the ClientHello: go's TLS handshake timeout", async () => {
    const t0 = performance.now();
    const r = await probeURL(`https://127.0.0.1:${hangPort}/`, opts({ phaseTimeoutMs: PHASE_MS }));
    assert.ok(performance.now() - t0 < PHASE_MS + 1500);
    assert.equal(r.failedPhase, "tls");
    assert.equal(r.timedOut, true);
    assert.equal(r.cause, "timeout");
    assert.equal(r.goError, "net/http: TLS handshake timeout");
  });

  test("a reset during the handshake (middlebox style): connect-failure", async () => {
    const r = await probeURL(`https://mirror.test:${tlsResetPort}/`, opts());
    assert.equal(r.failedPhase, "tls");
    assert.equal(r.cause, "connect-failure");
    assert.match(
      r.goError ?? "",
      /^read tcp 127\.0\.0\.1:\d+->127\.0\.0\.1:\d+: read: connection reset by peer$/,
    );
  });
});

describe("through an HTTP proxy", () => {
  const USER = "bob";
  const PASS = "pr0xyPASS";
  const good = `Basic ${Buffer.from(`${USER}:${PASS}`).toString("base64")}`;
  let proxyPort: number;
  let forbidPort: number;
  const requests: { line: string; auth: string | undefined }[] = [];

  before(async () => {
    proxyPort = await listen(
      net.createServer((client) => {
        let buf = Buffer.alloc(0);
        const onData = (d: Buffer) => {
          buf = Buffer.concat([buf, d]);
          const end = buf.indexOf("\r\n\r\n");
          if (end < 0) return;
          client.off("data", onData);
          const [line = "", ...headers] = buf.subarray(0, end).toString("latin1").split("\r\n");
          const auth = headers.find((h) => /^proxy-authorization:/i.test(h))?.replace(/^[^:]*:\s*/, "");
          requests.push({ line, auth });
          if (auth !== good) {
            client.end("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n");
            return;
          }
          if (line.startsWith("CONNECT ")) {
            const port = Number((line.split(" ")[1] ?? "").split(":").pop());
            const up = net.connect(port, "127.0.0.1", () => {
              client.write("HTTP/1.1 200 Connection established\r\n\r\n");
              up.write(buf.subarray(end + 4));
              client.pipe(up);
              up.pipe(client);
            });
            up.on("error", () => client.destroy());
            client.on("close", () => up.destroy());
          } else {
            client.end("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
          }
        };
        client.on("data", onData);
      }),
    );
    forbidPort = await listen(net.createServer((c) => c.end("HTTP/1.1 403 Forbidden\r\n\r\n")));
  });

  test("CONNECT without credentials: 407, proxy-auth, go's `Proxy Authentication Required`", async () => {
    const r = await probeURL(
      `https://mirror.test:${tlsSelfPort}/ok`,
      opts({ proxy: `http://127.0.0.1:${proxyPort}` }),
    );
    assert.equal(r.proxy?.status, 407);
    assert.equal(r.proxy?.statusLine, "407 Proxy Authentication Required");
    assert.equal(r.proxy?.authSent, false);
    assert.equal(r.failedPhase, "proxy");
    assert.equal(r.cause, "proxy-auth");
    assert.equal(r.goError, "Proxy Authentication Required");
    assert.equal(r.tls, null);
    assert.equal(requests.at(-1)?.line, `CONNECT mirror.test:${tlsSelfPort} HTTP/1.1`);
  });

  test("wrong credentials: 407 again, and the password appears nowhere", async () => {
    const r = await probeURL(
      `https://mirror.test:${tlsSelfPort}/ok`,
      opts({ proxy: `http://${USER}:wr0ngPASS@127.0.0.1:${proxyPort}` }),
    );
    assert.equal(r.proxy?.status, 407);
    assert.equal(r.proxy?.authSent, true);
    assert.equal(r.via, `http://${USER}:xxxxx@127.0.0.1:${proxyPort}`);
    assert.ok(!json(r).includes("wr0ngPASS"));
  });

  test("the right credentials: 200, then TLS and HTTP through the tunnel; the target is not resolved here", async () => {
    lookups.length = 0;
    const r = await probeURL(
      `https://mirror.test:${tlsSelfPort}/ok`,
      opts({ proxy: `http://${USER}:${PASS}@127.0.0.1:${proxyPort}`, goRoots: [self.cert] }),
    );
    assert.deepEqual(lookups, []);
    assert.equal(r.dns, null);
    assert.equal(r.tcp?.toProxy, true);
    assert.equal(r.tcp?.port, proxyPort);
    assert.equal(r.proxy?.status, 200);
    assert.equal(r.tls?.goTrusted, true);
    assert.equal(r.tls?.servername, "mirror.test");
    assert.equal(r.http?.status, 200);
    assert.equal(r.cause, null);
    assert.equal(requests.at(-1)?.auth, good);
    assert.ok(!json(r).includes(PASS));
    assert.ok(!json(r).includes(good.slice(6)));
  });

  test("the proxy's own name goes through DNS; an unknown one is go's proxyconnect lookup error", async () => {
    const r = await probeURL(
      `https://mirror.test:${tlsSelfPort}/ok`,
      opts({ proxy: `http://${USER}:${PASS}@proxy.test:${proxyPort}`, goRoots: [self.cert] }),
    );
    assert.equal(r.dns?.host, "proxy.test");
    assert.equal(r.http?.status, 200);
    const n = await probeURL(`https://mirror.test/`, opts({ proxy: "http://nowhere.test:3128" }));
    assert.equal(n.cause, "http-proxy-misconfig");
    assert.equal(n.goError, "proxyconnect tcp: dial tcp: lookup nowhere.test: no such host");
  });

  test("an http URL goes to the proxy in absolute form with Proxy-Authorization", async () => {
    const r = await probeURL(
      `http://mirror.test:${okPort}/x?y=1`,
      opts({ proxy: `http://${USER}:${PASS}@127.0.0.1:${proxyPort}` }),
    );
    assert.equal(requests.at(-1)?.line, `GET http://mirror.test:${okPort}/x?y=1 HTTP/1.1`);
    assert.equal(requests.at(-1)?.auth, good);
    assert.equal(r.proxy, null);
    assert.equal(r.http?.viaProxy, true);
    assert.equal(r.http?.status, 200);
    const denied = await probeURL(
      `http://mirror.test:${okPort}/x`,
      opts({ proxy: `http://127.0.0.1:${proxyPort}` }),
    );
    assert.equal(denied.http?.status, 407);
    assert.equal(denied.cause, "proxy-auth");
  });

  test("a proxy that refuses the tunnel (403) or is not there: http-proxy-misconfig", async () => {
    const f = await probeURL(`https://mirror.test/`, opts({ proxy: `http://127.0.0.1:${forbidPort}` }));
    assert.equal(f.proxy?.status, 403);
    assert.equal(f.cause, "http-proxy-misconfig");
    assert.equal(f.goError, "Forbidden");
    const c = await probeURL(`https://mirror.test/`, opts({ proxy: `http://127.0.0.1:${closed}` }));
    assert.equal(c.failedPhase, "tcp");
    assert.equal(c.cause, "http-proxy-misconfig");
    assert.equal(c.goError, `proxyconnect tcp: dial tcp 127.0.0.1:${closed}: connect: connection refused`);
  });

  test("a proxy that accepts and never answers CONNECT: timeout, bounded", async () => {
    const t0 = performance.now();
    const r = await probeURL(
      `https://mirror.test/`,
      opts({ phaseTimeoutMs: PHASE_MS, proxy: `http://127.0.0.1:${hangPort}` }),
    );
    assert.ok(performance.now() - t0 < PHASE_MS + 1500);
    assert.equal(r.failedPhase, "proxy");
    assert.equal(r.timedOut, true);
    assert.equal(r.cause, "timeout");
    assert.equal(r.goError, "context deadline exceeded");
  });
});
