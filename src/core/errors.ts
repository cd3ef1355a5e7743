/**
 * Errors whose message is the exact text the go command prints for the same input.
 *
 * Core parsers throw GoError so that every command can show the go command's own words
 * (and tests can compare them with the real go) without a stack trace.
 */
export class GoError extends Error {
  /** The taxonomy cause this error belongs to, when known (see core/causes.ts). */
  readonly cause?: string;

  /**
   * @param message the go command's text, e.g. `invalid proxy URL missing scheme: auto`
   * @param cause optional taxonomy cause id
   */
  constructor(message: string, cause?: string) {
    super(message);
    this.name = "GoError";
    if (cause !== undefined) this.cause = cause;
  }
}

/** Reports whether e is a GoError. */
export function isGoError(e: unknown): e is GoError {
  return e instanceof GoError;
}
