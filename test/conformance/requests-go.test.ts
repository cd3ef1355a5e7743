// The GOPROXY-protocol request sequence of `go mod download` for `,` and `|` lists whose entries answer
// 404 / 410 / 401 / 403 / 5xx / refuse connections / hang, against what the loopback servers actually
// received from the real go, and the error text go printed against the one we predict
// (docs/go-semantics.md §C.2–C.7).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type ProxyEntry, parseProxyList } from "../../src/core/config/goproxy.js";
import { type FileAnswer, planDownload } from "../../src/core/fetchplan.js";
import { matchPrefixPatterns } from "../../src/core/module/glob.js";
import { type ProtocolRequest, requestURL } from "../../src/core/protocol.js";
import { type ModProxy, runGo, startModProxy } from "../support/modproxy.js";
import { TOOLCHAINS } from "../support/toolchains.js";

let mp: ModProxy;
before(async () => {
  mp = await startModProxy();
});
after(async () => {
  await mp?.close();
});

const REFUSED = "http://127.0.0.1:1";
const STATUS: Record<number, string> = {
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  410: "Gone",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

function statusAnswer(code: number, url: string): FileAnswer {
  const error = `reading ${url}: ${code} ${STATUS[code]}\n\tserver response: modproxy: ${code}`;
  return code === 404 || code === 410 ? { kind: "not-exist", error } : { kind: "error", error };
}

/** What a modproxy mode (or the refused address) answers, as go will see it. */
function answer(entry: ProxyEntry, req: ProtocolRequest, modulePath: string): FileAnswer {
  if (entry.kind === "direct" || entry.kind === "noproxy") {
    return {
      kind: "not-exist",
      error: `unrecognized import path "${modulePath}": https fetch: Get "https://${modulePath}?go-get=1": Forbidden`,
    };
  }
  const url = requestURL(entry.url, req);
  if (entry.url === REFUSED)
    return { kind: "error", error: `Get "${url}": dial tcp 127.0.0.1:1: connect: connection refused` };
  const mode = entry.url.slice(entry.url.lastIndexOf("/") + 1);
  const status = /^s(\d{3})$/.exec(mode);
  if (status) return statusAnswer(Number(status[1]), url);
  const zip = /^zip(\d{3})$/.exec(mode);
  if (zip && req.op === "zip") return statusAnswer(Number(zip[1]), url);
  if (mode === "hang") return { kind: "hang" };
  if (mode === "badjson" && req.op === "info") {
    return {
      kind: "error",
      error: `invalid response from proxy "${entry.url}": invalid character 'h' in literal true (expecting 'r')`,
    };
  }
  if (mode === "wrongver" && req.op === "info")
    return { kind: "error", error: "proxy returned info for version v9.9.9 instead of requested version" };
  const major = /\/(v\d+)$/.exec(modulePath)?.[1] ?? "v1";
  return { kind: "ok", versions: [`${major}.0.0`, `${major}.1.0`] };
}

interface Scenario {
  readonly goproxy: string;
  readonly arg?: string;
  readonly env?: Record<string, string>;
}

/** `P/mode` in a GOPROXY template stands for modproxy's URL of that mode; `R` for a refused port. */
function expand(template: string): string {
  return template.replace(/P\/(\w+)/g, (_m, mode: string) => mp.url(mode)).replace(/\bR\b/g, REFUSED);
}

const SCENARIOS: Scenario[] = [
  { goproxy: "P/ok" },
  { goproxy: "P/s404,P/ok" },
  { goproxy: "P/s410,P/ok" },
  { goproxy: "P/s403,P/ok" },
  { goproxy: "P/s403|P/ok" },
  { goproxy: "P/s401,P/ok" },
  { goproxy: "P/s500,P/ok" },
  { goproxy: "P/s500|P/ok" },
  { goproxy: "P/s502|P/s404,P/ok" },
  { goproxy: "P/s404,P/s410" },
  { goproxy: "P/s410,P/s404" },
  { goproxy: "R,P/ok" },
  { goproxy: "R|P/ok" },
  { goproxy: "R|P/s404,P/ok" },
  { goproxy: "P/zip404,P/ok" },
  { goproxy: "P/zip500,P/ok" },
  { goproxy: "P/zip500|P/ok" },
  { goproxy: "P/s404,direct" },
  { goproxy: "P/s403,direct" },
  { goproxy: "P/s404,direct,P/ok" },
  { goproxy: "off" },
  { goproxy: "P/s404,off" },
  { goproxy: "P/badjson,P/ok" },
  { goproxy: "P/badjson|P/ok" },
  { goproxy: "P/wrongver" },
  { goproxy: "P/ok", env: { GONOPROXY: "example.com" } },
  { goproxy: "P/ok", env: { GOPRIVATE: "other.example" } },
  { goproxy: "P/s404,P/ok", arg: "example.com/MyMod@v1.0.0-RC1" },
  { goproxy: "P/ok", arg: "example.com/a/v2@v2.0.0" },
  { goproxy: "P/s404,P/ok", arg: "example.com/a@latest" },
  { goproxy: "P/s403|P/ok", arg: "example.com/a@latest" },
  { goproxy: "P/ok", arg: "example.com/a@v1" },
  { goproxy: "P/s404", arg: "example.com/a@latest" },
  { goproxy: "P/zip404,P/ok", arg: "example.com/a@latest" },
  { goproxy: "P/s500|P/s410", arg: "example.com/a@master" },
  { goproxy: "P/ok|P/s500" },
  { goproxy: "P/s404|P/s404|P/ok" },
  { goproxy: "P/zip500,P/ok", arg: "example.com/a@latest" },
  { goproxy: "P/s410|R" },
  { goproxy: "R" },
];

/** The GOPROXY-protocol GETs modproxy logged (no checksum-database traffic, no CONNECTs), as URLs. */
function loggedRequests(): string[] {
  return mp
    .requests()
    .filter((r) => r.method === "GET" && r.path.startsWith("/m/") && !r.path.includes("/sumdb/"))
    .map((r) => `GET ${mp.base}${r.path}`);
}

for (const tc of TOOLCHAINS) {
  test(`[${tc.label}] request sequences and errors of \`go mod download\` match the plan, scenario by scenario`, async () => {
    let agreed = 0;
    for (const s of SCENARIOS) {
      const goproxy = expand(s.goproxy);
      const arg = s.arg ?? "example.com/a@v1.0.0";
      const at = arg.lastIndexOf("@");
      const [modulePath, query] = [arg.slice(0, at), arg.slice(at + 1)];
      const env: Record<string, string> = { GOPROXY: goproxy, ...s.env };
      const gonoproxy = env.GONOPROXY ?? env.GOPRIVATE ?? "";
      const list = parseProxyList(goproxy, gonoproxy);
      const plan = planDownload(
        list.entries,
        matchPrefixPatterns(gonoproxy, modulePath),
        modulePath,
        query,
        (e, r) => answer(e, r, modulePath),
      );
      await mp.reset();
      const run = await runGo(tc, ["mod", "download", "-json", arg], mp, env, 30_000);
      const label = `GOPROXY=${s.goproxy} ${JSON.stringify(s.env ?? {})} ${arg}`;
      assert.equal(run.timedOut, false, `${label}: go hung\n${run.stderr}`);
      const doc = JSON.parse(run.stdout) as { Error?: string };
      await mp.settle();
      // The refused address logs nothing; everything else must arrive exactly as planned.
      const planned = plan.requests.map((r) => r.line).filter((l) => l.startsWith(`GET ${mp.base}/`));
      assert.deepEqual(loggedRequests(), planned, `${label}: requests`);
      assert.equal(plan.error ?? "", doc.Error ?? "", `${label}: error text`);
      agreed++;
    }
    assert.equal(agreed, SCENARIOS.length);
  });

  test(`[${tc.label}] a mirror that never answers: go hangs where the plan says it does`, async () => {
    const goproxy = expand("P/hang,P/ok");
    const list = parseProxyList(goproxy, "");
    const plan = planDownload(list.entries, false, "example.com/a", "v1.0.0", (e, r) =>
      answer(e, r, "example.com/a"),
    );
    assert.equal(plan.hang, true);
    await mp.reset();
    const run = await runGo(
      tc,
      ["mod", "download", "-json", "example.com/a@v1.0.0"],
      mp,
      { GOPROXY: goproxy },
      3000,
    );
    assert.equal(run.timedOut, true, "go should still be waiting after 3 s");
    await mp.settle();
    assert.deepEqual(
      loggedRequests(),
      plan.requests.map((r) => r.line),
    );
  });
}
