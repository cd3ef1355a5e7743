import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { checkVerifierKey, parseGOSUMDB, SUM_GOLANG_ORG_KEY } from "../../../../src/core/config/gosumdb.js";
import { makeVerifierKey } from "../../../support/keys.js";

test("the built-in sum.golang.org key verifies its own hash", () => {
  assert.equal(checkVerifierKey(SUM_GOLANG_ORG_KEY).name, "sum.golang.org");
});

test("GOSUMDB forms (modfetch/sumdb.go:dbDial)", () => {
  assert.deepEqual(parseGOSUMDB("off"), { off: true });
  const def = parseGOSUMDB("sum.golang.org");
  assert.ok(!def.off && "config" in def && def.config.builtinKey && def.config.url === null);
  const alias = parseGOSUMDB("sum.golang.google.cn");
  assert.ok(
    !alias.off &&
      "config" in alias &&
      alias.config.url === "https://sum.golang.google.cn" &&
      alias.config.name === "sum.golang.org",
  );
  const custom = makeVerifierKey("sum.example.com/db");
  const c = parseGOSUMDB(`${custom} http://127.0.0.1:9/x`);
  assert.ok(
    !c.off &&
      "config" in c &&
      c.config.name === "sum.example.com/db" &&
      c.config.url === "http://127.0.0.1:9/x",
  );
});

test("GOSUMDB errors carry go's text", () => {
  const err = (s: string) => {
    const r = parseGOSUMDB(s);
    return !r.off && "error" in r ? r.error : null;
  };
  assert.equal(err("gosum.io+ce6e7565+https://gocenter.io"), "invalid GOSUMDB: malformed verifier id");
  assert.equal(err("a b c"), "invalid GOSUMDB: too many fields");
  assert.equal(err(" "), "missing GOSUMDB");
  assert.equal(
    err("sum.golang.org+00000000+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"),
    "invalid GOSUMDB: invalid verifier hash",
  );
  assert.equal(err(makeVerifierKey("x.example", 2)), "invalid GOSUMDB: unknown verifier algorithm");
  assert.equal(
    err("sum.golang.org http://%zz"),
    'invalid GOSUMDB URL: parse "http://%zz": invalid URL escape "%zz"',
  );
  assert.match(
    err(makeVerifierKey("x.example/"))!,
    /^invalid sumdb name \(must be host\[\/path\]\): x\.example\//,
  );
});

test("property: parseGOSUMDB never throws and any valid generated key round-trips its name", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), (s) => void parseGOSUMDB(s)),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.stringMatching(/^[a-z]{1,8}\.[a-z]{2,4}(\/[a-z]{1,5})?$/), (name) => {
      const r = parseGOSUMDB(makeVerifierKey(name));
      assert.ok(!r.off && "config" in r);
      assert.equal(r.config.name, name);
      assert.equal(r.config.directURL, `https://${name}`);
    }),
    { numRuns: 50 },
  );
});
