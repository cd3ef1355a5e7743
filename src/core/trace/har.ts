/**
 * A trace as an HTTP Archive 1.2 document (http://www.softwareishard.com/blog/har-12-spec/), which browser
 * developer tools open. Only the safe headers recorded in TraceRequest appear; bodies are not included
 * (`content.size` carries the byte count). Pure.
 */
import type { Entry, Har } from "har-format";
import type { TraceRequest, TraceResult } from "./model.js";

function queryOf(url: string): { name: string; value: string }[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function header(h: readonly (readonly [string, string])[]): { name: string; value: string }[] {
  return h.map(([name, value]) => ({ name, value }));
}

function entryOf(r: TraceRequest, t: TraceResult): Entry {
  const e = r.entry === null ? undefined : t.entries[r.entry];
  const wait = r.ttfbMs ?? r.ms ?? 0;
  const receive = r.ms !== null && r.ttfbMs !== null ? Math.max(0, r.ms - r.ttfbMs) : 0;
  const contentType = r.responseHeaders.find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "";
  const location = r.redirects.length > 0 ? r.redirects[r.redirects.length - 1]!.url : "";
  const comment = [
    `source: ${r.source}`,
    e !== undefined ? `GOPROXY entry ${e.index}: ${e.written}` : null,
    `role: ${r.role}`,
    r.upstreamError !== null ? `upstream error: ${r.upstreamError}` : null,
    r.presentedToGo !== null ? `presented to go as ${r.presentedToGo}` : null,
    r.redirects.length > 0
      ? `redirects: ${r.redirects.map((h) => `${h.status} ${h.url}`).join(" -> ")}`
      : null,
    r.note,
    `outcome: ${r.outcome}`,
  ]
    .filter((x) => x !== null)
    .join("; ");
  return {
    startedDateTime: new Date(r.startedMs).toISOString(),
    time: r.ms ?? 0,
    request: {
      method: r.method,
      url: r.url,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: header(r.requestHeaders),
      queryString: queryOf(r.url),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: r.status ?? 0,
      statusText: r.statusText,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: header(r.responseHeaders),
      content: { size: r.bytes ?? 0, mimeType: contentType },
      redirectURL: location,
      headersSize: -1,
      bodySize: r.bytes ?? -1,
      ...(r.upstreamError !== null && { _error: r.upstreamError }),
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait, receive },
    comment,
  };
}

/**
 * The HAR document of a trace: one entry per recorded request, in start order.
 *
 * @param version goproxy-doctor's version, for `log.creator`
 */
export function traceHar(t: TraceResult, version: string): Har {
  return {
    log: {
      version: "1.2",
      creator: { name: "goproxy-doctor trace", version },
      entries: [...t.requests]
        .sort((a, b) => a.startedMs - b.startedMs || a.id - b.id)
        .map((r) => entryOf(r, t)),
      comment: `go ${t.go.args.join(" ")} exited with ${t.go.exitCode ?? t.go.signal ?? "?"}`,
    },
  };
}
