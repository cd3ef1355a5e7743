/**
 * Quoting of setting values for every place `fix` writes them, and the matching parsers that read a quoted
 * value back (used by the property tests, and by `fix` itself to check what it emits).
 *
 * A value is a {@link Template}: literal text plus references to secrets that the target resolves at run
 * time (an environment variable, `${{ secrets.X }}`, a masked CI variable). Secrets never appear in a
 * template, only their names. Values never contain NUL, CR or LF: `go env -w` refuses them
 * (cmd/go/internal/envcmd/env.go:checkEnvWrite) and {@link checkValueText} rejects them up front.
 */

/** One piece of a value: literal text, or the name of a secret the target supplies at run time. */
export type Part = { readonly lit: string } | { readonly secret: string };

/** A setting value as a sequence of parts. */
export type Template = readonly Part[];

/** A template made of one literal. */
export function lit(s: string): Template {
  return [{ lit: s }];
}

/** Reports whether the template references a secret. */
export function hasSecret(t: Template): boolean {
  return t.some((p) => "secret" in p);
}

/** The template as text with each secret shown as `<NAME>` (for people and JSON; never a secret value). */
export function display(t: Template): string {
  return t.map((p) => ("lit" in p ? p.lit : `<${p.secret}>`)).join("");
}

/** The literal text of a template without secrets (throws if it has any: callers check first). */
export function literalOf(t: Template): string {
  return t
    .map((p) => {
      if ("lit" in p) return p.lit;
      throw new Error(`value references secret ${p.secret}`);
    })
    .join("");
}

/** Names a secret may have: environment-variable style, so that every target can reference it. */
export const SECRET_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Why a value cannot be written as a setting, or null when it can: NUL, CR, LF and other C0 controls are
 * refused, as `go env -w` refuses them (envcmd/env.go:checkEnvWrite) and no target can quote them portably.
 */
export function checkValueText(s: string): string | null {
  const m = /[\u0000-\u0008\u000a-\u001f\u007f]/.exec(s);
  return m === null
    ? null
    : `contains the control character U+${m[0].charCodeAt(0).toString(16).padStart(4, "0")}`;
}

// ---------------------------------------------------------------------------------------------------------
// POSIX shells (bash, zsh, dash) — and `go env -w` run from them.

/** Characters that never need quoting in a POSIX shell word. */
const SH_SAFE = /^[A-Za-z0-9_./:,@+=%-]+$/;

/**
 * A POSIX single-quoted word for s: `'…'` with each `'` written `'\''`. Inside single quotes nothing is
 * special (no `$`, no backslash, no history `!` in bash or zsh), so the shell passes s through unchanged.
 * Safe words (letters, digits, `_./:,@+=%-`) are left bare.
 */
export function shQuote(s: string): string {
  if (s !== "" && SH_SAFE.test(s)) return s;
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * A POSIX word for a template: literals single-quoted, secrets as `"${NAME}"` (double quotes: no word
 * splitting, no globbing). Adjacent quoted pieces form one word.
 */
export function shWord(t: Template): string {
  if (!hasSecret(t)) return shQuote(literalOf(t));
  return t.map((p) => ("lit" in p ? (p.lit === "" ? "" : shQuote(p.lit)) : `"\${${p.secret}}"`)).join("");
}

/**
 * Parses one POSIX shell word as sh does after tokenising: single quotes, double quotes (where `\` escapes
 * only `$`, `` ` ``, `"`, `\`), backslash outside quotes, and `$NAME` / `${NAME}` expanded from env (unset
 * expands to ""). Stops at unquoted whitespace. Throws on an unterminated quote. Covers exactly what
 * {@link shWord} emits plus ordinary hand-written words; no command substitution, no globbing.
 */
export function parseShWord(src: string, env: Readonly<Record<string, string>> = {}): string {
  let out = "";
  let i = 0;
  const dollar = (): void => {
    // at src[i] === "$"
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(src.slice(i));
    const bare = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(i));
    const m = braced ?? bare;
    if (m === null) {
      out += "$";
      i++;
      return;
    }
    out += env[m[1]!] ?? "";
    i += m[0].length;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === " " || c === "\t") break;
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new Error("unterminated single quote");
      out += src.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= src.length) throw new Error("unterminated double quote");
        const d = src[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === "\\" && i + 1 < src.length && '$`"\\'.includes(src[i + 1]!)) {
          out += src[i + 1];
          i += 2;
        } else if (d === "$") dollar();
        else {
          out += d;
          i++;
        }
      }
    } else if (c === "\\") {
      if (i + 1 < src.length) out += src[i + 1];
      i += 2;
    } else if (c === "$") dollar();
    else {
      out += c;
      i++;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// PowerShell

/** Characters PowerShell treats as single quotes: ' and the typographic ‘ ’ ‚ ‛. */
const PS_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b";

/**
 * A PowerShell single-quoted string: nothing is expanded inside; each single-quote character (including
 * the typographic ones PowerShell also accepts) is doubled.
 */
export function psQuote(s: string): string {
  let out = "";
  for (const ch of s) out += PS_SINGLE_QUOTES.includes(ch) ? ch + ch : ch;
  return `'${out}'`;
}

/**
 * A PowerShell expression for a template: `'lit' + $env:NAME + 'lit'` (secrets read from the session's
 * environment, where SecretManagement's Get-Secret or the user put them).
 */
export function psExpr(t: Template): string {
  const parts = t.filter((p) => !("lit" in p) || p.lit !== "");
  if (parts.length === 0) return "''";
  const expr = parts.map((p) => ("lit" in p ? psQuote(p.lit) : `$env:${p.secret}`)).join(" + ");
  return parts.length === 1 ? expr : `(${expr})`;
}

/** Parses a PowerShell single-quoted string literal (the whole of src). Throws when it is not one. */
export function parsePsSingleQuoted(src: string): string {
  const chars = [...src];
  if (chars.length < 2 || !PS_SINGLE_QUOTES.includes(chars[0]!))
    throw new Error("not a single-quoted string");
  let out = "";
  let i = 1;
  for (;;) {
    if (i >= chars.length) throw new Error("unterminated single-quoted string");
    const c = chars[i]!;
    if (PS_SINGLE_QUOTES.includes(c)) {
      if (i + 1 < chars.length && PS_SINGLE_QUOTES.includes(chars[i + 1]!)) {
        out += chars[i + 1];
        i += 2;
        continue;
      }
      if (i !== chars.length - 1) throw new Error("text after the closing quote");
      return out;
    }
    out += c;
    i++;
  }
}

// ---------------------------------------------------------------------------------------------------------
// cmd.exe (batch files, delayed expansion off: the default)

/** Characters cmd.exe treats as operators outside double quotes. */
const CMD_SPECIAL = "^&|<>()";

/**
 * Escapes text for cmd.exe's parser given that it starts inside double quotes: `%` doubled (a batch file's
 * percent phase turns `%%` into `%` everywhere), and outside quotes (cmd toggles at every `"`) the
 * operators `^ & | < > ( )` get a caret.
 */
function cmdEscape(text: string, startQuoted: boolean, refs: ReadonlySet<number> = new Set()): string {
  let quoted = startQuoted;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "%" && !refs.has(i)) out += "%%";
    else if (c === '"') {
      quoted = !quoted;
      out += c;
    } else if (!quoted && CMD_SPECIAL.includes(c)) out += `^${c}`;
    else out += c;
  }
  return out;
}

/** The template for cmd: literals as is, secrets as `%NAME%`; returns the text and where the refs are. */
function cmdText(t: Template): { text: string; refs: Set<number> } {
  let text = "";
  const refs = new Set<number>();
  for (const p of t) {
    if ("lit" in p) text += p.lit;
    else {
      refs.add(text.length);
      refs.add(text.length + p.secret.length + 1);
      text += `%${p.secret}%`;
    }
  }
  return { text, refs };
}

/**
 * A batch-file line `set "NAME=value"`: set takes everything up to the last `"`, so quotes inside the value
 * survive; operators that fall outside cmd's quote state are caret-escaped; `%` is doubled. Secrets are
 * `%NAME%` references. Meant for a .cmd file (at an interactive prompt `%%` stays `%%`).
 */
export function cmdSetLine(name: string, t: Template): string {
  const { text, refs } = cmdText(t);
  return `set "${name}=${cmdEscape(text, true, refs)}"`;
}

/**
 * Quotes one argument for a program that splits its command line as the Microsoft C runtime does
 * (CommandLineToArgvW): backslashes are literal except before `"`, where 2n+1 backslashes give n and a
 * literal quote.
 */
export function argvQuote(s: string): string {
  let out = '"';
  let backslashes = 0;
  for (const c of s) {
    if (c === "\\") {
      backslashes++;
      continue;
    }
    if (c === '"') out += `${"\\".repeat(backslashes * 2 + 1)}"`;
    else out += "\\".repeat(backslashes) + c;
    backslashes = 0;
  }
  return `${out}${"\\".repeat(backslashes * 2)}"`;
}

/**
 * A batch-file line `setx NAME "value"` (the value stored in HKCU\Environment). setx.exe splits its command
 * line as the C runtime does, after cmd.exe has removed carets and halved `%%`.
 */
export function setxLine(name: string, value: string): string {
  return `setx ${name} ${cmdEscape(argvQuote(value), false)}`;
}

/**
 * cmd.exe's first two phases for one batch-file line: `%%` → `%` (other `%NAME%` kept), then carets
 * removed outside double quotes. Returns the text the command receives.
 */
export function parseCmdLine(line: string): string {
  const percent = line.replaceAll("%%", "\u0000").replaceAll("\u0000", "%");
  let quoted = false;
  let out = "";
  for (let i = 0; i < percent.length; i++) {
    const c = percent[i]!;
    if (c === '"') quoted = !quoted;
    if (c === "^" && !quoted) {
      i++;
      if (i < percent.length) out += percent[i];
      continue;
    }
    out += c;
  }
  return out;
}

/** Reads back a {@link cmdSetLine}: the name and value that `set "NAME=value"` assigns. */
export function parseCmdSet(line: string): { name: string; value: string } {
  const text = parseCmdLine(line);
  const m = /^set "(.*)"[^"]*$/s.exec(text);
  if (m === null) throw new Error('not a set "NAME=value" line');
  const eq = m[1]!.indexOf("=");
  return { name: m[1]!.slice(0, eq), value: m[1]!.slice(eq + 1) };
}

/**
 * Splits a command line into arguments as CommandLineToArgvW does (the first word included): 2n
 * backslashes before `"` give n and the quote toggles quoting; 2n+1 give n and a literal `"`; other
 * backslashes are literal. (The `""`-inside-quotes rule of newer runtimes is not needed: {@link argvQuote}
 * never emits it.)
 */
export function splitArgv(cmdline: string): string[] {
  const args: string[] = [];
  let cur = "";
  let inArg = false;
  let quoted = false;
  let i = 0;
  while (i < cmdline.length) {
    const c = cmdline[i]!;
    if (c === "\\") {
      let n = 0;
      while (cmdline[i] === "\\") {
        n++;
        i++;
      }
      if (cmdline[i] === '"') {
        cur += "\\".repeat(n >> 1);
        if (n % 2 === 1) {
          cur += '"';
          i++;
        }
      } else cur += "\\".repeat(n);
      inArg = true;
    } else if (c === '"') {
      quoted = !quoted;
      inArg = true;
      i++;
    } else if ((c === " " || c === "\t") && !quoted) {
      if (inArg) args.push(cur);
      cur = "";
      inArg = false;
      i++;
    } else {
      cur += c;
      inArg = true;
      i++;
    }
  }
  if (inArg) args.push(cur);
  return args;
}

/** Reads back a {@link setxLine}: the name and value setx stores. */
export function parseSetx(line: string): { name: string; value: string } {
  const args = splitArgv(parseCmdLine(line));
  if (args.length !== 3 || args[0] !== "setx") throw new Error(`setx with ${args.length - 1} arguments`);
  return { name: args[1]!, value: args[2]! };
}

// ---------------------------------------------------------------------------------------------------------
// Dockerfile (ENV/ARG values go through BuildKit's shell lexer: frontend/dockerfile/shell/lex.go)

/**
 * A Dockerfile word for s: single-quoted (BuildKit expands no `$` inside single quotes); a `'` is written
 * as close-quote, escape token + `'`, reopen. The escape token is `\` unless the Dockerfile says
 * `# escape=\``.
 */
export function dockerQuote(s: string, esc: "\\" | "`" = "\\"): string {
  if (s !== "" && /^[A-Za-z0-9_./:,@+=%-]+$/.test(s)) return s;
  return `'${s.replaceAll("'", `'${esc}''`)}'`;
}

/**
 * Parses one Dockerfile ENV value word as BuildKit's lexer does (processStopOn / processSingleQuote /
 * processDoubleQuote): single quotes literal, double quotes with the escape token escaping `"`, `$` and
 * itself, `$NAME`/`${NAME}` expanded from env, the escape token outside quotes escaping any character.
 */
export function parseDockerWord(
  src: string,
  esc: "\\" | "`" = "\\",
  env: Readonly<Record<string, string>> = {},
): string {
  let out = "";
  let i = 0;
  const dollar = (): void => {
    const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}|^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(i));
    if (m === null) {
      out += "$";
      i++;
      return;
    }
    out += env[m[1] ?? m[2]!] ?? "";
    i += m[0].length;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new Error("unexpected end of statement while looking for matching single-quote");
      out += src.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= src.length)
          throw new Error("unexpected end of statement while looking for matching double-quote");
        const d = src[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === "$") dollar();
        else if (d === esc && i + 1 < src.length && `"$${esc}`.includes(src[i + 1]!)) {
          out += src[i + 1];
          i += 2;
        } else {
          out += d;
          i++;
        }
      }
    } else if (c === "$") dollar();
    else if (c === esc) {
      if (i + 1 < src.length) out += src[i + 1];
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// YAML (GitHub Actions, GitLab CI), JSON (VS Code, dev containers)

/**
 * A YAML double-quoted scalar for s. JSON string syntax is a subset of YAML's double-quoted style, so
 * JSON.stringify is exact; always quoting keeps `off`, `on`, `1.20`, `*` and `|` from turning into
 * booleans, numbers, aliases or block scalars.
 */
export function yamlQuote(s: string): string {
  return JSON.stringify(s);
}

/**
 * A GitHub Actions value for a template: `${{` in literal text written as the expression `${{ '${{' }}` so
 * that Actions does not evaluate it; secrets as `${{ secrets.NAME }}`.
 */
export function githubValue(t: Template): string {
  const open = "$" + "{{";
  return t
    .map((p) =>
      "lit" in p ? p.lit.replaceAll(open, `${open} '${open}' }}`) : `${open} secrets.${p.secret} }}`,
    )
    .join("");
}

/**
 * A GitLab CI variable value for a template: GitLab expands `$NAME` in variables, so a literal `$` is
 * written `$$`; secrets are references `${NAME}` to masked CI/CD variables defined in the project.
 */
export function gitlabValue(t: Template): string {
  return t.map((p) => ("lit" in p ? p.lit.replaceAll("$", "$$$$") : `\${${p.secret}}`)).join("");
}

/** Reads back a GitLab variable value: `$$` → `$`, `$NAME`/`${NAME}` expanded from vars. */
export function parseGitlabValue(v: string, vars: Readonly<Record<string, string>> = {}): string {
  return v.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (m, a?: string, b?: string) => (m === "$$" ? "$" : (vars[a ?? b!] ?? "")),
  );
}
