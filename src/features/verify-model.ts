/**
 * verify's data: one entry per go.sum line, argument, cache file or download, and the report rendered as
 * verify/v1 — its own module, so that verify.ts and the cache and download checks it runs do not import each other.
 */
import type { Cause } from "../core/causes.js";
import type { Finding } from "../core/finding.js";

/** The outcome of one go.sum line, argument, cache file or download (verify/v1 `entries[]`). */
export interface VerifyEntry {
  /** What was checked: a go.sum line, a MODULE@VERSION argument, a module cache file, a proxy download. */
  readonly source: "go.sum" | "argument" | "cache" | "download";
  /** The go.sum file, the cache file or directory, or the URL downloaded (credentials redacted). */
  readonly file: string | null;
  readonly line: number | null;
  readonly module: string;
  readonly version: string;
  readonly kind: "zip" | "go.mod" | "lookup" | "dir";
  readonly hash: string | null;
  readonly status: "verified" | "mismatch" | "skipped" | "not-in-database" | "error";
  /** The database's hash when it differs. */
  readonly expected: string | null;
  readonly skippedBy: { readonly variable: string; readonly pattern: string | null } | null;
  readonly cause: Cause | null;
  readonly message: string;
}

/** The verify report (verify/v1 is rendered from it). */
export interface VerifyReport {
  readonly sumdb: {
    readonly name: string | null;
    readonly url: string | null;
    readonly treeSize: number | null;
    readonly rootHash: string | null;
  };
  readonly entries: readonly VerifyEntry[];
  readonly findings: readonly Finding[];
  /** Requests made (with status) and cache hits, as evidence. */
  readonly requests: readonly { url: string; status: number | null; error: string | null; cached: boolean }[];
}
