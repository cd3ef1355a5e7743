// The hash worker processes' time bound: a worker stuck on its file (a FIFO nobody writes: open() blocks,
// as a read on a hung network file system would) is killed when the bound passes and the run fails with
// HashWorkerTimeout, in bounded time; hashZipFile reports that for its zip while other zips hash normally;
// and within the bound the workers' answers are what they were (the same h1 as hashing in this process).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { HashWorkerTimeout, hashZipFile } from "../../../src/adapters/zip/hash.js";
import { DEFAULT_WORKER_TIMEOUT_MS, startWorkers } from "../../../src/adapters/zip/workers.js";
import { hash1 } from "../../../src/core/dirhash.js";
import { storedZip } from "../../support/monitor-mirror.js";

const dir = mkdtempSync(join(tmpdir(), "gpd-zipworkers-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Whether process pid still exists (a zombie counts: Node reaps its children promptly). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (at most 5 s, polling every 20 ms) until pid is gone; reports whether it went. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 250; i++) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/** A zip of n stored entries of size bytes each (distinct contents), and its h1 computed from the entries. */
function bigZip(name: string, n: number, size: number): { file: string; h1: string } {
  const entries = Array.from({ length: n }, (_, i) => ({
    name: `example.com/m@v1.0.0/f${i}.txt`,
    data: Buffer.alloc(size, `${name} entry ${i};`),
  }));
  const file = join(dir, name);
  writeFileSync(file, storedZip(entries));
  const h1 = hash1(
    entries.map((e) => ({ name: e.name, sha256: createHash("sha256").update(e.data).digest("hex") })),
  );
  return { file, h1 };
}

test("the default bound is documented as five minutes", () => {
  assert.equal(DEFAULT_WORKER_TIMEOUT_MS, 300_000);
});

test("a worker stuck opening its file is killed at the bound; the run fails with HashWorkerTimeout", {
  timeout: 30_000,
}, async () => {
  const fifo = join(dir, "stuck.fifo");
  execFileSync("mkfifo", [fifo]);
  const meta = {
    index: 0,
    name: "x",
    localHeaderOffset: 0,
    compressedSize: 1,
    uncompressedSize: 1,
    method: 0,
    crc32: 0,
  };
  const pool = startWorkers(2, 300);
  assert.equal(pool.pids.length, 2);
  const t0 = performance.now();
  let caught: unknown = null;
  try {
    await pool.run(fifo, 100, [[meta], [meta]]);
  } catch (e) {
    caught = e;
  }
  const ms = performance.now() - t0;
  assert.ok(caught instanceof HashWorkerTimeout, String(caught));
  assert.equal(caught.timeoutMs, 300);
  assert.match(
    caught.message,
    /^hashing did not finish within 300 ms .*: the hash worker process was killed$/,
  );
  assert.ok(ms >= 290 && ms < 5000, `${ms} ms`);
  for (const pid of pool.pids) assert.equal(await gone(pid!), true, `worker ${pid} still alive`);
});

test("hashZipFile: a zip whose workers overrun the bound fails with HashWorkerTimeout; another zip hashes", {
  timeout: 60_000,
}, async () => {
  // 24 entries of 1 MiB: the workers' share takes far longer than 1 ms (a Node process alone takes ~40 ms
  // to start), so the bound is always exceeded.
  const slow = bigZip("slow.zip", 24, 1 << 20);
  const other = bigZip("other.zip", 24, 1 << 20);
  const [a, b] = await Promise.allSettled([
    hashZipFile(slow.file, undefined, { workers: 3, workerThreshold: 1, workerTimeoutMs: 1 }),
    hashZipFile(other.file, undefined, { workers: 3, workerThreshold: 1 }),
  ]);
  assert.equal(a.status, "rejected");
  assert.ok(a.status === "rejected" && a.reason instanceof HashWorkerTimeout, String(a));
  assert.equal(b.status, "fulfilled");
  assert.equal(b.status === "fulfilled" && b.value.h1, other.h1);
  assert.equal(b.status === "fulfilled" && b.value.workerRssKiB.length, 2, "workers were used");
  // The same zip, within a bound it can meet, is hashed as before.
  const again = await hashZipFile(slow.file, undefined, {
    workers: 3,
    workerThreshold: 1,
    workerTimeoutMs: 60_000,
  });
  assert.equal(again.h1, slow.h1);
});

test("within the bound, workers give the same h1 as hashing in this process", {
  timeout: 60_000,
}, async () => {
  const z = bigZip("same.zip", 40, 600_000);
  const withWorkers = await hashZipFile(z.file, undefined, { workers: 4, workerThreshold: 1 });
  const here = await hashZipFile(z.file, undefined, { workers: 1 });
  assert.equal(withWorkers.workerRssKiB.length, 3);
  assert.deepEqual(here.workerRssKiB, []);
  assert.equal(withWorkers.h1, z.h1);
  assert.equal(here.h1, z.h1);
  assert.deepEqual(withWorkers.entries, here.entries);
});
