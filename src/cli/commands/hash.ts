/** `goproxy-doctor hash`. */
import { displayPath, hashPaths } from "../../features/hash.js";
import { hashDocument, hashFailed, hashText } from "../../render/hash.js";
import { stringify } from "../../render/json.js";

/** Options of the hash command. */
export interface HashCommandOptions {
  json?: boolean;
  module?: string;
}

/** Runs hash; exit 1 when a path cannot be hashed or a zip breaks x/mod/zip's rules. */
export async function runHash(paths: string[], opts: HashCommandOptions): Promise<number> {
  const results = await hashPaths(paths.map(displayPath), {
    ...(opts.module !== undefined && { module: opts.module }),
  });
  process.stdout.write(opts.json ? stringify(hashDocument(results)) : hashText(results));
  return hashFailed(results) ? 1 : 0;
}
