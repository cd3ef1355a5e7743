/**
 * A child process that hashes a share of a zip's entries with synchronous reads and inflation, so that
 * a large module zip uses every core. It receives one IPC message { path, size (logical zip size, bytes),
 * entries: EntryMeta[] } and answers { results: EntryResult[] in the order given, maxRssKiB }, then exits.
 *
 * A process, not a worker thread: Node 20's worker threads can deadlock at exit when V8's concurrent
 * optimiser is mid-allocation (a worker waiting in NodePlatform::DrainTasks while its background compile
 * job waits for a GC), which hung about one run in four of a 2,000-entry zip.
 */
import { closeSync, openSync } from "node:fs";
import { type EntryMeta, type EntryResult, hashEntrySync } from "./entry.js";

/** The job a parent sends. */
interface Job {
  readonly path: string;
  readonly size: number;
  readonly entries: readonly EntryMeta[];
}

function run(job: Job): EntryResult[] {
  const fd = openSync(job.path, "r");
  try {
    return job.entries.map((m) => hashEntrySync(fd, job.size, m));
  } finally {
    closeSync(fd);
  }
}

process.once("message", (job: Job) => {
  let answer: { results: EntryResult[]; maxRssKiB: number } | { fatal: string };
  try {
    const results = run(job);
    answer = { results, maxRssKiB: process.resourceUsage().maxRSS };
  } catch (e) {
    answer = { fatal: (e as Error).message };
  }
  process.send?.(answer, () => process.disconnect());
});
