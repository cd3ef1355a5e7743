import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { goenvLocation, parseGoenvFile, userConfigDir } from "../../../../src/core/config/goenv-file.js";

test("goenvLocation per GOOS (os.UserConfigDir + go/env)", () => {
  const path = (env: Record<string, string>, goos: Parameters<typeof goenvLocation>[1]) =>
    goenvLocation(env, goos).path;
  assert.equal(path({ XDG_CONFIG_HOME: "/x", HOME: "/h" }, "linux"), "/x/go/env");
  assert.equal(path({ XDG_CONFIG_HOME: "", HOME: "/h" }, "linux"), "/h/.config/go/env");
  assert.equal(
    path({ HOME: "/h", XDG_CONFIG_HOME: "/x" }, "darwin"),
    "/h/Library/Application Support/go/env",
  );
  assert.equal(path({ home: "/usr/u" }, "plan9"), "/usr/u/lib/go/env");
  assert.equal(
    path({ AppData: "C:\\Users\\u\\AppData\\Roaming" }, "windows"),
    "C:\\Users\\u\\AppData\\Roaming\\go\\env",
  );
  assert.deepEqual(userConfigDir({ HOME: "/h" }, "windows"), { error: "%AppData% is not defined" });
  assert.deepEqual(userConfigDir({}, "darwin"), { error: "$HOME is not defined" });
  const none = goenvLocation({}, "linux");
  assert.deepEqual(
    [none.path, none.value, none.reason],
    [null, "", "neither $XDG_CONFIG_HOME nor $HOME are defined"],
  );
});

test("filepath.Join cleans the derived path, as `go env GOENV` prints it", () => {
  assert.equal(goenvLocation({ HOME: "/" }, "linux").path, "/.config/go/env");
  assert.equal(goenvLocation({ XDG_CONFIG_HOME: "/a//b/./c/" }, "linux").path, "/a/b/c/go/env");
  assert.equal(goenvLocation({ XDG_CONFIG_HOME: "rel" }, "freebsd").path, "rel/go/env");
});

test("GOENV overrides the location verbatim; GOENV=off disables the file", () => {
  const set = goenvLocation({ GOENV: "/etc/go.env", HOME: "/h" }, "linux");
  assert.deepEqual([set.path, set.value, set.source], ["/etc/go.env", "/etc/go.env", "environment"]);
  const off = goenvLocation({ GOENV: "off", HOME: "/h" }, "windows");
  assert.deepEqual([off.path, off.value, off.reason], [null, "", "GOENV=off"]);
});

test("parses as cfg.initEnvCache: KEY=VALUE lines starting A-Z, values verbatim, last wins", () => {
  const f = parseGoenvFile(
    "GOPROXY=https://a.example\n# comment\ngoprivate=x\nNOEQUALS\nGOFLAGS= -mod=mod\r\nGOPROXY=direct\n=x\nGONOSUMDB=a=b\n",
  );
  assert.deepEqual(
    [...f.entries.values()].map((e) => [e.key, e.value, e.line]),
    [
      ["GOPROXY", "direct", 6],
      ["GOFLAGS", " -mod=mod\r", 5],
      ["GONOSUMDB", "a=b", 8],
    ],
  );
  const notes = f.notes.map((n) => n.line);
  for (const line of [2, 3, 4, 5, 6, 7]) assert.ok(notes.includes(line), `line ${line} noted`);
  assert.deepEqual(parseGoenvFile("").entries.size, 0);
});

const key = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/);
const value = fc.string({ maxLength: 20 }).filter((v) => !v.includes("\n"));

test("property: every KEY=VALUE line written is read back (last value wins)", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(key, value), { maxLength: 8 }), (pairs) => {
      const f = parseGoenvFile(pairs.map(([k, v]) => `${k}=${v}`).join("\n"));
      const want = new Map(pairs);
      assert.equal(f.entries.size, want.size);
      for (const [k, v] of want) assert.equal(f.entries.get(k)?.value, v);
    }),
  );
});

test("property: arbitrary text never throws; every key starts with A-Z and holds no =", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
      for (const [k, e] of parseGoenvFile(text).entries) {
        assert.equal(k, e.key);
        assert.match(k, /^[A-Z][^=\n]*$/);
      }
    }),
  );
});
