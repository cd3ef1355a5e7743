/**
 * go's TLS trust where it is the system's store: on Windows crypto/x509 verifies through CertGetCertificateChain
 * (root_windows.go) and on macOS through Security.framework (root_darwin.go); root_unix.go, the only reader of
 * SSL_CERT_FILE and SSL_CERT_DIR, is built for neither (go1.19's and go1.26's sources). Pure.
 */
import type { Finding } from "../finding.js";

type Env = Readonly<Record<string, string | undefined>>;

/** A warning when SSL_CERT_FILE or SSL_CERT_DIR is set where go does not read them; [] elsewhere. */
export function ignoredCertVariableFindings(env: Env, os: "windows" | "darwin" | "other"): Finding[] {
  if (os === "other") return [];
  const set = ["SSL_CERT_FILE", "SSL_CERT_DIR"].filter((k) => (env[k] ?? "") !== "");
  if (set.length === 0) return [];
  const windows = os === "windows";
  return [
    {
      id: "tls.cert-variables-ignored",
      severity: "warning",
      cause: "tls-untrusted",
      message: `${set.join(" and ")} ${set.length > 1 ? "are" : "is"} set, but go on ${windows ? "Windows" : "macOS"} trusts only the ${windows ? "Windows certificate store" : "Keychain (modelled from Go's source, not verified)"}: a CA added there is trusted, a CA named by these variables is not.`,
      fix: windows
        ? ["Import-Certificate -FilePath ca.pem -CertStoreLocation Cert:\\CurrentUser\\Root   # PowerShell"]
        : ["security add-trusted-cert -r trustRoot -k ~/Library/Keychains/login.keychain-db ca.pem"],
    },
  ];
}
