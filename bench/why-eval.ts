/**
 * Prints how `why` scores on its corpus, part by part (recorded from real go binaries, rebuilt from Go's source,
 * public reports of the development half, public reports of the evaluation half), with the evaluation half's
 * per-cause confusion table and misses. The split is fixed in test/fixtures/why-corpus/split.json.
 *
 * Run: `npm run build && node dist/bench/why-eval.js`
 */
import {
  confusionTable,
  loadCorpus,
  scoreByPart,
  scoreCase,
  summarize,
  summaryLine,
} from "../test/support/why-eval.js";

const corpus = loadCorpus();
const byPart = scoreByPart(corpus);
for (const p of ["recorded", "source-rebuilt", "public-dev", "public-eval"] as const)
  console.log(`${p.padEnd(15)} ${summaryLine(summarize(byPart.get(p) ?? []))}`);
const added = corpus.filter((c) => c.file.startsWith("public-")).map(scoreCase);
console.log(`${"  of which Go ≥ 1.21 reports".padEnd(15)} ${summaryLine(summarize(added))}`);
const evaluation = byPart.get("public-eval") ?? [];
console.log("\nevaluation half, expected first cause → top-1 diagnosis:");
for (const row of confusionTable(evaluation)) console.log(`  ${row}`);
const misses = evaluation.filter((s) => !s.top1);
if (misses.length > 0) {
  console.log("\nevaluation misses (top-1):");
  for (const s of misses)
    console.log(`  ${s.id}: expected ${s.expected}, got ${s.got}${s.accepted ? " (accepted)" : ""}`);
}
