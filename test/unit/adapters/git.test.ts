// `git ls-remote` run as go runs it, against real repositories on disk (file:// URLs): no network.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { lsRemote } from "../../../src/adapters/vcs/git.js";
import { parseGoVersion } from "../../../src/core/config/goversion.js";
import { lsRemoteInvocation } from "../../../src/core/vcs/git.js";

test("lsRemote runs git as go does: a repository's refs, or git's failure; nothing left behind", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gpd-lsremote-"));
  try {
    const repo = join(dir, "repo");
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: dir,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: "t",
          GIT_AUTHOR_EMAIL: "t@t",
          GIT_COMMITTER_NAME: "t",
          GIT_COMMITTER_EMAIL: "t@t",
        },
      });
    git("init", "-q", repo);
    git("-C", repo, "commit", "-q", "--allow-empty", "-m", "x");
    git("-C", repo, "tag", "v1.0.0");
    const work = join(dir, "work");
    mkdirSync(work);
    for (const v of ["go1.19.8", "go1.26.8"]) {
      const url = `file://${repo}`;
      const ok = await lsRemote(url, lsRemoteInvocation(parseGoVersion(v)!, url), process.env, 10_000, work);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /\trefs\/tags\/v1\.0\.0$/m);
      const none = `file://${join(dir, "nothing")}`;
      const missing = await lsRemote(
        none,
        lsRemoteInvocation(parseGoVersion(v)!, none),
        process.env,
        10_000,
        work,
      );
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /does not appear to be a git repository|not found/);
      assert.deepEqual(readdirSync(work), [], "its temporary repositories are removed");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
