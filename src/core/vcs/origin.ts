/**
 * Where the go command looks for a module it fetches directly (GOPRIVATE / GONOPROXY, or GOPROXY=direct): a
 * repository on a host go knows (github.com, bitbucket.org, …), a path naming its version control system
 * (`….git`), or else a `?go-get=1` page whose go-import meta tag names the repository. Mirrors
 * cmd/go/internal/vcs/vcs.go (go1.19): RepoRootForImportPath, repoRootFromVCSPaths over vcsPaths (and their
 * checks: noVCSSuffix), and urlForImportPath for the dynamic case. GOVCS is govcs.ts's.
 */

/** How go finds the repository of a module path. */
export type Origin =
  /** A host in vcsPaths: go runs the VCS on repoURL at once, no discovery request. */
  | {
      readonly kind: "known-host";
      readonly vcs: string;
      /** The repository root (a module path prefix). */
      readonly root: string;
      readonly repoURL: string;
    }
  /**
   * The general syntax `host/path.vcs[/…]`: go pings the VCS's schemes in order (secure ones only unless
   * GOINSECURE matches) and uses the first that answers; for git that is https first.
   */
  | { readonly kind: "vcs-suffix"; readonly vcs: string; readonly root: string; readonly repo: string }
  /** Any other path: go GETs discoveryURL and reads its `<meta name="go-import">` tags. */
  | { readonly kind: "discovery"; readonly discoveryURL: string }
  /** go refuses the path before any request, with this text. */
  | { readonly kind: "invalid"; readonly error: string };

interface VCSPath {
  readonly pathPrefix: string;
  readonly regexp: RegExp;
  /** The VCS command, when the entry fixes it. */
  readonly vcs?: string;
  /** Whether noVCSSuffix applies. */
  readonly noVCSSuffix?: boolean;
}

/** The VCS commands go knows (vcs.go vcsList), for noVCSSuffix and the general syntax. */
const VCS_COMMANDS = ["hg", "git", "svn", "bzr", "fossil"] as const;

/** vcs.go vcsPaths: the same prefixes, patterns and checks, in the same order (JS named groups for Go's). */
const VCS_PATHS: readonly VCSPath[] = [
  {
    pathPrefix: "github.com",
    regexp: /^(?<root>github\.com\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)(\/[A-Za-z0-9_.-]+)*$/,
    vcs: "git",
    noVCSSuffix: true,
  },
  {
    pathPrefix: "bitbucket.org",
    regexp: /^(?<root>bitbucket\.org\/(?<bitname>[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+))(\/[A-Za-z0-9_.-]+)*$/,
    vcs: "git",
    noVCSSuffix: true,
  },
  {
    pathPrefix: "hub.jazz.net/git",
    regexp: /^(?<root>hub\.jazz\.net\/git\/[a-z0-9]+\/[A-Za-z0-9_.-]+)(\/[A-Za-z0-9_.-]+)*$/,
    vcs: "git",
    noVCSSuffix: true,
  },
  {
    pathPrefix: "git.apache.org",
    regexp: /^(?<root>git\.apache\.org\/[a-z0-9_.-]+\.git)(\/[A-Za-z0-9_.-]+)*$/,
    vcs: "git",
  },
  {
    pathPrefix: "git.openstack.org",
    regexp: /^(?<root>git\.openstack\.org\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)(\.git)?(\/[A-Za-z0-9_.-]+)*$/,
    vcs: "git",
  },
  {
    pathPrefix: "chiselapp.com",
    regexp: /^(?<root>chiselapp\.com\/user\/[A-Za-z0-9]+\/repository\/[A-Za-z0-9_.-]+)$/,
    vcs: "fossil",
  },
  // The general syntax; unanchored at the start, as Go's FindStringSubmatch searches.
  {
    pathPrefix: "",
    regexp:
      /(?<root>(?<repo>([a-z0-9.-]+\.)+[a-z0-9.-]+(:[0-9]+)?(\/~?[A-Za-z0-9_.-]+)+?)\.(?<vcs>bzr|fossil|git|hg|svn))(\/~?[A-Za-z0-9_.-]+)*$/,
  },
];

/** str.HasPathPrefix: prefix is s, or s's leading path elements ("" prefixes everything). */
function hasPathPrefix(s: string, prefix: string): boolean {
  if (s.length === prefix.length) return s === prefix;
  if (prefix === "") return true;
  return (
    s.length > prefix.length && (prefix.endsWith("/") || s[prefix.length] === "/") && s.startsWith(prefix)
  );
}

/**
 * The origin of a module path fetched directly. Never throws.
 *
 * @param modulePath a module path (checked by the caller: module.CheckPath)
 */
export function originOf(modulePath: string): Origin {
  // go's own test hooks, kept in the binary: no network for these paths.
  if (hasPathPrefix(modulePath, "example.net"))
    return { kind: "invalid", error: "no modules on example.net" };
  if (modulePath === "rsc.io") return { kind: "invalid", error: "rsc.io is not a module" };
  for (const srv of VCS_PATHS) {
    if (!hasPathPrefix(modulePath, srv.pathPrefix)) continue;
    const m = srv.regexp.exec(modulePath);
    if (m === null) {
      if (srv.pathPrefix !== "")
        return { kind: "invalid", error: `invalid ${srv.pathPrefix} import path "${modulePath}"` };
      continue;
    }
    const root = m.groups!.root!;
    if (srv.vcs === undefined)
      return { kind: "vcs-suffix", vcs: m.groups!.vcs!, root, repo: m.groups!.repo! };
    const repoURL = `https://${root}`;
    if (srv.noVCSSuffix && VCS_COMMANDS.some((c) => repoURL.endsWith(`.${c}`)))
      return { kind: "invalid", error: `invalid version control suffix in ${srv.pathPrefix}/ path` };
    return { kind: "known-host", vcs: srv.vcs, root, repoURL };
  }
  const url = discoveryURL(modulePath);
  if ("error" in url)
    return { kind: "invalid", error: `unrecognized import path "${modulePath}": ${url.error}` };
  return { kind: "discovery", discoveryURL: url.url };
}

/**
 * vcs.go urlForImportPath: `https://<path>?go-get=1`, the host being what comes before the first slash and the
 * path at least "/"; or go's error for a host without a dot.
 */
export function discoveryURL(importPath: string): { readonly url: string } | { readonly error: string } {
  const slash = importPath.indexOf("/");
  const host = slash < 0 ? importPath : importPath.slice(0, slash);
  const path = slash < 0 ? "/" : importPath.slice(slash);
  if (!host.includes(".")) return { error: "import path does not begin with hostname" };
  return { url: `https://${host}${encodeURI(path)}?go-get=1` };
}

/**
 * The URL whose answer tells whether go can reach the origin over https: the discovery page, or what git's
 * smart HTTP asks first (`<repo>/info/refs?service=git-upload-pack`); null when go would not use https first
 * (another VCS) or refuses the path.
 */
export function originProbeURL(o: Origin): string | null {
  switch (o.kind) {
    case "discovery":
      return o.discoveryURL;
    case "known-host":
      return o.vcs === "git" ? `${o.repoURL}/info/refs?service=git-upload-pack` : null;
    case "vcs-suffix":
      return o.vcs === "git" ? `https://${o.repo}/info/refs?service=git-upload-pack` : null;
    default:
      return null;
  }
}
