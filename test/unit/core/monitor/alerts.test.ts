import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { CAUSES } from "../../../../src/core/causes.js";
import {
  type AlertEvent,
  INITIAL_ALERT_STATE,
  type ProbeVerdict,
  stepAlert,
} from "../../../../src/core/monitor/alerts.js";

const verdict = fc.record({
  ok: fc.boolean(),
  cause: fc.option(fc.constantFrom(...CAUSES), { nil: null }),
});

function run(outcomes: readonly { ok: boolean; cause: ProbeVerdict["cause"] }[], n: number, m: number) {
  let state = INITIAL_ALERT_STATE;
  const events: { i: number; e: AlertEvent }[] = [];
  outcomes.forEach((o, i) => {
    const r = stepAlert(state, { ...o, at: i * 1000 }, { failureThreshold: n, recoveryThreshold: m });
    state = r.state;
    if (r.event !== null) events.push({ i, e: r.event });
  });
  return { events, state };
}

test("N consecutive failures give exactly one alert, one success one recovery", () => {
  const f = { ok: false, cause: "connect-failure" as const };
  const s = { ok: true, cause: null };
  const { events } = run([s, f, f, s, f, f, f, f, f, f, s, s, f], 3, 1);
  assert.deepEqual(
    events.map(({ i, e }) => [i, e.kind, e.cause]),
    [
      [6, "alert", "connect-failure"],
      [10, "recovery", "connect-failure"],
    ],
  );
  const alert = events[0]!.e;
  assert.equal(alert.kind === "alert" && alert.failures, 3);
  assert.equal(alert.since, 4000, "the incident began at the first failure of the run");
});

test("recovery threshold: M successes in a row end the incident, fewer do not", () => {
  const f = { ok: false, cause: "timeout" as const };
  const s = { ok: true, cause: null };
  const { events } = run([f, f, s, f, s, s, f, s, s, s], 2, 3);
  assert.deepEqual(
    events.map(({ i, e }) => [i, e.kind]),
    [
      [1, "alert"],
      [9, "recovery"],
    ],
  );
});

test("thresholds below 1 are refused", () => {
  assert.throws(
    () =>
      stepAlert(
        INITIAL_ALERT_STATE,
        { ok: false, cause: null, at: 0 },
        { failureThreshold: 0, recoveryThreshold: 1 },
      ),
    RangeError,
  );
  assert.throws(
    () =>
      stepAlert(
        INITIAL_ALERT_STATE,
        { ok: true, cause: null, at: 0 },
        { failureThreshold: 1, recoveryThreshold: 1.5 },
      ),
    RangeError,
  );
});

test("property: alerts and recoveries alternate, starting with an alert — never two alerts in a row", () => {
  fc.assert(
    fc.property(
      fc.array(verdict, { maxLength: 200 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 4 }),
      (outs, n, m) => {
        const { events } = run(outs, n, m);
        for (const [k, { e }] of events.entries()) assert.equal(e.kind, k % 2 === 0 ? "alert" : "recovery");
      },
    ),
    { numRuns: 500 },
  );
});

test("property: an alert comes exactly on the N-th consecutive failure of a target not alerting", () => {
  fc.assert(
    fc.property(
      fc.array(verdict, { maxLength: 200 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 4 }),
      (outs, n, m) => {
        const { events } = run(outs, n, m);
        // A reference model written independently of the implementation.
        let firing = false;
        let fails = 0;
        let oks = 0;
        const expected: [number, string][] = [];
        outs.forEach((o, i) => {
          if (!o.ok) {
            fails++;
            oks = 0;
            if (!firing && fails === n) {
              firing = true;
              expected.push([i, "alert"]);
            }
          } else {
            oks++;
            if (!firing) fails = 0;
            if (firing && oks === m) {
              firing = false;
              fails = 0;
              oks = 0;
              expected.push([i, "recovery"]);
            }
          }
        });
        assert.deepEqual(
          events.map(({ i, e }) => [i, e.kind]),
          expected,
        );
        for (const { i, e } of events) {
          if (e.kind !== "alert") continue;
          const before = outs.slice(i - n + 1, i + 1);
          assert.equal(before.length, n);
          assert.ok(
            before.every((o) => !o.ok),
            "the N outcomes up to an alert are all failures",
          );
          assert.equal(
            e.cause,
            outs[i]!.cause ?? "other",
            "the alert names the cause of the failure that raised it",
          );
        }
      },
    ),
    { numRuns: 500 },
  );
});

test("property: a run of fewer than N failures between successes never alerts", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 8 }),
      fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 40 }),
      (n, runs) => {
        const outs = runs.flatMap((k) => [
          ...Array.from({ length: Math.min(k, n - 1) }, () => ({ ok: false, cause: "timeout" as const })),
          { ok: true, cause: null },
        ]);
        assert.deepEqual(run(outs, n, 1).events, []);
      },
    ),
  );
});
