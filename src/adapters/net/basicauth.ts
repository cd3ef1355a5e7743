/**
 * URL userinfo as HTTP Basic authorization, as net/http's Client.send does for a request URL with a
 * user (and Transport for a proxy URL's Proxy-Authorization): base64("user:password"), unescaped.
 */

function unescapeUserinfo(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `Basic base64(user:password)` (net/http basicAuth). */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

/** The Basic authorization of a parsed URL's userinfo, or null when it has none. */
export function authorizationOf(u: URL): string | null {
  return u.username === "" && u.password === ""
    ? null
    : basicAuth(unescapeUserinfo(u.username), unescapeUserinfo(u.password));
}

/**
 * Splits `scheme://user:pass@host/…` into the URL to request (userinfo removed, the rest byte for byte) and
 * its Basic authorization; authorization null when there is no userinfo.
 */
export function splitUserinfo(raw: string): { url: string; authorization: string | null } {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#@]*)@/.exec(raw);
  if (m === null) return { url: raw, authorization: null };
  const colon = m[2]!.indexOf(":");
  const user = colon < 0 ? m[2]! : m[2]!.slice(0, colon);
  const password = colon < 0 ? "" : m[2]!.slice(colon + 1);
  return {
    url: m[1]! + raw.slice(m[0].length),
    authorization: basicAuth(unescapeUserinfo(user), unescapeUserinfo(password)),
  };
}
