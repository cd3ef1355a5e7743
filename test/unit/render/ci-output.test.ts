// --format github and --sarif: GitHub's workflow-command escaping (property-based), one command per annotation
// whatever its lines, and the SARIF log of a real verify run against a refused checksum database.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { CAUSE_INFO } from "../../../src/core/causes.js";
import type { Annotation } from "../../../src/render/annotations.js";
import { escapeData, escapeProperty, githubAnnotations } from "../../../src/render/github.js";
import { sarifLog } from "../../../src/render/sarif.js";
import { REPO_ROOT } from "../../support/gobuild.js";

/** The runner's decoding (the reverse of actions/toolkit's escaping). */
const decode = (s: string) =>
  s
    .replace(/%0D/g, "\r")
    .replace(/%0A/g, "\n")
    .replace(/%3A/g, ":")
    .replace(/%2C/g, ",")
    .replace(/%25/g, "%");

test("escapes: every string round-trips; data holds no CR/LF, properties no CR/LF, ':' or ','", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), (s) => {
      const d = escapeData(s);
      const p = escapeProperty(s);
      assert.equal(decode(d), s);
      assert.equal(decode(p), s);
      assert.doesNotMatch(d, /[\r\n]/);
      assert.doesNotMatch(p, /[\r\n:,]/);
    }),
    { numRuns: 2000 },
  );
  assert.equal(escapeData("100% a\nb"), "100%25 a%0Ab");
});

const A: Annotation = {
  level: "error",
  ruleId: "verify.mismatch",
  title: "checksum mismatch for m v1.0.0: a, b",
  message: "line one\nline two: %d",
  cause: "checksum-mismatch",
  file: "go.sum",
  line: 3,
};

test("githubAnnotations: one command per annotation, multi-line messages whole, then the summary", () => {
  const out = githubAnnotations([A, { ...A, level: "warning", file: null, line: null }], "done");
  assert.equal(
    out,
    "::error file=go.sum,line=3,title=checksum mismatch for m v1.0.0%3A a%2C b::line one%0Aline two: %25d\n" +
      "::warning title=checksum mismatch for m v1.0.0%3A a%2C b::line one%0Aline two: %25d\n" +
      "done\n",
  );
});

test("sarifLog: version 2.1.0, one rule per id with the cause's help, a location only for a file", () => {
  const log = sarifLog([A, { ...A, file: null, line: null }], "verify", "0.1.0");
  assert.equal(log.version, "2.1.0");
  const run = log.runs[0]!;
  assert.deepEqual(
    run.tool.driver.rules?.map((r) => [r.id, r.shortDescription?.text]),
    [["verify.mismatch", CAUSE_INFO["checksum-mismatch"].title]],
  );
  assert.deepEqual(run.results?.[0]?.locations, [
    { physicalLocation: { artifactLocation: { uri: "go.sum" }, region: { startLine: 3 } } },
  ]);
  assert.equal(run.results?.[1]?.locations, undefined);
  // With an anchor, a result about no file is shown at its first line.
  const anchored = sarifLog([{ ...A, file: null, line: null }], "check", "0.1.0", "go.mod");
  assert.deepEqual(anchored.runs[0]!.results?.[0]?.locations, [
    { physicalLocation: { artifactLocation: { uri: "go.mod" }, region: { startLine: 1 } } },
  ]);
  assert.equal(run.results?.[0]?.message.text, "line one\nline two: %d");
});

test("verify --format github --sarif: each go.sum line that cannot be verified, at its line; the log written whole", () => {
  const dir = mkdtempSync(join(tmpdir(), "gpd-ci-"));
  try {
    writeFileSync(
      join(dir, "go.sum"),
      "golang.org/x/mod v0.7.0 h1:LapD9S96VoQRhi/GrNTqeBJFrUjs5UHCAtTlgwA5oZA=\n" +
        "golang.org/x/mod v0.7.0/go.mod h1:iBbtSCu2XBx23ZKBPSOrRkjjQPZFPuis4dIYUhu/chs=\n",
    );
    const r = spawnSync(
      process.execPath,
      [join(REPO_ROOT, "bin", "goproxy-doctor.js"), "verify", "--format", "github", "--sarif", "out.sarif"],
      {
        cwd: dir,
        encoding: "utf8",
        timeout: 30_000,
        env: { PATH: "/nonexistent", HOME: join(dir, "home"), GOSUMDB: "sum.golang.org http://127.0.0.1:1" },
      },
    );
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.match(
      lines[0]!,
      /^::error file=go\.sum,line=1,title=golang\.org\/x\/mod v0\.7\.0 could not be verified/,
    );
    assert.match(
      lines[1]!,
      /^::error file=go\.sum,line=2,title=golang\.org\/x\/mod v0\.7\.0\/go\.mod could not/,
    );
    assert.equal(lines.at(-1), "goproxy-doctor verify: problems found");
    const log = JSON.parse(readFileSync(join(dir, "out.sarif"), "utf8")) as {
      version: string;
      runs: {
        results: { ruleId: string; locations?: { physicalLocation: { region: { startLine: number } } }[] }[];
      }[];
    };
    assert.equal(log.version, "2.1.0");
    // Each go.sum line at its line; the finding about the whole run at the start of go.sum (GitHub code
    // scanning rejects a result without a location).
    assert.deepEqual(
      log.runs[0]!.results.map((x) => [x.ruleId, x.locations?.[0]?.physicalLocation.region.startLine]),
      [
        ["verify.error", 1],
        ["verify.error", 2],
        ["verify.lookup-failed", 1],
      ],
    );
    // Written through a temporary file that is renamed: none is left.
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith(".tmp")),
      [],
    );
    // --format github excludes --json.
    const both = spawnSync(
      process.execPath,
      [join(REPO_ROOT, "bin", "goproxy-doctor.js"), "verify", "--json", "--format", "github"],
      { encoding: "utf8", timeout: 30_000 },
    );
    assert.equal(both.status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("check --sarif into a missing directory: exit 2 with the reason on stderr, nothing written", () => {
  const dir = mkdtempSync(join(tmpdir(), "gpd-ci-"));
  try {
    const target = join(dir, "missing", "check.sarif");
    const r = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, "bin", "goproxy-doctor.js"),
        "check",
        "--offline",
        "--format",
        "github",
        "--sarif",
        target,
      ],
      { encoding: "utf8", timeout: 30_000, env: { PATH: "/nonexistent", HOME: join(dir, "home") } },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^goproxy-doctor: cannot write .*missing\/check\.sarif: ENOENT/);
    assert.equal(r.stdout, "");
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
