/**
 * Fixes as data: a finding's fix is a list of typed changes to one variable each, never shell text. Renderers
 * turn changes into each target's idiom (core/fixes/targets/, {@link changeCommand} for POSIX shells);
 * {@link applyChanges} applies them to a resolved configuration so that the result can be linted again
 * (core/fixes/plan.ts).
 *
 * The model of where a value lives mirrors cmd/go/internal/cfg (cfg.go: Getenv/EnvOrAndChanged): the
 * environment overrides the GOENV file (`go env -w`), which overrides $GOROOT/go.env and the built-in default;
 * GONOPROXY and GONOSUMDB fall back to GOPRIVATE when unset or empty.
 */
import type { EnvValue, ResolvedEnv } from "../config/environment.js";
import { parseGoenvFile } from "../config/goenv-file.js";
import { stripGoproxyCredentials } from "../redact.js";
import { shWord } from "./quote.js";

/** Where a change is made: the process environment (`export`/`unset`) or the GOENV file (`go env -w`/`-u`). */
export type ChangeScope = "environment" | "goenv-file";

/**
 * One typed change of one variable.
 * - `set`: the variable takes value (`export NAME=V` / `go env -w NAME=V`);
 * - `unset`: the variable is removed where scope says (`unset NAME` / `go env -u NAME`);
 * - `add` / `remove`: items added to (at the end, duplicates dropped, order kept) or removed from a
 *   comma-separated list (GOPRIVATE & co.) or, for GOFLAGS, a space-separated one.
 * Values never hold credentials: URL userinfo is removed when a change is made ({@link setChange}).
 */
export type Change =
  | { readonly op: "set"; readonly name: string; readonly value: string; readonly scope: ChangeScope }
  | { readonly op: "unset"; readonly name: string; readonly scope: ChangeScope }
  | {
      readonly op: "add" | "remove";
      readonly name: string;
      readonly items: readonly string[];
      readonly scope: ChangeScope;
    };

/** The scope a change of name takes in r: where the user set it (the environment wins), else the GOENV file. */
export function scopeOf(r: ResolvedEnv, name: string): ChangeScope {
  return r.vars[name]?.source === "environment" ? "environment" : "goenv-file";
}

/** A `set` change with URL userinfo removed from the value (go reads credentials from .netrc or GOAUTH). */
export function setChange(r: ResolvedEnv, name: string, value: string): Change {
  if (value === "") return unsetChange(r, name);
  return { op: "set", name, value: stripGoproxyCredentials(value).value, scope: goScope(r, name) };
}

/** An `unset` change where the user set the variable. */
export function unsetChange(r: ResolvedEnv, name: string): Change {
  return { op: "unset", name, scope: goScope(r, name) };
}

/** An `add` change of list items. */
export function addChange(r: ResolvedEnv, name: string, items: readonly string[]): Change {
  return { op: "add", name, items, scope: goScope(r, name) };
}

/** A `remove` change of list items. */
export function removeChange(r: ResolvedEnv, name: string, items: readonly string[]): Change {
  return { op: "remove", name, items, scope: goScope(r, name) };
}

/** Variables go env -w does not accept (they are not go's): always the environment. */
function goScope(r: ResolvedEnv, name: string): ChangeScope {
  return name.startsWith("GO") ? scopeOf(r, name) : "environment";
}

/** The separator of a list variable: GOFLAGS is space-separated (base/goflags.go), the pattern lists use commas. */
function separator(name: string): string {
  return name === "GOFLAGS" ? " " : ",";
}

function splitList(name: string, value: string): string[] {
  return value.split(name === "GOFLAGS" ? /\s+/ : ",").filter((x) => x !== "");
}

/** The value of a list variable after an add or remove change (order kept, duplicates dropped). */
export function listAfter(name: string, current: string, c: Change): string {
  if (c.op !== "add" && c.op !== "remove") return current;
  const items = splitList(name, current);
  const next =
    c.op === "add" ? [...new Set([...items, ...c.items])] : items.filter((i) => !c.items.includes(i));
  return next.join(separator(name));
}

/** The POSIX shell command of a change, value single-quoted where the shell needs it. */
export function changeCommand(c: Change, current = ""): string {
  const env = c.scope === "environment";
  switch (c.op) {
    case "set":
      return `${env ? "export" : "go env -w"} ${c.name}=${shWord([{ lit: c.value }])}`;
    case "unset":
      return env ? `unset ${c.name}` : `go env -u ${c.name}`;
    default: {
      const value = listAfter(c.name, current, c);
      if (value === "") return env ? `unset ${c.name}` : `go env -u ${c.name}`;
      return `${env ? "export" : "go env -w"} ${c.name}=${shWord([{ lit: value }])}`;
    }
  }
}

/** Built-in values go falls back to (cfg.go; $GOROOT/go.env of Go ≥ 1.21 holds the same, plus GOTOOLCHAIN=auto). */
const BUILTIN: Readonly<Record<string, string>> = {
  GOPROXY: "https://proxy.golang.org,direct",
  GOSUMDB: "sum.golang.org",
  GOTOOLCHAIN: "auto",
};

/** The two layers a person can change: the environment and the GOENV file (absent name: not set there). */
interface Layers {
  readonly env: Map<string, string>;
  readonly file: Map<string, string>;
}

function layersOf(r: ResolvedEnv): Layers {
  const env = new Map<string, string>();
  for (const [k, v] of Object.entries(r.vars)) if (v.source === "environment") env.set(k, v.value);
  for (const s of r.shadowed) env.set(s.name, s.envValue);
  const file = new Map<string, string>();
  for (const [k, e] of r.goenvFile?.entries ?? []) file.set(k, e.value);
  return { env, file };
}

/** The value of name that go uses, from the layers (an empty value counts as unset: cfg.Getenv). */
function effective(r: ResolvedEnv, l: Layers, name: string): EnvValue {
  const e = l.env.get(name) ?? "";
  if (e !== "") return { value: e, source: "environment", detail: null };
  const f = name.startsWith("GO") ? (l.file.get(name) ?? "") : "";
  if (f !== "") return { value: f, source: "goenv-file", detail: null };
  if (name === "GONOPROXY" || name === "GONOSUMDB") {
    const p = effective(r, l, "GOPRIVATE").value;
    return { value: p, source: "derived", detail: "from GOPRIVATE" };
  }
  const orig = r.vars[name];
  if (orig !== undefined && (orig.source === "default" || orig.source === "derived")) return orig;
  const builtin = BUILTIN[name];
  return builtin !== undefined && orig !== undefined
    ? { value: builtin, source: "default", detail: "built-in default" }
    : { value: "", source: "default", detail: null };
}

/** Applies one change to the layer its scope names; list changes start from the value go uses now. */
function applyOne(r: ResolvedEnv, l: Layers, c: Change): void {
  const layer = c.scope === "environment" ? l.env : l.file;
  if (c.op === "unset") layer.delete(c.name);
  else if (c.op === "set") layer.set(c.name, c.value);
  else {
    const v = listAfter(c.name, effective(r, l, c.name).value, c);
    if (v === "") layer.delete(c.name);
    else layer.set(c.name, v);
  }
}

const DEPENDENTS: Readonly<Record<string, readonly string[]>> = { GOPRIVATE: ["GONOPROXY", "GONOSUMDB"] };

/**
 * The configuration after changes, applied in order to the environment and the GOENV file: the environment
 * wins over the file, an empty value counts as unset, GONOPROXY and GONOSUMDB fall back to GOPRIVATE
 * (cfg.go: Getenv, EnvOrAndChanged). Pure; never throws.
 */
export function applyChanges(r: ResolvedEnv, changes: readonly Change[]): ResolvedEnv {
  const l = layersOf(r);
  const touched = new Set<string>();
  for (const c of changes) {
    applyOne(r, l, c);
    touched.add(c.name);
    for (const d of DEPENDENTS[c.name] ?? []) touched.add(d);
  }
  const vars: Record<string, EnvValue> = { ...r.vars };
  for (const n of touched) vars[n] = effective(r, l, n);
  // The GOENV file as `go env -w` would leave it (its notes about quotes and spaces go with the old lines).
  const fileChanged = changes.some((c) => c.scope === "goenv-file");
  const goenvFile = fileChanged
    ? parseGoenvFile([...l.file].map(([k, v]) => `${k}=${v}\n`).join(""))
    : r.goenvFile;
  const shadowed = r.shadowed.filter(
    (s) => !touched.has(s.name) || ((l.env.get(s.name) ?? "") !== "" && (l.file.get(s.name) ?? "") !== ""),
  );
  return { ...r, vars, shadowed, goenvFile };
}

/**
 * Changes merged to one per variable and layer, in first-appearance order: the state each layer ends in after
 * all of them (a `set` of the final value, or an `unset`). Lists come out merged as the successive adds and
 * removes leave them; a layer that ends as it began gets no change.
 */
export function mergeChanges(before: ResolvedEnv, changes: readonly Change[]): Change[] {
  const start = layersOf(before);
  const end = layersOf(before);
  for (const c of changes) applyOne(before, end, c);
  const seen = new Set<string>();
  const out: Change[] = [];
  for (const c of changes) {
    const k = `${c.name}\u0000${c.scope}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const pick = (l: Layers) => (c.scope === "environment" ? l.env : l.file).get(c.name);
    const a = pick(end);
    if (a === pick(start)) continue;
    out.push(
      a === undefined
        ? { op: "unset", name: c.name, scope: c.scope }
        : { op: "set", name: c.name, value: a, scope: c.scope },
    );
  }
  return out;
}

/**
 * The raw process environment after changes (what net/http and the lint's non-go rules read): every variable
 * an environment-scoped change touched takes its value in after (the configuration applyChanges returned),
 * or is removed.
 */
export function envAfter(
  env: Readonly<Record<string, string | undefined>>,
  changes: readonly Change[],
  after: ResolvedEnv,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const c of changes) {
    if (c.scope !== "environment") continue;
    const v = after.vars[c.name];
    if (v?.source === "environment") out[c.name] = v.value;
    else delete out[c.name];
  }
  return out;
}
