/**
 * The bigzip fixture (test/fixtures/go/bigzip): a loopback GOPROXY serving modules big.test/z<N>/<name>@v1.0.0
 * whose zips are about N MiB, stored on disk at first request and served with their Content-Length, optionally
 * at a limited bandwidth. For the trace benchmark.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { buildGoFixture } from "./gobuild.js";

/** A running bigzip server. */
export interface BigZip {
  /** http://127.0.0.1:P, a GOPROXY entry. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts bigzip; rejects after 20 s if it does not come up.
 *
 * @param rateBytesPerSec the bandwidth all response bodies share, bytes per second (0 or absent: unlimited)
 */
export async function startBigZip(rateBytesPerSec = 0): Promise<BigZip> {
  const child = spawn(buildGoFixture("bigzip"), [`-rate=${rateBytesPerSec}`], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const addr = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("bigzip did not start within 20 s")), 20_000);
    lines.once("line", (l) => {
      clearTimeout(timer);
      resolve((JSON.parse(l) as { addr: string }).addr);
    });
    child.once("exit", (c) => reject(new Error(`bigzip exited with ${c}`)));
  });
  return {
    url: `http://${addr}`,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(t);
          resolve();
        });
        child.stdin!.end();
      }),
  };
}
