import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  type DownloadFileKind,
  downloadFilePath,
  extractedDirPath,
  parseDownloadFilePath,
  parseExtractedDirPath,
} from "../../../src/core/modcache.js";

// A last element like `v0` or `v1` is a major-version suffix go rejects (SplitPathVersion): not a module path.
const elem = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,8}$/).filter((e) => !/^v[0-9]+$/.test(e));
const modulePath = fc
  .tuple(fc.stringMatching(/^[a-z]{1,8}\.(com|org|io)$/), fc.array(elem, { minLength: 1, maxLength: 3 }))
  .map(([host, rest]) => [host, ...rest].join("/"));
const version = fc
  .tuple(
    fc.nat(20),
    fc.nat(20),
    fc.nat(20),
    fc.constantFrom("", "-RC1", "-pre.2", "-0.20200101000000-abcdefabcdef"),
  )
  .map(([a, b, c, pre]) => `v${a}.${b}.${c}${pre}`);
const kind = fc.constantFrom<Exclude<DownloadFileKind, "tmp">>(
  "info",
  "mod",
  "zip",
  "ziphash",
  "lock",
  "partial",
);

test("download file paths round-trip (modfetch.CachePath)", () => {
  fc.assert(
    fc.property(modulePath, version, kind, (path, v, k) => {
      const rel = downloadFilePath({ path, version: v }, k);
      assert.doesNotMatch(rel, /[A-Z]/);
      assert.deepEqual(parseDownloadFilePath(rel), { path, version: v, kind: k });
    }),
  );
});

test("extracted directory paths round-trip (modfetch.DownloadDir)", () => {
  fc.assert(
    fc.property(modulePath, version, (path, v) => {
      assert.deepEqual(parseExtractedDirPath(extractedDirPath({ path, version: v })), { path, version: v });
    }),
  );
});

test("known layouts, temp files, and what is not a module file", () => {
  assert.equal(
    downloadFilePath({ path: "github.com/BurntSushi/toml", version: "v1.2.0" }, "zip"),
    "cache/download/github.com/!burnt!sushi/toml/@v/v1.2.0.zip",
  );
  assert.deepEqual(parseDownloadFilePath("cache/download/example.com/a/@v/v1.0.0.zip123456.tmp"), {
    path: "example.com/a",
    version: "v1.0.0",
    kind: "tmp",
  });
  assert.deepEqual(
    parseDownloadFilePath("cache/download/example.com/c/@v/v2.0.0+incompatible.mod")?.version,
    "v2.0.0+incompatible",
  );
  for (const rel of [
    "cache/download/example.com/a/@v/list",
    "cache/download/example.com/a/@v/v1.0.zip",
    "cache/download/example.com/A/@v/v1.0.0.zip",
    "cache/download/sumdb/sum.golang.org/tile/8/0/000",
    "example.com/a/@v/v1.0.0.zip",
  ])
    assert.equal(parseDownloadFilePath(rel), null, rel);
  assert.equal(parseExtractedDirPath("example.com/a@v1.0.0.tmp-123"), null);
  assert.equal(parseExtractedDirPath("cache/download/x@v1.0.0"), null);
});

test("arbitrary paths never throw", () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      parseDownloadFilePath(`cache/download/${s}`);
      parseExtractedDirPath(s);
    }),
  );
});
