// The monitor's coalesced wake-ups (service.ts coalesceMs, coalescedDelay): the scheduler sleeps to the
// grid point nearest the earliest due time, so a probe starts at most half a step from its due time; and a
// monitor with many targets at 15 s intervals wakes about once a step, not once per probe.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseMonitorConfig } from "../../../src/features/monitor/config.js";
import { coalescedDelay, coalesceMs } from "../../../src/features/monitor/service.js";

function configWith(intervals: readonly string[]) {
  const r = parseMonitorConfig(
    `listen: 127.0.0.1:0\ntargets:\n${intervals.map((iv, i) => `  - url: http://127.0.0.1:${1000 + i}\n    interval: ${iv}\n`).join("")}`,
  );
  if (!r.ok) assert.fail(JSON.stringify(r.errors));
  return r.config;
}

test("the grid step: a sixteenth of the shortest interval, at most 1 s", () => {
  assert.equal(coalesceMs(configWith(["15s"])), 937);
  assert.equal(coalesceMs(configWith(["1m", "15s"])), 937);
  assert.equal(coalesceMs(configWith(["5m"])), 1000);
  assert.equal(coalesceMs(configWith(["250ms"])), 15);
  assert.equal(coalesceMs(configWith(["100ms", "1h"])), 6);
});

test("a wake-up lands on the grid, within half a step of the earliest due time, never in the past", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 0, max: 120_000 }),
      (now, step, ahead) => {
        // The scheduler sleeps only when nothing is due within half a step.
        fc.pre(ahead > step / 2);
        const earliest = now + ahead;
        const d = coalescedDelay(earliest, now, step);
        assert.ok(d > 0);
        assert.equal((now + d) % step, 0);
        assert.ok(Math.abs(now + d - earliest) <= step / 2, `${now + d} vs ${earliest}`);
      },
    ),
  );
});

test("targets due within a step share one wake-up", () => {
  const step = 937;
  const now = 1_700_000_000_000;
  // Due times spread over 15 s, as 100 targets with jitter are.
  const due = Array.from({ length: 100 }, (_, i) => now + 1 + Math.floor((i * 15_000) / 100) + (i % 7) * 3);
  const wakeups = new Set(due.map((d) => now + coalescedDelay(d, now, step)));
  assert.ok(wakeups.size <= Math.ceil(15_000 / step) + 1, `${wakeups.size} wake-ups`);
  assert.ok(wakeups.size < due.length / 4);
});
