// One Finding as terminal lines: mark, message, cause, then evidence and fixes indented under it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { findingLines } from "../../../src/render/finding.js";

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

test("a multi-line evidence keeps every line under the finding; fixes follow", () => {
  const lines = findingLines({
    id: "predict.download-fails",
    severity: "error",
    cause: "vcs-auth",
    message: "would fail",
    fix: ["configure git credentials"],
    evidence: [
      "m@v1.0.0: invalid version: git ls-remote -q origin in /d: exit status 128:\n\tfatal: could not read Username",
      "GET https://h",
    ],
  }).map(strip);
  assert.deepEqual(lines, [
    "  ✗ would fail [vcs-auth]",
    "      m@v1.0.0: invalid version: git ls-remote -q origin in /d: exit status 128:",
    "      \tfatal: could not read Username",
    "      GET https://h",
    "      → configure git credentials",
  ]);
});
