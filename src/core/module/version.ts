/**
 * Whether a version fits a module path: the major-version suffix (`/v2`, gopkg.in's `.v2`) against the
 * version's major, and the `+incompatible` escape hatch for v2+ tags of modules without a suffix.
 * Mirrors golang.org/x/mod/module (module.go): Check, CanonicalVersion, PathMajorPrefix; golang.org/x/mod/modfile
 * (rule.go): checkCanonicalVersion; and the path-only part of cmd/go/internal/modfetch (coderepo.go): convert's
 * checkCanonical.
 */
import { GoError } from "../errors.js";
import { goQuote } from "../goquote.js";
import * as semver from "../semver.js";
import { checkPath, checkPathMajor, splitPathVersion } from "./path.js";

/**
 * The canonical form of v as semver.canonical gives it ("v1.2" → "v1.2.0", build metadata dropped), except
 * that the special build suffix "+incompatible" is kept; "" when v is not a valid semver.
 * Mirrors golang.org/x/mod/module.CanonicalVersion (module/module.go).
 */
export function canonicalVersion(v: string): string {
  const cv = semver.canonical(v);
  return semver.build(v) === "+incompatible" ? `${cv}+incompatible` : cv;
}

/**
 * The major-version tag prefix a path suffix implies: "" for "", "v2" for "/v2" or ".v2", "v1" for gopkg.in's
 * ".v1-unstable".
 * @throws Error (Go panics) when pathMajor is not "" or a separator followed by a valid major version.
 * Mirrors golang.org/x/mod/module.PathMajorPrefix (module/module.go).
 */
export function pathMajorPrefix(pathMajor: string): string {
  if (pathMajor === "") return "";
  if (pathMajor[0] !== "/" && pathMajor[0] !== ".") {
    throw new Error(`pathMajor suffix ${pathMajor} passed to PathMajorPrefix lacks separator`);
  }
  let pm = pathMajor;
  if (pm.startsWith(".v") && pm.endsWith("-unstable")) pm = pm.slice(0, -"-unstable".length);
  const m = pm.slice(1);
  if (m !== semver.major(m)) {
    // Go's own message lacks the space before "passed".
    throw new Error(`pathMajor suffix ${pm}passed to PathMajorPrefix is not a valid major version`);
  }
  return m;
}

/** x/mod's ModuleError around an InvalidVersionError: `<path>@<version>: invalid version: <reason>`. */
function invalidModuleVersion(path: string, version: string, reason: string): GoError {
  return new GoError(`${path}@${version}: invalid version: ${reason}`);
}

/**
 * Checks that path is a valid module path, version a valid semantic version (shorthands like "v1.2" and any
 * build metadata are accepted: canonical form is not required here), and that the two agree: no suffix takes
 * v0, v1 or any "+incompatible" version (even v1.0.0+incompatible); "/vN" and gopkg.in's ".vN" take only
 * major vN (any build suffix, "+incompatible" included); gopkg.in's ".v1" also takes old "v0.0.0-…"
 * pseudo-versions.
 * @throws GoError `malformed module path "<path>": <reason>` (checkPath),
 * `<path>@<version>: invalid version: not a semantic version`, or
 * `<path>@<version>: invalid version: should be v0 or v1, not v2` (`should be v3, not v2` with a suffix).
 * Mirrors golang.org/x/mod/module.Check (module/module.go).
 */
export function checkPathVersion(path: string, version: string): void {
  checkPath(path);
  if (!semver.isValid(version)) throw invalidModuleVersion(path, version, "not a semantic version");
  const reason = checkPathMajor(version, splitPathVersion(path).pathMajor);
  if (reason !== null) throw invalidModuleVersion(path, version, reason);
}

/**
 * The stricter check go.mod editing applies (`go mod edit -exclude`, `-retract`): version must be canonical
 * (module.CanonicalVersion, so "+incompatible" is the only build suffix kept) and agree with the path's major
 * suffix; for a path without suffix a v2+ version gets the hint to add "+incompatible". The path itself is not
 * checked, and an invalid suffix ("/v1", "/v02") skips the agreement check, as in x/mod.
 * @throws GoError `version "<v>" invalid: must be of the form v1.2.3` (`… of the form v2.2.3` with a "/v2"
 * suffix), `version "v2.0.0" invalid: should be v2.0.0+incompatible (or module example.com/m/v2)`, or
 * `version "<v>" invalid: should be v2, not v3`.
 * Mirrors golang.org/x/mod/modfile.checkCanonicalVersion (modfile/rule.go), reachable as File.AddExclude.
 */
export function checkCanonicalVersion(path: string, version: string): void {
  const { pathMajor, ok } = splitPathVersion(path);
  if (version === "" || version !== canonicalVersion(version)) {
    const form = pathMajor === "" ? "v1" : pathMajorPrefix(pathMajor);
    throw new GoError(`version ${goQuote(version)} invalid: must be of the form ${form}.2.3`);
  }
  if (!ok) return;
  const reason = checkPathMajor(version, pathMajor);
  if (reason === null) return;
  if (pathMajor === "") {
    throw new GoError(
      `version ${goQuote(version)} invalid: should be ${version}+incompatible (or module ${path}/${semver.major(version)})`,
    );
  }
  throw new GoError(`version ${goQuote(version)} invalid: ${reason}`);
}

/**
 * The +incompatible rules the go command applies when it resolves a version from a repository, as far as
 * they follow from the path and version alone: "+incompatible" is allowed only on a path without a major
 * suffix and only for a major version that is not compatible (v2 and up), and a path with a suffix takes
 * only its own major version. Whether a v2+ version without a suffix needs "+incompatible" (it does unless
 * the repository has a go.mod file) depends on the repository and is not decided here.
 * @throws GoError `<path>@<version>: invalid version: +incompatible suffix not allowed: major version v1 is
 * compatible`, or `<path>@<version>: invalid version: module path includes a major version suffix, so major
 * version must match`.
 * Mirrors the repository-independent part of checkCanonical in cmd/go/internal/modfetch.codeRepo.convert
 * (coderepo.go, go1.19).
 */
export function checkIncompatible(path: string, version: string): void {
  const { pathMajor } = splitPathVersion(path);
  const base = version.endsWith("+incompatible") ? version.slice(0, -"+incompatible".length) : version;
  if (checkPathMajor(base, pathMajor) !== null) {
    if (pathMajor !== "") {
      throw invalidModuleVersion(
        path,
        version,
        "module path includes a major version suffix, so major version must match",
      );
    }
    return;
  }
  if (version !== base) {
    throw invalidModuleVersion(
      path,
      version,
      `+incompatible suffix not allowed: major version ${semver.major(version)} is compatible`,
    );
  }
}
