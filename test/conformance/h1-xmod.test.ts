// h1 hashes and module-zip verdicts against x/mod's dirhash.HashZip and zip.CheckZip, on zips made from
// cmd/go's own test modules plus edge cases (empty files, deep paths, non-ASCII names, directory entries,
// stored entries, data after the central directory) and hostile ones (traversal, collisions, no prefix,
// nested go.mod, duplicates, absolute paths, lying sizes and CRCs) — test/fixtures/go/h1ref. Both the
// in-thread path and the worker path are compared.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { hashZipFile } from "../../src/adapters/zip/hash.js";
import { errorText } from "../../src/core/errors.js";
import { buildGoFixture } from "../support/gobuild.js";

interface Made {
  file: string;
  module: string;
  version: string;
}
interface Ref {
  file: string;
  h1?: string;
  err?: string;
  check: { valid: string[] | null; invalid: Record<string, string>; sizeError: string };
}

let dir = "";
let bin = "";
let made: Made[] = [];
before(() => {
  bin = buildGoFixture("h1ref");
  dir = mkdtempSync(join(tmpdir(), "gpd-h1-"));
  made = JSON.parse(execFileSync(bin, ["mkzips", dir]).toString()) as Made[];
});
after(() => rmSync(dir, { recursive: true, force: true }));

function refs(list: Made[]): Ref[] {
  const args = list.flatMap((m) => [m.file, m.module, m.version]);
  return execFileSync(bin, ["hash", ...args], { maxBuffer: 64 << 20 })
    .toString()
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Ref);
}

const inThread = { workers: 1 };
const inWorkers = { workers: 2, workerThreshold: 0 };

test("h1 of every zip equals dirhash.HashZip; zip rules agree with zip.CheckZip", async () => {
  assert.ok(made.length >= 100, `only ${made.length} zips`);
  const want = refs(made);
  for (const [i, m] of made.entries()) {
    const r = want[i]!;
    assert.equal(r.err, undefined, `${m.file}: the reference could not hash it`);
    const ours = await hashZipFile(m.file, { path: m.module, version: m.version }, inThread);
    assert.equal(ours.h1, r.h1, m.file);
    assert.equal((await hashZipFile(m.file, undefined, inWorkers)).h1, r.h1, `${m.file} (workers)`);
    if (r.check.sizeError.startsWith("error: ")) continue; // module/version rejected before the entries are read
    assert.deepEqual(
      [...(ours.check?.valid ?? [])].sort(),
      [...(r.check.valid ?? [])].sort(),
      `${m.file}: valid`,
    );
    const invalid = Object.fromEntries((ours.check?.invalid ?? []).map((x) => [x.path, x.err]));
    assert.deepEqual(invalid, r.check.invalid, `${m.file}: invalid`);
  }
});

/** Rewrites a 32-bit field of the first central-directory record (offset within the record). */
function patchDirectory(src: string, dst: string, field: number, value: number): void {
  const b = readFileSync(src);
  const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  b.writeUInt32LE(value >>> 0, b.readUInt32LE(eocd + 16) + field);
  writeFileSync(dst, b);
}

test("an entry whose content disagrees with its header (size, CRC-32) is refused, as archive/zip refuses it", async () => {
  const src = made.find((m) => m.file.endsWith("edge-stored.zip"))!.file;
  const cases = [
    { name: "lying-size.zip", field: 24, value: 100 }, // declared far smaller than the content: a bomb's shape
    { name: "bad-crc.zip", field: 16, value: 0xdeadbeef },
  ];
  for (const c of cases) {
    const f = join(dir, c.name);
    patchDirectory(src, f, c.field, c.value);
    const [r] = refs([{ file: f, module: "example.com/edge", version: "v1.0.0" }]);
    assert.ok(r?.err, `${c.name}: x/mod accepted it`);
    for (const opts of [inThread, inWorkers]) {
      await assert.rejects(
        hashZipFile(f, undefined, opts),
        (e: unknown) => /^zip: /.test(errorText(e)),
        `${c.name} ${JSON.stringify(opts)}`,
      );
    }
  }
});

test("a file that is not a zip, or a truncated zip, is an error, never a crash", async () => {
  const notZip = join(dir, "not.zip");
  writeFileSync(notZip, "<html>not a zip</html>");
  await assert.rejects(hashZipFile(notZip), (e: unknown) => /zip/.test(errorText(e)));
  const good = made.find((m) => m.file.endsWith("edge-stored.zip"))!;
  const truncated = join(dir, "truncated.zip");
  writeFileSync(truncated, readFileSync(good.file).subarray(0, 20000));
  await assert.rejects(hashZipFile(truncated), (e: unknown) => /zip/.test(errorText(e)));
  copyFileSync(good.file, join(dir, "copy.zip"));
});
