// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the expected texts are CI and dev-container syntax, not JS templates
// Every target's snippet is valid in its syntax and carries the intent's values exactly: shell snippets are
// run by bash (and the go env -w part checked with the real go, pointed at a temporary HOME), JSON and YAML
// are parsed, Dockerfile, PowerShell and cmd lines are read back with their quoting rules.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { type FixIntent, intentFromOptions } from "../../../../src/core/fixes/intent.js";
import {
  parseCmdSet,
  parseDockerWord,
  parsePsSingleQuoted,
  parseSetx,
} from "../../../../src/core/fixes/quote.js";
import { renderTarget } from "../../../../src/core/fixes/render.js";
import { TARGETS } from "../../../../src/core/fixes/target.js";
import { TOOLCHAINS, toolchainPath } from "../../../support/toolchains.js";
import { intentOf } from "./support.js";

const tmp = mkdtempSync(join(tmpdir(), "fix-targets-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Values chosen to break naive quoting in every syntax. */
const NASTY_PRIVATE = "git.corp.example/a b,*.corp.example";
const NASTY_FLAGS = "-mod=mod -ldflags=-X=main.v=$HOME%PATH%!x|y";

function intent(extra: Record<string, string> = {}): FixIntent {
  const r = intentFromOptions({
    goproxy: "https://goproxy.corp.example|https://proxy.golang.org,direct",
    private: NASTY_PRIVATE,
    goflags: NASTY_FLAGS,
    httpsProxy: "http://bob:hunter2@proxy.corp.example:3128",
    noProxy: "corp.example,10.0.0.0/8",
    ca: "/etc/ssl/corp-ca.pem",
    ...extra,
  });
  if (!("intent" in r)) throw new Error(r.errors.join("; "));
  return r.intent;
}

/** `go env -json names` of every toolchain the suites run; they must agree, and that answer is returned. */
function goEnv(home: string, names: string[]): Record<string, string> {
  const answers = TOOLCHAINS.map((tc) => {
    const out = execFileSync(tc.bin, ["env", "-json", ...names], {
      env: { PATH: toolchainPath(tc), HOME: home, GOTOOLCHAIN: "local", GOFLAGS: "" },
      encoding: "utf8",
    });
    return JSON.parse(out) as Record<string, string>;
  });
  for (const a of answers.slice(1)) assert.deepEqual(a, answers[0]);
  return answers[0]!;
}

test("shell: bash -n accepts the snippet; run, it writes the GOENV file and exports the rest", () => {
  const out = renderTarget("shell", intent());
  execFileSync("bash", ["-n", "-c", out.snippet]);
  const home = mkdtempSync(join(tmp, "home-"));
  const env = execFileSync("bash", ["-c", `${out.snippet}\nenv -0`], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: home,
      GOTOOLCHAIN: "local",
      HTTPS_PROXY_USER: "bob",
      HTTPS_PROXY_PASSWORD: "s3cret",
    },
    encoding: "utf8",
  });
  const vars = Object.fromEntries(
    env
      .split("\0")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  assert.equal(vars.HTTPS_PROXY, "http://bob:s3cret@proxy.corp.example:3128");
  assert.equal(vars.NO_PROXY, "corp.example,10.0.0.0/8");
  assert.equal(vars.SSL_CERT_FILE, "/etc/ssl/corp-ca.pem");
  assert.equal(vars.GOPRIVATE, undefined, "go settings go to the GOENV file, not the environment");
  const go = goEnv(home, ["GOPROXY", "GOPRIVATE", "GOFLAGS", "GONOSUMDB", "GOENV"]);
  assert.equal(go.GOENV, join(home, ".config/go/env"));
  assert.equal(go.GOPROXY, "https://goproxy.corp.example|https://proxy.golang.org,direct");
  assert.equal(go.GOPRIVATE, NASTY_PRIVATE);
  assert.equal(go.GONOSUMDB, NASTY_PRIVATE);
  assert.equal(go.GOFLAGS, NASTY_FLAGS);
  assert.ok(!out.snippet.includes("hunter2"));
});

test("shell: export style and the --write block export everything; unset lines remove variables", () => {
  const i = intentOf({ GOSUMDB: "off", GOPRIVATE: "corp.example" });
  const out = renderTarget("shell", i, { shellStyle: "export" });
  const block = out.file?.kind === "block" ? out.file.block.join("\n") : "";
  for (const script of [out.snippet, block]) {
    execFileSync("bash", ["-n", "-c", script]);
    const res = execFileSync(
      "bash",
      ["-c", `export GOSUMDB=off\n${script}\nprintf '%s|%s' "\${GOSUMDB-unset}" "$GOPRIVATE"`],
      { env: { PATH: process.env.PATH ?? "", HOME: tmp }, encoding: "utf8" },
    );
    assert.equal(res, "unset|corp.example");
  }
});

test("wsl: the snippet is valid bash and names the resolv.conf and WSLENV remedies", () => {
  const out = renderTarget("wsl", intent());
  execFileSync("bash", ["-n", "-c", out.snippet]);
  assert.match(out.snippet, /generateResolvConf = false/);
  assert.match(out.snippet, /WSLENV "GOPROXY\/u:GOPRIVATE\/u:GOFLAGS\/u:NO_PROXY\/u"/);
  assert.ok(out.traps.some((t) => t.includes("/etc/resolv.conf")));
});

test("dockerfile: every line is an instruction, a comment or a continuation; ENV values read back exactly", () => {
  for (const esc of ["\\", "`"] as const) {
    const i = intent();
    const out = renderTarget("dockerfile", i, { dockerEscape: esc });
    const lines = out.snippet.trimEnd().split("\n");
    let continued = false;
    const instructions: string[] = [];
    for (const l of lines) {
      if (continued) instructions[instructions.length - 1] += ` ${l.trim()}`;
      else if (l.startsWith("#")) continue;
      else {
        assert.match(l, /^(ENV|ARG|COPY|RUN) /, l);
        instructions.push(l);
      }
      continued = l.endsWith(` ${esc}`);
      if (continued)
        instructions[instructions.length - 1] = instructions[instructions.length - 1]!.slice(0, -2);
    }
    const envLine = instructions.find((x) => x.startsWith("ENV "))!;
    // Split KEY=VALUE words on spaces outside quotes, then read each value as BuildKit does.
    const words = envLine.slice(4).match(/(?:[^\s'"]+|'[^']*'|"(?:\\.|[^"])*")+/g)!;
    const got = Object.fromEntries(
      words.map((w) => [w.slice(0, w.indexOf("=")), parseDockerWord(w.slice(w.indexOf("=") + 1), esc)]),
    );
    assert.deepEqual(got, {
      GOPROXY: "https://goproxy.corp.example|https://proxy.golang.org,direct",
      GOPRIVATE: NASTY_PRIVATE,
      GOFLAGS: NASTY_FLAGS,
    });
    // The proxy is a predefined build argument, the CA goes to the system store, credentials never in ENV.
    assert.ok(!/HTTPS_PROXY|hunter2/.test(out.snippet));
    assert.ok(out.settings.some((s) => s.name === "HTTPS_PROXY" && s.scope === "build-arg"));
    assert.ok(instructions.includes("RUN update-ca-certificates"));
  }
  const withCreds = intentOf({ GOPROXY: "https://ci:tok3n@mirror.corp.example,direct" });
  const out = renderTarget("dockerfile", withCreds);
  assert.match(out.snippet, /RUN --mount=type=secret,id=netrc,target=\/root\/.netrc go mod download/);
  assert.ok(!out.snippet.includes("tok3n"));
});

test("powershell: $env: and SetEnvironmentVariable lines read back exactly; secrets stay session-only", () => {
  const out = renderTarget("powershell", intent());
  const session = new Map<string, string>();
  const user = new Map<string, string>();
  for (const l of out.snippet.split("\n")) {
    const s = /^\$env:([A-Z_]+) = ('.*')$/.exec(l);
    if (s) session.set(s[1]!, parsePsSingleQuoted(s[2]!));
    const u = /^\[Environment\]::SetEnvironmentVariable\('([A-Z_]+)', ('.*'), 'User'\)$/.exec(l);
    if (u) user.set(u[1]!, parsePsSingleQuoted(u[2]!));
  }
  assert.equal(session.get("GOPRIVATE"), NASTY_PRIVATE);
  assert.equal(session.get("GOFLAGS"), NASTY_FLAGS);
  assert.equal(user.get("GOFLAGS"), NASTY_FLAGS);
  assert.match(out.snippet, /\$env:HTTPS_PROXY = \('http:\/\/' \+ \$env:HTTPS_PROXY_USER \+ ':' \+/);
  assert.ok(!user.has("HTTPS_PROXY"), "credentials are not stored in the registry");
});

test("cmd: set and setx lines read back exactly; CRLF; setx's limit is warned about", () => {
  const long = `${"a".repeat(1030)}.example`;
  const out = renderTarget("cmd", intent({ nosumdb: long }));
  assert.ok(out.snippet.endsWith("\r\n") && !/[^\r]\n/.test(out.snippet));
  const sets = new Map<string, string>();
  const setx = new Map<string, string>();
  for (const l of out.snippet.split("\r\n")) {
    if (l.startsWith('set "')) {
      const p = parseCmdSet(l);
      sets.set(p.name, p.value);
    }
    if (l.startsWith("setx ")) {
      const p = parseSetx(l);
      setx.set(p.name, p.value);
    }
  }
  assert.equal(sets.get("GOFLAGS"), NASTY_FLAGS);
  assert.equal(setx.get("GOFLAGS"), NASTY_FLAGS);
  assert.equal(setx.get("GOPRIVATE"), NASTY_PRIVATE);
  assert.equal(
    sets.get("HTTPS_PROXY"),
    "http://%HTTPS_PROXY_USER%:%HTTPS_PROXY_PASSWORD%@proxy.corp.example:3128",
  );
  assert.ok(!setx.has("HTTPS_PROXY"));
  assert.ok(out.warnings.some((w) => w.includes("GONOSUMDB") && w.includes("1024")));
  assert.equal(out.file, null);
});

test("github-actions: valid YAML, workflow env with secret references, setup-go cache keyed on go.sum", () => {
  const i = intentOf({ GOPROXY: "https://ci:tok3n@mirror.corp.example,direct", GOPRIVATE: "corp.example" });
  const out = renderTarget("github-actions", i);
  const doc = parseYaml(out.snippet);
  assert.deepEqual(doc.env, { GOPROXY: "https://mirror.corp.example,direct", GOPRIVATE: "corp.example" });
  const steps = doc.jobs.build.steps as {
    uses?: string;
    with?: Record<string, string>;
    env?: Record<string, string>;
  }[];
  const setup = steps.find((s) => s.uses?.startsWith("actions/setup-go"))!;
  assert.equal(setup.with!["cache-dependency-path"], "go.sum");
  const cred = steps.find((s) => s.env?.TOKEN !== undefined)!;
  assert.equal(cred.env!.TOKEN, "${{ secrets.MIRROR_CORP_EXAMPLE_TOKEN }}");
  assert.ok(!out.snippet.includes("tok3n"));
  // A local HTTP proxy is not carried to hosted runners; an explicit one is, by secret reference.
  const local = renderTarget("github-actions", intentOf({ HTTPS_PROXY: "http://p.corp:3128" }));
  assert.equal(parseYaml(local.snippet).env, undefined);
  const explicit = parseYaml(renderTarget("github-actions", intent()).snippet);
  assert.equal(
    explicit.env.HTTPS_PROXY,
    "http://${{ secrets.HTTPS_PROXY_USER }}:${{ secrets.HTTPS_PROXY_PASSWORD }}@proxy.corp.example:3128",
  );
  assert.equal(explicit.env.GOFLAGS, NASTY_FLAGS);
});

test("gitlab-ci: valid YAML, $ doubled, masked-variable references, cache keyed on go.sum", () => {
  const out = renderTarget("gitlab-ci", intent());
  const doc = parseYaml(out.snippet);
  assert.equal(
    doc.variables.GOFLAGS,
    NASTY_FLAGS.replaceAll("$", () => "$$"),
  );
  assert.equal(
    doc.variables.HTTPS_PROXY,
    "http://${HTTPS_PROXY_USER}:${HTTPS_PROXY_PASSWORD}@proxy.corp.example:3128",
  );
  assert.deepEqual(doc.build.cache.key.files, ["go.sum"]);
  assert.ok(out.steps.some((s) => s.includes("masked")));
});

function stripLineComments(jsonc: string): string {
  return jsonc
    .split("\n")
    .filter((l) => !l.trim().startsWith("//"))
    .join("\n");
}

test("vscode: JSON with go.toolsEnvVars and terminal env; credentials never in settings.json", () => {
  const out = renderTarget("vscode", intent());
  const doc = JSON.parse(stripLineComments(out.snippet));
  assert.equal(doc["go.toolsEnvVars"].GOPRIVATE, NASTY_PRIVATE);
  assert.equal(doc["go.toolsEnvVars"].GOFLAGS, NASTY_FLAGS);
  assert.equal(doc["go.toolsEnvVars"].SSL_CERT_FILE, "/etc/ssl/corp-ca.pem");
  assert.equal(doc["go.toolsEnvVars"].HTTPS_PROXY, undefined);
  assert.deepEqual(doc["terminal.integrated.env.linux"], doc["go.toolsEnvVars"]);
  assert.ok(out.traps.some((t) => /Reload Window|Restart Language Server/.test(t)));
});

test("devcontainer: JSON with containerEnv; secrets through remoteEnv ${localEnv:…}", () => {
  const out = renderTarget("devcontainer", intent());
  const doc = JSON.parse(stripLineComments(out.snippet));
  assert.equal(doc.containerEnv.GOFLAGS, NASTY_FLAGS);
  assert.equal(
    doc.remoteEnv.HTTPS_PROXY,
    "http://${localEnv:HTTPS_PROXY_USER}:${localEnv:HTTPS_PROXY_PASSWORD}@proxy.corp.example:3128",
  );
  assert.equal(doc.containerEnv.HTTPS_PROXY, undefined);
});

test("every target lists its traps and renders an empty intent without error", () => {
  const expect: Record<string, RegExp> = {
    shell: /shadow|overrides it/,
    powershell: /already open/,
    cmd: /1024/,
    dockerfile: /secret/,
    "github-actions": /go\.sum/,
    "gitlab-ci": /go\.sum/,
    vscode: /Reload Window/,
    devcontainer: /Rebuild Container/,
    wsl: /resolv\.conf/,
  };
  const empty = intentOf({});
  for (const t of TARGETS) {
    const out = renderTarget(t, intent());
    assert.ok(out.traps.length >= 3, t);
    assert.ok(
      out.traps.some((x) => expect[t]!.test(x)),
      t,
    );
    const e = renderTarget(t, empty);
    assert.equal(e.settings.length, 0, t);
  }
});

test("cmd: a value with letters outside ASCII is warned about (cmd reads .cmd files in the console's code page)", () => {
  const accented = renderTarget("cmd", intent({ private: "é.example" }));
  assert.equal(accented.warnings.filter((w) => w.includes("code page")).length, 1);
  const ascii = renderTarget("cmd", intent());
  assert.ok(!ascii.warnings.some((w) => w.includes("code page")));
});
