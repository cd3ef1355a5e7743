/**
 * Text edits that `fix --write` makes in existing files without disturbing anything else: a marked block in
 * a text file (shell profile, Dockerfile, PowerShell profile) and members of a JSONC document
 * (settings.json, devcontainer.json: comments, trailing commas, order and formatting kept). Pure: text in,
 * text out; each function throws an Error with a message for people when the file cannot be edited safely.
 */
import { BLOCK_BEGIN, BLOCK_END } from "./target.js";

function eolOf(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

/** The Dockerfile's escape token from an `# escape=` parser directive at the top, else `\`. */
export function dockerEscapeOf(text: string): "\\" | "`" {
  for (const line of text.split(/\r?\n/)) {
    const m = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (m === null) break; // directives end at the first line that is not one
    if (m[1]!.toLowerCase() === "escape") return m[2] === "`" ? "`" : "\\";
  }
  return "\\";
}

/** Index of the FROM line of the build stage: the first stage that runs go, else the first stage. */
function buildFromLine(lines: readonly string[]): number {
  const froms = lines.flatMap((l, i) => (/^\s*FROM\s/i.test(l) ? [i] : []));
  if (froms.length === 0) throw new Error("no FROM instruction: this is not a Dockerfile");
  for (let s = 0; s < froms.length; s++) {
    const end = froms[s + 1] ?? lines.length;
    const body = lines.slice(froms[s]! + 1, end).join("\n");
    if (/\bgo\s+(mod|build|install|get|test|generate|run|work)\b/.test(body)) return froms[s]!;
  }
  return froms[0]!;
}

/**
 * Puts block (its first and last lines are {@link BLOCK_BEGIN} and {@link BLOCK_END}) into text: replaces an
 * existing block, else appends it (placement "end") or inserts it after the FROM of the build stage
 * ("after-build-from"). Keeps the file's line endings. text null means a new file.
 *
 * @throws Error when the file has a begin marker without an end marker, or several blocks.
 */
export function applyBlock(
  text: string | null,
  block: readonly string[],
  placement: "end" | "after-build-from",
): string {
  if (text === null || text === "") return `${block.join("\n")}\n`;
  const eol = eolOf(text);
  const lines = text.split(/\r?\n/);
  const trailingNewline = lines[lines.length - 1] === "";
  if (trailingNewline) lines.pop();
  const begins = lines.flatMap((l, i) => (l.trim() === BLOCK_BEGIN ? [i] : []));
  const ends = lines.flatMap((l, i) => (l.trim() === BLOCK_END ? [i] : []));
  if (begins.length > 1 || ends.length > 1 || begins.length !== ends.length)
    throw new Error(
      `the file has ${begins.length} "${BLOCK_BEGIN}" and ${ends.length} "${BLOCK_END}" lines; fix them by hand first`,
    );
  if (begins.length === 1) {
    if (ends[0]! < begins[0]!) throw new Error(`"${BLOCK_END}" comes before "${BLOCK_BEGIN}"`);
    lines.splice(begins[0]!, ends[0]! - begins[0]! + 1, ...block);
  } else if (placement === "end") {
    if (lines.length > 0 && lines[lines.length - 1]!.trim() !== "") lines.push("");
    lines.push(...block);
  } else {
    const at = buildFromLine(lines);
    // A FROM continued over several lines ends at the first line without the escape token at its end.
    let last = at;
    const esc = dockerEscapeOf(text);
    while (last < lines.length - 1 && lines[last]!.trimEnd().endsWith(esc)) last++;
    lines.splice(last + 1, 0, ...block);
  }
  return lines.join(eol) + (trailingNewline || begins.length === 0 ? eol : "");
}

// ---------------------------------------------------------------------------------------------------------
// JSONC: JSON with // and /* */ comments and trailing commas (VS Code's settings.json, devcontainer.json).

interface Tok {
  readonly kind: "{" | "}" | "[" | "]" | ":" | "," | "string" | "scalar";
  readonly start: number;
  readonly end: number;
}

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c) || c === "\ufeff") {
      i++;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) throw new Error(`unterminated comment at offset ${i}`);
      i = end + 2;
    } else if ("{}[]:,".includes(c)) {
      toks.push({ kind: c as Tok["kind"], start: i, end: i + 1 });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === "\n") throw new Error(`line break inside a string at offset ${j}`);
        j += text[j] === "\\" ? 2 : 1;
      }
      if (j >= text.length) throw new Error(`unterminated string at offset ${i}`);
      toks.push({ kind: "string", start: i, end: j + 1 });
      i = j + 1;
    } else {
      const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
      if (m === null) throw new Error(`unexpected ${JSON.stringify(c)} at offset ${i}`);
      toks.push({ kind: "scalar", start: i, end: i + m[0].length });
      i += m[0].length;
    }
  }
  return toks;
}

interface Member {
  readonly key: string;
  readonly keyStart: number;
  readonly value: Node;
  /** Offset just after the comma that follows the member, or null. */
  readonly commaEnd: number | null;
}

type Node =
  | { readonly kind: "object"; readonly start: number; readonly end: number; readonly members: Member[] }
  | { readonly kind: "other"; readonly start: number; readonly end: number };

function parse(text: string): Node {
  const toks = tokenize(text);
  let p = 0;
  const peek = (): Tok | undefined => toks[p];
  const expect = (k: Tok["kind"]): Tok => {
    const t = toks[p];
    if (t === undefined || t.kind !== k)
      throw new Error(`expected ${k} at offset ${t?.start ?? text.length}`);
    p++;
    return t;
  };
  const value = (): Node => {
    const t = peek();
    if (t === undefined) throw new Error("unexpected end of file");
    if (t.kind === "{") {
      p++;
      const members: Member[] = [];
      while (peek()?.kind !== "}") {
        const k = expect("string");
        expect(":");
        const v = value();
        let commaEnd: number | null = null;
        if (peek()?.kind === ",") commaEnd = expect(",").end;
        else if (peek()?.kind !== "}")
          throw new Error(`expected , or } at offset ${peek()?.start ?? text.length}`);
        members.push({
          key: JSON.parse(text.slice(k.start, k.end)) as string,
          keyStart: k.start,
          value: v,
          commaEnd,
        });
      }
      const close = expect("}");
      return { kind: "object", start: t.start, end: close.end, members };
    }
    if (t.kind === "[") {
      p++;
      while (peek()?.kind !== "]") {
        value();
        if (peek()?.kind === ",") p++;
        else if (peek()?.kind !== "]")
          throw new Error(`expected , or ] at offset ${peek()?.start ?? text.length}`);
      }
      const close = expect("]");
      return { kind: "other", start: t.start, end: close.end };
    }
    if (t.kind === "string" || t.kind === "scalar") {
      p++;
      return { kind: "other", start: t.start, end: t.end };
    }
    throw new Error(`unexpected ${t.kind} at offset ${t.start}`);
  };
  const root = value();
  if (p !== toks.length) throw new Error(`text after the end of the document at offset ${toks[p]!.start}`);
  return root;
}

/** Parses JSONC into plain values (comments and trailing commas dropped), for checks and tests. */
export function parseJsonc(text: string): unknown {
  parse(text); // structural check with offsets in messages
  let out = "";
  const toks = tokenize(text);
  toks.forEach((t, i) => {
    if (t.kind === "," && (toks[i + 1]?.kind === "}" || toks[i + 1]?.kind === "]")) return;
    out += text.slice(t.start, t.end);
  });
  return JSON.parse(out);
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

function indentUnit(text: string, root: Node): string {
  if (root.kind === "object" && root.members.length > 0) {
    const ind = lineIndent(text, root.members[0]!.keyStart);
    if (ind !== "") return ind;
  }
  return "  ";
}

function render(value: unknown, unit: string, base: string, eol: string): string {
  return JSON.stringify(value, null, unit)
    .split("\n")
    .join(eol + base);
}

/** value for the rest of a path: {"a": {"b": value}}. */
function nest(path: readonly string[], value: unknown): unknown {
  return path.reduceRight<unknown>((v, k) => ({ [k]: v }), value);
}

function editOnce(text: string, path: readonly string[], value: unknown): string {
  const root = parse(text);
  if (root.kind !== "object") throw new Error("the document is not a JSON object");
  const eol = eolOf(text);
  const unit = indentUnit(text, root);
  let obj = root;
  let depth = 1;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const m = obj.members.find((x) => x.key === key);
    const last = i === path.length - 1;
    if (m !== undefined && !last && m.value.kind !== "object") {
      if (value === null) return text; // nothing below a non-object to remove
      throw new Error(`${path.slice(0, i + 1).join(" → ")} is not an object`);
    }
    if (m !== undefined && last) {
      if (value === null) return removeMember(text, obj, m);
      const base = lineIndent(text, m.keyStart);
      return text.slice(0, m.value.start) + render(value, unit, base, eol) + text.slice(m.value.end);
    }
    if (m !== undefined && m.value.kind === "object") {
      obj = m.value;
      depth++;
      continue;
    }
    if (value === null) return text; // nothing to remove
    return insertMember(text, obj, key, nest(path.slice(i + 1), value), unit, depth, eol);
  }
  return text;
}

function insertMember(
  text: string,
  obj: Extract<Node, { kind: "object" }>,
  key: string,
  value: unknown,
  unit: string,
  depth: number,
  eol: string,
): string {
  const closeIndent = lineIndent(text, obj.end - 1);
  const sameLine = !text.slice(obj.start, obj.end).includes("\n");
  const base = sameLine
    ? unit.repeat(depth)
    : obj.members.length > 0
      ? lineIndent(text, obj.members[0]!.keyStart)
      : closeIndent + unit;
  const member = `${JSON.stringify(key)}: ${render(value, unit, base, eol)}`;
  if (obj.members.length === 0) {
    const inner = text.slice(obj.start + 1, obj.end - 1);
    if (inner.trim() === "")
      return `${text.slice(0, obj.start)}{${eol}${base}${member}${eol}${closeIndent}}${text.slice(obj.end)}`;
    return `${text.slice(0, obj.start + 1)}${eol}${base}${member}${text.slice(obj.start + 1)}`;
  }
  const lastM = obj.members[obj.members.length - 1]!;
  if (lastM.commaEnd !== null) {
    // A trailing comma is already there: add the member after it, keeping the trailing comma style.
    return `${text.slice(0, lastM.commaEnd)}${eol}${base}${member},${text.slice(lastM.commaEnd)}`;
  }
  return `${text.slice(0, lastM.value.end)},${eol}${base}${member}${text.slice(lastM.value.end)}`;
}

function removeMember(text: string, obj: Extract<Node, { kind: "object" }>, m: Member): string {
  const idx = obj.members.indexOf(m);
  const lineStart = text.lastIndexOf("\n", m.keyStart - 1) + 1;
  const startsLine = text.slice(lineStart, m.keyStart).trim() === "";
  if (m.commaEnd !== null) {
    let end = m.commaEnd;
    if (startsLine) {
      const nl = text.indexOf("\n", end);
      if (nl >= 0 && text.slice(end, nl).trim() === "") end = nl + 1;
      return text.slice(0, lineStart) + text.slice(end);
    }
    return text.slice(0, m.keyStart) + text.slice(end).replace(/^[ \t]*/, "");
  }
  if (idx > 0) {
    const prev = obj.members[idx - 1]!;
    // prev's comma precedes m: drop from that comma to m's end.
    const from = (prev.commaEnd ?? prev.value.end) - 1;
    return text.slice(0, from) + text.slice(m.value.end);
  }
  return (
    text.slice(0, m.keyStart).replace(/[ \t]*$/, "") + text.slice(m.value.end).replace(/^[ \t]*\r?\n?/, "")
  );
}

/**
 * Sets (or, for a null value, removes) each path in a JSONC document, creating intermediate objects. Keys
 * are whole strings: ["go.toolsEnvVars", "GOPROXY"] is the member "GOPROXY" of the member
 * "go.toolsEnvVars". Everything not named is kept byte for byte.
 *
 * @throws Error when text is not a JSONC object or a path crosses a non-object.
 */
export function setJsoncValues(
  text: string,
  entries: readonly { readonly path: readonly string[]; readonly value: unknown }[],
): string {
  let out = text.trim() === "" ? "{}\n" : text;
  for (const e of entries) out = editOnce(out, e.path, e.value);
  return out;
}
