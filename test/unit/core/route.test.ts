import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { routeModule } from "../../../src/core/route.js";
import { varsOf } from "../../support/vars.js";

const elem = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const host = fc.tuple(elem, fc.constantFrom("com", "org", "io", "example")).map(([a, b]) => `${a}.${b}`);
const modulePath = fc
  .tuple(
    host,
    // No /vN elements: those need a matching major version, which another test covers.
    fc.array(
      fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_-]{0,6}$/).filter((e) => !/^v\d+$/.test(e)),
      { maxLength: 3 },
    ),
  )
  .map(([h, rest]) => [h, ...rest].join("/"));

test("a GOPRIVATE prefix sends the module direct and skips the checksum database, naming the pattern", () => {
  fc.assert(
    fc.property(
      modulePath,
      fc.array(
        elem.filter((e) => !/^v\d+$/.test(e)),
        { maxLength: 2 },
      ),
      (prefix, tail) => {
        const module = [prefix, ...tail].join("/");
        const r = routeModule(varsOf({ GOPRIVATE: `other.example,${prefix}` }), module, "v1.0.0");
        assert.equal(r.error, null);
        assert.equal(r.proxy.mode, "direct");
        assert.deepEqual(r.proxy.bypassedBy, { variable: "GOPRIVATE", pattern: prefix });
        assert.equal(r.checksum.mode, "skip");
        assert.deepEqual(r.checksum.skippedBy, { variable: "GOPRIVATE", pattern: prefix });
      },
    ),
  );
});

test("GONOPROXY set (even empty-looking) replaces GOPRIVATE for the proxy decision only", () => {
  fc.assert(
    fc.property(modulePath, (module) => {
      const r = routeModule(varsOf({ GOPRIVATE: module, GONOPROXY: "none.example" }), module, "v1.0.0");
      assert.equal(r.proxy.mode, "proxy");
      assert.equal(r.checksum.mode, "skip");
    }),
  );
});

test("with the default configuration every request goes to proxy.golang.org, escaped, ending in .info/.mod/.zip", () => {
  fc.assert(
    fc.property(modulePath, fc.tuple(fc.nat(9), fc.nat(9), fc.nat(9)), (module, [a, b, c]) => {
      const r = routeModule(varsOf({}), module, `v${a}.${b}.${c}`);
      assert.equal(r.proxy.mode, "proxy");
      assert.equal(r.checksum.url, "https://proxy.golang.org/sumdb/sum.golang.org");
      assert.equal(r.requests.length, 3);
      for (const [i, ext] of [".info", ".mod", ".zip"].entries()) {
        const url = r.requests[i]!;
        assert.ok(url.startsWith("GET https://proxy.golang.org/"), url);
        assert.ok(url.endsWith(`/@v/v${a}.${b}.${c}${ext}`), url);
        assert.doesNotMatch(url.slice("GET ".length), /[A-Z]/);
      }
    }),
  );
});

test("any module argument and GOPROXY text: a route or go's error, never an exception", () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.option(fc.string(), { nil: null }), (goproxy, module, q) => {
      const r = routeModule(varsOf({ GOPROXY: goproxy }), module, q);
      assert.equal(typeof r.proxy.mode, "string");
      if (r.error !== null) assert.match(r.error, /\S/);
    }),
  );
});
