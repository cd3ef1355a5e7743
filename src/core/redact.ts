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

/** Secrets shorter than this are left to the URL pattern of {@link redactURL}: replacing them everywhere would mangle text. */
export const MIN_SECRET_LENGTH = 4;

/**
 * The userinfo secrets of every URL in text: each password, a user name that stands alone (a token, as in
 * `https://TOKEN@host`), and `user:password` (which HTTP Basic authentication base64-encodes).
 * Pure; never throws. Percent-escapes are decoded too, so that both forms are known.
 */
export function urlSecrets(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/@\s"',|;]*)@/g)) {
    const info = m[1]!;
    const colon = info.indexOf(":");
    const parts = colon < 0 ? [info] : [info.slice(colon + 1), info];
    for (const p of parts) out.push(p, safeDecode(p));
  }
  return unique(out);
}

/**
 * The secrets of a GOAUTH value (cmd/go/internal/auth, Go ≥ 1.24: `;`-separated `off`, `netrc`, `git DIR`,
 * `command CMD ARGS…`): a command's arguments may carry tokens. Taken as secret: the value of every
 * `NAME=VALUE` argument, the word after one that names a credential (token, password, secret, key, bearer,
 * basic, authorization), and any word of 16 or more characters that looks like a token (letters and digits
 * mixed, no path separator); plus the userinfo of any URL.
 */
export function goauthSecrets(goauth: string): string[] {
  const out: string[] = [...urlSecrets(goauth)];
  for (const entry of goauth.split(";")) {
    const words = entry.trim().split(/\s+/);
    if (words[0] !== "command" && words[0] !== "header") continue;
    for (let i = 1; i < words.length; i++) {
      const w = words[i]!;
      const eq = w.indexOf("=");
      if (eq > 0 && eq < w.length - 1) {
        out.push(w.slice(eq + 1));
        continue;
      }
      if (/token|passw|secret|key|bearer|basic|authori/i.test(w)) {
        // The credential is the next word that is not itself a scheme name (`Authorization: Bearer T`).
        const next = words.slice(i + 1).find((x) => !/^(bearer|basic|token):?$/i.test(x));
        if (next !== undefined) out.push(next);
      }
      if (w.length >= 16 && /[A-Za-z]/.test(w) && /\d/.test(w) && !/[/\\]/.test(w)) out.push(w);
    }
  }
  return unique(out);
}

/**
 * The secrets of a webhook URL: its userinfo, its query values and every path segment after the first
 * (Slack, Teams and most chat hooks carry the token in the path).
 */
export function webhookSecrets(url: string): string[] {
  const out = urlSecrets(url);
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?(\?[^#]*)?/.exec(url);
  if (m === null) return out;
  const segments = (m[1] ?? "").split("/").filter((s) => s !== "");
  out.push(...segments.slice(1));
  if (segments.length > 1) out.push(segments.slice(1).join("/"));
  for (const kv of (m[2] ?? "").slice(1).split("&")) {
    const v = kv.slice(kv.indexOf("=") + 1);
    if (kv.includes("=")) out.push(v, safeDecode(v));
  }
  return unique(out);
}

/**
 * The forms in which a secret can reach output: as it is, percent-encoded (encodeURIComponent and
 * encodeURI, as URL builders write it), and base64 (standard and URL alphabets, padded or not) as in
 * Authorization headers and HAR files.
 */
export function secretForms(secret: string): string[] {
  const b64 = Buffer.from(secret, "utf8").toString("base64");
  return unique([
    secret,
    encodeURIComponent(secret),
    encodeURI(secret),
    b64,
    b64.replace(/=+$/, ""),
    b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
  ]).filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/** A function that redacts text: URL userinfo by pattern, then every form of every known secret as `xxxxx`. */
export type Redactor = (text: string) => string;

/**
 * The redactor for a set of known secrets (from {@link urlSecrets}, {@link goauthSecrets},
 * {@link webhookSecrets}, .netrc passwords…): every form ({@link secretForms}) of every secret of at least
 * {@link MIN_SECRET_LENGTH} characters is replaced, longest first so that a secret containing another is
 * replaced whole. Pure; never throws.
 */
export function makeRedactor(secrets: Iterable<string>): Redactor {
  const forms = unique([...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH).flatMap(secretForms)).sort(
    (a, b) => b.length - a.length,
  );
  if (forms.length === 0) return redactURL;
  const re = new RegExp(forms.map(escapeRegExp).join("|"), "g");
  return (text) => redactURL(text).replace(re, "xxxxx");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs.filter((x) => x !== ""))];
}

/**
 * GOPROXY with userinfo removed from every URL entry; the hosts that had userinfo need .netrc credentials
 * instead (go 1.19 sends .netrc credentials to https URLs; auth/netrc.go). Works on any value holding URLs.
 */
export function stripGoproxyCredentials(goproxy: string): { value: string; hosts: string[] } {
  const hosts: string[] = [];
  const value = goproxy.replace(/([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/@\s,|]*)@([^/\s,|]*)/g, (_m, s, _u, h) => {
    hosts.push(String(h).replace(/:\d+$/, "").toLowerCase());
    return `${s}${h}`;
  });
  return { value, hosts };
}
