/** Test keys for checksum databases. */
import { createHash, generateKeyPairSync } from "node:crypto";

/** Makes a note verifier key `name+hash+base64(alg ‖ key)` for a fresh Ed25519 key (alg 1 unless given). */
export function makeVerifierKey(name: string, alg = 1): string {
  const { publicKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  const keydata = Buffer.concat([Buffer.from([alg]), raw]);
  const hash = createHash("sha256")
    .update(name)
    .update("\n")
    .update(keydata)
    .digest()
    .subarray(0, 4)
    .toString("hex");
  return `${name}+${hash}+${keydata.toString("base64")}`;
}
