// Windows, under Wine: check's Windows-only causes read from the registry of the test's own prefix, with values
// written by `wine reg add` — the system proxy in Internet Settings that go ignores, and variables persisted in
// HKCU\Environment that the running process does not have (set inside cmd after Wine built the environment,
// as a terminal opened before `setx` keeps its old one). goproxy-doctor runs on node.exe (`check --offline`).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, test } from "node:test";
import { newPrefix, runDoctorExe, type WinePrefix, type WinRun, wineEnv } from "../support/wine.js";

const INTERNET_SETTINGS = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";

let prefix: WinePrefix;
before(() => {
  prefix = newPrefix();
});
after(() => prefix?.dispose());

/** `wine reg ARGS` in the prefix, bounded (20 s). */
function reg(...args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile("wine", ["reg", ...args], { env: wineEnv(prefix), timeout: 20_000 }, (e, _o, stderr) =>
      e === null ? resolve() : reject(new Error(`wine reg ${args.join(" ")}: ${stderr}`)),
    ),
  );
}

interface Finding {
  id: string;
  severity: string;
  cause: string | null;
  message: string;
  fix: string[];
}

async function findings(run: WinRun = {}): Promise<Finding[]> {
  const r = await runDoctorExe(prefix, ["check", "--offline", "--json"], run);
  const doc = JSON.parse(r.stdout || "null") as { findings: Finding[] } | null;
  assert.ok(doc !== null, `check printed no JSON: ${r.stderr}`);
  return doc.findings;
}

test("a system proxy in Internet Settings that go ignores: the variables and values to set (Wine's registry)", async () => {
  await reg("add", INTERNET_SETTINGS, "/v", "ProxyEnable", "/t", "REG_DWORD", "/d", "1", "/f");
  await reg(
    "add",
    INTERNET_SETTINGS,
    "/v",
    "ProxyServer",
    "/d",
    "http=127.0.0.1:3128;https=127.0.0.1:3129",
    "/f",
  );
  await reg("add", INTERNET_SETTINGS, "/v", "ProxyOverride", "/d", "<local>;*.corp.example;10.*", "/f");
  try {
    const f = (await findings()).find((x) => x.id === "system-proxy.ignored");
    assert.ok(f, "the ignored system proxy is reported");
    assert.equal(f.cause, "http-proxy-misconfig");
    assert.match(
      f.message,
      /HTTPS_PROXY=http:\/\/127\.0\.0\.1:3129, HTTP_PROXY=http:\/\/127\.0\.0\.1:3128, NO_PROXY=\.corp\.example,10\.0\.0\.0\/8/,
    );
    assert.deepEqual(f.fix, [
      "goproxy-doctor fix --for cmd --https-proxy http://127.0.0.1:3129 --http-proxy http://127.0.0.1:3128 --proxy-bypass .corp.example,10.0.0.0/8",
    ]);
    const withVars = await findings({
      set: { HTTPS_PROXY: "http://127.0.0.1:3129", HTTP_PROXY: "http://127.0.0.1:3128" },
    });
    assert.ok(
      !withVars.some((x) => x.id.startsWith("system-proxy.")),
      "nothing to say once go has the variables",
    );
    await reg("add", INTERNET_SETTINGS, "/v", "ProxyEnable", "/t", "REG_DWORD", "/d", "0", "/f");
    assert.ok(
      !(await findings()).some((x) => x.id.startsWith("system-proxy.")),
      "a disabled proxy is no finding",
    );
  } finally {
    await reg("delete", INTERNET_SETTINGS, "/v", "ProxyServer", "/f");
    await reg("delete", INTERNET_SETTINGS, "/v", "ProxyOverride", "/f");
  }
});

test("a proxy auto-config script go never runs (AutoConfigURL)", async () => {
  await reg("add", INTERNET_SETTINGS, "/v", "AutoConfigURL", "/d", "http://127.0.0.1:1/proxy.pac", "/f");
  try {
    const f = (await findings()).find((x) => x.id === "system-proxy.pac");
    assert.ok(f);
    assert.match(f.message, /http:\/\/127\.0\.0\.1:1\/proxy\.pac/);
  } finally {
    await reg("delete", INTERNET_SETTINGS, "/v", "AutoConfigURL", "/f");
  }
});

test("variables persisted in HKCU\\Environment that this process lacks: what to restart, or go env -w", async () => {
  await reg("add", "HKCU\\Environment", "/v", "GOPROXY", "/d", "http://127.0.0.1:1/persisted", "/f");
  await reg("add", "HKCU\\Environment", "/v", "GOPRIVATE", "/d", "corp.example", "/f");
  try {
    // As Wine starts it, the process has the persisted values: nothing is stale.
    assert.ok(!(await findings()).some((x) => x.id === "windows.stale-environment"));
    // A terminal opened before setx: GOPROXY old, GOPRIVATE absent.
    const stale = (
      await findings({ set: { GOPROXY: "http://127.0.0.1:1/old" }, unset: ["GOPRIVATE"] })
    ).filter((x) => x.id === "windows.stale-environment");
    assert.equal(stale.length, 2);
    const [proxy, priv] = [
      stale.find((x) => x.message.startsWith("GOPROXY")),
      stale.find((x) => x.message.startsWith("GOPRIVATE")),
    ];
    assert.match(
      proxy?.message ?? "",
      /HKCU\\Environment.*"http:\/\/127\.0\.0\.1:1\/old" in this process.*Restart it/,
    );
    assert.deepEqual(proxy?.fix, []);
    assert.deepEqual(priv?.fix, ["go env -w GOPRIVATE=corp.example"]);
  } finally {
    await reg("delete", "HKCU\\Environment", "/v", "GOPROXY", "/f");
    await reg("delete", "HKCU\\Environment", "/v", "GOPRIVATE", "/f");
  }
});

test("SSL_CERT_FILE on Windows: go trusts the certificate store only, and check says so", async () => {
  const f = (await findings({ set: { SSL_CERT_FILE: "C:\\corp-ca.pem" } })).find(
    (x) => x.id === "tls.cert-variables-ignored",
  );
  assert.ok(f);
  assert.match(f.message, /Windows certificate store/);
  assert.ok(!(await findings()).some((x) => x.id === "tls.cert-variables-ignored"));
});
