// check's download predictions against the real go as the oracle: for each scenario, `go mod download -json
// M@V` runs against live loopback servers with injected faults (test/fixtures/go/modproxy, plus a Node front
// for TLS and basic auth), then `check M@V` predicts against the same servers. Outcome, servedBy and cause
// must agree, and the error text we predict must be what go printed. The agreement rate is printed at the end.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import selfsigned from "selfsigned";
import type { Cause } from "../../src/core/causes.js";
import { diagnoseLog } from "../../src/core/goerror/diagnose.js";
import { check } from "../../src/features/check.js";
import { makeVerifierKey } from "../support/keys.js";
import { authForwarder, goSandboxEnv, type ModProxy, runGo, startModProxy } from "../support/modproxy.js";
import { type GoToolchain, TOOLCHAINS } from "../support/toolchains.js";

let mp: ModProxy;
let work = "";
let refused = "";
let front: { http: string; https: string; caFile: string; close: () => Promise<void> };

interface Scenario {
  readonly name: string;
  /** GOPROXY, with `{mode}` written as `@mode` (e.g. "@s404,@ok"). */
  readonly goproxy: string;
  readonly module?: string;
  readonly version?: string;
  readonly env?: () => Record<string, string>;
  /** "hang" when go never finishes. */
  readonly outcome: "ok" | "fail" | "hang";
  /** The modproxy mode whose entry served the zip (ok outcomes). */
  readonly servedBy?: string;
  readonly cause: Cause | null;
  /** Where a go version differs (by toolchain label): its outcome, servedBy and cause. */
  readonly byGo?: Readonly<Record<string, Pick<Scenario, "outcome" | "cause"> & { servedBy?: string }>>;
}

/** The scenario as a toolchain sees it (its byGo override applied). */
function forGo(s: Scenario, label: string): Scenario {
  const o = s.byGo?.[label];
  if (o === undefined) return s;
  const { servedBy: _drop, ...rest } = s;
  return { ...rest, ...o };
}

const sumdbViaProxy = () => ({ GOSUMDB: mp.sumdbKey });
const sumdbDirect = () => ({ GOSUMDB: `${mp.sumdbKey} ${mp.base}/sumdb/${mp.sumdbName}` });

const SCENARIOS: Scenario[] = [
  { name: "healthy", goproxy: "@ok", outcome: "ok", servedBy: "ok", cause: null },
  {
    name: "healthy, checksum database via the proxy",
    goproxy: "@ok",
    env: sumdbViaProxy,
    outcome: "ok",
    servedBy: "ok",
    cause: null,
  },
  {
    name: "healthy, checksum database direct",
    goproxy: "@ok",
    env: sumdbDirect,
    outcome: "ok",
    servedBy: "ok",
    cause: null,
  },
  { name: "404 then ok", goproxy: "@s404,@ok", outcome: "ok", servedBy: "ok", cause: null },
  { name: "410 then ok", goproxy: "@s410,@ok", outcome: "ok", servedBy: "ok", cause: null },
  { name: "500 with ,", goproxy: "@s500,@ok", outcome: "fail", cause: "proxy-error" },
  { name: "500 with |", goproxy: "@s500|@ok", outcome: "ok", servedBy: "ok", cause: null },
  {
    name: "502 with |, then 404, then ok",
    goproxy: "@s502|@s404,@ok",
    outcome: "ok",
    servedBy: "ok",
    cause: null,
  },
  { name: "404, then 500 stops the walk", goproxy: "@s404,@s500,@ok", outcome: "fail", cause: "proxy-error" },
  { name: "403 with ,", goproxy: "@s403,@ok", outcome: "fail", cause: "proxy-auth" },
  { name: "401 with |", goproxy: "@s401|@ok", outcome: "ok", servedBy: "ok", cause: null },
  { name: "404 only", goproxy: "@s404", outcome: "fail", cause: "not-found" },
  { name: "410 only", goproxy: "@s410", outcome: "fail", cause: "not-found" },
  { name: "503 only", goproxy: "@s503", outcome: "fail", cause: "proxy-error" },
  { name: "refused with ,", goproxy: "REFUSED,@ok", outcome: "fail", cause: "connect-failure" },
  { name: "refused with |", goproxy: "REFUSED|@ok", outcome: "ok", servedBy: "ok", cause: null },
  { name: "reset with ,", goproxy: "@reset,@ok", outcome: "fail", cause: "connect-failure" },
  { name: "reset with |", goproxy: "@reset|@ok", outcome: "ok", servedBy: "ok", cause: null },
  {
    name: "reset with | then 404: the reset is reported",
    goproxy: "@reset|@s404",
    outcome: "fail",
    cause: "connect-failure",
  },
  { name: "hanging first entry", goproxy: "@hang,@ok", outcome: "hang", cause: "timeout" },
  { name: "hanging entry after |", goproxy: "@s500|@hang", outcome: "hang", cause: "timeout" },
  { name: "slow but answering", goproxy: "@slow300,@ok", outcome: "ok", servedBy: "slow300", cause: null },
  {
    name: "zip 404 falls back for the zip alone",
    goproxy: "@zip404,@ok",
    outcome: "ok",
    servedBy: "ok",
    cause: null,
  },
  { name: "zip 500 with ,", goproxy: "@zip500,@ok", outcome: "fail", cause: "proxy-error" },
  { name: "zip 500 with |", goproxy: "@zip500|@ok", outcome: "ok", servedBy: "ok", cause: null },
  { name: "corrupted zip", goproxy: "@zipbad", outcome: "fail", cause: "proxy-error" },
  { name: "corrupted zip, | does not help", goproxy: "@zipbad|@ok", outcome: "fail", cause: "proxy-error" },
  { name: "invalid .info JSON", goproxy: "@badjson", outcome: "fail", cause: "proxy-error" },
  {
    name: "invalid .info JSON with |",
    goproxy: "@badjson|@ok",
    outcome: "ok",
    servedBy: "badjson",
    cause: null,
  },
  { name: "info for the wrong version", goproxy: "@wrongver,@ok", outcome: "fail", cause: "proxy-error" },
  {
    name: "tampered zip, database via proxy",
    goproxy: "@tamper",
    env: sumdbViaProxy,
    outcome: "fail",
    cause: "checksum-mismatch",
  },
  {
    name: "tampered zip, database direct",
    goproxy: "@tamper",
    env: sumdbDirect,
    outcome: "fail",
    cause: "checksum-mismatch",
  },
  { name: "tampered zip, GOSUMDB=off", goproxy: "@tamper", outcome: "ok", servedBy: "tamper", cause: null },
  {
    name: "tampered zip, GONOSUMDB covers it",
    goproxy: "@tamper",
    env: () => ({ ...sumdbViaProxy(), GONOSUMDB: "example.com" }),
    outcome: "ok",
    servedBy: "tamper",
    cause: null,
  },
  {
    name: "proxy's database endpoint 410: direct is unreachable",
    goproxy: "@sumdb410",
    env: sumdbViaProxy,
    outcome: "fail",
    cause: "sumdb-unreachable",
  },
  {
    name: "proxy's database endpoint 500",
    goproxy: "@sumdb500",
    env: sumdbViaProxy,
    outcome: "fail",
    cause: "sumdb-error",
  },
  {
    name: "first proxy lacks the database, second has it",
    goproxy: "@nosumdb,@ok",
    env: sumdbViaProxy,
    outcome: "ok",
    servedBy: "nosumdb",
    cause: null,
  },
  {
    name: "database with a different key",
    goproxy: "@ok",
    env: () => ({ GOSUMDB: `${makeVerifierKey(mp.sumdbName)} ${mp.base}/sumdb/${mp.sumdbName}` }),
    outcome: "fail",
    cause: "sumdb-error",
  },
  {
    name: "database refused",
    goproxy: "@ok",
    env: () => ({ GOSUMDB: `${mp.sumdbKey} ${refused}` }),
    outcome: "fail",
    cause: "connect-failure",
  },
  { name: "GOPROXY=off", goproxy: "off", outcome: "fail", cause: "goproxy-off" },
  { name: "latest query", goproxy: "@ok", version: "latest", outcome: "ok", servedBy: "ok", cause: null },
  {
    name: "latest query after 404",
    goproxy: "@s404,@ok",
    version: "latest",
    outcome: "ok",
    servedBy: "ok",
    cause: null,
  },
  { name: "prefix query", goproxy: "@ok", version: "v1", outcome: "ok", servedBy: "ok", cause: null },
  {
    name: "upper-case module path",
    goproxy: "@ok",
    module: "example.com/MyMod",
    env: sumdbViaProxy,
    outcome: "ok",
    servedBy: "ok",
    cause: null,
  },
  {
    name: "major version suffix",
    goproxy: "@ok",
    module: "example.com/m/v2",
    version: "v2.0.0",
    env: sumdbDirect,
    outcome: "ok",
    servedBy: "ok",
    cause: null,
  },
  {
    name: "malformed module path",
    goproxy: "@ok",
    module: "example.com//m",
    outcome: "fail",
    cause: "invalid-path",
  },
  {
    name: "plain-http mirror through the HTTP proxy",
    goproxy: "http://mirror.test.invalid/m/ok",
    outcome: "fail",
    cause: "proxy-error",
  },
  {
    name: "TLS mirror go trusts (SSL_CERT_FILE)",
    goproxy: "TLS/m/ok",
    env: () => ({ SSL_CERT_FILE: front.caFile }),
    outcome: "ok",
    servedBy: "ok",
    cause: null,
  },
  { name: "TLS mirror go does not trust", goproxy: "TLS/m/ok", outcome: "fail", cause: "tls-untrusted" },
  {
    name: "untrusted TLS mirror with | falls back",
    goproxy: "TLS/m/ok|@ok",
    outcome: "ok",
    servedBy: "ok",
    cause: null,
  },
  // go ≤ 1.23 matches a .netrc machine to the host name; go ≥ 1.24 (GOAUTH=netrc) to a prefix of the URL, port
  // included: machine 127.0.0.1 no longer covers https://127.0.0.1:PORT/, machine 127.0.0.1:PORT does.
  {
    name: ".netrc credentials for an https proxy",
    goproxy: "TLS/auth/m/ok",
    env: () => ({ SSL_CERT_FILE: front.caFile, NETRC: netrc("gopher", "s3cret") }),
    outcome: "ok",
    servedBy: "ok",
    cause: null,
    byGo: { "go1.26": { outcome: "fail", cause: "proxy-auth" } },
  },
  {
    name: ".netrc credentials for an https proxy, machine with its port",
    goproxy: "TLS/auth/m/ok",
    env: () => ({ SSL_CERT_FILE: front.caFile, NETRC: netrc("gopher", "s3cret", hostPort(front.https)) }),
    outcome: "fail",
    cause: "proxy-auth",
    byGo: { "go1.26": { outcome: "ok", servedBy: "ok", cause: null } },
  },
  {
    name: ".netrc credentials win over the URL's",
    goproxy: "BADTLS/auth/m/ok",
    env: () => ({ SSL_CERT_FILE: front.caFile, NETRC: netrc("gopher", "s3cret") }),
    outcome: "ok",
    servedBy: "ok",
    cause: null,
    byGo: { "go1.26": { outcome: "fail", cause: "proxy-auth" } },
  },
  // go1.19: a machine with a port never matches a host name. go1.26: the URL is matched with its userinfo, so no
  // machine matches a URL that has one. Either way the URL's own (wrong) credentials are sent.
  {
    name: ".netrc machine with its port and credentials in the URL: the URL's are sent",
    goproxy: "BADTLS/auth/m/ok",
    env: () => ({ SSL_CERT_FILE: front.caFile, NETRC: netrc("gopher", "s3cret", hostPort(front.https)) }),
    outcome: "fail",
    cause: "proxy-auth",
  },
  {
    name: "wrong .netrc password",
    goproxy: "TLS/auth/m/ok",
    env: () => ({ SSL_CERT_FILE: front.caFile, NETRC: netrc("gopher", "nope") }),
    outcome: "fail",
    cause: "proxy-auth",
  },
  {
    name: ".netrc is not sent over plain http",
    goproxy: "PLAIN/auth/m/ok",
    env: () => ({ NETRC: netrc("gopher", "s3cret") }),
    outcome: "fail",
    cause: "proxy-auth",
  },
  { name: "basic auth missing", goproxy: "PLAIN/auth/m/ok", outcome: "fail", cause: "proxy-auth" },
  {
    name: "basic auth in an https GOPROXY URL",
    goproxy: "CREDTLS/auth/m/ok",
    env: () => ({ SSL_CERT_FILE: front.caFile }),
    outcome: "ok",
    servedBy: "ok",
    cause: null,
  },
  {
    name: "credentials refused over plain http",
    goproxy: "CREDPLAIN/auth/m/ok",
    outcome: "fail",
    cause: "insecure-refused",
  },
  {
    name: "wrong credentials",
    goproxy: "BADTLS/auth/m/ok",
    env: () => ({ SSL_CERT_FILE: front.caFile }),
    outcome: "fail",
    cause: "proxy-auth",
  },
];

/** A .netrc file for machine (default 127.0.0.1) with these credentials; returns its path. */
function netrc(login: string, password: string, machine = "127.0.0.1"): string {
  const path = join(work, `netrc-${login}-${password}-${machine.replace(/\W/g, "_")}`);
  writeFileSync(path, `machine ${machine}\n  login ${login}\n  password ${password}\n`);
  return path;
}

/** host:port of a URL. */
function hostPort(url: string): string {
  return new URL(url).host;
}

/** The GOPROXY value of a scenario against the live servers. */
function goproxyOf(s: Scenario): string {
  return s.goproxy
    .replace(/@([a-z0-9]+)/g, (_, mode: string) => mp.url(mode))
    .replace("REFUSED", refused)
    .replace("CREDPLAIN", front.http.replace("http://", "http://gopher:s3cret@"))
    .replace("CREDTLS", front.https.replace("https://", "https://gopher:s3cret@"))
    .replace("BADTLS", front.https.replace("https://", "https://gopher:wrong@"))
    .replace("PLAIN", front.http)
    .replace("TLS", front.https);
}

function envOf(tc: GoToolchain, s: Scenario, home: string): Record<string, string> {
  return goSandboxEnv(tc, home, mp.base, { GOPROXY: goproxyOf(s), ...(s.env?.() ?? {}) });
}

/** The modproxy mode of a GOPROXY entry URL (…/m/<mode>), or the entry itself. */
function modeOf(entry: string | null): string | null {
  if (entry === null) return null;
  return /\/m\/([a-z0-9]+)$/.exec(entry)?.[1] ?? entry;
}

interface Verdict {
  outcome: "ok" | "fail" | "hang";
  servedBy: string | null;
  text: string;
}

async function goVerdict(tc: GoToolchain, s: Scenario, arg: string): Promise<Verdict> {
  // runGo makes the sandbox (goSandboxEnv): its own HOME, GOPATH and GOCACHE; these are the scenario's settings.
  const env = { GOPROXY: goproxyOf(s), ...(s.env?.() ?? {}) };
  await mp.reset();
  const run = await runGo(
    tc,
    ["mod", "download", "-json", arg],
    mp,
    env,
    s.outcome === "hang" ? 4_000 : 60_000,
  );
  await mp.settle();
  const zips = mp.requests().filter((r) => r.path.endsWith(".zip") && r.status === 200);
  const last = zips.at(-1);
  let error = "";
  try {
    error = (JSON.parse(run.stdout) as { Error?: string }).Error ?? "";
  } catch {
    // not JSON: go stopped before printing (base.Fatalf); its words are on stderr
  }
  return {
    outcome: run.timedOut ? "hang" : run.code === 0 ? "ok" : "fail",
    servedBy: last ? (/^\/m\/([a-z0-9]+)\//.exec(last.path)?.[1] ?? null) : null,
    text: `${error}\n${run.stderr}`,
  };
}

const results: { go: string; name: string; agree: boolean }[] = [];

before(async () => {
  mp = await startModProxy();
  work = mkdtempSync(join(tmpdir(), "gpd-predict-"));
  // Port 1 (tcpmux) has no listener anywhere we run: a port freed by a closed server could be taken again by
  // another test's server before go dials it.
  refused = "http://127.0.0.1:1";
  await new Promise<void>((resolve, reject) => {
    const s = connect(1, "127.0.0.1");
    s.once("connect", () =>
      reject(new Error("something listens on 127.0.0.1:1: the refused scenarios need it closed")),
    );
    s.once("error", () => resolve());
  });
  front = await startFront(mp.base, work);
});
after(async () => {
  await front?.close();
  await mp?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  for (const tc of TOOLCHAINS) {
    const mine = results.filter((r) => r.go === tc.label);
    const agreed = mine.filter((r) => r.agree).length;
    process.stdout.write(
      `# prediction agreement with ${tc.label}: ${agreed}/${mine.length} scenarios (${((100 * agreed) / Math.max(1, mine.length)).toFixed(1)}%)\n`,
    );
  }
});

test(`at least 40 scenarios`, () => assert.ok(SCENARIOS.length >= 40, `${SCENARIOS.length}`));

for (const tc of TOOLCHAINS) {
  const named = (name: string): string => `[${tc.label}] ${name}`;

  for (const scenario of SCENARIOS) {
    const s = forGo(scenario, tc.label);
    test(named(`prediction agrees with go: ${s.name}`), { timeout: 120_000 }, async () => {
      const module = s.module ?? "example.com/m";
      const arg = `${module}@${s.version ?? "v1.0.0"}`;
      const go = await goVerdict(tc, s, arg);
      let agree = false;
      try {
        assert.equal(go.outcome, s.outcome, `go's outcome (${go.text.trim()})`);
        if (s.servedBy !== undefined) assert.equal(go.servedBy, s.servedBy, "go's servedBy");
        const home = mkdtempSync(join(work, "home-"));
        const report = await check({
          modules: [arg],
          env: envOf(tc, s, home),
          crossCheck: false,
          // Long enough that a loaded machine's slow answer is not taken for a hang; short where go hangs.
          phaseTimeoutMs: s.outcome === "hang" ? 1_500 : 5_000,
          deadlineMs: 20_000,
        });
        const m = report.modules[0]!;
        const p = m.prediction;
        assert.ok(p !== null, `predicted (${m.notPredicted})`);
        const ours = p.hangs ? "hang" : p.outcome;
        assert.equal(ours, go.outcome, `our outcome; go said: ${go.text.trim()}; we: ${p.goError}`);
        assert.equal(modeOf(p.servedBy), go.servedBy, "servedBy");
        assert.equal(p.cause, s.cause, `cause (go: ${go.text.trim()})`);
        // One cause mapping: why, reading go's real words, names the cause the prediction names (issue 18).
        if (go.outcome === "fail" && !p.hangs)
          assert.equal(
            diagnoseLog(go.text)[0]?.cause,
            p.cause,
            `why's cause of go's words: ${go.text.trim()}`,
          );
        // The local port of a connection go's error names is the kernel's pick, different in every run.
        const port = (t: string) => t.replace(/(127\.0\.0\.1):\d+->/g, "$1:PORT->");
        if (p.goError !== null)
          assert.ok(
            port(go.text).includes(port(p.goError)),
            `go printed:\n${go.text}\nwe predicted:\n${p.goError}`,
          );
        else assert.ok(go.outcome !== "fail", "a failure comes with go's words");
        agree = true;
      } finally {
        results.push({ go: tc.label, name: s.name, agree });
      }
    });
  }

  /**
   * Runs the real go and check for example.com/m@v1.0.0 in the module directory dir (whose go.sum files hold a
   * wrong hash): both fail, check with a checksum mismatch and the very text go printed. Returns the prediction.
   */
  async function mismatchInModule(tc: GoToolchain, dir: string, s: Scenario) {
    const go = await goIn(tc, dir, envOf(tc, s, mkdtempSync(join(work, "home-"))), [
      "mod",
      "download",
      "example.com/m@v1.0.0",
    ]);
    assert.notEqual(go.status, 0, "go fails");
    const report = await check({
      modules: ["example.com/m@v1.0.0"],
      gomod: join(dir, "go.mod"),
      env: envOf(tc, s, mkdtempSync(join(work, "home-"))),
      crossCheck: false,
      phaseTimeoutMs: 1_500,
    });
    const p = report.modules[0]!.prediction!;
    assert.equal(p.cause, "checksum-mismatch");
    assert.ok(go.stderr.includes(p.goError!), `go printed:\n${go.stderr}\nwe predicted:\n${p.goError}`);
    return p;
  }

  /** The go.sum lines the checksum database records for path@version. */
  async function recordedLines(path: string, version: string): Promise<string[]> {
    const res = await fetch(`${mp.base}/sumdb/${mp.sumdbName}/lookup/${path}@${version}`);
    return (await res.text()).split("\n").filter((l) => l.startsWith(`${path} ${version}`));
  }

  for (const which of ["zip", "go.mod"] as const) {
    test(named(`prediction agrees with go: go.sum holds a different ${which} hash`), {
      timeout: 120_000,
    }, async () => {
      let agree = false;
      try {
        const dir = mkdtempSync(join(work, "gosum-"));
        const lines = await recordedLines("example.com/m", "v1.0.0");
        const wrong = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        const goSum = lines.map((l) =>
          l.includes("/go.mod ") === (which === "go.mod") ? l.replace(/h1:\S+$/, wrong) : l,
        );
        writeFileSync(
          join(dir, "go.mod"),
          "module example.com/main\n\ngo 1.16\n\nrequire example.com/m v1.0.0\n",
        );
        writeFileSync(join(dir, "go.sum"), `${goSum.join("\n")}\n`);
        const s: Scenario = {
          name: "go.sum",
          goproxy: "@ok",
          env: sumdbViaProxy,
          outcome: "fail",
          cause: "checksum-mismatch",
        };
        const p = await mismatchInModule(tc, dir, s);
        assert.equal(p.outcome, "fail");
        agree = true;
      } finally {
        results.push({ go: tc.label, name: `go.sum ${which}`, agree });
      }
    });
  }

  // A workspace: go checks go.work.sum (named so in its error), then the go.sum of every module go.work uses
  // (named by path) — modload/init.go LoadModFile, modfetch/fetch.go haveModSumLocked.
  for (const where of ["go.work.sum", "a used module's go.sum"] as const) {
    test(named(`prediction agrees with go: in a workspace, ${where} holds a different zip hash`), {
      timeout: 120_000,
    }, async () => {
      let agree = false;
      try {
        const dir = mkdtempSync(join(work, "gowork-"));
        const app = join(dir, "app");
        mkdirSync(app);
        const wrong = (await recordedLines("example.com/m", "v1.0.0")).map((l) =>
          l.includes("/go.mod ")
            ? l
            : l.replace(/h1:\S+$/, "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
        );
        writeFileSync(join(dir, "go.work"), "go 1.19\n\nuse ./app\n");
        writeFileSync(
          join(app, "go.mod"),
          "module example.com/app\n\ngo 1.16\n\nrequire example.com/m v1.0.0\n",
        );
        writeFileSync(
          join(where === "go.work.sum" ? dir : app, where === "go.work.sum" ? "go.work.sum" : "go.sum"),
          `${wrong.join("\n")}\n`,
        );
        const s: Scenario = {
          name: where,
          goproxy: "@ok",
          env: sumdbViaProxy,
          outcome: "fail",
          cause: "checksum-mismatch",
        };
        const p = await mismatchInModule(tc, app, s);
        assert.match(p.goError!, where === "go.work.sum" ? /\tgo\.work\.sum: / : /app\/go\.sum: /);
        agree = true;
      } finally {
        results.push({ go: tc.label, name: `workspace: ${where}`, agree });
      }
    });
  }

  for (const gowork of ["go.work", "/nonexistent/go.work"]) {
    test(named(`prediction agrees with go: GOWORK=${gowork} stops go before any request`), {
      timeout: 120_000,
    }, async () => {
      let agree = false;
      try {
        const dir = mkdtempSync(join(work, "badwork-"));
        writeFileSync(join(dir, "go.mod"), "module example.com/app\n\ngo 1.16\n");
        const s: Scenario = { name: "GOWORK", goproxy: "@ok", outcome: "fail", cause: "config-invalid" };
        const env = { ...envOf(tc, s, mkdtempSync(join(work, "home-"))), GOWORK: gowork };
        const go = await goIn(tc, dir, env, ["mod", "download", "example.com/m@v1.0.0"]);
        assert.notEqual(go.status, 0, "go fails");
        const report = await check({
          modules: ["example.com/m@v1.0.0"],
          gomod: join(dir, "go.mod"),
          env,
          crossCheck: false,
          phaseTimeoutMs: 1_500,
        });
        const p = report.modules[0]!.prediction!;
        assert.equal(p.cause, "config-invalid");
        assert.equal(go.stderr.trim(), p.goError);
        assert.deepEqual(p.requests, []);
        agree = true;
      } finally {
        results.push({ go: tc.label, name: `GOWORK=${gowork}`, agree });
      }
    });
  }

  /**
   * Runs the real go in dir with env (no sandbox of its own). Asynchronous: modproxy's request log is read by
   * this process, and a blocked event loop would stall it.
   */
  function goIn(
    tc: GoToolchain,
    dir: string,
    env: Record<string, string>,
    args: string[],
  ): Promise<{ status: number; stderr: string }> {
    return new Promise((resolve) => {
      execFile(tc.bin, args, { cwd: dir, env, timeout: 60_000 }, (err, _stdout, stderr) => {
        resolve({ status: err === null ? 0 : typeof err.code === "number" ? err.code : 1, stderr });
      });
    });
  }

  for (const goproxy of ["REFUSED", "off"]) {
    test(named(`prediction agrees with go: the module cache already holds it (GOPROXY=${goproxy})`), {
      timeout: 120_000,
    }, async () => {
      let agree = false;
      try {
        const home = mkdtempSync(join(work, "cache-"));
        const fill: Scenario = { name: "fill", goproxy: "@ok", outcome: "ok", cause: null };
        const first = await goIn(tc, home, envOf(tc, fill, home), [
          "mod",
          "download",
          "example.com/m@v1.0.0",
        ]);
        assert.equal(first.status, 0, first.stderr);
        const s: Scenario = { name: "cached", goproxy, outcome: "ok", cause: null };
        const go = await goIn(tc, home, envOf(tc, s, home), ["mod", "download", "example.com/m@v1.0.0"]);
        assert.equal(go.status, 0, `go uses its cache: ${go.stderr}`);
        const report = await check({
          modules: ["example.com/m@v1.0.0"],
          env: envOf(tc, s, home),
          crossCheck: false,
          phaseTimeoutMs: 1_500,
        });
        const p = report.modules[0]!.prediction!;
        assert.equal(p.outcome, "ok");
        assert.equal(p.requests.length, 0, "no request: go makes none");
        assert.match(p.basis, /module cache/);
        const missing = await check({
          modules: ["example.com/m@v1.0.1"],
          env: envOf(tc, s, home),
          crossCheck: false,
          phaseTimeoutMs: 1_500,
        });
        assert.equal(
          missing.modules[0]!.prediction?.outcome,
          "fail",
          "another version still needs the network",
        );
        agree = true;
      } finally {
        results.push({ go: tc.label, name: `module cache, GOPROXY=${goproxy}`, agree });
      }
    });
  }
}

/**
 * A Node front for modproxy, over plain http and over https with a self-signed certificate (its CA written
 * to caFile); paths under /auth/ need basic auth gopher:s3cret. Both forward to modproxy.
 */
async function startFront(
  upstream: string,
  dir: string,
): Promise<{ http: string; https: string; caFile: string; close: () => Promise<void> }> {
  const forward = authForwarder(upstream);
  const pems = await selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
    keySize: 2048,
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  const caFile = join(dir, "front-ca.pem");
  writeFileSync(caFile, pems.cert);
  const plain = http.createServer(forward);
  const secure = https.createServer({ key: pems.private, cert: pems.cert }, forward);
  await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => secure.listen(0, "127.0.0.1", r));
  return {
    http: `http://127.0.0.1:${(plain.address() as AddressInfo).port}`,
    https: `https://127.0.0.1:${(secure.address() as AddressInfo).port}`,
    caFile,
    close: async () => {
      plain.closeAllConnections();
      secure.closeAllConnections();
      await Promise.all([new Promise((r) => plain.close(r)), new Promise((r) => secure.close(r))]);
    },
  };
}
