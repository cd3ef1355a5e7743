import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { netrcFor, netrcPath, parseNetrc } from "../../../src/core/netrc.js";

test("parseNetrc keeps complete entries, in order, across line layouts", () => {
  assert.deepEqual(parseNetrc("machine a login u password p\nmachine b\nlogin v\npassword q\n"), [
    { machine: "a", login: "u", password: "p" },
    { machine: "b", login: "v", password: "q" },
  ]);
  assert.deepEqual(parseNetrc("machine a login u\nmachine b login v password q"), [
    { machine: "b", login: "v", password: "q" },
  ]);
});

test("parseNetrc: macdef bodies are skipped up to an empty line; a lone trailing default ends the file", () => {
  assert.deepEqual(
    parseNetrc(
      "macdef init\nmachine x login y password z\n\nmachine a login u password p\ndefault\nmachine b login v password q",
    ),
    [{ machine: "a", login: "u", password: "p" }],
  );
  // `default` followed by a token is consumed as a pair and does not stop parsing (go's quirk).
  assert.equal(parseNetrc("default login x\nmachine b login v password q").length, 1);
});

test("netrcFor takes the first entry whose machine equals the host; netrcPath prefers NETRC", () => {
  const e = parseNetrc("machine h login a password 1\nmachine h login b password 2");
  assert.equal(netrcFor(e, "h")?.login, "a");
  assert.equal(netrcFor(e, "H"), null);
  assert.equal(netrcPath({ NETRC: "/x" }, false, "/home/u"), "/x");
  assert.equal(netrcPath({}, false, "/home/u"), "/home/u/.netrc");
  assert.equal(netrcPath({}, true, "C:\\Users\\u"), "C:\\Users\\u\\_netrc");
  assert.equal(netrcPath({}, false, null), null);
});

test("parseNetrc never throws and every entry is complete (property)", () => {
  const word = fc.constantFrom("machine", "login", "password", "default", "macdef", "a", "b", "x y", "");
  const text = fc
    .array(
      fc.array(word, { maxLength: 6 }).map((w) => w.join(" ")),
      { maxLength: 8 },
    )
    .map((l) => l.join("\n"));
  fc.assert(
    fc.property(fc.oneof(text, fc.string()), (s) => {
      for (const e of parseNetrc(s)) assert.ok(e.machine !== "" && e.login !== "" && e.password !== "");
    }),
  );
});
