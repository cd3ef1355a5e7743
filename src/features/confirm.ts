/**
 * `check --confirm`: the predictions held against the real go. For each predicted module, go runs
 * `go mod download -json M@V` in a throwaway GOPATH/GOMODCACHE through trace's recording forwarders
 * (features/trace.ts), under the run's deadline; every disagreement between the prediction and what go did —
 * outcome, the GOPROXY entry that served the zip, the GOPROXY-protocol requests in order — is a finding of its
 * own. Predictions are made without go; this only checks them. Nothing of the user's is written.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Finding } from "../core/finding.js";
import type { ModulePrediction } from "./check.js";

/** What go did for one module, as confirm reads it from the trace. */
export interface GoOutcome {
  readonly outcome: "ok" | "fail" | "hang";
  /** GOPROXY entry (as written) whose forwarder served the zip, or null. */
  readonly servedBy: string | null;
  /** `GET <url>` of each GOPROXY-protocol request, in order (checksum-database traffic left out). */
  readonly requests: readonly string[];
  /** go's error text (-json `Error`, else stderr without `go: `), or null. */
  readonly error: string | null;
}

/** The parts of a goproxy-doctor.trace/v1 document confirm reads. */
export interface TraceDoc {
  readonly go: { readonly exitCode: number | null; readonly stderr: string };
  readonly entries: readonly { readonly index: number; readonly written: string }[];
  readonly requests: readonly {
    readonly source: string;
    readonly role: string;
    readonly entry: number | null;
    readonly url: string;
    readonly status: number | null;
  }[];
}

/** What one trace says go did; goStdout is go's own standard output (its -json document). */
export function goOutcome(t: TraceDoc, goStdout: string): GoOutcome {
  let error: string | null = null;
  try {
    error = (JSON.parse(goStdout) as { Error?: string }).Error ?? null;
  } catch {
    error = t.go.exitCode === 0 ? null : t.go.stderr.trim().replace(/^go: /, "") || null;
  }
  const proxied = t.requests.filter((r) => r.source === "proxy" && r.role === "proxy");
  const zip = proxied.filter((r) => r.url.endsWith(".zip") && r.status === 200).at(-1);
  const entry = zip === undefined ? undefined : t.entries.find((e) => e.index === zip.entry);
  return {
    outcome: t.go.exitCode === null ? "hang" : t.go.exitCode === 0 && error === null ? "ok" : "fail",
    servedBy: entry?.written ?? null,
    requests: proxied.map((r) => `GET ${r.url}`),
    error,
  };
}

/** The disagreements between a prediction and what go did, as findings (empty when they agree). */
export function disagreements(m: ModulePrediction, go: GoOutcome): Finding[] {
  const p = m.prediction;
  if (p === null) return [];
  const at = `${m.module}@${m.version}`;
  const ours = p.hangs ? "hang" : p.outcome;
  const out: string[] = [];
  if (ours !== go.outcome)
    out.push(`outcome: predicted ${ours}, go ${go.outcome}${go.error ? ` (${go.error})` : ""}`);
  else if (
    go.outcome === "ok" &&
    p.servedBy !== null &&
    p.servedBy !== "direct" &&
    p.servedBy !== go.servedBy
  )
    out.push(`servedBy: predicted ${p.servedBy}, go got the zip from ${go.servedBy ?? "nowhere it told"}`);
  const predicted = p.requests.map((r) => r.line);
  if (go.outcome !== "hang" && predicted.length > 0 && predicted.join("\n") !== go.requests.join("\n"))
    out.push(
      `requests: predicted\n\t${predicted.join("\n\t")}\ngo made\n\t${go.requests.join("\n\t") || "(none)"}`,
    );
  return out.map((detail) => ({
    id: "confirm.disagrees",
    severity: "warning" as const,
    cause: null,
    message: `go mod download ${at} did not do what was predicted — ${detail}`,
    fix: [],
  }));
}

/**
 * The CLI that runs trace: this package's bin, found from this file whether it runs from dist/src (tests), or
 * from a bundle in dist/cli or dist/lib. Running `trace --json` as a process keeps the forwarders out of the
 * check bundle (the package stays within its size budget) and runs exactly what a user's `trace` runs.
 */
function cliPath(): string | null {
  for (const rel of ["../../bin/goproxy-doctor.js", "../../../bin/goproxy-doctor.js"]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  return null;
}

/** Runs `goproxy-doctor trace --json -- go …`; its stdout is the trace document, go's stdout comes on stderr. */
function runTrace(
  cli: string,
  goArgs: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  signal: AbortSignal,
): Promise<{ doc: TraceDoc; goStdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "trace", "--json", "--", ...goArgs], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    // trace kills go on SIGINT/SIGTERM and still reports; the deadline ends it so.
    const stop = () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
    };
    signal.addEventListener("abort", stop, { once: true });
    child.on("error", reject);
    child.on("close", () => {
      signal.removeEventListener("abort", stop);
      try {
        resolve({ doc: JSON.parse(out) as TraceDoc, goStdout: err.slice(err.indexOf("{")) });
      } catch {
        reject(new Error(`trace gave no document: ${err.trim().split("\n").at(-1) ?? ""}`));
      }
    });
  });
}

/**
 * Runs go (goPath) for every predicted module, one at a time, each in a fresh GOPATH, through trace, until
 * signal fires (the rest are then reported as not confirmed). Never throws.
 */
export async function confirmPredictions(
  modules: readonly ModulePrediction[],
  env: Readonly<Record<string, string | undefined>>,
  goPath: string,
  signal: AbortSignal,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const notRun = (m: ModulePrediction, why: string): Finding => ({
    id: "confirm.not-run",
    severity: "info",
    cause: null,
    message: `go mod download ${m.module}@${m.version} was not confirmed: ${why}`,
    fix: [],
  });
  const cli = cliPath();
  for (const m of modules) {
    if (m.prediction === null) continue;
    if (cli === null) {
      findings.push(notRun(m, "goproxy-doctor's own CLI was not found to run trace"));
      continue;
    }
    if (signal.aborted) {
      findings.push(notRun(m, "the deadline passed"));
      continue;
    }
    const home = mkdtempSync(join(tmpdir(), "gpd-confirm-"));
    try {
      const t = await runTrace(
        cli,
        [goPath, "mod", "download", "-json", `${m.module}@${m.version}`],
        {
          ...env,
          GOPATH: join(home, "gopath"),
          GOMODCACHE: join(home, "gopath", "pkg", "mod"),
          GOCACHE: join(home, "gocache"),
          GOFLAGS: `${env.GOFLAGS ?? ""} -modcacherw`.trim(),
          GOTOOLCHAIN: "local",
        },
        home,
        signal,
      );
      findings.push(...disagreements(m, goOutcome(t.doc, t.goStdout)));
    } catch (e) {
      findings.push(notRun(m, (e as Error).message));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  return findings;
}
