/**
 * GOSUMDB: which checksum database, with which key, reached how.
 * Mirrors cmd/go/internal/modfetch/sumdb.go:dbDial and key.go:knownGOSUMDB (Go 1.19; unchanged through 1.27),
 * with the verifier-key rules of golang.org/x/mod/sumdb/note.NewVerifier.
 */
import { errorText } from "../errors.js";
import { parseURL } from "../gourl.js";
import { parseVerifierKey } from "../sumdb/note.js";

/** The verifier key of sum.golang.org built into the go command. */
export const SUM_GOLANG_ORG_KEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

/** GOSUMDB names with a built-in key (modfetch/key.go:knownGOSUMDB). */
const KNOWN_GOSUMDB: Readonly<Record<string, string>> = { "sum.golang.org": SUM_GOLANG_ORG_KEY };

/** A usable GOSUMDB setting. */
export interface SumdbConfig {
  /** The database name (from its key), e.g. "sum.golang.org". */
  readonly name: string;
  /** The full verifier key `name+hash+keydata`. */
  readonly key: string;
  /** True when the key came from the built-in list rather than GOSUMDB itself. */
  readonly builtinKey: boolean;
  /** The explicit URL from GOSUMDB's second field (never reached through GOPROXY), or null. */
  readonly url: string | null;
  /** `https://<name>`: where go goes when no GOPROXY entry proxies the database. */
  readonly directURL: string;
  /** True for the sum.golang.google.cn alias (rewritten to sum.golang.org with an explicit URL). */
  readonly alias: boolean;
}

/** GOSUMDB parsed: off, a configuration, or go's error text. */
export type SumdbSetting =
  | { readonly off: true }
  | { readonly off: false; readonly config: SumdbConfig }
  | { readonly off: false; readonly error: string };

/** unicode.IsSpace (JS's \s also matches U+FEFF, which Go does not count as space). */
const GO_SPACE = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACES = new RegExp(`[${GO_SPACE}]+`, "u");

/**
 * Checks a verifier key `name+hash+base64(0x01 ‖ 32-byte Ed25519 key)` as note.NewVerifier does
 * (sumdb/note.ts:parseVerifierKey) and returns its name, hash and public key.
 *
 * @throws GoError `malformed verifier id`, `invalid verifier hash` or `unknown verifier algorithm`.
 */
export function checkVerifierKey(vkey: string): { name: string; hash: number; publicKey: Uint8Array } {
  const { name, hash, publicKey } = parseVerifierKey(vkey);
  return { name, hash, publicKey };
}

function checkName(name: string): string {
  let ok = !name.endsWith("/");
  try {
    const u = parseURL(`https://${name}`);
    ok &&= u.host !== "" && u.rawPath === "" && u.user === null && u.rawQuery === "" && !u.forceQuery;
    ok &&= u.fragment === "" && u.opaque === "";
    return ok ? `https://${name}` : "";
  } catch {
    return "";
  }
}

/**
 * Parses GOSUMDB as dbDial does. Errors carry go's text (`missing GOSUMDB`, `invalid GOSUMDB: too many fields`,
 * `invalid GOSUMDB: malformed verifier id`, `invalid sumdb name (must be host[/path]): …`,
 * `invalid GOSUMDB URL: …`); in go they surface at the first checksum lookup. Never throws.
 */
export function parseGOSUMDB(gosumdb: string): SumdbSetting {
  if (gosumdb === "off") return { off: true };
  const alias = gosumdb === "sum.golang.google.cn";
  const value = alias ? "sum.golang.org https://sum.golang.google.cn" : gosumdb;
  const fields = value.split(SPACES).filter((f) => f !== "");
  if (fields.length === 0) return { off: false, error: "missing GOSUMDB" };
  if (fields.length > 2) return { off: false, error: "invalid GOSUMDB: too many fields" };
  const builtin = KNOWN_GOSUMDB[fields[0]!];
  const key = builtin ?? fields[0]!;
  let name: string;
  try {
    // The built-in key is valid by construction (a unit test checks it), so it skips the SHA-256.
    name = key === SUM_GOLANG_ORG_KEY ? "sum.golang.org" : checkVerifierKey(key).name;
  } catch (e) {
    return { off: false, error: `invalid GOSUMDB: ${errorText(e)}` };
  }
  const directURL = checkName(name);
  if (directURL === "") return { off: false, error: `invalid sumdb name (must be host[/path]): ${name}` };
  let url: string | null = null;
  if (fields.length === 2) {
    try {
      parseURL(fields[1]!);
      url = fields[1]!;
    } catch (e) {
      return { off: false, error: `invalid GOSUMDB URL: ${errorText(e)}` };
    }
  }
  return { off: false, config: { name, key, builtinKey: builtin !== undefined, url, directURL, alias } };
}
