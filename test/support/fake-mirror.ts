/**
 * A fault-injecting GOPROXY-protocol mirror on 127.0.0.1 (node:http) for the protocol-check and mirrors
 * tests. Its content comes from the Go modproxy fixture (test/support/modproxy.ts: real module zips built
 * with archive/zip, and a real checksum database whose records match them): at start every file of the
 * configured module versions is fetched once from modproxy's `ok` mode (and each zip from its `tamper`
 * mode), then served from memory. Modules that are not configured are missing. `/sumdb/…` is passed
 * through to modproxy's checksum database, as a mirror that proxies it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { escapePath, escapeVersion, unescapePath, unescapeVersion } from "../../src/core/module/escape.js";
import type { ProtocolModule } from "../../src/features/protocol-check.js";
import type { ModProxy } from "./modproxy.js";

/** A fault the mirror injects. */
export type Fault =
  /** A missing module answers 403 (go stops there after `,`). */
  | "missing-403"
  /** A missing module answers 500. */
  | "missing-500"
  /** A missing module answers 200 with made-up content. */
  | "missing-200"
  /** Every request answers 503. */
  | "s503"
  /** @v/list and @latest leave out the newest version. */
  | "stale-latest"
  /** .info names another version. */
  | "wrong-info"
  /** .info and @latest are not JSON. */
  | "invalid-json"
  /** Only paths as written are found; !-escaped ones are 404. */
  | "raw-paths-only"
  /** Zips have altered content (valid zips, different h1). */
  | "tampered-zip"
  /** Zip entries lack the module@version/ prefix. */
  | "hostile-zip"
  /** Zips are an HTML page served as text/html. */
  | "html-zip"
  /** Zips are 2 MiB (valid prefix of nothing: zero bytes). */
  | "big-zip"
  /** No answer at all, ever. */
  | "hang"
  /** Every request redirects to itself. */
  | "redirect-loop"
  /** /sumdb/… answers 404 (the mirror does not proxy the checksum database). */
  | "no-sumdb"
  /** /sumdb/… answers 500. */
  | "sumdb-500";

/** A module the mirror has, with versions in ascending order (the last is the newest). */
export interface MirrorModule {
  readonly path: string;
  readonly versions: readonly string[];
}

/** The modules the protocol-check and mirrors tests serve: a plain path and one that needs case-escaping. */
export const TEST_MODULES: readonly MirrorModule[] = [
  { path: "example.com/alpha", versions: ["v1.0.0", "v1.1.0"] },
  { path: "example.com/Upper/Mod", versions: ["v1.0.0"] },
];
/** The versions those tests ask for. */
export const TEST_PROBES: readonly ProtocolModule[] = [
  { path: "example.com/alpha", version: "v1.1.0" },
  { path: "example.com/Upper/Mod", version: "v1.0.0" },
];
/** A module no mirror has. */
export const TEST_MISSING: ProtocolModule = { path: "example.com/missing", version: "v1.0.0" };

/** A running fake mirror. */
export interface FakeMirror {
  /** http://127.0.0.1:P (a GOPROXY URL entry). */
  readonly url: string;
  /** Request paths received, as on the wire, in order. */
  readonly requests: string[];
  /** Replaces the active faults. */
  setFaults(faults: readonly Fault[]): void;
  close(): Promise<void>;
}

interface Files {
  info: Buffer;
  mod: Buffer;
  zip: Buffer;
  tampered: Buffer;
}

async function fetchBytes(url: string): Promise<Buffer> {
  const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
  return Buffer.from(await r.arrayBuffer());
}

/** Fetches every file of the modules from modproxy once; shared by several mirrors. */
export async function loadContent(
  upstream: ModProxy,
  modules: readonly MirrorModule[],
): Promise<Map<string, Files>> {
  const out = new Map<string, Files>();
  for (const m of modules)
    for (const v of m.versions) {
      const rel = `${escapePath(m.path)}/@v/${escapeVersion(v)}`;
      const [info, mod, zip, tampered] = await Promise.all([
        fetchBytes(`${upstream.url("ok")}/${rel}.info`),
        fetchBytes(`${upstream.url("ok")}/${rel}.mod`),
        fetchBytes(`${upstream.url("ok")}/${rel}.zip`),
        fetchBytes(`${upstream.url("tamper")}/${rel}.zip`),
      ]);
      out.set(`${m.path}@${v}`, { info, mod, zip, tampered });
    }
  return out;
}

/** Rewrites every `path@version/` prefix in a zip's names (same length: local headers and directory). */
function hostile(zip: Buffer, path: string): Buffer {
  const b = Buffer.from(zip);
  const from = Buffer.from(`${path}@`);
  const to = Buffer.from(`${"x".repeat(path.length)}@`);
  for (let i = b.indexOf(from); i >= 0; i = b.indexOf(from, i + 1)) to.copy(b, i);
  return b;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = "text/plain; charset=utf-8",
) {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Starts a mirror serving the modules (content from loadContent), with the faults given. Resolves once
 * listening on 127.0.0.1.
 */
export async function startFakeMirror(opts: {
  readonly upstream: ModProxy;
  readonly modules: readonly MirrorModule[];
  readonly content: Map<string, Files>;
  readonly faults?: readonly Fault[];
}): Promise<FakeMirror> {
  let faults = new Set<Fault>(opts.faults ?? []);
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const byPath = new Map(opts.modules.map((m) => [m.path, m]));

  const missing = (res: ServerResponse, path: string) => {
    if (faults.has("missing-403")) return send(res, 403, "forbidden\n");
    if (faults.has("missing-500")) return send(res, 500, "internal error\n");
    if (faults.has("missing-200"))
      return send(res, 200, '{"Version":"v1.0.0","Time":"2020-01-01T00:00:00Z"}');
    send(res, 404, `not found: ${path}\n`);
  };

  const serveSumdb = async (res: ServerResponse, url: string) => {
    if (faults.has("no-sumdb")) return send(res, 404, "no sumdb here\n");
    if (faults.has("sumdb-500")) return send(res, 500, "sumdb broken\n");
    if (url === `/sumdb/${opts.upstream.sumdbName}/supported`) return send(res, 200, "");
    try {
      const r = await fetch(`${opts.upstream.base}${url}`, { signal: AbortSignal.timeout(10_000) });
      send(res, r.status, Buffer.from(await r.arrayBuffer()), r.headers.get("content-type") ?? "text/plain");
    } catch {
      send(res, 502, "upstream failed\n");
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    requests.push(url);
    if (faults.has("hang")) return;
    if (faults.has("redirect-loop")) {
      res.writeHead(302, { location: url });
      return res.end();
    }
    if (faults.has("s503")) return send(res, 503, "service unavailable\n");
    if (url.startsWith("/sumdb/")) return void serveSumdb(res, url);
    const decoded = decodeURIComponent(url);
    const at = decoded.indexOf("/@");
    if (at < 0) return send(res, 404, "not found\n");
    const wirePath = decoded.slice(1, at);
    const file = decoded.slice(at + 2);
    let path: string;
    if (faults.has("raw-paths-only")) {
      if (wirePath.includes("!")) return send(res, 404, `not found: ${wirePath}\n`);
      path = wirePath;
    } else {
      try {
        path = unescapePath(wirePath);
      } catch {
        return send(res, 404, `not found: ${wirePath}\n`);
      }
    }
    const m = byPath.get(path);
    if (m === undefined) return missing(res, path);
    const versions =
      faults.has("stale-latest") && m.versions.length > 1 ? m.versions.slice(0, -1) : m.versions;
    const newest = versions.at(-1);
    if (file === "v/list") return send(res, 200, versions.map((v) => `${v}\n`).join(""));
    if (file === "latest") {
      if (faults.has("invalid-json")) return send(res, 200, "{not json", "application/json");
      return send(
        res,
        200,
        JSON.stringify({ Version: newest, Time: "2020-01-01T00:00:00Z" }),
        "application/json",
      );
    }
    const dot = file.lastIndexOf(".");
    if (!file.startsWith("v/") || dot < 0) return send(res, 404, "not found\n");
    let version: string;
    try {
      version = faults.has("raw-paths-only") ? file.slice(2, dot) : unescapeVersion(file.slice(2, dot));
    } catch {
      return send(res, 404, "bad version\n");
    }
    const files = opts.content.get(`${path}@${version}`);
    if (files === undefined) return send(res, 404, `not found: ${path}@${version}\n`);
    switch (file.slice(dot + 1)) {
      case "info":
        if (faults.has("invalid-json")) return send(res, 200, "{not json", "application/json");
        if (faults.has("wrong-info"))
          return send(
            res,
            200,
            JSON.stringify({ Version: "v9.9.9", Time: "2020-01-01T00:00:00Z" }),
            "application/json",
          );
        return send(res, 200, files.info, "application/json");
      case "mod":
        return send(res, 200, files.mod);
      case "zip":
        if (faults.has("html-zip"))
          return send(res, 200, "<html><body>Please log in</body></html>", "text/html");
        if (faults.has("big-zip")) return send(res, 200, Buffer.alloc(2 << 20), "application/zip");
        if (faults.has("hostile-zip")) return send(res, 200, hostile(files.zip, path), "application/zip");
        return send(res, 200, faults.has("tampered-zip") ? files.tampered : files.zip, "application/zip");
      default:
        return send(res, 404, "not found\n");
    }
  };

  const server: Server = createServer(handle);
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    setFaults(f) {
      faults = new Set(f);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
