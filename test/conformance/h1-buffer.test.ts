// hashZipBuffer (in memory) against hashZipFile (from a file) on every zip of the h1ref corpus
// (test/fixtures/go/h1ref: cmd/go's test modules, edge cases and hostile zips — traversal, collisions,
// duplicates, lying sizes and CRCs): the same h1, entries and x/mod/zip verdict, or the same error.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { hashZipBuffer, hashZipFile, type ZipHash } from "../../src/adapters/zip/hash.js";
import { errorText } from "../../src/core/errors.js";
import { buildGoFixture } from "../support/gobuild.js";

interface Made {
  file: string;
  module: string;
  version: string;
}

let dir = "";
let made: Made[] = [];
before(() => {
  const bin = buildGoFixture("h1ref");
  dir = mkdtempSync(join(tmpdir(), "gpd-h1buf-"));
  made = JSON.parse(execFileSync(bin, ["mkzips", dir]).toString()) as Made[];
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function outcome(run: () => Promise<ZipHash>) {
  try {
    const z = await run();
    return { h1: z.h1, entries: z.entries, check: z.check };
  } catch (e) {
    return { error: errorText(e) };
  }
}

test("every zip of the corpus hashes the same from memory as from its file", async () => {
  assert.ok(made.length >= 100, `only ${made.length} zips`);
  let hashed = 0;
  for (const m of made) {
    const module = { path: m.module, version: m.version };
    const bytes = readFileSync(m.file);
    const file = await outcome(() => hashZipFile(m.file, module, { workers: 1 }));
    const memory = await outcome(() => hashZipBuffer(bytes, module));
    assert.deepEqual(memory, file, m.file);
    if ("h1" in memory) hashed++;
  }
  assert.ok(hashed >= 100, `only ${hashed} zips hashed`);
});
