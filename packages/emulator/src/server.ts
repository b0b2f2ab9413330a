/**
 * The emulator's HTTP server on node:http. Every request is offered to the window first, then the receipt pages
 * (/receipt/), then /v1/ goes to the API and /__emulator/ to the control API; anything else is a 404.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ApiHandler } from './api-handler.js';
import { errorAnswer, send } from './http-io.js';

export interface Routes {
  /** true when the window answered */
  window: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /** the receipt pages behind `receipt.url` (receipt-page.ts); true when it answered */
  receipt: (req: IncomingMessage, res: ServerResponse, path: string, search: string) => boolean;
  api: ApiHandler;
  control: (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    search: string,
    method: string,
  ) => Promise<void>;
}

export interface Listening {
  baseUrl: string;
  /** stops accepting connections and destroys the open ones */
  close(): Promise<void>;
}

function dispatch(routes: Routes) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q === -1 ? url : url.slice(0, q);
      const search = q === -1 ? '' : url.slice(q + 1);
      const method = req.method ?? 'GET';
      if (await routes.window(req, res)) return;
      if (routes.receipt(req, res, path, search)) return;
      if (path.startsWith('/v1/')) return routes.api(req, res, method, path, search);
      if (path.startsWith('/__emulator/') || path === '/__emulator')
        return routes.control(req, res, path, search, method);
      send(res, {
        status: 404,
        json: JSON.stringify({ code: 'NOT_FOUND', message: 'Not found' }),
        code: 'NOT_FOUND',
      });
    })().catch(() => {
      if (!res.headersSent) send(res, errorAnswer(null, 'ko'));
      else res.destroy();
    });
  };
}

/** Listens on host:port (0 = a free port) and answers through `routes`. */
export async function listen(routes: Routes, port: number, host: string): Promise<Listening> {
  const server: Server = createServer(dispatch(routes));
  server.keepAliveTimeout = 65_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    baseUrl: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
