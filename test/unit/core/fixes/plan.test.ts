// core/fixes/plan.ts: the lint's changes applied one finding at a time, merged to one change per variable and
// layer, the result linted again; core/fixes/change.ts: the two layers go reads.
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyChanges, type Change, changeCommand, listAfter } from "../../../../src/core/fixes/change.js";
import { planFixes, weakenings } from "../../../../src/core/fixes/plan.js";
import { lint } from "../../../../src/core/lint/catalogue.js";
import { lintCtx } from "./support.js";

test("several GOPRIVATE findings add up to one command, in order, without duplicates", () => {
  const c = lintCtx(
    { GOPRIVATE: "corp.example" },
    {
      requirements: ["git.a.example/x", "git.b.example/y", "git.a.example/z"],
      facts: { netrcMachines: ["git.a.example", "git.b.example"] },
    },
  );
  const plan = planFixes(c, lint);
  assert.deepEqual(plan.changes, [
    { op: "set", name: "GOPRIVATE", value: "corp.example,git.a.example,git.b.example", scope: "environment" },
  ]);
  assert.deepEqual(plan.unfixed, []);
  assert.ok(!plan.after.some((f) => f.id === "patterns.private-not-covered"));
});

test("several bad GOFLAGS words: one repair that leaves no GOFLAGS error", () => {
  const plan = planFixes(lintCtx({ GOFLAGS: "-insecure GOPROXY=x -mod=wat -modcacherw -mod=vendor" }), lint);
  assert.deepEqual(plan.changes, [
    { op: "set", name: "GOFLAGS", value: "-modcacherw", scope: "environment" },
  ]);
  assert.ok(!plan.after.some((f) => f.id.startsWith("goflags.")));
});

test("a GOENV GOSUMDB=off under the environment: removed from the file, never uncovered by unset", () => {
  const plan = planFixes(lintCtx({ GOSUMDB: "sum.golang.org" }, { file: "GOSUMDB=off\n" }), lint);
  assert.deepEqual(plan.changes, [{ op: "unset", name: "GOSUMDB", scope: "goenv-file" }]);
  const off = planFixes(lintCtx({ GOSUMDB: "off" }, { file: "GOSUMDB=off\n" }), lint);
  const after = applyChanges(lintCtx({ GOSUMDB: "off" }, { file: "GOSUMDB=off\n" }).resolved, off.changes);
  assert.equal(after.vars.GOSUMDB!.value, "sum.golang.org");
});

test("the plan never adds a weakening, whatever the findings ask", () => {
  const envs: Record<string, string>[] = [
    { GOPROXY: "auto", GOSUMDB: "bogus" },
    { GONOPROXY: "*" },
    { GOFLAGS: "'-insecure'" },
    { GOPRIVATE: "git.corp.example", GOINSECURE: "git.corp.example" },
  ];
  for (const env of envs) {
    const c = lintCtx(env);
    const before = new Set(weakenings(c));
    const plan = planFixes(c, lint);
    const after = applyChanges(c.resolved, plan.changes);
    for (const w of weakenings({ ...c, resolved: after }))
      assert.ok(before.has(w), `${JSON.stringify(env)}: ${w}`);
  }
});

test("applyChanges: the environment wins, an empty value is unset, GONOPROXY/GONOSUMDB follow GOPRIVATE", () => {
  const c = lintCtx(
    { GOPROXY: "https://env.example" },
    { file: "GOPROXY=https://file.example\nGOPRIVATE=a.example\n" },
  );
  const set = (name: string, value: string, scope: Change["scope"]): Change => ({
    op: "set",
    name,
    value,
    scope,
  });
  assert.equal(
    applyChanges(c.resolved, [set("GOPROXY", "https://x.example", "goenv-file")]).vars.GOPROXY!.value,
    "https://env.example",
  );
  assert.equal(
    applyChanges(c.resolved, [{ op: "unset", name: "GOPROXY", scope: "environment" }]).vars.GOPROXY!.value,
    "https://file.example",
  );
  const p = applyChanges(c.resolved, [
    { op: "add", name: "GOPRIVATE", items: ["b.example"], scope: "goenv-file" },
  ]);
  assert.equal(p.vars.GONOSUMDB!.value, "a.example,b.example");
  assert.equal(
    listAfter("GOFLAGS", "-a -b", { op: "remove", name: "GOFLAGS", items: ["-a"], scope: "environment" }),
    "-b",
  );
  assert.equal(
    changeCommand({ op: "add", name: "GOPRIVATE", items: ["x"], scope: "environment" }, "x"),
    "export GOPRIVATE=x",
  );
});
