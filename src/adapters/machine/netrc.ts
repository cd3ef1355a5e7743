/** Reads the .netrc go would read (core/netrc.ts). A missing or unreadable file means no credentials. */
import { existsSync, readFileSync } from "node:fs";
import { type NetrcEntry, netrcPath, parseNetrc, readsDotNetrcOnWindows } from "../../core/netrc.js";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The usable .netrc entries for env (NETRC, else the home directory's file: $HOME/.netrc, %USERPROFILE%\_netrc on
 * Windows, where go ≥ 1.23 — given goVersion — falls back to %USERPROFILE%\.netrc when _netrc does not exist).
 */
export function readNetrc(
  env: Env,
  goVersion?: { readonly major: number; readonly minor: number },
): NetrcEntry[] {
  const windows = process.platform === "win32";
  const home = (windows ? env.USERPROFILE : env.HOME) ?? null;
  const fallback = windows && goVersion !== undefined && readsDotNetrcOnWindows(goVersion);
  const legacyExists = !fallback || home === null || existsSync(`${home}\\_netrc`);
  const path = netrcPath(env, windows, home, fallback, legacyExists);
  if (path === null) return [];
  try {
    return parseNetrc(readFileSync(path, "utf8"));
  } catch {
    return [];
  }
}
