/**
 * GOSUMDB: which checksum database, with which key, reached how.
 * Mirrors cmd/go/internal/modfetch/sumdb.go:dbDial and key.go:knownGOSUMDB (Go 1.19; unchanged through 1.27),
 * with the verifier-key rules of golang.org/x/mod/sumdb/note.NewVerifier.
 */
import { createRequire } from "node:module";
import { errorText, GoError } from "../errors.js";
import { parseURL } from "../gourl.js";

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
const HAS_SPACE = new RegExp(`[${GO_SPACE}]`, "u");
const SPACES = new RegExp(`[${GO_SPACE}]+`, "u");

function base64Decode(s: string): Uint8Array | null {
  // Go's StdEncoding is strict: padding required, no other characters.
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
  const bytes = Buffer.from(s, "base64");
  return Buffer.from(bytes).toString("base64") === s ? new Uint8Array(bytes) : null;
}

function chop(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + sep.length)];
}

/** note.isValidName: non-empty, no Unicode space, no `+`. */
export function isValidKeyName(name: string): boolean {
  return name !== "" && !HAS_SPACE.test(name) && !name.includes("+");
}

/**
 * Checks a verifier key `name+hash+base64(0x01 ‖ 32-byte Ed25519 key)` as note.NewVerifier does and returns
 * its name.
 *
 * @throws GoError `malformed verifier id`, `invalid verifier hash` or `unknown verifier algorithm`.
 */
export function checkVerifierKey(vkey: string): { name: string; hash: number; publicKey: Uint8Array } {
  const [name, rest] = chop(vkey, "+");
  const [hash16, key64] = chop(rest, "+");
  const key = base64Decode(key64);
  if (
    hash16.length !== 8 ||
    !/^[0-9a-fA-F]{8}$/.test(hash16) ||
    key === null ||
    !isValidKeyName(name) ||
    key.length === 0
  ) {
    throw new GoError("malformed verifier id");
  }
  const hash = Number.parseInt(hash16, 16);
  if (hash !== keyHash(name, key)) throw new GoError("invalid verifier hash");
  if (key[0] !== 1) throw new GoError("unknown verifier algorithm");
  if (key.length !== 33) throw new GoError("malformed verifier id");
  return { name, hash, publicKey: key.slice(1) };
}

// node:crypto costs milliseconds to load; `explain` and `env` only need it for a custom GOSUMDB key.
const load = createRequire(import.meta.url);

/** note.keyHash: the first 4 bytes (big-endian) of SHA-256(name + "\n" + key). */
function keyHash(name: string, key: Uint8Array): number {
  const { createHash } = load("node:crypto") as typeof import("node:crypto");
  const sum = createHash("sha256").update(name).update("\n").update(key).digest();
  return sum.readUInt32BE(0);
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
