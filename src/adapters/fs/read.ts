/** Small file reads used by configuration features. */
import { readFileSync } from "node:fs";

/** Reads a UTF-8 text file; null when it is missing or unreadable (go treats both as "no file"). */
export function readTextOrNull(path: string | null): string | null {
  if (path === null) return null;
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}
