/** Reads the .netrc go would read (core/netrc.ts). A missing or unreadable file means no credentials. */
import { readFileSync } from "node:fs";
import { type NetrcEntry, netrcPath, parseNetrc } from "../../core/netrc.js";

type Env = Readonly<Record<string, string | undefined>>;

/** The usable .netrc entries for env (NETRC, else HOME's .netrc, as os.UserHomeDir reads HOME). */
export function readNetrc(env: Env): NetrcEntry[] {
  const windows = process.platform === "win32";
  const path = netrcPath(env, windows, (windows ? env.USERPROFILE : env.HOME) ?? null);
  if (path === null) return [];
  try {
    return parseNetrc(readFileSync(path, "utf8"));
  } catch {
    return [];
  }
}
