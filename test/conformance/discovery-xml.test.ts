// The go-import reader (core/vcs/discovery.ts parseMetaGoImports) against Go's encoding/xml reading of the
// same pages (test/fixtures/go/metaref): wherever ours says it read the page to where go stops, the tags must
// be the very ones go finds, and go must have found no error. Pages are generated from HTML-ish pieces,
// awkward ones included (unquoted and valueless attributes, entities, comments, a script with `<`, control
// characters, namespaced names), so that what ours calls "complete" is checked where it is most at risk.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import fc from "fast-check";
import { parseMetaGoImports } from "../../src/core/vcs/discovery.js";
import { buildGoFixture } from "../support/gobuild.js";
import { TOOLCHAINS } from "../support/toolchains.js";

const content = fc.constantFrom(
  "a.example/x git https://a.example/x.git",
  "a.example/x mod https://proxy.example",
  "b.example/y  hg\thttps://b.example/y",
  "only two",
  "a.example/x git https://a.example/x.git&amp;z",
  "",
);
const attrValue = fc.oneof(
  content.map((c) => `"${c}"`),
  content.map((c) => `'${c}'`),
  fc.constantFrom("go-import", "GO-IMPORT", "x", "a.b/c"),
);
const meta = fc
  .tuple(
    fc.constantFrom("meta", "META", "Meta", "go:meta"),
    fc.constantFrom("name", "NAME", "Name"),
    fc.oneof(fc.constant('"go-import"'), fc.constant("go-import"), fc.constant("'go-import'"), attrValue),
    fc.constantFrom("content", "CONTENT"),
    attrValue,
    fc.constantFrom(">", "/>", " >", " />"),
  )
  .map(([tag, n, nv, c, cv, close]) => `<${tag} ${n}=${nv} ${c}=${cv}${close}`);
const piece = fc.oneof(
  { weight: 4, arbitrary: meta },
  fc.constantFrom(
    "<!DOCTYPE html>",
    "<html lang=en>",
    "<html>",
    "<head>",
    "</head>",
    "<body>",
    "<title>x &amp; y &nbsp; z</title>",
    '<!-- a comment with <meta name="go-import" content="c.example/z git https://c"> -->',
    '<meta charset="utf-8">',
    "<link rel=stylesheet href=/s.css>",
    "<script>if (a < b) {}</script>",
    "<script>var x = 1;</script>",
    "text \u0001 with a control character",
    "a & b",
    "<br>",
    "<p hidden>",
    '<?xml version="1.0"?>',
    "\n",
  ),
);
const page = fc.array(piece, { maxLength: 8 }).map((ps) => ps.join(""));

for (const tc of TOOLCHAINS)
  test(`[${tc.label}] wherever the reader says complete, its tags are encoding/xml's, in module mode's order`, (t) => {
    const bin = buildGoFixture("metaref", tc);
    const pages = fc.sample(page, { numRuns: 1500, seed: 20261123 });
    const go = JSON.parse(execFileSync(bin, { input: JSON.stringify(pages), encoding: "utf8" })) as {
      imports: [string, string, string][];
      err: string;
    }[];
    let judged = 0;
    for (const [i, p] of pages.entries()) {
      const ours = parseMetaGoImports(p);
      if (!ours.complete) continue;
      judged++;
      assert.equal(go[i]!.err, "", `go failed where ours read the page whole:\n${p}`);
      assert.deepEqual(
        ours.imports.map((m) => [m.prefix, m.vcs, m.repoRoot]),
        go[i]!.imports,
        p,
      );
    }
    t.diagnostic(`${judged} of ${pages.length} pages judged, every one as encoding/xml reads it`);
    // The comparison means something only if most pages are judged.
    assert.ok(judged > pages.length / 3, `${judged} of ${pages.length} pages judged`);
  });
