// verify against a real checksum database (x/mod/sumdb in test/fixtures/go/modproxy) after the real go has
// downloaded through it and written go.sum; then tampering of every kind, each with the right cause.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { checkNote } from "../../src/features/note.js";
import { verify } from "../../src/features/verify.js";
import { verifyFailed } from "../../src/render/verify.js";
import { REPO_ROOT } from "../support/gobuild.js";
import { makeVerifierKey } from "../support/keys.js";
import { type ModProxy, runGo, startModProxy, telemetryOff } from "../support/modproxy.js";
import { GO119, type GoToolchain, TOOLCHAINS, toolchainPath } from "../support/toolchains.js";

let mp: ModProxy;
/** The toolchain of the describe block running (blocks run one after another). */
let tc: GoToolchain = GO119;
let work = "";
let goSum = "";
const MODULES = [
  "example.com/a@v1.0.0",
  "example.com/b@v1.1.0",
  "example.com/MyMod@v1.0.0",
  "example.com/c/v2@v2.0.0",
];

function envFor(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: toolchainPath(tc),
    HOME: work,
    GOPATH: join(work, "gopath"),
    GOENV: "off",
    GOFLAGS: "-modcacherw",
    GOTOOLCHAIN: "local",
    GOPROXY: mp.url("ok"),
    GOSUMDB: mp.sumdbKey,
    HTTPS_PROXY: mp.base,
    HTTP_PROXY: mp.base,
    ...extra,
  };
}

before(async () => {
  mp = await startModProxy();
});
after(async () => {
  await mp?.close();
});

for (const toolchain of TOOLCHAINS)
  describe(toolchain.label, () => {
    before(() => {
      tc = toolchain;
      work = mkdtempSync(join(tmpdir(), "gpd-verify-"));
      telemetryOff(work);
      const mod = join(work, "mod");
      execFileSync("mkdir", ["-p", mod]);
      writeFileSync(join(mod, "go.mod"), "module example.com/main\n\ngo 1.16\n");
      execFileSync(tc.bin, ["get", ...MODULES], { cwd: mod, env: envFor(), stdio: "pipe", timeout: 60_000 });
      goSum = join(mod, "go.sum");
    });
    after(() => {
      if (work) rmSync(work, { recursive: true, force: true });
    });

    function freshCache(): Record<string, string> {
      const gopath = mkdtempSync(join(work, "gp-"));
      return { GOPATH: gopath, GOMODCACHE: join(gopath, "pkg", "mod") };
    }

    test("go's own go.sum verifies: every line with a proof, tiles fetched once, latest tree head kept", async () => {
      const text = readFileSync(goSum, "utf8");
      assert.equal(text.trim().split("\n").length, MODULES.length * 2, text);
      const cache = freshCache();
      await mp.reset();
      const r = await verify({ files: [goSum], env: envFor(cache) });
      await mp.settle();
      assert.deepEqual(
        r.entries.map((e) => e.status),
        Array(MODULES.length * 2).fill("verified"),
      );
      assert.equal(r.sumdb.url, `${mp.url("ok")}/sumdb/${mp.sumdbName}`);
      const tileGets = mp
        .requests()
        .filter((q) => q.path.includes("/tile/"))
        .map((q) => q.path);
      assert.equal(
        new Set(tileGets).size,
        tileGets.length,
        `a tile was fetched twice: ${tileGets.join(" ")}`,
      );
      assert.ok(existsSync(join(cache.GOPATH!, "pkg", "sumdb", mp.sumdbName, "latest")));
      assert.ok(
        readdirSync(join(cache.GOMODCACHE!, "cache", "download", "sumdb", mp.sumdbName, "tile", "8", "0"))
          .length > 0,
      );
      // A second run answers lookups from the cache; at most a tile to relate the cached heads to the kept one.
      await mp.reset();
      const again = await verify({ files: [goSum], env: envFor(cache) });
      await mp.settle();
      assert.ok(again.entries.every((e) => e.status === "verified"));
      assert.deepEqual(
        mp
          .requests()
          .filter((q) => q.path.includes("/lookup/"))
          .map((q) => q.path),
        [],
      );
      assert.ok(mp.requests().filter((q) => q.path.includes("/tile/")).length <= 1);
    });

    test("a wrong hash in go.sum is a checksum mismatch naming both hashes", async () => {
      const bad = join(work, "bad.sum");
      const lines = readFileSync(goSum, "utf8").split("\n");
      lines[0] = lines[0]!.replace(/h1:.{43}=/, `h1:${"A".repeat(43)}=`);
      writeFileSync(bad, lines.join("\n"));
      const r = await verify({ files: [bad], env: envFor(freshCache()) });
      const e = r.entries.find((x) => x.status === "mismatch")!;
      assert.equal(e.cause, "checksum-mismatch");
      assert.equal(e.hash, `h1:${"A".repeat(43)}=`);
      assert.match(e.expected!, /^h1:/);
      assert.ok(r.findings.some((f) => f.cause === "checksum-mismatch"));
    });

    test("GONOSUMDB and GOPRIVATE lines are skipped and say which pattern", async () => {
      const r = await verify({
        files: [goSum],
        env: envFor({ ...freshCache(), GOPRIVATE: "example.com/c" }),
      });
      const skipped = r.entries.filter((e) => e.status === "skipped");
      assert.equal(skipped.length, 2);
      assert.deepEqual(skipped[0]!.skippedBy, { variable: "GOPRIVATE", pattern: "example.com/c" });
      const off = await verify({ files: [goSum], env: envFor({ ...freshCache(), GOSUMDB: "off" }) });
      assert.ok(off.entries.every((e) => e.status === "skipped" && e.skippedBy?.variable === "GOSUMDB"));
    });

    test("a proxy whose /sumdb/ answers 502 or 410, and a lookup answering 410, are reported", async () => {
      const r502 = await verify({
        files: [goSum],
        env: envFor({ ...freshCache(), GOPROXY: mp.url("sumdb502") }),
      });
      assert.ok(r502.entries.every((e) => e.status === "error" && e.cause === "sumdb-error"));
      assert.match(r502.entries[0]!.message, /supported: 502 Bad Gateway/);
      // 410 on /supported means "go direct": https://<name>, which the loopback forward proxy refuses.
      const r410 = await verify({
        files: [goSum],
        env: envFor({ ...freshCache(), GOPROXY: mp.url("sumdb410") }),
      });
      assert.ok(r410.entries.every((e) => e.status === "error"));
      assert.match(r410.entries[0]!.message, new RegExp(`https://${mp.sumdbName.replaceAll(".", "\\.")}`));
    });

    test("a key that did not sign the tree head fails with the note error", async () => {
      const other = makeVerifierKey(mp.sumdbName);
      const r = await verify({ files: [goSum], env: envFor({ ...freshCache(), GOSUMDB: other }) });
      assert.ok(r.entries.every((e) => e.status === "error" && e.cause === "sumdb-error"));
      assert.match(r.entries[0]!.message, /^reading tree note: note has no verifiable signatures$/);
    });

    test("a forked log between two runs is a security error with a proof", async () => {
      const cache = freshCache();
      const first = await verify({ modules: ["example.com/fork1@v1.0.0"], env: envFor(cache) });
      assert.equal(first.entries[0]!.status, "verified");
      // Same key, different history: the new database records fork2 first, so its first record differs.
      const twin = await startModProxy({ signer: mp.signerKey, verifier: mp.sumdbKey });
      try {
        const env = { ...envFor(cache), GOPROXY: twin.url("ok") };
        const warm = await verify({
          modules: ["example.com/fork2@v1.0.0"],
          env: { ...env, ...freshCache() },
        });
        assert.equal(warm.entries[0]!.status, "verified");
        // A module not in the lookup cache, so the answer comes from the twin (go reuses cached lookups too).
        const r = await verify({ modules: ["example.com/fork3@v1.0.0"], env });
        assert.equal(r.entries[0]!.status, "error");
        assert.match(r.entries[0]!.message, /^SECURITY ERROR\ngo\.sum database server misbehavior detected!/);
        assert.match(r.entries[0]!.message, /proof of misbehavior:/);
      } finally {
        await twin.close();
      }
    });

    test("verify --note checks a tree head and a lookup response from the database", async () => {
      const res = await fetch(`${mp.base}/sumdb/${mp.sumdbName}/lookup/example.com/a@v1.0.0`);
      const body = new Uint8Array(await res.arrayBuffer());
      const ok = checkNote(body, mp.sumdbKey);
      assert.equal(ok.ok, true);
      assert.match(ok.record!.text, /^example\.com\/a v1\.0\.0 h1:/);
      const latest = new Uint8Array(
        await (await fetch(`${mp.base}/sumdb/${mp.sumdbName}/latest`)).arrayBuffer(),
      );
      assert.equal(checkNote(latest, mp.sumdbKey).ok, true);
      const altered = new Uint8Array(latest);
      altered[25] = altered[25] === 0x31 ? 0x32 : 0x31;
      const bad = checkNote(altered, mp.sumdbKey);
      assert.equal(bad.ok, false);
      assert.match(bad.error!, /^invalid signature for key |^malformed note$/);
      assert.equal(
        checkNote(latest, makeVerifierKey(mp.sumdbName)).error,
        "note has no verifiable signatures",
      );
    });

    test("hash of go's own module cache reproduces go.sum; an altered zip is caught against its .ziphash", () => {
      const cache = join(work, "gopath", "pkg", "mod");
      const cli = join(REPO_ROOT, "bin", "goproxy-doctor.js");
      const dl = join(cache, "cache", "download", "example.com");
      const paths = [
        join(dl, "a", "@v", "v1.0.0.zip"),
        join(dl, "a", "@v", "v1.0.0.mod"),
        join(dl, "!my!mod", "@v", "v1.0.0.zip"),
        join(dl, "c", "v2", "@v", "v2.0.0.mod"),
        join(cache, "example.com", "!my!mod@v1.0.0"),
      ];
      const out = execFileSync(process.execPath, [cli, "hash", ...paths], { encoding: "utf8" });
      const sums = new Set(readFileSync(goSum, "utf8").trim().split("\n"));
      const printed = out.trim().split("\n");
      assert.equal(printed.length, paths.length, out);
      for (const line of printed)
        assert.ok(sums.has(line), `not in go.sum: ${line}\n${[...sums].join("\n")}`);
      // The extracted directory hashes like its zip: same go.sum line.
      assert.equal(printed[4], printed[2]);

      const copy = join(work, "altered", "cache", "download", "example.com", "a", "@v");
      execFileSync("mkdir", ["-p", copy]);
      const zip = readFileSync(paths[0]!);
      writeFileSync(join(copy, "v1.0.0.zip"), zip);
      writeFileSync(join(copy, "v1.0.0.ziphash"), `h1:${"B".repeat(43)}=`);
      const r = spawnSync(process.execPath, [cli, "hash", "--json", join(copy, "v1.0.0.zip")], {
        encoding: "utf8",
      });
      assert.equal(r.status, 1, r.stdout);
      const doc = JSON.parse(r.stdout) as {
        results: { module: string; findings: { id: string; cause: string }[] }[];
      };
      assert.equal(doc.results[0]!.module, "example.com/a");
      assert.deepEqual(
        doc.results[0]!.findings.map((f) => [f.id, f.cause]),
        [["hash.ziphash-mismatch", "modcache-problem"]],
      );
    });

    test("verify --cache: go's own cache verifies; altered zips, directories, go.mod files and leftovers are each reported", async () => {
      const gopath = mkdtempSync(join(work, "gp-cache-"));
      const cache = { GOPATH: gopath, GOMODCACHE: join(gopath, "pkg", "mod") };
      execFileSync(tc.bin, ["mod", "download", "-x", ...MODULES], {
        cwd: join(work, "mod"),
        env: envFor(cache),
        stdio: "pipe",
        timeout: 60_000,
      });
      // go mod download fills cache/download only; extract one module the way a build does.
      execFileSync(tc.bin, ["list", "-deps", "example.com/a"], {
        cwd: join(work, "mod"),
        env: envFor(cache),
        stdio: "pipe",
      });
      const clean = await verify({ files: [goSum], cache: true, env: envFor(cache) });
      const cached = clean.entries.filter((e) => e.source === "cache");
      assert.deepEqual(
        [...new Set(cached.map((e) => `${e.kind}:${e.status}`))].sort(),
        ["dir:verified", "go.mod:verified", "zip:verified"],
        JSON.stringify(cached, null, 1),
      );
      assert.equal(cached.filter((e) => e.kind === "zip").length, MODULES.length);
      assert.ok(!verifyFailed(clean));

      const root = cache.GOMODCACHE;
      const at = (m: string) => join(root, "cache", "download", "example.com", m, "@v");
      writeFileSync(join(at("a"), "v1.0.0.zip"), readFileSync(join(at("b"), "v1.1.0.zip")));
      writeFileSync(join(at("!my!mod"), "v1.0.0.mod"), "module example.com/MyMod\n// altered\n");
      writeFileSync(join(root, "example.com", "a@v1.0.0", "a.go"), "package a // altered\n");
      writeFileSync(join(at("b"), "v1.1.0.partial"), "");
      writeFileSync(join(at("b"), "v1.1.0.zip123.tmp"), "half");
      const r = await verify({ files: [goSum], cache: true, env: envFor(cache) });
      const bad = r.entries.filter((e) => e.source === "cache" && e.status !== "verified");
      const got = bad.map((e) => [e.module, e.kind, e.status, e.cause]);
      assert.deepEqual(
        got.sort(),
        [
          ["example.com/MyMod", "go.mod", "mismatch", "checksum-mismatch"],
          ["example.com/a", "dir", "mismatch", "modcache-problem"],
          ["example.com/a", "zip", "mismatch", "modcache-problem"],
          // An extracted directory whose .partial remains is not trusted (modfetch.DownloadDir).
          ...(existsSync(join(root, "example.com", "b@v1.1.0"))
            ? [["example.com/b", "dir", "error", "modcache-problem"]]
            : []),
        ].sort(),
        JSON.stringify(bad, null, 1),
      );
      const ids = r.findings.map((f) => f.id);
      for (const id of ["modcache.partial", "modcache.tmp", "modcache.usage", "verify.cache-mismatch"])
        assert.ok(ids.includes(id), ids.join());
      const zipFinding = r.findings.find(
        (f) => f.id === "verify.cache-mismatch" && f.message.includes("example.com/a v1.0.0 "),
      );
      assert.ok(
        zipFinding?.evidence?.some((l) => l.includes(join("a", "@v", "v1.0.0.zip"))),
        JSON.stringify(zipFinding),
      );
      assert.ok(verifyFailed(r));
    });

    test("verify --download names the GOPROXY entry that serves an altered zip", async () => {
      // The oracle: go itself refuses the altered zip from that entry.
      const goRun = await runGo(tc, ["mod", "download", "example.com/a@v1.0.0"], mp, {
        GOPROXY: mp.url("tamper"),
        GOSUMDB: mp.sumdbKey,
      });
      assert.notEqual(goRun.code, 0);
      assert.match(goRun.stderr, /checksum mismatch/);
      assert.match(goRun.stderr, /SECURITY ERROR/);
      const env = envFor({
        ...freshCache(),
        GOPROXY: `${mp.url("ok")},${mp.url("tamper")},${mp.url("s404")}`,
      });
      const r = await verify({ files: [goSum], download: true, env });
      const dl = r.entries.filter((e) => e.source === "download");
      assert.equal(dl.length, 3 * MODULES.length * 2);
      const by = (mode: string) => dl.filter((e) => e.file!.includes(`/m/${mode}/`));
      assert.ok(
        by("ok").every((e) => e.status === "verified"),
        JSON.stringify(by("ok"), null, 1),
      );
      assert.ok(by("s404").every((e) => e.status === "skipped"));
      const tampered = by("tamper");
      assert.ok(tampered.filter((e) => e.kind === "go.mod").every((e) => e.status === "verified"));
      const zips = tampered.filter((e) => e.kind === "zip");
      assert.equal(zips.length, MODULES.length);
      for (const z of zips) {
        assert.equal(z.status, "mismatch");
        assert.equal(z.cause, "checksum-mismatch");
        assert.match(z.message, /\/m\/tamper serves altered content/);
      }
      const findings = r.findings.filter((f) => f.id === "verify.download-mismatch");
      assert.equal(findings.length, MODULES.length);
      assert.ok(
        findings.every((f) => f.cause === "checksum-mismatch" && f.evidence?.[0]?.includes("/m/tamper/")),
      );
      assert.ok(verifyFailed(r));
    });
  });
