/**
 * What one GET produced (httpGet in http.ts): its own module, so that http.ts and the run's memo (getmemo.ts),
 * which both speak of it, do not import each other.
 */

/** What a GET produced: the final answer (status, body capped, truncated or not), or the failure; ms is the whole time. */
export type GetResult =
  | {
      readonly ok: true;
      readonly url: string;
      readonly status: number;
      readonly contentType: string;
      readonly body: Uint8Array;
      readonly truncated: boolean;
      readonly ms: number;
    }
  | {
      readonly ok: false;
      readonly url: string;
      readonly error: string;
      readonly code: string | null;
      readonly timedOut: boolean;
      readonly ms: number;
    };
