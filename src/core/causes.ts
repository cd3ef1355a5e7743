/**
 * The cause taxonomy shared by every command (check, why, verify, trace, monitor).
 *
 * One place holds each cause's one-paragraph explanation and its generic fixes; features attach
 * concrete evidence and concrete fix commands to a {@link Finding} but never re-describe a cause.
 * The list and the meaning of each id are fixed by the product's JSON contracts
 * (docs/contracts.md, "Cause taxonomy"): extend, never rename.
 */

/** Every cause id, in the order docs/contracts.md lists them. */
export const CAUSES = [
  "dns-failure",
  "connect-failure",
  "timeout",
  "tls-untrusted",
  "tls-other",
  "http-proxy-misconfig",
  "proxy-auth",
  "proxy-error",
  "not-found",
  "private-via-public-proxy",
  "private-via-public-sumdb",
  "sumdb-unreachable",
  "sumdb-error",
  "checksum-mismatch",
  "goproxy-off",
  "config-invalid",
  "vcs-auth",
  "vcs-missing",
  "vcs-discovery",
  "govcs-disallowed",
  "insecure-refused",
  "invalid-path",
  "invalid-version",
  "modcache-problem",
  "modules-disabled",
  "vendor-mode",
  "go-version",
  "other",
] as const;

/** A cause id from the taxonomy. */
export type Cause = (typeof CAUSES)[number];

/**
 * Where a failure happened, separate from how (the cause): a GOPROXY entry, the checksum database, a
 * version-control origin in direct mode, a toolchain download (Go ≥ 1.21), an HTTP proxy between go and
 * the server, or nothing remote at all (configuration, go.mod/go.sum, the module cache).
 */
export const ROLES = ["proxy", "sumdb", "vcs", "toolchain", "http-proxy", "local"] as const;

/** A role id (see {@link ROLES}). */
export type Role = (typeof ROLES)[number];

/** The context a piece of advice depends on: the OS go ran on, its minor version (21 for go1.21), the tool that failed. */
export interface AdviceContext {
  /** "windows" when the text is Windows' (connectex, drive paths, localised Winsock), "unix" when Unix's, null when the text cannot tell, undefined for this (Unix-like) machine. */
  readonly os?: "windows" | "unix" | null;
  /** go's minor version when the text shows it (`running go 1.21.5`, wordings only one range prints), else null. */
  readonly goMinor?: number | null;
  /** "git" when git (or its curl) printed the failure, so git's own settings apply, not go's. */
  readonly tool?: "go" | "git" | null;
  /** The text of the failure, for advice that applies only to some of go's wordings. */
  readonly text?: string;
}

/** One remedy and the context it applies to; no condition means it applies everywhere. */
export interface Advice {
  readonly text: string;
  /** Only for this OS (context undefined — this machine: Unix-like; null — unknown: both kept). */
  readonly os?: "windows" | "unix";
  /** Only when go is at least 1.N (unknown version: kept). */
  readonly goMin?: number;
  /** Only when go is at most 1.N (unknown version: dropped). */
  readonly goMax?: number;
  /** Only when this tool printed the failure (unknown tool: dropped for "git"). */
  readonly tool?: "go" | "git";
  /** Only when the failure's text matches (unknown text: dropped). */
  readonly textMatches?: RegExp;
}

/** What a person needs to know about one cause, independent of any particular evidence. */
export interface CauseInfo {
  /** Short human title, e.g. "DNS lookup failed". */
  readonly title: string;
  /** The definition that decides whether a failure is this cause (product.md's taxonomy table, one sentence). */
  readonly definition: string;
  /** One paragraph: what happened and why the go command fails this way. */
  readonly explanation: string;
  /** Remedies with the context each applies to (see {@link fixesFor}). */
  readonly advice: readonly Advice[];
  /** The remedies that apply without context, most likely first; features prepend concrete commands. */
  readonly fixes: readonly string[];
}

/** A cause's text as written: {@link CauseInfo} without the derived context-free `fixes`. */
interface CauseText {
  readonly title: string;
  readonly definition: string;
  readonly explanation: string;
  readonly advice: readonly Advice[];
}

const CHECK = "Find which endpoint fails and in which phase: `goproxy-doctor check`.";

const TEXT: Readonly<Record<Cause, CauseText>> = {
  "dns-failure": {
    title: "DNS lookup failed",
    definition: "A host name did not resolve.",
    explanation:
      "The host name of a GOPROXY entry, the checksum database, an HTTP proxy or a module's origin could not be " +
      "resolved (`lookup <host>: no such host`, `server misbehaving`, Windows' `getaddrinfow` or its localised " +
      "`No such host is known`). After a `,` entry go stops there; only `|` makes it try the next entry.",
    advice: [
      {
        text: "On Linux/WSL, check the DNS servers in /etc/resolv.conf (WSL2 and VPN clients rewrite it).",
        os: "unix",
      },
      {
        text: "On Windows, check the DNS servers of the active network adapter (`ipconfig /all`) and flush the cache (`ipconfig /flushdns`).",
        os: "windows",
      },
      { text: "Use a mirror your network can resolve, e.g. `go env -w GOPROXY=https://goproxy.cn,direct`." },
      { text: "Separate entries with `|` instead of `,` so that go falls back on network errors." },
    ],
  },
  "connect-failure": {
    title: "TCP connection failed",
    definition: "The connection was refused, reset or unreachable: something answered no.",
    explanation:
      "The host resolved, but connecting was refused (nothing listens), reset (a middlebox cut it) or the network " +
      "was unreachable. Something answered, so this is not a timeout. After a `,` entry go stops; only `|` makes " +
      "it fall back to the next GOPROXY entry.",
    advice: [
      { text: "Check that the server is up and that a firewall allows outbound HTTPS (port 443)." },
      {
        text: "If git failed to connect to a local proxy port, check git's own proxy: `git config --global --get http.proxy` (unset it with `git config --global --unset http.proxy`).",
        tool: "git",
      },
      { text: "If you must go through a corporate proxy, set HTTPS_PROXY (go ignores ALL_PROXY)." },
      { text: "Use `|` between GOPROXY entries to fall back on connection errors." },
    ],
  },
  timeout: {
    title: "Timed out",
    definition:
      "No answer came in time in some phase — the dial included (`i/o timeout`, `connection timed out`, Windows' " +
      '"did not properly respond after a period of time"), the TLS handshake, the response — or go would hang.',
    explanation:
      "Packets went unanswered: a firewall or a national filter dropping them, a dead route, or a server that " +
      "accepts and never answers. go dials for at most 30 s and waits 10 s for a TLS handshake but sets no " +
      "response timeout, so a server that stops answering makes it hang rather than fail.",
    advice: [
      {
        text: "Use a mirror reachable from your network, e.g. `go env -w GOPROXY=https://goproxy.cn,https://goproxy.io,direct`.",
      },
      {
        text: "If your network needs an HTTP proxy, set HTTPS_PROXY for go (go ignores system proxy settings).",
      },
      {
        text: "If git timed out, set git's own proxy for the host (`git config --global http.https://github.com.proxy http://PROXY:PORT`).",
        tool: "git",
      },
      { text: CHECK },
    ],
  },
  "tls-untrusted": {
    title: "TLS certificate not trusted by go",
    definition:
      "The certificate chain is not trusted by go's roots on this OS (interception, self-signed, missing CA), whatever the host.",
    explanation:
      "The server's chain does not end in a root go trusts. On Linux go reads one CA bundle (SSL_CERT_FILE, else " +
      "the first distro bundle found) plus SSL_CERT_DIR; on Windows and macOS it asks the system. A TLS-intercepting " +
      "proxy's CA installed only in a browser or in Node's store is invisible to go.",
    advice: [
      {
        text: "On Linux, install the interception CA into the system store (`update-ca-certificates` on Debian/Ubuntu).",
        os: "unix",
      },
      {
        text: "Or point go at a bundle containing it: `export SSL_CERT_FILE=/path/to/bundle.pem`.",
        os: "unix",
      },
      {
        text: "On Windows, import the interception CA into the Trusted Root Certification Authorities (certmgr.msc, or `certutil -addstore root ca.crt`).",
        os: "windows",
      },
      {
        text: "For git, point it at the CA: `git config --global http.sslCAInfo /path/to/ca.pem` (never http.sslVerify=false).",
        tool: "git",
      },
      {
        text: "Never work around this with GOINSECURE or GOSUMDB=off: they lower security and do not affect GOPROXY TLS.",
      },
    ],
  },
  "tls-other": {
    title: "TLS handshake failed",
    definition: "Any other TLS failure: an expired certificate, a wrong name, a protocol mismatch.",
    explanation:
      "The TLS handshake failed for a reason other than an untrusted root: an expired certificate, a name or IP " +
      "SAN mismatch, a protocol or cipher mismatch, or a plain-HTTP server on an https:// URL.",
    advice: [
      { text: "Check the URL's scheme and host: a GOPROXY entry without a scheme is treated as https://." },
      { text: "Check the system clock, then ask the server's operator to renew or fix the certificate." },
    ],
  },
  "http-proxy-misconfig": {
    title: "HTTP proxy settings are wrong",
    definition:
      "HTTP_PROXY / HTTPS_PROXY / NO_PROXY (or git's http.proxy) send the requests somewhere wrong, or not through a proxy the network needs.",
    explanation:
      "go uses HTTPS_PROXY for https URLs (never ALL_PROXY or the system's proxy settings), prefers upper-case " +
      "names, and reads NO_PROXY with its own rules. git, which go runs in direct mode, also reads its own " +
      "http.proxy. A proxy address that refuses, does not resolve or answers CONNECT with an error fails every request.",
    advice: [
      {
        text: "Set HTTPS_PROXY (upper case) to a working proxy URL, e.g. `export HTTPS_PROXY=http://proxy.corp:3128`, or unset it.",
        os: "unix",
      },
      {
        text: "Set HTTPS_PROXY to a working proxy URL (`$env:HTTPS_PROXY='http://proxy.corp:3128'`), or remove it.",
        os: "windows",
      },
      {
        text: "Check git's own proxy: `git config --global --get http.proxy` (unset it with `git config --global --unset http.proxy`).",
        tool: "git",
      },
      { text: "List the hosts that must not be proxied in NO_PROXY, comma-separated, without schemes." },
    ],
  },
  "proxy-auth": {
    title: "Authentication required",
    definition:
      "401/407 from a GOPROXY entry or an HTTP proxy (403 from a proxy that wants credentials), or credentials go refuses to send.",
    explanation:
      "A GOPROXY entry or an HTTP proxy asked for credentials. go sends them only over https: from ~/.netrc " +
      "(NETRC), userinfo in the URL, or (Go ≥ 1.24) GOAUTH; it refuses userinfo on http:// URLs.",
    advice: [
      {
        text: "Put the credentials in ~/.netrc (`machine <host> login <user> password <token>`), host without port for Go < 1.24.",
        os: "unix",
      },
      {
        text: "Put the credentials in %USERPROFILE%\\_netrc (`machine <host> login <user> password <token>`).",
        os: "windows",
      },
      { text: "Or supply them with GOAUTH (`go env -w GOAUTH=netrc` or a command).", goMin: 24 },
      { text: "Use an https:// URL for an authenticated mirror." },
    ],
  },
  "proxy-error": {
    title: "The module proxy answered with an error",
    definition: "A GOPROXY entry answered 5xx, garbage, or something that breaks the GOPROXY protocol.",
    explanation:
      "A GOPROXY entry answered with a status other than 200, 404 or 410, or with data go cannot use. After a " +
      "`,` entry go stops at that error; only `|` makes it try the next entry.",
    advice: [
      { text: "Retry later or remove the failing mirror from GOPROXY." },
      { text: "Use `|` after the entry so that go falls back to the next one on any error." },
    ],
  },
  "not-found": {
    title: "Module or version not found",
    definition:
      "The module, version or revision does not exist where go looked (404/410 for a public module, `unknown revision`).",
    explanation:
      "Every GOPROXY entry answered 404 or 410 (go reports the last one), or the repository has no such tag, " +
      "branch or commit. The path or version may be misspelt, the version may not be published yet, or the tag " +
      "was deleted or moved.",
    advice: [
      { text: "Check the module path and the available versions (`go list -m -versions MODULE`)." },
      { text: "If the module is private, add it to GOPRIVATE so that go fetches it directly." },
    ],
  },
  "private-via-public-proxy": {
    title: "Private module sent to a public proxy",
    definition:
      "Evidence says the module is private (a private-looking host or pattern, credentials asked for its origin) and go sent it to a public proxy.",
    explanation:
      "The module path is not covered by GONOPROXY (or GOPRIVATE), so go asks the public proxy for it; the " +
      "proxy cannot see private code and answers 404/410, and the module path itself leaks to a third party.",
    advice: [{ text: "Cover the path in GOPRIVATE: `go env -w GOPRIVATE=<host or host/org>`." }],
  },
  "private-via-public-sumdb": {
    title: "Private module checked against the public checksum database",
    definition:
      "Evidence says the module is private and go checked it against a public checksum database; without evidence a database 404/410 is not-found or sumdb-error.",
    explanation:
      "The module path is not covered by GONOSUMDB (or GOPRIVATE), so go looks it up in sum.golang.org, which " +
      "cannot fetch private code and answers 404/410 (`verifying …: 410 Gone`). GONOPROXY alone does not stop this.",
    advice: [
      {
        text: "Cover the path in GOPRIVATE (which sets both GONOPROXY and GONOSUMDB): `go env -w GOPRIVATE=<pattern>`.",
      },
      { text: "Or, to keep using your proxy for it, set only GONOSUMDB: `go env -w GONOSUMDB=<pattern>`." },
    ],
  },
  "sumdb-unreachable": {
    title: "Checksum database unreachable",
    definition:
      "The checksum database cannot be reached by any route for a reason that is not a network failure mode (no proxy supports it and direct access is off).",
    explanation:
      "Neither a GOPROXY entry proxies the database nor can go reach it directly. Every module not yet in go.sum " +
      "then fails to verify. A DNS, connect, timeout or TLS failure on the way to it has that cause instead.",
    advice: [
      {
        text: "Use a GOPROXY that proxies the checksum database (most public mirrors do: /sumdb/<name>/supported).",
      },
      { text: "Or reach it through a mirror of the database: `go env -w GOSUMDB=sum.golang.google.cn`." },
      { text: "Do not set GOSUMDB=off: it disables the protection against tampered modules." },
    ],
  },
  "sumdb-error": {
    title: "Checksum database answered with an error",
    definition: "The database, or a proxy's /sumdb/ endpoint, answered with an error or garbage.",
    explanation:
      "The checksum database, or a proxy's /sumdb/ endpoint, answered with an error status, could not fetch a " +
      "public module itself, or sent data that does not verify (bad signature, malformed record, inconsistent tiles).",
    advice: [
      {
        text: "Check the GOPROXY entry's /sumdb/<name>/supported and lookup endpoints (`goproxy-doctor check`).",
      },
      { text: "Put a mirror with a working /sumdb/ first, or use `|` so that go probes the next entry." },
    ],
  },
  "checksum-mismatch": {
    title: "Checksum mismatch (SECURITY ERROR)",
    definition: "Downloaded content disagrees with go.sum or the checksum database.",
    explanation:
      "The downloaded module's h1 hash differs from go.sum or from the checksum database. Either the content " +
      "was altered (mirror, origin rewrite, interception, a moved tag) or go.sum holds a wrong line. go never falls back here.",
    advice: [
      {
        text: "Find which server serves different bytes: `goproxy-doctor verify --download MODULE@VERSION`.",
      },
      { text: "Do not delete the go.sum line to silence it before you know which side is wrong." },
    ],
  },
  "goproxy-off": {
    title: "Module downloads disabled (GOPROXY=off)",
    definition: "GOPROXY=off (or a route that ends in off) forbids the download.",
    explanation:
      "GOPROXY=off forbids downloading modules that are not in the module cache (`module lookup disabled by " +
      "GOPROXY=off`). GOPRIVATE/GONOPROXY modules are still fetched directly.",
    advice: [{ text: "Set GOPROXY to a proxy list: `go env -w GOPROXY=https://proxy.golang.org,direct`." }],
  },
  "config-invalid": {
    title: "Invalid configuration",
    definition:
      "A variable, go.env, the GOENV file, go.sum or go.work is malformed for the go version in use.",
    explanation:
      "go rejects a setting or a file before any request: a GOPROXY entry without a scheme, a GOSUMDB with a bad " +
      "key, quotes kept literally in the GOENV file, an empty GOPROXY list because $GOROOT/go.env is missing " +
      "(Go ≥ 1.21), a malformed go.sum line (fatal since Go 1.22), a GOAUTH command that cannot run.",
    advice: [
      { text: "Correct or unset the variable; `goproxy-doctor env` shows where each value comes from." },
      {
        text: "An empty GOPROXY list with nothing set means $GOROOT/go.env is missing: reinstall go, or set GOPROXY explicitly.",
        goMin: 21,
      },
    ],
  },
  "vcs-auth": {
    title: "Version control authentication failed",
    definition:
      "The VCS needs credentials (`terminal prompts disabled`, `could not read Username`, 401/403 from the repository host).",
    explanation:
      "In direct mode go runs git (or another VCS) non-interactively (GIT_TERMINAL_PROMPT=0), so a repository " +
      "that needs credentials fails unless a credential helper, .netrc or SSH key supplies them.",
    advice: [
      {
        text:
          "Configure git credentials (credential helper or ~/.netrc), or rewrite to SSH: " +
          '`git config --global url."git@<host>:".insteadOf "https://<host>/"`.',
      },
      {
        text: "Mark the path private so that go fetches it directly: `go env -w GOPRIVATE=<host or host/org>`.",
      },
    ],
  },
  "vcs-missing": {
    title: "Version control tool missing",
    definition: "The VCS binary (git, hg…) is not installed or not on PATH.",
    explanation:
      "The route reaches `direct` and the module's repository needs a VCS binary (git, hg, …) that is not on PATH.",
    advice: [
      { text: "Install git (e.g. `apt-get install git`), or serve the module through a proxy.", os: "unix" },
      {
        text: "Install Git for Windows and make sure git.exe is on PATH, or serve the module through a proxy.",
        os: "windows",
      },
    ],
  },
  "vcs-discovery": {
    title: "Repository discovery failed",
    definition: "`?go-get=1` discovery failed: no or bad go-import meta tags, or a prefix mismatch.",
    explanation:
      "In direct mode go looks up `https://<module path>?go-get=1` for a go-import meta tag; the page was " +
      "unreachable, had no matching tag, or had conflicting tags (`unrecognized import path`).",
    advice: [
      {
        text: "Check that the host serves go-import meta tags for the path, or that the path is spelled correctly.",
      },
      {
        text: "For a private host, add it to GOPRIVATE and make sure the host is reachable without a proxy.",
      },
    ],
  },
  "govcs-disallowed": {
    title: "GOVCS forbids this version control system",
    definition: "GOVCS forbids the VCS for this path.",
    explanation:
      "GOVCS (default `public:git|hg,private:all`) does not allow the VCS this module's repository uses.",
    advice: [
      { text: "Allow it explicitly, e.g. `go env -w GOVCS=<pattern>:git|svn`, or mark the path private." },
    ],
  },
  "insecure-refused": {
    title: "Insecure transport refused",
    definition: "go refuses plain http or an untrusted origin without GOINSECURE.",
    explanation:
      "go refused an http:// URL or an invalid certificate in direct mode, a redirect from https to http, or " +
      "credentials on an http:// URL. GOINSECURE only relaxes direct fetches, never GOPROXY or the checksum database.",
    advice: [
      {
        text: "Serve the repository or mirror over https, or add the path to GOINSECURE for direct fetches only.",
      },
    ],
  },
  "invalid-path": {
    title: "Invalid module path",
    definition: "The module path is malformed, or the module declares another path than the one required.",
    explanation:
      "The module path breaks the module path rules (module.CheckPath), so go never sends a request, or the " +
      "go.mod it downloaded declares a different path (`module declares its path as`).",
    advice: [
      {
        text: "Correct the module path: lower-case host with a dot, no leading/trailing slash, allowed characters only.",
      },
      { text: "If the module declares another path, require it by that path (or add a replace directive)." },
    ],
  },
  "invalid-version": {
    title: "Invalid version",
    definition:
      "The version string is malformed or not allowed for this path (`+incompatible` misuse, a major version without /vN).",
    explanation:
      "The version is not semantic versioning as Go uses it, is not canonical, or does not match the module's " +
      "major-version suffix. A well-formed version that does not exist is not-found instead.",
    advice: [{ text: "Use a canonical version such as v1.2.3, or a query such as @latest." }],
  },
  "modcache-problem": {
    title: "Module cache problem",
    definition: "The module cache is unwritable, full, corrupt or locked.",
    explanation:
      "The module cache (GOMODCACHE) is missing, unwritable, full, or holds corrupt or half-extracted entries.",
    advice: [
      { text: "Check permissions and free space of GOMODCACHE." },
      { text: "Remove the affected entry or the whole cache: `go clean -modcache`." },
    ],
  },
  "modules-disabled": {
    title: "Modules disabled",
    definition: "GOPATH mode: GO111MODULE=off, or old `go get` semantics.",
    explanation: "GO111MODULE=off puts go in GOPATH mode: it does not use GOPROXY, go.mod or go.sum at all.",
    advice: [{ text: "Unset it: `go env -u GO111MODULE` and `unset GO111MODULE`." }],
  },
  "vendor-mode": {
    title: "Vendor mode",
    definition: "-mod=vendor, or vendoring inconsistent with go.mod.",
    explanation:
      "-mod=vendor (or a vendor directory with go ≥ 1.14 in go.mod) makes go build from vendor/ and disables " +
      "module lookups (`module lookup disabled by -mod=vendor`), or vendoring is inconsistent with go.mod.",
    advice: [
      { text: "Run `go mod vendor` after changing requirements, or pass -mod=mod to download instead." },
    ],
  },
  "go-version": {
    title: "Go version",
    definition:
      "The go version or a toolchain switch is itself the cause: a go line newer than the local go with GOTOOLCHAIN=local, a toolchain release that does not exist, an old go reading a new go.mod. A toolchain download that fails for a network reason has the network cause with role toolchain.",
    explanation:
      "go.mod or go.work asks for a newer go than the one running. Go ≥ 1.21 can switch by downloading the " +
      "toolchain (module golang.org/toolchain) through GOPROXY unless GOTOOLCHAIN=local forbids it; Go ≤ 1.20 " +
      "cannot, and older releases do not even parse the new `go 1.N.P` and `toolchain` lines.",
    advice: [
      {
        text: "Install the go release the module needs (https://go.dev/dl/), or correct the go line if it is wrong.",
      },
      {
        text: "Let go switch by itself: remove GOTOOLCHAIN=local from the environment and go env (`go env -u GOTOOLCHAIN`), or set GOTOOLCHAIN=auto.",
        goMin: 21,
        textMatches: /GOTOOLCHAIN=local/,
      },
      {
        text: "This go cannot download toolchains (GOTOOLCHAIN needs Go ≥ 1.21): install a newer go.",
        goMax: 20,
      },
    ],
  },
  other: {
    title: "Other",
    definition: "None of the above.",
    explanation: "A failure that does not fit any other cause; the evidence says what was seen.",
    advice: [{ text: "Run `goproxy-doctor check` for a full diagnosis." }],
  },
};

/** Whether one piece of advice applies in a context (unknown facts: see {@link Advice}). */
function applies(a: Advice, ctx: AdviceContext): boolean {
  if (a.os === "windows" && ctx.os !== "windows" && ctx.os !== null) return false;
  if (a.os === "unix" && ctx.os === "windows") return false;
  if (a.goMin !== undefined && ctx.goMinor != null && ctx.goMinor < a.goMin) return false;
  if (a.goMax !== undefined && (ctx.goMinor == null || ctx.goMinor > a.goMax)) return false;
  if (a.tool !== undefined && ctx.tool !== a.tool) return false;
  if (a.textMatches !== undefined && (ctx.text === undefined || !a.textMatches.test(ctx.text))) return false;
  return true;
}

/** The remedies of a cause that apply in ctx, most likely first (an empty context: the machine's own, Unix-like). */
export function fixesFor(cause: Cause, ctx: AdviceContext = {}): string[] {
  return TEXT[cause].advice.filter((a) => applies(a, ctx)).map((a) => a.text);
}

/** The title, definition, explanation and context-free fixes of every cause (the single source used by every command). */
export const CAUSE_INFO: Readonly<Record<Cause, CauseInfo>> = Object.fromEntries(
  CAUSES.map((c) => [c, { ...TEXT[c], fixes: fixesFor(c) }]),
) as unknown as Record<Cause, CauseInfo>;

/** Reports whether s is a cause id of the taxonomy. */
export function isCause(s: string): s is Cause {
  return (CAUSES as readonly string[]).includes(s);
}
