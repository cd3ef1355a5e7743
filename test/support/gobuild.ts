/**
 * Builds the small Go programs under test/fixtures/go/<name> once per source hash, into a cache under the
 * system temp dir. They use only the standard library and golang.org/x/mod from Debian's
 * golang-golang-x-mod-dev (GOPATH=/usr/share/gocode, GO111MODULE=off).
 * Missing go or x/mod is an error that fails the test with instructions — never a skip.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (this file is dist/test/support/gobuild.js or test/support/gobuild.ts). */
export const REPO_ROOT = resolve(here, here.includes(`${join("dist", "test")}`) ? "../../.." : "../..");
const XMOD = "/usr/share/gocode/src/golang.org/x/mod";

/** Throws a clear error when go or x/mod are missing. */
export function requireGo(): string {
  try {
    execFileSync("go", ["version"], { stdio: "pipe" });
  } catch {
    throw new Error(
      "the go command is required by this test: apt-get install golang-go golang-1.19-src golang-golang-x-mod-dev (npm test does this when run as root)",
    );
  }
  if (!existsSync(XMOD)) {
    throw new Error(`golang.org/x/mod is required at ${XMOD}: apt-get install golang-golang-x-mod-dev`);
  }
  return "go";
}

/** Builds test/fixtures/go/<name> and returns the binary's path (cached by source hash). */
export function buildGoFixture(name: string): string {
  requireGo();
  const src = join(REPO_ROOT, "test", "fixtures", "go", name);
  const h = createHash("sha256");
  for (const f of readdirSync(src).sort())
    if (f.endsWith(".go")) h.update(f).update(readFileSync(join(src, f)));
  const dir = join(tmpdir(), "goproxy-doctor-gofixtures");
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, `${name}-${h.digest("hex").slice(0, 16)}`);
  if (existsSync(bin)) return bin;
  const tmp = `${bin}.${process.pid}.tmp`;
  execFileSync("go", ["build", "-o", tmp, "."], {
    cwd: src,
    stdio: "pipe",
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: tmpdir(),
      GOPATH: "/usr/share/gocode",
      GO111MODULE: "off",
      GOCACHE: join(dir, "gocache"),
      GOFLAGS: "",
      GOTOOLCHAIN: "local",
      CGO_ENABLED: "0",
    },
  });
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
