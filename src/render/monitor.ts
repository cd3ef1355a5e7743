/**
 * `monitor`'s strings: the alert documents sent to webhooks (generic JSON and Slack's `{text}`), the status
 * page at `/`, and log lines. Everything given here is already redacted by the feature.
 */
import { CAUSE_INFO } from "../core/causes.js";
import type { AlertNotice } from "../core/monitor/alerts.js";
import { formatDuration } from "../core/monitor/duration.js";
import type { MonitorRenderers, StatusPageMeta, TargetView } from "../features/monitor/types.js";

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * The generic webhook body, `goproxy-doctor.monitor-alert/v1`:
 * `{schema, status: "firing"|"resolved", target, kind, cause, role, title, explanation, fix: [str],
 *   consecutiveFailures, detail, since, at, instance}` (times ISO 8601, UTC).
 */
export function alertDocument(n: AlertNotice) {
  const info = n.cause === null ? null : CAUSE_INFO[n.cause];
  return {
    $schema: "goproxy-doctor/schemas/monitor-alert.v1.json" as const,
    schema: "goproxy-doctor.monitor-alert/v1" as const,
    status: n.status,
    target: n.target,
    kind: n.targetKind,
    cause: n.cause,
    // Where it failed, as every command names it (core/causes.ts ROLES): an addition to the document.
    role: n.targetKind === "sumdb" ? "sumdb" : "proxy",
    title: info?.title ?? null,
    explanation: info?.explanation ?? null,
    fix: info?.fixes ?? [],
    consecutiveFailures: n.failures,
    detail: n.detail,
    since: iso(n.since),
    at: iso(n.at),
    instance: n.instance,
  };
}

function what(n: AlertNotice): string {
  return n.targetKind === "sumdb" ? "checksum database" : "GOPROXY mirror";
}

/** Slack's incoming-webhook body (also understood by Mattermost, Rocket.Chat and Discord's /slack endpoint). */
export function slackMessage(n: AlertNotice): { text: string } {
  const where = n.instance === null ? "" : ` (seen from ${n.instance})`;
  const cause = n.cause === null ? "" : `${n.cause}: ${CAUSE_INFO[n.cause].title}`;
  if (n.status === "firing")
    return {
      text: `:red_circle: goproxy-doctor: ${what(n)} ${n.target} is failing${where} — ${cause} after ${n.failures} consecutive failed probes.\n${n.detail}`,
    };
  const lasted = n.since === null ? "" : ` after ${formatDuration(Math.max(0, n.at - n.since))}`;
  return {
    text: `:large_green_circle: goproxy-doctor: ${what(n)} ${n.target} recovered${where}${lasted} (was ${cause || "failing"}).`,
  };
}

/** A log line for one notice. */
export function alertLogLine(n: AlertNotice): string {
  return n.status === "firing"
    ? `ALERT ${n.target}: ${n.cause} after ${n.failures} consecutive failures: ${n.detail}`
    : `RECOVERED ${n.target} (was ${n.cause ?? "failing"})`;
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHTML(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function stateOf(v: TargetView): { text: string; cls: string } {
  if (v.last === null) return { text: "pending", cls: "pending" };
  if (v.alert.firing) return { text: "ALERTING", cls: "alerting" };
  if (!v.last.ok) return { text: `failing (${v.alert.failures})`, cls: "failing" };
  return { text: "ok", cls: "ok" };
}

function row(v: TargetView, now: number): string {
  const s = stateOf(v);
  const l = v.last;
  const cells = [
    `<td><code>${escapeHTML(v.target.label)}</code></td>`,
    `<td>${v.target.kind === "sumdb" ? "checksum database" : "GOPROXY"}</td>`,
    `<td class="${s.cls}">${escapeHTML(s.text)}</td>`,
    `<td>${l === null ? "" : escapeHTML(l.cause ?? "")}</td>`,
    `<td>${l === null ? "" : `${l.durationMs} ms`}</td>`,
    `<td>${l === null ? "" : `${formatDuration(Math.max(0, Math.round((now - l.at) / 1000)) * 1000)} ago`}</td>`,
    `<td>${escapeHTML(extra(v))}</td>`,
    `<td class="detail">${l === null ? "" : escapeHTML(l.detail)}</td>`,
  ];
  return `<tr>${cells.join("")}</tr>`;
}

function extra(v: TargetView): string {
  const l = v.last;
  if (l === null) return "";
  if (l.kind === "sumdb") return `tree ${l.treeSize ?? "?"}${l.consistent === false ? ", INCONSISTENT" : ""}`;
  const lagging = v.lags.filter((x) => x.seconds > 0);
  const parts = l.latest.map((x) => `${x.module}@${x.version ?? "?"}`);
  if (lagging.length > 0)
    parts.push(`behind: ${lagging.map((x) => `${x.module} ${formatDuration(x.seconds * 1000)}`).join(", ")}`);
  if (l.integrityMismatches > 0) parts.push(`${l.integrityMismatches} h1 mismatch(es)`);
  return parts.join("; ");
}

/** The status page at `/`: one row per target, readable without Prometheus. */
export function statusPage(views: readonly TargetView[], meta: StatusPageMeta): string {
  const title = `goproxy-doctor monitor${meta.instance === null ? "" : ` — ${meta.instance}`}`;
  const failing = views.filter((v) => v.last !== null && !v.last.ok).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="15">
<title>${escapeHTML(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse}td,th{padding:.3em .7em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
.ok{color:#1a7f37}.failing{color:#b35900}.alerting{color:#cf222e;font-weight:bold}.pending{color:#777}
.detail{max-width:40em;font-size:.9em;color:#555}
</style></head><body>
<h1>${escapeHTML(title)}</h1>
<p>${views.length} target(s), ${failing} failing. Up ${formatDuration(Math.max(0, Math.round((meta.now - meta.startedAt) / 1000)) * 1000)}; version ${escapeHTML(meta.version)}.
Metrics: <a href="metrics">/metrics</a> · health: <a href="healthz">/healthz</a></p>
<table><thead><tr><th>target</th><th>kind</th><th>state</th><th>cause</th><th>probe</th><th>last probe</th><th>details</th><th>last result</th></tr></thead>
<tbody>
${views.map((v) => row(v, meta.now)).join("\n")}
</tbody></table>
</body></html>
`;
}

/** Everything the monitor shows or sends, for startMonitor (features/monitor/types.ts MonitorRenderers). */
export const MONITOR_RENDERERS: MonitorRenderers = {
  alertBody: (kind, n) => (kind === "slack" ? slackMessage(n) : alertDocument(n)),
  alertLogLine,
  statusPage,
};
