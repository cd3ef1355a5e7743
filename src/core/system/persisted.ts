/**
 * Variables persisted in Windows' registry (HKCU\Environment for the user, HKLM\SYSTEM\CurrentControlSet\Control\
 * Session Manager\Environment for the machine) that differ from this process's environment. Windows hands a
 * program the persisted values only when it starts (Explorer rebuilds its block on WM_SETTINGCHANGE; programs
 * already running keep theirs), so a terminal, IDE or service started before `setx` or the Settings dialog keeps
 * the old value. go itself reads only its process environment (os.Getenv) and, for go env settings, the
 * %AppData%\go\env file, which it reads at every start — hence `go env -w` needs no restart. Pure.
 */
import { goEnvKeys, otherEnvKeys } from "../config/environment.js";
import { NEWEST_MODELLED_GO } from "../config/goversion.js";
import type { Finding } from "../finding.js";
import type { RegValue } from "./regquery.js";

/** The variables that change what go does when it downloads modules: go env's keys and the others go reads. */
export const WATCHED_VARIABLES: readonly string[] = [...goEnvKeys(NEWEST_MODELLED_GO), ...otherEnvKeys()];

/** `go env -w` accepts these; the others can only come from the environment. */
const GO_ENV_W = new Set(goEnvKeys(NEWEST_MODELLED_GO).filter((v) => v !== "GOENV"));

type Env = Readonly<Record<string, string | undefined>>;

/** Windows' environment lookup: names compare without regard to case. */
function lookup(env: Env, name: string): string | undefined {
  const upper = name.toUpperCase();
  for (const [k, v] of Object.entries(env)) if (k.toUpperCase() === upper && v !== undefined) return v;
  return undefined;
}

/** ExpandEnvironmentStrings for REG_EXPAND_SZ: %NAME% from env, left as written when NAME is unset. */
export function expandPercent(value: string, env: Env): string {
  return value.replace(/%([^%]+)%/g, (whole, name: string) => lookup(env, name) ?? whole);
}

/** One persisted value that a new process would get and this one does not have. */
export interface StaleVariable {
  readonly name: string;
  readonly scope: "user" | "machine";
  /** What a program started now would see (expanded). */
  readonly persisted: string;
  /** What this process has, or null when unset. */
  readonly current: string | null;
}

/**
 * The watched variables whose persisted value (the user's over the machine's, as Windows builds a new
 * environment; REG_EXPAND_SZ expanded) differs from env's.
 */
export function staleVariables(
  user: readonly RegValue[],
  machine: readonly RegValue[],
  env: Env,
): StaleVariable[] {
  const out: StaleVariable[] = [];
  for (const name of WATCHED_VARIABLES) {
    const pick = (vs: readonly RegValue[]) => vs.find((v) => v.name.toUpperCase() === name);
    const u = pick(user);
    const m = pick(machine);
    const v = u ?? m;
    if (v === undefined) continue;
    const persisted = v.type === "REG_EXPAND_SZ" ? expandPercent(v.data, env) : v.data;
    const current = lookup(env, name) ?? null;
    if (persisted !== (current ?? ""))
      out.push({ name, scope: u !== undefined ? "user" : "machine", persisted, current });
  }
  return out;
}

const WHERE = {
  user: "your user environment (HKCU\\Environment)",
  machine:
    "the machine's environment (HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment)",
} as const;

/** One warning per stale variable: which program to restart, or `go env -w` where go accepts it. */
export function staleVariableFindings(stale: readonly StaleVariable[]): Finding[] {
  return stale.map((s) => {
    const now =
      s.current === null ? "is not set in this process" : `is ${JSON.stringify(s.current)} in this process`;
    // go env -w helps only where the variable is unset here: the environment overrides go's env file.
    const goenv = GO_ENV_W.has(s.name) && (s.current ?? "") === "";
    return {
      id: "windows.stale-environment",
      severity: "warning",
      cause: null,
      message: `${s.name} is ${JSON.stringify(s.persisted)} in ${WHERE[s.scope]} but ${now}: this terminal, IDE or service started before it was set and keeps its old environment. Restart it (for programs started from the Start menu or taskbar, sign out or restart Explorer; for a service, restart the service)${goenv ? `, or set it with \`go env -w\`, which go reads at every start` : ""}.`,
      fix: goenv ? [`go env -w ${s.name}=${s.persisted}`] : [],
    };
  });
}
