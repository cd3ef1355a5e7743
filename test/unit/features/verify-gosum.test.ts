/**
 * verify names a malformed go.sum by the taxonomy's definitions: config-invalid (a malformed file; Go ≥ 1.22 refuses
 * it), role local — the same cause `why` gives go's "malformed go.sum" — never checksum-mismatch. No request is made:
 * the file holds no well-formed line to look up.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { diagnoseLog } from "../../../src/core/goerror/diagnose.js";
import { verify } from "../../../src/features/verify.js";

test("a malformed go.sum is config-invalid at local, as why names go's own message for it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gpd-verify-gosum-"));
  try {
    const file = join(dir, "go.sum");
    writeFileSync(file, "garbage\n");
    const r = await verify({
      files: [file],
      env: { HOME: dir, PATH: "/nonexistent", GOPROXY: "off", GOSUMDB: "sum.golang.org" },
      writeCache: false,
    });
    const f = r.findings.find((x) => x.id === "gosum.malformed");
    assert.ok(f !== undefined, JSON.stringify(r.findings));
    assert.equal(f.cause, "config-invalid");
    assert.equal(f.role, "local");
    const why = diagnoseLog(`malformed go.sum:\n${file}:1: wrong number of fields 1\n`)[0]!;
    assert.deepEqual([why.cause, why.role], [f.cause, f.role]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
