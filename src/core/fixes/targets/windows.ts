/**
 * `fix --for powershell` and `fix --for cmd`: the session's environment (this window) and the user's
 * (HKCU\Environment, read by processes started afterwards). On Windows go reads the GOENV file from
 * %AppData%\go\env (os.UserConfigDir, cfg/cfg.go:EnvFile) and `%USERPROFILE%\_netrc` for credentials
 * (auth/netrc.go:netrcPath).
 */
import { type FixIntent, GO_ENV_SETTINGS } from "../intent.js";
import { cmdSetLine, display, hasSecret, psExpr, psQuote, setxLine, type Template } from "../quote.js";
import {
  BLOCK_BEGIN,
  BLOCK_END,
  commonSteps,
  type RenderedSetting,
  type RenderOptions,
  type TargetOutput,
} from "../target.js";
import { shellSettings } from "./shell.js";

/** setx stores at most this many characters and silently truncates the rest. */
export const SETX_MAX = 1024;

const WINDOWS_TRAPS: readonly string[] = [
  "Variables set for the user reach only programs started afterwards: terminals, VS Code and its gopls that are already open keep the old environment (close them, or restart Explorer/sign out for programs started from it).",
  "A variable in the environment overrides the same setting written by `go env -w` (%AppData%\\go\\env); `go env -w` alone needs no new terminal, because go reads that file at every start.",
  "go reads credentials from %USERPROFILE%\\_netrc on Windows (NETRC overrides), not .netrc.",
  "go on Windows verifies TLS with the Windows certificate store: import an interception CA with `Import-Certificate -CertStoreLocation Cert:\\CurrentUser\\Root` instead of SSL_CERT_FILE (ignored there before Go 1.27).",
];

/**
 * The settings a Windows target writes: a CA path of another system (a Linux path such as /etc/… or /tmp/…)
 * is left out, with a step naming the Windows way (the certificate store); a Windows path is kept.
 */
function windowsSettings(intent: FixIntent, warnings: string[]): ReturnType<typeof shellSettings> {
  return shellSettings(intent).filter((s) => {
    const posix = s.name === "SSL_CERT_FILE" && display(s.value).startsWith("/");
    if (posix)
      warnings.push(
        `SSL_CERT_FILE=${display(s.value)} is a path of this Linux machine, not of Windows: it is left out. Import the CA into the Windows store instead (Import-Certificate -FilePath <the .pem copied to Windows> -CertStoreLocation Cert:\\CurrentUser\\Root).`,
      );
    return !posix;
  });
}

function secretNames(t: Template): string[] {
  return t.flatMap((p) => ("secret" in p ? [p.secret] : []));
}

/** Renders PowerShell: `$env:` for this session, [Environment]::SetEnvironmentVariable(…, 'User') to keep. */
export function renderPowershell(intent: FixIntent, _opts: RenderOptions): TargetOutput {
  const settings: RenderedSetting[] = [];
  const session: string[] = [];
  const user: string[] = [];
  const warnings = [...intent.warnings];
  for (const { name, value } of windowsSettings(intent, warnings)) {
    const secrets = secretNames(value);
    if (secrets.length > 0)
      session.push(
        `# ${secrets.join(" and ")}: from your secret store, e.g. $env:${secrets[secrets.length - 1]} = Get-Secret -Name ${secrets[secrets.length - 1]} -AsPlainText`,
      );
    session.push(`$env:${name} = ${psExpr(value)}`);
    settings.push({ name, value: display(value), scope: "session" });
    if (hasSecret(value)) {
      warnings.push(
        `${name} holds credentials: it is set for this session only (the user environment is stored in plain text in the registry).`,
      );
      continue;
    }
    user.push(`[Environment]::SetEnvironmentVariable(${psQuote(name)}, ${psExpr(value)}, 'User')`);
    settings.push({ name, value: display(value), scope: "user" });
  }
  for (const g of intent.goenvFile)
    user.push(g.value === null ? `go env -u ${g.name}` : `go env -w ${psQuote(`${g.name}=${g.value}`)}`);
  for (const u of intent.unset) {
    settings.push({ name: u.name, value: "", scope: "unset" });
    session.push(`Remove-Item Env:${u.name} -ErrorAction SilentlyContinue   # ${u.reason}`);
    user.push(`[Environment]::SetEnvironmentVariable(${psQuote(u.name)}, $null, 'User')`);
    if (GO_ENV_SETTINGS.has(u.name as never) || u.name === "GO111MODULE") user.push(`go env -u ${u.name}`);
  }
  const lines = ["# goproxy-doctor fix --for powershell"];
  if (session.length > 0) lines.push("# This PowerShell session:", ...session);
  if (user.length > 0)
    lines.push(
      "# Your user environment (programs started from now on; open windows keep the old values):",
      ...user,
    );
  if (lines.length === 1) lines.push("# nothing to change");
  return {
    target: "powershell",
    language: "powershell",
    settings,
    snippet: `${lines.join("\n")}\n`,
    traps: [
      ...WINDOWS_TRAPS,
      "Windows PowerShell 5.1 passes arguments with embedded quotes to native programs (go.exe) wrongly; the snippet uses $env: and .NET calls, which need no such quoting.",
    ],
    steps: commonSteps(intent, "%USERPROFILE%\\_netrc"),
    warnings,
    file: {
      kind: "block",
      defaultPath: null,
      block: [BLOCK_BEGIN, ...session, BLOCK_END],
      placement: "end",
      create: true,
    },
  };
}

/** Renders cmd.exe: `set` for this window, `setx` for the user; meant to be saved as a .cmd file. */
export function renderCmd(intent: FixIntent, _opts: RenderOptions): TargetOutput {
  const settings: RenderedSetting[] = [];
  const session: string[] = [];
  const user: string[] = [];
  const warnings = [...intent.warnings];
  for (const { name, value } of windowsSettings(intent, warnings)) {
    const secrets = secretNames(value);
    if (secrets.length > 0)
      session.push(`rem ${secrets.join(" and ")}: set them from your secret store first`);
    session.push(cmdSetLine(name, value));
    settings.push({ name, value: display(value), scope: "session" });
    if (hasSecret(value)) {
      warnings.push(
        `${name} holds credentials: set for this window only (setx would store them in the registry).`,
      );
      continue;
    }
    const v = display(value);
    if (v.length > SETX_MAX)
      warnings.push(
        `${name} is ${v.length} characters: setx truncates values to ${SETX_MAX}; use PowerShell's [Environment]::SetEnvironmentVariable instead.`,
      );
    user.push(setxLine(name, v));
    settings.push({ name, value: v, scope: "user" });
    if (v.includes("%"))
      warnings.push(
        `${name} contains %: the snippet doubles it for a .cmd file; typed at a prompt, write a single %.`,
      );
    // cmd decodes a batch file with the console's code page (chcp), not UTF-8: seen under Wine, where a UTF-8
    // "é" reached go.exe as "├⌐" (CP437).
    if (/[^\x00-\x7f]/.test(v))
      warnings.push(
        `${name} has letters outside ASCII: save the .cmd file in the console's code page (chcp shows it, e.g. 437 or 850), not UTF-8, or cmd hands go other letters.`,
      );
  }
  for (const g of intent.goenvFile)
    if (g.value === null) user.push(`go env -u ${g.name}`);
    else if (!/["%^&|<>]/.test(g.value)) user.push(`go env -w "${g.name}=${g.value}"`);
    else warnings.push(`Run go env -w ${g.name}=… by hand: its value holds characters cmd.exe would change.`);
  for (const u of intent.unset) {
    settings.push({ name: u.name, value: "", scope: "unset" });
    session.push(`set "${u.name}="`);
    user.push(`reg delete HKCU\\Environment /v ${u.name} /f`);
    if (GO_ENV_SETTINGS.has(u.name as never) || u.name === "GO111MODULE") user.push(`go env -u ${u.name}`);
  }
  const lines = ["@echo off", "rem goproxy-doctor fix --for cmd (save as a .cmd file and run it)"];
  if (session.length > 0) lines.push("rem This window:", ...session);
  if (user.length > 0) lines.push("rem Your user environment (new windows only):", ...user);
  if (session.length + user.length === 0) lines.push("rem nothing to change");
  return {
    target: "cmd",
    language: "batch",
    settings,
    snippet: `${lines.join("\r\n")}\r\n`,
    traps: [
      ...WINDOWS_TRAPS,
      `setx writes HKCU\\Environment for new windows only — never the window it runs in (hence the set lines) — and truncates values longer than ${SETX_MAX} characters without failing.`,
      "In a .cmd file a literal % is written %%; with `setlocal EnableDelayedExpansion` a ! would need ^! as well (the snippet assumes the default, expansion off).",
    ],
    steps: commonSteps(intent, "%USERPROFILE%\\_netrc"),
    warnings,
    file: null,
  };
}
