/**
 * `goproxy-doctor trace` for people: the live timeline (one line per request) and the summary — every request,
 * the fall-backs and why go moved on, the checksum-database traffic, which entry served each module, the
 * slowest requests and the totals, then go's exit status and error output. Strings only.
 */
import type { TraceRequest, TraceResult } from "../core/trace/model.js";
import { pad, style } from "./style.js";

function size(n: number | null): string {
  if (n === null) return "-";
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1 << 20)).toFixed(1)} MiB`;
}

function ms(n: number | null): string {
  return n === null ? "…" : `${n} ms`;
}

function who(r: TraceRequest, t: TraceResult | null, entries?: TraceResult["entries"]): string {
  const es = entries ?? t?.entries ?? [];
  if (r.source === "proxy" && r.entry !== null) return `#${r.entry} ${es[r.entry]?.written ?? "?"}`;
  if (r.source === "sumdb") return r.entry !== null ? `sumdb via #${r.entry}` : "sumdb";
  return r.source;
}

function statusOf(r: TraceRequest): string {
  if (r.upstreamError !== null && r.status === null) return style.err(`ERR ${r.upstreamError}`);
  if (r.status === null) return r.outcome === "aborted" ? style.warn("aborted") : style.dim("waiting");
  const s = `${r.status}${r.statusText !== "" ? ` ${r.statusText}` : ""}`;
  return r.status === 200 ? style.ok(s) : r.status === 404 || r.status === 410 ? style.warn(s) : style.err(s);
}

/** One timeline line of a request. */
export function requestLine(r: TraceRequest, entries: TraceResult["entries"]): string {
  return `${pad(String(r.id), 4)} ${pad(who(r, null, entries), 28)} ${r.method} ${r.path}  ${statusOf(r)}  ${size(r.bytes)}  ${ms(r.ms)}`;
}

/**
 * The live timeline: the last `rows` requests (most recent at the bottom) and a count line.
 *
 * @param now epoch ms, for the age of unfinished requests
 */
export function timeline(
  requests: readonly TraceRequest[],
  entries: TraceResult["entries"],
  now: number,
  rows = 12,
): string {
  const shown = requests.slice(-rows).map((r) => {
    const line = requestLine(r, entries);
    return r.ms === null ? `${line} ${style.dim(`(${Math.max(0, now - r.startedMs)} ms so far)`)}` : line;
  });
  const open = requests.filter((r) => r.outcome === "unfinished").length;
  return [...shown, style.dim(`${requests.length} requests, ${open} in flight`)].join("\n");
}

/** The summary after go exited. */
export function traceText(t: TraceResult, goDisplay: string): string {
  const out: string[] = [];
  const a = t.analysis;
  out.push(style.title(`goproxy-doctor trace: ${goDisplay}`));
  out.push(`GOPROXY ${t.goproxy.original}`);
  for (const e of t.entries)
    out.push(
      `  #${e.index} ${e.written}${e.fallback !== null ? `  (next entry: ${e.fallback === "not-found" ? "after 404/410 only" : "after any error"})` : ""}${e.forwarder !== null ? style.dim(`  via ${e.forwarder}`) : ""}`,
    );
  out.push(`GOSUMDB ${t.gosumdb.original} (${t.gosumdb.mode})`);
  out.push("");
  out.push(style.title(`Requests (${t.requests.length})`));
  if (t.requests.length === 0) out.push("  none");
  for (const r of t.requests) {
    out.push(`  ${requestLine(r, t.entries)}`);
    if (r.redirects.length > 0)
      out.push(style.dim(`       redirected: ${r.redirects.map((h) => `${h.status} ${h.url}`).join(" → ")}`));
    if (r.presentedToGo !== null)
      out.push(
        style.dim(`       go saw: ${r.presentedToGo} (its printed text differs; its decision does not)`),
      );
    if (r.note !== null && r.source === "sumdb") out.push(style.dim(`       ${r.note}`));
  }
  out.push("");
  out.push(style.title("Fall-backs"));
  if (a.fallbacks.length === 0) out.push("  none");
  for (const f of a.fallbacks) {
    const to =
      f.to === null
        ? "go stopped"
        : f.to === "database-direct"
          ? "go went to the checksum database directly"
          : typeof f.to === "number"
            ? `go moved on to #${f.to} ${t.entries[f.to]?.written ?? ""}`
            : `go moved on to ${f.to}`;
    out.push(`  ${f.path}: #${f.from} ${f.reason}; ${to}`);
  }
  out.push("");
  out.push(style.title("Checksum database"));
  const s = a.sumdb;
  if (s.requests.length === 0) out.push("  no traffic");
  else {
    const via =
      s.via === null
        ? "not reached"
        : s.via.kind === "proxy"
          ? `through #${s.via.entry} ${t.entries[s.via.entry]?.written ?? ""}`
          : s.via.kind === "direct"
            ? "directly"
            : "at the GOSUMDB URL";
    out.push(
      `  ${t.gosumdb.name ?? ""} ${via}: ${s.counts.supported} supported, ${s.counts.latest} latest, ${s.counts.lookup} lookups, ${s.counts.tile} tiles${s.counts.other > 0 ? `, ${s.counts.other} other` : ""}`,
    );
  }
  out.push("");
  out.push(style.title("Modules"));
  if (a.modules.length === 0) out.push("  none served by a GOPROXY entry");
  for (const m of a.modules) {
    const name = (i: number | null) => (i === null ? "-" : `#${i}`);
    out.push(`  ${m.module}@${m.version}: info ${name(m.info)}, mod ${name(m.mod)}, zip ${name(m.zip)}`);
  }
  const direct = t.requests.filter((r) => r.source === "direct" || r.source === "git");
  if (direct.length > 0) out.push(`  direct: ${direct.length} requests (go-get, git)`);
  out.push("");
  out.push(style.title("Slowest"));
  for (const id of a.slowest) {
    const r = t.requests.find((x) => x.id === id)!;
    out.push(`  ${pad(ms(r.ms), 10)} ${r.method} ${r.url}`);
  }
  if (a.slowest.length === 0) out.push("  none");
  out.push("");
  out.push(`Total: ${a.totals.requests} requests, ${size(a.totals.bytes)}, go ran ${t.go.ms} ms`);
  for (const n of t.notes) out.push(style.dim(`note: ${n}`));
  out.push("");
  const status =
    t.go.exitCode === null ? `killed by ${t.go.signal ?? "a signal"}` : `exit status ${t.go.exitCode}`;
  out.push(t.go.exitCode === 0 ? style.ok(`go: ${status}`) : style.err(`go: ${status}`));
  if (t.go.stderr !== "") {
    out.push("go's error output:");
    for (const l of t.go.stderr.replace(/\n$/, "").split("\n")) out.push(`  ${l}`);
  }
  if (t.go.exitCode !== 0) out.push(style.dim(`To name the cause: goproxy-doctor why -- ${goDisplay}`));
  return `${out.join("\n")}\n`;
}
