/**
 * Worker processes for hashing large zips (hash-worker.js). They are started before the zip's directory is
 * read, so that their start-up (~40 ms each) overlaps it, and each takes one share of the entries.
 */
import { type ChildProcess, fork, type Serializable } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { EntryMeta, EntryResult } from "./entry.js";

/** A worker's answer: per-entry results and its peak resident memory (KiB). */
export interface WorkerAnswer {
  readonly results: EntryResult[];
  readonly maxRssKiB: number;
}

/** Started workers: hand each a share once, or stop them unused. */
export interface WorkerPool {
  readonly size: number;
  /** Sends share i to worker i; rejects when a worker fails or ends without answering. */
  run(path: string, zipSize: number, shares: readonly EntryMeta[][]): Promise<WorkerAnswer[]>;
  /** Kills workers that have not answered (idempotent). */
  stop(): void;
}

function spawnWorker(): ChildProcess {
  // execArgv []: the parent's flags (e.g. --test) are not for the worker.
  return fork(fileURLToPath(new URL("./hash-worker.js", import.meta.url)), [], {
    execArgv: [],
    serialization: "advanced",
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
}

function ask(child: ChildProcess, job: Serializable): Promise<WorkerAnswer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    child.once("message", (r: WorkerAnswer | { fatal: string }) => {
      answered = true;
      if ("fatal" in r) reject(new Error(r.fatal));
      else resolve(r);
    });
    child.once("error", reject);
    // A worker that ends without answering (its script missing, killed) must fail the hash, not hang it.
    child.once("exit", (code, signal) => {
      if (!answered) reject(new Error(`hash worker exited (${signal ?? code}) before answering`));
    });
    child.send(job);
  });
}

/** Starts n worker processes. */
export function startWorkers(n: number): WorkerPool {
  const children = Array.from({ length: n }, spawnWorker);
  const stop = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill();
  };
  return {
    size: n,
    run: async (path, zipSize, shares) => {
      try {
        return await Promise.all(
          shares.map((entries, i) =>
            ask(children[i]!, { path, size: zipSize, entries } as unknown as Serializable),
          ),
        );
      } finally {
        stop();
      }
    },
    stop,
  };
}
