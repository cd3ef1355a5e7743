/**
 * The output boundary: every byte the CLI prints or writes passes one redactor that knows the secrets of this
 * machine's configuration (URL userinfo in the environment, the GOENV file, git's config files and the
 * command line; .netrc passwords; GOAUTH command arguments; webhook URLs), in raw, percent-encoded and base64
 * form (core/redact.ts makeRedactor). Features redact what they know as well; this is the net under them.
 */
import { readFileSync } from "node:fs";
import { homedir, platform } from "node:os";
import { join } from "node:path";
import { goenvLocation, parseGoenvFile } from "../../core/config/goenv-file.js";
import { goauthSecrets, makeRedactor, type Redactor, urlSecrets, webhookSecrets } from "../../core/redact.js";
import { readNetrc } from "../machine/netrc.js";

type Env = Readonly<Record<string, string | undefined>>;

function readOrEmpty(path: string): string {
  if (path === "") return "";
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** git's config files that may hold `url.<base>.insteadOf` rules with credentials (git-config FILES). */
function gitConfigTexts(env: Env): string[] {
  const home = env.HOME ?? env.USERPROFILE ?? "";
  const xdg = env.XDG_CONFIG_HOME || (home === "" ? "" : join(home, ".config"));
  return [
    env.GIT_CONFIG_GLOBAL ?? "",
    home === "" ? "" : join(home, ".gitconfig"),
    xdg === "" ? "" : join(xdg, "git", "config"),
    env.GIT_CONFIG_SYSTEM ?? "/etc/gitconfig",
    ".git/config",
  ].map(readOrEmpty);
}

/**
 * Every secret this process could print, gathered from env, the files go and git read, and argv (values of
 * `--webhook` are secret whole). Never throws: unreadable files hold no secrets.
 */
export function knownSecrets(env: Env, argv: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    out.push(...(k === "GOAUTH" ? goauthSecrets(v) : urlSecrets(v)));
  }
  const goos = platform() === "win32" ? "windows" : platform() === "darwin" ? "darwin" : "linux";
  const goenv = parseGoenvFile(readOrEmpty(goenvLocation(env, goos).path ?? ""));
  for (const e of goenv.entries.values())
    out.push(...(e.key === "GOAUTH" ? goauthSecrets(e.value) : urlSecrets(e.value)));
  for (const n of readNetrc(env)) out.push(n.password, `${n.login}:${n.password}`);
  for (const text of gitConfigTexts(env)) out.push(...urlSecrets(text));
  argv.forEach((a, i) => {
    out.push(...urlSecrets(a));
    if (argv[i - 1] === "--webhook" || a.startsWith("--webhook=")) out.push(...webhookSecrets(a));
  });
  return out;
}

/** The redactor for this process (env and argv), built once. */
export function processRedactor(env: Env = process.env, argv: readonly string[] = []): Redactor {
  return makeRedactor(knownSecrets({ HOME: homedir(), ...env }, argv));
}

/**
 * Routes every write to process.stdout and process.stderr through redact. Strings and buffers alike are
 * redacted (buffers as UTF-8). Idempotent per stream.
 */
export function installOutputRedaction(redact: Redactor): void {
  for (const stream of [process.stdout, process.stderr]) {
    const s = stream as NodeJS.WriteStream & { __redacted?: boolean };
    if (s.__redacted) continue;
    s.__redacted = true;
    const write = s.write.bind(s) as (...a: unknown[]) => boolean;
    s.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text =
        typeof chunk === "string"
          ? chunk
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk).toString("utf8")
            : chunk;
      return write(typeof text === "string" ? redact(text) : text, ...rest);
    }) as typeof s.write;
  }
}
