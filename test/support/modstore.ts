/**
 * A GOPROXY-protocol server on 127.0.0.1 serving a small in-memory module store, for the version-form,
 * file:// and build-list tests: real zips (fflate), `.info` with Version and Time, `@v/list` without
 * pseudo-versions, `@latest`, and revisions (branch and commit names) that `.info` resolves to the version
 * they stand for, as a conforming proxy does. The same store can be written out as a `file://` GOPROXY tree.
 *
 * URLs are `<base>/<mode>/…`; mode `ok` serves, `s404`/`s410`/`s500`/`s403` answer that status for every
 * module file, `hang` never answers. Every request is logged as `<mode> <path>` (escaped, as on the wire).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { dirname, join } from "node:path";
import { zipSync } from "fflate";
import { escapePath, escapeVersion, unescapePath, unescapeVersion } from "../../src/core/module/escape.js";
import { isPseudoVersion } from "../../src/core/module/pseudo.js";
import { compare, prerelease } from "../../src/core/semver.js";

/** One module of the store. */
export interface StoredModule {
  readonly path: string;
  /** Versions it has (pseudo-versions included: `.info` serves them, `@v/list` leaves them out). */
  readonly versions: readonly string[];
  /** Revision names (branches, commit hashes) and the version each resolves to. */
  readonly revisions?: Readonly<Record<string, string>>;
}

/** The store the suites use. */
export const STORE: readonly StoredModule[] = [
  {
    path: "example.com/m",
    versions: [
      "v1.0.0",
      "v1.1.0",
      "v1.2.0",
      "v1.2.1",
      "v1.3.0-rc.1",
      "v1.0.1-0.20200102030405-abcdefabcdef",
      "v1.3.0-rc.1.0.20210101000000-0123456789ab",
      "v0.0.0-20190101000000-fedcbafedcba",
    ],
    revisions: {
      main: "v1.3.0-rc.1.0.20210101000000-0123456789ab",
      "0123456789ab": "v1.3.0-rc.1.0.20210101000000-0123456789ab",
      "0123456789abcdef0123456789abcdef01234567": "v1.3.0-rc.1.0.20210101000000-0123456789ab",
      "v1.1.0+meta": "v1.1.0",
    },
  },
  {
    path: "github.com/docker/docker",
    versions: [
      "v1.13.1",
      "v20.10.24+incompatible",
      "v17.12.0-ce-rc1.0.20200101000000-aaaaaaaaaaaa+incompatible",
    ],
  },
  { path: "example.com/m/v2", versions: ["v2.0.0", "v2.1.0"] },
  { path: "example.com/Upper/Mod", versions: ["v1.0.0"] },
  { path: "example.com/pre", versions: ["v0.1.0-alpha", "v0.2.0-beta"] },
];

const TIME = "2021-01-01T00:00:00Z";

/** The files of path@version, as go expects them (a +incompatible version has no go.mod in its zip). */
export function moduleFiles(path: string, version: string): { mod: string; zip: Uint8Array; info: string } {
  const mod = `module ${path}\n\ngo 1.16\n`;
  const files: Record<string, Uint8Array> = {
    [`${path}@${version}/a.go`]: Buffer.from(`package a\n\nconst V = ${JSON.stringify(version)}\n`),
  };
  if (!version.endsWith("+incompatible")) files[`${path}@${version}/go.mod`] = Buffer.from(mod);
  return {
    mod,
    zip: zipSync(files, { mtime: new Date("2021-01-01T00:00:00Z") }),
    info: JSON.stringify({ Version: version, Time: TIME }),
  };
}

/** The body of `@v/list`: the releases and prereleases, no pseudo-versions, in ascending order. */
function listBody(m: StoredModule): string {
  return [...m.versions]
    .filter((v) => !isPseudoVersion(v))
    .sort(compare)
    .map((v) => `${v}\n`)
    .join("");
}

/** The newest release (else prerelease) of the module, as `@latest` answers. */
function latestOf(m: StoredModule): string | null {
  const listed = [...m.versions].filter((v) => !isPseudoVersion(v)).sort(compare);
  const releases = listed.filter((v) => prerelease(v) === "");
  return (releases.length > 0 ? releases : listed).at(-1) ?? null;
}

/** What the store answers for one module file: [status, body, content type]. */
export function answer(store: readonly StoredModule[], rel: string): [number, string | Uint8Array, string] {
  const notFound = (what: string): [number, string, string] => [
    404,
    `not found: ${what}\n`,
    "text/plain; charset=utf-8",
  ];
  const at = rel.indexOf("/@");
  if (at < 0) return notFound(rel);
  let path: string;
  try {
    path = unescapePath(rel.slice(0, at));
  } catch {
    return notFound(rel);
  }
  const m = store.find((s) => s.path === path);
  if (m === undefined) return notFound(`module ${path}`);
  const file = rel.slice(at + 2);
  if (file === "v/list") return [200, listBody(m), "text/plain; charset=utf-8"];
  if (file === "latest") {
    const v = latestOf(m);
    return v === null ? notFound("no versions") : [200, moduleFiles(path, v).info, "application/json"];
  }
  const f = /^v\/(.+)\.(info|mod|zip)$/.exec(file);
  if (f === null) return notFound(file);
  let version: string;
  try {
    version = unescapeVersion(f[1]!);
  } catch {
    return notFound(file);
  }
  const resolved = m.versions.includes(version)
    ? version
    : f[2] === "info"
      ? m.revisions?.[version]
      : undefined;
  if (resolved === undefined) return notFound(`${path}@${version}: unknown revision ${version}`);
  const files = moduleFiles(path, resolved);
  if (f[2] === "info") return [200, files.info, "application/json"];
  if (f[2] === "mod") return [200, files.mod, "text/plain; charset=utf-8"];
  return [200, files.zip, "application/zip"];
}

/** A running store server. */
export interface StoreServer {
  /** http://127.0.0.1:P */
  readonly base: string;
  /** The GOPROXY entry of a mode, e.g. http://127.0.0.1:P/s404 */
  url(mode: string): string;
  /** `<mode> <path>` of each request since the last reset, in arrival order. */
  requests(): string[];
  reset(): void;
  close(): Promise<void>;
}

/** Starts a store server on a free loopback port. */
export async function startStoreServer(store: readonly StoredModule[] = STORE): Promise<StoreServer> {
  let log: string[] = [];
  const sockets = new Set<Socket>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    const slash = url.indexOf("/", 1);
    const mode = slash < 0 ? url.slice(1) : url.slice(1, slash);
    const rel = slash < 0 ? "" : url.slice(slash + 1);
    log.push(`${mode} ${rel}`);
    if (mode === "hang") return;
    const status = /^s(\d{3})$/.exec(mode);
    if (status !== null) {
      res.writeHead(Number(status[1]), { "content-type": "text/plain; charset=utf-8" });
      return void res.end(`store: ${status[1]}\n`);
    }
    const [code, body, type] = answer(store, rel);
    res.writeHead(code, { "content-type": type });
    res.end(body);
  };
  const server = createServer(handle);
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    url: (mode) => `${base}/${mode}`,
    requests: () => [...log],
    reset: () => {
      log = [];
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * Writes the store as a GOPROXY tree under dir (for `GOPROXY=file://dir`): list, .info, .mod, .zip of every
 * version; revisions are not served (a file tree has no names for them beyond its files).
 */
export function writeStoreTree(dir: string, store: readonly StoredModule[] = STORE): void {
  const put = (rel: string, body: string | Uint8Array) => {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
  };
  for (const m of store) {
    const ep = escapePath(m.path);
    put(`${ep}/@v/list`, listBody(m));
    for (const v of m.versions) {
      const files = moduleFiles(m.path, v);
      const ev = escapeVersion(v);
      put(`${ep}/@v/${ev}.info`, files.info);
      put(`${ep}/@v/${ev}.mod`, files.mod);
      put(`${ep}/@v/${ev}.zip`, files.zip);
    }
  }
}
