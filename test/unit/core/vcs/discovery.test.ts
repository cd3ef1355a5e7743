// go-get discovery pages as go1.19 reads them (cmd/go/internal/vcs/discovery.go, vcs.go).
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { ProxyResponse } from "../../../../src/core/proxyanswer.js";
import {
  matchGoImport,
  parseMetaGoImports,
  planDiscovery,
  validateRepoRoot,
} from "../../../../src/core/vcs/discovery.js";
import { parseGOVCS } from "../../../../src/core/vcs/govcs.js";

test("tags up to </head> or <body>, in module mode mod entries first, shadowing their prefix", () => {
  const page = parseMetaGoImports(
    `<!DOCTYPE html><!-- x --><html lang=en><head><meta charset="utf-8">
     <META NAME="go-import" CONTENT="a.example/x   git  https://a.example/x.git">
     <meta name=go-import content='b.example/y mod https://proxy.example'>
     <meta name="go-import" content="b.example/y git https://b.example/y.git">
     <meta name="go-import" content="only two">
     </head><body><meta name="go-import" content="c.example/z git https://c.example/z"></body></html>`,
  );
  assert.equal(page.complete, true);
  assert.deepEqual(page.imports, [
    { prefix: "b.example/y", vcs: "mod", repoRoot: "https://proxy.example" },
    { prefix: "a.example/x", vcs: "git", repoRoot: "https://a.example/x.git" },
  ]);
  // Markup go's XML reader may take otherwise: not judged.
  assert.equal(parseMetaGoImports("<head><script>if (a < b) {}</script></head>").complete, false);
  assert.equal(parseMetaGoImports('<?xml version="1.0" encoding="latin1"?><head></head>').complete, false);
  assert.equal(parseMetaGoImports("<head><meta name=go-import content=a.b/c").complete, false);
});

test("matchGoImport and validateRepoRoot give go's words", () => {
  const im = (prefix: string, vcs = "git") => ({ prefix, vcs, repoRoot: `https://${prefix}` });
  assert.deepEqual(matchGoImport([im("a.b/x")], "a.b/x/y"), { match: im("a.b/x") });
  assert.deepEqual(matchGoImport([im("a.b/x"), im("a.b/q")], "a.b/xy"), {
    error: "meta tag a.b/x did not match import path a.b/xy, meta tag a.b/q did not match import path a.b/xy",
    mismatch: true,
  });
  assert.deepEqual(matchGoImport([im("a.b"), im("a.b/x")], "a.b/x"), {
    error: 'multiple meta tags match import path "a.b/x"',
    mismatch: false,
  });
  assert.deepEqual(matchGoImport([im("a.b", "mod"), im("a.b/x")], "a.b/x"), { match: im("a.b", "mod") });
  assert.equal(validateRepoRoot("https://a.b/x"), null);
  assert.equal(validateRepoRoot("a.b/x"), "no scheme");
  assert.equal(validateRepoRoot("file:///srv/x"), "file scheme disallowed");
});

test("property: never throws; tags written in a head are read back in order", () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void parseMetaGoImports(s)));
  const word = fc.stringMatching(/^[a-z0-9][a-z0-9./-]{0,12}$/);
  fc.assert(
    fc.property(
      fc.array(fc.tuple(word, fc.constantFrom("git", "hg", "svn"), word), { maxLength: 6 }),
      (tags) => {
        const html = `<html><head>${tags.map(([p, v, r]) => `<meta name="go-import" content="${p} ${v} ${r}">`).join("\n")}</head></html>`;
        const page = parseMetaGoImports(html);
        assert.equal(page.complete, true);
        assert.deepEqual(
          page.imports.map((m) => [m.prefix, m.vcs, m.repoRoot]),
          tags,
        );
      },
    ),
  );
});

test("planDiscovery: each answer leads where go goes; bytes go's XML reader rejects are not judged", () => {
  const url = "https://git.corp.example/team/lib?go-get=1";
  const page = (status: number, body: string | Uint8Array): ProxyResponse => ({
    kind: "status",
    url,
    status,
    statusLine: status === 200 ? "200 OK" : `${status} Not Found`,
    contentType: "text/html",
    body: typeof body === "string" ? new TextEncoder().encode(body) : body,
    truncated: false,
  });
  const plan = (r: ProxyResponse | undefined, govcs = "") =>
    planDiscovery("git.corp.example/team/lib", (u) => (u === url ? r : undefined), parseGOVCS(govcs), "");
  assert.deepEqual(plan(undefined), { kind: "fetch", url });
  assert.deepEqual(
    plan({ kind: "transport", goError: `Get "${url}": dial tcp: lookup git.corp.example: no such host` }),
    {
      kind: "refused",
      error: `https fetch: Get "${url}": dial tcp: lookup git.corp.example: no such host`,
      answer: "transport",
    },
  );
  assert.equal(plan({ kind: "hang" }).kind, "refused");
  const bad = new Uint8Array([0x3c, 0x68, 0x65, 0x61, 0x64, 0x3e, 0xff, 0xfe]); // "<head>" and invalid UTF-8
  assert.equal(plan(page(200, bad)).kind, "unsure");
  assert.deepEqual(plan(page(404, bad)), {
    kind: "refused",
    error: `reading ${url}: 404 Not Found`,
    answer: "status",
  });
  const tag =
    '<head><meta name="go-import" content="git.corp.example/team/lib git https://git.corp.example/team/lib.git"></head>';
  assert.deepEqual(plan(page(200, tag)), {
    kind: "found",
    vcs: "git",
    prefix: "git.corp.example/team/lib",
    repoRoot: "https://git.corp.example/team/lib.git",
  });
  assert.deepEqual(plan(page(200, tag), "public:hg"), {
    kind: "refused",
    error: "GOVCS disallows using git for public git.corp.example/team/lib; see 'go help vcs'",
    answer: "govcs",
  });
  assert.deepEqual(plan(page(200, "<html><head></head></html>")), {
    kind: "refused",
    error: `parse ${url}: no go-import meta tags ()`,
    answer: "tags",
  });
});
