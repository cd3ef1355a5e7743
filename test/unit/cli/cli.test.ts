// The CLI as a user runs it: exit codes, --help, --version, JSON documents.
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { parseDocument } from "../../support/documents.js";
import { REPO_ROOT } from "../../support/gobuild.js";

const bin = join(REPO_ROOT, "bin", "goproxy-doctor.js");

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { PATH: "/nonexistent", HOME: "/nonexistent-home", NO_COLOR: "1", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** run, without blocking the event loop (for tests whose servers live in this process). */
function runAsync(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { PATH: "/nonexistent", HOME: "/nonexistent-home", NO_COLOR: "1", ...env }, timeout: 30_000 },
      (e, out, err) =>
        resolve({ code: e === null ? 0 : typeof e.code === "number" ? e.code : null, out, err }),
    );
  });
}

test("--version prints package.json's version", () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  assert.equal(run(["--version"]).out.trim(), pkg.version);
});

test("--help for every command, exit 0", () => {
  for (const args of [
    ["--help"],
    ["env", "--help"],
    ["explain", "--help"],
    ["verify", "--help"],
    ["hash", "--help"],
  ]) {
    const r = run(args);
    assert.equal(r.code, 0, args.join(" "));
    assert.match(r.out, /Usage: goproxy-doctor/);
  }
  const verifyHelp = run(["verify", "--help"]).out;
  for (const opt of ["--cache", "--download", "--note", "--key", "--read-only", "--json"])
    assert.ok(verifyHelp.includes(opt), opt);
});

test("hash: a go.mod file's /go.mod line, a directory with --module, bad input as findings with exit 1", () => {
  const dir = mkdtempSync(join(tmpdir(), "gpd-hash-cli-"));
  try {
    writeFileSync(join(dir, "go.mod"), "");
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "a.go"), "package sub\n");
    const ok = run(["hash", "--module", "example.com/m@v1.0.0", join(dir, "go.mod")]);
    assert.equal(ok.code, 0, ok.err);
    // The empty go.mod's hash, which go drops from go.sum (modfetch/fetch.go: emptyGoModHash).
    assert.equal(ok.out, "example.com/m v1.0.0/go.mod h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n");
    const doc = parseDocument(run(["hash", "--json", "--module", "example.com/m@v1.0.0", dir]).out) as {
      schema: string;
      results: { kind: string; h1: string }[];
    };
    assert.equal(doc.schema, "goproxy-doctor.hash/v1");
    assert.equal(doc.results[0]!.kind, "dir");
    assert.match(doc.results[0]!.h1, /^h1:[A-Za-z0-9+/]{43}=$/);
    const bad = run(["hash", dir, join(dir, "missing.zip"), join(dir, "sub", "a.go")]);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /a directory needs --module/);
    assert.match(bad.out, /ENOENT/);
    assert.match(bad.out, /not a \.zip, a go\.mod/);
    const notZip = join(dir, "x.zip");
    writeFileSync(notZip, "PK not really");
    const z = run(["hash", notZip]);
    assert.equal(z.code, 1);
    assert.match(z.out, /zip: /);
    assert.doesNotMatch(z.out + z.err, /at .*\.js:\d+/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("usage errors exit 2 without a stack trace", () => {
  const r = run(["explain"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /missing required argument/);
  assert.doesNotMatch(r.err, /at .*\.js:\d+/);
  assert.equal(run(["no-such-command"]).code, 2);
  for (const args of [
    ["check", "--timeout", "abc"],
    ["check", "--deadline", "0"],
    ["verify", "--timeout", "-1"],
  ]) {
    const bad = run(args);
    assert.equal(bad.code, 2, args.join(" "));
    assert.match(bad.err, /want a duration such as 500ms, 10s or 1m30s/);
  }
});

test("env --json follows goproxy-doctor.env/v1 and works without a go binary", () => {
  const r = run(["env", "--json"], {
    GOPROXY: "https://user:s3cret@goproxy.example,direct",
    GOPRIVATE: "corp.example",
  });
  assert.equal(r.code, 0, r.err);
  const doc = parseDocument(r.out) as {
    schema: string;
    go: unknown;
    vars: Record<string, { value: string; source: string; detail: string | null }>;
  };
  assert.equal(doc.schema, "goproxy-doctor.env/v1");
  assert.equal(doc.go, null);
  assert.equal(doc.vars.GOPROXY!.value, "https://user:xxxxx@goproxy.example,direct");
  assert.equal(doc.vars.GONOPROXY!.value, "corp.example");
  assert.equal(doc.vars.GONOPROXY!.source, "derived");
  assert.doesNotMatch(r.out, /s3cret/);
});

test("explain: a malformed GOPROXY gives go's error text and exit 1", () => {
  const r = run(["explain", "--json", "example.com/a@v1.0.0"], { GOPROXY: "auto" });
  assert.equal(r.code, 1);
  const doc = parseDocument(r.out) as { schema: string; error: string; requests: string[] };
  assert.equal(doc.schema, "goproxy-doctor.explain/v1");
  assert.equal(doc.error, "example.com/a@v1.0.0: invalid proxy URL missing scheme: auto");
  assert.deepEqual(doc.requests, []);
});

test("explain: GOPRIVATE bypasses the proxy and skips the checksum database, naming the pattern", () => {
  const r = run(["explain", "--json", "git.corp.example/team/lib@v1.4.0"], {
    GOPRIVATE: "*.corp.example,other.example",
  });
  assert.equal(r.code, 0, r.err);
  const doc = parseDocument(r.out) as {
    proxy: { mode: string; bypassedBy: unknown };
    checksum: { mode: string; skippedBy: unknown };
  };
  assert.equal(doc.proxy.mode, "direct");
  assert.deepEqual(doc.proxy.bypassedBy, { variable: "GOPRIVATE", pattern: "*.corp.example" });
  assert.equal(doc.checksum.mode, "skip");
  assert.deepEqual(doc.checksum.skippedBy, { variable: "GOPRIVATE", pattern: "*.corp.example" });
});

test("explain: a direct route names the origin go finds and GOVCS's verdict on it", () => {
  const doc = (module: string, env: Record<string, string>) =>
    parseDocument(run(["explain", "--json", module], env).out) as {
      origin: Record<string, string | null> | null;
      httpProxies: { url: string }[];
    };
  const discovered = doc("git.corp.example/team/lib@v1.4.0", { GOPRIVATE: "*.corp.example" });
  assert.deepEqual(discovered.origin, {
    kind: "discovery",
    discoveryURL: "https://git.corp.example/team/lib?go-get=1",
    govcsError: null,
  });
  assert.deepEqual(
    discovered.httpProxies.map((h) => h.url),
    ["https://git.corp.example/team/lib?go-get=1"],
  );
  const refused = doc("github.com/acme/lib/sub@v1.0.0", {
    GOPRIVATE: "github.com/acme",
    GOVCS: "private:hg",
  });
  assert.equal(refused.origin?.root, "github.com/acme/lib");
  assert.equal(
    refused.origin?.govcsError,
    "GOVCS disallows using git for private github.com/acme/lib; see 'go help vcs'",
  );
  assert.equal(doc("example.com/a@v1.0.0", {}).origin, null, "through a proxy: no origin");
});

test("explain: the default route and its requests", () => {
  const r = run(["explain", "--json", "--go-version", "1.19", "golang.org/x/Text@v0.3.7"]);
  assert.equal(r.code, 0, r.err);
  const doc = parseDocument(r.out) as { requests: string[]; checksum: { url: string; access: string } };
  assert.deepEqual(doc.requests, [
    "GET https://proxy.golang.org/golang.org/x/%21text/@v/v0.3.7.info",
    "GET https://proxy.golang.org/golang.org/x/%21text/@v/v0.3.7.mod",
    "GET https://proxy.golang.org/golang.org/x/%21text/@v/v0.3.7.zip",
  ]);
  assert.equal(doc.checksum.url, "https://proxy.golang.org/sumdb/sum.golang.org");
  assert.equal(doc.checksum.access, "via-proxy");
});

test("check --offline: lint findings with fixes, exit 1 on an error, credentials redacted, JSON and Markdown", () => {
  const env = {
    GOPROXY: "https://gocenter.io,https://user:s3cret@goproxy.corp.example",
    GOFLAGS: "GOPRIVATE=x",
  };
  const text = run(["check", "--offline"], env);
  assert.equal(text.code, 1, text.err);
  assert.match(text.out, /gocenter\.io/);
  assert.match(text.out, /go: parsing \$GOFLAGS: non-flag "GOPRIVATE=x"/);
  const doc = parseDocument(run(["check", "--offline", "--json"], env).out) as {
    schema: string;
    findings: { id: string; severity: string; fix: string[] }[];
  };
  assert.equal(doc.schema, "goproxy-doctor.check/v1");
  assert.ok(
    doc.findings.some((f) => f.id === "goflags.non-flag" && f.severity === "error" && f.fix.length > 0),
  );
  const md = run(["check", "--offline", "--markdown"], env).out;
  for (const out of [text.out, md, JSON.stringify(doc)]) assert.doesNotMatch(out, /s3cret/);
  assert.equal(run(["check", "--offline"], { GOPROXY: "https://proxy.golang.org,direct" }).code, 0);
});

test("with no command, goproxy-doctor runs check (here offline, so nothing leaves the machine)", () => {
  const r = run(["--offline", "--json"], { GOPROXY: "off" });
  const doc = parseDocument(r.out) as { schema: string };
  assert.equal(doc.schema, "goproxy-doctor.check/v1");
});

test("durations in Go's syntax (a bare number is ms); --json with --markdown and an unknown --for are usage errors", () => {
  const ok = run(["check", "--offline", "--timeout", "5s", "--deadline", "1m", "--json"], { GOPROXY: "off" });
  assert.equal(parseDocument(ok.out).schema, "goproxy-doctor.check/v1", ok.err);
  assert.equal(
    run(["check", "--offline", "--timeout", "1500", "--deadline", "1m30s"], { GOPROXY: "off" }).code,
    0,
  );
  for (const bad of ["0s", "0", "-1s", "1d", "5 s", "1000h"]) {
    const r = run(["check", "--offline", "--timeout", bad]);
    assert.equal(r.code, 2, bad);
    assert.match(r.err, /argument '.*' is invalid/, bad);
  }
  const both = run(["check", "--offline", "--json", "--markdown"]);
  assert.equal(both.code, 2);
  assert.match(both.err, /option '--json' cannot be used with option '--markdown'/);
  assert.equal(run(["why", "--json", "--markdown", "-"]).code, 2);
  const target = run(["fix", "--for", "bash"]);
  assert.equal(target.code, 2);
  assert.match(target.err, /Allowed choices are shell, powershell, cmd/);
});

test("--help tells examples, exit codes and the environment variables read", () => {
  const r = run(["--help"]);
  assert.equal(r.code, 0);
  for (const part of [
    /Examples:/,
    /--timeout 5s --deadline 1m/,
    /Exit codes:\n {2}0 {2}nothing wrong/,
    /GOPROXY/,
    /HTTPS_PROXY/,
    /NO_COLOR/,
  ])
    assert.match(r.out, part);
});

test("verify --json and verify --note --json print documents their schemas accept", () => {
  const dir = mkdtempSync(join(tmpdir(), "gpd-verify-cli-"));
  try {
    const sum = join(dir, "go.sum");
    writeFileSync(sum, "golang.org/x/mod v0.7.0/go.mod h1:iBbtSCu2XBx23ZKBPSOrRkjjQPZFPuis4dIYUhu/chs=\n");
    const r = run(["verify", "--json", "--read-only", sum], { GOSUMDB: "sum.golang.org http://127.0.0.1:1" });
    assert.equal(r.code, 1, r.err);
    const doc = parseDocument(r.out) as { entries: { status: string; line: number }[] };
    assert.deepEqual(
      doc.entries.map((e) => [e.status, e.line]),
      [["error", 1]],
    );
    const note = run([
      "verify",
      "--note",
      join(REPO_ROOT, "test", "fixtures", "sumdb", "real", "sth-15368405.note"),
      "--json",
    ]);
    assert.equal(note.code, 0, note.err);
    assert.equal((parseDocument(note.out) as { treeSize: number }).treeSize, 15368405);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const UNDICI_CLASS = /"ProxyAgent"\)/;

test("the bundles: every command's file links, and undici is shared and loaded only when a request needs it", async () => {
  const dir = join(REPO_ROOT, "dist", "cli");
  const bundles = readdirSync(dir).filter((f) => /^cmd-[a-z-]+\.js$/.test(f));
  assert.ok(bundles.length >= 10, `${bundles.length} command bundles`);
  for (const f of bundles) {
    // A named import the shared file lacks would fail here, at link time, not at a user's first request.
    await import(pathToFileURL(join(dir, f)).href);
    assert.doesNotMatch(
      readFileSync(join(dir, f), "utf8"),
      /\bProxyAgent=class\b/,
      `${f} carries its own undici`,
    );
  }
  assert.match(readFileSync(join(dir, "undici.js"), "utf8"), UNDICI_CLASS);
  const undici = (await import(pathToFileURL(join(dir, "undici.js")).href)) as Record<string, unknown>;
  for (const name of ["Agent", "ProxyAgent"]) assert.equal(typeof undici[name], "function", name);
  // The request API undici's index adds to every dispatcher, which httpGet and monitor's notifier call.
  const agent = new (undici.Agent as new () => { request: unknown; close(): Promise<void> })();
  assert.equal(typeof agent.request, "function");
  await agent.close();
  // check's HTTP client loads undici lazily from the shared file: a real GET to a loopback GOPROXY that answers 404.
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const proxy = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const r = await runAsync(["check", "--json", "--timeout", "5000"], { GOPROXY: proxy, GOSUMDB: "off" });
    assert.ok(r.code === 0 || r.code === 1, r.err);
    assert.equal((parseDocument(r.out) as { schema: string }).schema, "goproxy-doctor.check/v1");
    assert.ok(hits > 0, "the GOPROXY entry was reached");
  } finally {
    server.close();
  }
});
