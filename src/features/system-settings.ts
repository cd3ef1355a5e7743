/**
 * check's findings from the operating system's own settings, which go never reads (core/system/): Windows' and
 * macOS's system proxy, Windows' persisted variables that this process has not got, SSL_CERT_FILE/SSL_CERT_DIR where
 * go trusts only the system's store, and WSL's two sides.
 */
import { readPersistedEnvironment, readSystemProxy } from "../adapters/machine/system.js";
import type { Finding } from "../core/finding.js";
import { staleVariableFindings, staleVariables } from "../core/system/persisted.js";
import { systemProxyFindings } from "../core/system/proxy.js";
import { ignoredCertVariableFindings } from "../core/system/trust.js";
import { wslFindings } from "../core/system/wsl.js";

/** Where go runs, as check detected it (adapters/machine/facts.ts detectRunEnvironment). */
export interface SystemContext {
  readonly wsl: boolean;
  readonly dnsServers: readonly string[];
}

/** The findings; never throws (an unreadable setting reads as unset). Each system command is bounded (3 s). */
export async function systemSettingsFindings(
  env: Readonly<Record<string, string | undefined>>,
  ctx: SystemContext,
): Promise<Finding[]> {
  const [proxy, persisted] = await Promise.all([readSystemProxy(), readPersistedEnvironment()]);
  return [
    ...(proxy === null ? [] : systemProxyFindings(proxy, env)),
    ...staleVariableFindings(staleVariables(persisted.user, persisted.machine, env)),
    ...ignoredCertVariableFindings(
      env,
      process.platform === "win32" ? "windows" : process.platform === "darwin" ? "darwin" : "other",
    ),
    ...(ctx.wsl ? wslFindings(env, ctx.dnsServers) : []),
  ];
}
