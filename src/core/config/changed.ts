/**
 * Which module settings `go env -changed` (Go ≥ 1.23) lists: those whose effective value differs from the
 * default go would use without any setting. Mirrors cmd/go/internal/envcmd/env.go MkEnv (the Changed field
 * and its fix-ups) and cfg/cfg.go (Getenv, EnvOrAndChanged, EnvFile, the GOPATH default), Go 1.26, quirks
 * included: GOPATH set in the OS environment is not "changed" (its default is read from that same variable);
 * GOENV=off is not; a value equal to $GOROOT/go.env's is not.
 */
import type { EnvInputs, ResolvedEnv } from "./environment.js";
import { goEnvKeys } from "./environment.js";
import { parseGoenvFile } from "./goenv-file.js";
import { hasGorootGoEnv } from "./goversion.js";

/** Keys whose Changed is "the value is not empty" (MkEnv's fix-up loop). */
const NON_EMPTY = new Set(["GOFLAGS", "GOINSECURE", "GOPRIVATE", "GOVCS"]);

/** Built-in defaults before Go 1.21 moved them to $GOROOT/go.env. */
const PRE_121_DEFAULTS: Readonly<Record<string, string>> = {
  GOPROXY: "https://proxy.golang.org,direct",
  GOSUMDB: "sum.golang.org",
};

/**
 * The names, in `env`'s order, of the module settings `go env -changed` would print for these inputs and
 * the environment resolved from them. Pure; never throws.
 */
export function changedSettings(resolved: ResolvedEnv, inputs: EnvInputs): string[] {
  const user = resolved.goenvFile?.entries;
  const goroot =
    hasGorootGoEnv(inputs.goVersion) && inputs.gorootGoEnvText !== null
      ? parseGoenvFile(inputs.gorootGoEnvText).entries
      : null;
  const os = (k: string) => inputs.env[k] ?? "";
  // cfg.Getenv: the OS value when not empty, else the GOENV file's, else $GOROOT/go.env's.
  const getenv = (k: string) => (os(k) !== "" ? os(k) : (user?.get(k)?.value ?? goroot?.get(k)?.value ?? ""));
  const value = (k: string) => resolved.vars[k]?.value ?? "";
  // cfg.EnvOrAndChanged: only a non-empty setting is changed, compared with go.env's value when it has one.
  const envOrChanged = (k: string, def: string) => {
    const v = getenv(k);
    if (v === "") return false;
    const fromGoroot = goroot?.get(k);
    return fromGoroot !== undefined ? v !== fromGoroot.value : v !== def;
  };
  const defaults: Record<string, () => boolean> = {
    GO111MODULE: () => value("GO111MODULE") !== "on" && value("GO111MODULE") !== "",
    GOPROXY: () => envOrChanged("GOPROXY", hasGorootGoEnv(inputs.goVersion) ? "" : PRE_121_DEFAULTS.GOPROXY!),
    GOSUMDB: () => envOrChanged("GOSUMDB", hasGorootGoEnv(inputs.goVersion) ? "" : PRE_121_DEFAULTS.GOSUMDB!),
    GOTOOLCHAIN: () => envOrChanged("GOTOOLCHAIN", ""),
    GOAUTH: () => envOrChanged("GOAUTH", "netrc"),
    GONOPROXY: () => envOrChanged("GONOPROXY", value("GOPRIVATE")),
    GONOSUMDB: () => envOrChanged("GONOSUMDB", value("GOPRIVATE")),
    // build.Default.GOPATH reads $GOPATH itself: only a GOENV-file (or go.env) GOPATH differs from it.
    GOPATH: () => envOrChanged("GOPATH", os("GOPATH") !== "" ? os("GOPATH") : gopathHome(resolved, inputs)),
    GOMODCACHE: () => envOrChanged("GOMODCACHE", gomodcacheDefault(value("GOPATH"), inputs)),
    // cfg.EnvFile: changed exactly when GOENV names a file.
    GOENV: () => os("GOENV") !== "" && os("GOENV") !== "off",
  };
  return goEnvKeys(inputs.goVersion).filter((k) =>
    NON_EMPTY.has(k) ? value(k) !== "" : (defaults[k]?.() ?? false),
  );
}

/** cfg.gopath's default: $HOME/go (the variable is per GOOS), "" when unknown. */
function gopathHome(resolved: ResolvedEnv, inputs: EnvInputs): string {
  const v = resolved.vars.GOPATH;
  if (v?.source === "derived" || v?.source === "default") return v.value;
  const home = inputs.goos === "windows" ? "USERPROFILE" : inputs.goos === "plan9" ? "home" : "HOME";
  const h = inputs.env[home] ?? "";
  return h === "" ? "" : `${h}${inputs.goos === "windows" ? "\\" : "/"}go`;
}

/** gopathDir("pkg/mod"): the first GOPATH element's pkg/mod. */
function gomodcacheDefault(gopath: string, inputs: EnvInputs): string {
  const first = gopath.split(inputs.goos === "windows" ? ";" : ":")[0] ?? "";
  if (first === "") return "";
  return inputs.goos === "windows" ? `${first}\\pkg\\mod` : `${first}/pkg/mod`;
}
