// The operating system's settings go ignores: reg query's and scutil's output, WinINet's proxy notation, and the
// findings made of them (core/system/).
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  expandPercent,
  staleVariableFindings,
  staleVariables,
} from "../../../../src/core/system/persisted.js";
import {
  bypassToNoProxy,
  parseWinProxyServer,
  type SystemProxy,
  systemProxyFindings,
} from "../../../../src/core/system/proxy.js";
import { parseRegQuery, regDword, regValues } from "../../../../src/core/system/regquery.js";
import { parseScutilProxy, scutilSystemProxy } from "../../../../src/core/system/scutil.js";
import { ignoredCertVariableFindings } from "../../../../src/core/system/trust.js";
import { wslFindings } from "../../../../src/core/system/wsl.js";

// Printed by Wine 8.0's reg.exe (reg query of Internet Settings after three `reg add`), CRLF as it writes.
const REG_OUTPUT = [
  "",
  "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings",
  "    ProxyEnable    REG_DWORD    0x1",
  "    ProxyOverride    REG_SZ    <local>;*.corp.example",
  "    ProxyServer    REG_SZ    http=127.0.0.1:3128;https=127.0.0.1:3129",
  "    User Agent    REG_SZ    Mozilla/4.0 (compatible; MSIE 8.0; Win32)",
  "",
  "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMap",
  "",
].join("\r\n");

test("reg query: values of the key asked for, names with spaces, DWORDs", () => {
  const keys = parseRegQuery(REG_OUTPUT);
  assert.equal(keys.length, 2);
  const v = regValues(keys);
  assert.equal(regDword(v.get("PROXYENABLE")), 1);
  assert.equal(v.get("PROXYSERVER")?.data, "http=127.0.0.1:3128;https=127.0.0.1:3129");
  assert.equal(v.get("USER AGENT")?.data, "Mozilla/4.0 (compatible; MSIE 8.0; Win32)");
  assert.equal(regDword(v.get("PROXYSERVER")), null);
});

const nameArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}( [A-Za-z0-9_]{1,6})?$/);
const dataArb = fc.stringMatching(/^[ -~]{0,40}$/).map((s) => s.trim());
const valueArb = fc.record({
  name: nameArb,
  type: fc.constantFrom("REG_SZ", "REG_EXPAND_SZ", "REG_DWORD"),
  data: dataArb,
});

test("reg query (property): every printed value is read back with its name, type and data", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(valueArb, { selector: (v) => v.name.toUpperCase(), maxLength: 8 }),
      fc.boolean(),
      (vals, crlf) => {
        const lines = [
          "",
          "HKEY_CURRENT_USER\\Environment",
          ...vals.map((v) => `    ${v.name}    ${v.type}    ${v.data}`),
          "",
        ];
        const keys = parseRegQuery(lines.join(crlf ? "\r\n" : "\n"));
        assert.deepEqual(
          keys[0]?.values,
          vals.map((v) => ({ name: v.name, type: v.type, data: v.data })),
        );
      },
    ),
  );
});

test("reg query (property): arbitrary text never throws", () => {
  fc.assert(fc.property(fc.string(), (s) => Array.isArray(parseRegQuery(s))));
});

test("WinINet ProxyServer: one proxy for all, or per scheme", () => {
  assert.deepEqual(parseWinProxyServer("proxy.corp.example:8080"), {
    http: "proxy.corp.example:8080",
    https: "proxy.corp.example:8080",
  });
  assert.deepEqual(parseWinProxyServer("http=a:1;https=b:2;ftp=c:3"), { http: "a:1", https: "b:2" });
  assert.deepEqual(parseWinProxyServer("https=http://b:2"), { http: null, https: "b:2" });
  assert.deepEqual(parseWinProxyServer(""), { http: null, https: null });
});

test("ProxyOverride → NO_PROXY: *.x → .x, 10.* → CIDR, <local> and inner wildcards set apart", () => {
  assert.deepEqual(
    bypassToNoProxy(["<local>", "*.corp.example", "10.*", "192.168.*", "build01", "a*b.example"]),
    {
      noProxy: [".corp.example", "10.0.0.0/8", "192.168.0.0/16", "build01"],
      untranslatable: ["<local>", "a*b.example"],
    },
  );
  fc.assert(
    fc.property(fc.array(fc.string()), (es) => {
      const r = bypassToNoProxy(es);
      assert.ok(r.noProxy.length + r.untranslatable.length <= es.length);
      for (const n of r.noProxy) assert.ok(!n.includes("*"));
    }),
  );
});

const WIN_PROXY: SystemProxy = {
  where: "Windows' Internet Settings",
  http: "127.0.0.1:3128",
  https: "127.0.0.1:3129",
  pacURL: null,
  noProxy: [".corp.example"],
  untranslatable: ["<local>"],
  fixTarget: "cmd",
  modelled: false,
};

test("system proxy go ignores: a warning naming the variables and values, unless they are set", () => {
  const [f] = systemProxyFindings(WIN_PROXY, {});
  assert.equal(f?.id, "system-proxy.ignored");
  assert.match(
    f?.message ?? "",
    /HTTPS_PROXY=http:\/\/127\.0\.0\.1:3129, HTTP_PROXY=http:\/\/127\.0\.0\.1:3128, NO_PROXY=\.corp\.example/,
  );
  assert.deepEqual(f?.fix, [
    "goproxy-doctor fix --for cmd --https-proxy http://127.0.0.1:3129 --http-proxy http://127.0.0.1:3128 --proxy-bypass .corp.example",
  ]);
  assert.deepEqual(systemProxyFindings(WIN_PROXY, { HTTPS_PROXY: "http://127.0.0.1:3129" }), []);
  assert.equal(
    systemProxyFindings(WIN_PROXY, { https_proxy: "http://other:1" })[0]?.id,
    "system-proxy.differs",
  );
  const pac = systemProxyFindings(
    { ...WIN_PROXY, http: null, https: null, pacURL: "http://wpad/wpad.dat" },
    {},
  );
  assert.deepEqual(
    pac.map((x) => x.id),
    ["system-proxy.pac"],
  );
});

test("persisted variables: the user's over the machine's, REG_EXPAND_SZ expanded, names without case", () => {
  const user = [
    { name: "GOPROXY", type: "REG_SZ", data: "https://persisted.example" },
    { name: "GoFlags", type: "REG_EXPAND_SZ", data: "-modcacherw %USERPROFILE%" },
  ];
  const machine = [
    { name: "GOPROXY", type: "REG_SZ", data: "https://machine.example" },
    { name: "GOPRIVATE", type: "REG_SZ", data: "corp.example" },
  ];
  const env = { goproxy: "https://old.example", USERPROFILE: "C:\\Users\\zoë", GOPRIVATE: "corp.example" };
  const stale = staleVariables(user, machine, env);
  assert.deepEqual(
    [...stale].sort((a, b) => a.name.localeCompare(b.name)),
    [
      { name: "GOFLAGS", scope: "user", persisted: "-modcacherw C:\\Users\\zoë", current: null },
      {
        name: "GOPROXY",
        scope: "user",
        persisted: "https://persisted.example",
        current: "https://old.example",
      },
    ],
  );
  const f = staleVariableFindings(stale);
  const proxy = f.find((x) => x.message.startsWith("GOPROXY"));
  const flags = f.find((x) => x.message.startsWith("GOFLAGS"));
  assert.match(proxy?.message ?? "", /HKCU\\Environment.*Restart it/);
  assert.deepEqual(proxy?.fix, [], "go env -w cannot beat a variable this process has");
  assert.deepEqual(flags?.fix, ["go env -w GOFLAGS=-modcacherw C:\\Users\\zoë"]);
  assert.equal(expandPercent("%NOPE%\\x", {}), "%NOPE%\\x");
});

const SCUTIL = `<dictionary> {
  ExceptionsList : <array> {
    0 : *.local
    1 : 169.254/16
  }
  FTPPassive : 1
  HTTPEnable : 1
  HTTPPort : 3128
  HTTPProxy : proxy.corp.example
  HTTPSEnable : 1
  HTTPSPort : 3129
  HTTPSProxy : proxy.corp.example
  ProxyAutoConfigEnable : 0
}
`;

test("scutil --proxy: enabled proxies, exceptions, modelled", () => {
  const p = scutilSystemProxy(SCUTIL);
  assert.equal(p.https, "proxy.corp.example:3129");
  assert.equal(p.http, "proxy.corp.example:3128");
  assert.equal(p.pacURL, null);
  assert.deepEqual(p.noProxy, [".local", "169.254/16"]);
  assert.equal(p.modelled, true);
  assert.match(systemProxyFindings(p, {})[0]?.message ?? "", /modelled from Go's source, not verified/);
  fc.assert(fc.property(fc.string(), (s) => parseScutilProxy(s).values instanceof Map));
});

test("WSL: the two sides always; a proxy on 127.0.0.1 pointed at the host's address", () => {
  assert.deepEqual(
    wslFindings({}, []).map((f) => f.id),
    ["wsl.two-sides"],
  );
  const f = wslFindings({ HTTPS_PROXY: "http://127.0.0.1:3128" }, ["172.29.64.1"]);
  assert.equal(f[1]?.id, "wsl.loopback-proxy");
  assert.deepEqual(f[1]?.fix, ["export HTTPS_PROXY=http://172.29.64.1:3128"]);
});

test("SSL_CERT_FILE where go trusts only the system store: a warning on Windows and macOS, nothing on Linux", () => {
  const env = { SSL_CERT_FILE: "C:\\ca.pem" };
  assert.match(ignoredCertVariableFindings(env, "windows")[0]?.message ?? "", /Windows certificate store/);
  assert.match(ignoredCertVariableFindings(env, "darwin")[0]?.message ?? "", /not verified/);
  assert.deepEqual(ignoredCertVariableFindings(env, "other"), []);
  assert.deepEqual(ignoredCertVariableFindings({}, "windows"), []);
});
