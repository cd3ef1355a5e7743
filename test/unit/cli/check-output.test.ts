// check's output: the verdict first, one merged command per variable, advice once, Markdown prose outside
// code blocks, check/v1 changed only by additions.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../../support/gobuild.js";
import { cleanEnv, GO126 } from "../../support/toolchains.js";

const bin = join(REPO_ROOT, "bin", "goproxy-doctor.js");

function run(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const COMMAND = /^(export|unset|go env -[wu]) [A-Z][A-Z0-9_]*/;

test("check --offline: verdict first, one command per variable (merged), advice once, -v for details", () => {
  const home = mkdtempSync(join(tmpdir(), "gpd-check-out-"));
  try {
    mkdirSync(join(home, ".config", "go"), { recursive: true });
    writeFileSync(join(home, ".config", "go", "env"), "GOSUMDB=off\n");
    const env = cleanEnv(GO126, {
      HOME: home,
      NO_COLOR: "1",
      GOTOOLCHAIN: "local",
      // Several bad GOFLAGS words, a GOENV GOSUMDB=off under the environment, a quoted GOPROXY.
      GOFLAGS: "GOPROXY=x -mod=wat -modcacherw",
      GOSUMDB: "sum.golang.org",
      GOPROXY: '"https://goproxy.cn,direct"',
    });
    const text = run(["check", "--offline"], env);
    const lines = text.out.split("\n");
    assert.match(lines[0]!, /^✗ go will fail: .* — run: (export|go env -[wu]|unset) /);
    const fixAt = lines.indexOf("Fix (paste these)");
    assert.ok(fixAt > 0, text.out);
    const commands = lines
      .slice(fixAt + 1)
      .filter((l) => COMMAND.test(l.trim()))
      .map((l) => l.trim());
    // One command per variable and layer, each the merged result.
    // (errors first, in the lint's order; the shadowed GOSUMDB=off is a warning)
    assert.deepEqual(commands, [
      "export GOPROXY=https://goproxy.cn,direct",
      "export GOFLAGS=-modcacherw",
      "go env -u GOSUMDB",
    ]);
    const names = commands.map((c) => `${c.split(" ")[0]} ${/[A-Z][A-Z0-9_]*/.exec(c)![0]}`);
    assert.equal(new Set(names).size, names.length);
    // Advice is printed once per cause, not under every finding.
    const advice = lines.filter((l) => l.includes("goproxy-doctor env` shows where each value comes from"));
    assert.ok(advice.length <= 1);
    const verbose = run(["check", "--offline", "-v"], env);
    assert.equal(verbose.out.split("\n")[0], lines[0]);
    assert.ok(verbose.out.split("\n").length > lines.length);

    const md = run(["check", "--offline", "--markdown"], env).out;
    let inCode = false;
    for (const l of md.split("\n")) {
      if (l.startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      if (inCode) assert.match(l, COMMAND, `prose inside a code block: ${l}`);
    }
    assert.match(md, /^## goproxy-doctor check\n\n\*\*go will fail/);

    const doc = JSON.parse(run(["check", "--offline", "--json"], env).out) as Record<string, unknown> & {
      findings: Record<string, unknown>[];
      fixes: { commands: string[]; changes: unknown[]; addressed: string[]; unfixed: string[] };
    };
    // Additions only: every key of check/v1 before this change is still there.
    for (const k of [
      "schema",
      "ok",
      "go",
      "answeredFor",
      "environment",
      "findings",
      "endpoints",
      "protocol",
      "modules",
      "skipped",
    ])
      assert.ok(k in doc, k);
    for (const f of doc.findings)
      for (const k of ["id", "severity", "cause", "message", "fix", "evidence"]) assert.ok(k in f, k);
    assert.deepEqual(doc.fixes.commands, commands);
    assert.deepEqual(doc.fixes.unfixed, []);
    assert.equal(typeof doc.verdict, "string");
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test("check --offline on a healthy configuration: a ✓ verdict and no fix section", () => {
  const home = mkdtempSync(join(tmpdir(), "gpd-check-ok-"));
  try {
    const r = run(
      ["check", "--offline"],
      cleanEnv(GO126, { HOME: home, NO_COLOR: "1", GOTOOLCHAIN: "local" }),
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.out.split("\n")[0]!, /^✓ /);
    assert.doesNotMatch(r.out, /Fix \(paste these\)/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
