import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { downloadedModules, parseModFile } from "../../../src/core/modfile.js";

const GOMOD = `module example.com/app // the app

go 1.21

require (
\tgithub.com/a/b v1.2.3
\tgit.corp.example/team/lib v0.4.0 // indirect
\t"golang.org/x/text" v0.14.0
)

require rsc.io/quote v1.5.2

replace github.com/a/b => ../b
replace rsc.io/quote v1.5.2 => example.org/quote v1.5.3
exclude golang.org/x/net v0.0.1
`;

test("reads module, go, requirements (line and block forms), replacements", () => {
  const mf = parseModFile(GOMOD);
  assert.equal(mf.module, "example.com/app");
  assert.equal(mf.go, "1.21");
  assert.deepEqual(
    mf.require.map((r) => [r.path, r.version, r.indirect]),
    [
      ["github.com/a/b", "v1.2.3", false],
      ["git.corp.example/team/lib", "v0.4.0", true],
      ["golang.org/x/text", "v0.14.0", false],
      ["rsc.io/quote", "v1.5.2", false],
    ],
  );
  assert.deepEqual(downloadedModules(mf), [
    { path: "git.corp.example/team/lib", version: "v0.4.0" },
    { path: "golang.org/x/text", version: "v0.14.0" },
    { path: "example.org/quote", version: "v1.5.3" },
  ]);
  assert.equal(mf.exclude.length, 1);
  assert.deepEqual(mf.problems, []);
});

test("malformed lines are reported, not thrown", () => {
  const mf = parseModFile("module x\nrequire a\nreplace a =>\nrequire (\n b v1\n");
  assert.deepEqual(
    mf.problems.map((p) => p.line),
    [2, 3, 6],
  );
});

test("property: never throws; every requirement written in block form is read back", () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void parseModFile(s)));
  const pathArb = fc.stringMatching(/^[a-z]{1,6}\.[a-z]{2,3}(\/[a-z0-9]{1,5}){0,2}$/);
  const verArb = fc.tuple(fc.nat(9), fc.nat(20), fc.nat(20)).map(([a, b, c]) => `v${a}.${b}.${c}`);
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.tuple(pathArb, verArb), { selector: (t) => t[0], maxLength: 8 }),
      (reqs) => {
        const text = `module m.example\n\nrequire (\n${reqs.map(([p, v]) => `\t${p} ${v}`).join("\n")}\n)\n`;
        assert.deepEqual(
          parseModFile(text).require.map((r) => [r.path, r.version]),
          reqs,
        );
      },
    ),
  );
});

test("go.work: use directives in line and block form, quoted or bare, in order; a malformed one reported", () => {
  const wf = parseModFile('go 1.19\n\nuse ./app\nuse (\n\t../lib // shared\n\t"./with space"\n)\nuse a b\n');
  assert.deepEqual(
    wf.use.map((u) => [u.dir, u.line]),
    [
      ["./app", 3],
      ["../lib", 5],
      ["./with space", 6],
    ],
  );
  assert.deepEqual(wf.problems, [{ line: 8, message: "usage: use local/dir" }]);
});

test("property: every use directory written in block form is read back", () => {
  const dirArb = fc.stringMatching(/^\.{0,2}\/?[a-z0-9_-]{1,8}(\/[a-z0-9_-]{1,8}){0,2}$/);
  fc.assert(
    fc.property(fc.array(dirArb, { maxLength: 8 }), (dirs) => {
      const text = `go 1.19\n\nuse (\n${dirs.map((d) => `\t${JSON.stringify(d)}`).join("\n")}\n)\n`;
      assert.deepEqual(
        parseModFile(text).use.map((u) => u.dir),
        dirs,
      );
    }),
  );
});
