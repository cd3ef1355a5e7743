import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  netrcFor,
  netrcForURL,
  netrcMatchOf,
  netrcPath,
  parseNetrc,
  readsDotNetrcOnWindows,
} from "../../../src/core/netrc.js";

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

test("netrcForURL: go ≤ 1.23 matches the host name, go ≥ 1.24 a prefix of the URL with its port and userinfo", () => {
  const entries = parseNetrc(
    "machine h login a password 1\nmachine h:8443 login b password 2\nmachine h/team login c password 3\nmachine h login d password 4\n",
  );
  const login = (url: string, m: "host" | "url-prefix") => netrcForURL(entries, url, m)?.login ?? null;
  assert.equal(login("https://h:8443/x", "host"), "a");
  assert.equal(login("https://h:8443/x", "url-prefix"), "b");
  assert.equal(login("https://h/x", "url-prefix"), "a", "the first line for a machine wins");
  assert.equal(login("https://h/team/lib/@v/list", "url-prefix"), "c");
  assert.equal(login("https://h/teams", "url-prefix"), "a", "prefixes end at a slash");
  assert.equal(login("https://u:p@h/x", "url-prefix"), null, "userinfo is part of the matched string");
  assert.equal(login("https://u:p@h/x", "host"), "a");
  assert.equal(login("http://h/x", "host"), null, "never over plain http");
  assert.equal(netrcMatchOf({ major: 1, minor: 23 }), "host");
  assert.equal(netrcMatchOf({ major: 1, minor: 24 }), "url-prefix");
});

test("netrcForURL never throws and only ever returns an entry of the file", () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.constantFrom("host", "url-prefix"), (text, url, m) => {
      const entries = parseNetrc(text);
      const e = netrcForURL(entries, `https://${url}`, m as "host" | "url-prefix");
      if (e !== null) assert.ok(entries.includes(e));
    }),
  );
});

test("netrcPath on Windows: %USERPROFILE%\\_netrc; go ≥ 1.23 falls back to .netrc only when _netrc is missing", () => {
  const home = "C:\\Users\\zoë";
  assert.equal(netrcPath({}, true, home), "C:\\Users\\zoë\\_netrc");
  assert.equal(netrcPath({}, true, home, true, true), "C:\\Users\\zoë\\_netrc");
  assert.equal(netrcPath({}, true, home, true, false), "C:\\Users\\zoë\\.netrc");
  assert.equal(
    netrcPath({}, true, home, false, false),
    "C:\\Users\\zoë\\_netrc",
    "go1.19 never reads .netrc there",
  );
  assert.equal(netrcPath({ NETRC: "D:\\n" }, true, home, true, false), "D:\\n");
  const v = (minor: number) => ({ major: 1, minor, patch: 0, raw: `go1.${minor}` });
  assert.deepEqual(
    [19, 22, 23, 26].map((m) => readsDotNetrcOnWindows(v(m))),
    [false, false, true, true],
  );
});
