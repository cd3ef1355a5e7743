/**
 * `goproxy-doctor verify`: go.sum lines (and MODULE@VERSION arguments) checked against the checksum
 * database with signed tree heads, tile-authenticated records and inclusion proofs; lines that
 * GONOSUMDB/GOPRIVATE or GOSUMDB=off exclude are listed as skipped, as go would skip them.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import pMap from "p-map";
import { scanModuleCache } from "../adapters/fs/modcache.js";
import { goAuthCredentials } from "../adapters/machine/goauth.js";
import { httpSumdbSource, latestPath, readLatest, writeLatest } from "../adapters/sumdb/source.js";
import type { Cause } from "../core/causes.js";
import { parseProxyList } from "../core/config/goproxy.js";
import { parseGOSUMDB } from "../core/config/gosumdb.js";
import { atLeast, parseGoVersion } from "../core/config/goversion.js";
import { errorText } from "../core/errors.js";
import type { Finding } from "../core/finding.js";
import { causeOfGoError } from "../core/goerror/diagnose.js";
import { type GoSumLine, parseGoSum } from "../core/gosum.js";
import { proxyConfigFromEnv } from "../core/httpproxy.js";
import { matchingPattern } from "../core/module/glob.js";
import { netrcMatchOf } from "../core/netrc.js";
import { ForkError, type LookupResult, lookupModule, recordedHash } from "../core/sumdb/client.js";
import { parseVerifierKey } from "../core/sumdb/note.js";
import { formatHash } from "../core/sumdb/tlog.js";
import { type EnvOptions, envReport } from "./env.js";
import { splitModuleArg } from "./explain.js";
import { type DbAnswer, verifyCache } from "./verify-cache.js";
import { type DownloadTarget, verifyDownloads } from "./verify-download.js";
import type { VerifyEntry, VerifyReport } from "./verify-model.js";

/** Options of verify. */
export interface VerifyOptions extends EnvOptions {
  /** go.sum / go.work.sum files (default ./go.sum when no module arguments are given). */
  readonly files?: readonly string[];
  /** MODULE@VERSION arguments: looked up and reported with the database's hashes. */
  readonly modules?: readonly string[];
  /** Per-request timeout, ms (default 10 000). */
  readonly timeoutMs?: number;
  /** Lookups in flight at once (default 8). */
  readonly concurrency?: number;
  /** Keep verified tiles and tree heads where go keeps them (default true). */
  readonly writeCache?: boolean;
  /** Also check the module cache (GOMODCACHE): zips, .ziphash, go.mod files, extracted directories. */
  readonly cache?: boolean;
  /** Also download every module version from each GOPROXY entry and recompute its hashes. */
  readonly download?: boolean;
}

export type { VerifyEntry, VerifyReport } from "./verify-model.js";

type Vars = Awaited<ReturnType<typeof envReport>>["resolved"]["vars"];

function skipReason(vars: Vars, module: string): VerifyEntry["skippedBy"] {
  if ((vars.GOSUMDB?.value ?? "") === "off") return { variable: "GOSUMDB", pattern: null };
  const pattern = matchingPattern(vars.GONOSUMDB?.value ?? "", module);
  if (pattern === null) return null;
  return { variable: vars.GONOSUMDB?.source === "derived" ? "GOPRIVATE" : "GONOSUMDB", pattern };
}

function causeOf(e: unknown): Cause {
  if (e instanceof ForkError) return "sumdb-error";
  // The sumdb source's errors carry what the network step saw; otherwise the one cause mapping reads go's words.
  const seen = e as { hang?: boolean; networkCause?: Cause | null };
  if (seen.hang === true) return "timeout";
  if (seen.networkCause) return seen.networkCause;
  const mapped = causeOfGoError(`verifying: ${errorText(e)}`);
  return mapped !== null && mapped !== "other" ? mapped : "sumdb-error";
}

function lineEntries(l: GoSumLine & { file: string }, result: LookupResult | Error): VerifyEntry {
  const base = {
    source: "go.sum" as const,
    file: l.file,
    line: l.line,
    module: l.module,
    version: l.version,
    kind: l.isGoMod ? ("go.mod" as const) : ("zip" as const),
    hash: l.hash,
    skippedBy: null,
  };
  if (result instanceof Error) {
    const cause = causeOf(result);
    return { ...base, status: "error", expected: null, cause, message: errorText(result) };
  }
  const expected = recordedHash(result, l.module, l.version, l.isGoMod);
  if (expected === null)
    return {
      ...base,
      status: "not-in-database",
      expected: null,
      cause: null,
      message: "the database record has no hash of this kind (go accepts it)",
    };
  if (expected === l.hash)
    return {
      ...base,
      status: "verified",
      expected: null,
      cause: null,
      message: `verified in record ${result.recordId} of tree ${result.tree.n}`,
    };
  return {
    ...base,
    status: "mismatch",
    expected,
    cause: "checksum-mismatch",
    message: `go.sum has ${l.hash} but the checksum database has ${expected}`,
  };
}

/** Runs verify. Never throws for network or data problems: they are entries and findings. */
export async function verify(opts: VerifyOptions = {}): Promise<VerifyReport> {
  const env = opts.env ?? process.env;
  const report = await envReport({ ...opts, crossCheck: false });
  const vars = report.resolved.vars;
  const findings: Finding[] = [];
  // ./go.sum is the default subject; with --cache alone it is read only when there is one.
  const files =
    opts.files ??
    ((opts.modules ?? []).length > 0 || (opts.cache && !existsSync("go.sum")) ? [] : ["go.sum"]);
  const lines = files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      findings.push({
        id: "verify.unreadable",
        severity: "error",
        cause: "other",
        message: `cannot read ${file}: ${errorText(e)}`,
        fix: [],
      });
      return [];
    }
    // go names the file by its absolute path (modload: filepath.Join(modRoot, "go.sum")).
    const sum = parseGoSum(text, resolve(file));
    const v = parseGoVersion(report.answeredFor.version);
    const fatal = v !== null && atLeast(v, 22);
    for (const p of sum.problems) {
      findings.push({
        id: "gosum.malformed",
        severity: "error",
        // A malformed file, not a mismatch: config-invalid by the taxonomy (core/causes.ts), as why names go's
        // "malformed go.sum" (fatal since Go 1.22).
        cause: "config-invalid",
        role: "local",
        message: fatal
          ? `${report.answeredFor.version} stops every command that reads ${file} (Go ≥ 1.22; \`go mod tidy\` alone skips the line) with: ${p.message.replace("\n", " ")}`
          : `${p.message.replace("\n", " ")}: ${report.answeredFor.version} silently ignores the ${sum.ignoredAfterMalformed.length} line(s) after it (and drops them when rewriting go.sum); Go ≥ 1.22 refuses the file.`,
        ...(fatal && { evidence: [`${p.message}\n`] }),
        fix: [`Fix or delete line ${p.line} of ${file}, then run \`go mod tidy\`.`],
      });
    }
    return [...sum.lines, ...sum.ignoredAfterMalformed].map((l) => ({ ...l, file }));
  });
  const setting = parseGOSUMDB(vars.GOSUMDB?.value ?? "");
  const empty = { name: null, url: null, treeSize: null, rootHash: null };
  if (!setting.off && "error" in setting) {
    findings.push({
      id: "gosumdb.invalid",
      severity: "error",
      cause: "config-invalid",
      role: "local",
      message: setting.error,
      fix: ["go env -u GOSUMDB"],
    });
    return { sumdb: empty, entries: [], findings, requests: [] };
  }
  const config = setting.off ? null : setting.config;
  const key = config === null ? null : parseVerifierKey(config.key);
  const modcache = vars.GOMODCACHE?.value || null;
  const source =
    config === null
      ? null
      : httpSumdbSource({
          name: config.name,
          explicitURL: config.url,
          entries: parseProxyList(vars.GOPROXY?.value ?? "", vars.GONOPROXY?.value ?? "").entries,
          proxyConfig: proxyConfigFromEnv(env),
          modcache,
          timeoutMs: opts.timeoutMs ?? 10_000,
          readOnly: opts.writeCache === false,
        });
  const latestFile = config === null ? null : latestPath(vars.GOPATH?.value ?? "", config.name);
  const latest = readLatest(latestFile);
  const argMods = (opts.modules ?? []).map(splitModuleArg).filter((m) => m.version !== null) as {
    module: string;
    version: string;
  }[];
  const wanted = new Map<string, { module: string; version: string }>();
  for (const l of lines)
    if (skipReason(vars, l.module) === null)
      wanted.set(`${l.module}@${l.version}`, { module: l.module, version: l.version });
  for (const m of argMods) if (skipReason(vars, m.module) === null) wanted.set(`${m.module}@${m.version}`, m);
  // The cache is scanned once: its versions join the lookups, then its files are checked.
  const scan = opts.cache && modcache !== null ? scanModuleCache(modcache) : null;
  for (const f of scan?.files ?? [])
    if ((f.kind === "zip" || f.kind === "mod") && skipReason(vars, f.path) === null)
      wanted.set(`${f.path}@${f.version}`, { module: f.path, version: f.version });
  const results = new Map<string, LookupResult | Error>();
  if (source !== null && key !== null) {
    const keys = [...wanted.keys()];
    const outs = await pMap(
      keys,
      async (k) => {
        const m = wanted.get(k)!;
        try {
          return await lookupModule(source, key, latest, m.module, m.version);
        } catch (e) {
          return e instanceof Error ? e : new Error(String(e));
        }
      },
      { concurrency: opts.concurrency ?? 8 },
    );
    for (const [i, k] of keys.entries()) results.set(k, outs[i]!);
  }
  const entries: VerifyEntry[] = lines.map((l) => {
    const skippedBy = skipReason(vars, l.module);
    if (skippedBy !== null) {
      return {
        source: "go.sum",
        file: l.file,
        line: l.line,
        module: l.module,
        version: l.version,
        kind: l.isGoMod ? "go.mod" : "zip",
        hash: l.hash,
        status: "skipped",
        expected: null,
        skippedBy,
        cause: null,
        message: `skipped by ${skippedBy.variable}${skippedBy.pattern === null ? "=off" : ` pattern ${skippedBy.pattern}`}, as go skips it`,
      };
    }
    return lineEntries(l, results.get(`${l.module}@${l.version}`)!);
  });
  for (const m of argMods) entries.push(argEntry(vars, m, results.get(`${m.module}@${m.version}`)));
  const db = (module: string, version: string): DbAnswer =>
    skipReason(vars, module) !== null
      ? "skipped"
      : (results.get(`${module}@${version}`) ?? new Error("checksum database not consulted"));
  if (opts.cache) {
    if (scan === null)
      findings.push({
        id: "modcache.unset",
        severity: "error",
        cause: "modcache-problem",
        message: "GOMODCACHE is empty (GOPATH unset): go has no module cache to check.",
        fix: ["go env -w GOPATH=$HOME/go"],
      });
    else {
      const c = await verifyCache(scan, db, (m) => skipReason(vars, m));
      entries.push(...c.entries);
      findings.push(...c.findings);
    }
  }
  if (opts.download) {
    const list = parseProxyList(vars.GOPROXY?.value ?? "", vars.GONOPROXY?.value ?? "");
    entries.push(
      ...(await verifyDownloads(downloadTargets(lines, argMods), {
        entries: list.entries,
        proxyConfig: proxyConfigFromEnv(env),
        timeoutMs: opts.timeoutMs ?? 10_000,
        bypassed: (m) => matchingPattern(vars.GONOPROXY?.value ?? "", m) !== null,
        db,
        netrc: goAuthCredentials(env, vars, report.answeredFor.version).entries,
        netrcMatch: netrcMatchOf(report.resolved.goVersion),
      })),
    );
  }
  const good = [...results.values()].filter((r): r is LookupResult => !(r instanceof Error));
  const newest = good.reduce<LookupResult | null>(
    (a, r) => (a === null || r.tree.n > a.tree.n ? r : a),
    null,
  );
  if (source !== null && opts.writeCache !== false && good.length > 0) {
    source.commit();
    if (latestFile !== null && newest?.newLatest) writeLatest(latestFile, newest.newLatest);
  }
  return {
    sumdb: {
      name: config?.name ?? null,
      url: source === null ? null : await source.base().catch(() => null),
      treeSize: newest?.tree.n ?? null,
      rootHash: newest === null ? null : formatHash(newest.tree.hash),
    },
    entries,
    findings: [...findings, ...entryFindings(entries)],
    requests: source?.log ?? [],
  };
}

/** The module versions --download fetches: every go.sum line's and argument's, with go.sum's hashes. */
function downloadTargets(
  lines: readonly GoSumLine[],
  args: readonly { module: string; version: string }[],
): DownloadTarget[] {
  const byKey = new Map<
    string,
    { module: string; version: string; goSum: { zip: string | null; mod: string | null } }
  >();
  const get = (module: string, version: string) => {
    const k = `${module}@${version}`;
    if (!byKey.has(k)) byKey.set(k, { module, version, goSum: { zip: null, mod: null } });
    return byKey.get(k)!;
  };
  for (const l of lines) get(l.module, l.version).goSum[l.isGoMod ? "mod" : "zip"] = l.hash;
  for (const a of args) get(a.module, a.version);
  return [...byKey.values()];
}

function argEntry(
  vars: Vars,
  m: { module: string; version: string },
  r: LookupResult | Error | undefined,
): VerifyEntry {
  const base = {
    source: "argument" as const,
    file: null,
    line: null,
    module: m.module,
    version: m.version,
    kind: "lookup" as const,
    hash: null,
    expected: null,
  };
  const skippedBy = skipReason(vars, m.module);
  if (skippedBy !== null)
    return {
      ...base,
      status: "skipped",
      skippedBy,
      cause: null,
      message: `skipped by ${skippedBy.variable}`,
    };
  if (r === undefined || r instanceof Error)
    return {
      ...base,
      status: "error",
      skippedBy: null,
      cause: r === undefined ? "other" : causeOf(r),
      message: r === undefined ? "not looked up" : errorText(r),
    };
  return { ...base, status: "verified", skippedBy: null, cause: null, message: r.lines.join("\n") };
}

function what(e: VerifyEntry): string {
  return `${e.module} ${e.version}${e.kind === "go.mod" ? "/go.mod" : e.kind === "dir" ? " (extracted directory)" : ""}`;
}

/** The finding of one mismatch: where the wrong bytes are decides what to do about them. */
function mismatchFinding(e: VerifyEntry): Finding {
  const evidence = [`got:      ${e.hash}`, `expected: ${e.expected}`];
  if (e.source === "cache") {
    const mv = `${e.module}@${e.version}`;
    return {
      id: "verify.cache-mismatch",
      severity: "error",
      cause: e.cause,
      role: "local",
      message: `module cache: ${what(e)} ${e.message.replace(/^the /, "— the ")}.`,
      fix: [
        `Remove this version from the cache and fetch it again: go clean -modcache   (or delete ${e.file} and its .ziphash), then go mod download ${mv}`,
        `Find out whether a mirror served it: goproxy-doctor verify --download ${mv}`,
      ],
      evidence: [e.file ?? "", ...evidence],
    };
  }
  if (e.source === "download")
    return {
      id: "verify.download-mismatch",
      severity: "error",
      cause: "checksum-mismatch",
      role: "proxy",
      message: `${e.message} (${what(e)}).`,
      fix: [
        "Remove that entry from GOPROXY (go env -w GOPROXY=…) and tell its operator: go refuses these bytes with SECURITY ERROR.",
      ],
      evidence: [e.file ?? "", ...evidence],
    };
  return {
    id: "verify.mismatch",
    severity: "error",
    cause: "checksum-mismatch",
    role: "sumdb",
    message: `${e.file}:${e.line}: ${what(e)} does not match the checksum database.`,
    fix: [
      `Find which download is wrong before touching go.sum: goproxy-doctor verify --download ${e.module}@${e.version}`,
    ],
    evidence: [`go.sum:   ${e.hash}`, `database: ${e.expected}`],
  };
}

function entryFindings(entries: readonly VerifyEntry[]): Finding[] {
  const out: Finding[] = entries.filter((e) => e.status === "mismatch").map(mismatchFinding);
  const errors = entries.filter((e) => e.status === "error");
  const byCause = new Map<string, VerifyEntry[]>();
  for (const e of errors) {
    const key = `${e.source}|${e.cause}|${e.message}`;
    byCause.set(key, [...(byCause.get(key) ?? []), e]);
  }
  for (const group of byCause.values()) {
    const e = group[0]!;
    const lookup = e.source === "go.sum" || e.source === "argument";
    // A public database answering 404/410 for a module means it is private: go needs GOPRIVATE for it.
    const cause = lookup && e.cause === "not-found" ? "private-via-public-sumdb" : e.cause;
    out.push({
      id: lookup ? "verify.lookup-failed" : `verify.${e.source}-error`,
      severity: "error",
      cause,
      message: `${group.length} module version(s) could not be verified (${group
        .slice(0, 3)
        .map((g) => `${g.module}@${g.version}`)
        .join(", ")}${group.length > 3 ? ", …" : ""}): ${e.message}`,
      fix: cause === "private-via-public-sumdb" ? [`go env -w GOPRIVATE=${e.module.split("/")[0]}`] : [],
    });
  }
  return out;
}
