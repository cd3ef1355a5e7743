// go-get discovery of a directly fetched module against the real go: check's prediction must be go's very
// error (or, where go goes on to run git, no prediction). The module path 127.0.0.1/team/lib is a valid one
// whose discovery page is https://127.0.0.1/team/lib?go-get=1, so the page is served on 127.0.0.1:443 with a
// certificate go trusts through SSL_CERT_FILE: no name to resolve. Port 443 needs root; the suite runs as root
// in a network namespace of its own (scripts/test.sh), where nothing else listens.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { generate } from "selfsigned";
import { check } from "../../src/features/check.js";
import { goSandboxEnv, spawnBounded } from "../support/modproxy.js";
import { answer, type StoredModule } from "../support/modstore.js";
import { type GoToolchain, requireToolchain, TOOLCHAINS } from "../support/toolchains.js";

const M = "127.0.0.1/team/lib";
const meta = (content: string) =>
  `<!DOCTYPE html>\n<html lang=en><head><meta charset="utf-8">\n<meta name="go-import" content="${content}">\n</head><body>go get</body></html>\n`;

interface Page {
  readonly status: number;
  readonly type?: string;
  readonly body: string;
}

interface Scenario {
  readonly name: string;
  readonly module?: string;
  /** Pages by request path and query. */
  readonly pages: Record<string, Page>;
  readonly env?: Record<string, string>;
  /** The cause predicted. */
  readonly cause: string;
}

/** A discovery page naming a git repository whose smart HTTP answers 401 (git then needs a username). */
const GIT_ASKS_FOR_CREDENTIALS: Record<string, Page> = {
  "/team/lib?go-get=1": { status: 200, body: meta(`${M} git https://127.0.0.1/team/lib.git`) },
  "/team/lib.git/info/refs?service=git-upload-pack": { status: 401, type: "text/plain", body: "sign in\n" },
};

const SCENARIOS: Scenario[] = [
  {
    name: "404 with a text/plain reason",
    pages: { "/team/lib?go-get=1": { status: 404, type: "text/plain", body: "no such project\n" } },
    cause: "vcs-discovery",
  },
  {
    name: "401 with an HTML login page",
    pages: {
      "/team/lib?go-get=1": { status: 401, type: "text/html", body: "<html><body>sign in</body></html>" },
    },
    cause: "vcs-discovery",
  },
  {
    name: "a meta tag for another prefix",
    pages: {
      "/team/lib?go-get=1": { status: 200, body: meta("127.0.0.1/other git https://127.0.0.1/other.git") },
    },
    cause: "vcs-discovery",
  },
  {
    name: "two matching meta tags",
    pages: {
      "/team/lib?go-get=1": {
        status: 200,
        body: `<html><head><meta name="go-import" content="${M} git https://127.0.0.1/a.git"><meta name="go-import" content="${M} hg https://127.0.0.1/b"></head></html>`,
      },
    },
    cause: "vcs-discovery",
  },
  {
    name: "a repository root without a scheme",
    pages: { "/team/lib?go-get=1": { status: 200, body: meta(`${M} git 127.0.0.1/team/lib.git`) } },
    cause: "vcs-discovery",
  },
  {
    name: "a VCS go does not know",
    pages: { "/team/lib?go-get=1": { status: 200, body: meta(`${M} cvs https://127.0.0.1/cvs`) } },
    cause: "vcs-discovery",
  },
  {
    name: "git found, GOVCS allows only hg",
    pages: { "/team/lib?go-get=1": { status: 200, body: meta(`${M} git https://127.0.0.1/team/lib.git`) } },
    env: { GOVCS: "public:hg" },
    cause: "govcs-disallowed",
  },
  {
    name: "a deeper path whose root page has no tag",
    module: `${M}/sub`,
    pages: {
      "/team/lib/sub?go-get=1": { status: 200, body: meta(`${M} git https://127.0.0.1/team/lib.git`) },
      "/team/lib?go-get=1": { status: 200, body: "<html><head></head><body></body></html>" },
    },
    cause: "vcs-discovery",
  },
  {
    name: "a deeper path whose root page names another repository",
    module: `${M}/sub`,
    pages: {
      "/team/lib/sub?go-get=1": { status: 200, body: meta(`${M} git https://127.0.0.1/team/lib.git`) },
      "/team/lib?go-get=1": { status: 200, body: meta(`${M} git https://127.0.0.1/elsewhere.git`) },
    },
    cause: "vcs-discovery",
  },
  {
    name: "nothing listens (127.0.0.2:443)",
    module: "127.0.0.2/team/lib",
    pages: {},
    cause: "connect-failure",
  },
  {
    name: "git found, its repository missing (git's 404)",
    pages: { "/team/lib?go-get=1": { status: 200, body: meta(`${M} git https://127.0.0.1/team/lib.git`) } },
    // `why`'s reading of git's "repository … not found": hosts answer so for a private repository too.
    cause: "vcs-auth",
  },
  {
    name: "git found, asking for credentials go cannot give (401)",
    pages: GIT_ASKS_FOR_CREDENTIALS,
    cause: "vcs-auth",
  },
  {
    name: "git found, @latest asking for credentials",
    module: `${M}@latest`,
    pages: GIT_ASKS_FOR_CREDENTIALS,
    cause: "vcs-auth",
  },
];

/** Modules the `mod` origin (https://127.0.0.1/proxy) serves, per scenario. */
let served: readonly StoredModule[] = [];

let server: Server;
let pages: Record<string, Page> = {};
let work = "";
let caFile = "";

before(async () => {
  work = mkdtempSync(join(tmpdir(), "gpd-discovery-go-"));
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keySize: 2048,
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  caFile = join(work, "ca.pem");
  writeFileSync(caFile, pems.cert);
  server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    if (req.url?.startsWith("/git/")) return void gitBackend(req, res);
    if (req.url?.startsWith("/proxy/")) {
      const [code, body, type] = answer(served, req.url.slice("/proxy/".length));
      return void res.writeHead(code, { "content-type": type }).end(body);
    }
    const p = pages[req.url ?? ""];
    if (p === undefined) return void res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    const auth = p.status === 401 ? { "www-authenticate": 'Basic realm="git"' } : {};
    res.writeHead(p.status, { "content-type": p.type ?? "text/html; charset=utf-8", ...auth }).end(p.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e) =>
      reject(
        new Error(
          `this test serves https://127.0.0.1:443 and needs root (scripts/test.sh runs it so): ${e.message}`,
        ),
      ),
    );
    server.listen(443, "127.0.0.1", resolve);
  });
});
after(() => {
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

for (const tc of TOOLCHAINS)
  for (const [i, s] of SCENARIOS.entries())
    test(`[${tc.label}] discovery, ${s.name}: check says what go says`, async () => {
      pages = s.pages;
      const module = s.module?.includes("@") ? s.module : `${s.module ?? M}@v1.0.0`;
      const home = mkdtempSync(join(work, `${tc.label}-h${i}-`));
      // git (run by go, and by check as go runs it) trusts the page's certificate through GIT_SSL_CAINFO.
      const env = goSandboxEnv(tc, home, null, {
        GOPROXY: "direct",
        SSL_CERT_FILE: caFile,
        GIT_SSL_CAINFO: caFile,
        ...s.env,
      });
      const go = await spawnBounded(tc.bin, ["mod", "download", module], {
        cwd: home,
        env,
        timeoutMs: 60_000,
      });
      assert.equal(go.code, 1, go.stderr);
      const report = await check({ modules: [module], env, crossCheck: false, phaseTimeoutMs: 3_000 });
      const m = report.modules[0]!;
      assert.ok(m.prediction, m.notPredicted ?? "");
      assert.equal(m.prediction.cause, s.cause);
      assert.equal(go.stderr.trim(), `go: ${m.prediction.goError}`);
    });

// A go-import entry with vcs `mod`: go asks the module proxy at its URL directly (modfetch/repo.go lookupDirect
// → newProxyRepo: one proxy, no GOPROXY list, no fall-back). check follows it with the same requests; run
// against go1.19 and go1.26, each named by path.
const MOD_PAGE = { "/team/lib?go-get=1": { status: 200, body: meta(`${M} mod https://127.0.0.1/proxy`) } };
const MOD_SCENARIOS: readonly { name: string; query: string; served: readonly StoredModule[] }[] = [
  { name: "serves the version", query: "v1.0.0", served: [{ path: M, versions: ["v1.0.0", "v1.1.0"] }] },
  { name: "serves latest", query: "latest", served: [{ path: M, versions: ["v1.0.0", "v1.1.0"] }] },
  { name: "lacks the version", query: "v1.9.0", served: [{ path: M, versions: ["v1.0.0"] }] },
  { name: "lacks the module", query: "v1.0.0", served: [] },
];

const modResults: { tc: string; agree: boolean }[] = [];
after(() => {
  for (const tc of TOOLCHAINS) {
    const mine = modResults.filter((r) => r.tc === tc.label);
    process.stdout.write(
      `# mod origins, ${tc.label} (${tc.bin}): ${mine.filter((r) => r.agree).length}/${mine.length} agree\n`,
    );
  }
});

for (const tc of TOOLCHAINS as readonly GoToolchain[])
  for (const [i, s] of MOD_SCENARIOS.entries())
    test(`${tc.label}: a mod go-import origin that ${s.name}: check follows it as go does`, async () => {
      requireToolchain(tc);
      let agree = false;
      try {
        pages = MOD_PAGE;
        served = s.served;
        const module = `${M}@${s.query}`;
        const home = mkdtempSync(join(work, `mod${i}-`));
        const env = goSandboxEnv(tc, home, null, { GOPROXY: "direct", SSL_CERT_FILE: caFile });
        const go = await spawnBounded(tc.bin, ["mod", "download", "-json", module], {
          cwd: home,
          env,
          timeoutMs: 60_000,
        });
        let error: string | null = null;
        try {
          error = (JSON.parse(go.stdout) as { Error?: string }).Error ?? null;
        } catch {
          error = go.stderr.trim().replace(/^go: /, "");
        }
        // A module cache of its own: go's download would otherwise be found there (no request at all).
        const ours = mkdtempSync(join(work, `mod${i}-ours-`));
        const report = await check({
          modules: [module],
          env: { ...env, HOME: ours, GOPATH: join(ours, "gopath") },
          crossCheck: false,
          phaseTimeoutMs: 3_000,
        });
        const p = report.modules[0]!.prediction;
        assert.ok(p !== null, report.modules[0]!.notPredicted ?? "");
        assert.equal(p.outcome, go.code === 0 ? "ok" : "fail", `go: ${go.stderr}${go.stdout}`);
        if (go.code === 0) assert.equal(p.servedBy, "direct");
        else assert.equal(p.goError, error);
        agree = true;
      } finally {
        modResults.push({ tc: tc.label, agree });
      }
    });

// A git repository served over git's smart HTTP at https://127.0.0.1/git/lib.git (git http-backend as CGI),
// with tags v1.0.0 and sub/v1.0.0: after `git ls-remote`, a version whose tag the refs lack fails with
// `unknown revision` before go fetches anything (codehost/git.go stat); check reads the same refs.
function gitBackend(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "https://127.0.0.1");
  const cgi = spawn("git", ["http-backend"], {
    env: {
      PATH: "/usr/bin:/bin",
      GIT_PROJECT_ROOT: join(work, "git"),
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: url.pathname.slice("/git".length),
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: req.method ?? "GET",
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      REMOTE_ADDR: "127.0.0.1",
    },
  });
  req.pipe(cgi.stdin);
  const chunks: Buffer[] = [];
  cgi.stdout.on("data", (d: Buffer) => chunks.push(d));
  cgi.on("close", () => {
    const out = Buffer.concat(chunks);
    const end = out.indexOf("\r\n\r\n");
    const head = out.subarray(0, Math.max(end, 0)).toString().split("\r\n");
    const headers: Record<string, string> = {};
    let status = 200;
    for (const h of head) {
      const i = h.indexOf(":");
      if (i < 0) continue;
      const k = h.slice(0, i).trim().toLowerCase();
      const v = h.slice(i + 1).trim();
      if (k === "status") status = Number.parseInt(v, 10);
      else headers[k] = v;
    }
    res.writeHead(status, headers).end(out.subarray(end + 4));
  });
}

function makeRepo(): void {
  const src = join(work, "src");
  mkdirSync(src, { recursive: true });
  const git = (args: string[], cwd = src) =>
    execFileSync("git", args, {
      cwd,
      env: {
        PATH: "/usr/bin:/bin",
        HOME: work,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.com",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.com",
      },
    });
  git(["init", "-q", "-b", "main"]);
  writeFileSync(join(src, "go.mod"), `module ${M}\n\ngo 1.16\n`);
  writeFileSync(join(src, "lib.go"), "package lib\n");
  git(["add", "."]);
  git(["commit", "-q", "-m", "first"]);
  git(["tag", "v1.0.0"]);
  git(["tag", "sub/v1.0.0"]);
  // v1.1.0's go.mod declares another path: `go mod download` still succeeds (go1.19 and go1.26 alike);
  // the mismatch only stops builds and `go get` (modload), so check must not call it a failure.
  writeFileSync(join(src, "go.mod"), "module example.com/other\n\ngo 1.16\n");
  git(["commit", "-q", "-am", "moved"]);
  git(["tag", "v1.1.0"]);
  mkdirSync(join(work, "git"), { recursive: true });
  git(["clone", "-q", "--bare", src, join(work, "git", "lib.git")], work);
}

/** The discovery pages of module and of the repository root (go checks the root's page for a deeper path). */
const GIT_PAGES = (module: string): Record<string, Page> => {
  const page = { status: 200, body: meta(`${M} git https://127.0.0.1/git/lib.git`) };
  return { [`${module.slice("127.0.0.1".length)}?go-get=1`]: page, "/team/lib?go-get=1": page };
};
const GIT_SCENARIOS: readonly { name: string; module: string; query: string; unknown: string | null }[] = [
  { name: "a version without its tag", module: M, query: "v1.9.0", unknown: "v1.9.0" },
  {
    name: "a subdirectory module without its tag",
    module: `${M}/sub`,
    query: "v1.1.0",
    unknown: "sub/v1.1.0",
  },
  { name: "a /v2 module without a v2 tag", module: `${M}/v2`, query: "v2.0.0", unknown: "v2.0.0" },
  {
    name: "a +incompatible version without its tag",
    module: M,
    query: "v3.0.0+incompatible",
    unknown: "v3.0.0",
  },
  { name: "a tagged version: go goes on to fetch", module: M, query: "v1.0.0", unknown: null },
  {
    name: "a tag whose go.mod declares another path: go mod download succeeds",
    module: M,
    query: "v1.1.0",
    unknown: null,
  },
];

const gitResults: { tc: string; agree: boolean }[] = [];
after(() => {
  for (const tc of TOOLCHAINS) {
    const mine = gitResults.filter((r) => r.tc === tc.label);
    process.stdout.write(
      `# git refs, ${tc.label} (${tc.bin}): ${mine.filter((r) => r.agree).length}/${mine.length} agree\n`,
    );
  }
});

let repoMade = false;
for (const tc of TOOLCHAINS as readonly GoToolchain[])
  for (const [i, s] of GIT_SCENARIOS.entries())
    test(`${tc.label}: git over smart HTTP, ${s.name}: check says what go says`, async () => {
      requireToolchain(tc);
      let agree = false;
      try {
        if (!repoMade) makeRepo();
        repoMade = true;
        pages = GIT_PAGES(s.module);
        const module = `${s.module}@${s.query}`;
        const home = mkdtempSync(join(work, `git${i}-`));
        const env = goSandboxEnv(tc, home, null, {
          GOPROXY: "direct",
          SSL_CERT_FILE: caFile,
          GIT_SSL_CAINFO: caFile,
        });
        const go = await spawnBounded(tc.bin, ["mod", "download", module], {
          cwd: home,
          env,
          timeoutMs: 60_000,
        });
        const ours = mkdtempSync(join(work, `git${i}-ours-`));
        const report = await check({
          modules: [module],
          env: { ...env, HOME: ours, GOPATH: join(ours, "gopath") },
          crossCheck: false,
          phaseTimeoutMs: 5_000,
        });
        const m = report.modules[0]!;
        if (s.unknown === null) {
          assert.equal(go.code, 0, go.stderr);
          assert.equal(m.prediction, null);
          assert.match(m.notPredicted ?? "", /go goes on to fetch/);
        } else {
          assert.notEqual(go.code, 0);
          assert.ok(m.prediction !== null, m.notPredicted ?? "");
          assert.equal(m.prediction.cause, "not-found");
          assert.equal(go.stderr.trim(), `go: ${m.prediction.goError}`);
          assert.match(
            m.prediction.goError ?? "",
            new RegExp(`unknown revision ${s.unknown.replace(/[.+]/g, "\\$&")}$`),
          );
        }
        agree = true;
      } finally {
        gitResults.push({ tc: tc.label, agree });
      }
    });
