/**
 * Worker processes for hashing large zips (hash-worker.js). They are started before the zip's directory is
 * read, so that their start-up (~40 ms each) overlaps it, and each takes one share of the entries.
 * A share must be answered within a time bound: a worker stuck on its reads (a zip on a hung network file
 * system) is killed and the hash fails with {@link HashWorkerTimeout} instead of waiting forever.
 */
import { type ChildProcess, fork, type Serializable } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { EntryMeta, EntryResult } from "./entry.js";

/** A worker's answer: per-entry results and its peak resident memory (KiB). */
export interface WorkerAnswer {
  readonly results: EntryResult[];
  readonly maxRssKiB: number;
}

/**
 * Default time bound of a pool's run, ms: five minutes. A worker's share is at most the 500 MiB a module
 * zip may hold (modfetch/codehost.MaxZipFile), so this still lets it finish reading at under 2 MB/s.
 */
export const DEFAULT_WORKER_TIMEOUT_MS = 300_000;

/** A pool's run that outlived its time bound; its workers were killed (SIGKILL). */
export class HashWorkerTimeout extends Error {
  /** @param timeoutMs the bound that was exceeded, ms */
  constructor(readonly timeoutMs: number) {
    super(
      `hashing did not finish within ${timeoutMs} ms (is the file on a hung file system?): ` +
        "the hash worker process was killed",
    );
    this.name = "HashWorkerTimeout";
  }
}

/** Started workers: hand each a share once, or stop them unused. */
export interface WorkerPool {
  readonly size: number;
  /** The workers' process ids (undefined for one that could not be started). */
  readonly pids: readonly (number | undefined)[];
  /**
   * Sends share i to worker i; rejects when a worker fails or ends without answering, or with
   * {@link HashWorkerTimeout} when the answers have not all come within the pool's time bound (the
   * workers still running are then killed).
   */
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

/**
 * Kills a worker that is past its time bound. SIGKILL, and the parent lets go of it (IPC channel closed,
 * handle unreferenced): a process blocked in an uninterruptible read dies only when the read returns, and
 * must not keep this process alive until then.
 */
function killOverdue(c: ChildProcess): void {
  if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  if (c.connected) c.disconnect();
  c.unref();
}

/**
 * Starts n worker processes. Each run must be answered within timeoutMs (ms, default
 * {@link DEFAULT_WORKER_TIMEOUT_MS}), counted from the moment the shares are sent.
 */
export function startWorkers(n: number, timeoutMs: number = DEFAULT_WORKER_TIMEOUT_MS): WorkerPool {
  const children = Array.from({ length: n }, spawnWorker);
  const stop = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill();
  };
  return {
    size: n,
    pids: children.map((c) => c.pid),
    run: async (path, zipSize, shares) => {
      let timer: NodeJS.Timeout | undefined;
      const overdue = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          for (const c of children) killOverdue(c);
          reject(new HashWorkerTimeout(timeoutMs));
        }, timeoutMs);
      });
      try {
        // race subscribes to both: the answers' later rejection (killed workers) is handled, not loose.
        return await Promise.race([
          Promise.all(
            shares.map((entries, i) =>
              ask(children[i]!, { path, size: zipSize, entries } as unknown as Serializable),
            ),
          ),
          overdue,
        ]);
      } finally {
        clearTimeout(timer);
        stop();
      }
    },
    stop,
  };
}
