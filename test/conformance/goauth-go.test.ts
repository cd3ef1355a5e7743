// Credentials go sends with https requests: go1.19's .netrc (matched by host name) and go1.26's GOAUTH (netrc
// matched by URL prefix, port included; commands; off; an empty command). The modproxy sits behind an https
// Basic-auth front on 127.0.0.1 (self-signed, trusted through SSL_CERT_FILE by go and by us); each scenario
// runs `go mod download -json example.com/a@v1.0.0` with the real binary and `check` for the same go, and the
// outcome and go's error must agree.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { check } from "../../src/features/check.js";
import { type AuthFront, startAuthFront } from "../support/loopback.js";
import { type ModProxy, spawnBounded, startModProxy, telemetryOff } from "../support/modproxy.js";
import {
  cleanEnv,
  GO119,
  GO126,
  type GoToolchain,
  requireToolchain,
  toolchainVersion,
} from "../support/toolchains.js";

let mp: ModProxy;
let front: AuthFront;
let root = "";

before(async () => {
  mp = await startModProxy();
  front = await startAuthFront(mp.url("ok"), "alice", "t0ken");
  root = mkdtempSync(join(tmpdir(), "gpd-goauth-"));
  writeFileSync(join(root, "ca.pem"), front.cert);
});
after(async () => {
  front?.close();
  await mp?.close();
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
});

interface Scenario {
  readonly name: string;
  /** .netrc text ({port} is the front's port), or none. */
  readonly netrc?: string;
  /** GOAUTH ({auth} is a script printing the front's credentials). */
  readonly goauth?: string;
  readonly ok: Partial<Record<"go1.19" | "go1.26", boolean>>;
}

const SCENARIOS: Scenario[] = [
  { name: "no credentials", ok: { "go1.19": false, "go1.26": false } },
  {
    name: ".netrc machine is the host",
    netrc: "machine 127.0.0.1 login alice password t0ken\n",
    ok: { "go1.19": true, "go1.26": false },
  },
  {
    name: ".netrc machine is host:port",
    netrc: "machine 127.0.0.1:{port} login alice password t0ken\n",
    ok: { "go1.19": false, "go1.26": true },
  },
  {
    name: ".netrc: the first matching line wins",
    netrc:
      "machine 127.0.0.1:{port} login alice password wrong\nmachine 127.0.0.1:{port} login alice password t0ken\n",
    ok: { "go1.26": false },
  },
  { name: "GOAUTH command", goauth: "{auth}", ok: { "go1.26": true } },
  {
    name: "GOAUTH command before netrc wins",
    goauth: "{auth};netrc",
    netrc: "machine 127.0.0.1:{port} login alice password wrong\n",
    ok: { "go1.26": true },
  },
  {
    name: "GOAUTH=off ignores the .netrc",
    goauth: "off",
    netrc: "machine 127.0.0.1:{port} login alice password t0ken\n",
    ok: { "go1.26": false },
  },
];

function sandbox(tc: GoToolchain, sc: Scenario, i: number): { dir: string; env: Record<string, string> } {
  const home = join(root, `${tc.label}-${i}`);
  const dir = join(home, "w");
  telemetryOff(home);
  mkdirSync(dir);
  const port = new URL(front.url).port;
  if (sc.netrc !== undefined) writeFileSync(join(home, ".netrc"), sc.netrc.replaceAll("{port}", port));
  const auth = join(home, "auth.sh");
  const basic = Buffer.from("alice:t0ken").toString("base64");
  writeFileSync(auth, `#!/bin/sh\nprintf '%s\\n\\nAuthorization: Basic ${basic}\\n\\n' '${front.url}'\n`);
  chmodSync(auth, 0o755);
  const env = cleanEnv(tc, {
    HOME: home,
    GOPATH: join(home, "gopath"),
    GOCACHE: join(home, "gocache"),
    GOENV: "off",
    GOFLAGS: "-modcacherw",
    GOTOOLCHAIN: "local",
    GOSUMDB: "off",
    GOPROXY: front.url,
    SSL_CERT_FILE: join(root, "ca.pem"),
    ...(sc.goauth === undefined ? {} : { GOAUTH: sc.goauth.replace("{auth}", auth) }),
  });
  return { dir, env };
}

for (const tc of [GO119, GO126] as GoToolchain[]) {
  SCENARIOS.forEach((sc, i) => {
    const want = sc.ok[tc.label as "go1.19" | "go1.26"];
    if (want === undefined) return;
    test(`${tc.label}: credentials: ${sc.name}`, async () => {
      requireToolchain(tc);
      const { dir, env } = sandbox(tc, sc, i);
      const go = await spawnBounded(tc.bin, ["mod", "download", "-json", "example.com/a@v1.0.0"], {
        cwd: dir,
        env,
        timeoutMs: 60_000,
      });
      const goError = (JSON.parse(go.stdout) as { Error?: string }).Error ?? null;
      assert.equal(goError === null, want, `go: ${go.stdout}${go.stderr}`);
      const r = await check({
        env,
        modules: ["example.com/a@v1.0.0"],
        crossCheck: false,
        goVersion: toolchainVersion(tc),
        probeModules: [{ path: "example.com/a", version: "v1.0.0" }],
      });
      const p = r.modules[0]?.prediction;
      assert.equal(p?.outcome, want ? "ok" : "fail", JSON.stringify(p));
      if (goError !== null) assert.equal(p?.goError, goError);
      assert.doesNotMatch(JSON.stringify(r), /t0ken|YWxpY2U6dDBrZW4=/, "no credential in the report");
    });
  });
}

test(`${GO126.label}: an empty GOAUTH command stops go at its first https request`, async () => {
  requireToolchain(GO126);
  const { dir, env } = sandbox(GO126, { name: "", ok: {} }, 99);
  const go = await spawnBounded(GO126.bin, ["mod", "download", "-json", "example.com/a@v1.0.0"], {
    cwd: dir,
    env: { ...env, GOAUTH: "netrc;" },
    timeoutMs: 60_000,
  });
  const r = await check({
    env: { ...env, GOAUTH: "netrc;" },
    offline: true,
    crossCheck: false,
    goVersion: toolchainVersion(GO126),
  });
  const f = r.findings.find((x) => x.id === "goauth.invalid");
  assert.ok(f, "a finding");
  assert.ok(go.stderr.includes("GOAUTH encountered an empty command (GOAUTH=netrc;)"), go.stderr);
  assert.ok(f.message.includes("go: GOAUTH encountered an empty command (GOAUTH=netrc;)"));
});
