// What go says of a failed `git ls-remote` (modfetch/codehost, go1.19 and go1.26), and the environment it gives git.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseGoVersion } from "../../../../src/core/config/goversion.js";
import { gitEnvOf, gitWorkDir, lsRemoteError, lsRemoteInvocation } from "../../../../src/core/vcs/git.js";

const GO119 = lsRemoteInvocation(parseGoVersion("go1.19.8")!, "https://h/r");
const GO126 = lsRemoteInvocation(parseGoVersion("go1.26.8")!, "https://h/r");

test("the work directory, the error text and the help text are go's", () => {
  // The directory the real go1.19 named for this remote (discovery-go.test.ts shows it in go's own error).
  assert.equal(
    gitWorkDir("/gp/pkg/mod", "https://127.0.0.1/team/lib.git"),
    "/gp/pkg/mod/cache/vcs/24ead8389a75032a07c8258e1644f7c51a97d379666178154cac4c79afe41ead",
  );
  assert.equal(
    lsRemoteError(GO119, "/d", 128, "fatal: repository 'https://h/r/' not found\n"),
    "git ls-remote -q origin in /d: exit status 128:\n\tfatal: repository 'https://h/r/' not found",
  );
  // go1.26 asks before making the repository, naming the URL (discovery-go.test.ts shows it in go's error).
  assert.equal(
    lsRemoteError(GO126, "/d", 128, "fatal: repository 'https://h/r/' not found\n"),
    "git ls-remote -q --end-of-options https://h/r in /d: exit status 128:\n\tfatal: repository 'https://h/r/' not found",
  );
  assert.equal(GO119.initFirst, true);
  assert.equal(GO126.initFirst, false);
  assert.match(
    lsRemoteError(
      GO126,
      "/d",
      128,
      "fatal: could not read Username for 'https://h': terminal prompts disabled\n",
    ),
    /terminal prompts disabled\nConfirm the import path was entered correctly\.\nIf this is a private repository/,
  );
  assert.deepEqual(gitEnvOf({ GIT_TERMINAL_PROMPT: "1", GIT_SSH: "x" }), {
    GIT_TERMINAL_PROMPT: "1",
    GIT_SSH: "x",
    GCM_INTERACTIVE: "never",
  });
});
