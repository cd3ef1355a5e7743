// The download plan (core/fetchplan.ts) and query classification (core/protocol.ts): every version form,
// and — for any answers the servers give — a plan that ends in a served zip with its version, an error, or a
// hang, never an exception (property-based with fast-check). The request sequences themselves are checked
// against go1.19 and go1.26 in test/conformance/versions-go.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { EnvValue } from "../../../src/core/config/environment.js";
import { parseProxyList } from "../../../src/core/config/goproxy.js";
import {
  type FileAnswer,
  planDownload,
  queryMatcherError,
  relativeQuery,
  UnmodelledAnswer,
} from "../../../src/core/fetchplan.js";
import { canonicalVersion } from "../../../src/core/module/version.js";
import { classifyQuery } from "../../../src/core/protocol.js";
import { routeModule } from "../../../src/core/route.js";
import { isValid } from "../../../src/core/semver.js";

test("classifyQuery: canonical as module.CanonicalVersion writes it, +incompatible included", () => {
  assert.equal(classifyQuery("v20.10.24+incompatible"), "canonical");
  assert.equal(classifyQuery("v1.2.3"), "canonical");
  assert.equal(classifyQuery("v0.0.0-20190101000000-fedcbafedcba"), "canonical");
  assert.equal(classifyQuery("v1.1.0+meta"), "revision");
  assert.equal(classifyQuery("v1.2"), "semver-query");
  assert.equal(classifyQuery("<v1.5"), "semver-query");
  assert.equal(classifyQuery("main"), "revision");
  assert.equal(classifyQuery("upgrade"), "latest");
});

test("classifyQuery: canonical exactly when the version is its own canonical form", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 30 }), (q) => {
      const kind = classifyQuery(q);
      if (isValid(q) && canonicalVersion(q) === q) assert.equal(kind, "canonical");
      else assert.notEqual(kind, "canonical");
    }),
  );
});

test("explain's requests for a +incompatible version are .info, .mod, .zip (go asks .info directly)", () => {
  const vars: Record<string, EnvValue> = {
    GOPROXY: { value: "https://proxy.example", source: "environment", detail: null },
  } as unknown as Record<string, EnvValue>;
  const r = routeModule(vars, "github.com/docker/docker", "v20.10.24+incompatible");
  assert.deepEqual(r.requests, [
    "GET https://proxy.example/github.com/docker/docker/@v/v20.10.24+incompatible.info",
    "GET https://proxy.example/github.com/docker/docker/@v/v20.10.24+incompatible.mod",
    "GET https://proxy.example/github.com/docker/docker/@v/v20.10.24+incompatible.zip",
  ]);
});

test("comparison bounds go refuses before any request", () => {
  assert.equal(
    queryMatcherError("example.com/m", ">v1.1"),
    'example.com/m@>v1.1: ambiguous semantic version "v1.1" in range ">v1.1"',
  );
  assert.equal(
    queryMatcherError("example.com/m", "<=v1.x"),
    'example.com/m@<=v1.x: invalid semantic version "v1.x" in range "<=v1.x"',
  );
  assert.equal(queryMatcherError("example.com/m", "<v1.5"), null);
});

test("upgrade and patch relative to the required version", () => {
  assert.match(JSON.stringify(relativeQuery("example.com/m", "upgrade", undefined)), /cannot match/);
  assert.deepEqual(relativeQuery("example.com/m", "upgrade", null), { query: "latest" });
  assert.deepEqual(relativeQuery("example.com/m", "patch", "v1.4.2"), { query: "v1.4" });
  assert.match(
    JSON.stringify(relativeQuery("example.com/m", "patch", null)),
    /no existing version is required/,
  );
  assert.deepEqual(relativeQuery("example.com/m", "v1.0.0", undefined), { query: "v1.0.0" });
});

const answerArb: fc.Arbitrary<FileAnswer> = fc.oneof(
  fc.record({
    kind: fc.constant("ok" as const),
    versions: fc.array(
      fc.constantFrom("v1.0.0", "v1.2.0", "v2.0.0+incompatible", "v1.3.0-rc.1", "bogus", ""),
      { maxLength: 4 },
    ),
    legacyGoMod: fc.boolean(),
  }),
  fc.constant({ kind: "not-exist" as const, error: "404" }),
  fc.constant({ kind: "error" as const, error: "500" }),
  fc.constant({ kind: "hang" as const }),
);

test("planDownload never fails unexpectedly, and a success always names the zip's entry and the version", () => {
  fc.assert(
    fc.property(
      fc.constantFrom("https://a,https://b", "https://a|https://b", "https://a,direct", "off", "https://a"),
      fc.constantFrom(
        "v1.0.0",
        "v2.0.0+incompatible",
        "latest",
        "v1",
        "v1.2",
        "<v1.5",
        ">=v1.0.0",
        "main",
        "v1.0.0+meta",
        ">v1.1",
      ),
      fc.func(answerArb),
      (goproxy, query, pick) => {
        const entries = parseProxyList(goproxy, "").entries;
        let plan: ReturnType<typeof planDownload>;
        try {
          plan = planDownload(entries, false, "example.com/m", query, (e, r) =>
            pick(`${e.url} ${r.path} ${r.cacheKey ?? ""}`),
          );
        } catch (e) {
          // The one exception allowed: an answer the plan does not model, which callers report as such.
          assert.ok(e instanceof UnmodelledAnswer, String(e));
          return;
        }
        if (plan.error === null && !plan.hang) {
          assert.ok(plan.servedBy.zip !== undefined, JSON.stringify(plan));
          assert.ok(plan.version !== null && isValid(plan.version), JSON.stringify(plan));
        }
        assert.ok(plan.requests.length <= 64);
      },
    ),
    { numRuns: 500 },
  );
});
