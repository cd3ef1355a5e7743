/**
 * WSL: a Linux go next to Windows. The Linux go has its own GOENV file (~/.config/go/env), its own CA store
 * (/etc/ssl/certs, crypto/x509 root_linux.go) and, under WSL2's default NAT networking, its own 127.0.0.1: a
 * proxy listening on Windows is reached at the host's address (WSL writes it into /etc/resolv.conf as the name
 * server), unless networkingMode=mirrored. Modelled from WSL's documented behaviour, not verified here. Pure.
 */
import type { Finding } from "../finding.js";

type Env = Readonly<Record<string, string | undefined>>;

const LOOPBACK = /^(?:[a-z]+:\/\/)?(?:[^@/]*@)?(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::\d+)?(?:\/|$)/i;

/** Findings for go running inside WSL: always the two-sides note; a warning for a proxy on 127.0.0.1. */
export function wslFindings(env: Env, nameservers: readonly string[]): Finding[] {
  const out: Finding[] = [
    {
      id: "wsl.two-sides",
      severity: "info",
      cause: null,
      message:
        "go runs inside WSL: it is a Linux go with its own settings (~/.config/go/env, this shell's variables) and its own CA store (/etc/ssl/certs); what is set or trusted on the Windows side does not apply here.",
      fix: [],
    },
  ];
  for (const name of ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"]) {
    const v = env[name];
    if (!v || !LOOPBACK.test(v)) continue;
    const host = nameservers[0];
    out.push({
      id: "wsl.loopback-proxy",
      severity: "warning",
      cause: "http-proxy-misconfig",
      message: `${name}=${v} names this WSL machine's loopback; under WSL2's default (NAT) networking a proxy running on Windows is not there but at the Windows host's address${host ? ` (${host}, the name server WSL wrote into /etc/resolv.conf)` : ""}, unless networkingMode=mirrored is set in .wslconfig.`,
      fix: host ? [`export ${name}=${v.replace(/127\.\d+\.\d+\.\d+|localhost|\[::1\]/i, host)}`] : [],
    });
    break;
  }
  return out;
}
