/**
 * The redirect rules go's HTTP client applies, which the forwarder follows on go's behalf (a 3xx passed to go
 * would send it around the forwarder). Mirrors net/http/client.go (redirectBehavior, the 10-redirect limit,
 * shouldCopyHeaderOnRedirect, isDomainOrSubdomain) and cmd/go/internal/web/http.go:checkRedirect (never from
 * https to http), Go 1.19.
 */

/** net/http's default limit: the 11th redirect fails. */
export const MAX_REDIRECTS = 10;

/** Whether a response with this status and Location is followed (net/http redirectBehavior for GET). */
export function followsRedirect(status: number, location: string | null): boolean {
  return location !== null && location !== "" && [301, 302, 303, 307, 308].includes(status);
}

/** go's error text when a redirect is refused, or null when it is followed. `hops` counts redirects so far. */
export function redirectError(firstURL: string, lastURL: string, next: string, hops: number): string | null {
  if (hops >= MAX_REDIRECTS) return `Get "${next}": stopped after 10 redirects`;
  if (firstURL.startsWith("https:") && !next.startsWith("https:"))
    return `Get "${next}": redirected from secure URL ${lastURL} to insecure URL ${next}`;
  return null;
}

function canonicalAddr(u: URL): string {
  const port = u.port !== "" ? u.port : u.protocol === "https:" ? "443" : "80";
  return `${u.hostname}:${port}`;
}

/**
 * Whether an Authorization header set on the first request (go sets it from .netrc) goes along to `dest`:
 * same host:port or a subdomain of it (net/http shouldCopyHeaderOnRedirect + isDomainOrSubdomain).
 */
export function keepsAuthorization(initial: string, dest: string): boolean {
  let i: string;
  let d: string;
  try {
    i = canonicalAddr(new URL(initial));
    d = canonicalAddr(new URL(dest));
  } catch {
    return false;
  }
  if (i === d) return true;
  return d.endsWith(i) && d[d.length - i.length - 1] === ".";
}
