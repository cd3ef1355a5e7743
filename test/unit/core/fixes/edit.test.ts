// The text edits of --write: a marked block (profiles, Dockerfiles) and JSONC members (settings.json,
// devcontainer.json) — everything else in the file is kept byte for byte.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { applyBlock, dockerEscapeOf, parseJsonc, setJsoncValues } from "../../../../src/core/fixes/edit.js";
import { BLOCK_BEGIN, BLOCK_END } from "../../../../src/core/fixes/target.js";

const block = (...lines: string[]) => [BLOCK_BEGIN, ...lines, BLOCK_END];

test("block: appended once, replaced on the next run, the rest of the file untouched", () => {
  const rc = "# my bashrc\nalias ll='ls -l'\nexport EDITOR=vim";
  const first = applyBlock(rc, block("export GOPRIVATE=a"), "end");
  assert.equal(first, `${rc}\n\n${BLOCK_BEGIN}\nexport GOPRIVATE=a\n${BLOCK_END}\n`);
  const second = applyBlock(`${first}echo after\n`, block("export GOPRIVATE=b"), "end");
  assert.equal(second, `${rc}\n\n${BLOCK_BEGIN}\nexport GOPRIVATE=b\n${BLOCK_END}\necho after\n`);
  assert.equal(applyBlock(second, block("export GOPRIVATE=b"), "end"), second, "idempotent");
  assert.equal(applyBlock(null, block("x"), "end"), `${BLOCK_BEGIN}\nx\n${BLOCK_END}\n`);
});

test("block: CRLF files stay CRLF; unbalanced markers are refused", () => {
  const out = applyBlock("a\r\nb\r\n", block("x"), "end");
  assert.equal(out, `a\r\nb\r\n\r\n${BLOCK_BEGIN}\r\nx\r\n${BLOCK_END}\r\n`);
  assert.throws(() => applyBlock(`a\n${BLOCK_BEGIN}\nb\n`, block("x"), "end"), /fix them by hand/);
  assert.throws(() => applyBlock(`${BLOCK_END}\n${BLOCK_BEGIN}\n`, block("x"), "end"), /before/);
});

test("block: in a multi-stage Dockerfile it goes after the FROM of the stage that runs go", () => {
  const df = [
    "# syntax=docker/dockerfile:1",
    "FROM node:20 AS web",
    "RUN npm ci",
    "FROM golang:1.22 AS build",
    "WORKDIR /src",
    "RUN go mod download",
    "FROM gcr.io/distroless/static",
    "COPY --from=build /out /",
    "",
  ].join("\n");
  const out = applyBlock(df, block("ENV GOPRIVATE=a"), "after-build-from").split("\n");
  assert.deepEqual(out.slice(3, 7), ["FROM golang:1.22 AS build", BLOCK_BEGIN, "ENV GOPRIVATE=a", BLOCK_END]);
  assert.equal(out.length, df.split("\n").length + 3);
  assert.throws(() => applyBlock("RUN x\n", block("x"), "after-build-from"), /no FROM/);
  assert.equal(dockerEscapeOf("# escape=`\nFROM x\n"), "`");
  assert.equal(dockerEscapeOf("FROM x\n# escape=`\n"), "\\");
});

const SETTINGS = `{
  // Editor
  "editor.tabSize": 4, /* inline */
  "go.toolsEnvVars": {
    "CGO_ENABLED": "0", // keep
  },
  "files.exclude": { "**/.git": true },
}
`;

test("jsonc: members merged into an existing object; comments, trailing commas and other keys kept", () => {
  const out = setJsoncValues(SETTINGS, [
    { path: ["go.toolsEnvVars", "GOPROXY"], value: "https://goproxy.corp.example,direct" },
    { path: ["terminal.integrated.env.linux", "GOPROXY"], value: "https://goproxy.corp.example,direct" },
    { path: ["go.toolsEnvVars", "CGO_ENABLED"], value: "1" },
  ]);
  for (const kept of ["// Editor", "/* inline */", "// keep", '"files.exclude": { "**/.git": true }'])
    assert.ok(out.includes(kept), kept);
  assert.deepEqual(parseJsonc(out), {
    "editor.tabSize": 4,
    "go.toolsEnvVars": { CGO_ENABLED: "1", GOPROXY: "https://goproxy.corp.example,direct" },
    "files.exclude": { "**/.git": true },
    "terminal.integrated.env.linux": { GOPROXY: "https://goproxy.corp.example,direct" },
  });
  // Re-applying changes nothing.
  assert.equal(
    setJsoncValues(out, [
      { path: ["go.toolsEnvVars", "GOPROXY"], value: "https://goproxy.corp.example,direct" },
    ]),
    out,
  );
});

test("jsonc: removal, empty files and objects, errors for non-JSONC", () => {
  const removed = setJsoncValues(SETTINGS, [{ path: ["go.toolsEnvVars", "CGO_ENABLED"], value: null }]);
  assert.deepEqual((parseJsonc(removed) as Record<string, unknown>)["go.toolsEnvVars"], {});
  assert.ok(removed.includes("// Editor"));
  assert.deepEqual(parseJsonc(setJsoncValues("", [{ path: ["a", "b"], value: "c" }])), { a: { b: "c" } });
  assert.deepEqual(parseJsonc(setJsoncValues("{}", [{ path: ["a"], value: 1 }])), { a: 1 });
  assert.deepEqual(parseJsonc(setJsoncValues("{\n  // only a comment\n}\n", [{ path: ["a"], value: 1 }])), {
    a: 1,
  });
  assert.throws(() => setJsoncValues("[1]", [{ path: ["a"], value: 1 }]), /not a JSON object/);
  assert.throws(() => setJsoncValues("{ a: 1 }", [{ path: ["a"], value: 1 }]), /unexpected/);
  assert.throws(() => setJsoncValues('{"a": 1}', [{ path: ["a", "b"], value: 1 }]), /not an object/);
});

test("jsonc: property — any JSON object, edited, parses to the object with the edits applied", () => {
  const key = fc.string({ maxLength: 6 });
  const json = fc.dictionary(key, fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(key, fc.string())), {
    maxKeys: 5,
  });
  const edit = fc.record({ path: fc.array(key, { minLength: 1, maxLength: 3 }), value: fc.string() });
  fc.assert(
    fc.property(json, fc.array(edit, { maxLength: 4 }), fc.constantFrom(0, 2, "\t"), (obj, edits, indent) => {
      const text = JSON.stringify(obj, null, indent);
      // The model starts from what the text holds: JSON has no -0, which JSON.stringify writes as 0.
      let expected: unknown = JSON.parse(text);
      let ok = true;
      for (const e of edits) {
        // Model: set the path, creating objects; crossing a non-object is an error.
        let cur = expected as Record<string, unknown>;
        for (let i = 0; i < e.path.length - 1; i++) {
          const k = e.path[i]!;
          if (!(k in cur)) cur[k] = {};
          const next = cur[k];
          if (typeof next !== "object" || next === null || Array.isArray(next)) {
            ok = false;
            break;
          }
          cur = next as Record<string, unknown>;
        }
        if (!ok) break;
        cur[e.path[e.path.length - 1]!] = e.value;
        expected = structuredClone(expected);
      }
      if (!ok) {
        assert.throws(() => setJsoncValues(text, edits));
        return;
      }
      assert.deepEqual(parseJsonc(setJsoncValues(text, edits)), expected);
    }),
    { numRuns: 300 },
  );
});
