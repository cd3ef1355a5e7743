/**
 * The data of a download prediction: its options, the requests it made, the predicted outcome, or why there is
 * none — in a module of their own, so that the GOPROXY walk (predict.ts), the direct route (predict-direct.ts)
 * and the GET helper (predict-requests.ts) share them without importing each other.
 */
import type { RootsSource } from "../adapters/machine/roots.js";
import type { GetMemo } from "../adapters/net/getmemo.js";
import type { Lookup } from "../adapters/net/probe.js";
import type { Cause } from "../core/causes.js";
import type { EnvValue } from "../core/config/environment.js";
import type { GoVersion } from "../core/config/goversion.js";
import type { GoSumLine } from "../core/gosum.js";
import type { NetrcEntry } from "../core/netrc.js";

type Vars = Readonly<Record<string, EnvValue>>;
type Env = Readonly<Record<string, string | undefined>>;

/** Options of one prediction. */
export interface PredictOptions {
  readonly vars: Vars;
  /** The go version predicted for (default go1.19.8, the first of VERIFIED_GO). */
  readonly goVersion?: GoVersion;
  readonly env: Env;
  /** How long one request may go unanswered before we call it a hang (go would wait forever), ms. */
  readonly timeoutMs: number;
  /** The certificates go trusts (PEM). */
  readonly goRoots: RootsSource;
  /** The go.sum / go.work.sum lines go would consult (empty outside a module). */
  readonly goSum?: readonly GoSumLine[];
  /** The file name go names in a go.sum mismatch ("go.sum" or "go.work.sum"). */
  readonly goSumFile?: string;
  /** In a workspace, the go.sum of each module it uses (adapters/fs/sumfiles.ts), checked after goSum. */
  readonly workspaceGoSums?: readonly { readonly path: string; readonly lines: readonly GoSumLine[] }[];
  readonly signal?: AbortSignal;
  readonly lookup?: Lookup;
  /** Reuse keep-alive connections (adapters/net/http.ts; the caller calls closeKeptAlive()). */
  readonly keepAlive?: boolean;
  /** The .netrc entries go would send (read from opts.env's NETRC / HOME when absent). */
  readonly netrc?: readonly NetrcEntry[];
  /** resolv.conf's name servers, for go's DNS error texts. */
  readonly nameservers?: readonly string[];
  /**
   * The run's memo of GET answers (adapters/net/http.ts createGetMemo), shared with the other steps of the
   * run (check's protocol checks, the other predictions): a GOPROXY-protocol or checksum-database request
   * already made is answered from it. The recorded requests, their durations, go's error texts and the
   * fall-back decisions are what they would be had this prediction made the request itself.
   */
  readonly memo?: GetMemo;
  /** Told the go.mod the walk accepted (its bytes), e.g. to read its go line (modfetch/fetch.go Download). */
  readonly onGoMod?: (goMod: Uint8Array) => void;
}

/** One request the prediction made, as go would have made it. */
export interface PredictedRequest {
  /** `GET <url>`, credentials redacted. */
  readonly line: string;
  readonly status: number | null;
  /** What happened when there was no status (go's words), else null. */
  readonly error: string | null;
  readonly ms: number;
}

/** The predicted outcome (check/v1 `modules[].prediction`). */
export interface Prediction {
  readonly outcome: "ok" | "fail";
  /** The GOPROXY entry that served the zip, as written in GOPROXY, or "direct"; null on failure. */
  readonly servedBy: string | null;
  readonly checksum: "verified" | "skipped" | "failed" | null;
  readonly cause: Cause | null;
  /** The error go prints (its -json `Error`, or the text after `go: `), or null. */
  readonly goError: string | null;
  /** go would wait forever at some request instead of failing. */
  readonly hangs: boolean;
  /** The version the query resolved to. */
  readonly version: string | null;
  /** What the prediction rests on, for a person. */
  readonly basis: string;
  /** The GOPROXY-protocol requests made, in order. */
  readonly requests: readonly PredictedRequest[];
  /** Checksum-database requests made (URLs redacted, with status or error). */
  readonly sumdbRequests: readonly PredictedRequest[];
}

/** Why no prediction was made, and the requests made before that became clear. */
export interface NotPredicted {
  readonly notPredicted: string;
  readonly requests: readonly PredictedRequest[];
}

/** Tells a prediction from a refusal to predict. */
export function isPrediction(p: Prediction | NotPredicted): p is Prediction {
  return !("notPredicted" in p);
}

/**
 * Predicts module@query fetched from the module proxy a `mod` go-import entry names (predict.ts
 * predictViaModOrigin), handed to the direct route by the walk so that the two need not import each other.
 */
export type ModOriginPredictor = (
  module: string,
  query: string,
  opts: PredictOptions,
  proxyURL: string,
  before: readonly PredictedRequest[],
) => Promise<Prediction | NotPredicted>;
