/**
 * Renderers of the mirrors comparison: terminal text and the goproxy-doctor.mirrors/v1 JSON document.
 * Everything in the report is already redacted by the feature.
 */
import type { MirrorReport, MirrorsReport } from "../features/mirrors.js";
import { pad, style } from "./style.js";

/** Whether some candidate works (exit 0), else exit 1. */
export function mirrorsOk(r: MirrorsReport): boolean {
  return r.mirrors.some((m) => m.works);
}

/** The shell command that applies the recommendation. */
export function goproxyCommand(goproxy: string): string {
  // `|` must be quoted for the shell.
  return `go env -w GOPROXY='${goproxy}'`;
}

function mirrorDocument(m: MirrorReport) {
  return {
    url: m.url,
    ok: m.works,
    rank: m.rank,
    summary: m.summary,
    configured: m.configured,
    dead: m.dead,
    probed: m.probed,
    reachable: m.reachable,
    latency: m.latency,
    throughputBytesPerSecond: m.throughputBps,
    protocol:
      m.protocol === null
        ? null
        : {
            ok: m.protocol.ok,
            failed: m.failedChecks,
            checks: m.protocol.checks,
            latest: m.protocol.latest,
            zips: m.protocol.zips,
          },
    freshness: m.freshness === null ? null : { stale: m.freshness.stale, compared: m.freshness.compared },
    integrity: { status: m.integrity, details: m.integrityDetail },
    sumdb: m.sumdb,
  };
}

/** `goproxy-doctor.mirrors/v1`. */
export function mirrorsDocument(r: MirrorsReport) {
  return {
    $schema: "goproxy-doctor/schemas/mirrors.v1.json" as const,
    schema: "goproxy-doctor.mirrors/v1" as const,
    ok: mirrorsOk(r),
    current: r.current,
    modules: r.modules.map((m) => `${m.path}@${m.version}`),
    sumdb: r.sumdb,
    mirrors: r.mirrors.map(mirrorDocument),
    recommendation: {
      goproxy: r.recommendation.goproxy,
      entries: r.recommendation.entries,
      reasons: r.recommendation.reasons,
      command: goproxyCommand(r.recommendation.goproxy),
    },
    deadlineHit: r.deadlineHit,
    ms: r.ms,
  };
}

function rate(bps: number | null): string {
  if (bps === null) return "-";
  if (bps >= 1 << 20) return `${(bps / (1 << 20)).toFixed(1)} MiB/s`;
  return `${Math.max(1, Math.round(bps / 1024))} KiB/s`;
}

function protocolCell(m: MirrorReport): string {
  if (m.protocol === null) return "-";
  const run = m.protocol.checks.filter((c) => !c.skipped);
  return `${run.filter((c) => c.ok).length}/${run.length}`;
}

function freshCell(m: MirrorReport): string {
  if (m.freshness === null || m.freshness.compared === 0) return "-";
  return m.freshness.stale.length === 0 ? "yes" : `${m.freshness.stale.length} behind`;
}

function sumdbCell(m: MirrorReport): string {
  if (m.sumdb.supported === true) return m.sumdb.verified === false ? "broken" : "proxied";
  if (m.sumdb.supported === false) return "direct";
  return "-";
}

/** The comparison as aligned text: a table, the problems of each mirror, the recommendation. */
export function mirrorsText(r: MirrorsReport): string {
  const out: string[] = [];
  const db = r.sumdb.name === null ? "no checksum database" : `checksum database ${r.sumdb.name}`;
  out.push(
    style.title(`Mirrors compared`),
    style.dim(
      `${r.modules.map((m) => `${m.path}@${m.version}`).join(", ")}; ${db}; ${r.ms} ms${r.deadlineHit ? " (deadline reached: partial results)" : ""}`,
    ),
    "",
  );
  if (r.sumdb.error !== null) out.push(`${style.warn("!")} GOSUMDB: ${r.sumdb.error}`, "");
  const rows = r.mirrors.map((m) => [
    String(m.rank),
    m.url + (m.configured ? " *" : ""),
    m.works ? "yes" : m.dead !== null ? "dead" : "no",
    m.latency?.totalMs == null ? "-" : `${m.latency.totalMs} ms`,
    rate(m.throughputBps),
    protocolCell(m),
    freshCell(m),
    m.integrity,
    sumdbCell(m),
  ]);
  const head = ["#", "mirror", "works", "latency", "throughput", "protocol", "fresh", "integrity", "sumdb"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => [...row[i]!].length)) + 2);
  out.push(
    style.dim(
      head
        .map((h, i) => pad(h, widths[i]!))
        .join("")
        .trimEnd(),
    ),
  );
  for (const [i, row] of rows.entries()) {
    const m = r.mirrors[i]!;
    const colour = m.works ? style.ok : m.dead !== null ? style.dim : style.err;
    out.push(
      row
        .map((c, j) => (j === 2 ? colour(pad(c, widths[j]!)) : pad(c, widths[j]!)))
        .join("")
        .trimEnd(),
    );
  }
  if (r.mirrors.some((m) => m.configured)) out.push(style.dim("* in your GOPROXY"));
  const problems = r.mirrors.filter((m) => !m.works || m.freshness?.stale.length);
  if (problems.length > 0) out.push("", style.title("Problems"));
  for (const m of problems) {
    out.push(`${style.key(m.url)}: ${m.summary}`);
    for (const c of m.protocol?.checks ?? [])
      if (!c.ok) out.push(`  ${style.err("✗")} ${c.id}${c.module ? ` ${c.module}` : ""}: ${c.detail}`);
    if (m.sumdb.verified === false) out.push(`  ${style.err("✗")} sumdb: ${m.sumdb.detail}`);
    for (const l of m.integrityDetail) if (l.includes("mismatch")) out.push(`  ${style.err("✗")} ${l}`);
    for (const s of m.freshness?.stale ?? [])
      out.push(
        `  ${style.warn("!")} ${s.module}: @latest is ${s.version ?? "nothing"}, another mirror has ${s.newest}`,
      );
    if (m.latency?.error) out.push(`  ${style.err("✗")} latency probe: ${m.latency.error}`);
  }
  out.push("", style.title("Recommendation"), `  ${goproxyCommand(r.recommendation.goproxy)}`);
  for (const reason of r.recommendation.reasons) out.push(`  - ${reason}`);
  out.push("", style.dim(`current GOPROXY: ${r.current === "" ? '""' : r.current}`));
  return `${out.join("\n")}\n`;
}
