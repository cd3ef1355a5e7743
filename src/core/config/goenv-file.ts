/**
 * The GOENV file written by `go env -w`: where it is and how go reads it.
 * Mirrors cmd/go/internal/cfg/cfg.go: EnvFile and initEnvCache, and os.UserConfigDir (os/file.go), Go 1.19.
 */
import { joinPath } from "../gourl.js";

/** Operating systems whose configuration-directory rules differ. */
export type GoOS =
  | "linux"
  | "darwin"
  | "windows"
  | "plan9"
  | "freebsd"
  | "openbsd"
  | "netbsd"
  | "android"
  | "ios";

/** Where go reads the GOENV file from. */
export interface GoenvLocation {
  /** The file's path, or null when there is none (GOENV=off, or no config dir). */
  readonly path: string | null;
  /** What `go env GOENV` prints: the path, or "" when there is none. */
  readonly value: string;
  /** Why: "GOENV is set", "GOENV=off", "$XDG_CONFIG_HOME/go/env", or the error of os.UserConfigDir. */
  readonly reason: string;
  /** Source of the value for the env/v1 contract. */
  readonly source: "environment" | "derived";
}

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(env: Env, key: string): string {
  return env[key] ?? "";
}

/** os.UserConfigDir for goos; returns {dir} or {error} with Go's text. */
export function userConfigDir(env: Env, goos: GoOS): { dir: string } | { error: string } {
  switch (goos) {
    case "windows": {
      const d = nonEmpty(env, "AppData");
      return d !== "" ? { dir: d } : { error: "%AppData% is not defined" };
    }
    case "darwin":
    case "ios": {
      const h = nonEmpty(env, "HOME");
      return h !== "" ? { dir: `${h}/Library/Application Support` } : { error: "$HOME is not defined" };
    }
    case "plan9": {
      const h = nonEmpty(env, "home");
      return h !== "" ? { dir: `${h}/lib` } : { error: "$home is not defined" };
    }
    default: {
      const x = nonEmpty(env, "XDG_CONFIG_HOME");
      if (x !== "") return { dir: x };
      const h = nonEmpty(env, "HOME");
      return h !== "" ? { dir: `${h}/.config` } : { error: "neither $XDG_CONFIG_HOME nor $HOME are defined" };
    }
  }
}

/**
 * The GOENV file location (cfg.EnvFile): GOENV from the OS environment only (never from the file itself),
 * `off` disables it, else `<UserConfigDir>/go/env`.
 */
export function goenvLocation(env: Env, goos: GoOS): GoenvLocation {
  const file = nonEmpty(env, "GOENV");
  if (file === "off") return { path: null, value: "", reason: "GOENV=off", source: "environment" };
  if (file !== "") return { path: file, value: file, reason: "GOENV is set", source: "environment" };
  const dir = userConfigDir(env, goos);
  if ("error" in dir) return { path: null, value: "", reason: dir.error, source: "derived" };
  // filepath.Join(dir, "go/env") cleans the result ("/" + "/.config" becomes "/.config/go/env").
  const path = goos === "windows" ? `${dir.dir.replace(/[/\\]$/, "")}\\go\\env` : joinPath(dir.dir, "go/env");
  return { path, value: path, reason: "<UserConfigDir>/go/env", source: "derived" };
}

/** One KEY=VALUE line go uses. */
export interface GoenvEntry {
  readonly key: string;
  /** Verbatim: quotes, spaces and a trailing \r are kept, as go keeps them. */
  readonly value: string;
  /** 1-based line number. */
  readonly line: number;
}

/** A line go ignores or a value it takes literally where a person probably meant something else. */
export interface GoenvNote {
  readonly line: number;
  readonly message: string;
}

/** The parsed file: the last value of each key, in file order, plus notes. */
export interface GoenvFile {
  readonly entries: ReadonlyMap<string, GoenvEntry>;
  readonly notes: readonly GoenvNote[];
}

/**
 * Parses GOENV file text as cfg.initEnvCache does: split on `\n`; a line counts only if it has `=` and its
 * first byte is A–Z; key = bytes before the first `=` (untrimmed); value = the rest verbatim; last wins.
 * Never throws.
 */
export function parseGoenvFile(text: string): GoenvFile {
  const entries = new Map<string, GoenvEntry>();
  const notes: GoenvNote[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = i + 1;
    const eq = raw.indexOf("=");
    const first = raw.charCodeAt(0);
    if (eq < 0 || !(first >= 0x41 && first <= 0x5a)) {
      if (raw.trim() !== "")
        notes.push({ line, message: `ignored by go (no KEY=VALUE starting with A-Z): ${raw}` });
      return;
    }
    const key = raw.slice(0, eq);
    const value = raw.slice(eq + 1);
    if (entries.has(key)) notes.push({ line, message: `${key} is set again; this later line wins` });
    entries.set(key, { key, value, line });
    notes.push(...valueNotes(key, value, line));
  });
  return { entries, notes };
}

function valueNotes(key: string, value: string, line: number): GoenvNote[] {
  const notes: GoenvNote[] = [];
  if (key !== key.trim())
    notes.push({ line, message: `key ${JSON.stringify(key)} has spaces: go does not see ${key.trim()}` });
  if (/^(["']).*\1$/.test(value) && value.length >= 2) {
    notes.push({ line, message: `${key} value keeps its quotes literally: go reads ${value}` });
  }
  if (value.endsWith("\r"))
    notes.push({ line, message: `${key} value ends with a carriage return (CRLF file)` });
  if (value !== value.trim() && !value.endsWith("\r")) {
    notes.push({ line, message: `${key} value has leading or trailing spaces, which go keeps` });
  }
  return notes;
}
