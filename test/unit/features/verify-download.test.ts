// verify --download's zips against a real GOPROXY server on 127.0.0.1: a 64 MiB zip is streamed to disk
// as it arrives (the server holds back the end until the download's file on disk has most of what was
// sent: a client buffering the body in memory never gets there) and hashed from the file; a body past the
// cap is go's `downloaded zip file too large`, a body cut mid-way `read "<url>": unexpected EOF`, a server
// that stalls mid-body a timeout, a body that is no zip `zip: not a valid zip file` — each an error entry
// whose half-written file is gone while the run still goes on, and nothing is left in the temp directory.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parseProxyList } from "../../../src/core/config/goproxy.js";
import { hash1 } from "../../../src/core/dirhash.js";
import { proxyConfigFromEnv } from "../../../src/core/httpproxy.js";
import type { VerifyEntry } from "../../../src/features/verify.js";
import { type DownloadTarget, verifyDownloads } from "../../../src/features/verify-download.js";
import { withServer } from "../../support/loopback.js";
import { storedZip } from "../../support/monitor-mirror.js";

const MiB = 1 << 20;
const root = mkdtempSync(join(tmpdir(), "gpd-verifydl-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** Every file below dir (recursively), with its size in bytes. */
function filesUnder(dir: string): { path: string; size: number }[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const path = join(d.parentPath ?? d.path, d.name);
      try {
        return { path, size: statSync(path).size };
      } catch {
        return { path, size: 0 }; // removed meanwhile
      }
    });
}

/** Polls cond every 10 ms for at most ms; reports whether it came true. */
async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (let i = 0; i < ms / 10; i++) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return cond();
}

/** A module zip of n stored entries of size bytes, and its h1 computed from the entries themselves. */
function moduleZip(module: string, n: number, size: number): { zip: Buffer; h1: string } {
  const entries = Array.from({ length: n }, (_, i) => ({
    name: `${module}@v1.0.0/f${i}.txt`,
    data: Buffer.alloc(size, `${module} ${i}\n`),
  }));
  const h1 = hash1(
    entries.map((e) => ({ name: e.name, sha256: createHash("sha256").update(e.data).digest("hex") })),
  );
  return { zip: storedZip(entries), h1 };
}

type ZipRoute = (req: IncomingMessage, res: ServerResponse) => void;

/** A GOPROXY serving `<module>/@v/v1.0.0.mod` for any module and the zips of `zips` (404 otherwise). */
async function withProxy(zips: Record<string, ZipRoute>, run: (url: string) => Promise<void>): Promise<void> {
  await withServer((req, res) => {
    const m = /^\/(.+)\/@v\/v1\.0\.0\.(mod|zip)$/.exec(req.url ?? "");
    if (m?.[2] === "mod") return void res.writeHead(200).end(`module ${m[1]}\n`);
    const route = m === null ? undefined : zips[m[1]!];
    if (route === undefined) return void res.writeHead(404).end("not found");
    route(req, res);
  }, run);
}

function target(module: string, zipH1: string | null = null): DownloadTarget {
  return { module, version: "v1.0.0", goSum: { zip: zipH1, mod: null } };
}

const FIELDS = [
  "cause",
  "expected",
  "file",
  "hash",
  "kind",
  "line",
  "message",
  "module",
  "skippedBy",
  "source",
  "status",
  "version",
];

test("a 64 MiB zip is written to disk as it arrives, then hashed from the file", {
  timeout: 120_000,
}, async () => {
  const big = moduleZip("example.com/big", 16, 4 * MiB);
  assert.ok(big.zip.length > 64 * MiB);
  const sent = 40 * MiB;
  let onDisk = -1;
  let dir = "";
  await withProxy(
    {
      "example.com/big": (_req, res) => {
        res.writeHead(200, { "content-type": "application/zip", "content-length": big.zip.length });
        res.write(big.zip.subarray(0, sent));
        // The rest only once the client has put most of what was sent on disk: a body kept in memory
        // until it is complete never reaches the disk first, and the wait ends (after 20 s) without it.
        void until(() => filesUnder(dir).reduce((n, f) => n + f.size, 0) >= 32 * MiB, 20_000).then(() => {
          onDisk = filesUnder(dir).reduce((n, f) => n + f.size, 0);
          res.end(big.zip.subarray(sent));
        });
      },
    },
    async (proxy) => {
      const parent = mkdtempSync(join(root, "big-"));
      dir = parent;
      const { zips } = await downloadIn(parent, proxy, [target("example.com/big", big.h1)], {
        timeoutMs: 60_000,
      });
      const zip = zips.get("example.com/big")!;
      assert.ok(onDisk >= 32 * MiB && onDisk <= sent, `on disk before the end was sent: ${onDisk} bytes`);
      assert.equal(zip.status, "verified", zip.message);
      assert.equal(zip.hash, big.h1);
      assert.equal(zip.message, "matches go.sum");
      assert.equal(zip.file, `${proxy}/example.com/big/@v/v1.0.0.zip`);
    },
  );
});

/**
 * A zip route that answers only after the zip of `watched` has been answered and no downloaded file is
 * left below the run's temp directory (at most 10 s), recording whether that happened; then 404. It sees
 * a failed download's file removed while the run still goes on, not merely with the whole directory.
 */
function watcher(dir: () => string, watchedDone: () => boolean, saw: { clean: boolean | null }): ZipRoute {
  return (_req, res) => {
    void until(() => watchedDone() && filesUnder(dir()).length === 0, 10_000).then((ok) => {
      saw.clean = ok;
      res.writeHead(404).end("not found");
    });
  };
}

/** Runs a failing zip route next to a watcher; returns the failing module's zip entry. */
async function failing(
  route: ZipRoute,
  extra: { timeoutMs?: number; maxZipBytes?: number } = {},
): Promise<{ entry: VerifyEntry; proxy: string; clean: boolean | null }> {
  let done = false;
  const saw = { clean: null as boolean | null };
  let dir = "";
  let result: { entry: VerifyEntry; proxy: string; clean: boolean | null } | null = null;
  await withProxy(
    {
      "example.com/bad": (req, res) => {
        res.on("close", () => {
          done = true;
        });
        route(req, res);
      },
      "example.com/watch": watcher(
        () => dir,
        () => done,
        saw,
      ),
    },
    async (proxy) => {
      // The run's temp directory is only known once made: the watcher reads it from the parent.
      const parent = mkdtempSync(join(root, "fail-"));
      dir = parent;
      const { zips } = await downloadIn(
        parent,
        proxy,
        [target("example.com/bad"), target("example.com/watch")],
        extra,
      );
      assert.equal(zips.get("example.com/watch")?.status, "skipped");
      result = { entry: zips.get("example.com/bad")!, proxy, clean: saw.clean };
    },
  );
  return result!;
}

async function downloadIn(
  parent: string,
  proxy: string,
  targets: DownloadTarget[],
  extra: { timeoutMs?: number; maxZipBytes?: number },
): Promise<{ zips: Map<string, VerifyEntry> }> {
  const entries = await verifyDownloads(targets, {
    entries: parseProxyList(proxy, "").entries,
    proxyConfig: proxyConfigFromEnv({}),
    timeoutMs: extra.timeoutMs ?? 30_000,
    bypassed: () => false,
    db: () => "skipped",
    ...(extra.maxZipBytes !== undefined && { maxZipBytes: extra.maxZipBytes }),
    tempDir: parent,
  });
  assert.equal(entries.length, targets.length * 2, "a go.mod and a zip entry per target");
  assert.deepEqual(readdirSync(parent), [], "nothing left: the private directory is removed");
  for (const e of entries) assert.deepEqual(Object.keys(e).sort(), FIELDS);
  return { zips: new Map(entries.filter((e) => e.kind === "zip").map((e) => [e.module, e])) };
}

test("a body past the cap is go's `downloaded zip file too large`; its file is removed at once", {
  timeout: 60_000,
}, async () => {
  const z = moduleZip("example.com/bad", 3, MiB);
  const { entry, clean } = await failing(
    (_req, res) => res.writeHead(200, { "content-length": z.zip.length }).end(z.zip),
    { maxZipBytes: 2 * MiB },
  );
  assert.equal(entry.status, "error");
  assert.equal(entry.message, "downloaded zip file too large");
  assert.equal(entry.cause, "proxy-error");
  assert.equal(entry.hash, null);
  assert.equal(clean, true, "the partial file was gone while the run went on");
});

test("a body of exactly the cap is accepted (go refuses only more)", { timeout: 60_000 }, async () => {
  const z = moduleZip("example.com/exact", 2, 100_000);
  await withProxy({ "example.com/exact": (_req, res) => res.writeHead(200).end(z.zip) }, async (proxy) => {
    const parent = mkdtempSync(join(root, "exact-"));
    const { zips } = await downloadIn(parent, proxy, [target("example.com/exact", z.h1)], {
      maxZipBytes: z.zip.length,
    });
    assert.equal(zips.get("example.com/exact")?.status, "verified");
  });
});

test('a body cut mid-way is `read "<url>": unexpected EOF`; its file is removed at once', {
  timeout: 60_000,
}, async () => {
  const z = moduleZip("example.com/bad", 4, MiB);
  const { entry, proxy, clean } = await failing((req, res) => {
    res.writeHead(200, { "content-length": z.zip.length });
    res.write(z.zip.subarray(0, 2 * MiB), () => req.socket.destroy());
  });
  assert.equal(entry.status, "error");
  assert.equal(entry.message, `read "${proxy}/example.com/bad/@v/v1.0.0.zip": unexpected EOF`);
  assert.equal(entry.cause, "connect-failure");
  assert.equal(clean, true, "the partial file was gone while the run went on");
});

test("a body that is no zip is `zip: not a valid zip file`; its file is removed at once", {
  timeout: 60_000,
}, async () => {
  const { entry, clean } = await failing((_req, res) =>
    res.writeHead(200).end("<html>login</html>".repeat(5000)),
  );
  assert.equal(entry.status, "error");
  assert.equal(entry.message, "zip: not a valid zip file");
  assert.equal(clean, true, "the file was gone while the run went on");
});

test("a server that stalls mid-body is a timeout entry, and leaves no file", {
  timeout: 60_000,
}, async () => {
  const z = moduleZip("example.com/stall", 4, MiB);
  await withProxy(
    {
      "example.com/stall": (_req, res) => {
        res.writeHead(200, { "content-length": z.zip.length });
        res.write(z.zip.subarray(0, MiB)); // and nothing more
      },
    },
    async (proxy) => {
      const parent = mkdtempSync(join(root, "stall-"));
      const t0 = performance.now();
      const { zips } = await downloadIn(parent, proxy, [target("example.com/stall")], { timeoutMs: 500 });
      assert.ok(performance.now() - t0 < 10_000);
      const e = zips.get("example.com/stall")!;
      assert.equal(e.status, "error");
      assert.equal(e.message, "no answer within 500 ms");
    },
  );
});

test("a 404 zip writes no file and is skipped, as before", { timeout: 60_000 }, async () => {
  await withProxy({}, async (proxy) => {
    const parent = mkdtempSync(join(root, "gone-"));
    const { zips } = await downloadIn(parent, proxy, [target("example.com/none")], {});
    const e = zips.get("example.com/none")!;
    assert.equal(e.status, "skipped");
    assert.equal(e.message, `not served by ${proxy} (404)`);
  });
});
