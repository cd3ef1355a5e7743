/**
 * node:crypto for the core, loaded on first use and then kept: `env` and `explain` must not pay for
 * loading it at start-up, while verify hashes about a million tile nodes and must not pay a require() each.
 * Hashing is computation, not I/O, so the core may use it.
 */
import { createRequire } from "node:module";

const load = createRequire(import.meta.url);
let loaded: typeof import("node:crypto") | undefined;

/** The node:crypto module. */
export function nodeCrypto(): typeof import("node:crypto") {
  loaded ??= load("node:crypto") as typeof import("node:crypto");
  return loaded;
}
