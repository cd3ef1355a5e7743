/**
 * Shell completion scripts (`goproxy-doctor completion bash|zsh|fish|powershell`), written from the command
 * line's own definition (cli/main.ts hands over a {@link CompletionSpec}), so they list exactly the commands,
 * options and choices the parser accepts. Strings only.
 */

/** One option as completion needs it. */
export interface CompletionOption {
  /** Every spelling, e.g. ["-V", "--version"]. */
  readonly names: readonly string[];
  readonly description: string;
  /** It takes a value. */
  readonly takesValue: boolean;
  /** The value names a file (its placeholder is <file>, <path> or [file]). */
  readonly file: boolean;
  /** The values commander accepts, when declared. */
  readonly choices: readonly string[];
}

/** One command. */
export interface CompletionCommand {
  readonly name: string;
  readonly description: string;
  readonly options: readonly CompletionOption[];
  /** Values of its first argument, when declared (completion's shells). */
  readonly argChoices: readonly string[];
}

/** The program. */
export interface CompletionSpec {
  readonly program: string;
  readonly options: readonly CompletionOption[];
  readonly commands: readonly CompletionCommand[];
}

/** The shells a script is written for. */
export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;
export type Shell = (typeof SHELLS)[number];

/** The completion script for shell. */
export function completionScript(spec: CompletionSpec, shell: Shell): string {
  switch (shell) {
    case "bash":
      return bashScript(spec);
    case "zsh":
      return zshScript(spec);
    case "fish":
      return fishScript(spec);
    case "powershell":
      return powershellScript(spec);
  }
}

const fnName = (spec: CompletionSpec) => `_${spec.program.replace(/[^A-Za-z0-9]/g, "_")}`;
const words = (xs: readonly string[]) => xs.join(" ");
const optNames = (opts: readonly CompletionOption[]) => opts.flatMap((o) => o.names);

/** bash: a -F function over COMP_WORDS (no bash-completion package needed). */
function bashScript(spec: CompletionSpec): string {
  const f = fnName(spec);
  const valueCases: string[] = [];
  for (const c of spec.commands)
    for (const o of c.options.filter((x) => x.takesValue)) {
      const pat = o.names.map((n) => `${c.name}:${n}`).join("|");
      const action =
        o.choices.length > 0
          ? `COMPREPLY=($(compgen -W "${words(o.choices)}" -- "$cur"))`
          : o.file
            ? `COMPREPLY=($(compgen -f -- "$cur"))`
            : "COMPREPLY=()";
      valueCases.push(`    ${pat}) ${action}; return ;;`);
    }
  const cmdCases = spec.commands.map(
    (c) =>
      `    ${c.name}) opts="${words([...optNames(c.options), "--help"])}"${
        c.argChoices.length > 0 ? `; args="${words(c.argChoices)}"` : ""
      } ;;`,
  );
  return `# ${spec.program} completion for bash: source it, or write it to
# ~/.local/share/bash-completion/completions/${spec.program}
${f}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" i opts="" args=""
  [ "$COMP_CWORD" -gt 0 ] && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${spec.commands.map((c) => c.name).join("|")}) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$cmd:$prev" in
${valueCases.join("\n")}
  esac
  if [ -z "$cmd" ]; then
    COMPREPLY=($(compgen -W "${words([...spec.commands.map((c) => c.name), ...optNames(spec.options)])}" -- "$cur"))
    return
  fi
  case "$cmd" in
${cmdCases.join("\n")}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [ -n "$args" ]; then
    COMPREPLY=($(compgen -W "$args" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F ${f} ${spec.program}
`;
}

/** Single-quoted for zsh, fish and PowerShell ('' inside for PowerShell, '\'' for the others). */
const sq = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
const psq = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** zsh's _arguments specs treat [ ] : as syntax inside a description. */
const zdesc = (s: string) => s.replace(/[[\]:\\]/g, (c) => `\\${c}`);

function zshOption(o: CompletionOption): string {
  const value = !o.takesValue
    ? ""
    : o.choices.length > 0
      ? `:value:(${words(o.choices)})`
      : o.file
        ? ":file:_files"
        : ":value: ";
  const exclusive = o.names.length > 1 ? `(${words(o.names)})` : "";
  const names = o.names.length > 1 ? `{${o.names.join(",")}}` : o.names[0];
  return exclusive === ""
    ? sq(`${names}[${zdesc(o.description)}]${value}`)
    : `${sq(exclusive)}${names}${sq(`[${zdesc(o.description)}]${value}`)}`;
}

/** zsh: a #compdef function with _arguments per command. */
function zshScript(spec: CompletionSpec): string {
  const f = fnName(spec);
  const commands = spec.commands.map((c) => `    ${sq(`${c.name}:${zdesc(c.description)}`)}`);
  const cases = spec.commands.map((c) => {
    const args = c.argChoices.length > 0 ? ` '1:shell:(${words(c.argChoices)})'` : " '*:file:_files'";
    return `    ${c.name}) _arguments -s ${[...c.options.map(zshOption), "'--help[display help]'"].join(" ")}${args} ;;`;
  });
  return `#compdef ${spec.program}
# ${spec.program} completion for zsh: write it as _${spec.program} into a directory of $fpath.
${f}() {
  local -a commands
  commands=(
${commands.join("\n")}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands command commands
    return
  fi
  local cmd=\${words[2]}
  (( CURRENT-- )); shift words
  case $cmd in
${cases.join("\n")}
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  ${f} "$@"
else
  compdef ${f} ${spec.program}
fi
`;
}

/** fish: complete -c lines, one per command and option. */
function fishScript(spec: CompletionSpec): string {
  const p = spec.program;
  const names = spec.commands.map((c) => c.name).join(" ");
  const lines = [`# ${p} completion for fish: write it to ~/.config/fish/completions/${p}.fish`];
  lines.push(`complete -c ${p} -f`);
  for (const c of spec.commands)
    lines.push(
      `complete -c ${p} -n "not __fish_seen_subcommand_from ${names}" -a ${c.name} -d ${sq(c.description)}`,
    );
  for (const c of spec.commands) {
    const when = `-n "__fish_seen_subcommand_from ${c.name}"`;
    for (const o of c.options) {
      const spellings = o.names
        .map((n) => (n.startsWith("--") ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`))
        .join(" ");
      const value = !o.takesValue
        ? ""
        : o.choices.length > 0
          ? ` -x -a ${sq(words(o.choices))}`
          : o.file
            ? " -r -F"
            : " -x";
      lines.push(`complete -c ${p} ${when} ${spellings}${value} -d ${sq(o.description)}`);
    }
    if (c.argChoices.length > 0) lines.push(`complete -c ${p} ${when} -a ${sq(words(c.argChoices))}`);
  }
  return `${lines.join("\n")}\n`;
}

/** PowerShell: Register-ArgumentCompleter -Native with the commands' options and choices. */
function powershellScript(spec: CompletionSpec): string {
  const table = spec.commands.map((c) => {
    const opts = [...optNames(c.options), "--help"].map(psq).join(", ");
    const values = c.options
      .filter((o) => o.choices.length > 0)
      .flatMap((o) => o.names.map((n) => `${psq(n)} = @(${o.choices.map(psq).join(", ")})`));
    return `  ${psq(c.name)} = @{ Options = @(${opts}); Args = @(${c.argChoices.map(psq).join(", ")}); Values = @{ ${values.join("; ")} } }`;
  });
  return `# ${spec.program} completion for PowerShell: dot-source it from your $PROFILE.
$__gpdCommands = @{
${table.join("\n")}
}
Register-ArgumentCompleter -Native -CommandName ${psq(spec.program)} -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $words = @($commandAst.CommandElements | ForEach-Object { $_.ToString() })
  $cmd = $null
  for ($i = 1; $i -lt $words.Count; $i++) { if ($__gpdCommands.ContainsKey($words[$i])) { $cmd = $words[$i]; break } }
  if ($null -eq $cmd) {
    $candidates = @($__gpdCommands.Keys) + @(${optNames(spec.options).map(psq).join(", ")})
  } else {
    $spec = $__gpdCommands[$cmd]
    $prev = if ($wordToComplete -eq '') { $words[-1] } else { $words[-2] }
    if ($spec.Values.ContainsKey($prev)) { $candidates = $spec.Values[$prev] }
    elseif ($wordToComplete.StartsWith('-')) { $candidates = $spec.Options }
    else { $candidates = $spec.Args }
  }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | Sort-Object | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`;
}
