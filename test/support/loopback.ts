/** Loopback servers for tests: a node:http server for one test body; an https front with Basic auth. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTLSServer } from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";

/** How the server answers. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Starts a server on a free loopback port, runs run with its base URL (http://127.0.0.1:P), then closes it and
 * every connection it still has, whether run resolved or threw.
 */
export async function withServer(handler: Handler, run: (base: string) => Promise<void>): Promise<void> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

/** An https server on 127.0.0.1 in front of a plain-http one, admitting only one Basic-auth login. */
export interface AuthFront {
  /** https://127.0.0.1:P */
  readonly url: string;
  /** The self-signed certificate (PEM) to trust. */
  readonly cert: string;
  close(): void;
}

/**
 * Starts an https front for upstream (a base URL on loopback): requests with Basic authorization for
 * login:password are forwarded (status, Content-Type and body), every other request gets 401.
 */
export async function startAuthFront(upstream: string, login: string, password: string): Promise<AuthFront> {
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keySize: 2048,
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  const want = `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}`;
  const front = createTLSServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    if (req.headers.authorization !== want) return void res.writeHead(401).end("unauthorized\n");
    fetch(`${upstream}${req.url}`).then(
      async (up) =>
        res
          .writeHead(up.status, { "content-type": up.headers.get("content-type") ?? "" })
          .end(Buffer.from(await up.arrayBuffer())),
      () => res.writeHead(502).end(),
    );
  });
  await new Promise<void>((r) => front.listen(0, "127.0.0.1", r));
  return {
    url: `https://127.0.0.1:${(front.address() as AddressInfo).port}`,
    cert: pems.cert,
    close: () => front.close(),
  };
}
