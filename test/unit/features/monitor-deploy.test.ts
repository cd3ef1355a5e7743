import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { createMonitorMetrics } from "../../../src/features/monitor/metrics.js";
import { REPO_ROOT } from "../../support/gobuild.js";

const read = (p: string) => readFileSync(join(REPO_ROOT, p), "utf8");

async function exportedNames(): Promise<Set<string>> {
  const m = createMonitorMetrics(() => []);
  const names = new Set<string>();
  for (const metric of await m.registry.getMetricsAsJSON()) names.add(metric.name);
  return names;
}

/** Metric names used in a PromQL expression (identifiers followed by `{` or a range/space, not functions). */
function metricNames(expr: string): string[] {
  const out: string[] = [];
  for (const m of expr.matchAll(/\b((?:probe|goproxy|gosumdb)_[a-z_]+)\b/g)) out.push(m[1]!);
  return out;
}

test("the Grafana dashboard is valid JSON and uses only metrics the monitor exports", async () => {
  const names = await exportedNames();
  const dash = JSON.parse(read("deploy/grafana/goproxy-doctor-dashboard.json")) as {
    title: string;
    uid: string;
    panels: { id: number; title: string; targets: { expr: string }[]; gridPos: object }[];
  };
  assert.ok(dash.title.length > 0 && dash.uid.length > 0);
  assert.ok(dash.panels.length >= 8);
  assert.equal(new Set(dash.panels.map((p) => p.id)).size, dash.panels.length, "panel ids are unique");
  const used = new Set<string>();
  for (const p of dash.panels) {
    assert.ok(p.targets.length > 0, p.title);
    for (const t of p.targets) for (const n of metricNames(t.expr)) used.add(n);
  }
  for (const n of used) assert.ok(names.has(n), `dashboard uses ${n}, which the monitor does not export`);
  for (const n of [
    "probe_success",
    "goproxy_protocol_check_success",
    "goproxy_freshness_lag_seconds",
    "gosumdb_consistency_ok",
  ])
    assert.ok(used.has(n), `dashboard shows ${n}`);
});

test("the alerting rules use only metrics the monitor exports", async () => {
  const names = await exportedNames();
  const rules = parse(read("deploy/prometheus/alerts.yml")) as {
    groups: { rules: { alert: string; expr: string }[] }[];
  };
  const all = rules.groups.flatMap((g) => g.rules);
  assert.ok(all.length >= 10);
  for (const r of all) for (const n of metricNames(r.expr)) assert.ok(names.has(n), `${r.alert} uses ${n}`);
});

test("the GitHub Actions example: check and verify as annotations and SARIF, a pinned package, actions pinned by SHA", () => {
  const text = read("deploy/github-actions/check.yml");
  const wf = parse(text) as {
    on: { schedule: { cron: string }[] };
    env: Record<string, string>;
    jobs: Record<string, { steps: { run?: string; uses?: string }[] }>;
  };
  assert.ok(wf.on.schedule[0]!.cron.split(" ").length === 5);
  const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
  const script = steps.map((s) => s.run ?? "").join("\n");
  assert.match(wf.env.GOPROXY_DOCTOR!, /^goproxy-doctor@\d+\.\d+\.\d+$/);
  assert.match(script, /npx --yes "\$GOPROXY_DOCTOR" check .*--format github --sarif sarif\/check\.sarif/);
  assert.match(script, /npx --yes "\$GOPROXY_DOCTOR" verify --format github --sarif sarif\/verify\.sarif/);
  assert.doesNotMatch(text, /npx --yes goproxy-doctor(?!@)/);
  const uses = steps.flatMap((s) => (s.uses === undefined ? [] : [s.uses]));
  assert.ok(uses.length >= 5);
  for (const u of uses) assert.match(u, /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/, u);
  assert.ok(uses.some((u) => u.startsWith("github/codeql-action/upload-sarif@")));
});

test("the Dockerfile is multi-stage: built with node, run slim", () => {
  const d = read("deploy/Dockerfile.monitor");
  const froms = [...d.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
  assert.deepEqual(froms, ["node:24.22.3-bookworm", "node:24.22.3-bookworm-slim"]);
  assert.match(d, /COPY --from=build/);
  assert.match(d, /"monitor"/);
});
