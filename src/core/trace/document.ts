/**
 * The `goproxy-doctor.trace/v1` JSON document (documented in README, "trace --json"). Pure; the input is already
 * redacted. Extend, never break.
 */
import type { TraceResult } from "./model.js";

/** Builds the trace/v1 document. */
export function traceDocument(t: TraceResult) {
  const a = t.analysis;
  return {
    $schema: "goproxy-doctor/schemas/trace.v1.json" as const,
    schema: "goproxy-doctor.trace/v1" as const,
    ok: t.go.exitCode === 0,
    go: {
      args: t.go.args,
      exitCode: t.go.exitCode,
      signal: t.go.signal,
      stderr: t.go.stderr,
      addedX: t.go.addedX,
      startedAt: new Date(t.go.startedMs).toISOString(),
      ms: t.go.ms,
    },
    goproxy: t.goproxy,
    gosumdb: t.gosumdb,
    entries: t.entries,
    requests: t.requests.map((r) => ({
      id: r.id,
      source: r.source,
      entry: r.entry,
      role: r.role,
      method: r.method,
      url: r.url,
      status: r.status,
      statusText: r.statusText,
      bytes: r.bytes,
      ms: r.ms,
      ttfbMs: r.ttfbMs,
      startedAt: new Date(r.startedMs).toISOString(),
      outcome: r.outcome,
      upstreamError: r.upstreamError,
      presentedToGo: r.presentedToGo,
      redirects: r.redirects,
      note: r.note,
      replayOf: r.replayOf,
    })),
    fallbacks: a.fallbacks,
    modules: a.modules,
    checksumDatabase: { ...a.sumdb, name: t.gosumdb.name, mode: t.gosumdb.mode },
    slowest: a.slowest,
    totals: { ...a.totals, byEntry: a.byEntry },
    textDiffers: a.textDiffers,
    notes: t.notes,
  };
}
