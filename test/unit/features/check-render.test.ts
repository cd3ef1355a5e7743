import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type ModulePrediction, privateEvidence, sample } from "../../../src/features/check.js";
import type { ProgressEvent } from "../../../src/features/endpoints.js";
import { fixTarget } from "../../../src/render/check.js";
import { progressLines } from "../../../src/render/progress.js";

const env = { os: "linux/x64", container: null, wsl: false, ci: null, vscodeTerminal: false, dnsServers: [] };

test("fixTarget points at the fix --for target of where check ran", () => {
  assert.equal(fixTarget(env), null);
  assert.equal(fixTarget({ ...env, container: "docker" })?.name, "dockerfile");
  assert.equal(fixTarget({ ...env, container: "docker", ci: "github-actions" })?.name, "github-actions");
  assert.equal(fixTarget({ ...env, vscodeTerminal: true })?.name, "vscode");
  assert.equal(fixTarget({ ...env, wsl: true })?.name, "wsl");
});

test("progressLines: one line per step, its latest state, in first-seen order", () => {
  const steps = new Map<string, ProgressEvent>();
  const put = (e: ProgressEvent) => steps.set(`${e.step} ${e.label}`, e);
  put({ step: "endpoint", label: "https://a", state: "start" });
  put({ step: "module", label: "m@v1.0.0", state: "start" });
  put({ step: "endpoint", label: "https://a", state: "fail" });
  // Colours depend on the terminal and on CI variables: compare the text.
  const plain = (f: number) => progressLines(steps, f).map((l) => l.replace(/\x1b\[[0-9;]*m/g, ""));
  const lines = plain(0);
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /✗ probing https:\/\/a/);
  assert.match(lines[1]!, /predicting go mod download m@v1\.0\.0/);
  assert.notEqual(plain(0)[1], plain(1)[1], "the spinner turns");
});

test("sample: a large go.mod is spread evenly, a small one kept whole (property)", () => {
  assert.deepEqual(sample([1, 2, 3], 5), [1, 2, 3]);
  assert.deepEqual(sample([...Array(10).keys()], 5), [0, 2, 4, 6, 8]);
  fc.assert(
    fc.property(fc.array(fc.integer(), { maxLength: 200 }), fc.integer({ min: 1, max: 20 }), (xs, n) => {
      const got = sample(xs, n);
      assert.equal(got.length, Math.min(xs.length, n));
      const idx = got.map((x) => xs.indexOf(x));
      for (const i of idx) assert.ok(i >= 0);
    }),
  );
});

test("privateEvidence: go-get 401/403/404 or vcs-auth for a module GOPRIVATE does not cover; nothing else", () => {
  const pred = (module: string, cause: string | null, requests: { line: string; status: number | null }[]) =>
    ({
      module,
      version: "v1.0.0",
      notPredicted: null,
      prediction: {
        outcome: cause === null ? "ok" : "fail",
        cause,
        requests: requests.map((r) => ({ ...r, error: null, ms: 1 })),
      },
    }) as unknown as ModulePrediction;
  const modules = [
    pred("git.a.example/x", "vcs-discovery", [
      { line: "GET https://proxy.golang.org/git.a.example/x/@v/v1.0.0.info", status: 404 },
      { line: "GET https://git.a.example/x?go-get=1", status: 401 },
    ]),
    pred("git.b.example/y", "vcs-auth", []),
    pred("git.c.example/z", "not-found", [{ line: "GET https://git.c.example/z?go-get=1", status: 500 }]),
    pred("knative.dev/pkg", null, []),
    pred("git.d.example/w", "vcs-auth", []),
  ];
  assert.deepEqual(
    privateEvidence(modules, "git.d.example").map((e) => [e.host, e.evidence]),
    [
      ["git.a.example", "GET https://git.a.example/x?go-get=1 answered 401"],
      ["git.b.example", "go could not authenticate to fetch it (vcs-auth)"],
    ],
  );
});
