import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  type FreshnessHistory,
  freshnessLagMs,
  MAX_SIGHTINGS,
  observeVersion,
} from "../../../../src/core/monitor/freshness.js";
import { firstDue, nextDue, rotation } from "../../../../src/core/monitor/schedule.js";
import { compare } from "../../../../src/core/semver.js";

test("a mirror serving an older latest lags since the newer version was first seen", () => {
  let h: FreshnessHistory = [];
  h = observeVersion(h, "v1.0.0", 1_000);
  h = observeVersion(h, "v1.1.0", 5_000);
  h = observeVersion(h, "v1.2.0", 9_000);
  h = observeVersion(h, "v1.1.0", 20_000); // seen again: the first sighting stays
  assert.equal(freshnessLagMs(h, "v1.2.0", 30_000), 0);
  assert.equal(freshnessLagMs(h, "v1.1.0", 30_000), 21_000);
  assert.equal(freshnessLagMs(h, "v1.0.0", 30_000), 25_000, "behind since v1.1.0 appeared");
  assert.equal(freshnessLagMs(h, "v0.9.0", 30_000), 29_000);
  assert.equal(freshnessLagMs(h, null, 30_000), null);
  assert.equal(freshnessLagMs(h, "garbage", 30_000), null);
  assert.equal(observeVersion(h, "not-a-version", 1), h);
});

const version = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }))
  .map(([a, b, c]) => `v${a}.${b}.${c}`);

test("property: history stays bounded, sorted and keeps first sightings; lag is 0 for the newest", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(version, fc.integer({ min: 0, max: 1e9 })), { maxLength: 100 }), (obs) => {
      let h: FreshnessHistory = [];
      obs.sort((a, b) => a[1] - b[1]);
      for (const [v, t] of obs) h = observeVersion(h, v, t);
      assert.ok(h.length <= MAX_SIGHTINGS);
      for (let i = 1; i < h.length; i++) assert.ok(compare(h[i - 1]!.version, h[i]!.version) > 0);
      for (const s of h) assert.equal(s.firstSeen, obs.find(([v]) => v === s.version)![1]);
      const now = 2e9;
      if (h.length > 0) assert.equal(freshnessLagMs(h, h[0]!.version, now), 0);
      for (const [v] of obs) {
        const lag = freshnessLagMs(h, v, now)!;
        assert.ok(lag >= 0);
        // A newer served version never lags more than an older one.
        for (const [w] of obs) if (compare(w, v) > 0) assert.ok(freshnessLagMs(h, w, now)! <= lag);
      }
    }),
    { numRuns: 300 },
  );
});

test("property: the rotation covers every sentinel module within ⌈n / k⌉ rounds", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 14 }),
      fc.nat(50),
      (n, k, start) => {
        const list = Array.from({ length: n }, (_, i) => i);
        const seen = new Set<number>();
        const rounds = Math.ceil(n / k);
        for (let r = start; r < start + rounds; r++) {
          const batch = rotation(list, r, k);
          assert.equal(batch.length, Math.min(k, n));
          assert.equal(new Set(batch).size, batch.length, "no module twice in one probe");
          for (const x of batch) seen.add(x);
        }
        assert.equal(seen.size, n);
      },
    ),
  );
});

test("property: jittered schedules stay within the jitter window and never in the past", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1e12 }),
      fc.integer({ min: 100, max: 3_600_000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 0.999999, noNaN: true }),
      fc.integer({ min: 0, max: 10_000_000 }),
      (start, interval, jitter, rand, elapsed) => {
        const f = firstDue(start, interval, jitter, rand);
        assert.ok(f >= start && f <= start + interval * jitter);
        const now = start + elapsed;
        const n = nextDue(start, interval, jitter, rand, now);
        assert.ok(n >= now);
        if (n > now) assert.ok(Math.abs(n - (start + interval)) <= interval * jitter + 1);
      },
    ),
  );
});
