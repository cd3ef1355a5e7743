import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseIP, proxyConfigFromEnv, proxyForURL, splitHostPort } from "../../../src/core/httpproxy.js";

const P = { HTTP_PROXY: "http://hp:1", HTTPS_PROXY: "http://sp:2" };
const via = (env: Record<string, string>, url: string) => proxyForURL(proxyConfigFromEnv(env), url).proxy;

test("upper case wins when non-empty; lower case is the fallback; bare host:port means http://", () => {
  const c = proxyConfigFromEnv({
    HTTPS_PROXY: "http://up:1",
    https_proxy: "http://low:2",
    http_proxy: "low:3",
  });
  assert.deepEqual(c.httpsProxy, { value: "http://up:1", from: "HTTPS_PROXY" });
  assert.deepEqual(c.httpProxy, { value: "low:3", from: "http_proxy" });
  assert.equal(via({ HTTPS_PROXY: "", https_proxy: "http://low:2" }, "https://a.example/"), "http://low:2");
  assert.equal(via({ http_proxy: "low:3" }, "http://a.example/"), "http://low:3");
  assert.equal(via({ HTTPS_PROXY: "socks5://s:1080" }, "https://a.example/"), "socks5://s:1080");
  assert.equal(via({ HTTP_PROXY: "http://hp:1" }, "https://a.example/"), null);
});

test("REQUEST_METHOD refuses HTTP_PROXY for http URLs only (CGI)", () => {
  const c = proxyConfigFromEnv({ ...P, REQUEST_METHOD: "GET" });
  assert.match(proxyForURL(c, "http://a.example/").error ?? "", /^refusing to use HTTP_PROXY value in CGI/);
  assert.equal(proxyForURL(c, "https://a.example/").proxy, "http://sp:2");
});

test("NO_PROXY domains: name and subdomains, leading dot or *. for subdomains only, ports", () => {
  const cases: [string, string, boolean][] = [
    ["*", "https://anything.example/", true],
    ["example.com", "https://example.com/", true],
    ["example.com", "https://a.b.example.com/", true],
    ["example.com", "https://notexample.com/", false],
    [".example.com", "https://example.com/", false],
    [".example.com", "https://a.example.com/", true],
    ["*.example.com", "https://example.com/", false],
    ["*.example.com", "https://a.example.com/", true],
    [" EXAMPLE.com ,", "https://Example.COM/", true],
    ["example.com:8443", "https://example.com:8443/", true],
    ["example.com:8443", "https://example.com/", false],
    ["a.example,,b.example", "https://b.example/", true],
  ];
  for (const [noProxy, url, exempt] of cases) {
    assert.equal(via({ ...P, NO_PROXY: noProxy }, url), exempt ? null : "http://sp:2", `${noProxy} ${url}`);
  }
});

test("NO_PROXY addresses: IPs with optional port, CIDRs as net.ParseCIDR and IPNet.Contains see them", () => {
  const cases: [string, string, boolean][] = [
    ["10.0.0.0/8", "http://10.1.2.3/", true],
    ["10.0.0.0/8", "http://11.1.2.3/", false],
    ["10.0.0.0/08", "http://10.1.2.3/", true],
    ["2001:db8::/32", "http://[2001:db8::1]:8080/", true],
    ["::/0", "http://[2001:db8::1]/", true],
    ["::/0", "http://10.1.2.3/", false],
    ["::ffff:0:0/96", "http://10.1.2.3/", true],
    ["10.1.2.3", "http://10.1.2.3:9/", true],
    ["10.1.2.3:80", "http://10.1.2.3/", true],
    ["10.1.2.3:81", "http://10.1.2.3/", false],
    ["[2001:db8::1]:443", "https://[2001:db8::1]/", true],
  ];
  for (const [noProxy, url, exempt] of cases) {
    assert.equal(via({ ...P, NO_PROXY: noProxy }, url) === null, exempt, `${noProxy} ${url}`);
  }
});

test("localhost and loopback addresses are never proxied", () => {
  for (const url of [
    "http://localhost:8080/",
    "http://127.0.0.1/",
    "http://127.9.9.9:1/",
    "https://[::1]/",
  ]) {
    const r = proxyForURL(proxyConfigFromEnv(P), url);
    assert.equal(r.proxy, null, url);
    assert.match(r.reason, /never proxied/);
  }
});

test("parseIP and splitHostPort follow net.ParseIP and net.SplitHostPort", () => {
  assert.deepEqual([...parseIP("1.2.3.4")!], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
  assert.deepEqual(parseIP("::ffff:1.2.3.4"), parseIP("1.2.3.4"));
  assert.deepEqual(parseIP("00001::1"), parseIP("1::1"));
  for (const bad of ["01.2.3.4", "1.2.3.256", "1.2.3", "1::2::3", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "x"]) {
    assert.equal(parseIP(bad), null, bad);
  }
  assert.deepEqual(splitHostPort("[::1]:80"), { host: "::1", port: "80" });
  assert.deepEqual(splitHostPort("h:"), { host: "h", port: "" });
  assert.equal(splitHostPort("a:b:c"), null);
  assert.equal(splitHostPort("host"), null);
});

test("property: dotted quads roundtrip through parseIP as IPv4-mapped addresses", () => {
  fc.assert(
    fc.property(fc.ipV4(), (ip) => {
      const b = parseIP(ip)!;
      assert.equal(b.length, 16);
      assert.deepEqual([...b.slice(10, 12)], [255, 255]);
      assert.equal([...b.slice(12)].join("."), ip);
    }),
  );
});

test("property: never throws for arbitrary environments and URLs; without NO_PROXY every remote host is proxied", () => {
  const word = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom("*", "::/0", "[::1]:80", ":", "http://x:1"),
  );
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom("HTTP_PROXY", "https_proxy", "NO_PROXY", "no_proxy"), word),
      word,
      (env, url) => {
        const c = proxyConfigFromEnv(env);
        for (const u of [url, `http://${url}/`, `https://${url}`])
          assert.equal(typeof proxyForURL(c, u).reason, "string");
      },
    ),
  );
  fc.assert(
    fc.property(fc.domain(), (host) => {
      fc.pre(host !== "localhost");
      assert.equal(via(P, `https://${host}/m/@v/list`), "http://sp:2");
    }),
  );
});
