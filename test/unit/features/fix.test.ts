// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the expected texts are CI and dev-container syntax, not JS templates
// `fix --for TARGET` end to end through runFix: the offline check as input, --write with a diff first,
// atomic writes that keep everything else in the file, usage errors, the security and credential rules.
import assert from "node:assert/strict";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parseDocument } from "yaml";
import { type FixCommandOptions, type FixIO, runFix } from "../../../src/cli/commands/fix.js";
import { parseJsonc } from "../../../src/core/fixes/edit.js";
import { BLOCK_BEGIN, TARGETS } from "../../../src/core/fixes/target.js";
import { planFix, writePlannedFile } from "../../../src/features/fix.js";
import { GO119, toolchainPath } from "../../support/toolchains.js";

const root = mkdtempSync(join(tmpdir(), "fix-feature-"));
after(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh project directory and HOME. */
function sandbox(): { dir: string; home: string } {
  n++;
  const dir = join(root, `p${n}`);
  const home = join(root, `h${n}`);
  mkdirSync(dir, { recursive: true });
  mkdirSync(home, { recursive: true });
  return { dir, home };
}

async function run(
  opts: FixCommandOptions,
  env: Record<string, string>,
  s: { dir: string; home: string },
  confirm: FixIO["confirm"] = null,
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runFix(opts, {
    stdout: (x) => {
      out += x;
    },
    stderr: (x) => {
      err += x;
    },
    confirm,
    // The answers are go1.19's: it is the go on PATH (GOTOOLCHAIN exists from go1.21 on).
    env: { HOME: s.home, PATH: toolchainPath(GO119), GOTOOLCHAIN: "local", ...env },
    cwd: s.dir,
  });
  return { code, out, err };
}

const PRIVATE_ENV = { GOPRIVATE: "git.corp.example", GOPROXY: "https://goproxy.corp.example,direct" };

test("unknown or missing target: usage error listing the valid targets", async () => {
  const s = sandbox();
  const r = await run({ for: "bash" }, {}, s);
  assert.equal(r.code, 2);
  assert.match(
    r.err,
    /unknown target "bash"; valid targets: shell, powershell, cmd, dockerfile, github-actions, gitlab-ci, vscode, devcontainer, wsl/,
  );
  assert.equal((await run({}, {}, s)).code, 2);
  assert.equal((await run({ for: "shell", style: "fish" }, {}, s)).code, 2);
});

test("default input is an offline check: the current settings, corrected, in the target's idiom", async () => {
  const s = sandbox();
  const r = await run({ for: "dockerfile", json: true }, { ...PRIVATE_ENV, GOSUMDB: "off" }, s);
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out);
  assert.equal(doc.schema, "goproxy-doctor.fix/v1");
  assert.equal(doc.source, "check");
  assert.ok(
    doc.skipped.some((x: string) => x.includes("--offline")),
    "no network without --online",
  );
  assert.ok(doc.addressed.includes("gosumdb.off"));
  assert.deepEqual(
    doc.settings.map((x: { name: string; scope: string }) => [x.name, x.scope]),
    [
      ["GOPROXY", "image-env"],
      ["GOPRIVATE", "image-env"],
      ["GOSUMDB", "unset"],
    ],
  );
  assert.doesNotMatch(doc.snippet, /GOSUMDB=off/);
  assert.ok(doc.traps.length > 0);
});

test("explicit options replace the check; weakening needs --allow-insecure and then warns", async () => {
  const s = sandbox();
  const refused = await run({ for: "shell", sumdb: "off" }, {}, s);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /allow-insecure/);
  const allowed = await run({ for: "shell", sumdb: "off", allowInsecure: true, json: true }, {}, s);
  assert.equal(allowed.code, 0);
  const doc = JSON.parse(allowed.out);
  assert.equal(doc.source, "options");
  assert.ok(doc.warnings.some((w: string) => w.startsWith("INSECURE")));
  assert.match(doc.snippet, /GOSUMDB=off/);
  assert.equal((await run({ for: "shell", ca: join(s.dir, "missing.pem") }, {}, s)).code, 2);
});

test("credentials never appear: not in text, JSON, diffs or written files", async () => {
  const s = sandbox();
  const env = {
    GOPROXY: "https://ci:Tok3nXYZ@goproxy.corp.example,direct",
    HTTPS_PROXY: "http://bob:Pw0rdXYZ@proxy.corp.example:3128",
  };
  // Every target, including any added later.
  for (const target of TARGETS) {
    for (const json of [false, true]) {
      const r = await run({ for: target, json }, env, s);
      assert.ok(!/Tok3nXYZ|Pw0rdXYZ/.test(r.out + r.err), `${target} json=${json}`);
    }
  }
  const w = await run({ for: "shell", write: true, yes: true }, env, s);
  assert.equal(w.code, 0, w.err);
  const rc = readFileSync(join(s.home, ".bashrc"), "utf8");
  assert.ok(!/Tok3nXYZ|Pw0rdXYZ/.test(rc + w.out));
  assert.match(rc, /export HTTPS_PROXY=http:\/\/"\$\{HTTPS_PROXY_USER\}"/);
});

test("--write shows the diff first and writes nothing without confirmation", async () => {
  const s = sandbox();
  mkdirSync(join(s.dir, ".vscode"));
  const file = join(s.dir, ".vscode", "settings.json");
  const before = '{\n  // mine\n  "editor.tabSize": 4,\n}\n';
  writeFileSync(file, before);
  const r = await run({ for: "vscode", write: true }, PRIVATE_ENV, s);
  assert.equal(r.code, 1, "not confirmed: exit 1");
  assert.match(r.out, /Changes to \.vscode\/settings\.json/);
  assert.match(r.out, /\+\s+"go\.toolsEnvVars": \{/);
  assert.match(r.out, /not written/);
  assert.equal(readFileSync(file, "utf8"), before);
  // Declined interactively: still nothing written.
  const asked: string[] = [];
  const no = await run({ for: "vscode", write: true }, PRIVATE_ENV, s, async (q) => {
    asked.push(q);
    return false;
  });
  assert.equal(no.code, 1);
  assert.deepEqual(asked, ["Write .vscode/settings.json? [y/N] "]);
  assert.equal(readFileSync(file, "utf8"), before);
  // Confirmed: merged, comments and other keys kept.
  const yes = await run({ for: "vscode", write: true }, PRIVATE_ENV, s, async () => true);
  assert.equal(yes.code, 0, yes.err);
  const after = readFileSync(file, "utf8");
  assert.ok(after.startsWith('{\n  // mine\n  "editor.tabSize": 4,'));
  const doc = parseJsonc(after) as Record<string, Record<string, string>>;
  assert.equal(doc["go.toolsEnvVars"]!.GOPRIVATE, "git.corp.example");
  assert.equal(doc["terminal.integrated.env.osx"]!.GOPROXY, "https://goproxy.corp.example,direct");
  // A second run finds nothing to change.
  const again = await run({ for: "vscode", write: true, yes: true }, PRIVATE_ENV, s);
  assert.equal(again.code, 0);
  assert.match(again.out, /already has these settings/);
  assert.ok(!readdirSync(join(s.dir, ".vscode")).some((f) => f.endsWith(".tmp")));
});

test("--write github-actions: the workflow's env is merged through the YAML Document API, comments kept", async () => {
  const s = sandbox();
  mkdirSync(join(s.dir, ".github", "workflows"), { recursive: true });
  const file = join(s.dir, ".github", "workflows", "ci.yml");
  const before = [
    "# CI for the service",
    "name: ci",
    "on:",
    "  push:",
    "    branches: [main] # only main",
    "",
    "jobs:",
    "  test:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      # tests",
    "      - run: go test ./...",
    "",
  ].join("\n");
  writeFileSync(file, before);
  const r = await run({ for: "github-actions", write: true, yes: true, json: true }, PRIVATE_ENV, s);
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out);
  assert.equal(doc.file.status, "written");
  assert.equal(doc.file.path, ".github/workflows/ci.yml");
  const after = readFileSync(file, "utf8");
  for (const kept of [
    "# CI for the service",
    "branches: [main] # only main",
    "# tests",
    "- run: go test ./...",
  ])
    assert.ok(after.includes(kept), kept);
  const y = parseDocument(after).toJS();
  assert.deepEqual(y.env, { GOPROXY: "https://goproxy.corp.example,direct", GOPRIVATE: "git.corp.example" });
  assert.ok(after.indexOf("env:") < after.indexOf("jobs:"));
  // The diff only adds lines.
  const changes = (doc.file.diff as string).split("\n").filter((l) => /^[-+](?![-+])/.test(l));
  assert.ok(
    changes.every((l) => l.startsWith("+")),
    changes.join("\n"),
  );
});

test("--write dockerfile: the block follows the build stage's FROM; a rerun replaces it; no Dockerfile is an error", async () => {
  const s = sandbox();
  const file = join(s.dir, "Dockerfile");
  const df =
    "FROM golang:1.22 AS build\nWORKDIR /src\nRUN go mod download\nFROM scratch\nCOPY --from=build /x /x\n";
  assert.equal((await run({ for: "dockerfile", write: true, yes: true }, PRIVATE_ENV, s)).code, 2);
  writeFileSync(file, df);
  const r = await run({ for: "dockerfile", write: true, yes: true }, PRIVATE_ENV, s);
  assert.equal(r.code, 0, r.err);
  const lines = readFileSync(file, "utf8").split("\n");
  assert.equal(lines[0], "FROM golang:1.22 AS build");
  assert.equal(lines[1], BLOCK_BEGIN);
  assert.ok(
    readFileSync(file, "utf8").endsWith(
      "WORKDIR /src\nRUN go mod download\nFROM scratch\nCOPY --from=build /x /x\n",
    ),
  );
  const r2 = await run(
    { for: "dockerfile", write: true, yes: true },
    { ...PRIVATE_ENV, GOPRIVATE: "other.example" },
    s,
  );
  assert.equal(r2.code, 0);
  const text = readFileSync(file, "utf8");
  assert.equal(text.split(BLOCK_BEGIN).length, 2, "one block");
  assert.match(text, /GOPRIVATE=other\.example/);
  assert.doesNotMatch(text, /git\.corp\.example/);
});

test("--write shell: through a symlinked ~/.bashrc, keeping it a symlink and the rest of the file", async () => {
  const s = sandbox();
  const real = join(s.dir, "dotfiles-bashrc");
  writeFileSync(real, "export EDITOR=vim\n");
  chmodSync(real, 0o600);
  symlinkSync(real, join(s.home, ".bashrc"));
  const r = await run({ for: "shell", write: true, yes: true }, PRIVATE_ENV, s);
  assert.equal(r.code, 0, r.err);
  const text = readFileSync(real, "utf8");
  assert.ok(text.startsWith("export EDITOR=vim\n\n# >>> goproxy-doctor fix >>>\n"));
  assert.match(text, /export GOPRIVATE=git\.corp\.example/);
  assert.equal(readdirSync(s.home).length, 1);
  assert.equal((await import("node:fs")).lstatSync(join(s.home, ".bashrc")).isSymbolicLink(), true);
  assert.equal((await import("node:fs")).statSync(real).mode & 0o777, 0o600, "permissions kept");
});

test("atomic write: a file changed after the diff, or an unwritable directory, leaves everything as it was", async () => {
  const s = sandbox();
  const file = join(s.dir, ".gitlab-ci.yml");
  writeFileSync(file, "stages: [build]\n");
  const r = await planFix({
    target: "gitlab-ci",
    write: true,
    env: { HOME: s.home, ...PRIVATE_ENV },
    cwd: s.dir,
  });
  assert.ok("plan" in r && r.plan.write !== null);
  writeFileSync(file, "stages: [build, test]\n");
  assert.throws(() => writePlannedFile(r.plan.write!), /changed since the diff/);
  assert.equal(readFileSync(file, "utf8"), "stages: [build, test]\n");
  if (process.getuid?.() !== 0) {
    writeFileSync(file, "stages: [build]\n");
    chmodSync(s.dir, 0o500);
    try {
      const w = await run({ for: "gitlab-ci", write: true, yes: true }, PRIVATE_ENV, s);
      assert.equal(w.code, 2);
      assert.match(w.err, /cannot write/);
    } finally {
      chmodSync(s.dir, 0o700);
    }
    assert.equal(readFileSync(file, "utf8"), "stages: [build]\n");
    assert.deepEqual(readdirSync(s.dir), [".gitlab-ci.yml"]);
  }
});

test("--write targets without a file or a default: cmd and powershell are usage errors", async () => {
  const s = sandbox();
  assert.match((await run({ for: "cmd", write: true }, {}, s)).err, /no file to write/);
  assert.match((await run({ for: "powershell", write: true }, {}, s)).err, /\$PROFILE/);
  assert.match((await run({ for: "devcontainer", write: true }, PRIVATE_ENV, s)).err, /create it first/);
});

test("exit 1 when a problem remains that no setting settles", async () => {
  const s = sandbox();
  // GOMODCACHE relative: an error finding that fix does not turn into a setting.
  const r = await run({ for: "shell", json: true }, { GOMODCACHE: "rel/cache" }, s);
  assert.equal(r.code, 1);
  const doc = JSON.parse(r.out);
  assert.equal(doc.ok, false);
  assert.ok(doc.manual.some((m: { id: string }) => m.id === "modcache.path"));
});
