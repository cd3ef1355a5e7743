/**
 * GOAUTH (Go ≥ 1.24): how go finds the credentials it sends with https requests. Mirrors
 * cmd/go/internal/auth/auth.go (runGoAuth's command list and fatal errors, storeCredential, loadCredential)
 * and userauth.go (parseUserAuth, mapHeadersToPrefixes), Go 1.26. Credentials are keyed by URL prefix
 * without the scheme ("host[:port][/path]") and found by cutting the request URL back at each "/": a .netrc
 * `machine example.com` therefore never matches https://example.com:8443/…, where go ≤ 1.23 (host name only)
 * did. Only https requests get credentials (AddCredentials panics on anything else; web/http.go never asks).
 */

/** One GOAUTH command, in the order go runs them (the setting's order reversed: the first one wins). */
export type GoAuthCommand =
  | { readonly kind: "netrc" }
  | { readonly kind: "git"; readonly dir: string }
  | { readonly kind: "command"; readonly command: string };

/** GOAUTH parsed: the commands, "off", or go's fatal error (after "go: "). */
export type GoAuthSetting =
  | { readonly kind: "off" }
  | { readonly kind: "commands"; readonly commands: readonly GoAuthCommand[] }
  | { readonly kind: "fatal"; readonly error: string };

/**
 * Parses GOAUTH as runGoAuth reads it: ";"-separated commands, run last first. An empty command and "off"
 * with others are fatal; `git` needs exactly one absolute directory (its existence is the caller's to check:
 * see gitDirError). Pure; never throws.
 */
export function parseGoAuth(value: string): GoAuthSetting {
  if (value === "off") return { kind: "off" };
  const parts = value.split(";").reverse();
  const commands: GoAuthCommand[] = [];
  for (const raw of parts) {
    const command = raw.trim();
    const words = command.split(/\s+/).filter((w) => w !== "");
    // go's own text repeats "go: " (base.Fatalf adds none; the format has it).
    if (words.length === 0)
      return { kind: "fatal", error: `go: GOAUTH encountered an empty command (GOAUTH=${value})` };
    if (words[0] === "off") {
      if (parts.length !== 1)
        return {
          kind: "fatal",
          error: `go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=${value})`,
        };
      return { kind: "off" };
    }
    if (words[0] === "netrc") commands.push({ kind: "netrc" });
    else if (words[0] === "git") {
      if (words.length !== 2)
        return {
          kind: "fatal",
          error: "go: GOAUTH=git dir method requires an absolute path to the git working directory",
        };
      const dir = words[1]!;
      if (!dir.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(dir))
        return {
          kind: "fatal",
          error:
            "go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute",
        };
      commands.push({ kind: "git", dir });
    } else commands.push({ kind: "command", command });
  }
  return { kind: "commands", commands };
}

/** go's fatal error for a `git DIR` whose directory does not stat, or is not a directory; null when fine. */
export function gitDirError(dir: string, stat: { error: string } | { isDir: boolean }): string | null {
  if ("error" in stat) return `go: GOAUTH=git encountered an error; cannot stat ${dir}: ${stat.error}`;
  if (!stat.isDir)
    return "go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not a directory";
  return null;
}

/** Credentials by URL prefix (scheme removed, no trailing "/"): the Authorization go sends there. */
export type CredentialStore = ReadonlyMap<string, string>;

/** storeCredential's key for a prefix or URL. */
export function credentialKey(prefix: string): string {
  return prefix.replace(/^https:\/\//, "").replace(/\/$/, "");
}

/**
 * loadCredential: what is stored for an https URL (the Authorization go sends) — under the longest stored
 * prefix that the URL (without "https://") equals or continues with a "/"; null when none. Pure.
 */
export function loadCredential<T>(store: ReadonlyMap<string, T>, url: string): T | null {
  let prefix = credentialKey(url);
  for (;;) {
    const got = store.get(prefix);
    if (got !== undefined) return got;
    const slash = prefix.lastIndexOf("/");
    if (slash < 0) return null;
    prefix = prefix.slice(0, slash);
  }
}

/** HTTP token characters (httpguts.ValidHeaderFieldName). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * parseUserAuth: a GOAUTH command's output — blocks of URLs, an empty line, header lines, an empty line —
 * as prefix → Authorization (other headers are kept by go but this tool sends only Authorization).
 * Returns go's error text for malformed output.
 */
export function parseUserAuth(data: string): Map<string, string> | { error: string } {
  const out = new Map<string, string>();
  let rest = data;
  while (rest !== "") {
    const urls: string[] = [];
    for (;;) {
      const nl = rest.indexOf("\n");
      if (nl < 0) return { error: "invalid format: missing empty line after URLs" };
      const line = rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      if (line === "") break;
      if (!/^[a-z][a-z0-9+.-]*:\/\/|^\//i.test(line)) return { error: `could not parse URL ${line}` };
      urls.push(line);
    }
    let authorization: string | null = null;
    for (;;) {
      const nl = rest.indexOf("\n");
      if (nl < 0) return { error: "invalid format: missing empty line after headers" };
      const line = rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      if (line === "") break;
      const cut = line.indexOf(": ");
      const name = cut < 0 ? "" : line.slice(0, cut);
      const value = cut < 0 ? "" : line.slice(cut + 2).trim();
      if (cut < 0 || !TOKEN.test(name) || /[\x00-\x08\x0a-\x1f\x7f]/.test(value))
        return { error: "invalid format: invalid header line" };
      if (name.toLowerCase() === "authorization" && authorization === null) authorization = value;
    }
    for (const u of urls) {
      const key = u.replace(/^https:\/\//, "");
      if (authorization === null) out.delete(key);
      else out.set(key, authorization);
    }
  }
  return out;
}
