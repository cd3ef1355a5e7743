import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, test } from "node:test";
import { parseWhyArgs, runWhy } from "../../../src/cli/commands/why.js";
import { why } from "../../../src/features/why.js";

let server: http.Server;
let base = "";
// Port 1: nothing listens there, and unlike a freed ephemeral port no other test can take it.
const closedPort = 1;
const dir = mkdtempSync(join(tmpdir(), "gpd-why-test-"));
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir };

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.includes("/missing/")) res.writeHead(404).end("not found");
    else if (req.url?.includes("/broken/")) res.writeHead(503).end("down");
    else res.writeHead(200).end('{"Version":"v1.0.0"}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const opts = { env, phaseTimeoutMs: 2_000, deadlineMs: 5_000 };
const stdin = (s: string) => Readable.from([Buffer.from(s)]);

test("a 404 diagnosis is confirmed by a probe of the same URL on loopback", async () => {
  const log = `go: example.com/m@v1.0.0: reading ${base}/missing/example.com/m/@v/v1.0.0.info: 404 Not Found\n\tserver response: not found\n`;
  const r = await why({ kind: "stdin" }, { ...opts, stdin: stdin(log) });
  assert.equal(r.diagnoses.length, 1);
  assert.equal(r.diagnoses[0]!.cause, "not-found");
  assert.equal(r.diagnoses[0]!.confirmed, true);
  assert.equal(r.diagnoses[0]!.probe?.status, 404);
});

test("a refused connection is confirmed; a diagnosis the endpoint no longer shows is not", async () => {
  const log =
    `go: example.com/a@v1.0.0: Get "http://127.0.0.1:${closedPort}/example.com/a/@v/v1.0.0.info": dial tcp 127.0.0.1:${closedPort}: connect: connection refused\n` +
    `go: example.com/b@v1.0.0: reading ${base}/broken/example.com/b/@v/v1.0.0.info: 503 Service Unavailable\n` +
    `go: example.com/c@v1.0.0: Get "${base}/fine/example.com/c/@v/v1.0.0.info": read tcp 127.0.0.1:1->127.0.0.1:2: read: connection reset by peer\n`;
  const r = await why({ kind: "stdin" }, { ...opts, stdin: stdin(log) });
  const by = new Map(r.diagnoses.map((d) => [d.modules[0], d]));
  assert.equal(by.get("example.com/a@v1.0.0")?.confirmed, true);
  assert.equal(by.get("example.com/b@v1.0.0")?.cause, "proxy-error");
  assert.equal(by.get("example.com/b@v1.0.0")?.confirmed, true);
  assert.equal(by.get("example.com/c@v1.0.0")?.cause, "connect-failure");
  assert.equal(by.get("example.com/c@v1.0.0")?.confirmed, false);
});

test("--no-probe and causes without an endpoint leave confirmed null", async () => {
  const log = `go: example.com/m@v1.0.0: reading ${base}/missing/x/@v/v1.0.0.info: 404 Not Found\ngo: example.com/n@v1.0.0: module lookup disabled by GOPROXY=off\n`;
  const r = await why({ kind: "stdin" }, { ...opts, probe: false, stdin: stdin(log) });
  assert.equal(r.probed, false);
  assert.deepEqual(
    r.diagnoses.map((d) => d.confirmed),
    [null, null],
  );
  const r2 = await why(
    { kind: "stdin" },
    { ...opts, stdin: stdin("go: example.com/n@v1.0.0: module lookup disabled by GOPROXY=off\n") },
  );
  assert.equal(r2.diagnoses[0]!.confirmed, null);
});

test("-- <command>: output and exit status are captured", async () => {
  const script = `process.stderr.write('go: example.com/m@v1.0.0: module lookup disabled by GOPROXY=off\\n'); process.exit(1)`;
  const r = await why({ kind: "command", argv: [process.execPath, "-e", script] }, { ...opts, probe: false });
  assert.equal(r.exitStatus, 1);
  assert.equal(r.diagnoses[0]!.cause, "goproxy-off");
});

test("-- go …: the real go (GOPROXY=off, no network) is diagnosed", async () => {
  const goEnv = {
    ...env,
    GOPATH: join(dir, "gopath"),
    GOCACHE: join(dir, "gocache"),
    GOENV: "off",
    GOTOOLCHAIN: "local",
    GOFLAGS: "-modcacherw",
    GO111MODULE: "on",
    GOPROXY: "off",
    GOSUMDB: "off",
  };
  const r = await why(
    { kind: "command", argv: ["go", "mod", "download", "example.com/m@v1.0.0"] },
    { ...opts, env: goEnv },
  );
  assert.equal(r.exitStatus, 1);
  assert.deepEqual(
    r.diagnoses.map((d) => d.cause),
    ["goproxy-off"],
  );
});

test("a command that never finishes is stopped and reported as a timeout", async () => {
  const r = await why(
    { kind: "command", argv: [process.execPath, "-e", "setTimeout(() => {}, 60000)"] },
    { ...opts, probe: false, commandTimeoutMs: 300 },
  );
  assert.equal(r.commandTimedOut, true);
  assert.equal(r.diagnoses[0]!.cause, "timeout");
});

test("argument parsing: file, -, -- go …, and usage errors", () => {
  assert.deepEqual(parseWhyArgs(["log.txt"], true), { kind: "file", path: "log.txt" });
  assert.deepEqual(parseWhyArgs(["-"], true), { kind: "stdin" });
  assert.deepEqual(parseWhyArgs([], false), { kind: "stdin" });
  assert.deepEqual(parseWhyArgs(["--", "go", "build"], true), { kind: "command", argv: ["go", "build"] });
  assert.deepEqual(parseWhyArgs(["go", "mod", "tidy"], true), {
    kind: "command",
    argv: ["go", "mod", "tidy"],
  });
  assert.equal(typeof parseWhyArgs([], true), "string");
  assert.equal(typeof parseWhyArgs(["a", "b"], true), "string");
  assert.equal(typeof parseWhyArgs(["--"], true), "string");
});

test("runWhy: exit 0 without download errors, 1 with (JSON goproxy-doctor.why/v1), 2 for an unreadable file", async () => {
  let out = "";
  let err = "";
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } };
  const clean = join(dir, "clean.log");
  writeFileSync(clean, "go: downloading example.com/m v1.0.0\n");
  assert.equal(await runWhy([clean], { ...io, probe: false }), 0);
  assert.match(out, /No module-download error/);

  const bad = join(dir, "bad.log");
  writeFileSync(
    bad,
    "2024-05-01T10:00:00.1234567Z go: example.com/m@v1.0.0: reading https://bob:s3cret@goproxy.example/example.com/m/@v/v1.0.0.info: 401 Unauthorized\n",
  );
  out = "";
  assert.equal(await runWhy([bad], { ...io, probe: false, json: true }), 1);
  const doc = JSON.parse(out) as { schema: string; ok: boolean; diagnoses: Record<string, unknown>[] };
  assert.equal(doc.schema, "goproxy-doctor.why/v1");
  assert.equal(doc.ok, false);
  const d = doc.diagnoses[0]!;
  for (const k of ["cause", "confidence", "evidence", "module", "host", "explanation", "fix", "confirmed"])
    assert.ok(k in d, k);
  assert.equal(d.cause, "proxy-auth");
  assert.equal(d.confirmed, null);
  assert.ok(!out.includes("s3cret"));

  out = "";
  assert.equal(await runWhy([bad], { ...io, probe: false, markdown: true }), 1);
  assert.match(out, /^## goproxy-doctor why/);

  assert.equal(await runWhy([join(dir, "nope.log")], io), 2);
  assert.match(err, /cannot read/);
  assert.equal(await runWhy(["a", "b"], io), 2);
});
