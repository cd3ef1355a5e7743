/**
 * The cause taxonomy shared by every command (check, why, verify, trace, monitor).
 *
 * One place holds each cause's one-paragraph explanation and its generic fixes; features attach
 * concrete evidence and concrete fix commands to a {@link Finding} but never re-describe a cause.
 * The list and the meaning of each id are fixed by the product's JSON contracts
 * (shared/product.md, "Cause taxonomy"): extend, never rename.
 */

/** Every cause id, in the order product.md lists them. */
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

/** What a person needs to know about one cause, independent of any particular evidence. */
export interface CauseInfo {
  /** Short human title, e.g. "DNS lookup failed". */
  readonly title: string;
  /** One paragraph: what happened and why the go command fails this way. */
  readonly explanation: string;
  /** Generic remedies, most likely first; features prepend concrete commands. */
  readonly fixes: readonly string[];
}

/** The explanation and generic fixes of every cause (the single source used by every command). */
export const CAUSE_INFO: Readonly<Record<Cause, CauseInfo>> = {
  "dns-failure": {
    title: "DNS lookup failed",
    explanation:
      "The host name of a GOPROXY entry, the checksum database or a module's origin could not be resolved. " +
      "The go command reports this as `dial tcp: lookup <host> …: no such host` (or `network is unreachable` " +
      "when no resolver is reachable) and, after a `,` entry, does not try the next one.",
    fixes: [
      "Check the DNS servers in /etc/resolv.conf (WSL2 and VPN clients rewrite it).",
      "Use a mirror your network can resolve, e.g. `go env -w GOPROXY=https://goproxy.cn,direct`.",
      "Separate entries with `|` instead of `,` so that go falls back on network errors.",
    ],
  },
  "connect-failure": {
    title: "TCP connection failed",
    explanation:
      "The host resolved but the TCP connection was refused, reset or unreachable. After a `,` entry the go " +
      "command stops and fails; only a `|` separator makes it fall back to the next GOPROXY entry.",
    fixes: [
      "Check that the mirror is up and that a firewall allows outbound HTTPS (port 443).",
      "If you must go through a corporate proxy, set HTTPS_PROXY (go ignores ALL_PROXY).",
      "Use `|` between GOPROXY entries to fall back on connection errors.",
    ],
  },
  timeout: {
    title: "Timed out",
    explanation:
      "The server accepted the connection but did not answer in time. The go command has no request timeout " +
      "(only a 30 s dial and a 10 s TLS-handshake timeout), so against such a server it hangs rather than fails.",
    fixes: [
      "Find which endpoint hangs (`goproxy-doctor check`) and remove or replace it in GOPROXY.",
      "Run go under `timeout` in CI so that a hanging mirror fails the job instead of blocking it.",
    ],
  },
  "tls-untrusted": {
    title: "TLS certificate not trusted by go",
    explanation:
      "The server's certificate chain does not end in a root that go trusts. On Linux go reads one CA bundle " +
      "(SSL_CERT_FILE, else the first distro bundle found) plus SSL_CERT_DIR; a TLS-intercepting proxy's CA " +
      "installed only in a browser or in Node's store is invisible to go (`x509: certificate signed by unknown authority`).",
    fixes: [
      "Install the interception CA into the system store (`update-ca-certificates` on Debian/Ubuntu).",
      "Or point go at a bundle containing it: `export SSL_CERT_FILE=/path/to/bundle.pem`.",
      "Never work around this with GOINSECURE or GOSUMDB=off: they do not affect GOPROXY TLS anyway.",
    ],
  },
  "tls-other": {
    title: "TLS handshake failed",
    explanation:
      "The TLS handshake failed for a reason other than an untrusted root: an expired certificate, a name or IP " +
      "SAN mismatch, a protocol or cipher mismatch, or a plain-HTTP server on an https:// URL.",
    fixes: [
      "Check the URL's scheme and host: a GOPROXY entry without a scheme is treated as https://.",
      "Ask the mirror's operator to renew or fix the certificate.",
    ],
  },
  "http-proxy-misconfig": {
    title: "HTTP proxy settings are wrong",
    explanation:
      "The HTTP(S)_PROXY / NO_PROXY variables send go somewhere it should not go, or not where it should: " +
      "go uses HTTPS_PROXY for https URLs (never http_proxy), prefers upper-case names, and reads NO_PROXY with " +
      "its own rules (no wildcards but a leading `*.`/`.`, CIDRs for IP literals only).",
    fixes: [
      "Set HTTPS_PROXY (upper case) to the proxy URL, e.g. `export HTTPS_PROXY=http://proxy.corp:3128`.",
      "List the hosts that must not be proxied in NO_PROXY, comma-separated, without schemes.",
    ],
  },
  "proxy-auth": {
    title: "Authentication required",
    explanation:
      "A GOPROXY entry, the checksum database or an HTTP proxy answered 401/403/407. go sends credentials only " +
      "over https: from ~/.netrc (NETRC) or userinfo in the URL, and refuses userinfo on http:// URLs.",
    fixes: [
      "Put the credentials in ~/.netrc (`machine <host> login <user> password <token>`), host without port for Go < 1.24.",
      "Use an https:// URL for an authenticated mirror.",
    ],
  },
  "proxy-error": {
    title: "The module proxy answered with an error",
    explanation:
      "A GOPROXY entry answered with a status other than 200, 404 or 410 (for example 5xx), or with garbage. " +
      "After a `,` entry the go command stops at that error; only `|` makes it try the next entry.",
    fixes: [
      "Retry later or remove the failing mirror from GOPROXY.",
      "Use `|` after the entry so that go falls back to the next one on any error.",
    ],
  },
  "not-found": {
    title: "Module or version not found",
    explanation:
      "Every GOPROXY entry answered 404 or 410 for this module or version (go reports the last one). " +
      "The module path or version may be wrong, the version may not be published yet, or the module is private.",
    fixes: [
      "Check the module path and version (`go list -m -versions MODULE`).",
      "For a private module, add it to GOPRIVATE so that go fetches it directly.",
    ],
  },
  "private-via-public-proxy": {
    title: "Private module sent to a public proxy",
    explanation:
      "The module path is not covered by GONOPROXY (or GOPRIVATE), so go asks the public proxy for it; the " +
      "proxy cannot see private code and answers 404/410, and the module path itself leaks to a third party.",
    fixes: ["Cover the path in GOPRIVATE: `go env -w GOPRIVATE=<host or host/org>`."],
  },
  "private-via-public-sumdb": {
    title: "Private module checked against the public checksum database",
    explanation:
      "The module path is not covered by GONOSUMDB (or GOPRIVATE), so go looks it up in sum.golang.org, which " +
      "cannot fetch private code and answers 404/410 (`verifying …: 410 Gone`). GONOPROXY alone does not stop this.",
    fixes: [
      "Cover the path in GOPRIVATE (which sets both GONOPROXY and GONOSUMDB): `go env -w GOPRIVATE=<pattern>`.",
      "Or, to keep using your proxy for it, set only GONOSUMDB: `go env -w GONOSUMDB=<pattern>`.",
    ],
  },
  "sumdb-unreachable": {
    title: "Checksum database unreachable",
    explanation:
      "The checksum database (GOSUMDB) could not be reached at all, directly or through the GOPROXY entry that " +
      "claims to proxy it. Every module not yet in go.sum then fails to verify.",
    fixes: [
      "Use a GOPROXY that proxies the checksum database (most public mirrors do: /sumdb/<name>/supported).",
      "Or reach it through a mirror of the database: `go env -w GOSUMDB=sum.golang.google.cn`.",
      "Do not set GOSUMDB=off: it disables the protection against tampered modules.",
    ],
  },
  "sumdb-error": {
    title: "Checksum database answered with an error",
    explanation:
      "The checksum database, or a proxy's /sumdb/ endpoint, answered with an error status or with data that " +
      "does not verify (bad signature, malformed record, inconsistent tiles). go does not retry elsewhere.",
    fixes: [
      "Check the GOPROXY entry's /sumdb/<name>/supported and lookup endpoints (`goproxy-doctor check`).",
      "Put a mirror with a working /sumdb/ first, or use `|` so that go probes the next entry.",
    ],
  },
  "checksum-mismatch": {
    title: "Checksum mismatch (SECURITY ERROR)",
    explanation:
      "The downloaded module's h1 hash differs from go.sum or from the checksum database. Either the content " +
      "was altered (mirror, origin rewrite, interception) or go.sum holds a wrong line. go never falls back here.",
    fixes: [
      "Find which server serves different bytes: `goproxy-doctor verify --download MODULE@VERSION`.",
      "Do not delete the go.sum line to silence it before you know which side is wrong.",
    ],
  },
  "goproxy-off": {
    title: "Module downloads disabled (GOPROXY=off)",
    explanation:
      "GOPROXY=off forbids downloading modules that are not in the module cache (`module lookup disabled by " +
      "GOPROXY=off`). GOPRIVATE/GONOPROXY modules are still fetched directly.",
    fixes: ["Set GOPROXY to a proxy list: `go env -w GOPROXY=https://proxy.golang.org,direct`."],
  },
  "config-invalid": {
    title: "Invalid configuration",
    explanation:
      "A Go environment variable's value is malformed for the go version in use (for example a GOPROXY entry " +
      "without a scheme, a GOSUMDB with a bad key, quotes kept literally in the GOENV file). go fails every " +
      "download with the parse error.",
    fixes: ["Correct or unset the variable; `goproxy-doctor env` shows where each value comes from."],
  },
  "vcs-auth": {
    title: "Version control authentication failed",
    explanation:
      "In direct mode go runs git (or another VCS) non-interactively (GIT_TERMINAL_PROMPT=0), so a repository " +
      "that needs credentials fails with `terminal prompts disabled` unless a credential helper, .netrc or SSH key supplies them.",
    fixes: [
      "Configure git credentials (credential helper or ~/.netrc), or rewrite to SSH: " +
        '`git config --global url."git@<host>:".insteadOf "https://<host>/"`.',
    ],
  },
  "vcs-missing": {
    title: "Version control tool missing",
    explanation:
      "The route reaches `direct` and the module's repository needs a VCS binary (git, hg, …) that is not on PATH.",
    fixes: ["Install git (e.g. `apt-get install git`), or serve the module through a proxy."],
  },
  "vcs-discovery": {
    title: "Repository discovery failed",
    explanation:
      "In direct mode go looks up `https://<module path>?go-get=1` for a go-import meta tag; the page was " +
      "unreachable, had no matching tag, or had conflicting tags (`unrecognized import path`).",
    fixes: [
      "Check that the host serves go-import meta tags for the path, or that the path is spelled correctly.",
      "For a private host, add it to GOPRIVATE and make sure the host is reachable without a proxy.",
    ],
  },
  "govcs-disallowed": {
    title: "GOVCS forbids this version control system",
    explanation:
      "GOVCS (default `public:git|hg,private:all`) does not allow the VCS this module's repository uses.",
    fixes: ["Allow it explicitly, e.g. `go env -w GOVCS=<pattern>:git|svn`, or mark the path private."],
  },
  "insecure-refused": {
    title: "Insecure transport refused",
    explanation:
      "go refused an http:// URL or an invalid certificate in direct mode, a redirect from https to http, or " +
      "credentials on an http:// URL. GOINSECURE only relaxes direct fetches, never GOPROXY or the checksum database.",
    fixes: [
      "Serve the repository or mirror over https, or add the path to GOINSECURE for direct fetches only.",
    ],
  },
  "invalid-path": {
    title: "Invalid module path",
    explanation:
      "The module path breaks the module path rules (module.CheckPath), so go never sends a request.",
    fixes: [
      "Correct the module path: lower-case host with a dot, no leading/trailing slash, allowed characters only.",
    ],
  },
  "invalid-version": {
    title: "Invalid version",
    explanation:
      "The version is not valid semantic versioning as Go uses it, does not match the module's major version " +
      "suffix, or names a revision that does not exist.",
    fixes: ["Use a canonical version such as v1.2.3, or a query such as @latest."],
  },
  "modcache-problem": {
    title: "Module cache problem",
    explanation:
      "The module cache (GOMODCACHE) is missing, unwritable, full, or holds corrupt or half-extracted entries.",
    fixes: [
      "Check permissions and free space of GOMODCACHE.",
      "Remove the affected entry or the whole cache: `go clean -modcache`.",
    ],
  },
  "modules-disabled": {
    title: "Modules disabled",
    explanation: "GO111MODULE=off puts go in GOPATH mode: it does not use GOPROXY, go.mod or go.sum at all.",
    fixes: ["Unset it: `go env -u GO111MODULE` and `unset GO111MODULE`."],
  },
  "vendor-mode": {
    title: "Vendor mode",
    explanation:
      "-mod=vendor (or a vendor directory with go ≥ 1.14 in go.mod) makes go build from vendor/ and disables " +
      "module lookups (`module lookup disabled by -mod=vendor`), or vendoring is inconsistent with go.mod.",
    fixes: ["Run `go mod vendor` after changing requirements, or pass -mod=mod to download instead."],
  },
  "go-version": {
    title: "Go version",
    explanation:
      "The behaviour or the setting depends on the go version: the module needs a newer go, or the toolchain " +
      "switch (GOTOOLCHAIN, Go ≥ 1.21) tries to download a toolchain through GOPROXY.",
    fixes: ["Install the required go version, or set GOTOOLCHAIN=local to stay on the installed one."],
  },
  other: {
    title: "Other",
    explanation: "A failure that does not fit any other cause; the evidence says what was seen.",
    fixes: ["Run `goproxy-doctor check` for a full diagnosis."],
  },
};

/** Reports whether s is a cause id of the taxonomy. */
export function isCause(s: string): s is Cause {
  return (CAUSES as readonly string[]).includes(s);
}
