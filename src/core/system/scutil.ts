/**
 * macOS's proxy settings as `scutil --proxy` prints them (a dictionary of `Key : value` lines, arrays as nested
 * `N : value` lines), turned into a SystemProxy. Pure. go ignores these settings as it does Windows' (see
 * proxy.ts); on macOS that is modelled from Go's source (net/http, x/net/http/httpproxy), not verified.
 */
import { bypassToNoProxy, type SystemProxy } from "./proxy.js";

/** Parses scutil --proxy's dictionary: scalar keys, and ExceptionsList's items. Never throws. */
export function parseScutilProxy(text: string): {
  values: ReadonlyMap<string, string>;
  exceptions: string[];
} {
  const values = new Map<string, string>();
  const exceptions: string[] = [];
  let inExceptions = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (/^ExceptionsList\s*:\s*<array>\s*\{$/.test(line)) {
      inExceptions = true;
      continue;
    }
    if (inExceptions) {
      if (line === "}") inExceptions = false;
      else {
        const item = /^\d+\s*:\s*(.*)$/.exec(line);
        if (item) exceptions.push(item[1] as string);
      }
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9]*)\s*:\s*(.*)$/.exec(line);
    if (kv && !(kv[2] as string).startsWith("<")) values.set(kv[1] as string, kv[2] as string);
  }
  return { values, exceptions };
}

/** The SystemProxy of scutil --proxy's output (marked modelled). */
export function scutilSystemProxy(text: string): SystemProxy {
  const { values, exceptions } = parseScutilProxy(text);
  const hostPort = (scheme: "HTTP" | "HTTPS") => {
    if (values.get(`${scheme}Enable`) !== "1") return null;
    const host = values.get(`${scheme}Proxy`);
    if (!host) return null;
    const port = values.get(`${scheme}Port`);
    return port ? `${host}:${port}` : host;
  };
  const pac =
    values.get("ProxyAutoConfigEnable") === "1" ? (values.get("ProxyAutoConfigURLString") ?? null) : null;
  return {
    where: "macOS's network settings",
    http: hostPort("HTTP"),
    https: hostPort("HTTPS"),
    pacURL: pac || null,
    ...bypassToNoProxy(exceptions),
    fixTarget: "shell",
    modelled: true,
  };
}
