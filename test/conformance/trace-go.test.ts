/**
 * The real go through `goproxy-doctor trace` and without it, over loopback scenarios (test/support/modproxy.ts):
 * same exit status, same module cache (cache/download: every file's sha256, .ziphash h1), the same requests
 * at the loopback server in the same order, and the trace's recorded requests equal, in order, to what the
 * server logged. Where no upstream failed at the connection level, go's error output through trace (forwarder
 * URLs mapped back, -x lines removed) equals its output without trace.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type LoggedRequest, type ModProxy, startModProxy } from "../support/modproxy.js";
import { type GoToolchain, TOOLCHAINS } from "../support/toolchains.js";
import { goIn, makeSandbox, refusedPort, type TraceDoc, traceIn } from "../support/trace-sandbox.js";

let mp: ModProxy;
before(async () => {
  mp = await startModProxy();
});
after(async () => {
  await mp.close();
});

interface Scenario {
  readonly env: Record<string, string>;
  readonly args: readonly string[];
  /** Kill go after this many ms (hanging upstreams). */
  readonly killAfterMs?: number;
}

const DL = ["mod", "download", "example.com/a@v1.0.0"];

/** What a recorded request looks like in the server's log (null: it never reached the server). */
function asLogged(r: TraceDoc["requests"][number]): { method: string; path: string } | null {
  if (r.replayOf !== null) return null;
  const u = new URL(r.url);
  const tunnel =
    r.upstreamError?.includes("Proxy response (403)") === true ||
    (r.source === "direct" && u.protocol === "https:");
  if (tunnel) return { method: "CONNECT", path: `${u.hostname}:${u.port || "443"}` };
  if (r.upstreamError?.includes("ECONNREFUSED")) return null;
  return { method: r.method, path: `${u.pathname}${u.search}` };
}

const shape = (l: LoggedRequest) => ({ method: l.method, path: l.method === "CONNECT" ? l.host : l.path });

async function compare(
  tc: GoToolchain,
  s: Scenario,
): Promise<{ doc: TraceDoc; plain: string; log: LoggedRequest[] }> {
  const a = makeSandbox(tc, mp.base, s.env);
  const b = makeSandbox(tc, mp.base, s.env);
  try {
    await mp.reset();
    const plain = await goIn(a, s.args, s.killAfterMs ?? 60_000);
    await mp.settle();
    const logPlain = mp.requests();
    await mp.reset();
    const traced = await traceIn(b, s.args, s.killAfterMs ?? 60_000);
    await mp.settle();
    const logTraced = mp.requests();

    assert.equal(traced.timedOut, plain.timedOut, "both runs hang, or neither");
    if (!plain.timedOut) assert.equal(traced.code, plain.code, "same exit status");
    assert.equal(traced.doc.go.exitCode, plain.timedOut ? null : plain.code);
    assert.deepEqual(b.downloadCache(), a.downloadCache(), "same module cache contents");
    assert.deepEqual(
      logTraced.map(shape),
      logPlain.map(shape),
      "the server saw the same requests in the same order",
    );
    const recorded = traced.doc.requests.map(asLogged).filter((x) => x !== null);
    assert.deepEqual(recorded, logTraced.map(shape), "recorded requests = the server's log, in order");
    if (!plain.timedOut && traced.doc.requests.every((r) => r.presentedToGo === null))
      assert.equal(traced.doc.go.stderr, plain.stderr, "go printed the same");
    return { doc: traced.doc, plain: plain.stderr, log: logTraced };
  } finally {
    a.remove();
    b.remove();
  }
}

for (const tc of TOOLCHAINS) {
  const named = (name: string): string => `[${tc.label}] ${name}`;

  test(named("healthy proxy: same download, every request recorded with its entry"), async () => {
    const { doc } = await compare(tc, { env: { GOPROXY: mp.url("ok") }, args: DL });
    assert.equal(doc.go.exitCode, 0);
    assert.deepEqual(
      doc.requests.map((r) => [r.entry, r.status]),
      [
        [0, 200],
        [0, 200],
        [0, 200],
      ],
    );
    assert.deepEqual(doc.modules, [{ module: "example.com/a", version: "v1.0.0", info: 0, mod: 0, zip: 0 }]);
    assert.ok(doc.requests[2]!.bytes! > 100, "zip bytes counted");
  });

  for (const code of [404, 410]) {
    test(named(`fall-back on ${code} after \`,\``), async () => {
      const { doc } = await compare(tc, {
        env: { GOPROXY: `${mp.url(`s${code}`)},${mp.url("ok")}` },
        args: DL,
      });
      assert.equal(doc.go.exitCode, 0);
      assert.equal(doc.fallbacks.length, 3);
      for (const f of doc.fallbacks) {
        assert.equal(f.from, 0);
        assert.equal(f.to, 1);
        assert.match(f.reason, /404\/410/);
      }
    });
  }

  test(named("5xx after `,`: go stops, the trace says why"), async () => {
    const { doc } = await compare(tc, { env: { GOPROXY: `${mp.url("s500")},${mp.url("ok")}` }, args: DL });
    assert.equal(doc.go.exitCode, 1);
    assert.equal(doc.fallbacks.length, 1);
    assert.equal(doc.fallbacks[0]!.to, null);
    assert.match(doc.fallbacks[0]!.reason, /stops/);
  });

  test(named("5xx after `|`: go moves on"), async () => {
    const { doc } = await compare(tc, { env: { GOPROXY: `${mp.url("s500")}|${mp.url("ok")}` }, args: DL });
    assert.equal(doc.go.exitCode, 0);
    assert.deepEqual(
      doc.fallbacks.map((f) => f.to),
      [1, 1, 1],
    );
  });

  test(
    named("refused connection after `|`: go moves on; after `,`: go stops; the text difference is recorded"),
    async () => {
      const dead = `http://127.0.0.1:${await refusedPort()}`;
      const on = await compare(tc, { env: { GOPROXY: `${dead}|${mp.url("ok")}` }, args: DL });
      assert.equal(on.doc.go.exitCode, 0);
      assert.ok(
        on.doc.requests.some(
          (r) => r.presentedToGo === "502 Bad Gateway" && /ECONNREFUSED/.test(r.upstreamError ?? ""),
        ),
      );
      const stop = await compare(tc, { env: { GOPROXY: `${dead},${mp.url("ok")}` }, args: DL });
      assert.equal(stop.doc.go.exitCode, 1);
      assert.match(stop.plain, /connection refused/);
      assert.match(stop.doc.go.stderr, /502 Bad Gateway/);
      assert.ok(stop.doc.notes.some((n) => /text it printed differs/.test(n)));
    },
  );

  test(named("slow upstream: same result, time recorded"), async () => {
    const { doc } = await compare(tc, { env: { GOPROXY: mp.url("slow300") }, args: DL });
    assert.equal(doc.go.exitCode, 0);
    assert.ok(
      doc.requests.every((r) => (r.ms ?? 0) >= 290),
      "each request took the upstream's 300 ms",
    );
  });

  test(
    named(
      "hanging upstream: go hangs with and without trace (killed after 3 s); the request is recorded unanswered",
    ),
    async () => {
      const { doc } = await compare(tc, { env: { GOPROXY: mp.url("hang") }, args: DL, killAfterMs: 3000 });
      assert.equal(doc.requests.length, 1);
      assert.equal(doc.requests[0]!.status, null);
      assert.ok(["aborted", "unfinished"].includes(doc.requests[0]!.outcome));
    },
  );

  test(named("checksum database through the proxy (GOSUMDB names the database)"), async () => {
    const { doc, log } = await compare(tc, {
      env: { GOPROXY: mp.url("ok"), GOSUMDB: mp.sumdbKey },
      args: DL,
    });
    assert.equal(doc.go.exitCode, 0);
    assert.equal(doc.gosumdb.mode, "walk");
    assert.deepEqual(doc.checksumDatabase.via, { kind: "proxy", entry: 0 });
    assert.equal(doc.checksumDatabase.counts.supported, 1);
    assert.ok((doc.checksumDatabase.counts.lookup ?? 0) >= 1);
    assert.ok(log.some((l) => l.path.endsWith("/sumdb/sum.test.invalid/supported")));
  });

  test(named("checksum database: `|` past a proxy that fails /supported"), async () => {
    const { doc } = await compare(tc, {
      env: { GOPROXY: `${mp.url("sumdb500")}|${mp.url("ok")}`, GOSUMDB: mp.sumdbKey },
      args: DL,
    });
    assert.equal(doc.go.exitCode, 0);
    assert.deepEqual(doc.checksumDatabase.via, { kind: "proxy", entry: 1 });
  });

  test(named("checksum database: /supported 403 after `,` fails as without trace"), async () => {
    const { doc } = await compare(tc, {
      env: { GOPROXY: `${mp.url("sumdb403")},${mp.url("ok")}`, GOSUMDB: mp.sumdbKey },
      args: DL,
    });
    assert.equal(doc.go.exitCode, 1);
  });

  test(
    named("checksum database directly: no proxy supports it (go goes to https://<name> through HTTPS_PROXY)"),
    async () => {
      const { doc, log } = await compare(tc, {
        env: { GOPROXY: mp.url("nosumdb"), GOSUMDB: mp.sumdbKey },
        args: DL,
      });
      assert.equal(doc.go.exitCode, 1);
      assert.deepEqual(doc.checksumDatabase.via, { kind: "direct" });
      assert.ok(log.some((l) => l.method === "CONNECT" && l.host === "sum.test.invalid:443"));
    },
  );

  test(named("checksum database at an explicit GOSUMDB URL (go asks no proxy)"), async () => {
    const { doc, log } = await compare(tc, {
      env: { GOPROXY: mp.url("ok"), GOSUMDB: `${mp.sumdbKey} ${mp.base}/sumdb/sum.test.invalid` },
      args: DL,
    });
    assert.equal(doc.go.exitCode, 0);
    assert.equal(doc.gosumdb.mode, "explicit-url");
    assert.ok(!log.some((l) => l.path.endsWith("/supported")));
    assert.ok((doc.checksumDatabase.counts.lookup ?? 0) >= 1);
  });

  test(
    named("private module via GONOPROXY: go goes direct (recorded from -x), proxies untouched"),
    async () => {
      const { doc } = await compare(tc, {
        env: { GOPROXY: mp.url("ok"), GONOPROXY: "private.test" },
        args: ["mod", "download", "private.test/m@v1.0.0"],
      });
      assert.notEqual(doc.go.exitCode, 0);
      assert.ok(doc.requests.length >= 1);
      assert.ok(doc.requests.every((r) => r.source === "direct"));
      assert.ok(doc.requests.some((r) => r.url === "https://private.test/m?go-get=1"));
    },
  );

  test(named("--har writes an HTTP Archive 1.2 with every request and no credentials"), async () => {
    const sb = makeSandbox(tc, mp.base, { GOPROXY: mp.url("ok").replace("http://", "http://") });
    const { mkdtempSync, readFileSync, readdirSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "gpd-har-"));
    try {
      const har = join(dir, "t.har");
      const r = await traceIn(sb, DL, 60_000, har);
      assert.equal(r.code, 0);
      const doc = JSON.parse(readFileSync(har, "utf8")) as {
        log: { version: string; entries: { request: { url: string } }[] };
      };
      assert.equal(doc.log.version, "1.2");
      assert.equal(doc.log.entries.length, 3);
      assert.deepEqual(readdirSync(dir), ["t.har"], "no temporary file left");
    } finally {
      sb.remove();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
