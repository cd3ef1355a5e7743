/** Resolved variables for tests, from a plain environment, as go1.19 on Linux would resolve them. */
import { type EnvValue, resolveEnvironment } from "../../src/core/config/environment.js";
import { parseGoVersion, SHIPPED_GOROOT_GO_ENV } from "../../src/core/config/goversion.js";

/** resolveEnvironment(...).vars for env (with HOME=/nonexistent unless given), no GOENV file. */
export function varsOf(
  env: Record<string, string>,
  goVersion = "go1.19.8",
): Readonly<Record<string, EnvValue>> {
  return resolveEnvironment({
    env: { HOME: "/nonexistent", ...env },
    goos: "linux",
    goVersion: parseGoVersion(goVersion)!,
    goenvFileText: null,
    goroot: null,
    gorootGoEnvText: SHIPPED_GOROOT_GO_ENV,
  }).vars;
}
