/**
 * go-get discovery: the `<meta name="go-import" content="prefix vcs repo">` tags of a `?go-get=1` page and the
 * one that names a module path's repository. Mirrors cmd/go/internal/vcs (go1.19): discovery.go
 * parseMetaGoImports (tokens read until `<body>` or `</head>`; "mod" entries first in module mode, shadowing
 * other entries of their prefix), vcs.go matchGoImport and ImportMismatchError, validateRepoRoot, and
 * repoRootForImportDynamic / metaImportsForPrefix as a pure plan over the answers (planDiscovery).
 *
 * go tokenizes the page with encoding/xml in non-strict mode; this reader follows the same tokens for pages
 * made of ordinary tags, comments, directives and text, and says `complete: false` the moment it meets
 * anything else (a bare `<`, an unterminated tag, an XML declaration naming a charset), where go's answer
 * could differ: callers then do not predict.
 */
import { parseURL } from "../gourl.js";
import { httpErrorText, type ProxyResponse } from "../proxyanswer.js";
import { checkGOVCS, type Govcs } from "./govcs.js";
import { discoveryURL } from "./origin.js";

/** One go-import meta tag. */
export interface MetaImport {
  readonly prefix: string;
  readonly vcs: string;
  readonly repoRoot: string;
}

/** The tags of a page, and whether the page was read to where go stops reading it. */
export interface MetaImports {
  readonly imports: readonly MetaImport[];
  /** false: something before the end of `<head>` this reader cannot judge as encoding/xml would. */
  readonly complete: boolean;
}

/** The predefined XML entities and character references (non-strict encoding/xml keeps unknown ones as text). */
function decodeEntities(s: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", apos: "'", quot: '"' };
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (all, e: string) => {
    if (e.startsWith("#")) {
      const cp = e[1] === "x" ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    }
    return named[e] ?? all;
  });
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
// Quoted, unquoted (non-strict encoding/xml's attrval: letters, digits, `_`, `:`, `-`) or no value (then the
// name is the value); anything else ends the tag as go's reader would not.
const ATTR =
  /\s+([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([-A-Za-z0-9_:]+)))?(?![^\s/>])/y;

/** Characters outside XML's Char production, which encoding/xml refuses wherever they stand. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** encoding/xml's Name.Local: `space:local` split at its only colon (both sides non-empty), else the whole. */
function localName(s: string): string {
  const colon = s.indexOf(":");
  if (colon <= 0 || colon === s.length - 1 || s.indexOf(":", colon + 1) >= 0) return s;
  return s.slice(colon + 1);
}

/** One start or end tag at s[i] (just after `<`): its name, attributes and where it ends; null if not plain. */
function readTag(
  s: string,
  i: number,
): { end: boolean; name: string; attrs: Map<string, string>; next: number } | null {
  const end = s[i] === "/";
  NAME.lastIndex = end ? i + 1 : i;
  const name = NAME.exec(s)?.[0];
  if (name === undefined) return null;
  let at = NAME.lastIndex;
  const attrs = new Map<string, string>();
  for (;;) {
    const close = /^\s*(\/?)>/.exec(s.slice(at, at + 64));
    if (close !== null) return { end, name: localName(name), attrs, next: at + close[0].length };
    if (end) return null;
    ATTR.lastIndex = at;
    const a = ATTR.exec(s);
    if (a === null || ATTR.lastIndex === at) return null;
    const key = localName(a[1]!).toLowerCase();
    // attrValue takes the first attribute of that name, compared without case.
    if (!attrs.has(key)) attrs.set(key, decodeEntities(a[2] ?? a[3] ?? a[4] ?? a[1]!));
    at = ATTR.lastIndex;
  }
}

/**
 * The go-import tags of an HTML page, in go's order (module mode: "mod" entries first). Never throws.
 */
export function parseMetaGoImports(html: string): MetaImports {
  // encoding/xml stops at a character XML forbids, strict or not: not judged here.
  if (XML_FORBIDDEN.test(html)) return { imports: [], complete: false };
  const found: MetaImport[] = [];
  // Read to the end of the page (go reads to EOF too) unless </head> or <body> comes first, or something
  // this reader does not follow.
  let complete = true;
  for (let i = html.indexOf("<"); i >= 0; i = html.indexOf("<", i)) {
    const other = html.startsWith("<!--", i)
      ? "-->"
      : html.startsWith("<?", i)
        ? "?>"
        : html.startsWith("<!", i)
          ? ">"
          : null;
    if (other !== null) {
      const e = html.indexOf(other, i + 2);
      // An XML declaration with an encoding is where go's charset rule applies: not judged here.
      if (e < 0 || (other === "?>" && /encoding/i.test(html.slice(i, e)))) {
        complete = false;
        break;
      }
      i = e + other.length;
      continue;
    }
    const tag = readTag(html, i + 1);
    if (tag === null) {
      complete = false;
      break;
    }
    const name = tag.name.toLowerCase();
    if ((tag.end && name === "head") || (!tag.end && name === "body")) break;
    if (!tag.end && name === "meta" && tag.attrs.get("name") === "go-import") {
      const f = (tag.attrs.get("content") ?? "").split(GO_SPACE).filter((x) => x !== "");
      if (f.length === 3) found.push({ prefix: f[0]!, vcs: f[1]!, repoRoot: f[2]! });
    }
    i = tag.next;
  }
  const mod = new Set(found.filter((m) => m.vcs === "mod").map((m) => m.prefix));
  const imports = [
    ...found.filter((m) => m.vcs === "mod"),
    ...found.filter((m) => m.vcs !== "mod" && !mod.has(m.prefix)),
  ];
  return { imports, complete };
}

/** strings.Fields' separators (unicode.IsSpace). */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** str.HasPathPrefix. */
function hasPathPrefix(s: string, prefix: string): boolean {
  if (s.length === prefix.length) return s === prefix;
  if (prefix === "") return true;
  return (
    s.length > prefix.length && (prefix.endsWith("/") || s[prefix.length] === "/") && s.startsWith(prefix)
  );
}

/**
 * The tag naming importPath's repository (vcs.go matchGoImport): `{ match }`, or go's error with `mismatch`
 * telling an ImportMismatchError (go words it `no go-import meta tags (<error>)`) from another one.
 */
export function matchGoImport(
  imports: readonly MetaImport[],
  importPath: string,
): { readonly match: MetaImport } | { readonly error: string; readonly mismatch: boolean } {
  let match: MetaImport | null = null;
  const mismatches: string[] = [];
  for (const im of imports) {
    if (!hasPathPrefix(importPath, im.prefix)) {
      mismatches.push(`meta tag ${im.prefix} did not match import path ${importPath}`);
      continue;
    }
    if (match !== null) {
      if (match.vcs === "mod" && im.vcs !== "mod") break;
      return { error: `multiple meta tags match import path "${importPath}"`, mismatch: false };
    }
    match = im;
  }
  return match === null ? { error: mismatches.join(", "), mismatch: true } : { match };
}

/** vcs.go validateRepoRoot: null when go accepts the repository URL, else its error text. */
export function validateRepoRoot(repoRoot: string): string | null {
  let scheme: string;
  try {
    scheme = parseURL(repoRoot).scheme;
  } catch (e) {
    return (e as Error).message;
  }
  if (scheme === "") return "no scheme";
  if (scheme === "file") return "file scheme disallowed";
  return null;
}

/** What go's discovery does next, given the answers it has had (repoRootForImportDynamic, go1.19). */
export type DiscoveryStep =
  /** GET this URL (with go's client rules) and plan again. */
  | { readonly kind: "fetch"; readonly url: string }
  /** go stops with `unrecognized import path "<path>": <error>`; `answer` is how the failure came. */
  | {
      readonly kind: "refused";
      readonly error: string;
      readonly answer: "status" | "transport" | "hang" | "govcs" | "tags";
    }
  /** go goes on to the repository: `mod` (a module proxy at repoRoot) or a VCS it will run. */
  | { readonly kind: "found"; readonly vcs: string; readonly prefix: string; readonly repoRoot: string }
  /** A page this reader cannot judge as go would: no prediction. */
  | { readonly kind: "unsure"; readonly why: string };

/**
 * urlForImportPath's URL as go prints it: built without a scheme (web.Get picks one), so `//host/path?go-get=1`,
 * unlike the response's URL.
 */
function schemeless(url: string): string {
  return url.replace(/^https:/, "");
}

/** The VCS commands go knows (vcs.go vcsByCmd). */
const KNOWN_VCS = new Set(["hg", "git", "svn", "bzr", "fossil"]);

/**
 * Whether encoding/xml reads the bytes at all: valid UTF-8 and only characters XML allows (it stops with a
 * syntax error otherwise, strict or not). Pages that fail are not judged.
 */
function xmlReadable(body: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return false;
  }
  return !XML_FORBIDDEN.test(text);
}

type Page =
  | { readonly ok: true; readonly imports: readonly MetaImport[]; readonly url: string }
  | { readonly ok: false; readonly step: DiscoveryStep };

/**
 * The go-import tags of one answer, or what go does instead: a failure without tags reports the HTTP status
 * (resp.Err) rather than a parse error. `wrap` words a transport failure as the caller of web.Get does.
 */
function readPage(r: ProxyResponse, wrap: (e: string) => string): Page {
  if (r.kind === "transport")
    return { ok: false, step: { kind: "refused", error: wrap(r.goError), answer: "transport" } };
  if (r.kind === "hang") return { ok: false, step: { kind: "refused", error: "", answer: "hang" } };
  const text = new TextDecoder().decode(r.body);
  const page = xmlReadable(r.body) ? parseMetaGoImports(text) : { imports: [], complete: false };
  if (page.imports.length === 0 && r.status !== 200) {
    // No tag can be in a page that never says go-import, however go's reader fares with the rest.
    if (page.complete || !text.includes("go-import"))
      return {
        ok: false,
        step: {
          kind: "refused",
          error: httpErrorText(r.url, r.statusLine, r.contentType, r.body),
          answer: "status",
        },
      };
  }
  if (!page.complete || r.truncated)
    return {
      ok: false,
      step: { kind: "unsure", why: `${r.url} holds markup go's XML reader may take otherwise` },
    };
  return { ok: true, imports: page.imports, url: r.url };
}

/**
 * The next step of go-get discovery for importPath. `answer` gives the answers had so far by request URL;
 * `govcs` and `goprivate` decide whether the VCS found may run. Pure: the caller fetches and plans again.
 */
export function planDiscovery(
  importPath: string,
  answer: (url: string) => ProxyResponse | undefined,
  govcs: Govcs,
  goprivate: string,
): DiscoveryStep {
  const target = discoveryURL(importPath);
  if ("error" in target) return { kind: "refused", error: target.error, answer: "tags" };
  const first = answer(target.url);
  if (first === undefined) return { kind: "fetch", url: target.url };
  const page = readPage(first, (e) => `https fetch: ${e}`);
  if (!page.ok) return page.step;
  const m = matchGoImport(page.imports, importPath);
  if ("error" in m)
    return {
      kind: "refused",
      error: m.mismatch
        ? `parse ${page.url}: no go-import meta tags (${m.error})`
        : `parse ${schemeless(target.url)}: ${m.error}`,
      answer: "tags",
    };
  const mmi = m.match;
  if (mmi.prefix !== importPath) {
    // metaImportsForPrefix: the prefix's own page must say the same (a deeper path cannot claim a root).
    const root = discoveryURL(mmi.prefix);
    if ("error" in root) return { kind: "refused", error: root.error, answer: "tags" };
    const second = answer(root.url);
    if (second === undefined) return { kind: "fetch", url: root.url };
    const rootPage = readPage(second, (e) => `fetching ${mmi.prefix}: ${e}`);
    if (!rootPage.ok) return rootPage.step;
    if (rootPage.imports.length === 0)
      return {
        kind: "refused",
        error: `fetching ${mmi.prefix}: no go-import meta tag found in ${rootPage.url}`,
        answer: "tags",
      };
    const again = matchGoImport(rootPage.imports, importPath);
    if (
      "error" in again ||
      again.match.vcs !== mmi.vcs ||
      again.match.repoRoot !== mmi.repoRoot ||
      again.match.prefix !== mmi.prefix
    )
      return {
        kind: "refused",
        error: `${page.url} and ${schemeless(root.url)} disagree about go-import for ${mmi.prefix}`,
        answer: "tags",
      };
  }
  const invalid = validateRepoRoot(mmi.repoRoot);
  if (invalid !== null)
    return {
      kind: "refused",
      error: `${page.url}: invalid repo root "${mmi.repoRoot}": ${invalid}`,
      answer: "tags",
    };
  if (mmi.vcs !== "mod" && !KNOWN_VCS.has(mmi.vcs))
    return { kind: "refused", error: `${page.url}: unknown vcs "${mmi.vcs}"`, answer: "tags" };
  if (mmi.vcs !== "mod") {
    const refused = checkGOVCS(govcs, mmi.vcs, mmi.prefix, goprivate);
    if (refused !== null) return { kind: "refused", error: refused, answer: "govcs" };
  }
  return { kind: "found", vcs: mmi.vcs, prefix: mmi.prefix, repoRoot: mmi.repoRoot };
}
