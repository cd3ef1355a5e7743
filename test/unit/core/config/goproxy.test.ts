import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  fallbackRule,
  implicitScheme,
  parseProxyList,
  proxyRequestURL,
} from "../../../../src/core/config/goproxy.js";

test("entries, separators and the implicit noproxy entry (modfetch/proxy.go:proxyList)", () => {
  const l = parseProxyList("https://a.example|https://b.example,direct,https://c.example", "corp.example");
  assert.equal(l.error, null);
  assert.deepEqual(
    l.entries.map((e) => [e.kind, e.url, fallbackRule(e)]),
    [
      ["noproxy", "noproxy", "not-found"],
      ["url", "https://a.example", "any-error"],
      ["url", "https://b.example", "not-found"],
      ["direct", "direct", null],
    ],
  );
  assert.deepEqual(l.ignored, ["https://c.example"]);
});

test("no noproxy entry when GONOPROXY is empty or GOPROXY is exactly direct", () => {
  assert.equal(parseProxyList("direct", "corp.example").entries[0]!.kind, "direct");
  assert.equal(parseProxyList("https://a.example", "").entries[0]!.kind, "url");
  assert.equal(parseProxyList(" direct", "corp.example").entries[0]!.kind, "noproxy");
});

test("go's error texts for malformed lists (go-semantics §C.1)", () => {
  const cases: [string, string][] = [
    ["auto", "invalid proxy URL missing scheme: auto"],
    ["localhost", "invalid proxy URL missing scheme: localhost"],
    ["ftp://127.0.0.1/x", "invalid proxy URL scheme (must be https, http, file): ftp://127.0.0.1/x"],
    ["file://relative/dir", "invalid file:// proxy URL with non-path elements: file://relative/dir"],
    [",", "GOPROXY list is not the empty string, but contains no entries"],
    [" ", "GOPROXY list is not the empty string, but contains no entries"],
    ["|,|", "GOPROXY list is not the empty string, but contains no entries"],
    ['"https://x"', 'parse "\\"https://x\\"": first path segment in URL cannot contain colon'],
    ["/srv/goproxy", "invalid proxy URL missing scheme: /srv/goproxy"],
    ["https://u:secret@h.example,auto", "invalid proxy URL missing scheme: auto"],
    [
      "ftp://u:secret@h.example",
      "invalid proxy URL scheme (must be https, http, file): ftp://u:xxxxx@h.example",
    ],
  ];
  for (const [goproxy, want] of cases) assert.equal(parseProxyList(goproxy, "").error, want, goproxy);
});

test("a list that is only noproxy is empty", () => {
  assert.equal(
    parseProxyList(",", "x.example").error,
    "GOPROXY list is not the empty string, but contains no entries",
  );
});

test("scheme-less entries become https URLs", () => {
  assert.equal(implicitScheme("goproxy.cn"), "https://goproxy.cn");
  assert.equal(implicitScheme("127.0.0.1:8080/m"), "https://127.0.0.1:8080/m");
  assert.equal(implicitScheme("http://x"), "http://x");
  assert.equal(implicitScheme("auto"), "auto");
  assert.equal(implicitScheme("/abs/dir"), "/abs/dir");
});

test("request URLs are joined and escaped as go puts them on the wire", () => {
  assert.equal(
    proxyRequestURL("http://127.0.0.1:1/m/ok/", "example.com/!my!mod", "@v/v1.0.0-!r!c1.info"),
    "http://127.0.0.1:1/m/ok/example.com/%21my%21mod/@v/v1.0.0-%21r%21c1.info",
  );
  assert.equal(
    proxyRequestURL("https://u:p@h.example", "a.example/b", "@v/list"),
    "https://u:xxxxx@h.example/a.example/b/@v/list",
  );
});

const entryWord = fc.constantFrom(
  "direct",
  "off",
  "https://a.example",
  "b.example",
  "auto",
  "",
  " ",
  "file:///srv",
  "http://c:1",
);
const sep = fc.constantFrom(",", "|");

test("property: parsing never throws; at most one terminal entry, always last; error xor entries", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(entryWord, sep), { maxLength: 6 }), fc.boolean(), (parts, noproxy) => {
      const goproxy = parts.map(([w, s]) => w + s).join("");
      const l = parseProxyList(goproxy, noproxy ? "corp.example" : "");
      const terminal = l.entries.findIndex((e) => e.kind === "direct" || e.kind === "off");
      if (terminal >= 0) assert.equal(terminal, l.entries.length - 1);
      if (l.error === null) assert.ok(l.entries.some((e) => e.kind !== "noproxy"));
      for (const e of l.entries) if (e.kind === "url") assert.match(e.url, /^(https?|file):/);
    }),
  );
});

test("property: whitespace around entries does not matter; the separator after an entry decides its rule", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom("https://a.example", "https://b.example"), sep), {
        minLength: 1,
        maxLength: 5,
      }),
      (parts) => {
        const tight = parseProxyList(parts.map(([w, s]) => w + s).join(""), "");
        const spaced = parseProxyList(parts.map(([w, s]) => ` ${w} ${s}`).join(""), "");
        assert.deepEqual(spaced.entries, tight.entries);
        for (const [i, e] of tight.entries.entries()) assert.equal(e.fallBackOnError, parts[i]![1] === "|");
      },
    ),
  );
});
