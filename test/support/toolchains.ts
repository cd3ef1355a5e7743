/**
 * The go binaries the conformance suites run, named by path: never "whichever go comes first on PATH".
 *
 * go1.19 is Debian's golang-1.19-go (/usr/lib/go-1.19); go1.26 is the machine's /usr/local/go. Both paths can be
 * overridden (GPD_GO119, GPD_GO126) for a machine that keeps them elsewhere. A missing toolchain fails the test
 * that needs it with the command that installs it — never a skip.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** One go toolchain: its binary, GOROOT and full version ("go1.19.8"), labelled for test names. */
export interface GoToolchain {
  /** "go1.19" or "go1.26": the label test names carry. */
  readonly label: string;
  /** Absolute path of bin/go. */
  readonly bin: string;
  /** The GOROOT the binary belongs to. */
  readonly goroot: string;
  /** How to get it on a Debian machine of this project's kind. */
  readonly install: string;
}

function toolchain(label: string, bin: string, install: string): GoToolchain {
  return { label, bin, goroot: dirname(dirname(bin)), install };
}

/** Debian's go1.19 (apt-get install golang-1.19-go golang-1.19-src). */
export const GO119 = toolchain(
  "go1.19",
  process.env.GPD_GO119 || "/usr/lib/go-1.19/bin/go",
  "apt-get install -y golang-1.19-go golang-1.19-src golang-golang-x-mod-dev",
);
/** The machine's go1.26 at /usr/local/go. */
export const GO126 = toolchain(
  "go1.26",
  process.env.GPD_GO126 || "/usr/local/go/bin/go",
  "go1.26 at /usr/local/go (this project's machines have it; elsewhere unpack an official release there)",
);
/** Every toolchain a conformance suite runs against, oldest first. */
export const TOOLCHAINS: readonly GoToolchain[] = [GO119, GO126];

const versions = new Map<string, string>();

/**
 * The toolchain's full version ("go1.26.8"), read from its GOROOT/VERSION (as cmd/go's runtime.Version does for a
 * release build) or, failing that, from `go version`. Throws, with the install command, when the binary is missing.
 */
export function toolchainVersion(tc: GoToolchain): string {
  const known = versions.get(tc.bin);
  if (known !== undefined) return known;
  if (!existsSync(tc.bin))
    throw new Error(`${tc.label} is required by this test at ${tc.bin}: ${tc.install}`);
  let v: string | undefined;
  const file = join(tc.goroot, "VERSION");
  if (existsSync(file)) v = /^(go\d+\.\d+(?:\.\d+)?)/.exec(readFileSync(file, "utf8"))?.[1];
  if (v === undefined) {
    const out = execFileSync(tc.bin, ["version"], { env: { PATH: "/usr/bin:/bin" }, encoding: "utf8" });
    v = /\b(go\d+\.\d+(?:\.\d+)?)\b/.exec(out)?.[1];
  }
  if (v === undefined) throw new Error(`cannot tell the version of ${tc.bin}`);
  versions.set(tc.bin, v);
  return v;
}

/** Throws, with the install command, when the toolchain is missing; returns its binary's path. */
export function requireToolchain(tc: GoToolchain): string {
  toolchainVersion(tc);
  return tc.bin;
}

/**
 * A PATH on which "go" is this toolchain's (for tools that look go up, as check and trace do) and nothing else
 * from the machine's Go set-up.
 */
export function toolchainPath(tc: GoToolchain): string {
  return `${dirname(tc.bin)}:/usr/local/bin:/usr/bin:/bin`;
}

/**
 * The variables that must never leak from the machine into a test's go (or into our own resolution of the
 * environment): every GO* setting and the HTTP proxy variables.
 */
export const MACHINE_GO_VARIABLES: readonly string[] = [
  "GOPROXY",
  "GOSUMDB",
  "GONOSUMDB",
  "GONOPROXY",
  "GOPRIVATE",
  "GOINSECURE",
  "GOFLAGS",
  "GOTOOLCHAIN",
  "GOENV",
  "GOAUTH",
  "GOVCS",
  "GOWORK",
  "GOROOT",
  "GOPATH",
  "GOMODCACHE",
  "GOCACHE",
  "GO111MODULE",
  "GOTELEMETRY",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "ALL_PROXY",
  "all_proxy",
];

/**
 * A base environment for a test's process: the machine's environment without MACHINE_GO_VARIABLES, with PATH set
 * so that "go" is the given toolchain (or no go at all when tc is null), then `extra`.
 */
export function cleanEnv(tc: GoToolchain | null, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !MACHINE_GO_VARIABLES.includes(k) && !k.startsWith("GO")) env[k] = v;
  }
  env.PATH = tc === null ? "/usr/bin:/bin" : toolchainPath(tc);
  return { ...env, ...extra };
}
