import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runMonitor } from "../../../src/cli/commands/monitor.js";
import { type MonitorConfig, parseMonitorConfig } from "../../../src/features/monitor/config.js";
import { startMonitor } from "../../../src/features/monitor/service.js";
import { MONITOR_RENDERERS } from "../../../src/render/monitor.js";
import { startMirror } from "../../support/monitor-mirror.js";
import { startSumdb } from "../../support/monitor-sumdb.js";

/** Polls cond every 25 ms until it holds; fails after boundMs. */
async function waitFor(
  what: string,
  cond: () => boolean | Promise<boolean>,
  boundMs = 15_000,
): Promise<void> {
  const end = Date.now() + boundMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out after ${boundMs} ms waiting for ${what}`);
}

/** A loopback webhook receiver recording every POST body by path. */
async function startHookServer(): Promise<{
  url: string;
  got: (path: string) => unknown[];
  close: () => Promise<void>;
}> {
  const bodies: { path: string; body: unknown }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bodies.push({ path: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    got: (path) => bodies.filter((b) => b.path === path).map((b) => b.body),
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

function configOf(yaml: string): MonitorConfig {
  const r = parseMonitorConfig(yaml);
  if (!r.ok) assert.fail(JSON.stringify(r.errors));
  return r.config;
}

/** The value of one series in exposition text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const m = /^[^{]+\{(.*)\} (\S+)$/.exec(line);
    if (m === null) continue;
    const got = Object.fromEntries(
      [...m[1]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[2]);
  }
  return undefined;
}

const quiet = () => {};

test("a mirror killed mid-run gives exactly one alert after the hysteresis and one recovery when it returns", async () => {
  const mirror = await startMirror([{ path: "example.com/Upper/mod", versions: ["v1.0.0"] }]);
  const hooks = await startHookServer();
  const monitor = await startMonitor(
    configOf(`
listen: 127.0.0.1:0
interval: 250ms
timeout: 1s
jitter: 0
modules: [example.com/Upper/mod@v1.0.0]
targets:
  - url: ${mirror.url}
alerting:
  failure_threshold: 3
  receivers:
    - url: ${hooks.url}/generic
      retries: 0
    - url: ${hooks.url}/slack
      type: slack
`),
    { render: MONITOR_RENDERERS, log: quiet, roots: [], graceMs: 3000 },
  );
  try {
    const view = () => monitor.views()[0]!;
    await waitFor("a first successful probe", () => view().last?.ok === true);
    const metrics = await (await fetch(`${monitor.url}/metrics`)).text();
    assert.equal(sample(metrics, "probe_success", { target: mirror.url }), 1);
    assert.equal(sample(metrics, "goproxy_protocol_check_success", { target: mirror.url, check: "zip" }), 1);
    assert.equal(
      sample(metrics, "goproxy_protocol_check_success", { target: mirror.url, check: "case-escaping" }),
      1,
    );
    assert.equal(sample(metrics, "probe_http_status_code", { target: mirror.url }), 200);
    assert.ok(sample(metrics, "probe_http_duration_seconds", { target: mirror.url, phase: "connect" })! >= 0);
    assert.equal((await fetch(`${monitor.url}/healthz`)).status, 200);
    const page = await (await fetch(`${monitor.url}/`)).text();
    assert.ok(page.includes(mirror.url) && page.includes(">ok<"), "the status page lists the target as ok");

    await mirror.kill();
    await waitFor("the alert", () => hooks.got("/generic").length >= 1);
    const alert = hooks.got("/generic")[0] as Record<string, unknown>;
    assert.equal(alert.schema, "goproxy-doctor.monitor-alert/v1");
    assert.equal(alert.status, "firing");
    assert.equal(alert.target, mirror.url);
    assert.equal(alert.cause, "connect-failure");
    assert.equal(alert.role, "proxy");
    assert.equal(alert.consecutiveFailures, 3, "the alert comes after exactly 3 failed probes");
    assert.equal(alert.title, "TCP connection failed");
    // Keep it down well past the threshold: no second alert.
    await waitFor("more failures", () => view().alert.failures >= 7);
    assert.equal(hooks.got("/generic").length, 1);
    const down = await (await fetch(`${monitor.url}/metrics`)).text();
    assert.equal(sample(down, "probe_success", { target: mirror.url }), 0);
    assert.equal(sample(down, "goproxy_doctor_alert_firing", { target: mirror.url }), 1);
    assert.equal(
      sample(down, "goproxy_doctor_probe_failure_cause", { target: mirror.url, cause: "connect-failure" }),
      1,
    );

    await mirror.revive();
    await waitFor("the recovery", () => hooks.got("/generic").length >= 2);
    const firstOk = view().last!.at;
    await waitFor("three more successful probes", () => view().last!.ok && view().last!.at >= firstOk + 700);
    await waitFor("slack deliveries", () => hooks.got("/slack").length >= 2);
    const generic = hooks.got("/generic") as Record<string, unknown>[];
    assert.deepEqual(
      generic.map((g) => g.status),
      ["firing", "resolved"],
      "exactly one alert and one recovery",
    );
    assert.equal(generic[1]!.cause, "connect-failure");
    const slack = hooks.got("/slack") as { text: string }[];
    assert.equal(slack.length, 2);
    assert.ok(slack[0]!.text.includes(mirror.url) && slack[0]!.text.includes("connect-failure"));
    assert.ok(slack[1]!.text.includes("recovered"));
    const after = await (await fetch(`${monitor.url}/metrics`)).text();
    assert.equal(
      sample(after, "goproxy_doctor_notifications_total", {
        receiver: "webhook-0",
        kind: "alert",
        result: "delivered",
      }),
      1,
    );
    assert.equal(
      sample(after, "goproxy_doctor_notifications_total", {
        receiver: "slack-1",
        kind: "recovery",
        result: "delivered",
      }),
      1,
    );
  } finally {
    await monitor.stop();
    await mirror.close();
    await hooks.close();
  }
});

test("integrity, freshness and checksum-database consistency are measured", async () => {
  const fresh = await startMirror([{ path: "example.com/b", versions: ["v1.0.0", "v1.1.0"] }]);
  const stale = await startMirror([{ path: "example.com/b", versions: ["v1.0.0"] }]);
  const tampered = await startMirror([{ path: "example.com/b", versions: ["v1.0.0", "v1.1.0"] }]);
  tampered.setFault("tamper");
  const db = await startSumdb([{ path: "example.com/b", version: "v1.0.0" }]);
  const monitor = await startMonitor(
    configOf(`
listen: 127.0.0.1:0
interval: 300ms
timeout: 2s
jitter: 0
modules: [example.com/b@v1.0.0]
checksum_database:
  url: ${db.url}
  key: ${db.key}
targets:
  - url: ${fresh.url}
  - url: ${stale.url}
  - url: ${tampered.url}
  - url: ${db.url}
    type: sumdb
    key: ${db.key}
`),
    { render: MONITOR_RENDERERS, log: quiet, roots: [], graceMs: 3000 },
  );
  const scrape = async () => (await fetch(`${monitor.url}/metrics`)).text();
  try {
    await waitFor("every target probed", () => monitor.views().every((v) => v.last !== null));
    await waitFor("the stale mirror to lag by a second", async () => {
      return (
        (sample(await scrape(), "goproxy_freshness_lag_seconds", {
          target: stale.url,
          module: "example.com/b",
        }) ?? 0) >= 1
      );
    });
    let m = await scrape();
    assert.equal(
      sample(m, "goproxy_freshness_lag_seconds", { target: fresh.url, module: "example.com/b" }),
      0,
    );
    assert.equal(sample(m, "probe_success", { target: fresh.url }), 1);
    assert.equal(sample(m, "goproxy_integrity_mismatches_total", { target: fresh.url }), 0);
    assert.ok(sample(m, "goproxy_integrity_mismatches_total", { target: tampered.url })! >= 1);
    assert.equal(sample(m, "probe_success", { target: tampered.url }), 0);
    assert.equal(
      sample(m, "goproxy_doctor_probe_failure_cause", { target: tampered.url, cause: "checksum-mismatch" }),
      1,
    );
    assert.equal(sample(m, "gosumdb_tree_size", { target: db.url }), 1);
    assert.equal(sample(m, "probe_success", { target: db.url }), 1);

    db.add("example.com/b", "v1.1.0");
    db.add("example.com/c", "v1.0.0");
    await waitFor(
      "the tree to grow",
      async () => sample(await scrape(), "gosumdb_tree_size", { target: db.url }) === 3,
    );
    await waitFor(
      "a consistency verdict",
      async () => sample(await scrape(), "gosumdb_consistency_ok", { target: db.url }) === 1,
    );

    db.fork();
    await waitFor(
      "the fork to be seen",
      async () => sample(await scrape(), "gosumdb_consistency_ok", { target: db.url }) === 0,
    );
    m = await scrape();
    assert.equal(sample(m, "probe_success", { target: db.url }), 0);
    assert.equal(
      sample(m, "goproxy_doctor_probe_failure_cause", { target: db.url, cause: "sumdb-error" }),
      1,
    );
    assert.match(monitor.views()[3]!.last!.detail, /not consistent with tree 3/);
  } finally {
    await monitor.stop();
    await Promise.all([fresh.close(), stale.close(), tampered.close(), db.close()]);
  }
});

test("runMonitor: SIGHUP reloads (removed targets' series disappear), a bad file keeps the running configuration", async () => {
  const a = await startMirror([{ path: "example.com/a", versions: ["v1.0.0"] }]);
  const b = await startMirror([{ path: "example.com/a", versions: ["v1.0.0"] }]);
  const dir = mkdtempSync(join(tmpdir(), "monitor-test-"));
  const file = join(dir, "monitor.yaml");
  const yaml = (targets: string[]) =>
    `listen: 127.0.0.1:0\ninterval: 200ms\ntimeout: 1s\nmodules: [example.com/a@v1.0.0]\ntargets:\n${targets.map((t) => `  - url: ${t}\n`).join("")}`;
  writeFileSync(file, yaml([a.url, b.url]));
  const logs: string[] = [];
  const stop = new AbortController();
  let url = "";
  const exit = runMonitor({
    config: file,
    signal: stop.signal,
    log: (level, message) => logs.push(`${level} ${message}`),
    roots: [],
    onListening: (u) => {
      url = u;
    },
  });
  const scrape = async () => (await fetch(`${url}/metrics`)).text();
  try {
    await waitFor("the server", () => url !== "");
    await waitFor("both targets probed", async () => {
      const m = await scrape();
      return (
        sample(m, "probe_success", { target: a.url }) === 1 &&
        sample(m, "probe_success", { target: b.url }) === 1
      );
    });
    writeFileSync(file, yaml([a.url]));
    process.kill(process.pid, "SIGHUP");
    await waitFor("b's series to disappear", async () => {
      const m = await scrape();
      return !m.includes(`target="${b.url}"`);
    });
    const m = await scrape();
    assert.equal(sample(m, "probe_success", { target: a.url }), 1);
    assert.equal(sample(m, "goproxy_doctor_config_last_reload_successful", {}), undefined);
    assert.ok(/^goproxy_doctor_config_last_reload_successful 1$/m.test(m));

    writeFileSync(file, `${yaml([a.url])}  - url: ${b.url}\n    bogus: 1\n`);
    process.kill(process.pid, "SIGHUP");
    await waitFor("the failed reload", async () =>
      /^goproxy_doctor_config_last_reload_successful 0$/m.test(await scrape()),
    );
    const bad = logs.find((l) => l.startsWith("error reload failed"));
    assert.ok(bad?.includes(`${file}:8:5: targets[1].bogus: unknown field`), bad);
    const before = (await scrape()).match(/^goproxy_doctor_probes_total\{[^}]*\} (\d+)$/m);
    await waitFor("probing to go on with the old configuration", async () => {
      const now = (await scrape()).match(/^goproxy_doctor_probes_total\{[^}]*\} (\d+)$/m);
      return Number(now?.[1]) > Number(before?.[1]);
    });
    assert.ok(!(await scrape()).includes(`target="${b.url}"`));
  } finally {
    stop.abort();
    assert.equal(await exit, 0, "a clean shutdown exits 0");
    await Promise.all([a.close(), b.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("runMonitor: an invalid configuration exits 2 and names the line and field", async () => {
  const dir = mkdtempSync(join(tmpdir(), "monitor-test-"));
  const file = join(dir, "monitor.yaml");
  writeFileSync(file, "targets:\n  - url: http://127.0.0.1:1\ninterval: often\n");
  const writes: string[] = [];
  const orig = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => {
    writes.push(String(s));
    return true;
  }) as typeof process.stderr.write;
  try {
    assert.equal(await runMonitor({ config: file }), 2);
    assert.equal(await runMonitor({ config: join(dir, "missing.yaml") }), 2);
    assert.equal(await runMonitor({ target: ["ftp://x"] }), 2);
    assert.equal(await runMonitor({ config: file, target: ["http://127.0.0.1:1"] }), 2);
  } finally {
    process.stderr.write = orig;
    rmSync(dir, { recursive: true, force: true });
  }
  const text = writes.join("");
  assert.ok(text.includes(`${file}:3:11: interval: "often" is not a duration`), text);
  assert.ok(text.includes("--target #1: must be an http:// or https:// URL"), text);
});

test("shutdown is bounded even when a probe hangs", async () => {
  const mirror = await startMirror([{ path: "example.com/a", versions: ["v1.0.0"] }]);
  mirror.setFault("hang");
  const monitor = await startMonitor(
    configOf(
      // The probe's deadline is bounded by the interval: a long one keeps it hanging at shutdown.
      `listen: 127.0.0.1:0\ninterval: 30s\ntimeout: 30s\njitter: 0\nmodules: [example.com/a@v1.0.0]\ntargets:\n  - url: ${mirror.url}\n`,
    ),
    { render: MONITOR_RENDERERS, log: quiet, roots: [], graceMs: 300 },
  );
  try {
    await waitFor("the probe to hang", () => mirror.requests() > 0);
    const t0 = Date.now();
    await monitor.stop();
    const took = Date.now() - t0;
    assert.ok(took < 4000, `stop took ${took} ms`);
    assert.equal(monitor.views()[0]!.last, null, "a probe cut short by shutdown is not recorded");
    await assert.rejects(fetch(`${monitor.url}/healthz`), "the server is closed");
  } finally {
    await mirror.close();
  }
});

test("a hung mirror reports probe_success 0 at the probe's deadline, no later than its interval", {
  // With the old deadline (4 request deadlines: 2 minutes here) the probe would still be running.
  timeout: 20_000,
}, async () => {
  const mirror = await startMirror([{ path: "example.com/a", versions: ["v1.0.0"] }]);
  mirror.setFault("hang");
  const monitor = await startMonitor(
    configOf(
      `listen: 127.0.0.1:0\ninterval: 1s\ntimeout: 30s\njitter: 0\nmodules: [example.com/a@v1.0.0]\ntargets:\n  - url: ${mirror.url}\n`,
    ),
    { render: MONITOR_RENDERERS, log: quiet, roots: [], graceMs: 300 },
  );
  try {
    await waitFor("the hung probe to end", () => monitor.views()[0]!.last !== null);
    const last = monitor.views()[0]!.last!;
    assert.equal(last.ok, false);
    assert.equal(last.cause, "timeout", last.detail);
    const metrics = await (await fetch(`${monitor.url}/metrics`)).text();
    assert.match(metrics, /^probe_success\{[^}]*\} 0$/m, metrics);
  } finally {
    await monitor.stop();
    await mirror.close();
  }
});
