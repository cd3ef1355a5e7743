/**
 * Runs the `why` classifier over the corpus of real go error outputs (test/fixtures/why-corpus/: outputs recorded
 * from go1.19 and go1.26 against loopback servers by record.ts, texts rebuilt from Go's source, and public reports
 * split once by source into a development and an evaluation half, split.json). Recorded outputs must be classified
 * 100% within their accepted causes; the other parts have floors set from measurements, printed with the scores.
 * Full table: `node dist/bench/why-eval.js`.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { CAUSES, isCause } from "../../../src/core/causes.js";
import {
  loadCorpus,
  type Part,
  partOf,
  scoreByPart,
  summarize,
  summaryLine,
} from "../../support/why-eval.js";

const corpus = loadCorpus();
const part = partOf();

test("corpus: at least 300 cases, each with text, known causes, go versions and a cited source; every public source in the split", () => {
  assert.ok(corpus.length >= 300, `only ${corpus.length} cases`);
  const ids = new Set<string>();
  for (const c of corpus) {
    assert.ok(!ids.has(c.id), `duplicate id ${c.id}`);
    ids.add(c.id);
    assert.equal(typeof c.text, "string");
    assert.ok(c.go.length > 0, c.id);
    assert.ok(c.source.length > 10, c.id);
    for (const k of [...c.causes, ...(c.also ?? [])]) assert.ok(isCause(k), `${c.id}: ${k}`);
    part(c); // throws for a public source missing from split.json
  }
});

test("corpus: go1.19 and go1.26 recordings exist for the same scenarios; every Go ≥ 1.21 report cites its source and fix", () => {
  const recorded = corpus.filter((c) => part(c) === "recorded");
  for (const v of ["1.19", "1.26"])
    assert.ok(recorded.filter((c) => c.id.endsWith(`@go${v}`)).length >= 90, v);
  const added = corpus.filter((c) => c.file.startsWith("public-"));
  assert.ok(added.length >= 60, `only ${added.length} Go ≥ 1.21 reports`);
  for (const c of added) {
    assert.match(c.source, /^https?:\/\//, c.id);
    assert.ok((c.fixed ?? "").length > 3, `${c.id}: what fixed it`);
    assert.equal(part(c), "public-eval", c.id);
  }
});

test("corpus: every cause of the taxonomy has at least one case", () => {
  const seen = new Set(corpus.flatMap((c) => c.causes));
  assert.deepEqual(
    CAUSES.filter((c) => !seen.has(c)),
    [],
  );
});

/** Floors per part: recorded is exact; the others were measured on 2026-12-07 (top-1, within accepted). */
const FLOORS: Record<Part, { top1: number; accepted: number }> = {
  recorded: { top1: 0.99, accepted: 1 },
  "source-rebuilt": { top1: 0.95, accepted: 1 },
  "public-dev": { top1: 0.9, accepted: 1 },
  "public-eval": { top1: 0.9, accepted: 0.97 },
};

test("corpus: scores per part at or above their floors (recorded outputs 100% within accepted causes)", () => {
  const byPart = scoreByPart(corpus);
  const lines: string[] = [];
  for (const [p, floor] of Object.entries(FLOORS) as [Part, { top1: number; accepted: number }][]) {
    const scores = byPart.get(p) ?? [];
    const s = summarize(scores);
    lines.push(`${p.padEnd(15)} ${summaryLine(s)}`);
    const misses = scores
      .filter((x) => !x.accepted)
      .map((x) => `${x.id}: expected ${x.expected}, got ${x.got}`);
    assert.ok(s.n > 0, p);
    assert.ok(s.top1 / s.n >= floor.top1, `${p} top-1 ${s.top1}/${s.n}`);
    assert.ok(
      s.accepted / s.n >= floor.accepted,
      `${p} within accepted ${s.accepted}/${s.n}: ${misses.join("; ")}`,
    );
  }
  console.log(`why corpus:\n${lines.join("\n")}`);
});
