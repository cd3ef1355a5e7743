/**
 * A real Prometheus (Debian's `prometheus` package) scrapes `monitor` on loopback every second, with the
 * shipped alerting rules loaded, and its query API returns the series and values the monitor measured.
 * Fails — never skips — when the prometheus binary is missing (scripts/test.sh installs it).
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseMonitorConfig } from "../../src/features/monitor/config.js";
import { startMonitor } from "../../src/features/monitor/service.js";
import { MONITOR_RENDERERS } from "../../src/render/monitor.js";
import { REPO_ROOT } from "../support/gobuild.js";
import { startMirror } from "../support/monitor-mirror.js";
import { startSumdb } from "../support/monitor-sumdb.js";

function findPrometheus(): string {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const p = join(dir, "prometheus");
    if (dir !== "" && existsSync(p)) return p;
  }
  if (existsSync("/usr/bin/prometheus")) return "/usr/bin/prometheus";
  assert.fail(
    "the prometheus binary is missing: install Debian's package (apt-get install -y prometheus); this test does not skip",
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(what: string, f: () => Promise<T | null>, boundMs: number): Promise<T> {
  const end = Date.now() + boundMs;
  let last: unknown = null;
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v !== null) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(
    `timed out after ${boundMs} ms waiting for ${what}${last === null ? "" : ` (last error: ${last})`}`,
  );
}

interface Series {
  metric: Record<string, string>;
  value: [number, string];
}

test("Prometheus scrapes monitor and its query API returns the expected series and values", {
  timeout: 120_000,
}, async () => {
  const bin = findPrometheus();
  const rules = join(REPO_ROOT, "deploy", "prometheus", "alerts.yml");
  const check = spawnSync(join(bin, "..", "promtool"), ["check", "rules", rules], { encoding: "utf8" });
  assert.equal(check.status, 0, `promtool check rules: ${check.stdout}${check.stderr}`);

  const up = await startMirror([{ path: "example.com/Upper/mod", versions: ["v1.0.0"] }]);
  const down = await startMirror([{ path: "example.com/Upper/mod", versions: ["v1.0.0"] }]);
  await down.kill();
  const db = await startSumdb([{ path: "example.com/Upper/mod", version: "v1.0.0" }]);
  const parsed = parseMonitorConfig(`
listen: 127.0.0.1:0
interval: 500ms
timeout: 2s
modules: [example.com/Upper/mod@v1.0.0]
targets:
  - url: ${up.url}
  - url: ${down.url}
  - url: ${db.url}
    type: sumdb
    key: ${db.key}
`);
  if (!parsed.ok) assert.fail(JSON.stringify(parsed.errors));
  const monitor = await startMonitor(parsed.config, {
    render: MONITOR_RENDERERS,
    log: () => {},
    roots: [],
    graceMs: 2000,
  });
  const dir = mkdtempSync(join(tmpdir(), "monitor-prometheus-"));
  const promPort = await freePort();
  const monitorHostPort = monitor.url.replace(/^http:\/\//, "");
  writeFileSync(
    join(dir, "prometheus.yml"),
    [
      "global:",
      "  scrape_interval: 1s",
      "  evaluation_interval: 1s",
      "  external_labels: { region: test }",
      "rule_files:",
      `  - ${JSON.stringify(rules)}`,
      "scrape_configs:",
      "  - job_name: goproxy-doctor",
      "    static_configs:",
      `      - targets: [${JSON.stringify(monitorHostPort)}]`,
      "",
    ].join("\n"),
  );
  let stderr = "";
  const prom: ChildProcess = spawn(
    bin,
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      "--storage.tsdb.retention.time=1h",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  prom.stderr!.on("data", (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const api = `http://127.0.0.1:${promPort}`;
  const query = async (q: string): Promise<Series[]> => {
    const r = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await r.json()) as { status: string; data: { result: Series[] } };
    assert.equal(body.status, "success");
    return body.data.result;
  };
  const one = (q: string, boundMs = 30_000) =>
    waitFor(
      q,
      async () => {
        const r = await query(q);
        return r.length === 1 ? r[0]! : null;
      },
      boundMs,
    );
  try {
    await waitFor(
      "prometheus to be ready",
      async () => ((await fetch(`${api}/-/ready`)).ok ? true : null),
      30_000,
    ).catch((e) => assert.fail(`${e}\nprometheus stderr:\n${stderr}`));
    await one('up{job="goproxy-doctor"} == 1');

    const ok = await one(`probe_success{job="goproxy-doctor", target="${up.url}"} == 1`);
    assert.equal(ok.metric.target, up.url);
    assert.equal(ok.value[1], "1");
    const failed = await one(`probe_success{target="${down.url}"} == 0`);
    assert.equal(failed.value[1], "0");
    const cause = await one(`goproxy_doctor_probe_failure_cause{target="${down.url}"}`);
    assert.equal(cause.metric.cause, "connect-failure");

    const checks = await waitFor(
      "protocol checks",
      async () => {
        const r = await query(`goproxy_protocol_check_success{target="${up.url}"}`);
        return r.length >= 5 ? r : null;
      },
      30_000,
    );
    for (const id of ["list", "info", "mod", "zip", "latest", "missing-module"]) {
      const s = checks.find((c) => c.metric.check === id);
      assert.equal(s?.value[1], "1", `check ${id}`);
    }
    const phases = await waitFor(
      "phases",
      async () => {
        const r = await query(`probe_http_duration_seconds{target="${up.url}"}`);
        return r.length >= 3 ? r : null;
      },
      30_000,
    );
    assert.deepEqual(phases.map((p) => p.metric.phase).sort(), ["connect", "processing", "resolve"]);
    assert.equal((await one(`probe_http_status_code{target="${up.url}"}`)).value[1], "200");
    assert.equal((await one(`gosumdb_tree_size{target="${db.url}"}`)).value[1], "1");
    db.add("example.com/other", "v1.0.0");
    await one(`gosumdb_tree_size{target="${db.url}"} == 2`);
    assert.equal((await one(`gosumdb_consistency_ok{target="${db.url}"}`)).value[1], "1");
    assert.equal((await one(`goproxy_freshness_lag_seconds{target="${up.url}"}`)).value[1], "0");
    assert.equal(
      await one(`goproxy_integrity_mismatches_total{target="${up.url}"}`, 5_000).catch(() => null),
      null,
      "without a checksum_database no integrity series is exported",
    );

    // The mirror comes back: Prometheus sees it succeed.
    await down.revive();
    await one(`probe_success{target="${down.url}"} == 1`);

    // The shipped rules load and evaluate without errors against these series.
    const rulesState = await waitFor(
      "rules evaluated",
      async () => {
        const r = (await (await fetch(`${api}/api/v1/rules`)).json()) as {
          data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
        };
        const all = r.data.groups.flatMap((g) => g.rules);
        return all.length > 0 && all.every((x) => x.health !== "unknown") ? all : null;
      },
      30_000,
    );
    assert.equal(rulesState.length, 12);
    for (const r of rulesState) assert.equal(r.health, "ok", `${r.name}: ${r.lastError}`);
  } finally {
    prom.kill("SIGTERM");
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        prom.kill("SIGKILL");
        resolve();
      }, 10_000);
      prom.once("exit", () => {
        clearTimeout(t);
        resolve();
      });
      if (prom.exitCode !== null) resolve();
    });
    await monitor.stop();
    await Promise.all([up.close(), down.close(), db.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
});
