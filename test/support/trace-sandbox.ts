import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Writable } from "node:stream";
import { runTrace } from "../../src/cli/commands/trace.js";
import { goSandboxEnv, spawnBounded } from "./modproxy.js";
import type { GoToolchain } from "./toolchains.js";

/** A fresh go home. */
export interface Sandbox {
  /** The toolchain the sandbox runs. */
  readonly tc: GoToolchain;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  /** cache/download: relative path → sha256 of the content (`.ziphash` files: their h1 text); lock files left out. */
  downloadCache(): Map<string, string>;
  remove(): void;
}

/** Creates a sandbox whose HTTP(S)_PROXY is proxyBase (modproxy's refusing forward proxy). */
export function makeSandbox(tc: GoToolchain, proxyBase: string, extra: Record<string, string> = {}): Sandbox {
  const home = mkdtempSync(join(tmpdir(), "gpd-trace-go-"));
  const env: NodeJS.ProcessEnv = goSandboxEnv(tc, home, proxyBase, extra);
  const root = join(home, "gopath", "pkg", "mod", "cache", "download");
  return {
    tc,
    home,
    env,
    downloadCache: () => {
      const out = new Map<string, string>();
      const walk = (dir: string, depth: number) => {
        if (depth > 40) return;
        let names: string[];
        try {
          names = readdirSync(dir);
        } catch {
          return;
        }
        for (const n of names) {
          const p = join(dir, n);
          if (statSync(p).isDirectory()) walk(p, depth + 1);
          else if (!n.endsWith(".lock")) {
            const data = readFileSync(p);
            out.set(
              relative(root, p),
              n.endsWith(".ziphash") ? data.toString() : createHash("sha256").update(data).digest("hex"),
            );
          }
        }
      };
      walk(root, 0);
      return out;
    },
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** The result of one go run. */
export interface Ran {
  readonly code: number | null;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs the sandbox's go; kills its process group after timeoutMs. */
export async function goIn(sb: Sandbox, args: readonly string[], timeoutMs = 60_000): Promise<Ran> {
  const r = await spawnBounded(sb.tc.bin, args, { cwd: sb.home, env: sb.env, timeoutMs });
  return { code: r.code, stderr: r.stderr, timedOut: r.timedOut };
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  return {
    stream: new Writable({
      write(chunk, _enc, cb) {
        chunks.push(Buffer.from(chunk));
        cb();
      },
    }),
    text: () => Buffer.concat(chunks).toString(),
  };
}

/** The result of one traced run: the exit status, the trace/v1 document and what trace wrote to stderr. */
export interface Traced {
  readonly code: number;
  readonly doc: TraceDoc;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** The parts of trace/v1 the tests read. */
export interface TraceDoc {
  readonly schema: string;
  readonly go: { exitCode: number | null; stderr: string; addedX: boolean };
  readonly requests: {
    id: number;
    source: string;
    entry: number | null;
    role: string;
    method: string;
    url: string;
    status: number | null;
    outcome: string;
    upstreamError: string | null;
    presentedToGo: string | null;
    bytes: number | null;
    ms: number | null;
    replayOf: number | null;
  }[];
  readonly fallbacks: { path: string; from: number; to: unknown; reason: string }[];
  readonly modules: { module: string; version: string; zip: number | null }[];
  readonly checksumDatabase: { via: unknown; counts: Record<string, number>; mode: string };
  readonly notes: string[];
  readonly gosumdb: { mode: string; rewritten: string | null };
  readonly goproxy: { rewritten: string | null };
}

/** Runs `trace --json -- <the sandbox's go> args` in this process with its environment; kills go after timeoutMs. */
export async function traceIn(
  sb: Sandbox,
  args: readonly string[],
  timeoutMs = 60_000,
  har?: string,
): Promise<Traced> {
  const out = collector();
  const err = collector();
  const signal = AbortSignal.timeout(timeoutMs);
  const code = await runTrace([sb.tc.bin, ...args], {
    json: har === undefined,
    ...(har !== undefined && { har }),
    env: sb.env,
    cwd: sb.home,
    stdout: out.stream,
    stderr: err.stream,
    signal,
    live: false,
  });
  const doc = har === undefined ? (JSON.parse(out.text()) as TraceDoc) : ({} as TraceDoc);
  return { code, doc, stderr: err.text(), timedOut: signal.aborted };
}

/** A loopback port nothing listens on (connections are refused). */
export async function refusedPort(): Promise<number> {
  // Port 1 (tcpmux) has no listener anywhere we run; a port freed by a closed server could be taken again by
  // another test's server before go dials it.
  await new Promise<void>((resolve, reject) => {
    const s = connect(1, "127.0.0.1");
    s.once("connect", () =>
      reject(new Error("something listens on 127.0.0.1:1: refused scenarios need it closed")),
    );
    s.once("error", () => resolve());
  });
  return 1;
}
