import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type EnvInputs, resolveEnvironment } from "../../../../src/core/config/environment.js";
import { goenvLocation, parseGoenvFile } from "../../../../src/core/config/goenv-file.js";
import { parseGoVersion, SHIPPED_GOROOT_GO_ENV } from "../../../../src/core/config/goversion.js";

const go119 = parseGoVersion("go1.19.8")!;
const go122 = parseGoVersion("go1.22.3")!;
const go124 = parseGoVersion("go1.24.0")!;

function inputs(env: Record<string, string>, file: string | null = null, v = go119): EnvInputs {
  return {
    env: { HOME: "/home/u", ...env },
    goos: "linux",
    goVersion: v,
    goenvFileText: file,
    goroot: "/usr/lib/go",
    gorootGoEnvText: SHIPPED_GOROOT_GO_ENV,
  };
}

test("empty OS values count as unset; the GOENV file then wins (A.2.1)", () => {
  const r = resolveEnvironment(inputs({ GOPROXY: "" }, "GOPROXY=https://file.example\n"));
  assert.deepEqual(r.vars.GOPROXY, {
    value: "https://file.example",
    source: "goenv-file",
    detail: "/home/u/.config/go/env line 1",
  });
});

test("GONOPROXY and GONOSUMDB fall back to GOPRIVATE, even when exported empty (myth 1)", () => {
  const r = resolveEnvironment(inputs({ GOPRIVATE: "corp.example", GONOPROXY: "" }));
  assert.equal(r.vars.GONOPROXY!.value, "corp.example");
  assert.equal(r.vars.GONOPROXY!.source, "derived");
  assert.equal(r.vars.GONOSUMDB!.value, "corp.example");
});

test("a GONOPROXY in the GOENV file beats GOPRIVATE in the environment (A.2.5)", () => {
  const r = resolveEnvironment(inputs({ GOPRIVATE: "corp.example" }, "GONOPROXY=none\n"));
  assert.equal(r.vars.GONOPROXY!.value, "none");
  assert.equal(r.vars.GONOSUMDB!.value, "corp.example");
});

test("GOENV file values are literal: quotes are kept", () => {
  const r = resolveEnvironment(inputs({}, 'GOPROXY="https://x"\n'));
  assert.equal(r.vars.GOPROXY!.value, '"https://x"');
  assert.ok(r.goenvFile!.notes.some((n) => n.message.includes("quotes")));
});

test("defaults per go version: 1.19 built in, 1.21+ from $GOROOT/go.env, GOAUTH from 1.24", () => {
  assert.equal(resolveEnvironment(inputs({})).vars.GOPROXY!.value, "https://proxy.golang.org,direct");
  assert.equal(resolveEnvironment(inputs({})).vars.GOTOOLCHAIN, undefined);
  const r22 = resolveEnvironment(inputs({}, null, go122));
  assert.equal(r22.vars.GOPROXY!.detail, "$GOROOT/go.env");
  assert.equal(r22.vars.GOTOOLCHAIN!.value, "auto");
  assert.equal(r22.vars.GOAUTH, undefined);
  const noGoEnv = resolveEnvironment({ ...inputs({}, null, go122), gorootGoEnvText: null });
  assert.equal(noGoEnv.vars.GOPROXY!.value, "");
  // go env prints GOTOOLCHAIN="" when go.env lacks the line (go1.26.8, test/conformance/goenv-changed-go.test.ts).
  assert.equal(noGoEnv.vars.GOTOOLCHAIN!.value, "");
  assert.equal(resolveEnvironment(inputs({}, null, go124)).vars.GOAUTH!.value, "netrc");
});

test("Go 1.21+: an empty GOPROXY= line in the user file shadows go.env (§I)", () => {
  assert.equal(resolveEnvironment(inputs({}, "GOPROXY=\n", go122)).vars.GOPROXY!.value, "");
  assert.equal(
    resolveEnvironment(inputs({}, "GOPROXY=\n", go119)).vars.GOPROXY!.value,
    "https://proxy.golang.org,direct",
  );
});

test("GOPATH and GOMODCACHE derive from HOME; GOENV=off empties GOENV", () => {
  const r = resolveEnvironment(inputs({ GOENV: "off" }, "GOPROXY=ignored\n"));
  assert.equal(r.vars.GOPATH!.value, "/home/u/go");
  assert.equal(r.vars.GOMODCACHE!.value, "/home/u/go/pkg/mod");
  assert.equal(r.vars.GOENV!.value, "");
  assert.equal(r.goenvFile, null);
  const noHome = resolveEnvironment({ ...inputs({}), env: {} });
  assert.equal(noHome.vars.GOPATH!.value, "");
  assert.equal(noHome.vars.GOMODCACHE!.value, "");
});

test("GOENV location per OS (os.UserConfigDir)", () => {
  assert.equal(goenvLocation({ HOME: "/h", XDG_CONFIG_HOME: "/x" }, "linux").path, "/x/go/env");
  assert.equal(goenvLocation({ HOME: "/h" }, "darwin").path, "/h/Library/Application Support/go/env");
  assert.equal(
    goenvLocation({ AppData: "C:\\Users\\u\\AppData\\Roaming" }, "windows").path,
    "C:\\Users\\u\\AppData\\Roaming\\go\\env",
  );
  assert.equal(goenvLocation({}, "linux").reason, "neither $XDG_CONFIG_HOME nor $HOME are defined");
});

test("shadowed go env -w values are reported", () => {
  const r = resolveEnvironment(inputs({ GOPROXY: "https://env.example" }, "GOPROXY=https://file.example\n"));
  assert.deepEqual(
    r.shadowed.map((s) => s.name),
    ["GOPROXY"],
  );
});

test("property: parseGoenvFile keeps only lines starting with A-Z that contain '=', last one wins, never throws", () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 10 }), (lines) => {
      const f = parseGoenvFile(lines.join("\n"));
      for (const [key, e] of f.entries) {
        assert.match(key, /^[A-Z]/);
        const raw = lines[e.line - 1]!;
        assert.equal(raw, `${key}=${e.value}`);
        const later = lines.slice(e.line).some((l) => l.startsWith(`${key}=`));
        assert.equal(later, false);
      }
    }),
  );
});

test("property: a non-empty OS value always wins over the file", () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !s.includes("\n")),
      fc.string({ maxLength: 10 }).filter((s) => !s.includes("\n")),
      (osv, filev) => {
        const r = resolveEnvironment(inputs({ GOSUMDB: osv }, `GOSUMDB=${filev}\n`));
        assert.equal(r.vars.GOSUMDB!.value, osv);
        assert.equal(r.vars.GOSUMDB!.source, "environment");
      },
    ),
  );
});
