// docs/ARCHITECTURE.md names files and folders: every one of them must exist, or the map misleads.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../../support/gobuild.js";

const DOC = join(REPO_ROOT, "docs", "ARCHITECTURE.md");

/** Repository paths in backticks (`src/…`, `test/…`, `scripts/…`, `docs/…`). */
function codePaths(text: string): string[] {
  return [...text.matchAll(/`((?:src|test|scripts|docs)\/[^`\s]*)`/g)].map((m) => m[1]!);
}

/** Paths inside the Mermaid diagrams, relative to src/ (e.g. features/check.ts, core/vcs). */
function diagramPaths(text: string): string[] {
  const blocks = [...text.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) =>
    [...b.matchAll(/\b((?:core|adapters|features|render|cli)\/[\w./-]*[\w])/g)].map((m) => `src/${m[1]!}`),
  );
}

/** Relative Markdown links to other documents. */
function links(text: string): string[] {
  return [...text.matchAll(/\]\(([\w.-]+\.md)\)/g)].map((m) => `docs/${m[1]!}`);
}

test("every path ARCHITECTURE.md names exists", () => {
  const text = readFileSync(DOC, "utf8");
  const paths = [...new Set([...codePaths(text), ...diagramPaths(text), ...links(text)])];
  assert.ok(paths.length > 40, `only ${paths.length} paths found: the extraction broke`);
  const missing = paths.filter((p) => !existsSync(join(REPO_ROOT, p.replace(/\/$/, ""))));
  assert.deepEqual(missing, []);
});

test("the extraction sees a path that does not exist", () => {
  assert.deepEqual(codePaths("see `src/core/nothing-here.ts` and `README`"), ["src/core/nothing-here.ts"]);
  assert.deepEqual(diagramPaths('```mermaid\nA["features/x.ts<br/>core/vcs"]\n```'), [
    "src/features/x.ts",
    "src/core/vcs",
  ]);
});
