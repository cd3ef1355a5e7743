/**
 * Terminal styling: colour only on a TTY and never with NO_COLOR (picocolors decides), plain otherwise.
 */
import pc from "picocolors";

export const style = {
  title: (s: string) => pc.bold(s),
  dim: (s: string) => pc.dim(s),
  ok: (s: string) => pc.green(s),
  warn: (s: string) => pc.yellow(s),
  err: (s: string) => pc.red(s),
  key: (s: string) => pc.cyan(s),
};

/** Pads s to width (by code points) for aligned columns. */
export function pad(s: string, width: number): string {
  const len = [...s].length;
  return len >= width ? s : s + " ".repeat(width - len);
}
