/**
 * Module, import and file path rules, with x/mod's exact error texts.
 * Mirrors golang.org/x/mod/module (module.go): CheckPath, CheckImportPath, CheckFilePath, checkPath,
 * checkElem, SplitPathVersion, splitGopkgIn, CheckPathMajor, MatchPathMajor.
 */
import { GoError } from "../errors.js";
import { goQuote, goQuoteRune } from "../goquote.js";
import { goIsLetter } from "../gounicode.js";
import { build, major } from "../semver.js";

type Kind = "module" | "import" | "file";

const BAD_WINDOWS_NAMES = [
  "CON",
  "PRN",
  "AUX",
  "NUL",
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`]),
];

function firstPathOK(r: string): boolean {
  return /^[-.0-9a-z]$/.test(r);
}

function modPathOK(r: string): boolean {
  return /^[-._~0-9A-Za-z]$/.test(r);
}

function fileNameOK(r: string): boolean {
  if (r.codePointAt(0)! < 0x80) return /^[0-9A-Za-z!#$%&()+,\-.=@[\]^_{}~ ]$/.test(r);
  // unicode.IsLetter by go1.19's tables: Node's newer ones know letters go refuses.
  return goIsLetter(r.codePointAt(0)!);
}

function charOK(r: string, kind: Kind): boolean {
  if (kind === "module") return modPathOK(r);
  if (kind === "import") return modPathOK(r) || r === "+";
  return fileNameOK(r);
}

/** x/mod's checkElem; throws the bare reason. */
function checkElem(elem: string, kind: Kind): void {
  if (elem === "") throw new Error("empty path element");
  if ([...elem].every((c) => c === ".")) throw new Error(`invalid path element ${goQuote(elem)}`);
  if (elem[0] === "." && kind === "module") throw new Error("leading dot in path element");
  if (elem.endsWith(".")) throw new Error("trailing dot in path element");
  for (const r of elem) if (!charOK(r, kind)) throw new Error(`invalid char ${goQuoteRune(r)}`);
  const dot = elem.indexOf(".");
  const short = dot >= 0 ? elem.slice(0, dot) : elem;
  if (BAD_WINDOWS_NAMES.some((b) => b.toLowerCase() === short.toLowerCase())) {
    throw new Error(`${goQuote(short)} disallowed as path element component on Windows`);
  }
  if (kind === "file") return;
  const tilde = short.lastIndexOf("~");
  if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1))) {
    throw new Error("trailing tilde and digits in path element");
  }
}

function isWellFormed(s: string): boolean {
  return !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));
}

/** x/mod's checkPath; throws the bare reason. */
function checkAnyPath(path: string, kind: Kind): void {
  if (!isWellFormed(path)) throw new Error("invalid UTF-8");
  if (path === "") throw new Error("empty string");
  if (path[0] === "-" && kind !== "file") throw new Error("leading dash");
  if (path.includes("//")) throw new Error("double slash");
  if (path.endsWith("/")) throw new Error("trailing slash");
  for (const elem of path.split("/")) checkElem(elem, kind);
}

function wrap(kind: Kind, path: string, f: () => void): void {
  try {
    f();
  } catch (e) {
    throw new GoError(`malformed ${kind} path ${goQuote(path)}: ${(e as Error).message}`);
  }
}

/**
 * Checks a module path (module.CheckPath).
 * @throws GoError `malformed module path "<path>": <reason>`
 */
export function checkPath(path: string): void {
  wrap("module", path, () => {
    checkAnyPath(path, "module");
    const slash = path.indexOf("/");
    const first = slash < 0 ? path : path.slice(0, slash);
    if (slash === 0) throw new Error("leading slash");
    if (!first.includes(".")) throw new Error("missing dot in first path element");
    if (path[0] === "-") throw new Error("leading dash in first path element");
    for (const r of first)
      if (!firstPathOK(r)) throw new Error(`invalid char ${goQuoteRune(r)} in first path element`);
    if (!splitPathVersion(path).ok) throw new Error("invalid version");
  });
}

/** Checks an import path (module.CheckImportPath). @throws GoError `malformed import path "<path>": <reason>` */
export function checkImportPath(path: string): void {
  wrap("import", path, () => checkAnyPath(path, "import"));
}

/** Checks a file path inside a module (module.CheckFilePath). @throws GoError `malformed file path "<path>": <reason>` */
export function checkFilePath(path: string): void {
  wrap("file", path, () => checkAnyPath(path, "file"));
}

/** Why v is not an acceptable file-path element (x/mod's checkElem for file paths), or null. */
export function fileElemError(v: string): string | null {
  try {
    checkElem(v, "file");
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Reports whether v is an acceptable path element for a version (module.EscapeVersion's check). */
export function isValidVersionElem(v: string): boolean {
  return fileElemError(v) === null && !v.includes("!");
}

/** The result of splitting a path into prefix and major-version suffix. */
export interface SplitPath {
  readonly prefix: string;
  /** "", "/v2", ".v1" (gopkg.in), … */
  readonly pathMajor: string;
  readonly ok: boolean;
}

/** Splits `example.com/m/v2` into `example.com/m` and `/v2` (module.SplitPathVersion). */
export function splitPathVersion(path: string): SplitPath {
  if (path.startsWith("gopkg.in/")) return splitGopkgIn(path);
  let i = path.length;
  let dot = false;
  while (i > 0 && /[0-9.]/.test(path[i - 1]!)) {
    if (path[i - 1] === ".") dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== "v" || path[i - 2] !== "/")
    return { prefix: path, pathMajor: "", ok: true };
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor[2] === "0" || pathMajor === "/v1")
    return { prefix: path, pathMajor: "", ok: false };
  return { prefix, pathMajor, ok: true };
}

function splitGopkgIn(path: string): SplitPath {
  let i = path.length;
  if (path.endsWith("-unstable")) i -= "-unstable".length;
  while (i > 0 && /[0-9]/.test(path[i - 1]!)) i--;
  if (i <= 1 || path[i - 1] !== "v" || path[i - 2] !== ".") return { prefix: path, pathMajor: "", ok: false };
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (pathMajor.length <= 2 || (pathMajor[2] === "0" && pathMajor !== ".v0"))
    return { prefix: path, pathMajor: "", ok: false };
  return { prefix, pathMajor, ok: true };
}

/**
 * Checks that version v fits the path's major-version suffix (module.CheckPathMajor); returns null or the
 * reason, e.g. `should be v2, not v1`.
 */
export function checkPathMajor(v: string, pathMajor: string): string | null {
  let pm = pathMajor;
  if (pm.startsWith(".v") && pm.endsWith("-unstable")) pm = pm.slice(0, -"-unstable".length);
  if (v.startsWith("v0.0.0-") && pm === ".v1") return null;
  const m = major(v);
  if (pm === "") {
    if (m === "v0" || m === "v1" || build(v) === "+incompatible") return null;
    pm = "v0 or v1";
  } else if (pm[0] === "/" || pm[0] === ".") {
    if (m === pm.slice(1)) return null;
    pm = pm.slice(1);
  }
  return `should be ${pm}, not ${major(v)}`;
}

/** Reports whether v fits the major-version suffix (module.MatchPathMajor). */
export function matchPathMajor(v: string, pathMajor: string): boolean {
  return checkPathMajor(v, pathMajor) === null;
}
