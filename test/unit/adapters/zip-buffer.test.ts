// hashZipBuffer (a downloaded zip hashed in memory) against hashZipFile (the same bytes in a file): the same
// h1, entries and x/mod/zip verdict, or the same `zip: …` error, for valid zips (stored and deflated
// entries, comments, bytes after the end record) and for any corruption of them (flipped bytes, cuts,
// appended garbage).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { crc32, deflateRawSync } from "node:zlib";
import fc from "fast-check";
import { hashZipBuffer, hashZipFile, type ZipHash } from "../../../src/adapters/zip/hash.js";
import { errorText } from "../../../src/core/errors.js";
import { moduleZip } from "../../support/monitor-mirror.js";

const dir = mkdtempSync(join(tmpdir(), "gpd-zipbuf-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

interface File {
  readonly name: string;
  readonly data: Uint8Array;
  readonly deflate: boolean;
}

/** A zip of the files (method 8 when deflate), with an archive comment. */
function zipOf(files: readonly File[], comment = ""): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, "utf8");
    const body = f.deflate ? deflateRawSync(f.data) : Buffer.from(f.data);
    const crc = crc32(f.data);
    const method = f.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const text = Buffer.from(comment, "latin1");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(text.length, 20);
  return Buffer.concat([...locals, cd, end, text]);
}

type Outcome = { h1: string; entries: ZipHash["entries"]; check: ZipHash["check"] } | { error: string };

async function outcome(run: () => Promise<ZipHash>): Promise<Outcome> {
  try {
    const z = await run();
    assert.deepEqual(z.workerRssKiB, []);
    return { h1: z.h1, entries: z.entries, check: z.check };
  } catch (e) {
    return { error: errorText(e) };
  }
}

const MODULE = { path: "example.com/m", version: "v1.0.0" };

/** Both ways of hashing the same bytes, with and without a module to check the entries against. */
async function both(bytes: Uint8Array, module?: typeof MODULE): Promise<[Outcome, Outcome]> {
  const file = join(dir, `${n++}.zip`);
  writeFileSync(file, bytes);
  try {
    return [
      await outcome(() => hashZipFile(file, module, { workers: 1 })),
      await outcome(() => hashZipBuffer(bytes, module)),
    ];
  } finally {
    rmSync(file, { force: true });
  }
}

const prefix = `${MODULE.path}@${MODULE.version}/`;
const fileArb = fc.record({
  name: fc.oneof(
    fc.constantFrom("go.mod", "a.go", "sub/b.go", "LICENSE", "../x", "vendor/modules.txt", "A.go"),
    fc.stringMatching(/^[a-z]{1,8}(\/[a-z]{1,8})?\.go$/),
  ),
  data: fc.uint8Array({ maxLength: 3000 }),
  deflate: fc.boolean(),
});
const zipArb = fc
  .tuple(
    fc.array(fileArb, { maxLength: 6 }),
    fc.boolean(),
    fc.string({ maxLength: 20 }),
    fc.uint8Array({ maxLength: 40 }),
  )
  .map(([files, prefixed, comment, trailing]) =>
    Buffer.concat([
      zipOf(
        files.map((f) => ({ ...f, name: prefixed ? prefix + f.name : f.name })),
        comment.replace(/[^\x20-\x7e]/g, ""),
      ),
      trailing,
    ]),
  );

test("a valid module zip: the same h1, entries and verdict as from a file", async () => {
  const zip = moduleZip("github.com/google/uuid", "v1.6.0");
  const [file, memory] = await both(zip, { path: "github.com/google/uuid", version: "v1.6.0" });
  assert.ok("h1" in memory && memory.h1.startsWith("h1:"), JSON.stringify(memory));
  assert.deepEqual(memory, file);
  // Hashing never changes the caller's bytes.
  assert.deepEqual(zip, moduleZip("github.com/google/uuid", "v1.6.0"));
});

test("not a zip, an empty body, a cut directory: the same errors as from a file", async () => {
  const zip = moduleZip("golang.org/x/sync", "v0.7.0");
  for (const bytes of [
    Buffer.alloc(0),
    Buffer.from("<html><body>Please log in</body></html>"),
    zip.subarray(0, zip.length - 10),
    zip.subarray(0, 40),
  ]) {
    const [file, memory] = await both(bytes, { path: "golang.org/x/sync", version: "v0.7.0" });
    assert.ok("error" in memory && memory.error.startsWith("zip: "), JSON.stringify(memory));
    assert.deepEqual(memory, file);
  }
});

test("any zip of stored and deflated entries, with a comment and trailing bytes: the same outcome", async () => {
  await fc.assert(
    fc.asyncProperty(zipArb, fc.boolean(), async (zip, withModule) => {
      const [file, memory] = await both(zip, withModule ? MODULE : undefined);
      assert.deepEqual(memory, file);
    }),
    { numRuns: 150 },
  );
});

test("any corruption of a zip (flipped bytes, a cut, garbage appended): the same outcome", async () => {
  const corruption = fc.oneof(
    fc.record({
      kind: fc.constant("flip" as const),
      at: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant("append" as const),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    }),
  );
  await fc.assert(
    fc.asyncProperty(zipArb, corruption, async (zip, c) => {
      let bytes: Buffer;
      if (c.kind === "flip") {
        bytes = Buffer.from(zip);
        for (const [at, x] of c.at) {
          if (bytes.length === 0) break;
          const i = at % bytes.length;
          bytes[i] = (bytes[i] ?? 0) ^ x;
        }
      } else if (c.kind === "cut") bytes = zip.subarray(0, c.at % (zip.length + 1));
      else bytes = Buffer.concat([zip, c.bytes]);
      const [file, memory] = await both(bytes, MODULE);
      assert.deepEqual(memory, file);
    }),
    { numRuns: 300 },
  );
});
