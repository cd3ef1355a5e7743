/**
 * Human-readable reports for a terminal or a pipe.
 */

import { execFailure } from "../core/toolchain/select.js";
import type { EnvReport } from "../features/env.js";
import type { ExplainReport } from "../features/explain.js";
import { pad, style } from "./style.js";

function show(v: string): string {
  return v === "" ? style.dim('""') : v;
}

/** The env report as aligned text. */
export function envText(r: EnvReport): string {
  const lines: string[] = [];
  const go = r.go === null ? "no go binary on PATH" : `${r.go.path} (${r.go.version})`;
  lines.push(`${style.title("Go")}  ${go}`);
  lines.push(`${style.dim(`answers for ${r.answeredFor.version}: ${r.answeredFor.reason}`)}`, "");
  const width = Math.max(...Object.keys(r.vars).map((k) => k.length)) + 2;
  for (const [name, v] of Object.entries(r.vars)) {
    const redundant = v.detail === null || v.detail === "built-in default" || v.detail === "not set";
    const src = redundant ? v.source : `${v.source}: ${v.detail}`;
    const mark = r.changed.includes(name) ? ` ${style.warn("changed")}` : "";
    lines.push(`${style.key(pad(name, width))}${show(v.value)}  ${style.dim(`(${src})`)}${mark}`);
  }
  const notes = r.resolved.goenvFile?.notes ?? [];
  if (notes.length > 0) {
    lines.push("", style.title(`GOENV file ${r.resolved.goenv.path}`));
    for (const n of notes) lines.push(`  ${style.warn("!")} line ${n.line}: ${n.message}`);
  }
  for (const s of r.resolved.shadowed) {
    lines.push(
      `${style.warn("!")} ${s.name} from \`go env -w\` (line ${s.line}) is overridden by the environment`,
    );
  }
  lines.push("", crossCheckText(r));
  return `${lines.join("\n")}\n`;
}

function crossCheckText(r: EnvReport): string {
  const c = r.crossCheck;
  if (!c.ran) return style.dim(`go env -json not compared: ${c.error}`);
  if (c.error !== null) return `${style.err("✗")} go env -json failed: ${c.error}`;
  if (c.disagreements.length === 0) return `${style.ok("✓")} agrees with \`go env -json\``;
  const rows = c.disagreements.map(
    (d) => `  ${d.name}: ours ${JSON.stringify(d.ours)}, go ${JSON.stringify(d.go)}`,
  );
  return [`${style.err("✗")} disagrees with \`go env -json\`:`, ...rows].join("\n");
}

/** The explain report as text: route, checksum database, HTTP proxies, requests. */
export function explainText(r: ExplainReport): string {
  const { route } = r;
  const head = `${style.title(route.module)}${route.version === null ? "" : `@${route.version}`}`;
  const lines = [`${head}  ${style.dim(`(go ${r.env.answeredFor.version})`)}`];
  if (route.error !== null) lines.push(`${style.err("✗")} go fails before any request: ${route.error}`);
  lines.push("", style.title("Proxy"), ...proxyLines(r));
  if (r.direct !== null) lines.push("", style.title("Origin"), ...originLines(r.direct));
  lines.push("", style.title("Checksum database"), ...checksumLines(r));
  if (route.insecure !== null) {
    lines.push(
      "",
      `${style.warn("!")} GOINSECURE pattern ${route.insecure.pattern} matches: direct fetches may use http and skip TLS checks`,
    );
  }
  if (r.hops.length > 0) {
    lines.push("", style.title("HTTP proxy"));
    for (const h of r.hops)
      lines.push(`  ${h.url} → ${h.proxy ?? "direct"} ${style.dim(`(${h.error ?? h.reason})`)}`);
  }
  if (route.requests.length > 0)
    lines.push("", style.title("Requests of `go mod download`"), ...route.requests.map((q) => `  ${q}`));
  for (const n of route.notes) lines.push(style.dim(`  ${n}`));
  if (r.toolchain !== null) lines.push("", style.title("Toolchain"), ...toolchainLines(r.toolchain));
  return `${lines.join("\n")}\n`;
}

/** Which go runs the command here (Go ≥ 1.21's toolchain selection). */
function toolchainLines(t: NonNullable<ExplainReport["toolchain"]>): string[] {
  const s = t.selection;
  const file =
    t.file === null
      ? "no go.mod or go.work here"
      : `${t.file.path}: go ${t.file.file.go || "(none)"}${t.file.file.toolchain ? `, toolchain ${t.file.file.toolchain}` : ""}`;
  const out = [`  ${file}`];
  if (s.kind === "fatal") out.push(`  ${style.err("✗")} every go command stops: go: ${s.error}`);
  else if (s.kind === "local")
    out.push(
      s.tooNew === null
        ? `  ${style.ok("✓")} ${t.local} runs it (${s.reason})`
        : `  ${style.err("✗")} ${t.local} runs it and stops: go: ${s.tooNew}`,
    );
  else if (t.onPath !== null) out.push(`  ${s.reason} selects ${s.toolchain}: go runs ${t.onPath}`);
  else if (s.pathOnly)
    out.push(
      `  ${style.err("✗")} ${s.reason} selects ${s.toolchain}, looked for on PATH only: go: ${execFailure(s.toolchain, true, false, null, "", "")}`,
    );
  else
    out.push(
      `  ${s.reason} selects ${s.toolchain}: go first downloads ${s.module.path}@${s.module.version} through GOPROXY (always verified by the checksum database), then runs it`,
    );
  return out;
}

function originLines(d: NonNullable<ExplainReport["direct"]>): string[] {
  const o = d.origin;
  const out =
    o.kind === "invalid"
      ? [`  ${style.err("✗")} go refuses the path: ${o.error}`]
      : o.kind === "discovery"
        ? [`  go-get discovery: ${o.discoveryURL}, then the VCS its go-import meta tag names`]
        : [
            `  ${o.vcs} repository ${o.root}${o.kind === "known-host" ? " (a host go knows: no discovery)" : ""}`,
          ];
  if (d.govcsError !== null) out.push(`  ${style.err("✗")} ${d.govcsError}`);
  return out;
}

function proxyLines(r: ExplainReport): string[] {
  const p = r.route.proxy;
  if (p.error !== null) return [`  ${style.err("✗")} GOPROXY is unusable: ${p.error}`];
  const out: string[] = [];
  if (p.bypassedBy !== null) {
    out.push(
      `  direct: ${p.bypassedBy.variable} pattern ${JSON.stringify(p.bypassedBy.pattern)} matches, so no proxy is asked`,
    );
    return out;
  }
  out.push(`  mode: ${p.mode}`);
  p.entries.forEach((e, i) => {
    const rule =
      e.fallback === null
        ? ""
        : e.fallback === "not-found"
          ? "  (next only on 404/410)"
          : "  (next on any error)";
    out.push(`  ${i + 1}. ${e.url}${style.dim(rule)}`);
  });
  if (p.ignored.length > 0)
    out.push(style.dim(`  ignored after ${p.entries.at(-1)?.url}: ${p.ignored.join(", ")}`));
  return out;
}

function checksumLines(r: ExplainReport): string[] {
  const c = r.route.checksum;
  if (c.error !== null) return [`  ${style.err("✗")} ${c.error}`];
  if (c.mode === "skip") {
    const by = c.skippedBy;
    const why =
      by === null
        ? ""
        : by.pattern === null
          ? `${by.variable}=off`
          : `${by.variable} pattern ${JSON.stringify(by.pattern)}`;
    return [`  skipped (${why}): go.sum lines are trusted on first use`];
  }
  const how =
    c.access === "via-proxy"
      ? "through the first GOPROXY entry whose /sumdb/<name>/supported answers 200"
      : c.access === "explicit-url"
        ? "at the URL given in GOSUMDB (never through GOPROXY)"
        : "directly";
  return [`  ${c.name} ${how}`, `  ${c.url}`];
}
