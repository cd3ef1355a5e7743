/**
 * The error templates of core/goerror/templates.ts are go's own: each Go-source template's literal part is found
 * in the file it names, in go1.19's sources or go1.26's (the versions it claims decide which). Reads files only.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { GO_ERROR_TEMPLATES } from "../../src/core/goerror/templates.js";
import { GO119, GO126, requireToolchain } from "../support/toolchains.js";

function claims(versions: string, minor: number): boolean {
  const [lo, hi] = versions.split("-");
  const v = (s: string | undefined, d: number) => (s === undefined || s === "" ? d : Number(s.split(".")[1]));
  return minor >= v(lo, 0) && minor <= v(hi, 99);
}

test("templates: every Go-source template's literal part is in the named file of go1.19 or go1.26, as its versions claim", () => {
  requireToolchain(GO119);
  requireToolchain(GO126);
  const missing: string[] = [];
  let checked = 0;
  for (const t of GO_ERROR_TEMPLATES) {
    if (["git", "curl", "winsock"].includes(t.file)) continue;
    for (const [tc, minor] of [
      [GO119, 19],
      [GO126, 26],
    ] as const) {
      if (!claims(t.versions, minor)) continue;
      const file = join(tc.goroot, "src", t.file);
      const found = existsSync(file) && readFileSync(file, "utf8").includes(t.fixed);
      checked++;
      if (!found) missing.push(`${t.id}: ${JSON.stringify(t.fixed)} not in ${tc.label}'s ${t.file}`);
    }
  }
  console.log(`templates: ${checked - missing.length}/${checked} literal parts found in go's sources`);
  assert.deepEqual(missing, []);
});
