/**
 * A loopback checksum database for the monitor's tests (node:http), built on the project's own tlog and
 * note code: `/latest` (a signed tree head), `/tile/8/0/…` (level-0 tiles; fewer than 256 records are
 * supported, which is all a test needs) and `/lookup/<path>@<version>`. `fork()` switches to a second log
 * signed by the same key whose first record differs: every later tree head is inconsistent with the
 * earlier ones, as a database that rewrote its history would be.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { hashGoMod } from "../../src/core/dirhash.js";
import { unescapePath, unescapeVersion } from "../../src/core/module/escape.js";
import { generateKey, signNote } from "../../src/core/sumdb/note.js";
import { parseTilePath } from "../../src/core/sumdb/tile.js";
import {
  formatRecord,
  formatTree,
  type Hash,
  storedHashes,
  storedHashIndex,
  treeHash,
} from "../../src/core/sumdb/tlog.js";
import { goMod, moduleZipH1 } from "./monitor-mirror.js";

/** A running checksum database. */
export interface FakeSumdb {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly name: string;
  /** Its verifier key. */
  readonly key: string;
  /** Appends the record of a synthesized module version (the hashes of test/support/monitor-mirror.ts). */
  add(path: string, version: string): void;
  /** Records in the current tree. */
  size(): number;
  /** Rewrites history: a new log (same key) whose first record differs, with as many records plus one. */
  fork(): void;
  close(): Promise<void>;
}

interface Log {
  records: { key: string; text: Uint8Array }[];
  stored: Hash[];
}

function append(log: Log, key: string, text: string): void {
  const data = new TextEncoder().encode(text);
  const n = log.records.length;
  const hs = storedHashes(n, data, (idx) => idx.map((i) => log.stored[i]!));
  log.stored.push(...hs);
  log.records.push({ key, text: data });
}

function recordText(path: string, version: string): string {
  return `${path} ${version} ${moduleZipH1(path, version)}\n${path} ${version}/go.mod ${hashGoMod(new TextEncoder().encode(goMod(path)))}\n`;
}

/** Starts the database on 127.0.0.1 with the given records already in it. */
export async function startSumdb(
  initial: readonly { path: string; version: string }[],
  name = "sum.test.example",
): Promise<FakeSumdb> {
  const { signer, verifier } = generateKey(name);
  let log: Log = { records: [], stored: [] };
  for (const r of initial) append(log, `${r.path}@${r.version}`, recordText(r.path, r.version));

  const latest = () => {
    const n = log.records.length;
    const hash = treeHash(n, (idx) => idx.map((i) => log.stored[i]!));
    return signNote(formatTree({ n, hash }), [signer]);
  };
  const send = (res: ServerResponse, status: number, body: string | Uint8Array) =>
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(body);
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    if (url === "/latest") return send(res, 200, latest());
    if (url.startsWith("/tile/")) {
      let t: ReturnType<typeof parseTilePath>;
      try {
        t = parseTilePath(url.slice(1));
      } catch {
        return send(res, 404, "bad tile\n");
      }
      if (t.l !== 0 || t.h !== 8 || t.n !== 0 || t.w > log.records.length)
        return send(res, 404, "no such tile\n");
      const out = new Uint8Array(t.w * 32);
      for (let k = 0; k < t.w; k++) out.set(log.stored[storedHashIndex(0, k)]!, k * 32);
      return send(res, 200, out);
    }
    const m = /^\/lookup\/(.+)@([^@]+)$/.exec(url);
    if (m !== null) {
      let key: string;
      try {
        key = `${unescapePath(m[1]!)}@${unescapeVersion(m[2]!)}`;
      } catch {
        return send(res, 400, "bad path\n");
      }
      const id = log.records.findIndex((r) => r.key === key);
      if (id < 0) return send(res, 404, `not found: ${key}\n`);
      const head = formatRecord(id, log.records[id]!.text);
      const note = new TextEncoder().encode(latest());
      const body = new Uint8Array(head.length + note.length);
      body.set(head);
      body.set(note, head.length);
      return send(res, 200, body);
    }
    return send(res, 404, "not found\n");
  };
  const server = createServer(handle);
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    name,
    key: verifier,
    add(path, version) {
      append(log, `${path}@${version}`, recordText(path, version));
    },
    size: () => log.records.length,
    fork() {
      const old = log;
      log = { records: [], stored: [] };
      append(log, "forked.example/rewritten@v0.0.1", recordText("forked.example/rewritten", "v0.0.1"));
      for (const r of old.records) append(log, r.key, new TextDecoder().decode(r.text));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
