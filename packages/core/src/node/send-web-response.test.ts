import { once } from 'node:events';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type RequestListener,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendWebResponse } from './send-web-response.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((r) => s.close(r));
    }),
  );
});

async function serve(
  makeResponse: () => Response,
  done?: (p: Promise<void>) => void,
  preset?: Record<string, string>,
): Promise<number> {
  const listener: RequestListener = (_req, res) => {
    // what a framework may have set before the handler runs (Express: X-Powered-By)
    for (const [name, value] of Object.entries(preset ?? {})) res.setHeader(name, value);
    const sent = sendWebResponse(res, makeResponse());
    done?.(sent);
  };
  const server = createServer(listener);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function get(port: number, method = 'GET'): Promise<{ res: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path: '/' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function streamOf(chunks: string[], delayMs = 0): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const next = chunks[i++];
      if (next === undefined) controller.close();
      else controller.enqueue(encoder.encode(next));
    },
  });
}

describe('sendWebResponse', () => {
  it('copies the status, the headers and every Set-Cookie on its own line', async () => {
    const port = await serve(() => {
      const headers = new Headers({ 'content-type': 'application/json', location: '/orders/o-1' });
      headers.append('set-cookie', 'a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/');
      headers.append('set-cookie', 'b=2; HttpOnly');
      return new Response('{"ok":true}', { status: 302, headers });
    });
    const { res, body } = await get(port);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/orders/o-1');
    expect(res.headers['set-cookie']).toEqual([
      'a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/',
      'b=2; HttpOnly',
    ]);
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength('{"ok":true}')));
    expect(body).toBe('{"ok":true}');
  });

  it('keeps every Set-Cookie and the framework’s own headers when the framework set headers first', async () => {
    const port = await serve(
      () => {
        const headers = new Headers({ 'content-type': 'text/plain' });
        headers.append('set-cookie', 'a=1; Path=/');
        headers.append('set-cookie', 'b=2; Path=/');
        return new Response('ok', { status: 201, headers });
      },
      undefined,
      { 'x-powered-by': 'Express', 'content-type': 'text/html' },
    );
    const { res, body } = await get(port);
    expect(res.statusCode).toBe(201);
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(res.headers['x-powered-by']).toBe('Express');
    expect(res.headers['content-type']).toBe('text/plain');
    expect(body).toBe('ok');
  });

  it('drops a header Node refuses (a control character the Fetch API allows) and sends the rest', async () => {
    const port = await serve(() => new Response('ok', { headers: { 'x-bad': 'a\u0001b', 'x-good': 'yes' } }));
    const { res, body } = await get(port);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-good']).toBe('yes');
    expect(res.headers['x-bad']).toBeUndefined();
    expect(body).toBe('ok');
  });

  it('streams a body of many chunks in full', async () => {
    const parts = Array.from({ length: 50 }, (_, i) => `part-${i};`);
    const port = await serve(() => new Response(streamOf(parts)));
    const { res, body } = await get(port);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(body).toBe(parts.join(''));
  });

  it('sends no body for HEAD, 204 and a null body', async () => {
    const headPort = await serve(() => new Response('hidden', { headers: { 'x-kind': 'head' } }));
    const head = await get(headPort, 'HEAD');
    expect(head.res.headers['x-kind']).toBe('head');
    expect(head.body).toBe('');
    const emptyPort = await serve(() => new Response(null, { status: 204 }));
    expect((await get(emptyPort)).res.statusCode).toBe(204);
  });

  it('cancels the body and resolves when the client disconnects mid-stream', async () => {
    let cancelled = false;
    let sent!: Promise<void>;
    const port = await serve(
      () => {
        let n = 0;
        return new Response(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              await new Promise((r) => setTimeout(r, 10));
              controller.enqueue(new TextEncoder().encode(`chunk-${n++}-${'x'.repeat(1000)}`));
            },
            cancel() {
              cancelled = true;
            },
          }),
        );
      },
      (p) => (sent = p),
    );
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/' }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      req.end();
    });
    await expect(sent).resolves.toBeUndefined();
    expect(cancelled).toBe(true);
  });

  it('cuts the connection when the body stream fails half-way, and still resolves', async () => {
    let sent!: Promise<void>;
    const port = await serve(
      () => {
        let n = 0;
        return new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              if (n++ < 3) controller.enqueue(new TextEncoder().encode('ok;'));
              else controller.error(new Error('upstream broke'));
            },
          }),
        );
      },
      (p) => (sent = p),
    );
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/' }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve('ended'));
        res.on('error', () => resolve('cut'));
        res.on('aborted', () => resolve('cut'));
      });
      req.on('error', () => resolve('cut'));
      req.end();
    });
    expect(outcome).toBe('cut');
    await expect(sent).resolves.toBeUndefined();
  });
});
