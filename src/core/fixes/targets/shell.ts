/**
 * `fix --for shell`: bash and zsh. Go settings through `go env -w` (the GOENV file,
 * cmd/go/internal/envcmd/env.go:runEnvW; read by every go command of the user, cfg/cfg.go:initEnvCache)
 * unless the variable is exported now, because an exported non-empty variable overrides the file
 * (cfg.Getenv). HTTP proxy and TLS variables are not go settings (`go env -w` refuses them): exported.
 */
import { type FixIntent, GO_ENV_SETTINGS, type IntentSetting } from "../intent.js";
import { display, hasSecret, lit, shQuote, shWord, type Template } from "../quote.js";
import {
  BLOCK_BEGIN,
  BLOCK_END,
  commonSteps,
  type RenderedSetting,
  type RenderOptions,
  type TargetOutput,
} from "../target.js";

/** The value of a setting, with SSL_CERT_FILE taken from the intent's CA. */
export function shellSettings(
  intent: FixIntent,
): { name: string; value: Template; s: IntentSetting | null }[] {
  const out: { name: string; value: Template; s: IntentSetting | null }[] = intent.settings.map((s) => ({
    name: s.name,
    value: s.value,
    s,
  }));
  if (intent.ca !== null) out.push({ name: "SSL_CERT_FILE", value: lit(intent.ca.path), s: null });
  return out;
}

function secretComment(t: Template): string[] {
  const names = t.flatMap((p) => ("secret" in p ? [p.secret] : []));
  if (names.length === 0) return [];
  return [
    `# ${names.join(" and ")}: set them from your secret store before this line, never in this file, e.g.`,
    `#   ${names[names.length - 1]}="$(secret-tool lookup service ${names[names.length - 1]!.toLowerCase()})"   # Linux (libsecret)`,
    `#   ${names[names.length - 1]}="$(security find-generic-password -w -s ${names[names.length - 1]!.toLowerCase()})"   # macOS`,
  ];
}

/** The lines of a profile block that exports every setting and unsets the removed ones. */
export function exportLines(intent: FixIntent): string[] {
  const lines: string[] = [];
  for (const { name, value } of shellSettings(intent)) {
    lines.push(...secretComment(value), `export ${name}=${shWord(value)}`);
  }
  for (const u of intent.unset) lines.push(`unset ${u.name}   # ${u.reason}`);
  return lines;
}

/** Traps shared by shell and wsl. */
export const SHELL_TRAPS: readonly string[] = [
  "`go env -w` writes the GOENV file (`go env GOENV`, usually ~/.config/go/env): every go command of this user reads it — terminals, IDEs, cron, gopls — but an exported variable of the same name overrides it, and Docker builds and CI runners never see it.",
  "`export` in ~/.bashrc or ~/.zshrc reaches only shells that read that file: login shells read ~/.profile or ~/.bash_profile instead, non-interactive scripts read neither, and an IDE started from the desktop inherits neither.",
  "An exported empty value (GOPROXY=) counts as unset for go: the GOENV file's value then applies. To switch GOPRIVATE's bypass off for one list, set GONOPROXY or GONOSUMDB to a pattern that matches nothing, such as `none`.",
  "GOENV file values are literal: `go env -w GOPROXY='\"https://x\"'` would keep the inner quotes and break every download; the snippet quotes for the shell only.",
  "SSL_CERT_FILE replaces the CA bundle file go reads on Linux (certificate directories are still read); on macOS and Windows go uses the system store and ignores it before Go 1.27 — install the CA there instead.",
];

/**
 * Renders the shell snippet.
 * style "goenv" (default): go settings with `go env -w` unless exported now; others exported.
 * style "export": everything exported (what --write puts in the profile).
 */
export function renderShell(intent: FixIntent, opts: RenderOptions): TargetOutput {
  const style = opts.shellStyle ?? "goenv";
  const profile = opts.shellProfile ?? "~/.bashrc";
  const settings: RenderedSetting[] = [];
  const goenv: string[] = [];
  const exports: string[] = [];
  const warnings = [...intent.warnings];
  const overridden: string[] = [];
  for (const { name, value } of shellSettings(intent)) {
    const viaGoenv =
      style === "goenv" &&
      GO_ENV_SETTINGS.has(name as never) &&
      !hasSecret(value) &&
      !intent.exported.includes(name);
    if (viaGoenv) {
      goenv.push(shQuote(`${name}=${display(value)}`));
      settings.push({ name, value: display(value), scope: "goenv-file" });
    } else {
      exports.push(...secretComment(value), `export ${name}=${shWord(value)}`);
      settings.push({ name, value: display(value), scope: "shell-profile" });
      if (style === "goenv" && GO_ENV_SETTINGS.has(name as never) && intent.exported.includes(name))
        overridden.push(name);
    }
  }
  if (overridden.length > 0)
    warnings.push(
      `${overridden.join(", ")} ${overridden.length === 1 ? "is" : "are"} exported in your environment, which overrides \`go env -w\`: the snippet exports the corrected values; change them where you export them (${profile}, ~/.profile, /etc/environment).`,
    );
  const unsets: string[] = [];
  for (const u of intent.unset) {
    settings.push({ name: u.name, value: "", scope: "unset" });
    if (style === "goenv" && !intent.exported.includes(u.name)) unsets.push(`go env -u ${u.name}`);
    else unsets.push(`unset ${u.name}`);
    if (style === "export" || intent.exported.includes(u.name))
      warnings.push(`Remove \`export ${u.name}=…\` from your shell profile as well (${u.reason}).`);
  }
  for (const s of intent.shadowed)
    warnings.push(
      `${s} is set both by \`go env -w\` and in the environment; the environment wins. Keep one: \`go env -u ${s}\` or remove the export.`,
    );
  const lines = ["# goproxy-doctor fix --for shell (bash, zsh)"];
  if (goenv.length > 0)
    lines.push(
      "# Go settings, written once to the GOENV file (read by every go command of this user):",
      `go env -w ${goenv.join(" ")}`,
    );
  if (unsets.length > 0) lines.push("# Settings to remove:", ...unsets);
  if (intent.goenvFile.length > 0)
    lines.push(
      "# The GOENV file, under your exported values (what go reads where they are not set):",
      ...intent.goenvFile.map((g) =>
        g.value === null ? `go env -u ${g.name}` : `go env -w ${shQuote(`${g.name}=${g.value}`)}`,
      ),
    );
  if (exports.length > 0)
    lines.push(`# Exported variables: run them now and add them to ${profile} to keep them:`, ...exports);
  if (lines.length === 1) lines.push("# nothing to change");
  const steps = commonSteps(intent, "~/.netrc (chmod 600)");
  if (style === "export") {
    for (const u of intent.unset)
      if (!intent.exported.includes(u.name)) steps.push(`Run once: go env -u ${u.name}   (the GOENV file)`);
  }
  return {
    target: "shell",
    language: "bash",
    settings,
    snippet: `${lines.join("\n")}\n`,
    traps: SHELL_TRAPS,
    steps,
    warnings,
    file: {
      kind: "block",
      defaultPath: profile,
      block: [BLOCK_BEGIN, ...exportLines(intent), BLOCK_END],
      placement: "end",
      create: true,
    },
  };
}
