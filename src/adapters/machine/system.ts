/**
 * The operating system's own settings that go ignores or that explain a stale environment, read with the system's
 * commands, each bounded in time (a missing command, a timeout or an error reads as "nothing set"):
 * - Windows: `reg query` of Internet Settings (the system proxy), HKCU\Environment and the machine's Session
 *   Manager\Environment (persisted variables);
 * - macOS: `scutil --proxy`.
 */
import { execFile } from "node:child_process";
import { bypassToNoProxy, parseWinProxyServer, type SystemProxy } from "../../core/system/proxy.js";
import { parseRegQuery, type RegValue, regDword, regValues } from "../../core/system/regquery.js";
import { scutilSystemProxy } from "../../core/system/scutil.js";

/** The registry keys read. */
export const INTERNET_SETTINGS = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
export const USER_ENVIRONMENT = "HKCU\\Environment";
export const MACHINE_ENVIRONMENT = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment";

/** Runs a command with a time bound (ms); its stdout, or null when it failed, timed out or does not exist. */
function output(file: string, args: readonly string[], timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(file, [...args], { timeout: timeoutMs, windowsHide: true, maxBuffer: 1 << 20 }, (err, stdout) =>
      resolve(err === null ? stdout : null),
    );
  });
}

/** The values of one registry key (`reg query KEY`, at most timeoutMs), or [] when it cannot be read. */
export async function readRegistryKey(key: string, timeoutMs = 3_000): Promise<RegValue[]> {
  const out = await output("reg", ["query", key], timeoutMs);
  return out === null ? [] : [...regValues(parseRegQuery(out)).values()];
}

/** Windows' system proxy from Internet Settings, or null when none is enabled and no PAC script is set. */
export function windowsSystemProxy(values: readonly RegValue[]): SystemProxy | null {
  const byName = new Map(values.map((v) => [v.name.toUpperCase(), v]));
  const enabled = regDword(byName.get("PROXYENABLE")) === 1;
  const server = enabled
    ? parseWinProxyServer(byName.get("PROXYSERVER")?.data ?? "")
    : { http: null, https: null };
  const pacURL = byName.get("AUTOCONFIGURL")?.data || null;
  if (server.http === null && server.https === null && pacURL === null) return null;
  const bypass = (byName.get("PROXYOVERRIDE")?.data ?? "").split(";");
  return {
    where: "Windows' Internet Settings",
    ...server,
    pacURL,
    ...bypassToNoProxy(bypass),
    fixTarget: "cmd",
    modelled: false,
  };
}

/** The system proxy of this machine (Windows' registry, macOS's scutil), or null. Bounded by timeoutMs. */
export async function readSystemProxy(timeoutMs = 3_000): Promise<SystemProxy | null> {
  if (process.platform === "win32")
    return windowsSystemProxy(await readRegistryKey(INTERNET_SETTINGS, timeoutMs));
  if (process.platform === "darwin") {
    const out = await output("scutil", ["--proxy"], timeoutMs);
    return out === null ? null : scutilSystemProxy(out);
  }
  return null;
}

/** Windows' persisted variables: the user's and the machine's (empty elsewhere or when unreadable). */
export async function readPersistedEnvironment(
  timeoutMs = 3_000,
): Promise<{ user: RegValue[]; machine: RegValue[] }> {
  if (process.platform !== "win32") return { user: [], machine: [] };
  const [user, machine] = await Promise.all([
    readRegistryKey(USER_ENVIRONMENT, timeoutMs),
    readRegistryKey(MACHINE_ENVIRONMENT, timeoutMs),
  ]);
  return { user, machine };
}
