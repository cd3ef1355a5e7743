/**
 * Versioned JSON documents (docs/contracts.md "JSON contracts"; extend, never break).
 * Everything here is already redacted by the features.
 */

import { execFailure } from "../core/toolchain/select.js";
import type { EnvReport } from "../features/env.js";
import type { ExplainReport } from "../features/explain.js";

/** `goproxy-doctor.env/v1`. */
export function envDocument(r: EnvReport) {
  return {
    $schema: "goproxy-doctor/schemas/env.v1.json" as const,
    schema: "goproxy-doctor.env/v1" as const,
    go: r.go,
    answeredFor: r.answeredFor,
    vars: r.vars,
    changed: r.changed,
    goenvFile: {
      path: r.resolved.goenv.path,
      reason: r.resolved.goenv.reason,
      read: r.resolved.goenvFile !== null,
      notes: r.resolved.goenvFile?.notes ?? [],
    },
    shadowed: r.resolved.shadowed.map((s) => ({ name: s.name, line: s.line })),
    crossCheck: r.crossCheck,
  };
}

/** `goproxy-doctor.explain/v1`. */
export function explainDocument(r: ExplainReport) {
  const { route } = r;
  return {
    $schema: "goproxy-doctor/schemas/explain.v1.json" as const,
    schema: "goproxy-doctor.explain/v1" as const,
    module: route.module,
    version: route.version,
    goVersion: r.env.answeredFor.version,
    error: route.error,
    proxy: {
      mode: route.proxy.mode,
      entries: route.proxy.entries.map((e) => ({
        url: e.url,
        written: e.written,
        kind: e.kind,
        fallback: e.fallback,
      })),
      ignored: route.proxy.ignored,
      bypassedBy: route.proxy.bypassedBy,
      error: route.proxy.error,
    },
    checksum: route.checksum,
    insecure: route.insecure,
    httpProxies: r.hops,
    origin: r.direct === null ? null : { ...r.direct.origin, govcsError: r.direct.govcsError },
    requests: route.requests,
    versionsRequests: route.versionsRequests,
    notes: route.notes,
    toolchain: toolchainDocument(r.toolchain),
  };
}

/** The toolchain step of explain/v1: null for go < 1.21 or GO111MODULE=off. */
function toolchainDocument(t: ExplainReport["toolchain"]): Record<string, unknown> | null {
  if (t === null) return null;
  const s = t.selection;
  return {
    local: t.local,
    file:
      t.file === null
        ? null
        : { path: t.file.path, go: t.file.file.go || null, toolchain: t.file.file.toolchain || null },
    decision: s.kind,
    toolchain: s.kind === "switch" ? s.toolchain : t.local,
    reason: s.kind === "fatal" ? null : s.reason,
    download: s.kind === "switch" && t.onPath === null && !s.pathOnly ? s.module : null,
    onPath: t.onPath,
    goError:
      s.kind === "fatal"
        ? s.error
        : s.kind === "local"
          ? s.tooNew
          : s.pathOnly && t.onPath === null
            ? execFailure(s.toolchain, true, false, null, "", "")
            : null,
  };
}

/** Serialises a document with two-space indentation and a final newline. */
export function stringify(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
