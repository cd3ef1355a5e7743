// --confirm's comparison (features/confirm.ts): a prediction and what go did, disagreement by disagreement.
// The real go runs in test/conformance/versions-go.test.ts (go1.19 and go1.26: no disagreement).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ModulePrediction } from "../../../src/features/check.js";
import { disagreements, type GoOutcome } from "../../../src/features/confirm.js";

const ok: ModulePrediction = {
  module: "example.com/m",
  version: "v1.0.0",
  route: {} as ModulePrediction["route"],
  notPredicted: null,
  prediction: {
    outcome: "ok",
    servedBy: "https://a",
    checksum: "verified",
    cause: null,
    goError: null,
    hangs: false,
    version: "v1.0.0",
    basis: "",
    requests: [
      { line: "GET https://a/example.com/m/@v/v1.0.0.info", status: 200, error: null, ms: 1 },
      { line: "GET https://a/example.com/m/@v/v1.0.0.mod", status: 200, error: null, ms: 1 },
      { line: "GET https://a/example.com/m/@v/v1.0.0.zip", status: 200, error: null, ms: 1 },
    ],
    sumdbRequests: [],
  },
};
const same: GoOutcome = {
  outcome: "ok",
  servedBy: "https://a",
  requests: ok.prediction!.requests.map((r) => r.line),
  error: null,
};

test("agreement gives no finding", () => assert.deepEqual(disagreements(ok, same), []));

test("each disagreement is a finding: outcome, servedBy, requests", () => {
  assert.match(
    disagreements(ok, { ...same, outcome: "fail", error: "boom" })[0]!.message,
    /outcome: predicted ok, go fail \(boom\)/,
  );
  assert.match(disagreements(ok, { ...same, servedBy: "https://b" })[0]!.message, /servedBy/);
  const r = disagreements(ok, { ...same, requests: same.requests.slice(1) });
  assert.equal(r.length, 1);
  assert.match(r[0]!.message, /requests: predicted/);
  assert.equal(r[0]!.severity, "warning");
});

test("no prediction, nothing to confirm", () =>
  assert.deepEqual(disagreements({ ...ok, prediction: null, notPredicted: "x" }, same), []));
