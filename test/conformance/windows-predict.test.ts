// Windows, under Wine: check's download predictions (goproxy-doctor on node.exe) against go.exe's own
// `go mod download -json` on the same loopback servers (test/fixtures/go/modproxy, run natively). Outcome, the
// entry that served the zip, and go's error text must agree. The Windows texts we predict are the real Windows
// ones (core/sockerr.ts); Wine prints its own Winsock messages, so go.exe's text is compared after writing
// Wine's words for Windows' (only there).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { type ModProxy, startModProxy } from "../support/modproxy.js";
import { TOOLCHAINS } from "../support/toolchains.js";
import { goExe, newPrefix, runDoctorExe, runGoExe, type WinePrefix, winPath } from "../support/wine.js";

interface Scenario {
  readonly name: string;
  /** GOPROXY with `@mode` for modproxy's entries and REFUSED for a closed port. */
  readonly goproxy: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly outcome: "ok" | "fail";
  readonly servedBy?: string;
  readonly cause: string | null;
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
before(async () => {
  mp = await startModProxy();
  prefix = newPrefix();
});
after(async () => {
  prefix?.dispose();
  await mp?.close();
});

function envOf(s: Scenario, home: string): Record<string, string> {
  const goproxy = s.goproxy
    .replace(/@([a-z0-9]+)/g, (_, m: string) => mp.url(m))
    .replace("REFUSED", "http://127.0.0.1:1");
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
    ...s.env,
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
        assert.equal(goOutcome, s.outcome, `go.exe: ${go.stdout}${go.stderr}`);
        if (s.servedBy !== undefined) assert.equal(goServedBy, s.servedBy);

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
        assert.equal(p.outcome, s.outcome);
        if (s.cause !== null) assert.equal(p.cause, s.cause);
        if (s.servedBy !== undefined)
          assert.equal(/\/m\/([a-z0-9]+)$/.exec(p.servedBy ?? "")?.[1], s.servedBy);
        if (p.goError !== null) {
          const printed = withoutLocalPort(`${goJSONError(go.stdout)}\n${go.stderr}`);
          assert.ok(
            printed.includes(withoutLocalPort(asWine(p.goError))),
            `go.exe printed:\n${printed}\nwe predicted:\n${p.goError}`,
          );
        }
        agree++;
      });
    }
    t.diagnostic(`${tc.label}: ${agree}/${SCENARIOS.length} predictions agree with go.exe`);
    assert.equal(agree, SCENARIOS.length);
  });
}
