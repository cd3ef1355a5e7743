// Direct fetches go refuses before any network — GOVCS (malformed, or not allowing the VCS of a repository on
// a host go knows or named by its path) and module paths its VCS rules reject — against the real go: check's
// prediction must be go's very error. GOPROXY=direct, or a loopback proxy answering 404 before `,direct`.
// The suite runs in a network namespace; these cases need no network at all.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { check } from "../../src/features/check.js";
import { goSandboxEnv, spawnBounded } from "../support/modproxy.js";
import { TOOLCHAINS } from "../support/toolchains.js";

interface Case {
  readonly module: string;
  readonly env: Record<string, string>;
  readonly cause: string;
}

const CASES: Case[] = [
  { module: "github.com/acme/lib@v1.0.0", env: { GOVCS: "public:hg" }, cause: "govcs-disallowed" },
  { module: "github.com/acme/lib@latest", env: { GOVCS: "bad" }, cause: "config-invalid" },
  { module: "github.com/acme/lib@v1.0.0", env: { GOVCS: "public:git,public:hg" }, cause: "config-invalid" },
  { module: "chiselapp.com/user/x/repository/y@v1.0.0", env: {}, cause: "govcs-disallowed" },
  {
    module: "git.corp.example/team/lib.git@v1.2.0",
    env: { GOPRIVATE: "git.corp.example", GOVCS: "private:hg" },
    cause: "govcs-disallowed",
  },
  { module: "github.com/acme@v1.0.0", env: {}, cause: "invalid-path" },
  { module: "github.com/acme/lib.git@v1.0.0", env: {}, cause: "invalid-path" },
];

let notFound: ReturnType<typeof createServer>;
let work = "";
before(async () => {
  work = mkdtempSync(join(tmpdir(), "gpd-govcs-go-"));
  notFound = createServer((_req, res) =>
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n"),
  );
  await new Promise<void>((r) => notFound.listen(0, "127.0.0.1", r));
});
after(() => {
  notFound.close();
  rmSync(work, { recursive: true, force: true });
});

for (const tc of TOOLCHAINS)
  for (const [i, c] of CASES.entries())
    for (const via of ["direct", "404 then direct"] as const)
      test(`[${tc.label}] ${c.module} with ${JSON.stringify(c.env)}, GOPROXY ${via}: check predicts go's refusal`, async () => {
        const home = mkdtempSync(join(work, `${tc.label}-h${i}-`));
        const goproxy =
          via === "direct" ? "direct" : `http://127.0.0.1:${(notFound.address() as AddressInfo).port},direct`;
        const env = goSandboxEnv(tc, home, null, { GOPROXY: goproxy, ...c.env });
        const go = await spawnBounded(tc.bin, ["mod", "download", c.module], {
          cwd: home,
          env,
          timeoutMs: 60_000,
        });
        assert.equal(go.code, 1, go.stderr);
        const report = await check({ modules: [c.module], env, crossCheck: false, phaseTimeoutMs: 1_500 });
        const p = report.modules[0]!.prediction;
        assert.ok(p, report.modules[0]!.notPredicted ?? "no prediction");
        assert.equal(p.outcome, "fail");
        assert.equal(p.cause, c.cause);
        assert.equal(go.stderr.trim(), `go: ${p.goError}`);
        // go refuses before the origin: check does not probe it either.
        assert.ok(!report.endpoints.some((e) => e.role === "vcs"));
      });
