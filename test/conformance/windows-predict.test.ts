// Windows, under Wine: check's download predictions (goproxy-doctor on node.exe) against go.exe's own
// `go mod download -json` on the same loopback servers (test/fixtures/go/modproxy, run natively). Outcome, the
// entry that served the zip, and go's error text must agree. The Windows texts we predict are the real Windows
// ones (core/sockerr.ts); Wine prints its own Winsock messages, so go.exe's text is compared after writing
// Wine's words for Windows' (only there).
// TLS and credentials: an https front (localhost, forwarding to modproxy; /auth/ needs gopher:s3cret) whose
// certificate is put in the prefix's certificate store (HKCU\...\SystemCertificates\Root, as Windows keeps it):
// go.exe trusts that store and nothing else, and %USERPROFILE%\_netrc / NETRC / %USERPROFILE%\.netrc are read as
// each go version reads them. The front is named localhost, not 127.0.0.1: Wine's certificate policy refuses an
// IP address in a certificate's names (go.exe said "certificate is valid for 127.0.0.1, not 127.0.0.1").
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import selfsigned from "selfsigned";
import { authForwarder, type ModProxy, startModProxy } from "../support/modproxy.js";
import { TOOLCHAINS } from "../support/toolchains.js";
import {
  goExe,
  newPrefix,
  runDoctorExe,
  runGoExe,
  type WinePrefix,
  wineEnv,
  winPath,
} from "../support/wine.js";

interface Scenario {
  readonly name: string;
  /** GOPROXY with `@mode` for modproxy's entries and REFUSED for a closed port. */
  readonly goproxy: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly outcome: "ok" | "fail";
  readonly servedBy?: string;
  readonly cause: string | null;
  /** Files written into the prefix's %USERPROFILE% for this scenario (name → text; "NETRC": the front's). */
  readonly profileFiles?: Readonly<Record<string, string>>;
  /** Where a go version differs: its outcome and cause. */
  readonly byGo?: Readonly<Record<string, { outcome: "ok" | "fail"; cause: string | null }>>;
}

/**
 * The credentials for the front, named twice: go1.19 matches a machine to the URL's host name, go ≥ 1.24 (GOAUTH)
 * to a prefix of host:port/path — a version difference of its own, not Windows', left to the GOAUTH suites.
 */
function netrcText(): string {
  const port = new URL(front.url).port;
  return `machine localhost\r\n  login gopher\r\n  password s3cret\r\nmachine localhost:${port}\r\n  login gopher\r\n  password s3cret\r\n`;
}

const SCENARIOS: readonly Scenario[] = [
  { name: "healthy", goproxy: "@ok", outcome: "ok", servedBy: "ok", cause: null },
  { name: "404 then ok", goproxy: "@s404,@ok", outcome: "ok", servedBy: "ok", cause: null },
  { name: "410 then ok", goproxy: "@s410,@ok", outcome: "ok", servedBy: "ok", cause: null },
  { name: "500 with ,", goproxy: "@s500,@ok", outcome: "fail", cause: "proxy-error" },
  { name: "500 with |", goproxy: "@s500|@ok", outcome: "ok", servedBy: "ok", cause: null },
  { name: "404 only", goproxy: "@s404", outcome: "fail", cause: "not-found" },
  { name: "410 only", goproxy: "@s410", outcome: "fail", cause: "not-found" },
  { name: "503 only", goproxy: "@s503", outcome: "fail", cause: "proxy-error" },
  { name: "refused with ,", goproxy: "REFUSED,@ok", outcome: "fail", cause: "connect-failure" },
  { name: "refused with |", goproxy: "REFUSED|@ok", outcome: "ok", servedBy: "ok", cause: null },
  { name: "reset with ,", goproxy: "@reset,@ok", outcome: "fail", cause: "connect-failure" },
  { name: "reset with |", goproxy: "@reset|@ok", outcome: "ok", servedBy: "ok", cause: null },
  { name: "GOPROXY=off", goproxy: "off", outcome: "fail", cause: "goproxy-off" },
  {
    name: "GOPRIVATE covers a module GOPROXY=off would block",
    goproxy: "off",
    env: { GOPRIVATE: "example.com/m", GOVCS: "*:off" },
    outcome: "fail",
    cause: null,
  },
  {
    name: "https mirror trusted through the Windows store",
    goproxy: "TLS/m/ok",
    outcome: "ok",
    servedBy: "ok",
    cause: null,
  },
  {
    name: "SSL_CERT_FILE naming the CA is not read on Windows",
    goproxy: "OTHERTLS/m/ok",
    env: { SSL_CERT_FILE: "OTHERCA" },
    outcome: "fail",
    cause: "tls-untrusted",
  },
  { name: "credentials needed, none given", goproxy: "TLS/auth/m/ok", outcome: "fail", cause: "proxy-auth" },
  {
    name: "%USERPROFILE%\\_netrc",
    goproxy: "TLS/auth/m/ok",
    profileFiles: { _netrc: "NETRC" },
    outcome: "ok",
    servedBy: "ok",
    cause: null,
  },
  {
    name: "NETRC names the file",
    goproxy: "TLS/auth/m/ok",
    env: { NETRC: "NETRCFILE" },
    outcome: "ok",
    servedBy: "ok",
    cause: null,
  },
  {
    name: "%USERPROFILE%\\.netrc alone: go1.26 reads it, go1.19 does not",
    goproxy: "TLS/auth/m/ok",
    profileFiles: { ".netrc": "NETRC" },
    outcome: "ok",
    servedBy: "ok",
    cause: null,
    byGo: { "go1.19": { outcome: "fail", cause: "proxy-auth" } },
  },
];

/** Wine's Winsock messages in place of Windows' (docs/windows.md): applied to what we predict, under Wine only. */
const WINE_TEXTS: readonly [string, string][] = [
  ["No connection could be made because the target machine actively refused it.", "Connection refused."],
  ["An existing connection was forcibly closed by the remote host.", "Connection reset by peer."],
];

function asWine(text: string): string {
  return WINE_TEXTS.reduce((t, [windows, wine]) => t.split(windows).join(wine), text);
}

/** The local port of `read tcp L->R` is the kernel's choice, different in every run. */
function withoutLocalPort(text: string): string {
  return text.replace(/(read|write) tcp 127\.0\.0\.1:\d+->/g, "$1 tcp 127.0.0.1:*->");
}

let mp: ModProxy;
let prefix: WinePrefix;
let front: Front;
let other: Front;
before(async () => {
  mp = await startModProxy();
  prefix = newPrefix();
  front = await startFront(mp.base, prefix.dir, "front");
  other = await startFront(mp.base, prefix.dir, "other");
  await trustInStore(front.caPem);
});
after(async () => {
  await front?.close();
  await other?.close();
  prefix?.dispose();
  await mp?.close();
});

interface Front {
  readonly url: string;
  readonly caPem: string;
  readonly caFile: string;
  close(): Promise<void>;
}

/** An https front for modproxy named localhost, with a self-signed certificate; /auth/ needs gopher:s3cret. */
async function startFront(upstream: string, dir: string, name: string): Promise<Front> {
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }] },
    ],
  });
  const server = https.createServer({ key: pems.private, cert: pems.cert }, authForwarder(upstream));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const caFile = join(dir, `${name}-ca.pem`);
  writeFileSync(caFile, pems.cert);
  return {
    url: `https://localhost:${(server.address() as AddressInfo).port}`,
    caPem: pems.cert,
    caFile,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * Puts a certificate in the prefix's user Root store as Windows keeps it: the key named by its SHA-1 thumbprint,
 * its Blob one serialized property (id 32, the certificate's DER), read by Wine's crypt32 as by Windows'.
 */
function trustInStore(pem: string): Promise<void> {
  const cert = new X509Certificate(pem);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(32, 0);
  header.writeUInt32LE(1, 4);
  header.writeUInt32LE(cert.raw.length, 8);
  const key = `HKCU\\Software\\Microsoft\\SystemCertificates\\Root\\Certificates\\${cert.fingerprint.replace(/:/g, "")}`;
  const blob = Buffer.concat([header, cert.raw]).toString("hex");
  return new Promise((resolve, reject) =>
    execFile(
      "wine",
      ["reg", "add", key, "/v", "Blob", "/t", "REG_BINARY", "/d", blob, "/f"],
      { env: wineEnv(prefix), timeout: 20_000 },
      (e, _o, stderr) => (e === null ? resolve() : reject(new Error(`wine reg add ${key}: ${stderr}`))),
    ),
  );
}

function envOf(s: Scenario, home: string): Record<string, string> {
  const goproxy = s.goproxy
    .replace(/@([a-z0-9]+)/g, (_, m: string) => mp.url(m))
    .replace("REFUSED", "http://127.0.0.1:1")
    .replace("OTHERTLS", other.url)
    .replace("TLS", front.url);
  const env: Record<string, string> = { ...s.env };
  if (env.SSL_CERT_FILE === "OTHERCA") env.SSL_CERT_FILE = winPath(other.caFile);
  if (env.NETRC === "NETRCFILE") {
    const file = join(prefix.dir, "netrc-file");
    writeFileSync(file, netrcText());
    env.NETRC = winPath(file);
  }
  return {
    GOPROXY: goproxy,
    GOPATH: winPath(join(home, "gopath")),
    GOCACHE: winPath(join(home, "gocache")),
    GOFLAGS: "-modcacherw",
    GO111MODULE: "on",
    GOTOOLCHAIN: "local",
    GOENV: "off",
    GOSUMDB: "off",
    // modproxy's forward proxy refuses every CONNECT: nothing leaves the machine.
    HTTPS_PROXY: mp.base,
    HTTP_PROXY: mp.base,
    ...env,
  };
}

/** The Error field of go's -json output, or "" (go stopped before printing it: its words are on stderr). */
function goJSONError(stdout: string): string {
  try {
    return (JSON.parse(stdout) as { Error?: string }).Error ?? "";
  } catch {
    return "";
  }
}

let homes = 0;
for (const tc of TOOLCHAINS) {
  test(`${tc.label} go.exe: check's predictions on node.exe agree with go mod download (Wine)`, async (t) => {
    let agree = 0;
    for (const s of SCENARIOS) {
      await t.test(s.name, async () => {
        const home = join(prefix.dir, "homes", String(++homes));
        mkdirSync(home, { recursive: true });
        const set = { ...envOf(s, home), GOROOT: winPath(tc.goroot) };
        const want = s.byGo?.[tc.label] ?? { outcome: s.outcome, cause: s.cause };
        const files = Object.keys(s.profileFiles ?? {}).map((n) => join(prefix.userProfile, n));
        for (const [n, text] of Object.entries(s.profileFiles ?? {}))
          writeFileSync(join(prefix.userProfile, n), text === "NETRC" ? netrcText() : text);
        try {
          await mp.reset();
          const go = await runGoExe(tc, prefix, ["mod", "download", "-json", "example.com/m@v1.0.0"], {
            set,
            cwd: home,
          });
          await mp.settle();
          const zip = mp
            .requests()
            .filter((r) => r.path.endsWith(".zip") && r.status === 200)
            .at(-1);
          const goServedBy = zip ? (/^\/m\/([a-z0-9]+)\//.exec(zip.path)?.[1] ?? null) : null;
          const goOutcome = go.code === 0 ? "ok" : "fail";
          assert.equal(goOutcome, want.outcome, `go.exe: ${go.stdout}${go.stderr}`);
          if (s.servedBy !== undefined && want.outcome === "ok") assert.equal(goServedBy, s.servedBy);

          const doc = await runDoctorExe(
            prefix,
            ["check", "--json", "--timeout", "3000", "--deadline", "20000", "example.com/m@v1.0.0"],
            {
              set: { ...envOf(s, join(home, "doctor")), GOROOT: winPath(tc.goroot) },
              path: [dirname(goExe(tc))],
            },
          );
          const report = JSON.parse(doc.stdout || "null") as {
            modules: {
              prediction: {
                outcome: string;
                servedBy: string | null;
                cause: string | null;
                goError: string | null;
              } | null;
              notPredicted: string | null;
            }[];
          } | null;
          assert.ok(report !== null, `check printed no JSON: ${doc.stderr}`);
          const p = report.modules[0]?.prediction;
          assert.ok(p, `not predicted: ${report.modules[0]?.notPredicted}`);
          assert.equal(p.outcome, want.outcome);
          if (want.cause !== null) assert.equal(p.cause, want.cause);
          if (s.servedBy !== undefined && want.outcome === "ok")
            assert.equal(/\/m\/([a-z0-9]+)$/.exec(p.servedBy ?? "")?.[1], s.servedBy);
          if (p.goError !== null) {
            const printed = withoutLocalPort(`${goJSONError(go.stdout)}\n${go.stderr}`);
            assert.ok(
              printed.includes(withoutLocalPort(asWine(p.goError))),
              `go.exe printed:\n${printed}\nwe predicted:\n${p.goError}`,
            );
          }
          agree++;
        } finally {
          for (const f of files) rmSync(f, { force: true });
        }
      });
    }
    t.diagnostic(`${tc.label}: ${agree}/${SCENARIOS.length} predictions agree with go.exe`);
    assert.equal(agree, SCENARIOS.length);
  });
}
