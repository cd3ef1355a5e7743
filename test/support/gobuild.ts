/**
 * Builds the small Go programs under test/fixtures/go/<name> once per source hash, into a cache under the
 * system temp dir. They use only the standard library and golang.org/x/mod from Debian's
 * golang-golang-x-mod-dev (GOPATH=/usr/share/gocode, GO111MODULE=off).
 * Missing go or x/mod is an error that fails the test with instructions — never a skip.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GO119, type GoToolchain, requireToolchain, toolchainPath, toolchainVersion } from "./toolchains.js";

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (this file is dist/test/support/gobuild.js or test/support/gobuild.ts). */
export const REPO_ROOT = resolve(here, here.includes(`${join("dist", "test")}`) ? "../../.." : "../..");
const XMOD = "/usr/share/gocode/src/golang.org/x/mod";

/** Throws a clear error when the toolchain or x/mod is missing; returns the toolchain's go binary. */
export function requireGo(tc: GoToolchain = GO119): string {
  const bin = requireToolchain(tc);
  if (!existsSync(XMOD)) {
    throw new Error(`golang.org/x/mod is required at ${XMOD}: apt-get install golang-golang-x-mod-dev`);
  }
  return bin;
}

/**
 * Builds test/fixtures/go/<name> with the toolchain (go1.19 unless named: the fixtures that compare with Go's
 * standard library are built with each toolchain they are compared against) and returns the binary's path,
 * cached by source hash and toolchain. A fixture that imports golang.org/x/ is built in GOPATH mode against
 * Debian's x/mod; one that uses only the standard library is built as a module whose go line is the toolchain's
 * own version, so that its GODEBUG defaults (urlstrictcolons, …) are those of the go command of that release.
 */
export function buildGoFixture(name: string, tc: GoToolchain = GO119): string {
  const go = requireGo(tc);
  const src = join(REPO_ROOT, "test", "fixtures", "go", name);
  const files = readdirSync(src)
    .filter((f) => f.endsWith(".go"))
    .sort();
  // "module-go-line": how the fixtures are built is part of what a cached binary is.
  const h = createHash("sha256").update("module-go-line");
  for (const f of files) h.update(f).update(readFileSync(join(src, f)));
  const dir = join(tmpdir(), "goproxy-doctor-gofixtures");
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, `${name}-${tc.label}-${h.digest("hex").slice(0, 16)}`);
  if (existsSync(bin)) return bin;
  const tmp = `${bin}.${process.pid}.tmp`;
  const usesXMod = files.some((f) => readFileSync(join(src, f), "utf8").includes('"golang.org/x/'));
  const env = {
    PATH: toolchainPath(tc),
    HOME: tmpdir(),
    GOCACHE: join(dir, "gocache"),
    GOFLAGS: "",
    GOTOOLCHAIN: "local",
    GOPROXY: "off",
    GOENV: "off",
    CGO_ENABLED: "0",
  };
  if (usesXMod) {
    execFileSync(go, ["build", "-o", tmp, "."], {
      cwd: src,
      stdio: "pipe",
      env: { ...env, GOPATH: "/usr/share/gocode", GO111MODULE: "off" },
    });
  } else {
    const work = mkdtempSync(join(dir, `${name}-src-`));
    try {
      for (const f of files) copyFileSync(join(src, f), join(work, f));
      const goLine = /^go(\d+\.\d+)/.exec(toolchainVersion(tc))![1];
      writeFileSync(join(work, "go.mod"), `module fixture/${name}\n\ngo ${goLine}\n`);
      execFileSync(go, ["build", "-o", tmp, "."], {
        cwd: work,
        stdio: "pipe",
        env: { ...env, GOPATH: join(dir, "gopath"), GO111MODULE: "on" },
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  renameSync(tmp, bin);
  return bin;
}

/** Runs a line-oriented fixture: writes one JSON value per input, returns one parsed JSON answer per line. */
export function queryGoFixture<T>(bin: string, inputs: readonly unknown[]): T[] {
  const stdin = inputs.map((i) => JSON.stringify(i)).join("\n") + "\n";
  const out = execFileSync(bin, [], { input: stdin, maxBuffer: 256 << 20, timeout: 60_000 });
  return out
    .toString("utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as T);
}
