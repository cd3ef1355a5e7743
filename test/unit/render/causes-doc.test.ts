/** docs/causes.md is the taxonomy of src/core/causes.ts, word for word (regenerate: scripts/gen-causes-doc.mjs). */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CAUSES, ROLES } from "../../../src/core/causes.js";
import { causesMarkdown } from "../../../src/render/causes.js";
import { REPO_ROOT } from "../../support/gobuild.js";

test("docs/causes.md matches core/causes.ts and lists every cause and role", () => {
  const doc = readFileSync(join(REPO_ROOT, "docs", "causes.md"), "utf8");
  assert.equal(
    doc,
    causesMarkdown(),
    "docs/causes.md is stale: npm run build && node scripts/gen-causes-doc.mjs",
  );
  for (const c of CAUSES) assert.ok(doc.includes(`### ${c}\n`), c);
  for (const r of ROLES) assert.ok(doc.includes(`| \`${r}\` |`), r);
});
