/**
 * How go resolves a module version against a git repository's refs, as far as `git ls-remote` tells:
 * the tag a version names (modfetch/coderepo.go revToRev: the module's directory in the repository, then
 * the version without `+incompatible`) and whether the refs hold it (codehost/git.go stat: a tag, a branch,
 * HEAD, a hash prefix — otherwise `unknown revision <rev>`). Same in go1.19 and go1.26.
 */

import { splitPathVersion } from "../module/path.js";
import { isPseudoVersion, pseudoVersionRev } from "../module/pseudo.js";
import { build, isValid } from "../semver.js";

/** `git ls-remote` output as a map from ref name to hash (codehost/git.go loadRefs). */
export function parseLsRemote(stdout: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length !== 2 || f[0] === "" || f[1] === "") continue;
    refs.set(f[1]!, f[0]!);
  }
  return refs;
}

/**
 * The module's directory inside the repository whose root import path is root (coderepo.go newCodeRepo's
 * codeDir): the path below the root, without the /vN major suffix; "" at the root.
 */
export function codeDir(modulePath: string, root: string): string {
  const sp = splitPathVersion(modulePath);
  const prefix = sp.ok ? sp.prefix : modulePath;
  if (prefix === root || !prefix.startsWith(`${root}/`)) return "";
  return prefix.slice(root.length + 1);
}

/** The revision go asks git for when it looks up version (coderepo.go revToRev). */
export function revisionOf(version: string, dir: string): string {
  if (!isValid(version)) return version;
  if (isPseudoVersion(version)) return pseudoVersionRev(version);
  const v = build(version) === "+incompatible" ? version.slice(0, -"+incompatible".length) : version;
  return dir === "" ? v : `${dir}/${v}`;
}

const MIN_HASH_DIGITS = 7;

/**
 * Whether the refs can resolve rev without fetching more than go fetches (git.go stat's order): a tag, a
 * branch, HEAD, or a hash prefix (then go fetches it; it may still not exist). `unknown` means go fails
 * with `unknown revision <rev>` before any fetch.
 */
export function resolveRev(
  refs: ReadonlyMap<string, string>,
  rev: string,
): "tag" | "branch" | "head" | "hash" | "unknown" {
  if (refs.has(`refs/tags/${rev}`)) return "tag";
  if (refs.has(`refs/heads/${rev}`)) return "branch";
  if (rev === "HEAD" && refs.has("HEAD")) return "head";
  if (rev.length >= MIN_HASH_DIGITS && rev.length <= 40 && /^[0-9a-f]+$/.test(rev)) return "hash";
  return "unknown";
}
