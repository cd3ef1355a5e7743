import assert from "node:assert/strict";
import { test } from "node:test";
import { errnoText, syscallName } from "../../../src/core/sockerr.js";

test("sockerr: go's Unix and Windows words for a refused dial and a reset read", () => {
  assert.equal(
    `${syscallName("connect", "unix")}: ${errnoText("ECONNREFUSED", "unix")}`,
    "connect: connection refused",
  );
  assert.equal(
    `${syscallName("connect", "windows")}: ${errnoText("ECONNREFUSED", "windows")}`,
    "connectex: No connection could be made because the target machine actively refused it.",
  );
  assert.equal(
    `${syscallName("read", "windows")}: ${errnoText("ECONNRESET", "windows")}`,
    "wsarecv: An existing connection was forcibly closed by the remote host.",
  );
  assert.equal(syscallName("write", "windows"), "wsasend");
  assert.equal(errnoText("ENOSUCH", "windows"), undefined);
});
