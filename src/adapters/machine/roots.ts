import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import * as tls from "node:tls";

type Env = Readonly<Record<string, string | undefined>>;

import { CERT_DIRECTORIES, CERT_FILES } from "../../core/tlsroots.js";

export { CERT_DIRECTORIES, CERT_FILES };

/** The roots go would load, and where they came from. */
export interface GoRoots {
  /**
   * Every file actually read, in reading order: the CA bundle (the first readable candidate, or
   * SSL_CERT_FILE), then each file read from the directories.
   */
  readonly files: readonly string[];
  /** The directories that could be listed, in order (SSL_CERT_DIR's entries or the defaults). */
  readonly dirs: readonly string[];
  /** Each distinct certificate as a canonical PEM block (duplicates dropped, as CertPool does). */
  readonly pems: readonly string[];
  /**
   * Where the roots come from, for humans: `SSL_CERT_FILE=/x`, else the bundle read
   * (`/etc/ssl/certs/ca-certificates.crt`) or `no CA bundle found`; then `; SSL_CERT_DIR=/a:/b` when set.
   */
  readonly source: string;
}

/**
 * encoding/pem.Decode's blocks of type CERTIFICATE without headers whose DER parses as a certificate
 * (AppendCertsFromPEM skips everything else silently). Returns the base64 of each, whitespace removed.
 */
function certificatesOf(text: string): string[] {
  const out: string[] = [];
  const block = /-----BEGIN ([^\r\n]*?)-----[ \t]*\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = block.exec(text); m !== null; m = block.exec(text)) {
    if (m[1] !== "CERTIFICATE") continue;
    const body = m[2] ?? "";
    // A "Key: value" line before the base64 is a PEM header; go skips such blocks.
    if (/^[^\r\n]*:/.test(body)) continue;
    const b64 = body.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) continue;
    out.push(b64);
  }
  return out;
}

/** readUniqueDirectoryEntries: the names in dir, sorted, without symlinks to a name in the same directory. */
function uniqueEntries(dir: string): string[] {
  const names = readdirSync(dir, { withFileTypes: true })
    .map((e) => ({ name: e.name, link: e.isSymbolicLink() }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return names
    .filter((e) => {
      if (!e.link) return true;
      try {
        return readlinkSync(join(dir, e.name)).includes("/");
      } catch {
        return true;
      }
    })
    .map((e) => e.name);
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "latin1");
  } catch {
    return null;
  }
}

/**
 * The roots the go command trusts (Windows and macOS: the system store, see systemStoreRoots). On Linux: SSL_CERT_FILE (else the first readable file of
 * {@link CERT_FILES}) plus every file in SSL_CERT_DIR's colon-separated directories (else
 * {@link CERT_DIRECTORIES}); missing or unreadable files and directories are skipped. Mirrors
 * crypto/x509.loadSystemRoots (root_unix.go). Never throws.
 */
export function goRoots(env: Env): GoRoots {
  if (process.platform === "win32" || process.platform === "darwin")
    return systemStoreRoots(process.platform);
  const key = `${env.SSL_CERT_FILE ?? ""}\0${env.SSL_CERT_DIR ?? ""}`;
  let roots = loaded.get(key);
  if (roots === undefined) {
    roots = loadRoots(env);
    loaded.set(key, roots);
  }
  return roots;
}

/**
 * go's roots, or how to get them: loading reads a few hundred files, which a run that never completes a
 * TLS handshake should not pay for.
 */
export type RootsSource = readonly string[] | (() => readonly string[]);

/** The PEM roots of a source, loading them if needed. */
export function rootsOf(r: RootsSource): readonly string[] {
  return typeof r === "function" ? r() : r;
}

/**
 * go's roots on Windows and macOS: the system's store, never a file. crypto/x509 root_windows.go hands the chain to
 * CertGetCertificateChain and root_darwin.go to Security.framework; root_unix.go, the only reader of SSL_CERT_FILE
 * and SSL_CERT_DIR, is built for neither (checked in go1.19's and go1.26's sources). Node ≥ 22.15 reads the same
 * store (tls.getCACertificates("system")); older Node cannot, and its bundled roots stand in, said so in source.
 * The Windows side is verified with go.exe under Wine; macOS is modelled, not verified.
 */
function systemStoreRoots(platform: "win32" | "darwin"): GoRoots {
  const where =
    platform === "win32"
      ? "the Windows certificate store (SSL_CERT_FILE and SSL_CERT_DIR are not read there)"
      : "the macOS Keychain (SSL_CERT_FILE and SSL_CERT_DIR are not read there; modelled, not verified)";
  const read = (tls as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  if (read === undefined)
    return {
      files: [],
      dirs: [],
      pems: [...tls.rootCertificates],
      source: `${where}, which this Node.js cannot read (Node ≥ 22.15 can): its bundled roots stand in`,
    };
  return { files: [], dirs: [], pems: read("system"), source: where };
}

/** Roots already loaded in this process, by SSL_CERT_FILE and SSL_CERT_DIR: go too loads them once. */
const loaded = new Map<string, GoRoots>();

/**
 * A certificate's canonical PEM. The DER is parsed lazily by whoever verifies with it (certverify's
 * parsedStore skips what does not parse, as AppendCertsFromPEM does): parsing 140 roots up front cost
 * more than a whole loopback check.
 */
function pemOf(b64: string): string {
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

function loadRoots(env: Env): GoRoots {
  const files: string[] = [];
  const dirs: string[] = [];
  const pems: string[] = [];
  const seen = new Set<string>();
  const add = (text: string) => {
    // The same certificate is read twice on most systems (the bundle, then the directory): the base64
    // text identifies it without decoding or hashing it.
    for (const b64 of certificatesOf(text)) {
      // Every certificate is a DER SEQUENCE: anything else is skipped, as ParseCertificate would refuse it.
      if (seen.has(b64) || Buffer.from(b64.slice(0, 4), "base64")[0] !== 0x30) continue;
      seen.add(b64);
      pems.push(pemOf(b64));
    }
  };

  const certFile = env.SSL_CERT_FILE ?? "";
  const candidates = certFile !== "" ? [certFile] : CERT_FILES;
  let bundle: string | null = null;
  for (const file of candidates) {
    const text = readText(file);
    if (text === null) continue;
    files.push(file);
    bundle = file;
    add(text);
    break;
  }

  const certDir = env.SSL_CERT_DIR ?? "";
  const directories = certDir !== "" ? certDir.split(":") : CERT_DIRECTORIES;
  for (const dir of directories) {
    let names: string[];
    try {
      names = uniqueEntries(dir);
    } catch {
      continue;
    }
    dirs.push(dir);
    for (const name of names) {
      // go joins with "/" (directory + "/" + name), so an empty entry means the root directory.
      const path = `${dir}/${name}`;
      const text = readText(path);
      if (text === null) continue;
      files.push(path);
      add(text);
    }
  }

  let source = certFile !== "" ? `SSL_CERT_FILE=${certFile}` : (bundle ?? "no CA bundle found");
  if (certDir !== "") source += `; SSL_CERT_DIR=${certDir}`;
  return { files, dirs, pems, source };
}
