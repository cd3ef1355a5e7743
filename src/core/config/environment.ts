/**
 * The effective Go module configuration, with the source of every value.
 * Mirrors cmd/go/internal/cfg/cfg.go (Getenv, envOr, the GOPROXY/GOSUMDB/GOPRIVATE/GONOPROXY/GONOSUMDB/
 * GOINSECURE/GOVCS/GOMODCACHE declarations, defaultContext's GOPATH) and envcmd/env.go:MkEnv, Go 1.19,
 * plus the Go ≥ 1.21 $GOROOT/go.env layer and Go ≥ 1.24 GOAUTH (docs/go-semantics.md §A, §I).
 */
import { cleanPath } from "../gourl.js";
import {
  type GoenvFile,
  type GoenvLocation,
  type GoOS,
  goenvLocation,
  parseGoenvFile,
} from "./goenv-file.js";
import { atLeast, type GoVersion, hasGOAUTH, hasGorootGoEnv } from "./goversion.js";

/** Where a value came from (the env/v1 contract's `source`). */
export type ValueSource = "environment" | "goenv-file" | "goflags" | "default" | "derived";

/** One variable's effective value and provenance. */
export interface EnvValue {
  /** What `go env -json` prints for it (for non-go variables: the value go's libraries use). */
  readonly value: string;
  readonly source: ValueSource;
  /** Why this value and not another, e.g. "from GOPRIVATE", "GOENV file line 3", "$GOROOT/go.env". */
  readonly detail: string | null;
}

/** What resolveEnvironment needs; all I/O is done by the caller. */
export interface EnvInputs {
  /** The process environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly goos: GoOS;
  /** The go version to answer for. */
  readonly goVersion: GoVersion;
  /** Text of the GOENV file at goenvLocation(env, goos).path, or null if missing or unreadable. */
  readonly goenvFileText: string | null;
  /** $GOROOT, when known (the default GOPATH must not equal it). */
  readonly goroot: string | null;
  /** Text of $GOROOT/go.env (Go ≥ 1.21), or null if missing. */
  readonly gorootGoEnvText: string | null;
}

/** A `go env -w` value that the OS environment overrides. */
export interface ShadowedSetting {
  readonly name: string;
  readonly fileValue: string;
  readonly envValue: string;
  readonly line: number;
}

/** The resolved configuration. */
export interface ResolvedEnv {
  readonly goVersion: GoVersion;
  readonly goos: GoOS;
  readonly goenv: GoenvLocation;
  readonly goenvFile: GoenvFile | null;
  /** Every module-related variable, by name. */
  readonly vars: Readonly<Record<string, EnvValue>>;
  readonly shadowed: readonly ShadowedSetting[];
}

/** Module-related go env keys in the order `env` shows them; version-dependent ones are filtered. */
const GO_KEYS = [
  "GO111MODULE",
  "GOFLAGS",
  "GOPROXY",
  "GOPRIVATE",
  "GONOPROXY",
  "GONOSUMDB",
  "GOSUMDB",
  "GOINSECURE",
  "GOVCS",
  "GOPATH",
  "GOMODCACHE",
  "GOENV",
  "GOTOOLCHAIN",
  "GOAUTH",
] as const;

/** Variables of the libraries and tools go uses, not go env keys. */
const OTHER_KEYS = [
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "NO_PROXY",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "NETRC",
  "GIT_TERMINAL_PROMPT",
];

/** Keys that `go env -json` prints for this version (the module-related subset). */
export function goEnvKeys(v: GoVersion): string[] {
  return GO_KEYS.filter((k) =>
    k === "GOTOOLCHAIN" ? hasGorootGoEnv(v) : k === "GOAUTH" ? hasGOAUTH(v) : true,
  );
}

/** Keys that are not go env keys but change what go does (HTTP proxy, TLS roots, netrc, git prompts). */
export function otherEnvKeys(): string[] {
  return [...OTHER_KEYS];
}

interface Lookup {
  readonly value: string;
  readonly source: ValueSource;
  readonly detail: string | null;
  /** False when nothing set it (the caller applies its default). */
  readonly found: boolean;
}

/**
 * cfg.Getenv: the OS value if non-empty, else the GOENV file's (an empty line there counts as set), else
 * (Go ≥ 1.21) $GOROOT/go.env.
 */
function getenv(key: string, ctx: Ctx): Lookup {
  const os = ctx.in.env[key] ?? "";
  if (os !== "") return { value: os, source: "environment", detail: null, found: true };
  const fileEntry = ctx.file?.entries.get(key);
  if (fileEntry !== undefined) {
    return {
      value: fileEntry.value,
      source: "goenv-file",
      detail: `${ctx.goenvPath} line ${fileEntry.line}`,
      found: true,
    };
  }
  const gorootEntry = ctx.gorootFile?.entries.get(key);
  if (gorootEntry !== undefined) {
    return { value: gorootEntry.value, source: "default", detail: "$GOROOT/go.env", found: true };
  }
  return { value: "", source: "default", detail: null, found: false };
}

interface Ctx {
  readonly in: EnvInputs;
  readonly file: GoenvFile | null;
  readonly gorootFile: GoenvFile | null;
  readonly goenvPath: string;
}

function envOr(key: string, ctx: Ctx, def: EnvValue): EnvValue {
  const got = getenv(key, ctx);
  if (got.value !== "") return { value: got.value, source: got.source, detail: got.detail };
  if (got.found && got.source === "goenv-file") {
    return {
      ...def,
      detail: `${def.detail ?? "default"} (the empty ${key}= in ${got.detail} counts as unset)`,
    };
  }
  return def;
}

function plain(key: string, ctx: Ctx): EnvValue {
  const got = getenv(key, ctx);
  return { value: got.value, source: got.source, detail: got.detail };
}

function defaultValue(value: string, detail: string): EnvValue {
  return { value, source: "default", detail };
}

function goproxyDefault(ctx: Ctx): EnvValue {
  if (hasGorootGoEnv(ctx.in.goVersion)) {
    return defaultValue("", "no GOPROXY in $GOROOT/go.env: Go ≥ 1.21 has no built-in default");
  }
  return defaultValue("https://proxy.golang.org,direct", "built-in default");
}

function gosumdbDefault(ctx: Ctx): EnvValue {
  if (hasGorootGoEnv(ctx.in.goVersion)) {
    return defaultValue("", "no GOSUMDB in $GOROOT/go.env: Go ≥ 1.21 has no built-in default");
  }
  return defaultValue("sum.golang.org", "built-in default");
}

function homeVar(goos: GoOS): string {
  return goos === "windows" ? "USERPROFILE" : goos === "plan9" ? "home" : "HOME";
}

/** filepath.Join for goos (cleaned like filepath.Clean on Unix). */
function joinOS(goos: GoOS, ...parts: string[]): string {
  if (goos !== "windows") return cleanPath(parts.join("/"));
  return parts.map((p, i) => (i === 0 ? p.replace(/[/\\]+$/, "") : p)).join("\\");
}

/** go/build.defaultGOPATH: $HOME/go unless that is GOROOT. */
function gopathDefault(ctx: Ctx): EnvValue {
  const hv = homeVar(ctx.in.goos);
  const home = ctx.in.env[hv] ?? "";
  if (home === "") return defaultValue("", `$${hv} is not set, so there is no default GOPATH`);
  const def = joinOS(ctx.in.goos, home, "go");
  if (ctx.in.goroot !== null && def === joinOS(ctx.in.goos, ctx.in.goroot)) {
    return defaultValue("", "$HOME/go is GOROOT, so there is no default GOPATH");
  }
  return { value: def, source: "derived", detail: `$${hv}/go` };
}

function gomodcacheValue(ctx: Ctx, gopath: EnvValue): EnvValue {
  const listSep = ctx.in.goos === "windows" ? ";" : ":";
  const first = gopath.value.split(listSep)[0] ?? "";
  const def: EnvValue =
    first === ""
      ? defaultValue("", "GOPATH is empty, so there is no module cache")
      : {
          value: joinOS(ctx.in.goos, first, "pkg", "mod"),
          source: "derived",
          detail: "first GOPATH element + /pkg/mod",
        };
  return envOr("GOMODCACHE", ctx, def);
}

function derivedFromPrivate(key: string, ctx: Ctx, goprivate: EnvValue): EnvValue {
  const detail = goprivate.value === "" ? "GOPRIVATE is empty" : "from GOPRIVATE";
  return envOr(key, ctx, { value: goprivate.value, source: "derived", detail });
}

function goenvValue(ctx: Ctx): EnvValue {
  const loc = ctx.in.env.GOENV !== undefined && ctx.in.env.GOENV !== "" ? "environment" : "derived";
  const g = goenvLocation(ctx.in.env, ctx.in.goos);
  return { value: g.value, source: loc, detail: g.reason };
}

function toolchainValue(ctx: Ctx): EnvValue {
  // go env prints "" then, and Select lets the local go run (verified: go1.26.8 with a GOROOT lacking go.env).
  return envOr(
    "GOTOOLCHAIN",
    ctx,
    defaultValue("", "no GOTOOLCHAIN in $GOROOT/go.env: the local go runs, as with local"),
  );
}

function goVars(ctx: Ctx): Record<string, EnvValue> {
  const goprivate = plain("GOPRIVATE", ctx);
  const gopath = envOr("GOPATH", ctx, gopathDefault(ctx));
  const vars: Record<string, EnvValue> = {
    GO111MODULE: plain("GO111MODULE", ctx),
    GOFLAGS: plain("GOFLAGS", ctx),
    GOPROXY: envOr("GOPROXY", ctx, goproxyDefault(ctx)),
    GOPRIVATE: goprivate,
    GONOPROXY: derivedFromPrivate("GONOPROXY", ctx, goprivate),
    GONOSUMDB: derivedFromPrivate("GONOSUMDB", ctx, goprivate),
    GOSUMDB: envOr("GOSUMDB", ctx, gosumdbDefault(ctx)),
    GOINSECURE: plain("GOINSECURE", ctx),
    GOVCS: plain("GOVCS", ctx),
    GOPATH: gopath,
    GOMODCACHE: gomodcacheValue(ctx, gopath),
    GOENV: goenvValue(ctx),
  };
  if (hasGorootGoEnv(ctx.in.goVersion)) vars.GOTOOLCHAIN = toolchainValue(ctx);
  if (hasGOAUTH(ctx.in.goVersion))
    vars.GOAUTH = envOr("GOAUTH", ctx, defaultValue("netrc", "built-in default"));
  return vars;
}

/** HTTP_PROXY etc.: upper case wins when non-empty (net/http's rule), reported under the upper-case name. */
function otherVar(key: string, env: EnvInputs["env"]): EnvValue {
  const upper = env[key] ?? "";
  if (upper !== "") return { value: upper, source: "environment", detail: null };
  const lowerKey = key.toLowerCase();
  const hasLower = ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"].includes(key);
  const lower = hasLower ? (env[lowerKey] ?? "") : "";
  if (lower !== "") return { value: lower, source: "environment", detail: `from ${lowerKey}` };
  return { value: "", source: "default", detail: "not set" };
}

function shadowedSettings(ctx: Ctx, keys: readonly string[]): ShadowedSetting[] {
  const out: ShadowedSetting[] = [];
  for (const name of keys) {
    const entry = ctx.file?.entries.get(name);
    const envValue = ctx.in.env[name] ?? "";
    if (entry !== undefined && envValue !== "" && envValue !== entry.value) {
      out.push({ name, fileValue: entry.value, envValue, line: entry.line });
    }
  }
  return out;
}

/**
 * Resolves every module-related variable the way the go command of inputs.goVersion does, with the
 * source of each value. Pure; never throws (malformed values are resolved verbatim, as go does, and
 * reported by the checks that parse them).
 */
export function resolveEnvironment(inputs: EnvInputs): ResolvedEnv {
  const goenv = goenvLocation(inputs.env, inputs.goos);
  const file =
    goenv.path !== null && inputs.goenvFileText !== null ? parseGoenvFile(inputs.goenvFileText) : null;
  const gorootFile =
    hasGorootGoEnv(inputs.goVersion) && inputs.gorootGoEnvText !== null
      ? parseGoenvFile(inputs.gorootGoEnvText)
      : null;
  const ctx: Ctx = { in: inputs, file, gorootFile, goenvPath: goenv.path ?? "GOENV file" };
  const vars: Record<string, EnvValue> = goVars(ctx);
  for (const k of OTHER_KEYS) vars[k] = otherVar(k, inputs.env);
  const shadowed = shadowedSettings(ctx, goEnvKeys(inputs.goVersion));
  return { goVersion: inputs.goVersion, goos: inputs.goos, goenv, goenvFile: file, vars, shadowed };
}

/** Reports whether modules are disabled (GO111MODULE=off: GOPATH mode; Go ≥ 1.22 has no `go get` there). */
export function modulesDisabled(env: ResolvedEnv): boolean {
  return env.vars.GO111MODULE?.value === "off";
}

/** Re-exported for callers that only need version checks. */
export { atLeast };
