/**
 * The loopback module proxy + checksum database of test/fixtures/go/modproxy, and a sandbox that runs
 * the real go against it: fresh HOME/GOPATH/GOCACHE, GOENV=off, GOTOOLCHAIN=local, and HTTP(S)_PROXY
 * pointing at modproxy, whose forward proxy refuses every CONNECT — so any attempt of go to reach a
 * public host is a logged 403, never a DNS lookup or a packet off the machine.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { buildGoFixture } from "./gobuild.js";
import { cleanEnv, type GoToolchain } from "./toolchains.js";

/** One request modproxy received. */
export interface LoggedRequest {
  readonly method: string;
  /** The path as it arrived on the wire (escaped), or host:port for CONNECT. */
  readonly path: string;
  readonly host: string;
  /** The status sent; 0 when the connection was taken over and reset without one. */
  readonly status: number;
}

/** A running modproxy. */
export interface ModProxy {
  /** http://127.0.0.1:P */
  readonly base: string;
  /** The proxy base URL of a mode, e.g. http://127.0.0.1:P/m/s404 */
  url(mode: string): string;
  readonly sumdbName: string;
  /** The verifier key of its checksum database. */
  readonly sumdbKey: string;
  /** Its signer key (to start a second database with the same key: a forked log). */
  readonly signerKey: string;
  /** Requests received since the last reset, in arrival order (call settle() first). */
  requests(): LoggedRequest[];
  /** Waits until every request made so far is in the log (a marker request round trip). */
  settle(): Promise<void>;
  /** settle(), then forget everything logged so far. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Starts modproxy (built once per source hash); rejects after 20 s if it does not come up. */
export async function startModProxy(keys?: { signer: string; verifier: string }): Promise<ModProxy> {
  const bin = buildGoFixture("modproxy");
  const args = keys === undefined ? [] : ["-signer", keys.signer, "-verifier", keys.verifier];
  const child = spawn(bin, args, { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  let log: LoggedRequest[] = [];
  const started = new Promise<{ addr: string; sumdbName: string; sumdbKey: string; signerKey: string }>(
    (resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("modproxy did not start within 20 s")), 20_000);
      let first = true;
      lines.on("line", (line) => {
        if (first) {
          first = false;
          clearTimeout(timer);
          resolve(
            JSON.parse(line) as { addr: string; sumdbName: string; sumdbKey: string; signerKey: string },
          );
          return;
        }
        log.push(JSON.parse(line) as LoggedRequest);
      });
      child.once("exit", (code) => reject(new Error(`modproxy exited with ${code}`)));
    },
  );
  const info = await started;
  const base = `http://${info.addr}`;
  let marks = 0;
  const settle = async () => {
    const path = `/_settle/${++marks}`;
    await fetch(`${base}${path}`).then((r) => r.arrayBuffer());
    for (let i = 0; i < 500 && !log.some((l) => l.path === path); i++)
      await new Promise((r) => setTimeout(r, 10));
    log = log.filter((l) => !l.path.startsWith("/_settle/"));
  };
  return {
    base,
    url: (mode) => `${base}/m/${mode}`,
    sumdbName: info.sumdbName,
    sumdbKey: info.sumdbKey,
    signerKey: info.signerKey,
    requests: () => [...log],
    settle,
    reset: async () => {
      await settle();
      log = [];
    },
    close: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const t = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    child.stdin?.end();
  });
}

/** The result of one go run. */
export interface GoRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/**
 * Switches go's telemetry off for a sandbox home (what `go telemetry off` writes, in os.UserConfigDir under
 * HOME): go ≥ 1.23 otherwise keeps counter files there and may start a child that outlives the command, so
 * the sandbox could not be removed.
 */
export function telemetryOff(home: string): void {
  const dir = join(home, ".config", "go", "telemetry");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "mode"), "off");
}

/**
 * The environment of a go sandbox rooted at home (tc's go first on PATH): its own GOPATH and GOCACHE, GOENV=off,
 * GOTOOLCHAIN=local, GOSUMDB=off, telemetry off (telemetryOff), and HTTP(S)_PROXY at proxyBase (modproxy's
 * forward proxy refuses every CONNECT) unless null. Nothing of the machine's Go settings is inherited.
 */
export function goSandboxEnv(
  tc: GoToolchain,
  home: string,
  proxyBase: string | null,
  extra: Record<string, string> = {},
): Record<string, string> {
  telemetryOff(home);
  return {
    PATH: cleanEnv(tc).PATH!,
    HOME: home,
    GOPATH: join(home, "gopath"),
    GOCACHE: join(home, "gocache"),
    GOFLAGS: "-modcacherw",
    GO111MODULE: "on",
    GOTOOLCHAIN: "local",
    GOENV: "off",
    GOSUMDB: "off",
    GIT_TERMINAL_PROMPT: "0",
    ...(proxyBase === null ? {} : { HTTPS_PROXY: proxyBase, HTTP_PROXY: proxyBase }),
    ...extra,
  };
}

/** The output of one process run by spawnBounded. */
export interface Bounded {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs a command in its own process group and kills the group after timeoutMs (go may start children). */
export function spawnBounded(
  command: string,
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Bounded> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, opts.timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/**
 * Runs the real go in a fresh sandbox (see the file comment) with extra env; kills its process group after
 * timeoutMs. The sandbox is removed afterwards.
 */
export async function runGo(
  tc: GoToolchain,
  args: readonly string[],
  proxy: ModProxy,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<GoRun> {
  const home = mkdtempSync(join(tmpdir(), "gpd-go-"));
  try {
    return await spawnBounded(tc.bin, args, {
      cwd: home,
      env: goSandboxEnv(tc, home, proxy.base, env),
      timeoutMs,
    });
  } finally {
    rmSync(home, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

/**
 * A request handler that forwards every request to upstream (modproxy's base URL), except that paths under
 * /auth/ need basic auth gopher:s3cret (401 with go's "authentication required" body otherwise) and lose that
 * prefix: a front for https and credentials scenarios.
 */
export function authForwarder(
  upstream: string,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const want = `Basic ${Buffer.from("gopher:s3cret").toString("base64")}`;
  return (req, res) => {
    const needAuth = req.url?.startsWith("/auth/") ?? false;
    if (needAuth) req.url = (req.url as string).slice("/auth".length);
    if (needAuth && req.headers.authorization !== want) {
      res.writeHead(401, {
        "content-type": "text/plain; charset=utf-8",
        "www-authenticate": 'Basic realm="mods"',
      });
      res.end("authentication required\n");
      return;
    }
    const up = http.get(`${upstream}${req.url}`, (u) => {
      res.writeHead(u.statusCode ?? 502, u.headers);
      u.pipe(res);
    });
    up.on("error", () => res.destroy());
  };
}
