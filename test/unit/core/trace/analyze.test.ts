import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseProxyList } from "../../../../src/core/config/goproxy.js";
import { analyzeTrace, roleOfPath } from "../../../../src/core/trace/analyze.js";
import { traceDocument } from "../../../../src/core/trace/document.js";
import { traceHar } from "../../../../src/core/trace/har.js";
import type { TraceRequest, TraceResult } from "../../../../src/core/trace/model.js";
import { walkProxies } from "../../../../src/core/tryproxies.js";
import { assertDocument } from "../../../support/documents.js";

function req(
  id: number,
  entry: number,
  url: string,
  status: number | null,
  extra: Partial<TraceRequest> = {},
): TraceRequest {
  const u = new URL(url);
  return {
    id,
    source: "proxy",
    entry,
    role: "proxy",
    method: "GET",
    url,
    path: `${u.pathname}${u.search}`,
    startedMs: 1_700_000_000_000 + id,
    status,
    statusText: status === 200 ? "OK" : status === 404 ? "Not Found" : "",
    bytes: 10,
    ms: id * 10,
    ttfbMs: 1,
    upstreamError: null,
    presentedToGo: null,
    redirects: [],
    outcome: status === 200 ? "ok" : status === 404 || status === 410 ? "not-found" : "error",
    requestHeaders: [["user-agent", "Go-http-client/1.1"]],
    responseHeaders: [],
    note: null,
    replayOf: null,
    ...extra,
  };
}

test("fall-backs: 404 moves on, 500 after `,` stops, a module's files and their entries", () => {
  const list = parseProxyList("https://a.test/x,https://b.test,https://c.test|direct", "").entries;
  const rs = [
    req(1, 0, "https://a.test/x/m.test/@v/v1.0.0.info", 404),
    req(2, 1, "https://b.test/m.test/@v/v1.0.0.info", 500),
    req(3, 0, "https://a.test/x/m.test/@v/v1.0.0.zip", 200),
  ];
  const a = analyzeTrace(list, rs, "off");
  assert.deepEqual(
    a.fallbacks.map((f) => [f.path, f.from, f.to]),
    [
      ["/m.test/@v/v1.0.0.info", 0, 1],
      ["/m.test/@v/v1.0.0.info", 1, null],
    ],
  );
  assert.match(a.fallbacks[1]!.reason, /stops/);
  assert.deepEqual(a.modules, [{ module: "m.test", version: "v1.0.0", info: null, mod: null, zip: 0 }]);
  assert.deepEqual(a.slowest, [3, 2, 1]);
  assert.equal(a.totals.bytes, 30);
});

test("property: the fall-backs of a walk are exactly go's TryProxies steps", () => {
  const urls = ["https://a.test", "https://b.test", "https://c.test", "https://d.test"];
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(",", "|"), { minLength: 3, maxLength: 3 }),
      fc.array(fc.constantFrom(200, 404, 410, 403, 500), { minLength: 4, maxLength: 4 }),
      (seps, statuses) => {
        const list = parseProxyList(urls.map((u, i) => u + (seps[i] ?? "")).join(""), "").entries;
        const walk = walkProxies(list, false, (e) => {
          const s = statuses[list.indexOf(e)]!;
          return s === 200
            ? { kind: "ok" }
            : s === 404 || s === 410
              ? { kind: "not-exist", error: "" }
              : { kind: "error", error: "" };
        });
        const rs = walk.tried.map((e, k) =>
          req(k + 1, list.indexOf(e), `${e.url}/m.test/@v/list`, statuses[list.indexOf(e)]!),
        );
        const a = analyzeTrace(list, rs, "off");
        const failing = rs.filter((r) => r.status !== 200);
        assert.equal(a.fallbacks.length, failing.length);
        for (const f of a.fallbacks) {
          const next = walk.tried[walk.tried.indexOf(list[f.from]!) + 1];
          assert.equal(f.to, next === undefined ? null : list.indexOf(next));
        }
      },
    ),
  );
});

test("roles of checksum-database paths", () => {
  assert.equal(roleOfPath("/p/sumdb/sum.golang.org/supported", false), "sumdb-supported");
  assert.equal(roleOfPath("/lookup/m.test@v1.0.0", true), "sumdb-lookup");
  assert.equal(roleOfPath("/tile/8/0/000", true), "sumdb-tile");
  assert.equal(roleOfPath("/latest", true), "sumdb-latest");
  assert.equal(roleOfPath("/example.com/lookup/x/@v/list", false), "proxy");
  assert.equal(roleOfPath("/m.test/@latest", false), "proxy");
});

test("HAR 1.2 and trace/v1 documents hold every request and no secret", () => {
  const list = parseProxyList("https://a.test", "").entries;
  const rs = [
    req(1, 0, "https://a.test/m.test/@v/list", 200, {
      responseHeaders: [["content-type", "text/plain"]],
    }),
    req(2, 0, "https://a.test/m.test/@v/v1.0.0.info", null, {
      upstreamError: "connect ECONNREFUSED",
      presentedToGo: "502 Bad Gateway",
      outcome: "error",
    }),
  ];
  const t: TraceResult = {
    go: {
      args: ["mod", "download"],
      exitCode: 1,
      signal: null,
      stderr: "x\n",
      addedX: true,
      startedMs: 0,
      ms: 5,
    },
    goproxy: { original: "https://a.test", rewritten: "http://127.0.0.1:1" },
    gosumdb: { original: "off", rewritten: null, mode: "off", name: null },
    entries: [
      {
        index: 0,
        kind: "url",
        written: "https://a.test",
        url: "https://a.test",
        fallback: null,
        forwarder: "http://127.0.0.1:1",
      },
    ],
    requests: rs,
    analysis: analyzeTrace(list, rs, "off"),
    notes: [],
  };
  const har = traceHar(t, "0.0.0");
  assert.equal(har.log.version, "1.2");
  assert.equal(har.log.entries.length, 2);
  assert.equal(har.log.entries[1]!.response.status, 0);
  const doc = traceDocument(t);
  assert.equal(doc.schema, "goproxy-doctor.trace/v1");
  assertDocument(JSON.parse(JSON.stringify(doc)));
  assert.deepEqual(doc.textDiffers, [2]);
  assert.ok(!/authorization/i.test(JSON.stringify(har) + JSON.stringify(doc)));
});
