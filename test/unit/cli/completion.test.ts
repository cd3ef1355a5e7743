// `goproxy-doctor completion SHELL`: the scripts load in the real shells and complete commands, options and
// declared choices (bash always; zsh and fish from Debian's packages, which scripts/test.sh installs).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { REPO_ROOT } from "../../support/gobuild.js";

const bin = join(REPO_ROOT, "bin", "goproxy-doctor.js");
const dir = mkdtempSync(join(tmpdir(), "gpd-completion-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function script(shell: string): string {
  const r = spawnSync(process.execPath, [bin, "completion", shell], { encoding: "utf8", timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  const file = join(dir, `completion.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

function shell(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, {
    encoding: "utf8",
    timeout: 30_000,
    env: { PATH: "/usr/bin:/bin", HOME: dir },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const installed = (path: string) => (existsSync(path) ? false : `${path} is not installed`);

test("completion: an unknown shell is a usage error (exit 2)", () => {
  const r = spawnSync(process.execPath, [bin, "completion", "tcsh"], { encoding: "utf8", timeout: 30_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Allowed choices are bash, zsh, fish, powershell/);
});

test("completion bash: loads, completes commands, options, --for targets and shells", {
  skip: installed("/bin/bash"),
}, () => {
  const file = script("bash");
  const r = shell("/bin/bash", [
    "-c",
    `source ${file}
t() { COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _goproxy_doctor; echo "\${COMPREPLY[*]}"; }
t goproxy-doctor ch; t goproxy-doctor fix --for gi; t goproxy-doctor check --dea; t goproxy-doctor completion f
complete -p goproxy-doctor`,
  ]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.out.trim().split("\n"), [
    "check",
    "github-actions gitlab-ci",
    "--deadline",
    "fish",
    "complete -o filenames -F _goproxy_doctor goproxy-doctor",
  ]);
});

test("completion zsh: loads under compinit and hands _arguments the options and choices", {
  skip: installed("/usr/bin/zsh"),
}, () => {
  const file = script("zsh");
  const r = shell("/usr/bin/zsh", [
    "-f",
    "-c",
    `autoload -Uz compinit && compinit -u -d ${dir}/zcompdump && source ${file} || exit 3
print -r -- "comps: \${_comps[goproxy-doctor]}"
_arguments() { print -rl -- "$@" }
words=(goproxy-doctor fix --for ""); CURRENT=4; _goproxy_doctor | grep -e '^--for'`,
  ]);
  assert.equal(r.code, 0, r.err);
  assert.equal(
    r.out,
    "comps: _goproxy_doctor\n--for[where the settings go]:value:(shell powershell cmd dockerfile github-actions gitlab-ci vscode devcontainer wsl)\n",
  );
});

test("completion fish: complete -C gives commands, options and --for targets", {
  skip: installed("/usr/bin/fish"),
}, () => {
  const file = script("fish");
  const r = shell("/usr/bin/fish", [
    "-c",
    `source ${file}; complete -C "goproxy-doctor ch"; complete -C "goproxy-doctor fix --for gi"; complete -C "goproxy-doctor verify --rea"`,
  ]);
  assert.equal(r.code, 0, r.err);
  const got = r.out
    .trim()
    .split("\n")
    .map((l) => l.split("\t")[0]);
  assert.deepEqual(got, ["check", "github-actions", "gitlab-ci", "--read-only"]);
});

test("completion powershell: registers a native completer naming every command", () => {
  const r = spawnSync(process.execPath, [bin, "completion", "powershell"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /Register-ArgumentCompleter -Native -CommandName 'goproxy-doctor'/);
  for (const c of ["check", "verify", "why", "fix", "completion"])
    assert.match(r.stdout, new RegExp(`'${c}' = @\\{`));
  assert.match(r.stdout, /'--for' = @\('shell', 'powershell'/);
});
