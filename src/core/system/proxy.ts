/**
 * The operating system's proxy setting, which go never reads: net/http.ProxyFromEnvironment (used by cmd/go's
 * web client, cmd/go/internal/web/http.go) looks only at HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case).
 * Windows keeps its setting in HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings (ProxyEnable,
 * ProxyServer, ProxyOverride, AutoConfigURL); macOS in the network service's configuration (`scutil --proxy`).
 * Browsers and most installers follow it, so a machine behind a corporate proxy can browse while go connects
 * directly and fails. Pure: the readers live in adapters/machine/system.ts.
 */
import type { Finding } from "../finding.js";

/** A system proxy setting, as read from the registry or scutil. */
export interface SystemProxy {
  /** Where it was read, for the message: "Windows' Internet Settings" or "macOS's network settings". */
  readonly where: string;
  /** The host:port used for http:// and https:// URLs, or null when none is enabled. */
  readonly http: string | null;
  readonly https: string | null;
  /** A proxy auto-config (PAC) script's URL, or null. */
  readonly pacURL: string | null;
  /** The bypass list as NO_PROXY entries, and the entries NO_PROXY cannot express. */
  readonly noProxy: readonly string[];
  readonly untranslatable: readonly string[];
  /** The fix target whose snippet sets the variables: "cmd" on Windows, "shell" elsewhere. */
  readonly fixTarget: string;
  /** Set when the answer rests on Go's source only (macOS here): appended to messages. */
  readonly modelled: boolean;
}

/**
 * WinINet's ProxyServer: "host:port" for every scheme, or "http=h:p;https=h:p;ftp=…" per scheme (a
 * "scheme://" prefix on a host is allowed and dropped).
 */
export function parseWinProxyServer(s: string): { http: string | null; https: string | null } {
  const t = s.trim();
  if (t === "") return { http: null, https: null };
  const host = (h: string) => h.trim().replace(/^[a-z]+:\/\//i, "") || null;
  if (!t.includes("=")) return { http: host(t), https: host(t) };
  const per = new Map<string, string>();
  for (const part of t.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) per.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1));
  }
  const pick = (k: string) => (per.has(k) ? host(per.get(k) as string) : null);
  return { http: pick("http"), https: pick("https") };
}

/**
 * WinINet's ProxyOverride (";"-separated) or macOS's ExceptionsList as NO_PROXY entries (x/net/http/httpproxy):
 * "*.corp.example" → ".corp.example", "10.*" → "10.0.0.0/8", plain names as they are. "<local>" (names without
 * a dot) and other wildcards have no NO_PROXY form and are returned apart.
 */
export function bypassToNoProxy(entries: readonly string[]): { noProxy: string[]; untranslatable: string[] } {
  const noProxy: string[] = [];
  const untranslatable: string[] = [];
  for (const raw of entries) {
    const e = raw.trim();
    if (e === "") continue;
    const octets = /^(\d{1,3}(?:\.\d{1,3}){0,2})\.\*$/.exec(e);
    if (octets !== null) {
      const parts = (octets[1] as string).split(".");
      noProxy.push(`${[...parts, ...Array(4 - parts.length).fill("0")].join(".")}/${parts.length * 8}`);
    } else if (/^\*\.[^*]+$/.test(e)) noProxy.push(e.slice(1));
    else if (!e.includes("*") && !e.startsWith("<")) noProxy.push(e);
    else untranslatable.push(e);
  }
  return { noProxy, untranslatable };
}

type Env = Readonly<Record<string, string | undefined>>;

function envValue(env: Env, name: string): string {
  return env[name] || env[name.toLowerCase()] || "";
}

/**
 * Findings for a system proxy go ignores: a warning naming the variables and values to set when the system uses
 * a proxy and HTTPS_PROXY/HTTP_PROXY are unset; a warning for a PAC script (go cannot run it); an info line when
 * the variables are set and point elsewhere. Empty when no system proxy is configured.
 */
export function systemProxyFindings(sys: SystemProxy, env: Env): Finding[] {
  const note = sys.modelled ? " (modelled from Go's source, not verified on this system)" : "";
  const https = envValue(env, "HTTPS_PROXY");
  const http = envValue(env, "HTTP_PROXY");
  const out: Finding[] = [];
  if ((sys.https !== null || sys.http !== null) && https === "" && http === "") {
    const want: [string, string][] = [];
    if (sys.https !== null) want.push(["HTTPS_PROXY", `http://${sys.https}`]);
    if (sys.http !== null) want.push(["HTTP_PROXY", `http://${sys.http}`]);
    if (sys.noProxy.length > 0) want.push(["NO_PROXY", sys.noProxy.join(",")]);
    const flags = want.map(
      ([k, v]) =>
        `--${k === "HTTPS_PROXY" ? "https-proxy" : k === "HTTP_PROXY" ? "http-proxy" : "proxy-bypass"} ${v}`,
    );
    out.push({
      id: "system-proxy.ignored",
      severity: "warning",
      cause: "http-proxy-misconfig",
      message: `${sys.where} send web traffic through a proxy (${sys.https ?? sys.http}), but go reads only HTTPS_PROXY, HTTP_PROXY and NO_PROXY, which are unset: go connects directly${note}. Set ${want.map(([k, v]) => `${k}=${v}`).join(", ")}.`,
      fix: [`goproxy-doctor fix --for ${sys.fixTarget} ${flags.join(" ")}`],
      evidence: [
        ...(sys.https !== null ? [`system proxy for https: ${sys.https}`] : []),
        ...(sys.http !== null ? [`system proxy for http: ${sys.http}`] : []),
        ...(sys.untranslatable.length > 0
          ? [`bypass entries NO_PROXY cannot express: ${sys.untranslatable.join(", ")}`]
          : []),
      ],
    });
  } else if (sys.https !== null && https !== "" && !https.includes(sys.https)) {
    out.push({
      id: "system-proxy.differs",
      severity: "info",
      cause: null,
      message: `go uses HTTPS_PROXY=${https}; ${sys.where} name ${sys.https}, which go ignores${note}.`,
      fix: [],
    });
  }
  if (sys.pacURL !== null && https === "" && http === "") {
    out.push({
      id: "system-proxy.pac",
      severity: "warning",
      cause: "http-proxy-misconfig",
      message: `${sys.where} choose the proxy with an auto-config script (${sys.pacURL}), which go never runs${note}: find the proxy it returns for https://proxy.golang.org (open the script, or ask your network team) and set HTTPS_PROXY to it.`,
      fix: [`goproxy-doctor fix --for ${sys.fixTarget} --https-proxy http://HOST:PORT`],
    });
  }
  return out;
}
