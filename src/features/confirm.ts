/**
 * `check --confirm`: the predictions held against the real go. For each predicted module, go runs
 * `go mod download -json M@V` in a throwaway GOPATH/GOMODCACHE through trace's recording forwarders
 * (features/trace.ts), under the run's deadline; every disagreement between the prediction and what go did —
 * outcome, the GOPROXY entry that served the zip, the GOPROXY-protocol requests in order — is a finding of its
 * own. Predictions are made without go; this only checks them. Nothing of the user's is written.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Finding } from "../core/finding.js";
import type { TraceResult } from "../core/trace/model.js";
import type { ModulePrediction } from "./check.js";
import { trace } from "./trace.js";

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

/** What one trace says go did. */
export function goOutcome(t: TraceResult, stdout: string): GoOutcome {
  let error: string | null = null;
  try {
    error = (JSON.parse(stdout) as { Error?: string }).Error ?? null;
  } catch {
    error = t.go.exitCode === 0 ? null : t.go.stderr.trim().replace(/^go: /, "") || null;
  }
  const proxied = t.requests.filter((r) => r.source === "proxy" && r.role === "proxy");
  const zip = proxied.filter((r) => r.path.endsWith(".zip") && r.status === 200).at(-1);
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
  for (const m of modules) {
    if (m.prediction === null) continue;
    if (signal.aborted) {
      findings.push({
        id: "confirm.not-run",
        severity: "info",
        cause: null,
        message: `go mod download ${m.module}@${m.version} was not confirmed: the deadline passed`,
        fix: [],
      });
      continue;
    }
    const home = mkdtempSync(join(tmpdir(), "gpd-confirm-"));
    try {
      let stdout = "";
      const t = await trace({
        goPath,
        goArgs: ["mod", "download", "-json", `${m.module}@${m.version}`],
        env: {
          ...env,
          GOPATH: join(home, "gopath"),
          GOMODCACHE: join(home, "gopath", "pkg", "mod"),
          GOCACHE: join(home, "gocache"),
          GOFLAGS: `${env.GOFLAGS ?? ""} -modcacherw`.trim(),
          GOTOOLCHAIN: "local",
        },
        cwd: home,
        signal,
        onStdout: (c) => {
          stdout += c.toString();
        },
      });
      findings.push(...disagreements(m, goOutcome(t, stdout)));
    } catch (e) {
      findings.push({
        id: "confirm.not-run",
        severity: "info",
        cause: null,
        message: `go mod download ${m.module}@${m.version} could not be run to confirm the prediction: ${(e as Error).message}`,
        fix: [],
      });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  return findings;
}
