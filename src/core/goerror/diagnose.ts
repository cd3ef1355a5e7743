/**
 * From a pasted go log to diagnoses: normalise (normalize.ts), split into records (records.ts), classify
 * each (classify.ts), and merge the records that show the same failure — the same cause, rule, server
 * (endpoint origin, else host) and HTTP status, whatever the module — into one diagnosis listing every
 * module. The explanation and the
 * generic fixes come from core/causes.ts (CAUSE_INFO); this module only adds fix commands that use the
 * evidence (module path, host).
 *
 * Diagnoses come strongest first (confidence, then first appearance): specific evidence such as go's
 * "module declares its path as" or git's refusal of credentials outranks generic wordings.
 *
 * Pure; never throws; linear in the size of the log.
 */
import { type AdviceContext, CAUSE_INFO, type Cause, fixesFor, type Role } from "../causes.js";
import { redactURL } from "../redact.js";
import { type Classification, classifyRecord } from "./classify.js";
import { modulePath } from "./facts.js";
import { normalizeLines } from "./normalize.js";
import { splitRecords } from "./records.js";

/** One named cause with what shows it. */
export interface Diagnosis {
  readonly cause: Cause;
  /** Where it failed: proxy, sumdb, vcs, toolchain, http-proxy or local. */
  readonly role: Role;
  /** 0..1 */
  readonly confidence: number;
  /** The lines of go's output that show it (redacted); the first record in full, then first lines. */
  readonly evidence: readonly string[];
  /** The first module concerned (`path@version` or a module path), or null. */
  readonly module: string | null;
  /** Every module concerned, in order of appearance. */
  readonly modules: readonly string[];
  /** The host involved, or null. */
  readonly host: string | null;
  /** The URL go was fetching (redacted), or null. */
  readonly endpoint: string | null;
  /** The HTTP status go reported, or null. */
  readonly status: number | null;
  /** How many error records of the log this diagnosis covers. */
  readonly occurrences: number;
  /** The rule that named the cause (classify.ts). */
  readonly rule: string;
  /** CAUSE_INFO's title and explanation of the cause. */
  readonly title: string;
  readonly explanation: string;
  /** Commands using the evidence first, then CAUSE_INFO's generic fixes. */
  readonly fix: readonly string[];
}

const MAX_EVIDENCE_LINES = 12;
const MAX_EXTRA_FIRST_LINES = 4;
/** Evidence lines are cut to this many characters (go's lines are shorter; bounds redaction work). */
const MAX_EVIDENCE_CHARS = 2_000;

function evidenceLine(line: string): string {
  return redactURL(line.length > MAX_EVIDENCE_CHARS ? `${line.slice(0, MAX_EVIDENCE_CHARS)}…` : line);
}

/** The GOPRIVATE pattern that covers a module path: host/owner on the big forges, else the host. */
export function privatePattern(path: string): string {
  const parts = path.split("/");
  const host = parts[0] ?? path;
  if (/^(?:github\.com|gitlab\.com|bitbucket\.org|gitee\.com|codeberg\.org)$/.test(host) && parts.length > 1)
    return `${host}/${parts[1]}`;
  return host;
}

/** Fix commands specific to the evidence (prepended to CAUSE_INFO's generic fixes). */
function specificFixes(cause: Cause, c: Classification, text: string): string[] {
  const path = c.module === null ? null : modulePath(c.module);
  switch (cause) {
    case "private-via-public-proxy":
    case "private-via-public-sumdb":
      return path === null ? [] : [`go env -w GOPRIVATE=${privatePattern(path)}`];
    case "not-found":
      return path === null ? [] : [`go list -m -versions ${path}`];
    case "invalid-version":
      return path === null ? [] : [`go list -m -versions ${path}`];
    case "checksum-mismatch":
      return c.module === null || !c.module.includes("@")
        ? []
        : [`goproxy-doctor verify --download ${c.module.replace(/\/go\.mod$/, "")}`];
    case "vcs-auth":
      return path === null ? [] : [`git ls-remote https://${path}`];
    case "dns-failure":
    case "connect-failure":
    case "timeout":
    case "tls-untrusted":
    case "tls-other":
    case "http-proxy-misconfig":
    case "sumdb-unreachable":
    case "sumdb-error":
    case "proxy-error":
    case "proxy-auth":
      return ["goproxy-doctor check"];
    case "govcs-disallowed":
      return path === null ? [] : [`go env -w GOVCS=${privatePattern(path)}:git`];
    case "go-version": {
      // toolchain/select.go: a go line without a patch number ("go 1.22") names a language version; a
      // go that looks for a toolchain of that exact name finds no release.
      const lang = /\bdownload go(1\.\d+) for [^:\s]+: toolchain not available/.exec(text)?.[1];
      if (lang !== undefined)
        return [
          `\`go ${lang}\` in go.mod/go.work is a language version, not a release: write \`go ${lang}.0\` (or add \`toolchain go${lang}.0\`), or install go ${lang}.0 or newer.`,
        ];
      const need = requiredGo(text);
      return need === null ? [] : [`Install go ${need} or newer (https://go.dev/dl/).`];
    }
    default:
      return [];
  }
}

/** The go version a go.mod or go.work asks for, from go's words (`requires go >= 1.22.0`, `must match format`'s input). */
function requiredGo(text: string): string | null {
  const m =
    /requires go >= ?(\d+\.\d+(?:\.\d+)?(?:rc\d+)?)/.exec(text) ??
    /invalid go version '(\d+\.\d+\.\d+)'/.exec(text) ??
    /module requires Go (\d+\.\d+(?:\.\d+)?)/.exec(text) ??
    /download go(\d+\.\d+(?:\.\d+)?)/.exec(text);
  return m === null ? null : m[1]!;
}

/** Windows' own texts: Winsock's, drive-letter paths, PowerShell prompts, the localised messages. */
const WINDOWS_TEXT =
  /\bconnectex: |\bwsarecv: |\bwsasend: |\bgetaddrinfow\b|(?:^|[\s"'])[A-Za-z]:\\|^PS [A-Za-z]:\\|windows\/(?:amd64|386|arm64)|\.exe\b|did not properly respond|actively refused|No such host is known|由于|不知道这样的主机|连接尝试失败|远程主机/m;
const UNIX_TEXT =
  /dial tcp [^\n]*: connect: |\/home\/|\/root\/|\/etc\/|(?:linux|darwin|freebsd)\/(?:amd64|arm64|386)|on \[?[\d.:a-f]+\]?:53: /;

/**
 * The context advice depends on, read from the whole log: the OS, go's minor version (stated, or implied
 * by a wording only some releases print), and whether git printed the failure.
 */
export function adviceContext(text: string, record: string): AdviceContext {
  const os = WINDOWS_TEXT.test(text) ? "windows" : UNIX_TEXT.test(text) ? "unix" : null;
  const stated =
    /running go 1\.(\d+)|go version go1\.(\d+)|\bgo1\.(\d+)(?:\.\d+)? (?:linux|windows|darwin)\//.exec(text);
  let goMinor: number | null = stated === null ? null : Number(stated[1] ?? stated[2] ?? stated[3]);
  if (goMinor === null) {
    // Only go ≤ 1.20 rejects a three-part go line or the toolchain directive; only go ≥ 1.21 switches toolchains.
    if (/must match format 1\.\d+(?!\.)|unknown directive: toolchain|note: module requires Go/.test(text))
      goMinor = 20;
    else if (
      /GOTOOLCHAIN|golang\.org\/toolchain|go: downloading go1|toolchain not available|must match format 1\.\d+\.0/.test(
        text,
      )
    )
      goMinor = 21;
  }
  const tool =
    /unable to access '|\bgit (?:ls-remote|fetch|clone)|fatal: |\bgit@|Failed to connect to \S+ port/.test(
      record,
    )
      ? "git"
      : "go";
  return { os, goMinor, tool, text: record };
}

interface Group {
  key: string;
  first: Classification;
  firstText: string;
  evidence: string[];
  extra: number;
  modules: string[];
  seen: Set<string>;
  occurrences: number;
  confidence: number;
}

/**
 * The cause of the failure one go error text describes (its first diagnosis), for producers that hold go's
 * words — check's predictions, verify — so that every command names causes by the one mapping. Null when
 * the text names no failure.
 */
export function causeOfGoError(goError: string): Cause | null {
  return diagnoseLog(goError)[0]?.cause ?? null;
}

/**
 * Where the failure one go error text describes happened (the role of its first diagnosis), for producers
 * that hold go's words but not a role: check's predictions, verify's downloads. A toolchain module
 * (golang.org/toolchain, Go ≥ 1.21) is always role "toolchain". Undefined when the text names no failure.
 */
export function roleOfGoError(goError: string | null, module?: string): Role | undefined {
  if (module === "golang.org/toolchain") return "toolchain";
  if (goError === null || goError === "") return undefined;
  return diagnoseLog(goError.startsWith("go: ") ? goError : `go: ${goError}`)[0]?.role;
}

/**
 * Every module-download error in a go log, one diagnosis per distinct failure, in order of first
 * appearance. An empty array when the log shows none. Never throws.
 */
export function diagnoseLog(text: string): Diagnosis[] {
  const records = splitRecords(normalizeLines(String(text)));
  const groups = new Map<string, Group>();
  for (const record of records) {
    const c = classifyRecord(record);
    if (c === null) continue;
    // Same failure = same cause and rule at the same server (origin of the endpoint, else the host).
    const origin = c.endpoint === null ? null : (/^https?:\/\/[^/?#]+/i.exec(c.endpoint)?.[0] ?? null);
    const key = `${c.cause}|${c.role}|${c.rule}|${origin ?? c.host ?? ""}|${c.status ?? ""}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = {
        key,
        first: c,
        firstText: record.lines.join("\n"),
        evidence: record.lines.slice(0, MAX_EVIDENCE_LINES).map(evidenceLine),
        extra: 0,
        modules: [],
        seen: new Set(),
        occurrences: 0,
        confidence: c.confidence,
      };
      groups.set(key, g);
    } else {
      if (g.extra < MAX_EXTRA_FIRST_LINES) {
        const line = evidenceLine(record.lines[0] ?? "");
        if (!g.evidence.includes(line)) {
          g.evidence.push(line);
          g.extra++;
        }
      } else g.extra++;
      g.confidence = Math.max(g.confidence, c.confidence);
    }
    g.occurrences++;
    if (c.module !== null && !g.seen.has(c.module)) {
      g.seen.add(c.module);
      g.modules.push(c.module);
    }
  }
  const out: Diagnosis[] = [];
  for (const g of groups.values()) {
    const info = CAUSE_INFO[g.first.cause];
    const evidence = [...g.evidence];
    if (g.extra > MAX_EXTRA_FIRST_LINES)
      evidence.push(`… and ${g.extra - MAX_EXTRA_FIRST_LINES} more like these`);
    const fixes = specificFixes(g.first.cause, g.first, g.firstText);
    // A concrete "install go X" replaces the generic one.
    const generic = fixesFor(g.first.cause, adviceContext(text, g.firstText)).filter(
      (f) => fixes.length === 0 || !f.startsWith("Install the go release"),
    );
    out.push({
      cause: g.first.cause,
      role: g.first.role,
      confidence: Math.round(g.confidence * 100) / 100,
      evidence,
      module: g.modules[0] ?? null,
      modules: g.modules,
      host: g.first.host,
      endpoint: g.first.endpoint,
      status: g.first.status,
      occurrences: g.occurrences,
      rule: g.first.rule,
      title: info.title,
      explanation: info.explanation,
      fix: [...fixes, ...generic.filter((f) => !fixes.includes(f))],
    });
  }
  // Strongest first; Array.prototype.sort is stable, so equal confidences keep their order of appearance.
  return out.sort((a, b) => b.confidence - a.confidence);
}
