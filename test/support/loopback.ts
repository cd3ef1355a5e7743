/** A node:http server on 127.0.0.1 for the length of one test body. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

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
