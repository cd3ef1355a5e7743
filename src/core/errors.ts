/**
 * Errors whose message is the exact text the go command prints for the same input.
 *
 * Core parsers throw GoError so that every command can show the go command's own words
 * (and tests can compare them with the real go) without a stack trace.
 */
export class GoError extends Error {
  /** @param message the go command's text, e.g. `invalid proxy URL missing scheme: auto` */
  constructor(message: string) {
    super(message);
    this.name = "GoError";
  }
}

/** Reports whether e is a GoError. */
export function isGoError(e: unknown): e is GoError {
  return e instanceof GoError;
}

/** The message of any thrown value (a GoError's message is the go command's text). */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
