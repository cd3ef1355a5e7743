/**
 * Judges a presented TLS certificate chain the way go does — crypto/x509.Certificate.Verify and
 * buildChains (verify.go), CheckSignatureFrom (x509.go), with go's error texts (Go 1.19) — and the way
 * Node.js would against its own store, so that a probe can tell "go refuses what Node accepts" apart.
 * Offline: certificates in, verdicts out; the TLS handshake itself trusts nothing.
 */
import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import tls from "node:tls";
import { goQuote } from "../../core/goquote.js";

/** The CN of a distinguished name as Node prints it (`CN=x` lines), or null. */
export function cnOf(dn: string): string | null {
  for (const line of dn.split("\n")) if (line.startsWith("CN=")) return line.slice(3);
  return null;
}

/** A certificate date (`Jan  1 00:00:00 2026 GMT`) as ISO 8601, or null. */
export function isoDate(s: string): string | null {
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** time.RFC3339 in UTC, as go formats certificate times. */
function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The subject alternative names as Node prints them (`DNS:a.example`, `IP Address:127.0.0.1`). */
export function altNames(c: X509Certificate): string[] {
  return c.subjectAltName ? c.subjectAltName.split(", ").filter((s) => s !== "") : [];
}

/** x509.HostnameError.Error (verify.go). */
function hostnameError(c: X509Certificate, host: string): string {
  const names = altNames(c);
  const dns = names.filter((n) => n.startsWith("DNS:")).map((n) => n.slice(4));
  const ips = names.filter((n) => n.startsWith("IP Address:")).map((n) => n.slice(11));
  const cn = cnOf(c.subject);
  if (c.subjectAltName === undefined && cn !== null && cn.toLowerCase() === host.toLowerCase())
    return "x509: certificate relies on legacy Common Name field, use SANs instead";
  let valid: string;
  if (isIP(host) !== 0) {
    if (ips.length === 0)
      return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
    valid = ips.join(", ");
  } else valid = dns.join(", ");
  if (valid === "") return `x509: certificate is not valid for any names, but wanted to match ${host}`;
  return `x509: certificate is valid for ${valid}, not ${host}`;
}

/** The validity check of x509.Certificate.isValid (expiry only), or null. */
function validityError(c: X509Certificate, now: Date): string | null {
  const from = new Date(c.validFrom);
  const to = new Date(c.validTo);
  if (now < from)
    return `x509: certificate has expired or is not yet valid: current time ${rfc3339(now)} is before ${rfc3339(from)}`;
  if (now > to)
    return `x509: certificate has expired or is not yet valid: current time ${rfc3339(now)} is after ${rfc3339(to)}`;
  return null;
}

/** Host name check with go's rules (SANs only, no Common Name fallback since Go 1.15). */
function hostMatches(c: X509Certificate, host: string): boolean {
  return isIP(host) !== 0
    ? c.checkIP(host) !== undefined
    : c.checkHost(host, { subject: "never" }) !== undefined;
}

/** A trust verdict on a chain for one host. */
export interface Verdict {
  readonly trusted: boolean;
  readonly error: string | null;
  /** Why it is refused: no path to a trusted root (tls-untrusted) or the certificate itself (tls-other). */
  readonly kind: "authority" | "certificate" | null;
  /** A short code: UNKNOWN_AUTHORITY, CERT_EXPIRED, HOSTNAME_MISMATCH, or null. */
  readonly code: string | null;
}

const parsedStores = new WeakMap<readonly string[], X509Certificate[]>();

/** The PEMs as certificates (what does not parse is skipped, as a CertPool skips it); cached per array. */
export function parsedStore(pems: readonly string[]): X509Certificate[] {
  let store = parsedStores.get(pems);
  if (store === undefined) {
    store = [];
    for (const p of pems) {
      try {
        store.push(new X509Certificate(p));
      } catch {
        // skipped
      }
    }
    parsedStores.set(pems, store);
  }
  return store;
}

const same = (a: X509Certificate, b: X509Certificate) => a.fingerprint256 === b.fingerprint256;

/** Go's CheckSignatureFrom error for parent over c (x509.go), or null when parent signed c. */
function signatureError(c: X509Certificate, parent: X509Certificate): string | null {
  if (!parent.ca) return "x509: invalid signature: parent certificate cannot sign this kind of certificate";
  let ok = false;
  try {
    ok = c.verify(parent.publicKey);
  } catch {
    ok = false;
  }
  if (ok) return null;
  const type = parent.publicKey.asymmetricKeyType;
  if (type === "ec") return "x509: ECDSA verification failure";
  if (type === "ed25519") return "x509: Ed25519 verification failure";
  return "crypto/rsa: verification error";
}

/** Why no chain was found. */
type ChainOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "expired"; readonly error: string }
  | { readonly ok: false; readonly reason: "limit" }
  | {
      readonly ok: false;
      readonly reason: "unknown-authority";
      /** The deepest certificate reached, whose issuer is missing. */
      readonly last: X509Certificate;
      readonly hint: { readonly cert: X509Certificate; readonly error: string } | null;
    };

const MAX_SIGNATURE_CHECKS = 100;

/**
 * crypto/x509.Certificate.buildChains (verify.go): from cert, try the roots that could have issued it,
 * then the presented intermediates, depth first, each candidate's signature and validity checked; at most
 * 100 signature checks. The potential parents are found by Node's checkIssued (names, key identifiers,
 * key usage).
 */
function buildChain(
  cert: X509Certificate,
  path: readonly X509Certificate[],
  roots: readonly X509Certificate[],
  intermediates: readonly X509Certificate[],
  now: Date,
  checks: { n: number },
): ChainOutcome {
  let hint: { cert: X509Certificate; error: string } | null = null;
  let failure: ChainOutcome | null = null;
  const consider = (candidate: X509Certificate, isRoot: boolean): boolean => {
    if (path.some((p) => same(p, candidate))) return false;
    if (++checks.n > MAX_SIGNATURE_CHECKS) {
      failure = { ok: false, reason: "limit" };
      return false;
    }
    const sig = signatureError(cert, candidate);
    if (sig !== null) {
      hint ??= { cert: candidate, error: sig };
      return false;
    }
    const expired = validityError(candidate, now);
    if (expired !== null) {
      failure = { ok: false, reason: "expired", error: expired };
      return false;
    }
    if (isRoot) return true;
    const sub = buildChain(candidate, [...path, candidate], roots, intermediates, now, checks);
    if (sub.ok) return true;
    failure = sub;
    return false;
  };
  const parents = (pool: readonly X509Certificate[]) => pool.filter((p) => safeIssued(cert, p));
  for (const r of parents(roots)) if (consider(r, true)) return { ok: true };
  for (const i of parents(intermediates)) if (consider(i, false)) return { ok: true };
  return failure ?? { ok: false, reason: "unknown-authority", last: cert, hint };
}

function safeIssued(c: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return c.checkIssued(issuer);
  } catch {
    return false;
  }
}

function chainTo(
  chain: readonly X509Certificate[],
  roots: readonly X509Certificate[],
  now: Date,
): ChainOutcome {
  const leaf = chain[0]!;
  // Verify: a leaf that is itself in the roots is trusted as is.
  if (roots.some((r) => same(r, leaf))) return { ok: true };
  return buildChain(leaf, [leaf], roots, chain.slice(1), now, { n: 0 });
}

/** A certificate's name in go's hint: CommonName, else the first Organization, else serial:N. */
function hintName(c: X509Certificate): string {
  const cn = cnOf(c.subject);
  if (cn) return cn;
  for (const line of c.subject.split("\n")) if (line.startsWith("O=")) return line.slice(2);
  return `serial:${BigInt(`0x${c.serialNumber}`).toString()}`;
}

/**
 * Whether go accepts the chain, in crypto/x509.Certificate.Verify's order: the leaf's validity, the host
 * name (SANs only), then a chain to go's roots; with go's error texts.
 */
export function goVerdict(
  chain: readonly X509Certificate[],
  host: string,
  roots: readonly X509Certificate[],
  now: Date,
): Verdict {
  const leaf = chain[0]!;
  const expired = validityError(leaf, now);
  if (expired !== null) return { trusted: false, error: expired, kind: "certificate", code: "CERT_EXPIRED" };
  if (!hostMatches(leaf, host))
    return {
      trusted: false,
      error: hostnameError(leaf, host),
      kind: "certificate",
      code: "HOSTNAME_MISMATCH",
    };
  const out = chainTo(chain, roots, now);
  if (out.ok) return { trusted: true, error: null, kind: null, code: null };
  if (out.reason === "expired")
    return { trusted: false, error: out.error, kind: "authority", code: "CERT_EXPIRED" };
  if (out.reason === "limit")
    return {
      trusted: false,
      error: "x509: signature check attempts limit reached while verifying certificate chain",
      kind: "authority",
      code: "UNKNOWN_AUTHORITY",
    };
  let error = "x509: certificate signed by unknown authority";
  // On Windows the chain is built by CertGetCertificateChain (root_windows.go systemVerify), which returns a bare
  // UnknownAuthorityError: no candidate-authority hint (seen with go1.19's and go1.26's go.exe under Wine).
  if (out.hint !== null && process.platform !== "win32")
    error += ` (possibly because of ${goQuote(out.hint.error)} while trying to verify candidate authority certificate ${goQuote(hintName(out.hint.cert))})`;
  return { trusted: false, error, kind: "authority", code: "UNKNOWN_AUTHORITY" };
}

/**
 * Whether Node.js would accept the chain against its store: the same path search, OpenSSL's wording
 * (`self-signed certificate`, `unable to get local issuer certificate`…), then Node's checkServerIdentity.
 */
export function nodeVerdict(
  chain: readonly X509Certificate[],
  host: string,
  store: readonly X509Certificate[],
  now: Date,
): Verdict {
  const leaf = chain[0]!;
  const expired = validityError(leaf, now);
  if (expired !== null) {
    const error = now < new Date(leaf.validFrom) ? "certificate is not yet valid" : "certificate has expired";
    return { trusted: false, error, kind: "certificate", code: "CERT_EXPIRED" };
  }
  const out = chainTo(chain, store, now);
  if (!out.ok) {
    let error = "certificate has expired";
    if (out.reason === "limit") error = "unable to get local issuer certificate";
    if (out.reason === "unknown-authority") {
      const selfSigned = safeIssued(out.last, out.last) && signatureError(out.last, out.last) === null;
      error = !selfSigned
        ? "unable to get local issuer certificate"
        : same(out.last, leaf)
          ? "self-signed certificate"
          : "self-signed certificate in certificate chain";
    }
    return { trusted: false, error, kind: "authority", code: "UNKNOWN_AUTHORITY" };
  }
  const peer = {
    subject: { CN: cnOf(leaf.subject) ?? "" },
    subjectaltname: leaf.subjectAltName,
  } as unknown as tls.PeerCertificate;
  const mismatch = tls.checkServerIdentity(host, peer);
  if (mismatch)
    return { trusted: false, error: mismatch.message, kind: "certificate", code: "HOSTNAME_MISMATCH" };
  return { trusted: true, error: null, kind: null, code: null };
}
