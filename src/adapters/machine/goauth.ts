/**
 * The credentials go ≥ 1.24 sends with https requests under GOAUTH (core/goauth.ts), gathered as go's first
 * https request does (auth.go runGoAuth with no URL): .netrc lines stored by machine, user commands run with
 * no argument and their output parsed, `git DIR` skipped (go asks git only for a URL, after a 4xx). For go ≤
 * 1.23 (and an unset GOAUTH there) it is the plain .netrc, matched by host name. Command output and the
 * credentials never leave the returned entries: problems carry go's words without them.
 */
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { credentialKey, gitDirError, parseGoAuth, parseUserAuth } from "../../core/goauth.js";
import { basicAuthorization, type NetrcEntry } from "../../core/netrc.js";
import { readNetrc } from "./netrc.js";

type Env = Readonly<Record<string, string | undefined>>;

/** What GOAUTH yields: the entries to send, and what went wrong (go's fatal error, a failed command). */
export interface GoAuthCredentials {
  readonly entries: readonly NetrcEntry[];
  /** go's fatal error for the setting (every https request stops with it), else null. */
  readonly fatal: string | null;
  /** Commands that failed or printed what go cannot parse (go only mentions them under -x). */
  readonly problems: readonly string[];
}

/** A GOAUTH command as go runs it: words split with quotes honoured (cmd/internal/quoted.Split). */
function splitCommand(command: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(command); m !== null; m = re.exec(command)) words.push(m[1] ?? m[2] ?? m[3] ?? "");
  return words;
}

function runCommand(command: string, env: Env, timeoutMs: number): Map<string, string> | { error: string } {
  const [file, ...args] = splitCommand(command);
  if (file === undefined) return { error: `cannot parse GOAUTH command ${command}` };
  let out: string;
  try {
    out = execFileSync(file, args, {
      env: env as NodeJS.ProcessEnv,
      input: "",
      timeout: timeoutMs,
      encoding: "utf8",
      stdio: ["pipe", "pipe", "ignore"],
      maxBuffer: 1 << 20,
    });
  } catch (e) {
    const code = (e as { status?: number | null }).status;
    return {
      error: `could not run command ${command}: ${code == null ? "it did not finish" : `exit status ${code}`}`,
    };
  }
  const parsed = parseUserAuth(out);
  return "error" in parsed
    ? { error: `cannot parse output of GOAUTH command ${command}: ${parsed.error}` }
    : parsed;
}

/**
 * The credentials go of version `minor` (1.N) would send, for GOAUTH = `goauth` (its effective value, "netrc"
 * by default). Runs GOAUTH's commands (each bounded by timeoutMs); never throws.
 */
export function readCredentials(
  env: Env,
  goauth: string,
  minor: number,
  timeoutMs = 10_000,
): GoAuthCredentials {
  if (minor < 24) return { entries: readNetrc(env, { major: 1, minor }), fatal: null, problems: [] };
  const setting = parseGoAuth(goauth === "" ? "netrc" : goauth);
  if (setting.kind === "off") return { entries: [], fatal: null, problems: [] };
  if (setting.kind === "fatal") return { entries: [], fatal: setting.error, problems: [] };
  // Later-run commands overwrite: the first command of GOAUTH wins; within .netrc the first line wins.
  const store = new Map<string, string>();
  const problems: string[] = [];
  for (const c of setting.commands) {
    if (c.kind === "netrc") {
      for (const l of [...readNetrc(env, { major: 1, minor })].reverse())
        store.set(credentialKey(l.machine), basicAuthorization(l.login, l.password));
    } else if (c.kind === "git") {
      let stat: { error: string } | { isDir: boolean };
      try {
        stat = { isDir: statSync(c.dir).isDirectory() };
      } catch (e) {
        stat = {
          error: (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : String(e),
        };
      }
      const error = gitDirError(c.dir, stat);
      if (error !== null) return { entries: [], fatal: error, problems };
    } else {
      const got = runCommand(c.command, env, timeoutMs);
      if ("error" in got) problems.push(`GOAUTH=${c.command}: ${got.error}`);
      else for (const [prefix, auth] of got) store.set(credentialKey(prefix), auth);
    }
  }
  const entries = [...store].map(([machine, authorization]) => ({
    machine,
    login: "",
    password: "",
    authorization,
  }));
  return { entries, fatal: null, problems };
}

/**
 * readCredentials for the go version an answer is for ("go1.26.8"; an unparsable one counts as current Go)
 * and the resolved GOAUTH (absent before Go 1.24).
 */
export function goAuthCredentials(
  env: Env,
  vars: Readonly<Record<string, { readonly value: string }>>,
  goVersion: string,
): GoAuthCredentials {
  const m = /^go1\.(\d+)/.exec(goVersion);
  const minor = m === null ? 99 : Number(m[1]);
  return readCredentials(env, vars.GOAUTH?.value ?? "", minor);
}
