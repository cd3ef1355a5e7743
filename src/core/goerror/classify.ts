/**
 * Naming the cause of one go error record, with the taxonomy of core/causes.ts.
 *
 * The rules read go's own wording, in these sources (Go 1.19 unless said otherwise; newer and older
 * wordings noted where they differ):
 * - cmd/go/internal/modfetch: fetch.go:checkModSum/checkSumDB ("checksum mismatch", SECURITY ERROR),
 *   proxy.go:proxyList/proxyRepo ("GOPROXY list is not the empty string…", "invalid proxy URL…",
 *   "invalid response from proxy", "proxy returned info for version…"), repo.go (`module lookup disabled by
 *   GOPROXY=off`, `-mod=vendor`), sumdb.go:dbDial ("invalid GOSUMDB…"), cache.go ("GOMODCACHE entry is
 *   relative…", "could not create module cache…"), coderepo.go ("invalid version…", "should be v0 or v1"),
 *   codehost/git.go (git ls-remote failures and the "private repository" hint);
 * - cmd/go/internal/web: api.go:HTTPError ("reading URL: 404 Not Found" + "server response:"),
 *   http.go ("refusing to pass credentials to insecure URL", "redirected from secure URL…");
 * - cmd/go/internal/vcs/vcs.go ("unrecognized import path", "GOVCS disallows…", "missing Git command");
 * - cmd/go/internal/modload: init.go ("modules disabled by GO111MODULE=off"), vendor.go ("inconsistent
 *   vendoring"), import.go ("import lookup disabled by -mod=…"); Go ≥ 1.21 toolchain switching
 *   (gover / toolchain: "go.mod requires go >= …", "toolchain not available");
 * - x/mod: module/module.go (CheckPath: "malformed module path…"), sumdb/client.go (tree checks);
 * - errors go embeds: net/http (transport.go: "proxyconnect tcp", CONNECT status text, "TLS handshake
 *   timeout", "server gave HTTP response to HTTPS client"), crypto/x509 (verify.go; Go ≥ 1.20 prefixes
 *   "tls: failed to verify certificate: "), net (dnsclient/lookup: "no such host", "server misbehaving";
 *   dial: "connect: connection refused", "i/o timeout"), Windows Winsock ("connectex:", "wsarecv:",
 *   "getaddrinfow:" followed by a possibly localised system message), and git/curl's stderr.
 *
 * Localised Windows texts are recognised by go's untranslated part (`connectex:`, `wsarecv:`,
 * `lookup HOST:`), never by the translated sentence. Pure; never throws.
 */
import type { Cause, Role } from "../causes.js";
import {
  endpointOf,
  hostOfURL,
  httpStatusOf,
  isPublicProxyHost,
  isSumdbURL,
  lookupHostOf,
  moduleOf,
  modulePath,
  serverResponseOf,
} from "./facts.js";
import type { GoErrorRecord } from "./records.js";

/** What one record says. */
export interface Classification {
  readonly cause: Cause;
  /** 0..1: how specific the matched wording is. */
  readonly confidence: number;
  /** Identifier of the rule that matched (stable, for grouping and tests). */
  readonly rule: string;
  /** `path@version`, a module path, or null. */
  readonly module: string | null;
  /** The host involved (endpoint, looked-up name, HTTP proxy address), lower-case, or null. */
  readonly host: string | null;
  /** The URL go was fetching (redacted), or null. */
  readonly endpoint: string | null;
  /** The HTTP status go got, or null. */
  readonly status: number | null;
  /** Where it failed (core/causes.ts ROLES). */
  readonly role: Role;
}

/** Classification of the text of one record (see {@link classifyRecord}). */
export type Verdict = { cause: Cause; confidence: number; rule: string; host?: string | null; role?: Role };

/** Lines that report progress, never a failure. */
const PROGRESS =
  /^go: (?:downloading|finding|extracting|found|added|upgraded|downgraded|removed|creating new go\.mod|to add module requirements|copying requirements|finding module for package|module \S+ is deprecated|warning: |module \S+ requires go >= \S+; switching to go)/;

// ---------- network-level errors (net, net/http, crypto/x509, Winsock, curl) ----------

const CONNECT_STATUS =
  /(?:Get|Head|Post) "?https?:\/\/[^\s"]+"?: (Forbidden|Bad Gateway|Proxy Authentication Required|Service Unavailable|Gateway Timeout|Bad Request|Not Found|Internal Server Error|Too Many Requests|Method Not Allowed|Unauthorized|Request Timeout|Network Authentication Required|Unavailable For Legal Reasons|unknown status code)\s*$/m;

/**
 * Windows' Winsock texts that go prints after `connectex:`/`wsarecv:`/`getaddrinfow:` (syscall.Errno's
 * FormatMessage text, in the system's language): English and Simplified Chinese, the two seen in reports.
 */
const WIN_TIMEOUT =
  /did not properly respond after a period of time|connected host has failed to respond|连接尝试失败|没有正确答复|没有正确响应|WSAETIMEDOUT/;
const WIN_REFUSED = /actively refused|积极拒绝|WSAECONNREFUSED/;
const WIN_RESET =
  /forcibly closed by the remote host|强迫关闭了一个现有的连接|aborted by the software in your host machine|你的主机中的软件中止了一个已建立的连接/;
const WIN_DNS =
  /No such host is known|不知道这样的主机|temporary error during hostname resolution|这通常是在主机名解析时出现的临时错误|WSAHOST_NOT_FOUND/;

/**
 * The cause of a transport failure in text (DNS, TCP, HTTP proxy, TLS, timeouts), or null when the
 * text shows none. The failure mode decides, whatever the endpoint: a dial that got no answer is a
 * timeout (net: `i/o timeout`, ETIMEDOUT's `connection timed out`, Winsock's WSAETIMEDOUT), one that
 * was refused, reset or unreachable a connect failure. Mirrors how probe.ts assigns causes to a failed phase.
 */
export function networkCause(t: string): Verdict | null {
  if (/\bproxyconnect tcp\b|Could not resolve proxy|from proxy after CONNECT|CONNECT tunnel failed/.test(t)) {
    if (/Proxy Authentication Required|\b407\b/.test(t))
      return { cause: "proxy-auth", confidence: 0.9, rule: "net.proxy-407", role: "http-proxy" };
    return { cause: "http-proxy-misconfig", confidence: 0.9, rule: "net.proxyconnect", role: "http-proxy" };
  }
  const bare = CONNECT_STATUS.exec(t);
  if (bare !== null) {
    if (bare[1] === "Proxy Authentication Required")
      return { cause: "proxy-auth", confidence: 0.85, rule: "net.connect-407", role: "http-proxy" };
    return {
      cause: "http-proxy-misconfig",
      confidence: 0.75,
      rule: "net.connect-status",
      role: "http-proxy",
    };
  }
  if (
    /\blookup [A-Za-z0-9._-]+(?: on [^\s:]+:\d+)?: |\bgetaddrinfow?\b|no such host|server misbehaving|Temporary failure in name resolution|Could not resolve host|Name or service not known|nodename nor servname/.test(
      t,
    ) ||
    WIN_DNS.test(t)
  )
    return { cause: "dns-failure", confidence: 0.9, rule: "net.dns" };
  if (/TLS handshake timeout/.test(t)) return { cause: "timeout", confidence: 0.9, rule: "net.tls-timeout" };
  if (
    /Client\.Timeout exceeded|timeout awaiting response headers|context deadline exceeded|net\/http: request canceled|Operation timed out|[Cc]onnection timed out|\bi\/o timeout\b|Failed to connect to \S+ port \d+(?: after \d+ ms)?: (?:Timed out|Connection timed out)|SSL connection timeout/.test(
      t,
    ) ||
    WIN_TIMEOUT.test(t)
  )
    return { cause: "timeout", confidence: 0.88, rule: "net.timeout" };
  if (
    /x509: certificate signed by unknown authority|x509: .{0,200}certificate is not trusted|certificate signed by unknown authority|self[- ]signed certificate|unable to get local issuer certificate|SSL certificate problem: (?!certificate has expired)|server certificate verification failed|certificate verify failed|x509: certificate has no trusted roots|The certificate chain was issued by an authority that is not trusted|证书链是由不受信任的颁发机构颁发的|x509: certificate is not standards compliant/.test(
      t,
    )
  )
    return { cause: "tls-untrusted", confidence: 0.92, rule: "net.x509-unknown-authority" };
  if (
    /\bx509: |\btls: |remote error: tls|server gave HTTP response to HTTPS client|SSL routines|SSL_ERROR|gnutls_handshake|schannel|OpenSSL SSL_connect|SSL certificate problem/.test(
      t,
    )
  )
    return { cause: "tls-other", confidence: 0.85, rule: "net.tls" };
  if (
    /dial tcp(?: [^\s:]*(?::\d+)?)?: connect: |\bconnectex: |\bwsarecv: |\bwsasend: |connection refused|connection reset by peer|no route to host|network is unreachable|host is unreachable|broken pipe|Failed to connect to \S+ port \d+|Couldn't connect to server|: EOF\s*$|unexpected EOF|Empty reply from server|Recv failure/m.test(
      t,
    ) ||
    WIN_REFUSED.test(t) ||
    WIN_RESET.test(t)
  )
    return { cause: "connect-failure", confidence: 0.88, rule: "net.connect" };
  return null;
}

// ---------- go's own wording, checked before anything URL-based ----------

const CHECKSUM = /\bchecksum mismatch\b|This download does NOT match/;
const CONFIG =
  /GOPROXY list is not the empty string, but contains no entries|invalid \$GOPROXY setting|invalid proxy URL|invalid file:\/\/ proxy URL|invalid GOSUMDB|invalid sumdb name|missing GOSUMDB|parsing \$GOFLAGS|unknown environment setting|-insecure flag is no longer supported|unknown go command variable|GOPATH entry is relative|first path segment in URL cannot contain colon|\bparse "[\\"']|GOFLAGS=-mod=\S*: invalid|invalid value for GOFLAGS|malformed verifier id|(?:entry|pattern|VCS list|VCS name) in GOVCS|unreachable pattern in GOVCS|malformed go\.sum|GOAUTH=|GOAUTH encountered|invalid GOTOOLCHAIN|invalid toolchain: |GOTOOLCHAIN=\S+ cannot be combined|cannot find "go[\d.]+" in PATH|invalid toolchain "/;
const MODCACHE =
  /GOMODCACHE entry is relative|module cache not found|could not create module cache|failed to create cache directory|not completely extracted|ziphash file is missing|no space left on device|read-only file system|disk quota exceeded|writing go\.mod cache/;
/** A file-system error on a path inside the module cache (GOMODCACHE, by default GOPATH/pkg/mod). */
const CACHE_PATH = /[/\\]pkg[/\\]mod[/\\]?/;
const FS_ERROR =
  /permission denied|Access is denied|being used by another process|not a directory|file exists|directory not empty|zip: not a valid zip file|unexpected EOF/;

function modcacheProblem(own: string): boolean {
  if (MODCACHE.test(own)) return true;
  for (const line of own.split("\n")) {
    if (
      CACHE_PATH.test(line) &&
      FS_ERROR.test(line) &&
      !/ls-remote|git |Permission denied \(publickey/.test(line)
    )
      return true;
  }
  return false;
}
const MODULES_OFF =
  /modules disabled by GO111MODULE=off|(?:cannot use|can only use) path@version syntax|GO111MODULE=off/;
const VENDOR =
  /inconsistent vendoring|disabled by -mod=vendor|vendor\/modules\.txt|vendor directory|cannot find package "[^"]*" in:\s*\n?\s*\S*[/\\]vendor[/\\]/;
const GO_VERSION =
  /requires go >= ?\d|requires go \d|toolchain not available|GOTOOLCHAIN|golang\.org\/toolchain@|note: module requires Go|invalid go version|unknown directive: toolchain|switching to go(?:\d| >= )|no releases found for go|go: download go\d|downloading go\d|requires newer Go version|is not a valid Go version|unsupported go version|go: cannot find GOROOT|compiled with a newer version of Go/;
const GOPROXY_OFF = /disabled by GOPROXY=off/;
const SUMDB_OFF = /checksum database disabled by GOSUMDB=off/;
const GOVCS = /\bGOVCS disallows\b/;
const VCS_MISSING =
  /missing (?:Git|Mercurial|Bazaar|Subversion|Fossil|git|hg|svn|bzr|fossil) command|exec: "(?:git|hg|svn|bzr|fossil)(?:\.exe)?": executable file not found|'git' is not recognized as an internal or external command|\bgit: (?:command )?not found|fork\/exec \S*git: no such file/;
const INSECURE =
  /refusing to pass credentials to insecure URL|redirected from secure URL \S+ to insecure URL|\binsecure URL: |no secure protocol found for repository|uses insecure protocol/;
const DISCOVERY =
  /unrecognized import path|go-import|no go-import meta tags|\?go-get=1|invalid repo root|disagree about go-import|multiple meta tags match import path/;
const VCS_AUTH =
  /terminal prompts disabled|could not read (?:Username|Password)|Authentication failed|authentication required|Permission denied \(publickey|Host key verification failed|Repository not found|repository '[^'\n]*' not found|HTTP Basic: Access denied|The requested URL returned error: 40[134]|could not read from remote repository|Invalid username or password|Support for password authentication was removed|SAML SSO|git@[\w.-]+: Permission denied|remote: [^\n]*(?:not found|[Dd]enied|[Ff]orbidden)/;
/** A well-formed version, revision or query that does not exist where go looked. */
const MISSING_VERSION =
  /unknown revision|no matching versions for query|\(\S+ is not a tag\)|preceding tag \S+ not found|not a known version|couldn't find remote ref|no such (?:tag|branch|revision)|invalid version: git ls-remote|reading \S+ at revision \S+: (?:unknown revision|.*not found)/;
const VERSION =
  /invalid version(?! control suffix)|invalid pseudo-version|should be v0 or v1|should be v\d+, not v\d+|module contains a go\.mod file, so (?:module path must match major version|major version must be compatible)|version "[^"]*" invalid|is not a (?:canonical|valid semantic) version|non-canonical module version|non-semver module version|\+incompatible suffix|invalid semantic version|disallowed module version|does not match (?:short name of revision|version-control timestamp)|is not a descendent of preceding tag|ambiguous revision|version \S+ is not canonical|malformed version/;
const PATH =
  /malformed module path|malformed import path|invalid module path|invalid import path|missing dot in first path element|module declares its path as|invalid path element|leading dot in path element|invalid char '|is not a valid module path|trailing slash|double slash|empty path element|disallowed import path|invalid path: |mismatched repo: found|invalid \S+ import path "|invalid version control suffix in /;
const PROXY_GARBAGE =
  /invalid response from proxy|proxy returned info for version|downloaded zip file too large|zip for \S+ has unexpected file|zip: not a valid zip file|missing top-level directory prefix|zip file contains more than one top-level directory|unexpected end of JSON input|invalid character .* looking for beginning of value/;
const SUMDB_SECURITY =
  /go\.sum database server misbehavior|security error: misbehaving server|downloaded inconsistent tile|invalid transparency proof|malformed tree note|malformed record data|cannot authenticate record data|cannot validate record|checking tree#\d+|reading tree note|verifying tree|invalid sumdb lookup/;
const OTHER_KNOWN =
  /missing go\.sum entry|updates to go\.(?:mod|sum) needed|import lookup disabled by -mod=(?!vendor)|go\.mod file not found|go: cannot find main module|no required module provides package|is replaced but not required/;

/** Every pattern decideLocal tries, in one regex: most records match none of them. */
const LOCAL_WORDING = new RegExp(
  [
    CHECKSUM,
    MODCACHE,
    CONFIG,
    MODULES_OFF,
    VENDOR,
    GO_VERSION,
    GOPROXY_OFF,
    SUMDB_OFF,
    GOVCS,
    VCS_MISSING,
    INSECURE,
  ]
    .map((re) => `(?:${re.source})`)
    .join("|"),
);

/** An origin asked for credentials: the strongest evidence that a module is private. */
const CREDENTIALS_ASKED =
  /terminal prompts disabled|could not read (?:Username|Password)|Authentication failed|authentication required|HTTP Basic: Access denied|401 Unauthorized|403 Forbidden|Permission denied \(publickey|If this is a private repository|Invalid username or password|SAML SSO/;
/** The origin is unknown to the public internet (a public proxy could not resolve or discover it). */
const ORIGIN_UNKNOWN =
  /no such host|unrecognized import path|no secure protocol found|dial tcp|i\/o timeout|connection refused/;

/** A database's own fetch of a public origin failed at the network level (server response). */
const DB_FETCH_FAILED =
  /Failed to connect to|Connection refused|Could not resolve host|Operation timed out|Connection timed out|returned error: 5\d\d|HTTP\/[\d.]+ 5\d\d|i\/o timeout|dial tcp/;

/** Hosts where public modules live; a 404 for a path elsewhere from a public proxy suggests private code. */
const PUBLIC_CODE_HOSTS =
  /^(?:github\.com|gitlab\.com|bitbucket\.org|gopkg\.in|golang\.org|google\.golang\.org|go\.googlesource\.com|cloud\.google\.com|go\.uber\.org|k8s\.io|sigs\.k8s\.io|go\.etcd\.io|go\.opentelemetry\.io|honnef\.co|gotest\.tools|gorm\.io|gonum\.org|modernc\.org|mvdan\.cc|rsc\.io|cuelang\.org|dario\.cat|filippo\.io|nhooyr\.io|buf\.build|connectrpc\.com|golang\.zx2c4\.com|codeberg\.org|gitee\.com|git\.sr\.ht|example\.com)$/;

/**
 * A host that names itself private: an intranet suffix, an IP address or a port, or a company forge's
 * usual name (git., gitlab., code., scm., …, or corp/internal/intra in a label). A GOPRIVATE-like host.
 */
const PRIVATE_LOOKING_HOST =
  /(?:^|\.)(?:local|lan|internal|intranet|corp|home|private|test)$|^\d+\.\d+\.\d+\.\d+(?::\d+)?$|:\d+$|^(?:git|ghe|gitlab|gitea|gogs|code|scm|repo|dev|source|bitbucket|stash)[.-]|(?:^|[.-])(?:corp|internal|intra|inner|private)(?:[.-]|$)/;

function moduleHost(module: string | null): string | null {
  if (module === null) return null;
  const first = modulePath(module).split("/")[0] ?? "";
  return first.includes(".") ? first.toLowerCase() : null;
}

/** A GOPRIVATE/GONOPROXY/GONOSUMDB value shown in the log (e.g. printed by `go env`) that covers host. */
function privatePatternShown(text: string, host: string): boolean {
  for (const m of text.matchAll(/\bGO(?:PRIVATE|NOPROXY|NOSUMDB)=["']?([^\s"']+)/g)) {
    for (const p of m[1]!.split(",")) {
      const first = p.trim().split("/")[0]!.toLowerCase();
      if (first === "") continue;
      if (first === host || (first.startsWith("*.") && host.endsWith(first.slice(1)))) return true;
    }
  }
  return false;
}

/**
 * Whether the evidence says the module is private: its origin asked for credentials, a private pattern
 * in the log covers it, or its host names itself private (or is unknown to the public origin fetch).
 */
function privateEvidence(module: string | null, response: string, text: string): boolean {
  if (CREDENTIALS_ASKED.test(response)) return true;
  const host = moduleHost(module);
  if (host === null || PUBLIC_CODE_HOSTS.test(host)) return false;
  if (privatePatternShown(text, host)) return true;
  return PRIVATE_LOOKING_HOST.test(host) || ORIGIN_UNKNOWN.test(response);
}

function proxyConnectHost(t: string): string | null {
  const m = /proxyconnect tcp: (?:[^\n]*?)dial tcp (\[[^\]]+\]|[^\s:]+):\d+/.exec(t);
  if (m !== null) return m[1]!.toLowerCase();
  const l = /proxyconnect tcp: [^\n]*?lookup ([A-Za-z0-9._-]+)/.exec(t);
  return l === null ? null : l[1]!.toLowerCase();
}

/**
 * git's (libcurl's) `unable to access 'URL': …`. A connect failure to another host than the URL's is
 * git's own http.proxy (or http_proxy) pointing at a dead proxy: an HTTP-proxy problem, git's settings.
 */
function gitAccess(t: string): Verdict | null {
  const m = /unable to access '([^'\n]*)': ([^\n]*)/.exec(t);
  if (m === null) return null;
  const inner = m[2]!;
  const vcs = (v: Omit<Verdict, "role">, role: Role = "vcs"): Verdict => ({ ...v, role });
  if (/\b407\b/.test(inner))
    return vcs({ cause: "proxy-auth", confidence: 0.85, rule: "git.proxy-407" }, "http-proxy");
  if (/CONNECT tunnel failed|from proxy after CONNECT|Could not resolve proxy|proxy/i.test(inner))
    return vcs({ cause: "http-proxy-misconfig", confidence: 0.85, rule: "git.proxy" }, "http-proxy");
  const dialed = /Failed to connect to (\S+) port \d+/.exec(inner)?.[1]?.toLowerCase();
  const urlHost = hostOfURL(m[1]!);
  if (dialed !== undefined && urlHost !== null && dialed !== urlHost && !/^\d+\.\d+\.\d+\.\d+$/.test(urlHost))
    return vcs({ cause: "http-proxy-misconfig", confidence: 0.85, rule: "git.proxy-dead" }, "http-proxy");
  if (/Could not resolve host/.test(inner))
    return vcs({ cause: "dns-failure", confidence: 0.85, rule: "git.dns" });
  if (/SSL certificate problem: certificate has expired/.test(inner))
    return vcs({ cause: "tls-other", confidence: 0.85, rule: "git.tls" });
  if (/SSL certificate problem|certificate verification failed|unable to get local issuer/.test(inner))
    return vcs({ cause: "tls-untrusted", confidence: 0.85, rule: "git.tls-untrusted" });
  if (/timed out|Timed out/.test(inner))
    return vcs({ cause: "timeout", confidence: 0.85, rule: "git.timeout" });
  if (
    /Failed to connect|Couldn't connect|Connection refused|Connection reset|Recv failure|Empty reply/.test(
      inner,
    )
  )
    return vcs({ cause: "connect-failure", confidence: 0.85, rule: "git.connect" });
  if (/SSL|TLS|gnutls|OpenSSL|schannel/.test(inner))
    return vcs({ cause: "tls-other", confidence: 0.8, rule: "git.tls" });
  if (/returned error: 40[134]/.test(inner))
    return vcs({ cause: "vcs-auth", confidence: 0.9, rule: "git.http-auth" });
  return null;
}

/** A toolchain switch's download (toolchain/select.go: "download go1.N…", module golang.org/toolchain). */
const TOOLCHAIN_FETCH = /\bdownload go\d[^\s:]*(?: for \S+)?: |golang\.org\/toolchain[@/]/;

/** Decides the cause of the text go produced locally (own) and a proxy's server response. */
function decide(
  own: string,
  response: string,
  endpoint: string | null,
  status: number | null,
  module: string | null,
): Verdict | null {
  // A toolchain download that failed on the network has the network's cause (role toolchain).
  if (TOOLCHAIN_FETCH.test(own) && !/toolchain not available/.test(own)) {
    const net = networkCause(own);
    if (net !== null) return { ...net, role: net.role ?? "toolchain" };
  }
  if (LOCAL_WORDING.test(own) || CACHE_PATH.test(own)) {
    const v = decideLocal(own);
    if (v !== null) return v;
  }
  return decideRemote(own, response, endpoint, status, module);
}

/** go's own wording for failures that are not about a server's answer. */
function decideLocal(own: string): Verdict | null {
  if (CHECKSUM.test(own))
    return { cause: "checksum-mismatch", confidence: 0.97, rule: "go.checksum-mismatch" };
  if (modcacheProblem(own)) return { cause: "modcache-problem", confidence: 0.85, rule: "go.modcache" };
  if (CONFIG.test(own)) return { cause: "config-invalid", confidence: 0.9, rule: "go.config", role: "local" };
  if (MODULES_OFF.test(own)) return { cause: "modules-disabled", confidence: 0.95, rule: "go.gopath-mode" };
  if (VENDOR.test(own)) return { cause: "vendor-mode", confidence: 0.9, rule: "go.vendor" };
  // Toolchain downloads (Go ≥ 1.21) go through the same route: the role says which download failed.
  const where = (fallback: Role): Role => (TOOLCHAIN_FETCH.test(own) ? "toolchain" : fallback);
  // modfetch/sumdb.go dbDial: the database is switched off, so no route reaches it — fatal for a toolchain
  // download, which is always verified (toolchain/select.go).
  if (SUMDB_OFF.test(own))
    return { cause: "sumdb-unreachable", confidence: 0.9, rule: "sumdb.off", role: where("sumdb") };
  if (GOPROXY_OFF.test(own))
    return { cause: "goproxy-off", confidence: 0.97, rule: "go.goproxy-off", role: where("local") };
  if (GO_VERSION.test(own))
    return {
      cause: "go-version",
      confidence: 0.9,
      rule: "go.version",
      role:
        TOOLCHAIN_FETCH.test(own) || /toolchain not available|switching to go >= |no releases found/.test(own)
          ? "toolchain"
          : "local",
    };
  if (GOVCS.test(own)) return { cause: "govcs-disallowed", confidence: 0.97, rule: "go.govcs" };
  if (VCS_MISSING.test(own)) return { cause: "vcs-missing", confidence: 0.95, rule: "go.vcs-missing" };
  if (INSECURE.test(own)) return { cause: "insecure-refused", confidence: 0.93, rule: "go.insecure" };
  return null;
}

/** A checksum-database answer: the failure mode first, then what the status and response say. */
function decideSumdb(
  own: string,
  response: string,
  endpoint: string,
  status: number | null,
  module: string | null,
  text: string,
): Verdict {
  const sumdb = (v: Omit<Verdict, "role">): Verdict => ({ ...v, role: "sumdb" });
  if (status === 404 || status === 410) {
    if (/\/lookup\//.test(endpoint)) {
      if (privateEvidence(module, response, text))
        return sumdb({ cause: "private-via-public-sumdb", confidence: 0.85, rule: "sumdb.lookup-private" });
      // The database could not fetch a public origin itself: its failure, not the module's absence.
      if (DB_FETCH_FAILED.test(response))
        return sumdb({ cause: "sumdb-error", confidence: 0.7, rule: "sumdb.origin-unreachable" });
      // A third-party database (or a proxy's copy) that lacks a public module is that database's failure.
      if (hostOfURL(endpoint) !== "sum.golang.org" || /\/sumdb\//.test(endpoint))
        return sumdb({ cause: "sumdb-error", confidence: 0.7, rule: "sumdb.mirror-lacks" });
      return sumdb({ cause: "not-found", confidence: 0.75, rule: "sumdb.lookup-not-found" });
    }
    return sumdb({ cause: "sumdb-error", confidence: 0.75, rule: "sumdb.status" });
  }
  if (status !== null) return sumdb({ cause: "sumdb-error", confidence: 0.85, rule: "sumdb.status" });
  const net = networkCause(own);
  // An HTTP proxy that answers the CONNECT to the database with a refusal (Forbidden, …): the network's
  // policy leaves no route to the database — no GOPROXY entry proxied it, and direct access is off.
  if (net !== null && net.rule === "net.connect-status")
    return sumdb({ cause: "sumdb-unreachable", confidence: 0.8, rule: "sumdb.direct-refused" });
  if (net !== null) return { ...net, role: net.role ?? "sumdb" };
  return sumdb({ cause: "sumdb-error", confidence: 0.6, rule: "sumdb.other" });
}

/** Failures about what a server answered, or about reaching it; then the remaining go wordings. */
function decideRemote(
  own: string,
  response: string,
  endpoint: string | null,
  status: number | null,
  module: string | null,
): Verdict | null {
  const text = `${own}\n${response}`;
  if (endpoint !== null && isSumdbURL(endpoint))
    return decideSumdb(own, response, endpoint, status, module, text);
  if (SUMDB_SECURITY.test(own))
    return { cause: "sumdb-error", confidence: 0.8, rule: "sumdb.security", role: "sumdb" };

  // The module's own go.mod names another path: the strongest evidence in the record.
  if (/module declares its path as/.test(own))
    return { cause: "invalid-path", confidence: 0.95, rule: "go.declared-path", role: "local" };
  if (DISCOVERY.test(own)) {
    // Discovery that failed on the network is the network's failure (role vcs).
    const net = /unrecognized import path/.test(own) ? networkCause(own) : null;
    if (net !== null && net.cause !== "http-proxy-misconfig" && net.cause !== "proxy-auth")
      return { ...net, role: "vcs" };
    return { cause: "vcs-discovery", confidence: 0.85, rule: "go.discovery", role: "vcs" };
  }
  const git = gitAccess(own);
  if (git !== null) return git;
  if (VCS_AUTH.test(own)) return { cause: "vcs-auth", confidence: 0.9, rule: "git.auth", role: "vcs" };

  if (endpoint !== null && status !== null) {
    const proxy = (v: Omit<Verdict, "role">): Verdict => ({ ...v, role: "proxy" });
    if (status === 401 || status === 403 || status === 407)
      return proxy({ cause: "proxy-auth", confidence: 0.9, rule: "proxy.auth-status" });
    if (status === 404 || status === 410) {
      const publicProxy = isPublicProxyHost(hostOfURL(endpoint));
      if (MISSING_VERSION.test(response) && !CREDENTIALS_ASKED.test(response))
        return proxy({ cause: "not-found", confidence: 0.85, rule: "proxy.unknown-version" });
      if (VERSION.test(response) && !CREDENTIALS_ASKED.test(response))
        return proxy({ cause: "invalid-version", confidence: 0.75, rule: "proxy.invalid-version" });
      // Private code sent to a proxy that cannot see it; a company's own proxy is not public.
      const ownProxy = PRIVATE_LOOKING_HOST.test(hostOfURL(endpoint) ?? "");
      if ((publicProxy || !ownProxy) && privateEvidence(module, response, text))
        return proxy({ cause: "private-via-public-proxy", confidence: 0.85, rule: "proxy.private-origin" });
      return proxy({ cause: "not-found", confidence: 0.85, rule: "proxy.not-found" });
    }
    return proxy({ cause: "proxy-error", confidence: 0.88, rule: "proxy.status" });
  }

  const net = networkCause(own);
  if (net !== null) return net;
  if (PROXY_GARBAGE.test(own))
    return { cause: "proxy-error", confidence: 0.8, rule: "proxy.garbage", role: "proxy" };
  if (MISSING_VERSION.test(own)) return { cause: "not-found", confidence: 0.85, rule: "go.unknown-revision" };
  if (VERSION.test(own))
    return { cause: "invalid-version", confidence: 0.85, rule: "go.invalid-version", role: "local" };
  if (PATH.test(own))
    return { cause: "invalid-path", confidence: 0.88, rule: "go.invalid-path", role: "local" };
  if (OTHER_KNOWN.test(own))
    return { cause: "other", confidence: 0.5, rule: "go.module-state", role: "local" };
  return null;
}

/** Whether a record that no rule names still looks like a module-download error of go. */
function looksLikeGoError(first: string, text: string): boolean {
  if (PROGRESS.test(first)) return false;
  if (/^(?:go(?: [a-z]+(?: [^:\n]*)?)?: |verifying )/.test(first)) return true;
  return (
    /(?:^|[\s:])(?:[a-z0-9-]+\.)+[a-z]+(?:\/[^\s@]+)?@v\d[^:\s]*: /.test(text) &&
    /\b(?:go|module|download|proxy)\b/i.test(text)
  );
}

/** A one-line compiler or vet message (`file.go:12:3: …`) that names no module, package or server. */
function compilerMessage(line: string): boolean {
  return (
    /^[^\s:]*\.go:\d+(?::\d+)?: /.test(line) &&
    !/@|module|package|go\.sum|go\.mod|vendor|https?:|proxy/.test(line)
  );
}

/** Longest text a record contributes to classification (bounds regex work on hostile input). */
const MAX_RECORD_CHARS = 16_384;
/** Longest line considered; go's longest messages (many wrapped errors) stay far below it. */
const MAX_LINE_CHARS = 4_096;

/**
 * Classifies one record; null when it is not a module-download error (progress lines, compiler
 * errors, unrelated tool output).
 */
export function classifyRecord(record: GoErrorRecord): Classification | null {
  const first = record.lines[0] ?? "";
  if (record.lines.length === 1 && (PROGRESS.test(first) || compilerMessage(first))) return null;
  const text = record.lines
    .map((l) => (l.length > MAX_LINE_CHARS ? l.slice(0, MAX_LINE_CHARS) : l))
    .join("\n")
    .slice(0, MAX_RECORD_CHARS);
  const cut = text.indexOf("server response:");
  const own = cut < 0 ? text : text.slice(0, cut);
  const response = serverResponseOf(text);
  const endpoint = endpointOf(own);
  const status = httpStatusOf(own);
  const module = moduleOf(text);
  let verdict = decide(own, response, endpoint, status, module);
  if (verdict === null) {
    if (!looksLikeGoError(first, text)) return null;
    verdict = { cause: "other", confidence: 0.3, rule: "go.unrecognised" };
  }
  let host: string | null = endpoint === null ? null : hostOfURL(endpoint);
  if (
    verdict.rule === "net.proxyconnect" ||
    verdict.rule === "net.proxy-407" ||
    verdict.rule === "git.proxy-dead"
  )
    host = proxyConnectHost(own) ?? /Failed to connect to (\S+) port/.exec(own)?.[1]?.toLowerCase() ?? host;
  else if (verdict.cause === "dns-failure" && verdict.rule === "net.dns") host = lookupHostOf(own) ?? host;
  if (
    host === null &&
    [
      "vcs-auth",
      "vcs-discovery",
      "vcs-missing",
      "govcs-disallowed",
      "private-via-public-proxy",
      "private-via-public-sumdb",
    ].includes(verdict.cause)
  )
    host = moduleHost(module);
  return {
    cause: verdict.cause,
    confidence: verdict.confidence,
    rule: verdict.rule,
    module,
    host,
    endpoint,
    status,
    role: verdict.role ?? roleOf(verdict.cause, own, endpoint),
  };
}

/** Roles of causes that happen in one place only. */
const CAUSE_ROLE: Partial<Record<Cause, Role>> = {
  "http-proxy-misconfig": "http-proxy",
  "vcs-auth": "vcs",
  "vcs-missing": "vcs",
  "vcs-discovery": "vcs",
  "govcs-disallowed": "vcs",
  "private-via-public-proxy": "proxy",
  "private-via-public-sumdb": "sumdb",
  "sumdb-unreachable": "sumdb",
  "sumdb-error": "sumdb",
  "proxy-error": "proxy",
  "config-invalid": "local",
  "modcache-problem": "local",
  "modules-disabled": "local",
  "vendor-mode": "local",
  "goproxy-off": "local",
  "invalid-path": "local",
  "invalid-version": "local",
};

/** Where a failure happened when no rule said: the cause's own place, else the URL or the tool in the text. */
function roleOf(cause: Cause, own: string, endpoint: string | null): Role {
  const fixed = CAUSE_ROLE[cause];
  if (fixed !== undefined) return fixed;
  if (TOOLCHAIN_FETCH.test(own)) return "toolchain";
  if (endpoint !== null && isSumdbURL(endpoint)) return "sumdb";
  if (
    /verifying (?:module|\S+@\S+): |go\.sum database|checksum database/.test(own) &&
    cause !== "checksum-mismatch"
  )
    return "sumdb";
  if (
    /\bgit (?:ls-remote|fetch|clone)|unable to access '|\bfatal: |\bgit@|ssh: |at revision |for repository|is not a tag\)|\?go-get=1/.test(
      own,
    )
  )
    return "vcs";
  if (endpoint !== null && /@v\/|@latest|\/@v\//.test(endpoint)) return "proxy";
  if (endpoint !== null && /\?go-get=1/.test(endpoint)) return "vcs";
  if (endpoint !== null) return "proxy";
  // A version that does not exist, found without a URL in the text: the proxy's answer go reworded.
  if (cause === "not-found" || cause === "proxy-auth" || cause === "timeout" || cause === "connect-failure")
    return "proxy";
  return "local";
}
