/**
 * One measured run for bench/h1.ts: hashes a zip once and prints `{"h1", "ms", "maxRssKiB", "workers"}` as JSON
 * (maxRssKiB: peak resident memory of this process plus that of each worker process).
 * Time is measured inside the process, as the Go reference measures dirhash.HashZip, so that both
 * exclude process start-up. Run: `node dist/bench/h1-child.js ZIP`.
 */
import { hashZipFile } from "../src/adapters/zip/hash.js";

const file = process.argv[2];
if (file === undefined) throw new Error("usage: h1-child ZIP");
const t0 = process.hrtime.bigint();
const { h1, workerRssKiB } = await hashZipFile(file);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
// Memory of the whole run: this process's peak plus each worker process's peak.
const maxRssKiB = process.resourceUsage().maxRSS + workerRssKiB.reduce((a, b) => a + b, 0);
process.stdout.write(`${JSON.stringify({ h1, ms, maxRssKiB, workers: workerRssKiB.length })}\n`);
