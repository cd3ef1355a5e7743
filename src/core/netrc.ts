/**
 * The .netrc credentials the go command sends with its https requests (module proxies, the checksum
 * database, go-get discovery). Mirrors cmd/go/internal/auth/netrc.go (parseNetrc, netrcPath) and auth.go
 * (AddCredentials), Go 1.19 — quirks included: a `default` token only ends parsing when it stands last on
 * its line after an even number of fields, and an entry counts only once machine, login and password are
 * all set.
 */

import { atLeast, type GoVersion } from "./config/goversion.js";
import { credentialKey, loadCredential } from "./goauth.js";

/**
 * One usable entry: go only keeps those with a machine, a login and a password. An entry with
 * `authorization` is a GOAUTH credential (Go ≥ 1.24, core/goauth.ts): `machine` is then its URL prefix
 * ("host[:port][/path]") and `authorization` the header go sends under it.
 */
export interface NetrcEntry {
  readonly machine: string;
  readonly login: string;
  readonly password: string;
  readonly authorization?: string;
}

/** unicode.IsSpace, which strings.Fields splits on (unlike \s, it excludes U+FEFF). */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Parses .netrc text as go does. Pure; never throws. */
export function parseNetrc(data: string): NetrcEntry[] {
  const out: NetrcEntry[] = [];
  let l = { machine: "", login: "", password: "" };
  let inMacro = false;
  for (const line of data.split("\n")) {
    if (inMacro) {
      if (line === "") inMacro = false;
      continue;
    }
    const f = line.split(GO_SPACE).filter((w) => w !== "");
    let i = 0;
    for (; i < f.length - 1; i += 2) {
      const value = f[i + 1]!;
      if (f[i] === "machine") l = { machine: value, login: "", password: "" };
      else if (f[i] === "login") l.login = value;
      else if (f[i] === "password") l.password = value;
      else if (f[i] === "macdef") inMacro = true;
      if (l.machine !== "" && l.login !== "" && l.password !== "") {
        out.push(l);
        l = { machine: "", login: "", password: "" };
      }
    }
    if (i < f.length && f[i] === "default") break;
  }
  return out;
}

/**
 * Whether go on Windows falls back to %USERPROFILE%\.netrc when %USERPROFILE%\_netrc does not exist: go ≥ 1.23
 * (golang/go#66832; go1.26's auth/netrc.go netrcPath has it, go1.19's does not — both seen with go.exe under Wine).
 */
export function readsDotNetrcOnWindows(v: { readonly major: number; readonly minor: number }): boolean {
  return v.major > 1 || v.minor >= 23;
}

/**
 * The .netrc file go reads (auth.netrcPath): $NETRC, else ~/.netrc; on Windows %USERPROFILE%\_netrc, or — when
 * `dotNetrcFallback` (readsDotNetrcOnWindows) and no _netrc exists (`legacyExists` false) — %USERPROFILE%\.netrc.
 */
export function netrcPath(
  env: Readonly<Record<string, string | undefined>>,
  windows: boolean,
  home: string | null,
  dotNetrcFallback = false,
  legacyExists = true,
): string | null {
  if (env.NETRC) return env.NETRC;
  if (home === null || home === "") return null;
  if (!windows) return `${home}/.netrc`;
  return `${home}\\${dotNetrcFallback && !legacyExists ? ".netrc" : "_netrc"}`;
}

/** The entry AddCredentials would use for a host name (the first whose machine equals it), or null. */
export function netrcFor(entries: readonly NetrcEntry[], hostname: string): NetrcEntry | null {
  return entries.find((e) => e.machine === hostname) ?? null;
}

/**
 * How go matches a .netrc machine to a request. "host" (go ≤ 1.23, auth.AddCredentials): the URL's host name,
 * port ignored. "url-prefix" (go ≥ 1.24, GOAUTH=netrc: auth.storeCredential/loadCredential): the machine is a
 * prefix of the URL without "https://", cut at slashes — so a port is part of it, and machine "h" never
 * matches https://h:8443/, and a URL with userinfo matches no machine (the userinfo is part of the string).
 * Verified with go1.19 and go1.26 (test/conformance/predict-go.test.ts).
 */
export type NetrcMatch = "host" | "url-prefix";

/** The .netrc matching of go version {major, minor}. */
export function netrcMatchOf(v: Pick<GoVersion, "major" | "minor">): NetrcMatch {
  return atLeast(v, 24) ? "url-prefix" : "host";
}

/** The entry go sends with an https url (already without userinfo), or null. Never throws. */
export function netrcForURL(
  entries: readonly NetrcEntry[],
  url: string,
  match: NetrcMatch,
): NetrcEntry | null {
  if (!url.startsWith("https://")) return null;
  // GOAUTH credentials exist only for go ≥ 1.24, which always matches by prefix.
  if (match === "host" && !entries.some((e) => e.authorization !== undefined)) {
    try {
      return netrcFor(entries, new URL(url).hostname);
    } catch {
      return null;
    }
  }
  // storeCredential keeps one header per prefix; the first .netrc line for a machine is stored last and wins.
  const byPrefix = new Map<string, NetrcEntry>();
  for (const e of [...entries].reverse()) byPrefix.set(credentialKey(e.machine), e);
  return loadCredential(byPrefix, url);
}

/**
 * The Authorization go sends with a request to url, or null: nothing but https gets credentials. GOAUTH
 * credentials (entries with `authorization`, Go ≥ 1.24) match by URL prefix (auth.go loadCredential); plain
 * .netrc entries (go ≤ 1.23) by host name, port ignored (auth.AddCredentials, Go 1.19).
 */
export function credentialFor(entries: readonly NetrcEntry[], url: URL): string | null {
  if (url.protocol !== "https:") return null;
  if (entries.some((e) => e.authorization !== undefined)) {
    const store = new Map<string, string>();
    for (const e of entries)
      if (e.authorization !== undefined && !store.has(e.machine)) store.set(e.machine, e.authorization);
    return loadCredential(store, url.href);
  }
  const e = netrcFor(entries, url.hostname.replace(/^\[|\]$/g, ""));
  return e === null ? null : basicAuthorization(e.login, e.password);
}

/** net/http SetBasicAuth's header value: "Basic " + base64(login ":" password), UTF-8. */
export function basicAuthorization(login: string, password: string): string {
  const bytes = new TextEncoder().encode(`${login}:${password}`);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}
