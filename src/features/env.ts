/**
 * `goproxy-doctor env`: the effective Go module configuration with the source of every value,
 * cross-checked with `go env -json` when a go binary is present.
 */
import { platform, tmpdir } from "node:os";
import { readTextOrNull } from "../adapters/fs/read.js";
import { findGo, type GoInstall, goEnvJSON } from "../adapters/go/binary.js";
import { changedSettings } from "../core/config/changed.js";
import {
  type EnvInputs,
  type EnvValue,
  goEnvKeys,
  type ResolvedEnv,
  resolveEnvironment,
} from "../core/config/environment.js";
import { type GoOS, goenvLocation } from "../core/config/goenv-file.js";
import {
  type GoVersion,
  NEWEST_MODELLED_GO,
  parseGoVersion,
  SHIPPED_GOROOT_GO_ENV,
} from "../core/config/goversion.js";
import { redactURL } from "../core/redact.js";

/** Options of the env feature. */
export interface EnvOptions {
  /** The process environment to analyse (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** A go binary to use instead of the one on PATH. */
  readonly goPath?: string;
  /** Answer for this go version instead of the detected one (e.g. "go1.22.0"). */
  readonly goVersion?: string;
  /** Run `go env -json` to cross-check (default true when a go binary is found). */
  readonly crossCheck?: boolean;
}

/** A value where `go env -json` and our reading differ. */
export interface Disagreement {
  readonly name: string;
  readonly ours: string;
  readonly go: string;
}

/** The env feature's result (the env/v1 JSON document is made from it). */
export interface EnvReport {
  readonly go: { readonly path: string; readonly version: string } | null;
  /** The go version the answers are for, and why that one. */
  readonly answeredFor: { readonly version: string; readonly reason: string };
  readonly resolved: ResolvedEnv;
  /** The settings `go env -changed` would list (Go ≥ 1.23's semantics: differs from the default), in order. */
  readonly changed: readonly string[];
  /** Variables with credentials redacted, ready to print. */
  readonly vars: Readonly<Record<string, EnvValue>>;
  readonly crossCheck: {
    readonly ran: boolean;
    readonly error: string | null;
    readonly disagreements: readonly Disagreement[];
  };
}

/** Maps Node's platform names to GOOS. */
export function goosOf(p: string = platform()): GoOS {
  if (p === "win32") return "windows";
  if (p === "darwin" || p === "freebsd" || p === "openbsd" || p === "android") return p;
  return "linux";
}

function chooseVersion(
  install: GoInstall | null,
  opt: string | undefined,
  reported: string | null,
): { v: GoVersion; reason: string } {
  const explicit = opt === undefined ? null : parseGoVersion(opt.startsWith("go") ? opt : `go${opt}`);
  if (explicit !== null) return { v: explicit, reason: "--go-version" };
  if (install?.version) return { v: install.version, reason: `${install.goroot}/VERSION` };
  const fromGo = reported === null ? null : parseGoVersion(reported);
  if (fromGo !== null) return { v: fromGo, reason: "go env GOVERSION" };
  return {
    v: NEWEST_MODELLED_GO,
    reason: "no go binary found: answers for current Go with the standard $GOROOT/go.env",
  };
}

function redactValue(v: EnvValue): EnvValue {
  return { ...v, value: redactURL(v.value), detail: v.detail === null ? null : redactURL(v.detail) };
}

function compare(resolved: ResolvedEnv, goValues: Readonly<Record<string, string>>): Disagreement[] {
  const out: Disagreement[] = [];
  for (const name of goEnvKeys(resolved.goVersion)) {
    if (!(name in goValues) || name === "GOTOOLCHAIN") continue;
    const ours = resolved.vars[name]?.value ?? "";
    const theirs = goValues[name] ?? "";
    if (ours !== theirs) out.push({ name, ours: redactURL(ours), go: redactURL(theirs) });
  }
  return out;
}

/**
 * Resolves the configuration of this process (or opts.env) and, when a go binary is found and crossCheck
 * is not false, compares it with `go env -json`. Never throws for bad configuration; go's failures are
 * reported in crossCheck.error.
 */
export async function envReport(opts: EnvOptions = {}): Promise<EnvReport> {
  const env = opts.env ?? process.env;
  const goos = goosOf();
  const install = findGo(env, opts.goPath);
  const wantCheck = install !== null && opts.crossCheck !== false;
  // Go ≥ 1.21 switches toolchains before `go env` runs (a go.mod's go line, GOTOOLCHAIN=go1.N.P), which would
  // download one: the cross-check runs the local go, outside any module, and leaves GOTOOLCHAIN unchecked.
  const goJSON = wantCheck
    ? await goEnvJSON(install.path, { ...env, GOTOOLCHAIN: "local" }, 10_000, tmpdir())
    : null;
  const reported = goJSON?.ok ? (goJSON.values.GOVERSION ?? null) : null;
  const { v, reason } = chooseVersion(install, opts.goVersion, reported);
  const inputs: EnvInputs = {
    env,
    goos,
    goVersion: v,
    goenvFileText: readTextOrNull(goenvLocation(env, goos).path),
    goroot: install?.goroot ?? null,
    gorootGoEnvText: install !== null ? install.gorootGoEnvText : SHIPPED_GOROOT_GO_ENV,
  };
  const resolved = resolveEnvironment(inputs);
  const vars = Object.fromEntries(Object.entries(resolved.vars).map(([k, val]) => [k, redactValue(val)]));
  const crossCheck =
    goJSON === null
      ? { ran: false, error: install === null ? "no go binary on PATH" : "skipped", disagreements: [] }
      : goJSON.ok
        ? { ran: true, error: null, disagreements: compare(resolved, goJSON.values) }
        : { ran: true, error: redactURL(goJSON.error), disagreements: [] };
  return {
    go:
      install === null
        ? null
        : { path: install.path, version: install.version?.raw ?? reported ?? "unknown" },
    answeredFor: { version: v.raw, reason },
    resolved,
    changed: changedSettings(resolved, inputs),
    vars,
    crossCheck,
  };
}
