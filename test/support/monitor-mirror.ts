/**
 * A loopback GOPROXY mirror for the monitor's tests and benchmark (node:http): serves `@v/list`, `.info`,
 * `.mod`, `.zip` and `@latest` of a few synthesized modules (go.mod + one .go file, stored in a real zip),
 * 404 for everything else, with injectable faults: `down` (the listening socket is closed: connection
 * refused), `status500`, `tamper` (zips with altered content), `html` (every answer an HTML login page),
 * `hang` (requests are never answered). Versions can be added while it runs (freshness).
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { crc32 } from "node:zlib";
import { hash1 } from "../../src/core/dirhash.js";
import { escapePath, unescapePath, unescapeVersion } from "../../src/core/module/escape.js";
import { compare } from "../../src/core/semver.js";

/** A fault mode of the mirror. */
export type MirrorFault = "none" | "status500" | "tamper" | "html" | "hang";

/** A running mirror. */
export interface FakeMirror {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  setFault(f: MirrorFault): void;
  /** Adds a version of a module (it becomes @latest when highest). */
  addVersion(path: string, version: string): void;
  /** Closes the listening socket and every connection: further requests are refused. */
  kill(): Promise<void>;
  /** Listens again on the same port. */
  revive(): Promise<void>;
  /** Requests answered so far. */
  requests(): number;
  close(): Promise<void>;
}

/** The files of a synthesized module version. */
function files(path: string, version: string, tamper: boolean): { name: string; data: Buffer }[] {
  const prefix = `${path}@${version}/`;
  return [
    { name: `${prefix}go.mod`, data: Buffer.from(goMod(path)) },
    { name: `${prefix}a.go`, data: Buffer.from(`package a\n\n// ${tamper ? "altered" : "original"}\n`) },
  ];
}

/** The go.mod of a synthesized module. */
export function goMod(path: string): string {
  return `module ${path}\n\ngo 1.16\n`;
}

/** A stored (uncompressed) zip archive of the given files. */
export function storedZip(entries: readonly { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The zip of a synthesized module version. */
export function moduleZip(path: string, version: string, tamper = false): Buffer {
  return storedZip(files(path, version, tamper));
}

/** The h1 hash of the genuine zip of a synthesized module version (what a checksum database records). */
export function moduleZipH1(path: string, version: string): string {
  return hash1(
    files(path, version, false).map((f) => ({
      name: f.name,
      sha256: createHash("sha256").update(f.data).digest("hex"),
    })),
  );
}

/** Starts a mirror serving each module at the given versions, on 127.0.0.1 (port 0: any free port). */
export async function startMirror(
  modules: readonly { path: string; versions: readonly string[] }[],
  port = 0,
): Promise<FakeMirror> {
  const versions = new Map<string, string[]>(modules.map((m) => [m.path, [...m.versions]]));
  let fault: MirrorFault = "none";
  let count = 0;
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  const zips = new Map<string, Buffer>();

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) }).end(body);
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    count++;
    if (fault === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (fault === "status500") return send(res, 500, "text/plain", "internal error\n");
    if (fault === "html") return send(res, 200, "text/html", "<html><body>Please log in</body></html>");
    let url: string;
    try {
      url = decodeURIComponent(req.url ?? "/");
    } catch {
      return send(res, 400, "text/plain", "bad URL\n");
    }
    const m = /^\/(.+?)\/(@v\/list|@latest|@v\/([^/]+)\.(info|mod|zip))$/.exec(url);
    if (m === null) return send(res, 404, "text/plain", "not found\n");
    let path: string;
    let version: string | null = null;
    try {
      path = unescapePath(m[1]!);
      if (m[3] !== undefined) version = unescapeVersion(m[3]);
    } catch {
      return send(res, 404, "text/plain", "bad path\n");
    }
    const known = versions.get(path);
    if (known === undefined) return send(res, 404, "text/plain", `not found: ${path}\n`);
    const info = (v: string) => JSON.stringify({ Version: v, Time: "2024-01-02T03:04:05Z" });
    if (m[2] === "@v/list")
      return send(res, 200, "text/plain; charset=utf-8", known.map((v) => `${v}\n`).join(""));
    if (m[2] === "@latest") {
      const latest = [...known].sort(compare).at(-1)!;
      return send(res, 200, "application/json", info(latest));
    }
    if (version === null || !known.includes(version)) return send(res, 404, "text/plain", "not found\n");
    if (m[4] === "info") return send(res, 200, "application/json", info(version));
    if (m[4] === "mod") return send(res, 200, "text/plain; charset=utf-8", goMod(path));
    const key = `${path}@${version}@${fault === "tamper"}`;
    let zip = zips.get(key);
    if (zip === undefined) {
      zip = moduleZip(path, version, fault === "tamper");
      zips.set(key, zip);
    }
    return send(res, 200, "application/zip", zip);
  };
  const server = createServer(handle);
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(p, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const bound = await listen(port);
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const r of hanging) r.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    setFault(f) {
      fault = f;
      if (f !== "hang") for (const r of hanging) r.destroy();
    },
    addVersion(path, version) {
      const list = versions.get(path) ?? [];
      if (!list.includes(version)) list.push(version);
      versions.set(path, list);
    },
    kill: stop,
    revive: async () => {
      if (!server.listening) await listen(bound);
    },
    requests: () => count,
    close: stop,
  };
}

/** The escaped list URL of a module on a mirror (for assertions). */
export function listURL(base: string, path: string): string {
  return `${base}/${escapePath(path)}/@v/list`;
}
