import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  credentialKey,
  gitDirError,
  loadCredential,
  parseGoAuth,
  parseUserAuth,
} from "../../../src/core/goauth.js";
import { basicAuthorization, credentialFor } from "../../../src/core/netrc.js";

test("parseGoAuth: go's order (last first), off, and its fatal texts", () => {
  assert.deepEqual(parseGoAuth("netrc"), { kind: "commands", commands: [{ kind: "netrc" }] });
  assert.deepEqual(parseGoAuth("netrc; git /src ;/bin/cred --x"), {
    kind: "commands",
    commands: [
      { kind: "command", command: "/bin/cred --x" },
      { kind: "git", dir: "/src" },
      { kind: "netrc" },
    ],
  });
  assert.deepEqual(parseGoAuth("off"), { kind: "off" });
  assert.deepEqual(parseGoAuth("netrc;"), {
    kind: "fatal",
    error: "go: GOAUTH encountered an empty command (GOAUTH=netrc;)",
  });
  assert.equal(
    (parseGoAuth("off;netrc") as { error: string }).error,
    "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)",
  );
  assert.match(
    (parseGoAuth("git") as { error: string }).error,
    /requires an absolute path to the git working directory$/,
  );
  assert.match((parseGoAuth("git rel/dir") as { error: string }).error, /dir is not absolute$/);
  assert.equal(gitDirError("/x", { isDir: true }), null);
  assert.match(gitDirError("/x", { isDir: false })!, /dir is not a directory$/);
  assert.equal(
    gitDirError("/x", { error: "no such file or directory" }),
    "go: GOAUTH=git encountered an error; cannot stat /x: no such file or directory",
  );
});

test("loadCredential: prefixes cut at '/', the port is part of the host", () => {
  const store = new Map([
    ["example.com", "A"],
    ["example.com/private", "B"],
    ["127.0.0.1:8443", "C"],
  ]);
  assert.equal(loadCredential(store, "https://example.com/x/@v/list"), "A");
  assert.equal(loadCredential(store, "https://example.com/private/m/@v/list"), "B");
  assert.equal(loadCredential(store, "https://example.com/privateer"), "A");
  assert.equal(loadCredential(store, "https://example.com:443/x"), null);
  assert.equal(loadCredential(store, "https://127.0.0.1:8443/m"), "C");
  assert.equal(loadCredential(store, "https://127.0.0.1/m"), null);
});

test("credentialFor: https only; GOAUTH entries by prefix, plain .netrc by host name", () => {
  const netrc = [{ machine: "127.0.0.1", login: "u", password: "p" }];
  assert.equal(credentialFor(netrc, new URL("https://127.0.0.1:9/x")), basicAuthorization("u", "p"));
  assert.equal(credentialFor(netrc, new URL("http://127.0.0.1:9/x")), null);
  const goauth = [{ machine: "127.0.0.1", login: "", password: "", authorization: "Basic x" }];
  assert.equal(credentialFor(goauth, new URL("https://127.0.0.1:9/x")), null);
  assert.equal(credentialFor(goauth, new URL("https://127.0.0.1/x")), "Basic x");
  assert.equal(
    basicAuthorization("alice", "t0ken"),
    `Basic ${Buffer.from("alice:t0ken").toString("base64")}`,
  );
});

test("parseUserAuth: blocks of URLs and headers; go's errors for the rest", () => {
  const ok = parseUserAuth(
    "https://a.example\nhttps://b.example/p\n\nAuthorization: Bearer t\nX-Other: 1\n\n",
  );
  assert.deepEqual(
    ok,
    new Map([
      ["a.example", "Bearer t"],
      ["b.example/p", "Bearer t"],
    ]),
  );
  assert.deepEqual(parseUserAuth("https://a.example\n"), {
    error: "invalid format: missing empty line after URLs",
  });
  assert.deepEqual(parseUserAuth("https://a.example\n\nAuthorization: x\n"), {
    error: "invalid format: missing empty line after headers",
  });
  assert.deepEqual(parseUserAuth("https://a.example\n\nno colon\n\n"), {
    error: "invalid format: invalid header line",
  });
  assert.deepEqual(parseUserAuth("not a url\n\n"), { error: "could not parse URL not a url" });
});

test("property: parsers never throw; a stored credential is found under its own prefix and below it", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), (s) => {
      parseGoAuth(s);
      parseUserAuth(s);
    }),
  );
  const seg = fc.stringMatching(/^[a-z0-9.-]{1,8}$/);
  fc.assert(
    fc.property(seg, fc.array(seg, { maxLength: 3 }), fc.array(seg, { maxLength: 3 }), (host, path, more) => {
      const prefix = [host, ...path].join("/");
      const store = new Map([[credentialKey(`https://${prefix}/`), "T"]]);
      assert.equal(loadCredential(store, `https://${[prefix, ...more].join("/")}`), "T");
      assert.equal(loadCredential(store, `https://${host}x.example/${path.join("/")}`), null);
    }),
  );
});
