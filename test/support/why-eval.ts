/**
 * The why corpus (test/fixtures/why-corpus/) and how `why` scores on it: the cases of each file, which half of the
 * fixed development/evaluation split a public report belongs to (split.json, by the URL it cites), and the scores
 * — top-1 (the first diagnosis is the case's first cause), within accepted (the first diagnosis is one of its
 * causes or accepted secondary causes), strict (every cause found, nothing outside the accepted ones) — with a
 * per-cause confusion table. Used by test/unit/features/why-corpus.test.ts and bench/why-eval.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { diagnoseLog } from "../../src/core/goerror/diagnose.js";
import { REPO_ROOT } from "./gobuild.js";

/** One corpus case as stored. */
export interface CorpusCase {
  readonly id: string;
  readonly text: string;
  readonly causes: readonly string[];
  readonly also?: readonly string[];
  readonly go: readonly string[];
  readonly os: string;
  readonly source: string;
  /** What fixed it (public reports added for Go ≥ 1.21). */
  readonly fixed?: string;
  readonly file: string;
}

/** Which part of the corpus a case is in. */
export type Part = "recorded" | "source-rebuilt" | "public-dev" | "public-eval";

export const CORPUS_DIR = join(REPO_ROOT, "test", "fixtures", "why-corpus");

interface Split {
  readonly development: readonly string[];
  readonly evaluation: readonly string[];
  readonly evaluationAdded: readonly string[];
}

/** Every case of every corpus file (recorded-*.json, reconstructed.json, public-*.json), files sorted. */
export function loadCorpus(): CorpusCase[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => /^(?:recorded-.*|reconstructed|public-.*)\.json$/.test(f))
    .sort()
    .flatMap((f) =>
      (JSON.parse(readFileSync(join(CORPUS_DIR, f), "utf8")) as Omit<CorpusCase, "file">[]).map((c) => ({
        ...c,
        file: f,
      })),
    );
}

/** The URL a case cites, or null for recorded and source-rebuilt cases. */
export function sourceURL(c: CorpusCase): string | null {
  return /^(https?:\/\/\S+)/.exec(c.source)?.[1] ?? null;
}

/** A function telling the part of each case, from split.json. Throws on a public source missing from the split. */
export function partOf(): (c: CorpusCase) => Part {
  const split = JSON.parse(readFileSync(join(CORPUS_DIR, "split.json"), "utf8")) as Split;
  const dev = new Set(split.development);
  const evaluation = new Set([...split.evaluation, ...split.evaluationAdded]);
  return (c) => {
    if (c.file.startsWith("recorded-")) return "recorded";
    const url = sourceURL(c);
    if (url === null) return "source-rebuilt";
    if (dev.has(url)) return "public-dev";
    if (evaluation.has(url)) return "public-eval";
    throw new Error(`${c.id}: source ${url} is in neither half of split.json`);
  };
}

/** How one case scored. */
export interface CaseScore {
  readonly id: string;
  readonly expected: string;
  readonly got: string;
  readonly top1: boolean;
  readonly accepted: boolean;
  readonly strict: boolean;
}

/** Scores one case with diagnoseLog; "(none)" stands for no diagnosis / no expected cause. */
export function scoreCase(c: CorpusCase): CaseScore {
  const diagnoses = diagnoseLog(c.text);
  const got = [...new Set(diagnoses.map((d) => d.cause as string))];
  const allowed = new Set([...c.causes, ...(c.also ?? [])]);
  const first = got[0] ?? "(none)";
  const expected = c.causes[0] ?? "(none)";
  return {
    id: c.id,
    expected,
    got: first,
    top1: first === expected,
    accepted: c.causes.length === 0 ? got.length === 0 : allowed.has(first),
    strict: c.causes.every((k) => got.includes(k)) && got.every((k) => allowed.has(k)),
  };
}

/** Totals of a set of scores. */
export interface Summary {
  readonly n: number;
  readonly top1: number;
  readonly accepted: number;
  readonly strict: number;
}

export function summarize(scores: readonly CaseScore[]): Summary {
  return {
    n: scores.length,
    top1: scores.filter((s) => s.top1).length,
    accepted: scores.filter((s) => s.accepted).length,
    strict: scores.filter((s) => s.strict).length,
  };
}

const pct = (k: number, n: number) => (n === 0 ? "-" : `${((100 * k) / n).toFixed(1)}%`);

/** One line: "n=62 top-1 58 (93.5%) within accepted 61 (98.4%) strict 57 (91.9%)". */
export function summaryLine(s: Summary): string {
  return `n=${s.n}  top-1 ${s.top1} (${pct(s.top1, s.n)})  within accepted ${s.accepted} (${pct(s.accepted, s.n)})  strict ${s.strict} (${pct(s.strict, s.n)})`;
}

/** The per-cause confusion table (expected first cause → top-1 diagnosis), as text rows. */
export function confusionTable(scores: readonly CaseScore[]): string[] {
  const rows = new Map<string, Map<string, number>>();
  for (const s of scores) {
    const row = rows.get(s.expected) ?? new Map<string, number>();
    row.set(s.got, (row.get(s.got) ?? 0) + 1);
    rows.set(s.expected, row);
  }
  return [...rows.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([expected, row]) => {
      const total = [...row.values()].reduce((a, b) => a + b, 0);
      const right = row.get(expected) ?? 0;
      const wrong = [...row.entries()]
        .filter(([g]) => g !== expected)
        .map(([g, k]) => `${g}×${k}`)
        .join(", ");
      return `${expected.padEnd(26)} ${String(right).padStart(3)}/${String(total).padEnd(3)}${wrong === "" ? "" : `  → ${wrong}`}`;
    });
}

/** The scores of every case, grouped by part (recorded, source-rebuilt, public-dev, public-eval). */
export function scoreByPart(corpus: readonly CorpusCase[]): Map<Part, CaseScore[]> {
  const part = partOf();
  const byPart = new Map<Part, CaseScore[]>();
  for (const c of corpus) byPart.set(part(c), [...(byPart.get(part(c)) ?? []), scoreCase(c)]);
  return byPart;
}
