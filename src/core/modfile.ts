/**
 * The parts of go.mod that decide what gets downloaded: the module path, the go version, requirements and
 * replacements; and of go.work, which has the same syntax, its `use` directives (modfile.ParseWork). A lenient
 * reader modelled on golang.org/x/mod/modfile's lexer (line and block forms, `//` comments, quoted strings);
 * it never throws: lines it cannot read are reported.
 */

/** One `require` line. */
export interface Requirement {
  readonly path: string;
  readonly version: string;
  readonly indirect: boolean;
  readonly line: number;
}

/** One `replace` line: old[@version] => new[@version] (a local path when new has no version). */
export interface Replacement {
  readonly oldPath: string;
  readonly oldVersion: string | null;
  readonly newPath: string;
  readonly newVersion: string | null;
  readonly line: number;
}

/** The parsed file. */
export interface ModFile {
  readonly module: string | null;
  readonly go: string | null;
  readonly toolchain: string | null;
  readonly require: readonly Requirement[];
  readonly replace: readonly Replacement[];
  readonly exclude: readonly { readonly path: string; readonly version: string; readonly line: number }[];
  /** go.work's `use` directives: module directories, relative to the go.work file's directory or absolute. */
  readonly use: readonly { readonly dir: string; readonly line: number }[];
  readonly problems: readonly { readonly line: number; readonly message: string }[];
}

/** Splits a line into tokens: bare words and "quoted" or `raw` strings; drops a trailing // comment. */
function tokens(line: string): { words: string[]; comment: string } {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (line.startsWith("//", i)) {
      return { words, comment: line.slice(i + 2).trim() };
    } else if (c === '"' || c === "`") {
      const end = line.indexOf(c, i + 1);
      const stop = end < 0 ? line.length : end;
      const raw = line.slice(i + 1, stop);
      words.push(c === '"' ? unquote(raw) : raw);
      i = stop + 1;
    } else {
      let j = i;
      while (j < line.length && !" \t\r".includes(line[j]!) && !line.startsWith("//", j)) j++;
      words.push(line.slice(i, j));
      i = j;
    }
  }
  return { words, comment: "" };
}

function unquote(s: string): string {
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
}

interface State {
  module: string | null;
  go: string | null;
  toolchain: string | null;
  require: Requirement[];
  replace: Replacement[];
  exclude: ModFile["exclude"][number][];
  use: ModFile["use"][number][];
  problems: { line: number; message: string }[];
}

function directive(st: State, verb: string, args: string[], comment: string, line: number): void {
  switch (verb) {
    case "module":
      st.module = args[0] ?? null;
      return;
    case "go":
      st.go = args[0] ?? null;
      return;
    case "toolchain":
      st.toolchain = args[0] ?? null;
      return;
    case "require":
      if (args.length !== 2)
        return void st.problems.push({ line, message: "usage: require module/path v1.2.3" });
      st.require.push({ path: args[0]!, version: args[1]!, indirect: /^indirect(;|$)/.test(comment), line });
      return;
    case "exclude":
      if (args.length !== 2)
        return void st.problems.push({ line, message: "usage: exclude module/path v1.2.3" });
      st.exclude.push({ path: args[0]!, version: args[1]!, line });
      return;
    case "replace":
      replaceDirective(st, args, line);
      return;
    case "use":
      if (args.length !== 1) return void st.problems.push({ line, message: "usage: use local/dir" });
      st.use.push({ dir: args[0]!, line });
      return;
    default:
      return;
  }
}

function replaceDirective(st: State, args: string[], line: number): void {
  const arrow = args.indexOf("=>");
  const left = arrow < 0 ? [] : args.slice(0, arrow);
  const right = arrow < 0 ? [] : args.slice(arrow + 1);
  if (arrow < 0 || left.length < 1 || left.length > 2 || right.length < 1 || right.length > 2) {
    st.problems.push({
      line,
      message:
        "usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory",
    });
    return;
  }
  st.replace.push({
    oldPath: left[0]!,
    oldVersion: left[1] ?? null,
    newPath: right[0]!,
    newVersion: right[1] ?? null,
    line,
  });
}

/** Parses go.mod text. Never throws. */
export function parseModFile(text: string): ModFile {
  const st: State = {
    module: null,
    go: null,
    toolchain: null,
    require: [],
    replace: [],
    exclude: [],
    use: [],
    problems: [],
  };
  let block: string | null = null;
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    const { words, comment } = tokens(raw);
    if (words.length === 0) return;
    if (block !== null) {
      if (words[0] === ")") block = null;
      else directive(st, block, words, comment, line);
      return;
    }
    if (words.length === 2 && words[1] === "(") {
      block = words[0]!;
      return;
    }
    directive(st, words[0]!, words.slice(1), comment, line);
  });
  if (block !== null)
    st.problems.push({ line: text.split("\n").length, message: `unterminated ${block} block` });
  return st;
}

/**
 * The module paths go would download for this go.mod: requirements that are not replaced by a local
 * directory (a replacement with another module counts as that module).
 */
export function downloadedModules(mf: ModFile): { path: string; version: string }[] {
  return mf.require.flatMap((r) => {
    const rep = mf.replace.find(
      (p) => p.oldPath === r.path && (p.oldVersion === null || p.oldVersion === r.version),
    );
    if (rep === undefined) return [{ path: r.path, version: r.version }];
    if (rep.newVersion === null) return [];
    return [{ path: rep.newPath, version: rep.newVersion }];
  });
}
