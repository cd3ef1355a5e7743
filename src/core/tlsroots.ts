/**
 * Where go looks for TLS roots on Linux when SSL_CERT_FILE and SSL_CERT_DIR are not set (crypto/x509
 * root_linux.go: certFiles, certDirectories). Setting SSL_CERT_FILE to one of these changes nothing on
 * that machine, and is wrong anywhere else (another distribution, Windows, macOS): fixes leave it out.
 */

/** crypto/x509 root_linux.go certFiles: the first one that can be read is used. */
export const CERT_FILES: readonly string[] = [
  "/etc/ssl/certs/ca-certificates.crt", // Debian/Ubuntu/Gentoo etc.
  "/etc/pki/tls/certs/ca-bundle.crt", // Fedora/RHEL 6
  "/etc/ssl/ca-bundle.pem", // OpenSUSE
  "/etc/pki/tls/cacert.pem", // OpenELEC
  "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // CentOS/RHEL 7
  "/etc/ssl/cert.pem", // Alpine Linux
];

/** crypto/x509 root_linux.go certDirectories: every one is read. */
export const CERT_DIRECTORIES: readonly string[] = [
  "/etc/ssl/certs", // SLES10/SLES11
  "/etc/pki/tls/certs", // Fedora/RHEL
  "/system/etc/security/cacerts", // Android
];

/** Whether an SSL_CERT_FILE value names a distribution's default CA bundle (nothing the user added). */
export function isDistroCertFile(path: string): boolean {
  return CERT_FILES.includes(path.trim());
}

/** Whether every entry of an SSL_CERT_DIR value (colon-separated) is a distribution default directory. */
export function isDistroCertDir(value: string): boolean {
  const dirs = value.split(":").filter((d) => d !== "");
  return dirs.length > 0 && dirs.every((d) => CERT_DIRECTORIES.includes(d.replace(/\/+$/, "")));
}
