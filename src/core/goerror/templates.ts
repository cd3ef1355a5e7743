/**
 * The error texts go can print on the module-download path, as templates, each with the cause the
 * taxonomy's definitions give it (core/causes.ts) and where it happens (role).
 *
 * Enumerated from the sources of go1.19 (/usr/lib/go-1.19/src) and go1.26 (/usr/local/go/src): cmd/go's
 * modfetch, modload, web, auth, vcs, toolchain, modfile (x/mod), the sumdb client, and the packages whose
 * errors go wraps (net, net/http, crypto/tls, crypto/x509, Windows' Winsock through syscall.Errno), plus git's
 * and curl's stderr that go prints in direct mode. `fixed` is a literal part of the format string as it
 * appears in `file` (test/conformance/why-templates.test.ts checks it there, so a template cannot be invented);
 * `sample` is one text go prints from it. Windows and localised variants carry `os: "windows"`: Winsock's
 * messages come from FormatMessage in the system's language (English and Simplified Chinese here).
 *
 * test/unit/core/goerror/templates.test.ts asserts that `why` names every sample's cause and role.
 */
import type { Cause, Role } from "../causes.js";

/** One error template go prints. */
export interface GoErrorTemplate {
  /** Stable id. */
  readonly id: string;
  /** The Go source file (under src/) that prints it; for texts of other programs, "git", "curl" or "winsock". */
  readonly file: string;
  /** A literal part of the format string, found in `file` (go1.19 or go1.26). */
  readonly fixed: string;
  /** The go versions that print it, e.g. "1.19-1.26", "1.21-" or "-1.20". */
  readonly versions: string;
  /** One instance as go prints it (the record `why` reads). */
  readonly sample: string;
  readonly cause: Cause;
  readonly role: Role;
  readonly os?: "windows";
}

const P = "https://proxy.golang.org";
const M = "github.com/acme/widgets";
const get = (url: string, err: string) => `go: ${M}@v1.2.0: Get "${url}": ${err}`;
const info = `${P}/${M}/@v/v1.2.0.info`;
const lookup = `https://sum.golang.org/lookup/${M}@v1.2.0`;
const tc = "golang.org/toolchain@v0.0.1-go1.23.4.linux-amd64";
const tcZip = `${P}/golang.org/toolchain/@v/v0.0.1-go1.23.4.linux-amd64.zip`;

/** Every template, grouped by the package that prints it. */
export const GO_ERROR_TEMPLATES: readonly GoErrorTemplate[] = [
  // ---- cmd/go/internal/web/api.go: HTTPError ("reading URL: STATUS") ----
  ...(
    [
      [404, "Not Found", "not-found"],
      [410, "Gone", "not-found"],
      [401, "Unauthorized", "proxy-auth"],
      [403, "Forbidden", "proxy-auth"],
      [407, "Proxy Authentication Required", "proxy-auth"],
      [500, "Internal Server Error", "proxy-error"],
      [502, "Bad Gateway", "proxy-error"],
      [503, "Service Unavailable", "proxy-error"],
      [429, "Too Many Requests", "proxy-error"],
    ] as const
  ).map(
    ([code, text, cause]): GoErrorTemplate => ({
      id: `web.http-${code}`,
      file: "cmd/go/internal/web/api.go",
      fixed: '"reading %s: %v"',
      versions: "1.19-1.26",
      sample: `go: ${M}@v1.2.0: reading ${info}: ${code} ${text}\n\tserver response: ${code === 404 || code === 410 ? "not found" : text}`,
      cause,
      role: "proxy",
    }),
  ),
  {
    id: "web.http-404-unknown-revision",
    file: "cmd/go/internal/web/api.go",
    fixed: "server response",
    versions: "1.19-1.26",
    sample: `go: ${M}@v1.2.0: reading ${info}: 404 Not Found\n\tserver response: not found: ${M}@v1.2.0: invalid version: unknown revision v1.2.0`,
    cause: "not-found",
    role: "proxy",
  },
  {
    id: "web.http-410-private-origin",
    file: "cmd/go/internal/web/api.go",
    fixed: "server response",
    versions: "1.19-1.26",
    sample:
      "go: git.corp.example/team/lib@v1.0.0: reading https://proxy.golang.org/git.corp.example/team/lib/@v/v1.0.0.info: 410 Gone\n" +
      '\tserver response: not found: git.corp.example/team/lib@v1.0.0: unrecognized import path "git.corp.example/team/lib": https fetch: Get "https://git.corp.example/team/lib?go-get=1": dial tcp: lookup git.corp.example: no such host',
    cause: "private-via-public-proxy",
    role: "proxy",
  },
  {
    id: "web.http-410-credentials",
    file: "cmd/go/internal/web/api.go",
    fixed: "server response",
    versions: "1.19-1.26",
    sample:
      "go: github.com/acme/secret@v1.0.0: reading https://proxy.golang.org/github.com/acme/secret/@v/v1.0.0.mod: 410 Gone\n" +
      "\tserver response: not found: github.com/acme/secret@v1.0.0: invalid version: git ls-remote -q origin in /tmp/gopath/pkg/mod/cache/vcs/abc: exit status 128:\n" +
      "\t\tfatal: could not read Username for 'https://github.com': terminal prompts disabled",
    cause: "private-via-public-proxy",
    role: "proxy",
  },
  {
    id: "web.redirect-insecure",
    file: "cmd/go/internal/web/http.go",
    fixed: "redirected from secure URL %s to insecure URL %s",
    versions: "1.19-1.26",
    sample: `go: ${M}@v1.2.0: Get "${info}": redirected from secure URL ${info} to insecure URL http://mirror.example/x`,
    cause: "insecure-refused",
    role: "proxy",
  },
  {
    id: "web.credentials-insecure",
    file: "cmd/go/internal/web/http.go",
    fixed: "refusing to pass credentials to insecure URL: %s",
    versions: "1.19-1.26",
    sample: `go: ${M}@v1.2.0: refusing to pass credentials to insecure URL: http://mirror.example/${M}/@v/v1.2.0.info`,
    cause: "insecure-refused",
    role: "proxy",
  },
  {
    id: "web.insecure-url",
    file: "cmd/go/internal/web/http.go",
    fixed: "insecure URL: %s",
    versions: "1.19-1.26",
    sample:
      'go: example.org/pkg@v1.0.0: unrecognized import path "example.org/pkg": insecure URL: http://example.org/pkg?go-get=1',
    cause: "insecure-refused",
    role: "vcs",
  },
  // ---- cmd/go/internal/modfetch/proxy.go ----
  {
    id: "proxy.empty-list",
    file: "cmd/go/internal/modfetch/proxy.go",
    fixed: "GOPROXY list is not the empty string, but contains no entries",
    versions: "1.19-1.26",
    sample: "go: GOPROXY list is not the empty string, but contains no entries",
    cause: "config-invalid",
    role: "local",
  },
  {
    // go1.11–1.12 (modfetch/proxy.go lookupProxy): a single proxy URL, no list.
    id: "proxy.old-comma",
    file: "cmd/go/internal/modfetch/proxy.go",
    fixed: "invalid $GOPROXY setting: cannot have comma",
    versions: "1.11-1.12",
    sample:
      "go: finding example.com/m v1.0.0\ngo: example.com/m@v1.0.0: invalid $GOPROXY setting: cannot have comma",
    cause: "config-invalid",
    role: "local",
  },
  {
    id: "proxy.old-scheme",
    file: "cmd/go/internal/modfetch/proxy.go",
    fixed: "invalid $GOPROXY setting: malformed URL or invalid scheme",
    versions: "1.12-1.12",
    sample:
      "go: example.com/m@v1.0.0: invalid $GOPROXY setting: malformed URL or invalid scheme (must be http, https, file)",
    cause: "config-invalid",
    role: "local",
  },
  {
    id: "proxy.missing-scheme",
    file: "cmd/go/internal/modfetch/proxy.go",
    fixed: "invalid proxy URL missing scheme: %s",
    versions: "1.19-1.26",
    sample: "go: example.com/m@v1.0.0: invalid proxy URL missing scheme: goproxy.cn",
    cause: "config-invalid",
    role: "local",
  },
  {
    id: "proxy.bad-scheme",
    file: "cmd/go/internal/modfetch/proxy.go",
    fixed: "invalid proxy URL scheme (must be https, http, file): %s",
    versions: "1.19-1.26",
    sample:
      "go: example.com/m@v1.0.0: invalid proxy URL scheme (must be https, http, file): ftp://mirror.example",
    cause: "config-invalid",
    role: "local",
  },
  {
    id: "proxy.file-url",
    file: "cmd/go/internal/modfetch/proxy.go",
    fixed: "invalid file:// proxy URL with non-path elements: %s",
    versions: "1.19-1.26",
    sample: "go: example.com/m@v1.0.0: invalid file:// proxy URL with non-path elements: file://host/x",
    cause: "config-invalid",
    role: "local",
  },
  {
    id: "proxy.invalid-response",
    file: "cmd/go/internal/modfetch/proxy.go",
    fixed: "invalid response from proxy %q: %w",
    versions: "1.19-1.26",
    sample: `go: ${M}@v1.2.0: invalid response from proxy "${P}": invalid character '<' looking for beginning of value`,
    cause: "proxy-error",
    role: "proxy",
  },
  {
    id: "proxy.wrong-version",
    file: "cmd/go/internal/modfetch/proxy.go",
    fixed: "proxy returned info for version %s instead of requested version",
    versions: "1.19-1.26",
    sample: `go: ${M}@v1.2.0: proxy returned info for version v1.1.0 instead of requested version`,
    cause: "proxy-error",
    role: "proxy",
  },
  {
    id: "proxy.zip-too-large",
    file: "cmd/go/internal/modfetch/proxy.go",
    fixed: "downloaded zip file too large",
    versions: "1.19-1.26",
    sample: `go: ${M}@v1.2.0: downloaded zip file too large`,
    cause: "proxy-error",
    role: "proxy",
  },
  // ---- cmd/go/internal/modfetch/repo.go, fetch.go, cache.go ----
  {
    id: "repo.goproxy-off",
    file: "cmd/go/internal/modfetch/repo.go",
    fixed: "module lookup disabled by GOPROXY=off",
    versions: "1.19-1.26",
    sample: `go: ${M}@v1.2.0: module lookup disabled by GOPROXY=off`,
    cause: "goproxy-off",
    role: "local",
  },
  {
    id: "fetch.checksum-mismatch-gosum",
    file: "cmd/go/internal/modfetch/fetch.go",
    fixed: "checksum mismatch",
    versions: "1.19-1.26",
    sample:
      `verifying ${M}@v1.2.0: checksum mismatch\n\tdownloaded: h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\tgo.sum:     h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=\n\n` +
      "SECURITY ERROR\nThis download does NOT match an earlier download recorded in go.sum.",
    cause: "checksum-mismatch",
    role: "local",
  },
  {
    id: "fetch.malformed-gosum",
    file: "cmd/go/internal/modfetch/fetch.go",
    fixed: "wrong number of fields",
    versions: "1.22-",
    sample: "go: malformed go.sum:\n/home/u/app/go.sum:3: wrong number of fields 1",
    cause: "config-invalid",
    role: "local",
  },
  {
    id: "cache.relative",
    file: "cmd/go/internal/modfetch/cache.go",
    fixed: "GOMODCACHE entry is relative; must be absolute path",
    versions: "1.19-1.26",
    sample: 'go: GOMODCACHE entry is relative; must be absolute path: "rel/cache".',
    cause: "modcache-problem",
    role: "local",
  },
  {
    id: "cache.create",
    file: "cmd/go/internal/modfetch/cache.go",
    fixed: "could not create module cache: %w",
    versions: "1.19-1.26",
    sample: "go: could not create module cache: mkdir /etc/hostname: not a directory",
    cause: "modcache-problem",
    role: "local",
  },
  // ---- cmd/go/internal/modfetch/sumdb.go and x/mod/sumdb/client.go ----
  {
    id: "sumdb.missing",
    file: "cmd/go/internal/modfetch/sumdb.go",
    fixed: "missing GOSUMDB",
    versions: "1.19-1.26",
    sample: `verifying ${M}@v1.2.0: missing GOSUMDB`,
    cause: "config-invalid",
    role: "local",
  },
  {
    id: "sumdb.invalid",
    file: "cmd/go/internal/modfetch/sumdb.go",
    fixed: "invalid GOSUMDB: %v",
    versions: "1.19-1.26",
    sample: `verifying ${M}@v1.2.0: invalid GOSUMDB: malformed verifier id`,
    cause: "config-invalid",
    role: "local",
  },
  {
    id: "sumdb.lookup-404-public",
    file: "cmd/go/internal/web/api.go",
    fixed: '"reading %s: %v"',
    versions: "1.19-1.26",
    sample: `verifying ${M}@v1.2.0: ${M}@v1.2.0: reading ${lookup}: 404 Not Found\n\tserver response: not found: ${M}@v1.2.0: invalid version: unknown revision v1.2.0`,
    cause: "not-found",
    role: "sumdb",
  },
  {
    id: "sumdb.lookup-410-private",
    file: "cmd/go/internal/web/api.go",
    fixed: '"reading %s: %v"',
    versions: "1.19-1.26",
    sample:
      "verifying git.internal.example/team/lib@v1.0.0: git.internal.example/team/lib@v1.0.0: reading https://sum.golang.org/lookup/git.internal.example/team/lib@v1.0.0: 410 Gone",
    cause: "private-via-public-sumdb",
    role: "sumdb",
  },
  {
    id: "sumdb.lookup-500",
    file: "cmd/go/internal/web/api.go",
    fixed: '"reading %s: %v"',
    versions: "1.19-1.26",
    sample: `verifying ${M}@v1.2.0: ${M}@v1.2.0: reading ${P}/sumdb/sum.golang.org/lookup/${M}@v1.2.0: 500 Internal Server Error`,
    cause: "sumdb-error",
    role: "sumdb",
  },
  {
    id: "sumdb.misbehavior",
    file: "cmd/vendor/golang.org/x/mod/sumdb/client.go",
    fixed: "go.sum database server misbehavior detected!",
    versions: "1.19-1.26",
    sample: "verifying go.sum: go.sum database server misbehavior detected!",
    cause: "sumdb-error",
    role: "sumdb",
  },
  {
    id: "sumdb.tls",
    file: "crypto/x509/verify.go",
    fixed: "certificate signed by unknown authority",
    versions: "1.20-",
    sample: `verifying ${M}@v1.2.0: ${M}@v1.2.0: Get "${lookup}": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
    cause: "tls-untrusted",
    role: "sumdb",
  },
  {
    id: "sumdb.timeout",
    file: "net/net.go",
    fixed: '"i/o timeout"',
    versions: "1.19-1.26",
    sample: `verifying ${M}@v1.2.0: ${M}@v1.2.0: Get "https://sum.golang.org/tile/8/0/x106/123": dial tcp 142.251.42.241:443: i/o timeout`,
    cause: "timeout",
    role: "sumdb",
  },
  {
    id: "sumdb.gosumdb-off-toolchain",
    file: "cmd/go/internal/modfetch/sumdb.go",
    fixed: "checksum database disabled by GOSUMDB=off",
    versions: "1.21-",
    sample: `go: download go1.23.4: ${tc}: verifying module: checksum database disabled by GOSUMDB=off`,
    cause: "sumdb-unreachable",
    role: "toolchain",
  },
  // ---- cmd/go/internal/modfetch/coderepo.go and codehost/git.go (direct mode) ----
  {
    id: "coderepo.unknown-revision",
    file: "cmd/go/internal/modfetch/coderepo.go",
    fixed: "reading %s/%s at revision %s: %v",
    versions: "1.19-1.26",
    sample: `go: ${M}@v1.9.9: reading ${M}/go.mod at revision v1.9.9: unknown revision v1.9.9`,
    cause: "not-found",
    role: "vcs",
  },
  {
    id: "coderepo.not-a-tag",
    file: "cmd/go/internal/modfetch/coderepo.go",
    fixed: "resolves to version %v (%s is not a tag)",
    versions: "1.19-1.26",
    sample: `go: ${M}@v1.2.0: invalid version: resolves to version v1.2.1-0.20240101000000-abcdefabcdef (v1.2.0 is not a tag)`,
    cause: "not-found",
    role: "vcs",
  },
  {
    id: "coderepo.major",
    file: "cmd/vendor/golang.org/x/mod/module/module.go",
    fixed: "should be %s, not %s",
    versions: "1.19-1.26",
    sample: `go: ${M}@v2.0.0: invalid version: should be v0 or v1, not v2`,
    cause: "invalid-version",
    role: "local",
  },
  {
    id: "coderepo.declared-path",
    file: "cmd/go/internal/modload/modfile.go",
    fixed: "module declares its path as",
    versions: "1.19-1.26",
    sample:
      "go: github.com/Acme/Widgets@v1.2.0: parsing go.mod:\n\tmodule declares its path as: github.com/acme/widgets\n\t        but was required as: github.com/Acme/Widgets",
    cause: "invalid-path",
    role: "local",
  },
  {
    id: "git.terminal-prompts",
    file: "git",
    fixed: "terminal prompts disabled",
    versions: "1.19-1.26",
    sample:
      "go: github.com/acme/secret@v1.0.0: invalid version: git ls-remote -q origin in /root/go/pkg/mod/cache/vcs/1234: exit status 128:\n" +
      "\tfatal: could not read Username for 'https://github.com': terminal prompts disabled\n" +
      "Confirm the import path was entered correctly.\nIf this is a private repository, see https://golang.org/doc/faq#git_https for additional information.",
    cause: "vcs-auth",
    role: "vcs",
  },
  {
    id: "git.publickey",
    file: "git",
    fixed: "Permission denied (publickey)",
    versions: "1.19-1.26",
    sample:
      "go: github.com/acme/secret@v1.0.0: invalid version: git ls-remote -q origin in /root/go/pkg/mod/cache/vcs/1234: exit status 128:\n" +
      "\tgit@github.com: Permission denied (publickey).\n\tfatal: Could not read from remote repository.",
    cause: "vcs-auth",
    role: "vcs",
  },
  {
    id: "git.http-403",
    file: "git",
    fixed: "The requested URL returned error",
    versions: "1.19-1.26",
    sample:
      "go: gitlab.com/acme/secret@v1.0.0: invalid version: git ls-remote -q origin in /root/go/pkg/mod/cache/vcs/1234: exit status 128:\n" +
      "\tfatal: unable to access 'https://gitlab.com/acme/secret/': The requested URL returned error: 403",
    cause: "vcs-auth",
    role: "vcs",
  },
  {
    id: "curl.proxy-dead",
    file: "curl",
    fixed: "Failed to connect to",
    versions: "1.19-1.26",
    sample:
      "go: github.com/acme/widgets@v1.2.0: invalid version: git ls-remote -q origin in /root/go/pkg/mod/cache/vcs/1234: exit status 128:\n" +
      "\tfatal: unable to access 'https://github.com/acme/widgets/': Failed to connect to 127.0.0.1 port 7890 after 0 ms: Connection refused",
    cause: "http-proxy-misconfig",
    role: "http-proxy",
  },
  {
    id: "curl.connect-refused",
    file: "curl",
    fixed: "Failed to connect to",
    versions: "1.19-1.26",
    sample:
      "go: git.example.org/team/lib@v1.0.0: invalid version: git ls-remote -q origin in /root/go/pkg/mod/cache/vcs/1234: exit status 128:\n" +
      "\tfatal: unable to access 'https://git.example.org/team/lib/': Failed to connect to git.example.org port 443 after 3 ms: Connection refused",
    cause: "connect-failure",
    role: "vcs",
  },
  {
    id: "curl.timeout",
    file: "curl",
    fixed: "Failed to connect to",
    versions: "1.19-1.26",
    sample:
      "go: github.com/acme/widgets@v1.2.0: invalid version: git ls-remote -q origin in /root/go/pkg/mod/cache/vcs/1234: exit status 128:\n" +
      "\tfatal: unable to access 'https://github.com/acme/widgets/': Failed to connect to github.com port 443 after 21045 ms: Timed out",
    cause: "timeout",
    role: "vcs",
  },
  {
    id: "curl.resolve",
    file: "curl",
    fixed: "Could not resolve host",
    versions: "1.19-1.26",
    sample:
      "go: github.com/acme/widgets@v1.2.0: invalid version: git fetch -f origin refs/heads/*:refs/heads/* refs/tags/*:refs/tags/* in /root/go/pkg/mod/cache/vcs/1234: exit status 128:\n" +
      "\tfatal: unable to access 'https://github.com/acme/widgets/': Could not resolve host: github.com",
    cause: "dns-failure",
    role: "vcs",
  },
  {
    id: "curl.ssl",
    file: "curl",
    fixed: "SSL certificate problem",
    versions: "1.19-1.26",
    sample:
      "go: git.corp.example/team/lib@v1.0.0: invalid version: git ls-remote -q origin in /root/go/pkg/mod/cache/vcs/1234: exit status 128:\n" +
      "\tfatal: unable to access 'https://git.corp.example/team/lib/': SSL certificate problem: unable to get local issuer certificate",
    cause: "tls-untrusted",
    role: "vcs",
  },
  // ---- cmd/go/internal/vcs/vcs.go ----
  {
    id: "vcs.unrecognized-no-meta",
    file: "cmd/go/internal/vcs/vcs.go",
    fixed: "no go-import meta tags",
    versions: "1.19-1.26",
    sample:
      'go: example.org/lib@v1.0.0: unrecognized import path "example.org/lib": parse https://example.org/lib?go-get=1: no go-import meta tags ()',
    cause: "vcs-discovery",
    role: "vcs",
  },
  {
    id: "vcs.unrecognized-dns",
    file: "cmd/go/internal/vcs/vcs.go",
    fixed: "fetching %s: %v",
    versions: "1.19-1.26",
    sample:
      'go: example.org/lib@v1.0.0: unrecognized import path "example.org/lib": https fetch: Get "https://example.org/lib?go-get=1": dial tcp: lookup example.org on 127.0.0.53:53: no such host',
    cause: "dns-failure",
    role: "vcs",
  },
  {
    id: "vcs.govcs",
    file: "cmd/go/internal/vcs/vcs.go",
    fixed: "GOVCS disallows using %s for %s %s; see 'go help vcs'",
    versions: "1.19-1.26",
    sample:
      "go: github.com/acme/widgets@v1.2.0: GOVCS disallows using git for public github.com/acme/widgets; see 'go help vcs'",
    cause: "govcs-disallowed",
    role: "vcs",
  },
  {
    id: "vcs.govcs-syntax",
    file: "cmd/go/internal/vcs/vcs.go",
    fixed: "malformed entry in GOVCS (missing colon): %q",
    versions: "1.19-1.26",
    sample: 'go: github.com/acme/widgets@v1.2.0: malformed entry in GOVCS (missing colon): "git"',
    cause: "config-invalid",
    role: "local",
  },
  {
    id: "vcs.missing-git",
    file: "cmd/go/internal/vcs/vcs.go",
    fixed: "missing %s command",
    versions: "1.19-1.26",
    sample:
      'go: github.com/acme/widgets@v1.2.0: git ls-remote -q origin in /root/go/pkg/mod/cache/vcs/1234: exec: "git": executable file not found in $PATH',
    cause: "vcs-missing",
    role: "vcs",
  },
  {
    id: "vcs.no-secure-protocol",
    file: "cmd/go/internal/vcs/vcs.go",
    fixed: "protocol found for repository",
    versions: "1.26-",
    sample: "go: git.example.org/lib@v1.0.0: no secure protocol found for repository",
    cause: "insecure-refused",
    role: "vcs",
  },
  // ---- cmd/go/internal/modload ----
  {
    id: "modload.gopath-mode",
    file: "cmd/go/internal/modload/init.go",
    fixed: "modules disabled by GO111MODULE=off",
    versions: "1.19-1.26",
    sample: "go: modules disabled by GO111MODULE=off; see 'go help modules'",
    cause: "modules-disabled",
    role: "local",
  },
  {
    id: "modload.go111module",
    file: "cmd/go/internal/modload/init.go",
    fixed: "unknown environment setting GO111MODULE=%s",
    versions: "1.19-1.26",
    sample: "go: unknown environment setting GO111MODULE=bogus",
    cause: "config-invalid",
    role: "local",
  },
  {
    id: "modload.vendor",
    file: "cmd/go/internal/modload/import.go",
    fixed: "import lookup disabled by -mod=%s",
    versions: "1.19-1.26",
    sample:
      "main.go:3:8: cannot find module providing package example.com/m: import lookup disabled by -mod=vendor",
    cause: "vendor-mode",
    role: "local",
  },
  {
    id: "modload.gowork-older",
    file: "cmd/go/internal/modload/init.go",
    fixed: "listed in go.work file requires go >= %s",
    versions: "1.22-",
    sample:
      "go: module . listed in go.work file requires go >= 1.22, but go.work lists go 1.21; to update it:\n\tgo work use",
    cause: "go-version",
    role: "local",
  },
  {
    id: "modload.malformed-path",
    file: "cmd/go/internal/modload/init.go",
    fixed: "malformed module path %q",
    versions: "1.19-1.26",
    sample: 'go: malformed module path "mylib": missing dot in first path element',
    cause: "invalid-path",
    role: "local",
  },
  {
    id: "modload.no-matching-versions",
    file: "cmd/go/internal/modload/query.go",
    fixed: "no matching versions for query",
    versions: "1.19-1.26",
    sample: `go: ${M}@v1.2: no matching versions for query "v1.2"`,
    cause: "not-found",
    role: "proxy",
  },
  // ---- x/mod/modfile (rule.go) read by older go ----
  {
    id: "modfile.go-version-format",
    file: "cmd/vendor/golang.org/x/mod/modfile/rule.go",
    fixed: "invalid go version '%s': must match format",
    versions: "-1.20",
    sample:
      "go: errors parsing go.mod:\n/home/u/app/go.mod:3: invalid go version '1.22.0': must match format 1.23",
    cause: "go-version",
    role: "local",
  },
  {
    id: "modfile.unknown-toolchain",
    file: "cmd/vendor/golang.org/x/mod/modfile/rule.go",
    fixed: "unknown directive: %s",
    versions: "-1.20",
    sample: "go: errors parsing go.mod:\n/home/u/app/go.mod:5: unknown directive: toolchain",
    cause: "go-version",
    role: "local",
  },
  // ---- cmd/go/internal/toolchain and gover (Go ≥ 1.21) ----
  {
    id: "gover.too-new-local",
    file: "cmd/go/internal/gover/toolchain.go",
    fixed: "requires go >= ",
    versions: "1.21-",
    sample: "go: go.mod requires go >= 1.22.0 (running go 1.21.5; GOTOOLCHAIN=local)",
    cause: "go-version",
    role: "local",
  },
  {
    id: "toolchain.not-available",
    file: "cmd/go/internal/toolchain/select.go",
    fixed: "toolchain not available",
    versions: "1.21-",
    sample:
      "go: downloading go1.99.0 (linux/amd64)\ngo: download go1.99.0 for linux/amd64: toolchain not available",
    cause: "go-version",
    role: "toolchain",
  },
  {
    id: "toolchain.download-timeout",
    file: "cmd/go/internal/toolchain/select.go",
    fixed: '"download %s: %v"',
    versions: "1.21-",
    sample: `go: downloading go1.23.4 (linux/amd64)\ngo: download go1.23.4: ${tc}: Get "${tcZip}": dial tcp 142.250.72.177:443: i/o timeout`,
    cause: "timeout",
    role: "toolchain",
  },
  {
    id: "toolchain.download-refused",
    file: "cmd/go/internal/toolchain/select.go",
    fixed: '"download %s: %v"',
    versions: "1.21-",
    sample: `go: download go1.23.4: ${tc}: Get "${tcZip}": dial tcp 127.0.0.1:3128: connect: connection refused`,
    cause: "connect-failure",
    role: "toolchain",
  },
  {
    id: "toolchain.download-tls",
    file: "cmd/go/internal/toolchain/select.go",
    fixed: '"download %s: %v"',
    versions: "1.21-",
    sample: `go: download go1.23.4: ${tc}: Get "${tcZip}": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
    cause: "tls-untrusted",
    role: "toolchain",
  },
  {
    id: "toolchain.invalid-gotoolchain",
    file: "cmd/go/internal/toolchain/select.go",
    fixed: "invalid GOTOOLCHAIN %q",
    versions: "1.21-",
    sample: 'go: invalid GOTOOLCHAIN "go1.22+bogus"',
    cause: "config-invalid",
    role: "local",
  },
  {
    id: "toolchain.switch-failed",
    file: "cmd/go/internal/toolchain/switch.go",
    fixed: "switching to go >= %v: %w",
    versions: "1.21-",
    sample: "go: switching to go >= 1.99: no releases found for go >= 1.99",
    cause: "go-version",
    role: "toolchain",
  },
  // ---- cmd/go/internal/auth (GOAUTH, Go ≥ 1.24) ----
  {
    id: "auth.off-combined",
    file: "cmd/go/internal/auth/auth.go",
    fixed: "GOAUTH=off cannot be combined with other authentication commands",
    versions: "1.24-",
    sample: "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)",
    cause: "config-invalid",
    role: "local",
  },
  {
    id: "auth.git-dir",
    file: "cmd/go/internal/auth/auth.go",
    fixed: "GOAUTH=git dir method requires an absolute path to the git working directory",
    versions: "1.24-",
    sample: "go: GOAUTH=git dir method requires an absolute path to the git working directory",
    cause: "config-invalid",
    role: "local",
  },
  {
    id: "auth.command-failed",
    file: "cmd/go/internal/auth/userauth.go",
    fixed: "could not run command %s: %v",
    versions: "1.24-",
    sample:
      'GOAUTH=/usr/local/bin/go-auth: could not run command /usr/local/bin/go-auth: exec: "/usr/local/bin/go-auth": stat /usr/local/bin/go-auth: no such file or directory',
    cause: "config-invalid",
    role: "local",
  },
  // ---- net/http (transport.go, client.go) ----
  {
    id: "http.proxyconnect-refused",
    file: "net/http/transport.go",
    fixed: '"proxyconnect"',
    versions: "1.19-1.26",
    sample: get(info, "proxyconnect tcp: dial tcp 127.0.0.1:7890: connect: connection refused"),
    cause: "http-proxy-misconfig",
    role: "http-proxy",
  },
  {
    id: "http.connect-407",
    file: "net/http/transport.go",
    fixed: 'strings.Cut(resp.Status, " ")',
    versions: "1.19-1.26",
    sample: get(info, "Proxy Authentication Required"),
    cause: "proxy-auth",
    role: "http-proxy",
  },
  {
    id: "http.tls-handshake-timeout",
    file: "net/http/transport.go",
    fixed: "TLS handshake timeout",
    versions: "1.19-1.26",
    sample: get(info, "net/http: TLS handshake timeout"),
    cause: "timeout",
    role: "proxy",
  },
  {
    id: "http.response-headers-timeout",
    file: "net/http/transport.go",
    fixed: "net/http: timeout awaiting response headers",
    versions: "1.19-1.26",
    sample: get(info, "net/http: timeout awaiting response headers"),
    cause: "timeout",
    role: "proxy",
  },
  {
    id: "http.scheme-mismatch",
    file: "net/http/client.go",
    fixed: "http: server gave HTTP response to HTTPS client",
    versions: "1.19-1.26",
    sample: get(info, "http: server gave HTTP response to HTTPS client"),
    cause: "tls-other",
    role: "proxy",
  },
  // ---- crypto/x509 (verify.go) and crypto/tls ----
  {
    id: "x509.unknown-authority",
    file: "crypto/x509/verify.go",
    fixed: "x509: certificate signed by unknown authority",
    versions: "1.19-1.26",
    sample: get(info, "x509: certificate signed by unknown authority"),
    cause: "tls-untrusted",
    role: "proxy",
  },
  {
    id: "tls.failed-to-verify",
    file: "crypto/tls/common.go",
    fixed: "tls: failed to verify certificate: %s",
    versions: "1.20-",
    sample: get(info, "tls: failed to verify certificate: x509: certificate signed by unknown authority"),
    cause: "tls-untrusted",
    role: "proxy",
  },
  {
    id: "x509.expired",
    file: "crypto/x509/verify.go",
    fixed: "x509: certificate has expired or is not yet valid: ",
    versions: "1.19-1.26",
    sample: get(
      info,
      "tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-01-01T00:00:00Z is after 2025-06-01T00:00:00Z",
    ),
    cause: "tls-other",
    role: "proxy",
  },
  {
    id: "x509.name-mismatch",
    file: "crypto/x509/verify.go",
    fixed: "x509: certificate is valid for ",
    versions: "1.19-1.26",
    sample: get(info, "x509: certificate is valid for *.firewall.corp, not proxy.golang.org"),
    cause: "tls-other",
    role: "proxy",
  },
  {
    id: "x509.no-ip-sans",
    file: "crypto/x509/verify.go",
    fixed: "because it doesn't contain any IP SANs",
    versions: "1.19-1.26",
    sample: `go: ${M}@v1.2.0: Get "https://127.0.0.1:8443/${M}/@v/v1.2.0.info": x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs`,
    cause: "tls-other",
    role: "proxy",
  },
  {
    id: "tls.first-record",
    file: "crypto/tls/conn.go",
    fixed: "first record does not look like a TLS handshake",
    versions: "1.19-1.26",
    sample: get(info, "tls: first record does not look like a TLS handshake"),
    cause: "tls-other",
    role: "proxy",
  },
  {
    id: "tls.remote-alert",
    file: "crypto/tls/alert.go",
    fixed: "handshake failure",
    versions: "1.19-1.26",
    sample: get(info, "remote error: tls: handshake failure"),
    cause: "tls-other",
    role: "proxy",
  },
  // ---- net (dial, DNS), Unix ----
  {
    id: "net.no-such-host",
    file: "net/net.go",
    fixed: '"no such host"',
    versions: "1.19-1.26",
    sample: get(info, "dial tcp: lookup proxy.golang.org on 127.0.0.53:53: no such host"),
    cause: "dns-failure",
    role: "proxy",
  },
  {
    id: "net.server-misbehaving",
    file: "net/dnsclient_unix.go",
    fixed: '"server misbehaving"',
    versions: "1.19-1.26",
    sample: get(info, "dial tcp: lookup proxy.golang.org on 192.168.65.5:53: server misbehaving"),
    cause: "dns-failure",
    role: "proxy",
  },
  {
    id: "net.dns-timeout",
    file: "net/net.go",
    fixed: '"i/o timeout"',
    versions: "1.19-1.26",
    sample: get(
      info,
      "dial tcp: lookup proxy.golang.org on 8.8.8.8:53: read udp 172.17.0.2:40000->8.8.8.8:53: i/o timeout",
    ),
    cause: "dns-failure",
    role: "proxy",
  },
  {
    id: "net.dial-timeout",
    file: "net/net.go",
    fixed: '"i/o timeout"',
    versions: "1.19-1.26",
    sample: get(info, "dial tcp 142.251.42.241:443: i/o timeout"),
    cause: "timeout",
    role: "proxy",
  },
  {
    id: "net.connect-timed-out",
    file: "syscall/zerrors_linux_amd64.go",
    fixed: '"connection timed out"',
    versions: "1.19-1.26",
    sample: get(info, "dial tcp 142.251.42.241:443: connect: connection timed out"),
    cause: "timeout",
    role: "proxy",
  },
  {
    id: "net.refused",
    file: "syscall/zerrors_linux_amd64.go",
    fixed: '"connection refused"',
    versions: "1.19-1.26",
    sample: get(info, "dial tcp 127.0.0.1:8081: connect: connection refused"),
    cause: "connect-failure",
    role: "proxy",
  },
  {
    id: "net.reset",
    file: "syscall/zerrors_linux_amd64.go",
    fixed: '"connection reset by peer"',
    versions: "1.19-1.26",
    sample: get(info, "read tcp 172.17.0.2:51234->142.251.42.241:443: read: connection reset by peer"),
    cause: "connect-failure",
    role: "proxy",
  },
  {
    id: "net.unreachable",
    file: "syscall/zerrors_linux_amd64.go",
    fixed: '"network is unreachable"',
    versions: "1.19-1.26",
    sample: get(info, "dial tcp [2607:f8b0:4005:80b::2011]:443: connect: network is unreachable"),
    cause: "connect-failure",
    role: "proxy",
  },
  {
    id: "net.no-route",
    file: "syscall/zerrors_linux_amd64.go",
    fixed: '"no route to host"',
    versions: "1.19-1.26",
    sample: get(info, "dial tcp 10.0.0.5:443: connect: no route to host"),
    cause: "connect-failure",
    role: "proxy",
  },
  {
    id: "net.eof",
    file: "net/http/transport.go",
    fixed: "io.EOF",
    versions: "1.19-1.26",
    sample: get(info, "EOF"),
    cause: "connect-failure",
    role: "proxy",
  },
  // ---- Windows: Winsock through syscall.Errno, English and Simplified Chinese ----
  {
    id: "win.connectex-refused",
    file: "winsock",
    fixed: "connectex: ",
    versions: "1.19-1.26",
    sample: get(
      info,
      "dial tcp 127.0.0.1:7890: connectex: No connection could be made because the target machine actively refused it.",
    ),
    cause: "connect-failure",
    role: "proxy",
    os: "windows",
  },
  {
    id: "win.connectex-refused-zh",
    file: "winsock",
    fixed: "connectex: ",
    versions: "1.19-1.26",
    sample: get(info, "dial tcp 127.0.0.1:7890: connectex: 由于目标计算机积极拒绝，无法连接。"),
    cause: "connect-failure",
    role: "proxy",
    os: "windows",
  },
  {
    id: "win.connectex-timeout",
    file: "winsock",
    fixed: "connectex: ",
    versions: "1.19-1.26",
    sample: get(
      info,
      "dial tcp 142.251.42.241:443: connectex: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.",
    ),
    cause: "timeout",
    role: "proxy",
    os: "windows",
  },
  {
    id: "win.connectex-timeout-zh",
    file: "winsock",
    fixed: "connectex: ",
    versions: "1.19-1.26",
    sample: get(
      info,
      "dial tcp 142.251.42.241:443: connectex: 由于连接方在一段时间后没有正确答复或连接的主机没有反应，连接尝试失败。",
    ),
    cause: "timeout",
    role: "proxy",
    os: "windows",
  },
  {
    id: "win.wsarecv-reset",
    file: "winsock",
    fixed: "wsarecv: ",
    versions: "1.19-1.26",
    sample: get(
      info,
      "read tcp 192.168.1.5:50000->142.251.42.241:443: wsarecv: An existing connection was forcibly closed by the remote host.",
    ),
    cause: "connect-failure",
    role: "proxy",
    os: "windows",
  },
  {
    id: "win.wsarecv-reset-zh",
    file: "winsock",
    fixed: "wsarecv: ",
    versions: "1.19-1.26",
    sample: get(
      info,
      "read tcp 192.168.1.5:50000->142.251.42.241:443: wsarecv: 远程主机强迫关闭了一个现有的连接。",
    ),
    cause: "connect-failure",
    role: "proxy",
    os: "windows",
  },
  {
    // Windows' and the cgo resolver's form (no "on SERVER"): the OS cannot be told from it.
    id: "net.no-such-host-system-resolver",
    file: "net/net.go",
    fixed: '"no such host"',
    versions: "1.19-1.26",
    sample: get(info, "dial tcp: lookup proxy.golang.org: no such host"),
    cause: "dns-failure",
    role: "proxy",
  },
  {
    id: "win.getaddrinfow-en",
    file: "winsock",
    fixed: "getaddrinfow: ",
    versions: "1.19-1.26",
    sample: get(info, "dial tcp: lookup goproxy.cn: getaddrinfow: No such host is known."),
    cause: "dns-failure",
    role: "proxy",
    os: "windows",
  },
  {
    id: "win.getaddrinfow-zh",
    file: "winsock",
    fixed: "getaddrinfow: ",
    versions: "1.19-1.26",
    sample: get(info, "dial tcp: lookup goproxy.cn: getaddrinfow: 不知道这样的主机。"),
    cause: "dns-failure",
    role: "proxy",
    os: "windows",
  },
];
