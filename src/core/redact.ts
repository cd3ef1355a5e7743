/**
 * Credential redaction. Nothing we print, log or write may contain URL userinfo passwords,
 * Authorization values or tokens.
 */

/**
 * Redacts the password of URL userinfo the way Go's net/url.URL.Redacted does
 * (`https://user:xxxxx@host/`), and a token-like user name without password as `xxxxx`.
 * Works on any string containing URLs (error texts, GOPROXY lists); text without userinfo is unchanged.
 */
export function redactURL(s: string): string {
  // scheme://userinfo@ — userinfo may not contain '/', '@' or whitespace.
  return s.replace(/([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/@\s"]*)@/g, (_m, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(":");
    if (colon >= 0) return `${scheme}${userinfo.slice(0, colon)}:xxxxx@`;
    return `${scheme}xxxxx@`;
  });
}

/** Header names whose values are secrets. */
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]);

/** Returns a copy of headers with secret values replaced by "xxxxx". */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? "xxxxx" : Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}
