/**
 * The `h1:` hash of a module: SHA-256 over a sorted summary of its files' SHA-256 sums.
 * Mirrors golang.org/x/mod/sumdb/dirhash (Hash1, HashZip, HashDir, HashGoMod semantics).
 */
import { nodeCrypto } from "./crypto.js";
import { GoError } from "./errors.js";

/** One file's name (as it appears in the zip, `<module>@<version>/<path>`, or "go.mod") and content SHA-256. */
export interface HashedFile {
  readonly name: string;
  /** Lowercase hex SHA-256 of the content. */
  readonly sha256: string;
}

const enc = new TextEncoder();

/** Compares strings by their UTF-8 bytes, as Go's sort.Strings does. */
export function compareBytes(a: string, b: string): number {
  const x = enc.encode(a);
  const y = enc.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/**
 * h1 of a file list (dirhash.Hash1): names sorted bytewise, one line `<hex sha256>  <name>\n` each,
 * SHA-256 of the lines, standard base64, prefixed `h1:`.
 * @throws GoError `dirhash: filenames with newlines are not supported` for a name containing "\n".
 */
export function hash1(files: readonly HashedFile[]): string {
  const h = nodeCrypto().createHash("sha256");
  for (const f of [...files].sort((a, b) => compareBytes(a.name, b.name))) {
    if (f.name.includes("\n")) throw new GoError("dirhash: filenames with newlines are not supported");
    h.update(`${f.sha256}  ${f.name}\n`);
  }
  return `h1:${h.digest("base64")}`;
}

/** The h1 of a go.mod's bytes, as go.sum's `/go.mod` line records it (the single name "go.mod"). */
export function hashGoMod(content: Uint8Array): string {
  const sum = nodeCrypto().createHash("sha256").update(content).digest("hex");
  return hash1([{ name: "go.mod", sha256: sum }]);
}
