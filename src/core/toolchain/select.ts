/**
 * Toolchain selection and switching (Go ≥ 1.21): which go runs a command, given GOTOOLCHAIN and the `go` and
 * `toolchain` lines of the go.work or go.mod in effect, and what it takes to get that go.
 * Mirrors cmd/go/internal/toolchain: select.go (Select, Exec), switch.go (NewerToolchain, newerToolchain,
 * HasAuto, HasPath), and gover/toolchain.go (TooNewError.Error), Go 1.26.
 */
import { compareGover, fromToolchain, isLang, isPrerelease, langOf } from "./gover.js";

/** The module go downloads toolchains as (select.go gotoolchainModule). */
export const TOOLCHAIN_MODULE = "golang.org/toolchain";

/** The go.work or go.mod Select reads (select.go modGoToolchain: go.work first, then go.mod). */
export interface ToolchainFile {
  /** As go names it in messages: base.ShortPath, e.g. "go.mod" or "../go.work". */
  readonly shortPath: string;
  /** gover.GoModLookup(data, "go"): "" when there is no go line. */
  readonly go: string;
  /** gover.GoModLookup(data, "toolchain"): "" when there is no toolchain line. */
  readonly toolchain: string;
}

/** What Select is given; all of it read by the caller. */
export interface SelectInputs {
  /** cfg.Getenv("GOTOOLCHAIN"): the environment, the GOENV file, then $GOROOT/go.env; "" when none sets it. */
  readonly gotoolchain: string;
  /** The local toolchain's name, e.g. "go1.26.8" (runtime.Version). */
  readonly local: string;
  readonly file: ToolchainFile | null;
  readonly goos: string;
  readonly goarch: string;
}

/**
 * Select's decision:
 * - local: the local go runs the command; `tooNew` is the error it then stops with because the file needs a
 *   newer go (modload's TooNewError), or null;
 * - fatal: go stops with `error` (after "go: ") before doing anything;
 * - switch: go runs `toolchain` instead: from PATH, else (unless pathOnly) downloaded as `module`.
 */
export type Selection =
  | { readonly kind: "local"; readonly reason: string; readonly tooNew: string | null }
  /** `inFile`: the go.work/go.mod's toolchain line is at fault, not GOTOOLCHAIN. */
  | { readonly kind: "fatal"; readonly error: string; readonly inFile: boolean }
  | {
      readonly kind: "switch";
      readonly toolchain: string;
      readonly reason: string;
      readonly pathOnly: boolean;
      readonly module: { readonly path: string; readonly version: string };
    };

/** The golang.org/toolchain version of a toolchain for a platform: v0.0.1-go1.21.0.linux-amd64 (Exec). */
export function toolchainModuleVersion(toolchain: string, goos: string, goarch: string): string {
  return `v0.0.1-${toolchain}.${goos}-${goarch}`;
}

/** HasAuto: GOTOOLCHAIN allows downloads ("auto", "<min>+auto"). */
export function hasAuto(gotoolchain: string): boolean {
  return gotoolchain === "auto" || gotoolchain.endsWith("+auto");
}

/** HasPath: GOTOOLCHAIN allows toolchains from PATH only ("path", "<min>+path"). */
export function hasPath(gotoolchain: string): boolean {
  return gotoolchain === "path" || gotoolchain.endsWith("+path");
}

/** The minimum toolchain and the mode GOTOOLCHAIN sets, or go's fatal error. */
function parseSetting(
  gotoolchain: string,
  local: string,
): { min: string; minVers: string; mode: string } | { error: string } {
  const localVers = fromToolchain(local);
  if (gotoolchain === "auto" || gotoolchain === "path")
    return { min: local, minVers: localVers, mode: gotoolchain };
  const plus = gotoolchain.indexOf("+");
  const min = plus < 0 ? gotoolchain : gotoolchain.slice(0, plus);
  const suffix = plus < 0 ? "" : gotoolchain.slice(plus + 1);
  let out = { min: local, minVers: localVers, mode: suffix };
  if (min !== "local") {
    const v = fromToolchain(min);
    if (v === "")
      return {
        error:
          plus >= 0
            ? `invalid GOTOOLCHAIN ${q(gotoolchain)}: invalid minimum toolchain ${q(min)}`
            : `invalid GOTOOLCHAIN ${q(gotoolchain)}`,
      };
    out = { min, minVers: v, mode: suffix };
  }
  if (plus >= 0 && suffix !== "auto" && suffix !== "path")
    return { error: `invalid GOTOOLCHAIN ${q(gotoolchain)}: only version suffixes are +auto and +path` };
  return out;
}

/** Go's %q of a string of printable ASCII (what these settings are when they reach the messages). */
function q(s: string): string {
  return JSON.stringify(s);
}

/**
 * The TooNewError text go stops with when file needs a newer go than the local one
 * (gover/toolchain.go TooNewError.Error with the Startup record Select left).
 */
export function tooNewText(
  what: string,
  goVersion: string,
  local: string,
  startup: { gotoolchain: string; autoFile: string; autoGo: string; autoToolchain: string },
): string {
  let explain = "";
  if (startup.gotoolchain !== "" && startup.gotoolchain !== "auto")
    explain = `; GOTOOLCHAIN=${startup.gotoolchain}`;
  if (startup.autoFile !== "" && (startup.autoGo !== "" || startup.autoToolchain !== ""))
    explain += `; ${startup.autoFile} sets ${startup.autoToolchain !== "" ? `toolchain ${startup.autoToolchain}` : `go ${startup.autoGo}`}`;
  return `${what} requires go >= ${goVersion} (running go ${fromToolchain(local) || local}${explain})`;
}

/**
 * Select: decides which toolchain runs the command. Pure; the PATH search and the download are the caller's
 * (see execFailure). A file whose go line is newer than the go that ends up running yields `tooNew` only
 * when that go is the local one (a switched-to toolchain judges for itself).
 */
export function selectToolchain(inp: SelectInputs): Selection {
  // An empty GOTOOLCHAIN (go.env without the line, GOROOT broken) lets the local go run.
  if (inp.gotoolchain === "")
    return { kind: "local", reason: "GOTOOLCHAIN is empty", tooNew: tooNewLocal(inp, null) };
  const setting = parseSetting(inp.gotoolchain, inp.local);
  if ("error" in setting) return { kind: "fatal", error: setting.error, inFile: false };
  let chosen = setting.min;
  let minVers = setting.minVers;
  let reason = setting.min === inp.local ? "the local toolchain" : `GOTOOLCHAIN=${inp.gotoolchain}`;
  const startup = { gotoolchain: inp.gotoolchain, autoFile: "", autoGo: "", autoToolchain: "" };
  if ((setting.mode === "auto" || setting.mode === "path") && inp.file !== null) {
    const f = inp.file;
    startup.autoFile = f.shortPath;
    if (f.toolchain === "default") {
      startup.autoToolchain = "default";
    } else {
      if (f.toolchain !== "") {
        const tv = fromToolchain(f.toolchain);
        if (tv === "" || (!f.toolchain.startsWith("go") && !f.toolchain.includes("-go")))
          return {
            kind: "fatal",
            error: `invalid toolchain ${q(f.toolchain)} in ${f.shortPath}`,
            inFile: true,
          };
        if (compareGover(tv, minVers) > 0) {
          chosen = f.toolchain;
          minVers = tv;
          startup.autoToolchain = f.toolchain;
          reason = `the toolchain line in ${f.shortPath}`;
        }
      }
      if (compareGover(f.go, minVers) > 0) {
        chosen = `go${f.go}`;
        minVers = f.go;
        // From 1.21 on, "go 1.N" names the language; its first release is go1.N.0 (golang.org/issue/62278).
        if (isLang(f.go) && compareGover(f.go, "1.21") >= 0) chosen += ".0";
        startup.autoGo = f.go;
        startup.autoToolchain = "";
        reason = `the go line in ${f.shortPath}`;
      }
    }
  }
  if (chosen === "local" || chosen === inp.local)
    return { kind: "local", reason, tooNew: tooNewLocal(inp, startup) };
  if (!chosen.startsWith("go1") && !chosen.includes("-go1"))
    return { kind: "fatal", error: `invalid GOTOOLCHAIN ${q(chosen)}`, inFile: false };
  return {
    kind: "switch",
    toolchain: chosen,
    reason,
    pathOnly: hasPath(inp.gotoolchain),
    module: { path: TOOLCHAIN_MODULE, version: toolchainModuleVersion(chosen, inp.goos, inp.goarch) },
  };
}

/** The TooNewError the local go stops with when the file's go line is newer than it (modload/modfile.go). */
function tooNewLocal(
  inp: SelectInputs,
  startup: { gotoolchain: string; autoFile: string; autoGo: string; autoToolchain: string } | null,
): string | null {
  const f = inp.file;
  const localVers = fromToolchain(inp.local);
  if (f === null || f.go === "" || compareGover(f.go, localVers) <= 0) return null;
  const s = startup ?? { gotoolchain: inp.gotoolchain, autoFile: "", autoGo: "", autoToolchain: "" };
  return tooNewText(f.shortPath, f.go, inp.local, s);
}

/** How the download of a switched-to toolchain ended, as Exec sees it. */
export type ToolchainFetch =
  | { readonly kind: "ok" }
  /** errors.Is(err, fs.ErrNotExist): 404/410 everywhere, GOPROXY=off, a failed direct lookup. */
  | { readonly kind: "not-exist" }
  /** Any other failure, with the error text modfetch.Download returned. */
  | { readonly kind: "error"; readonly error: string };

/**
 * Exec's error for a toolchain it could not get (after "go: "), or null when it runs.
 * `onPath`: an executable named toolchain is on PATH (Exec runs it before any download).
 */
export function execFailure(
  toolchain: string,
  pathOnly: boolean,
  onPath: boolean,
  fetch: ToolchainFetch | null,
  goos: string,
  goarch: string,
): string | null {
  if (onPath) return null;
  if (pathOnly) return `cannot find ${q(toolchain)} in PATH`;
  if (fetch === null || fetch.kind === "ok") return null;
  if (fetch.kind === "not-exist") {
    const v = fromToolchain(toolchain);
    if (isLang(v) && compareGover(v, "1.21") >= 0)
      return `invalid toolchain: ${toolchain} is a language version but not a toolchain version (${toolchain}.x)`;
    return `download ${toolchain} for ${goos}/${goarch}: toolchain not available`;
  }
  return `download ${toolchain}: ${fetch.error}`;
}

/**
 * The versions golang.org/toolchain's @v/list offers, as go's toolchainRepo reads them (modfetch/toolchain.go
 * Versions, dlToGo): "v0.0.1-go1.21.3.linux-amd64" → "1.21.3", any platform, deduplicated, plus the local
 * version, sorted by Compare.
 */
export function toolchainVersionsFromList(list: readonly string[], local: string): string[] {
  const have = new Set<string>();
  for (const v of list) {
    const dash = v.indexOf("-");
    if (dash < 0) continue;
    const rest = v.slice(dash + 1);
    const dot = rest.lastIndexOf(".");
    if (dot < 0 || !rest.slice(dot + 1).includes("-")) continue;
    have.add(rest.slice(0, dot).replace(/^go/, ""));
  }
  const localVers = fromToolchain(local);
  if (localVers !== "") have.add(localVers);
  return [...have].sort(compareGover);
}

/**
 * newerToolchain: the toolchain a switch for "needs go ≥ need" picks from the available versions (sorted):
 * the latest patch release of the newest language family at least need, but if a newer family already has a
 * release, the latest patch of the family before it. Returns go's error when nothing qualifies.
 */
export function newerToolchain(
  need: string,
  list: readonly string[],
): { toolchain: string } | { error: string } {
  let latest = "";
  for (let i = list.length - 1; i >= 0; i--) {
    const v = list[i]!;
    if (compareGover(v, need) < 0) break;
    if (langOf(latest) === langOf(v)) continue;
    const newer = latest;
    latest = v;
    if (newer !== "" && !isPrerelease(newer)) break;
  }
  if (latest === "") return { error: `no releases found for go >= ${need}` };
  return { toolchain: `go${latest}` };
}
