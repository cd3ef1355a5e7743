/**
 * `verify --cache`: the module cache checked the way go trusts it, for every module version in it —
 * zips against their `.ziphash` (modfetch/fetch.go: checkMod) and the checksum database, go.mod files
 * against the database, extracted directories against their zip (modload's `go mod verify`:
 * `dir has been modified`), plus leftovers of interrupted downloads, permissions and disk usage.
 */
import {
  type CachedDir,
  type CachedFile,
  type ModuleCacheScan,
  readZiphash,
} from "../adapters/fs/modcache.js";
import { hashGoModFile, hashModuleDir, hashZipFile } from "../adapters/zip/hash.js";
import { errorText } from "../core/errors.js";
import type { Finding } from "../core/finding.js";
import { type LookupResult, recordedHash } from "../core/sumdb/client.js";
import type { VerifyEntry } from "./verify-model.js";

/** The database's answer for one module version, or why there is none ("skipped" when not consulted). */
export type DbAnswer = LookupResult | Error | "skipped";

const MIB = 1024 * 1024;

function entry(
  f: { path: string; version: string },
  file: string,
  kind: VerifyEntry["kind"],
  rest: Pick<VerifyEntry, "hash" | "status" | "expected" | "cause" | "message"> & {
    skippedBy?: VerifyEntry["skippedBy"];
  },
): VerifyEntry {
  return {
    source: "cache",
    file,
    line: null,
    module: f.path,
    version: f.version,
    kind,
    skippedBy: rest.skippedBy ?? null,
    ...rest,
  };
}

/** Compares a hash with the database's; null when they agree or the database was not consulted. */
function againstDatabase(
  got: string,
  db: DbAnswer,
  f: { path: string; version: string },
  goMod: boolean,
): { expected: string; message: string } | null {
  if (db === "skipped" || db instanceof Error) return null;
  const want = recordedHash(db, f.path, f.version, goMod);
  if (want === null || want === got) return null;
  return {
    expected: want,
    message: `the cached file hashes to ${got} but the checksum database has ${want}`,
  };
}

function dbNote(db: DbAnswer, skippedBy: VerifyEntry["skippedBy"]): string {
  if (db === "skipped") return `checksum database skipped by ${skippedBy?.variable ?? "configuration"}`;
  if (db instanceof Error) return `checksum database not reachable: ${errorText(db)}`;
  return `confirmed by the checksum database (record ${db.recordId})`;
}

async function checkZip(
  f: CachedFile,
  recorded: string | null,
  db: DbAnswer,
  skippedBy: VerifyEntry["skippedBy"],
): Promise<{ entry: VerifyEntry; h1: string | null }> {
  const result = (
    h1: string | null,
    status: VerifyEntry["status"],
    expected: string | null,
    cause: VerifyEntry["cause"],
    message: string,
  ) => ({ entry: entry(f, f.file, "zip", { hash: h1, status, expected, cause, message, skippedBy }), h1 });
  let h1: string;
  let invalid: string[];
  try {
    const r = await hashZipFile(f.file, { path: f.path, version: f.version });
    h1 = r.h1;
    invalid = [
      ...(r.check?.invalid.map((e) => `${e.path}: ${e.err}`) ?? []),
      ...(r.check?.sizeError ? [r.check.sizeError] : []),
    ];
  } catch (e) {
    return result(null, "error", null, "modcache-problem", `the zip cannot be read: ${errorText(e)}`);
  }
  if (recorded !== null && recorded !== h1) {
    const message = "the zip does not match its .ziphash: it was altered after go verified it";
    return result(h1, "mismatch", recorded, "modcache-problem", message);
  }
  const bad = againstDatabase(h1, db, f, false);
  if (bad !== null) return result(h1, "mismatch", bad.expected, "checksum-mismatch", bad.message);
  if (invalid.length > 0) {
    const message = `the zip breaks the module zip rules: ${invalid.slice(0, 3).join("; ")}`;
    return result(h1, "error", null, "modcache-problem", message);
  }
  const note = recorded === null ? "no .ziphash (go recomputes it on next use)" : "matches its .ziphash";
  const status = db === "skipped" || db instanceof Error ? "skipped" : "verified";
  return result(h1, status, null, null, `${note}; ${dbNote(db, skippedBy)}`);
}

function checkMod(f: CachedFile, db: DbAnswer, skippedBy: VerifyEntry["skippedBy"]): VerifyEntry {
  let h1: string;
  try {
    h1 = hashGoModFile(f.file);
  } catch (e) {
    return entry(f, f.file, "go.mod", {
      hash: null,
      status: "error",
      expected: null,
      cause: "modcache-problem",
      message: errorText(e),
    });
  }
  const bad = againstDatabase(h1, db, f, true);
  if (bad !== null)
    return entry(f, f.file, "go.mod", {
      hash: h1,
      status: "mismatch",
      expected: bad.expected,
      cause: "checksum-mismatch",
      message: bad.message,
    });
  const status = db === "skipped" || db instanceof Error ? "skipped" : "verified";
  return entry(f, f.file, "go.mod", {
    hash: h1,
    status,
    expected: null,
    cause: null,
    message: dbNote(db, skippedBy),
    skippedBy,
  });
}

async function checkDir(d: CachedDir, zipH1: string | null, partial: boolean): Promise<VerifyEntry> {
  if (partial)
    return entry(d, d.dir, "dir", {
      hash: null,
      status: "error",
      expected: null,
      cause: "modcache-problem",
      message: "not completely extracted (a .partial file remains); go re-extracts it on next use",
    });
  let h1: string;
  try {
    h1 = await hashModuleDir(d.dir, `${d.path}@${d.version}`);
  } catch (e) {
    return entry(d, d.dir, "dir", {
      hash: null,
      status: "error",
      expected: null,
      cause: "modcache-problem",
      message: errorText(e),
    });
  }
  if (zipH1 === null)
    return entry(d, d.dir, "dir", {
      hash: h1,
      status: "skipped",
      expected: null,
      cause: null,
      message: "no zip to compare with (go mod verify reports it as missing)",
    });
  if (h1 !== zipH1)
    return entry(d, d.dir, "dir", {
      hash: h1,
      status: "mismatch",
      expected: zipH1,
      cause: "modcache-problem",
      message: "dir has been modified: its files differ from the verified zip",
    });
  return entry(d, d.dir, "dir", {
    hash: h1,
    status: "verified",
    expected: null,
    cause: null,
    message: "matches its zip",
  });
}

function leftoverFindings(files: readonly CachedFile[]): Finding[] {
  const out: Finding[] = [];
  const partial = files.filter((f) => f.kind === "partial");
  const tmp = files.filter((f) => f.kind === "tmp");
  if (partial.length > 0)
    out.push({
      id: "modcache.partial",
      severity: "warning",
      cause: "modcache-problem",
      message: `${partial.length} interrupted extraction(s) left .partial files; go removes and re-extracts those directories on next use.`,
      fix: ["go clean -modcache   # only if builds keep failing on these modules"],
      evidence: partial.slice(0, 5).map((f) => f.file),
    });
  if (tmp.length > 0)
    out.push({
      id: "modcache.tmp",
      severity: "warning",
      cause: "modcache-problem",
      message: `${tmp.length} temporary file(s) of interrupted downloads remain (${(tmp.reduce((n, f) => n + f.bytes, 0) / MIB).toFixed(1)} MiB).`,
      fix: ["They are safe to delete while no go command runs."],
      evidence: tmp.slice(0, 5).map((f) => f.file),
    });
  return out;
}

function cacheFindings(scan: ModuleCacheScan): Finding[] {
  const out: Finding[] = leftoverFindings(scan.files);
  if (scan.exists && !scan.writable)
    out.push({
      id: "modcache.not-writable",
      severity: "error",
      cause: "modcache-problem",
      message: `the module cache ${scan.root} is not writable by this user: go cannot download into it (a cache created by sudo go, or a read-only mount).`,
      fix: [
        `sudo chown -R "$(id -u):$(id -g)" ${scan.root}`,
        "or point GOMODCACHE at a writable directory: go env -w GOMODCACHE=$HOME/go/pkg/mod",
      ],
    });
  if (scan.unreadable.length > 0)
    out.push({
      id: "modcache.unreadable",
      severity: "warning",
      cause: "modcache-problem",
      message: `${scan.unreadable.length} path(s) in the module cache could not be read.`,
      fix: [`sudo chown -R "$(id -u):$(id -g)" ${scan.root}`],
      evidence: scan.unreadable.slice(0, 5).map((u) => `${u.path}: ${u.error}`),
    });
  const locks = scan.files.filter((f) => f.kind === "lock").length;
  out.push({
    id: "modcache.usage",
    severity: "info",
    cause: null,
    message: `module cache ${scan.root}: ${(scan.downloadBytes / MIB).toFixed(1)} MiB of downloads, ${(scan.extractedBytes / MIB).toFixed(1)} MiB extracted in ${scan.dirs.length} module directories; ${locks} .lock file(s) (go keeps them; they are not a problem).`,
    fix: [],
  });
  return out;
}

/**
 * Checks the files of a scanned module cache. db(module, version) gives the database's answer for that
 * version (or "skipped" with the reason from skippedBy). Never throws: unreadable or broken files are entries.
 */
export async function verifyCache(
  scan: ModuleCacheScan,
  db: (module: string, version: string) => DbAnswer,
  skippedBy: (module: string) => VerifyEntry["skippedBy"],
): Promise<{ entries: VerifyEntry[]; findings: Finding[] }> {
  const key = (f: { path: string; version: string }) => `${f.path}@${f.version}`;
  const recorded = new Map(
    scan.files.filter((f) => f.kind === "ziphash").map((f) => [key(f), readZiphash(f.file)] as const),
  );
  const partials = new Set(scan.files.filter((f) => f.kind === "partial").map(key));
  const zipH1 = new Map<string, string | null>();
  const entries: VerifyEntry[] = [];
  for (const f of scan.files) {
    if (f.kind === "zip") {
      const r = await checkZip(f, recorded.get(key(f)) ?? null, db(f.path, f.version), skippedBy(f.path));
      zipH1.set(key(f), r.h1);
      entries.push(r.entry);
    } else if (f.kind === "mod") entries.push(checkMod(f, db(f.path, f.version), skippedBy(f.path)));
  }
  // Like go mod verify, a directory is held to the recorded .ziphash, else to its zip's hash.
  for (const d of scan.dirs)
    entries.push(await checkDir(d, recorded.get(key(d)) ?? zipH1.get(key(d)) ?? null, partials.has(key(d))));
  return { entries, findings: cacheFindings(scan) };
}
