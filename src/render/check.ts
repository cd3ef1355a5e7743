/**
 * Renderers of the check report: terminal text, goproxy-doctor.check/v1 JSON, and Markdown for issues.
 */
import { CAUSE_INFO } from "../core/causes.js";
import { type Finding, withRole } from "../core/finding.js";
import { changeCommand } from "../core/fixes/change.js";
import { redactURL } from "../core/redact.js";
import type { CheckReport, ModulePrediction } from "../features/check.js";
import type { Endpoint } from "../features/endpoints.js";
import type { ProtocolCheckResult } from "../features/protocol-check.js";
import { findingLines } from "./finding.js";
import { style } from "./style.js";

/** Whether the report has problems (exit 1): an error finding or a predicted failure. */
export function checkFailed(r: CheckReport): boolean {
  return (
    r.findings.some((f) => f.severity === "error") || r.modules.some((m) => m.prediction?.outcome === "fail")
  );
}

/** `goproxy-doctor.check/v1`. */
export function checkDocument(r: CheckReport) {
  return {
    $schema: "goproxy-doctor/schemas/check.v1.json" as const,
    schema: "goproxy-doctor.check/v1" as const,
    ok: !checkFailed(r),
    go: r.env.go,
    answeredFor: r.env.answeredFor,
    environment: r.runEnvironment,
    verdict: verdict(r).text,
    findings: r.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      cause: f.cause,
      ...withRole(f.role),
      message: f.message,
      fix: f.fix,
      evidence: f.evidence ?? [],
      changes: f.changes ?? [],
    })),
    fixes: {
      changes: r.fixes.changes,
      commands: planCommands(r),
      addressed: r.fixes.addressed,
      unfixed: r.fixes.unfixed.map((f) => f.id),
    },
    endpoints: r.endpoints.map(endpointDocument),
    protocol: r.protocol.map((p) => ({
      url: p.url,
      ok: p.ok,
      checks: p.checks.map((c) => ({
        id: c.id,
        ok: c.ok,
        skipped: c.skipped,
        module: c.module,
        url: c.url,
        status: c.status,
        ms: c.ms,
        detail: c.detail,
        cause: c.cause,
      })),
    })),
    modules: r.modules.map((m) => ({
      module: m.module,
      version: m.version,
      prediction: m.prediction,
      notPredicted: m.notPredicted,
    })),
    skipped: r.skipped,
  };
}

function endpointDocument(e: Endpoint) {
  const r = e.result;
  const ok = (p: { error: string | null } | null) => p !== null && p.error === null;
  // Each phase that ran, under its name (a typed object, so the schema names every phase).
  const phases = {
    ...(r.dns && { dns: { ok: ok(r.dns), ms: r.dns.ms, addresses: r.dns.addresses.map((a) => a.address) } }),
    ...(r.tcp && { connect: { ok: ok(r.tcp), ms: r.tcp.ms, address: r.tcp.address } }),
    ...(r.proxy && { proxyConnect: { ok: ok(r.proxy), ms: r.proxy.ms, status: r.proxy.status } }),
    ...(r.tls && {
      tls: {
        ok: ok(r.tls) && r.tls.goTrusted === true,
        ms: r.tls.ms,
        protocol: r.tls.protocol,
        alpn: r.tls.alpnProtocol,
        issuer: r.tls.issuerCN,
        notAfter: r.tls.validTo,
        trustedByGo: r.tls.goTrusted,
        trustedByNode: r.tls.nodeTrusted,
      },
    }),
    ...(r.http && { http: { ok: ok(r.http), ms: r.http.ms, status: r.http.status } }),
  };
  return {
    url: r.url,
    entry: e.entry,
    role: e.role,
    ok: r.cause === null,
    cause: r.cause,
    via: r.via,
    failedPhase: r.failedPhase,
    goError: r.goError,
    ms: r.totalMs,
    phases,
  };
}

function endpointLine(e: Endpoint): string[] {
  const r = e.result;
  const parts = [
    r.dns && (r.dns.error ?? `dns ${r.dns.ms} ms`),
    r.tcp && (r.tcp.error ?? `connect ${r.tcp.ms} ms`),
    r.proxy && (r.proxy.error ?? `CONNECT ${r.proxy.status}`),
    r.tls &&
      (r.tls.error ??
        `${r.tls.protocol} ${r.tls.goTrusted ? "trusted by go" : "NOT trusted by go"} (${r.tls.issuerCN ?? "?"})`),
    r.http && (r.http.error ?? `HTTP ${r.http.status} in ${r.http.ms} ms`),
  ].filter((x): x is string => typeof x === "string");
  const mark = r.cause === null ? style.ok("✓") : style.err("✗");
  const via = r.via === null ? "" : style.dim(` via ${r.via}`);
  const what =
    e.role === "sumdb" ? "checksum database" : e.role === "vcs" ? `origin of ${e.entry}:` : "proxy";
  const lines = [`  ${mark} ${what} ${r.url}${via}`];
  lines.push(style.dim(`      ${parts.join(" → ")}`));
  if (r.cause !== null && r.goError) lines.push(style.dim(`      go: ${r.goError}`));
  return lines;
}

/** The merged fix of the lint, one POSIX shell command per variable and layer (core/fixes/plan.ts). */
export function planCommands(r: CheckReport): string[] {
  return r.fixes.changes.map((c) => redactURL(changeCommand(c)));
}

/** A backquoted command inside advice text, e.g. "… e.g. `go env -w GOPROXY=…`." */
function quotedCommand(advice: readonly string[]): string | null {
  for (const a of advice) {
    const m = /`((?:go env -[wu]|export|unset) [^`]+)`/.exec(a);
    if (m !== null) return m[1]!;
  }
  return null;
}

/** The first sentence of a message (up to ". " or ": " after the subject), for one-line views. */
function firstSentence(message: string): string {
  const m = /^(.{20,}?[.])(\s|$)/.exec(message);
  return (m === null ? message : m[1]!).replace(/\.$/, "");
}

/**
 * What go will do, in one line, and the one command to run: the first module whose download is predicted to
 * fail (or the first error finding), with the first command of the merged fix, else the command the cause's
 * advice names, else `goproxy-doctor fix`.
 */
export function verdict(r: CheckReport): { ok: boolean; text: string } {
  const target = fixTarget(r.runEnvironment)?.name ?? "shell";
  const failing = r.modules.find((m) => m.prediction?.outcome === "fail");
  const firstError = r.findings.find((f) => f.severity === "error");
  if (failing === undefined && firstError === undefined) {
    const checked = r.modules
      .filter((m) => m.prediction?.outcome === "ok")
      .map((m) => `${m.module}@${m.version}`);
    const warn = r.findings.filter((f) => f.severity === "warning").length;
    const what =
      checked.length > 0
        ? `go mod download of ${checked.join(", ")} will succeed`
        : "no error found in go's configuration";
    return { ok: true, text: `${what}${warn > 0 ? ` (${warn} warning(s) below)` : ""}` };
  }
  const cause = failing?.prediction?.cause ?? firstError?.cause ?? null;
  const run =
    planCommands(r)[0] ??
    quotedCommand(cause === null ? [] : CAUSE_INFO[cause].fixes) ??
    quotedCommand(firstError?.fix ?? []) ??
    `goproxy-doctor fix --for ${target}`;
  if (failing !== undefined) {
    const host = /https?:\/\/([^/\s"]+)/.exec(failing.prediction?.goError ?? "")?.[1];
    const why = cause === null ? "it fails" : `${CAUSE_INFO[cause].title}${host ? ` (${host})` : ""}`;
    return {
      ok: false,
      text: `go mod download of ${failing.module}@${failing.version} will fail: ${why} — run: ${run}`,
    };
  }
  return { ok: false, text: `go will fail: ${firstSentence(firstError!.message)} — run: ${run}` };
}

/** The advice of every cause found, once each (not under every finding). */
function adviceByCause(r: CheckReport): { cause: string; fixes: readonly string[] }[] {
  const causes = [
    ...new Set(r.findings.flatMap((f) => (f.severity !== "info" && f.cause !== null ? [f.cause] : []))),
  ];
  return causes.map((c) => ({ cause: c, fixes: CAUSE_INFO[c].fixes }));
}

/** A finding's own fix lines that are neither a planned command nor its cause's shared advice. */
function ownFixes(f: Finding): string[] {
  const shared = f.cause === null ? [] : CAUSE_INFO[f.cause].fixes;
  if ((f.changes?.length ?? 0) > 0) return f.fix.filter((l) => !/^(export|unset|go env -[wu]) /.test(l));
  return f.fix.filter((l) => !shared.includes(l));
}

/**
 * The report for a terminal. Default: the verdict first, one line per check, the merged fix as commands to
 * paste, each cause's advice once, and a pointer to -v; verbose: the full tree (endpoints' phases, go's
 * errors, requests) after the verdict.
 */
export function checkText(r: CheckReport, opts: { verbose?: boolean } = {}): string {
  const v = verdict(r);
  const head = `${v.ok ? style.ok("✓") : style.err("✗")} ${v.text}`;
  if (opts.verbose === true) return `${head}\n\n${checkTree(r)}`;
  const e = r.runEnvironment;
  const where = [e.os, e.container, e.wsl ? "WSL" : null, e.ci].filter(Boolean).join(", ");
  const found = r.env.go === null ? "no go binary on PATH" : `${r.env.go.version}`;
  // Say which go the answers are for when it is not the binary found (--go-version, or no go at all).
  const go =
    r.env.go?.version === r.env.answeredFor.version
      ? found
      : `${found}; answers for ${r.env.answeredFor.version} (${r.env.answeredFor.reason})`;
  const lines = [head, style.dim(`  ${go}; ${where}; DNS ${e.dnsServers.join(", ") || "unknown"}`), ""];
  for (const ep of r.endpoints)
    if (ep.result.cause === null)
      lines.push(
        `  ${style.ok("✓")} ${ep.role === "sumdb" ? "checksum database" : ep.role === "vcs" ? "origin" : "proxy"} ${ep.result.url}`,
      );
  for (const p of r.protocol) if (p.ok) lines.push(`  ${style.ok("✓")} GOPROXY protocol ${p.url}`);
  for (const m of r.modules)
    if (m.prediction?.outcome === "ok")
      lines.push(
        m.prediction.servedBy === null
          ? `  ${style.ok("✓")} ${m.module}@${m.version}: ${m.prediction.basis}`
          : `  ${style.ok("✓")} ${m.module}@${m.version} downloads from ${m.prediction.servedBy}`,
      );
  for (const f of r.findings) {
    lines.push(...findingLines({ ...f, fix: ownFixes(f), evidence: [] }));
  }
  if (r.findings.length === 0 && r.endpoints.length === 0 && r.modules.length === 0)
    lines.push(`  ${style.ok("✓")} nothing wrong found`);
  const commands = planCommands(r);
  if (commands.length > 0) lines.push("", style.title("Fix (paste these)"), ...commands.map((c) => `  ${c}`));
  // The plan is checked by linting its result: what it cannot settle is said, never printed as fixed.
  if (r.fixes.unfixed.length > 0)
    lines.push(
      style.warn(`  ! still wrong after these: ${[...new Set(r.fixes.unfixed.map((f) => f.id))].join(", ")}`),
    );
  const advice = adviceByCause(r);
  if (advice.length > 0) {
    lines.push("", style.title("Advice"));
    for (const a of advice) lines.push(...a.fixes.map((x) => `  ${style.key("→")} ${x}`));
  }
  const target = fixTarget(r.runEnvironment);
  if (checkFailed(r) && target !== null)
    lines.push(`  ${style.key("→")} for ${target.where}: \`goproxy-doctor fix --for ${target.name}\``);
  for (const s of r.skipped) lines.push(style.dim(`not run: ${s}`));
  lines.push("", `${summary(r)}${style.dim(" — details (go's errors, requests, phases): -v")}`);
  return `${lines.join("\n")}\n`;
}

/** The full report as a terminal tree (check -v). */
function checkTree(r: CheckReport): string {
  const e = r.runEnvironment;
  const where = [e.os, e.container, e.wsl ? "WSL" : null, e.ci, e.vscodeTerminal ? "VS Code terminal" : null]
    .filter(Boolean)
    .join(", ");
  const go = r.env.go === null ? "no go binary on PATH" : `${r.env.go.version} at ${r.env.go.path}`;
  const lines = [
    style.title("Environment"),
    `  ${go}; ${where}`,
    `  answers for ${r.env.answeredFor.version} (${r.env.answeredFor.reason})`,
    `  DNS servers: ${e.dnsServers.join(", ") || "unknown"}`,
  ];
  if (r.endpoints.length > 0) lines.push("", style.title("Endpoints"));
  for (const ep of r.endpoints) lines.push(...endpointLine(ep));
  if (r.protocol.length > 0) lines.push("", style.title("GOPROXY protocol"));
  for (const p of r.protocol) lines.push(...protocolLines(p, r.endpoints));
  lines.push("", style.title("Findings"));
  if (r.findings.length === 0) lines.push(`  ${style.ok("✓")} nothing wrong found`);
  for (const f of r.findings) lines.push(...findingLines(f));
  if (r.modules.length > 0) lines.push("", style.title("Modules"));
  for (const m of r.modules) lines.push(...moduleLines(m));
  for (const s of r.skipped) lines.push("", style.dim(`not run: ${s}`));
  const target = fixTarget(r.runEnvironment);
  if (checkFailed(r) && target !== null)
    lines.push(
      "",
      `${style.dim("→")} settings written for ${target.where}: \`goproxy-doctor fix --for ${target.name}\``,
    );
  lines.push("", summary(r));
  return `${lines.join("\n")}\n`;
}

function protocolLines(p: ProtocolCheckResult, endpoints: readonly Endpoint[]): string[] {
  const ran = p.checks.filter((c) => !c.skipped);
  const failed = ran.filter((c) => !c.ok);
  const mark = failed.length === 0 ? style.ok("✓") : style.err("✗");
  const base = (u: string) => u.replace(/\/+$/, "");
  const down = endpoints.find(
    (e) => e.role === "proxy" && base(e.entry) === base(p.url) && e.result.cause !== null,
  );
  // An unreachable proxy fails every check for the reason its endpoint line already gives.
  if (down !== undefined && failed.length === ran.length)
    return [`  ${mark} ${p.url}: not answering (${down.result.cause}; see Endpoints)`];
  const lines = [`  ${mark} ${p.url}: ${ran.length - failed.length}/${ran.length} checks pass (${p.ms} ms)`];
  for (const c of failed)
    lines.push(style.dim(`      ${c.id}${c.module ? ` ${c.module}` : ""}: ${c.detail}`));
  return lines;
}

function moduleLines(m: ModulePrediction): string[] {
  const p = m.prediction;
  const at = `${m.module}@${m.version}`;
  if (p === null) return [`  ${style.dim("?")} ${at}: ${style.dim(`not predicted: ${m.notPredicted}`)}`];
  const resolved = p.version !== null && p.version !== m.version ? ` (${p.version})` : "";
  const head =
    p.outcome === "ok" && p.servedBy === null
      ? `  ${style.ok("✓")} ${at}${resolved}: ${p.basis}`
      : p.outcome === "ok"
        ? `  ${style.ok("✓")} ${at}${resolved}: downloads from ${p.servedBy}, checksum ${p.checksum}`
        : p.hangs
          ? `  ${style.err("✗")} ${at}: go would hang (a server never answers) [${p.cause}]`
          : `  ${style.err("✗")} ${at}: would fail [${p.cause}]`;
  const lines = [head];
  for (const q of [...p.requests, ...p.sumdbRequests])
    lines.push(style.dim(`      ${q.line} → ${q.status ?? q.error ?? "?"}${q.ms > 0 ? ` ${q.ms} ms` : ""}`));
  if (p.goError) lines.push(style.dim(`      go: ${p.goError.split("\n").join("\n          ")}`));
  return lines;
}

/** The `fix --for` target that suits where check ran (settings there differ from the user's shell). */
export function fixTarget(e: CheckReport["runEnvironment"]): { name: string; where: string } | null {
  if (e.ci === "github-actions") return { name: "github-actions", where: "this GitHub Actions workflow" };
  if (e.ci === "gitlab-ci") return { name: "gitlab-ci", where: "this GitLab CI job" };
  if (e.vscodeTerminal) return { name: "vscode", where: "VS Code and gopls" };
  if (e.wsl) return { name: "wsl", where: "WSL2" };
  if (e.container !== null) return { name: "dockerfile", where: "the container's image" };
  return null;
}

function summary(r: CheckReport): string {
  const n = (s: Finding["severity"]) => r.findings.filter((f) => f.severity === s).length;
  const text = `${n("error")} error(s), ${n("warning")} warning(s), ${n("info")} note(s)`;
  return checkFailed(r) ? style.err(text) : style.ok(text);
}

/** The report as Markdown, redacted, for pasting into an issue. */
export function checkMarkdown(r: CheckReport): string {
  const lines = [
    "## goproxy-doctor check",
    "",
    `**${verdict(r).text.replace(/ — run: (.*)$/, " — run: `$1`")}**`,
    "",
    `- go: ${r.env.go?.version ?? "not found"} (answers for ${r.env.answeredFor.version})`,
    `- OS: ${r.runEnvironment.os}`,
    "",
  ];
  if (r.endpoints.length > 0) {
    lines.push("| endpoint | result | go |", "|---|---|---|");
    for (const e of r.endpoints)
      lines.push(
        `| ${e.result.url} | ${e.result.cause ?? "ok"}${e.result.failedPhase ? ` (${e.result.failedPhase})` : ""} | ${(e.result.goError ?? "").replaceAll("|", "\\|")} |`,
      );
    lines.push("");
  }
  lines.push("| severity | finding | cause |", "|---|---|---|");
  for (const f of r.findings)
    lines.push(`| ${f.severity} | ${f.message.replaceAll("|", "\\|")} | ${f.cause ?? ""} |`);
  const causes = [...new Set(r.findings.map((f) => f.cause).filter((c) => c !== null))];
  if (causes.length > 0)
    lines.push(
      "",
      "### Causes",
      ...causes.map((c) => `- **${CAUSE_INFO[c].title}** — ${CAUSE_INFO[c].explanation}`),
    );
  // Commands in a code block, prose (advice) outside it.
  const commands = planCommands(r);
  if (commands.length > 0) lines.push("", "### Fix", "", "```sh", ...commands, "```");
  const advice = [...new Set([...adviceByCause(r).flatMap((a) => a.fixes), ...r.findings.flatMap(ownFixes)])];
  if (advice.length > 0) lines.push("", "### Advice", "", ...advice.map((a) => `- ${a}`));
  return `${redactURL(lines.join("\n"))}\n`;
}
