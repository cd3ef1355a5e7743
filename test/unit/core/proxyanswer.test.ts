import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { jsonSyntaxError } from "../../../src/core/gojson.js";
import {
  classifyResponse,
  errorDetail,
  httpErrorText,
  listedVersions,
  type ProxyResponse,
} from "../../../src/core/proxyanswer.js";

const enc = (s: string) => new TextEncoder().encode(s);
const status = (
  code: number,
  line: string,
  body: string,
  contentType: string | null = "text/plain",
): ProxyResponse => ({
  kind: "status",
  url: "https://proxy.test/m/@v/v1.0.0.info",
  status: code,
  statusLine: line,
  contentType,
  body: enc(body),
  truncated: false,
});

test("httpErrorText: one line of detail joins with a space, several with newline-tab", () => {
  assert.equal(
    httpErrorText("u", "404 Not Found", "text/plain; charset=utf-8", enc("not found: x\n")),
    "reading u: 404 Not Found\n\tserver response: not found: x",
  );
  assert.equal(
    httpErrorText("u", "410 Gone", "text/plain", enc("a\nb\n\nignored")),
    "reading u: 410 Gone\n\tserver response:\n\ta\n\tb",
  );
  assert.equal(
    httpErrorText("u", "500 Internal Server Error", "text/html", enc("<b>x</b>")),
    "reading u: 500 Internal Server Error",
  );
});

test("errorDetail: only text/plain in UTF-8 or US-ASCII, no control characters, bounded", () => {
  assert.equal(errorDetail("text/plain; charset=iso-8859-1", enc("x")), "");
  assert.equal(errorDetail("TEXT/PLAIN; Charset=US-ASCII", enc("x")), "x");
  assert.equal(errorDetail("text/plain", enc("bell\u0007")), "");
  assert.equal(errorDetail("text/plain", new Uint8Array([0xff, 0x41])), "");
  const many = Array.from({ length: 12 }, (_, i) => `line ${i}`).join("\n");
  assert.ok(errorDetail("text/plain", enc(many)).endsWith("[Truncated: too many lines.]"));
  assert.ok(errorDetail("text/plain", enc("y".repeat(700))).endsWith("[Truncated: too long.]"));
});

test("errorDetail never throws and stays within go's bounds (property)", () => {
  fc.assert(
    fc.property(fc.option(fc.string(), { nil: null }), fc.uint8Array({ maxLength: 2000 }), (ct, body) => {
      const d = errorDetail(ct, body);
      assert.ok(d.split("\n\t").length <= 9);
      assert.ok(Buffer.byteLength(d) <= 8 * 81 + 40);
    }),
  );
});

test("listedVersions keeps valid, non-pseudo versions (first field of each line)", () => {
  assert.deepEqual(
    listedVersions(
      "v1.0.0\nv1.1.0 2020-01-01T00:00:00Z\nbogus\nv0.0.0-20200101000000-abcdefabcdef\n\n v2.0.0+incompatible",
    ),
    ["v1.0.0", "v1.1.0", "v2.0.0+incompatible"],
  );
  fc.assert(
    fc.property(fc.string(), (s) => {
      for (const v of listedVersions(s)) assert.ok(v.startsWith("v"));
    }),
  );
});

test("classifyResponse: 404/410 are not-exist, other statuses errors, bad JSON an error with go's words", () => {
  const nf = classifyResponse(
    "https://proxy.test",
    "info",
    "example.com/m",
    "v1.0.0",
    status(404, "404 Not Found", "gone"),
  );
  assert.equal(nf.kind, "not-exist");
  const err = classifyResponse(
    "https://proxy.test",
    "info",
    "example.com/m",
    "v1.0.0",
    status(502, "502 Bad Gateway", ""),
  );
  assert.equal(err.kind, "error");
  const bad = classifyResponse(
    "https://proxy.test",
    "info",
    "example.com/m",
    "v1.0.0",
    status(200, "200 OK", "this is not json"),
  );
  assert.deepEqual(bad, {
    kind: "error",
    error: `invalid response from proxy "https://proxy.test": invalid character 'h' in literal true (expecting 'r')`,
  });
  const wrong = classifyResponse(
    "p",
    "info",
    "example.com/m",
    "v1.0.0",
    status(200, "200 OK", '{"Version":"v9.9.9"}'),
  );
  assert.deepEqual(wrong, {
    kind: "error",
    error: "proxy returned info for version v9.9.9 instead of requested version",
  });
  const ok = classifyResponse("p", "list", "example.com/m", null, status(200, "200 OK", "v1.0.0\nv1.1.0\n"));
  assert.deepEqual(ok, { kind: "ok", versions: ["v1.0.0", "v1.1.0"] });
  assert.deepEqual(classifyResponse("p", "zip", "m", "v1.0.0", { kind: "hang" }), { kind: "hang" });
  assert.deepEqual(
    classifyResponse("p", "zip", "m", "v1.0.0", { kind: "transport", goError: "Get x: EOF" }),
    {
      kind: "error",
      error: "Get x: EOF",
    },
  );
});

test("jsonSyntaxError never throws and is null exactly for what JSON.parse accepts (property)", () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.json()), (s) => {
      const e = jsonSyntaxError(s);
      let parses = true;
      try {
        JSON.parse(s);
      } catch {
        parses = false;
      }
      assert.equal(e === null, parses, JSON.stringify(s));
    }),
    { numRuns: 2000 },
  );
});
