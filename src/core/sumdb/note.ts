/**
 * Signed notes: verifier keys, signing, and opening a note with the exact acceptance rules and error
 * texts of golang.org/x/mod/sumdb/note (note.go: NewVerifier, NewSigner, GenerateKey, Sign, Open).
 * Ed25519 via node:crypto, loaded on first use (start-up of the configuration commands must not pay for it).
 */
import { nodeCrypto as crypto } from "../crypto.js";
import { GoError } from "../errors.js";

/** A parsed verifier key `name+hash+base64(0x01 ‖ 32-byte Ed25519 public key)`. */
export interface VerifierKey {
  readonly name: string;
  /** The key hash, as an unsigned 32-bit number. */
  readonly hash: number;
  /** The raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  /** The key as written. */
  readonly text: string;
}

/** The verifier key of sum.golang.org built into the go command (modfetch/key.go). */
export const SUM_GOLANG_ORG_KEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

/** note.isValidName: non-empty, no Unicode space, no `+`. */
export function isValidKeyName(name: string): boolean {
  return (
    name !== "" &&
    !GO_SPACE.test(name) &&
    !name.includes("+") &&
    !/[\ud800-\udfff]/.test(name.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""))
  );
}

/** Go's base64.StdEncoding.DecodeString (strict padding); null when invalid. Go skips \r and \n. */
export function decodeStdBase64(s: string): Uint8Array | null {
  const t = s.replace(/[\r\n]/g, "");
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) return null;
  const bytes = Buffer.from(t, "base64");
  return Buffer.from(bytes).toString("base64") === t ? new Uint8Array(bytes) : null;
}

function chop(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + sep.length)];
}

/** note.keyHash: the first 4 bytes, big-endian, of SHA-256(name + "\n" + key). */
export function keyHash(name: string, key: Uint8Array): number {
  const sum = crypto().createHash("sha256").update(name).update("\n").update(key).digest();
  return sum.readUInt32BE(0);
}

/**
 * Parses and checks a verifier key as note.NewVerifier does.
 * @throws GoError `malformed verifier id`, `invalid verifier hash` or `unknown verifier algorithm`.
 */
export function parseVerifierKey(vkey: string): VerifierKey {
  const [name, rest] = chop(vkey, "+");
  const [hash16, key64] = chop(rest, "+");
  const key = decodeStdBase64(key64);
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
  return { name, hash, publicKey: key.slice(1), text: vkey };
}

const SPKI_ED25519 = Buffer.from("302a300506032b6570032100", "hex");
const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");

function ed25519Verify(publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  const c = crypto();
  const key = c.createPublicKey({
    key: Buffer.concat([SPKI_ED25519, publicKey]),
    format: "der",
    type: "spki",
  });
  try {
    return c.verify(null, msg, key, sig);
  } catch {
    return false;
  }
}

/** A signer key `PRIVATE+KEY+name+hash+base64(0x01 ‖ 32-byte seed)` (servers and tests only). */
export interface SignerKey {
  readonly name: string;
  readonly hash: number;
  readonly seed: Uint8Array;
}

/**
 * Parses a signer key as note.NewSigner does.
 * @throws GoError `invalid signer`, `malformed verifier id`, `invalid verifier hash`, `unknown verifier algorithm`.
 */
export function parseSignerKey(skey: string): SignerKey {
  const [priv, r1] = chop(skey, "+");
  const [keyWord, r2] = chop(r1, "+");
  const [name, r3] = chop(r2, "+");
  const [hash16, key64] = chop(r3, "+");
  const key = decodeStdBase64(key64);
  if (
    priv !== "PRIVATE" ||
    keyWord !== "KEY" ||
    hash16.length !== 8 ||
    !/^[0-9a-fA-F]{8}$/.test(hash16) ||
    key === null ||
    !isValidKeyName(name) ||
    key.length === 0
  ) {
    throw new GoError("malformed verifier id");
  }
  const seed = key.slice(1);
  if (key[0] !== 1) throw new GoError("unknown verifier algorithm");
  if (seed.length !== 32) throw new GoError("malformed verifier id");
  const pub = publicFromSeed(seed);
  const hash = Number.parseInt(hash16, 16);
  if (hash !== keyHash(name, Buffer.concat([Buffer.from([1]), pub])))
    throw new GoError("invalid verifier hash");
  return { name, hash, seed };
}

function privateKeyObject(seed: Uint8Array) {
  return crypto().createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: "der",
    type: "pkcs8",
  });
}

function publicFromSeed(seed: Uint8Array): Uint8Array {
  const spki = crypto().createPublicKey(privateKeyObject(seed)).export({ format: "der", type: "spki" });
  return new Uint8Array(spki.subarray(spki.length - 32));
}

/** Generates a fresh key pair for name (note.GenerateKey): {signer, verifier} key texts. */
export function generateKey(name: string): { signer: string; verifier: string } {
  if (!isValidKeyName(name)) throw new GoError("invalid signer");
  const seed = crypto().randomBytes(32);
  const keydata = Buffer.concat([Buffer.from([1]), publicFromSeed(seed)]);
  const hash = keyHash(name, keydata).toString(16).padStart(8, "0");
  return {
    signer: `PRIVATE+KEY+${name}+${hash}+${Buffer.concat([Buffer.from([1]), seed]).toString("base64")}`,
    verifier: `${name}+${hash}+${keydata.toString("base64")}`,
  };
}

/** One signature line of a note. */
export interface Signature {
  readonly name: string;
  readonly hash: number;
  readonly base64: string;
}

/** An opened note: its text, the signatures that verified, and those by unknown keys. */
export interface Note {
  readonly text: string;
  readonly sigs: readonly Signature[];
  readonly unverifiedSigs: readonly Signature[];
}

/**
 * Signs text (which must end in "\n" and hold no control characters but "\n") with each signer
 * (note.Sign). @throws GoError `malformed note`.
 */
export function signNote(text: string, signers: readonly string[]): string {
  if (!text.endsWith("\n") || /[\x00-\x09\x0b-\x1f]/.test(text) || text.includes("\n\n"))
    throw new GoError("malformed note");
  const c = crypto();
  const lines = signers.map((s) => {
    const k = parseSignerKey(s);
    const sig = c.sign(null, Buffer.from(text, "utf8"), privateKeyObject(k.seed));
    const hashBytes = Buffer.alloc(4);
    hashBytes.writeUInt32BE(k.hash >>> 0);
    return `— ${k.name} ${Buffer.concat([hashBytes, sig]).toString("base64")}\n`;
  });
  return `${text}\n${lines.join("")}`;
}

function isValidUTF8NoControls(msg: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(msg);
  } catch {
    return false;
  }
  return !/[\x00-\x09\x0b-\x1f]/.test(text);
}

function lastIndexOfSplit(msg: Uint8Array): number {
  for (let i = msg.length - 2; i >= 0; i--) if (msg[i] === 0x0a && msg[i + 1] === 0x0a) return i;
  return -1;
}

/**
 * Opens a signed note (note.Open): verifies that at least one signature by a known key is valid.
 * Signatures by unknown keys are kept as unverified; duplicates are ignored; at most 100 signatures.
 *
 * @param msg the note bytes (or text)
 * @param known verifier keys (parsed)
 * @throws GoError `malformed note`, `verifier name or hash doesn't match signature`,
 *   `invalid signature for key <name>+<hash>`, `note has no verifiable signatures`.
 */
export function openNote(msg: Uint8Array | string, known: readonly VerifierKey[]): Note {
  const bytes = typeof msg === "string" ? new TextEncoder().encode(msg) : msg;
  if (!isValidUTF8NoControls(bytes)) throw new GoError("malformed note");
  const split = lastIndexOfSplit(bytes);
  if (split < 0) throw new GoError("malformed note");
  const textBytes = bytes.subarray(0, split + 1);
  const sigText = new TextDecoder().decode(bytes.subarray(split + 2));
  if (sigText === "" || !sigText.endsWith("\n")) throw new GoError("malformed note");
  const text = new TextDecoder().decode(textBytes);
  const sigs: Signature[] = [];
  const unverified: Signature[] = [];
  const seen = new Set<string>();
  const seenUnverified = new Set<string>();
  let count = 0;
  for (const rawLine of sigText.slice(0, -1).split("\n")) {
    if (!rawLine.startsWith("— ")) throw new GoError("malformed note");
    const line = rawLine.slice(2);
    const [name, b64] = chop(line, " ");
    const sig = decodeStdBase64(b64);
    if (sig === null || !isValidKeyName(name) || b64 === "" || sig.length < 5)
      throw new GoError("malformed note");
    const hash = Buffer.from(sig.subarray(0, 4)).readUInt32BE(0);
    if (++count > 100) throw new GoError("malformed note");
    const matches = known.filter((k) => k.name === name && k.hash === hash);
    if (matches.length === 0) {
      if (!seenUnverified.has(line)) {
        seenUnverified.add(line);
        unverified.push({ name, hash, base64: b64 });
      }
      continue;
    }
    if (matches.length > 1) throw new GoError(`ambiguous key ${name}+${hash.toString(16).padStart(8, "0")}`);
    const id = `${name}+${hash}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (!ed25519Verify(matches[0]!.publicKey, textBytes, sig.subarray(4))) {
      throw new GoError(`invalid signature for key ${name}+${hash.toString(16).padStart(8, "0")}`);
    }
    sigs.push({ name, hash, base64: b64 });
  }
  if (sigs.length === 0) throw new GoError("note has no verifiable signatures");
  return { text, sigs, unverifiedSigs: unverified };
}
