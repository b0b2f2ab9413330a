import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendUnfinishedBody } from '../testing/adapter-harness.js';
import {
  bridgeBodyLimit,
  exposeHandlerMembers,
  findMountPath,
  handleNodeRequest,
  type WebHandler,
} from './handle-node-request.js';
import { DEFAULT_MAX_BODY_SIZE } from './to-web-request.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(
  handler: WebHandler,
  options: Parameters<typeof handleNodeRequest>[3] = {},
): Promise<number> {
  const server = createServer((req, res) => {
    handleNodeRequest(handler, req, res, options).catch(() => res.writeHead(599).end());
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function send(
  port: number,
  init: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: init.method ?? 'GET',
        path: init.path ?? '/',
        headers: init.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('handleNodeRequest', () => {
  it('hands the converted Request and the mount path to the handler and writes its Response', async () => {
    const calls: { url: string; body: string; mountPath: string | undefined }[] = [];
    const port = await serve(
      async (request, context) => {
        calls.push({ url: request.url, body: await request.text(), mountPath: context?.mountPath });
        return Response.json({ ok: true }, { status: 201 });
      },
      { mountPath: '/shop', url: '/payments/confirm' },
    );
    const res = await send(port, { method: 'POST', path: '/shop/payments/confirm', body: '{"a":1}' });
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ ok: true });
    expect(calls).toEqual([
      { url: `http://127.0.0.1:${port}/payments/confirm`, body: '{"a":1}', mountPath: '/shop' },
    ]);
  });

  it('answers a too-large body with a 413 JSON error, Korean by default and English on request, without calling the handler', async () => {
    let called = 0;
    const port = await serve(
      async () => {
        called++;
        return new Response('no');
      },
      { maxBodySize: 16 },
    );
    const ko = await send(port, { method: 'POST', body: 'x'.repeat(17) });
    expect(ko.status).toBe(413);
    expect(ko.headers.connection).toBe('close');
    const koBody = JSON.parse(ko.body) as { code: string; message: string };
    expect(koBody.code).toBe('PAYLOAD_TOO_LARGE');
    expect(koBody.message).toMatch(/[가-힣]/);
    const en = await send(port, {
      method: 'POST',
      body: 'x'.repeat(17),
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(JSON.parse(en.body)).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The request body is too large (limit: 16 bytes).',
      details: { limit: 16 },
    });
    expect(called).toBe(0);
  });

  it("reads no more than the handler's own bodyLimit: 413 while the body is still being sent", async () => {
    let called = 0;
    const handler = Object.assign(
      async (request: Request) => {
        called++;
        return new Response(String((await request.text()).length));
      },
      { bodyLimit: 2048 },
    );
    const port = await serve(handler);
    const origin = `http://127.0.0.1:${port}`;
    const over = await sendUnfinishedBody(origin, '/', { bytes: 4096 });
    expect(over.status).toBe(413);
    expect(JSON.parse(over.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 2048 } });
    expect(called).toBe(0);
    const under = await send(port, { method: 'POST', body: 'x'.repeat(2048) });
    expect([under.status, under.body]).toEqual([200, '2048']);
    expect(called).toBe(1);
  });

  it('bridgeBodyLimit: maxBodySize first, then the handler’s bodyLimit, then 1 MiB', () => {
    const plain: WebHandler = async () => new Response('');
    const limited = Object.assign(async () => new Response(''), { bodyLimit: 65_536 });
    expect(bridgeBodyLimit(limited)).toBe(65_536);
    expect(bridgeBodyLimit(limited, { maxBodySize: 100 })).toBe(100);
    expect(bridgeBodyLimit(plain)).toBe(DEFAULT_MAX_BODY_SIZE);
    expect(bridgeBodyLimit(Object.assign(async () => new Response(''), { bodyLimit: Number.NaN }))).toBe(
      DEFAULT_MAX_BODY_SIZE,
    );
  });

  it('answers TRACE with 405 METHOD_NOT_ALLOWED', async () => {
    const port = await serve(async () => new Response('no'));
    const res = await send(port, { method: 'TRACE', path: '/payments/webhook' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, POST');
    expect(JSON.parse(res.body)).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
  });

  it('passes a handler rejection on to the caller', async () => {
    const port = await serve(async () => {
      throw new Error('boom');
    });
    expect((await send(port, {})).status).toBe(599);
  });
});

describe('findMountPath', () => {
  const handler = {
    basePath: '/payments',
    handles: (p: string) => p === '/payments' || p.startsWith('/payments/'),
  };

  it('returns "" when the path is already the handler’s', () => {
    expect(findMountPath('/payments/success', handler)).toBe('');
  });

  it('uses a literal router prefix as the mount path', () => {
    expect(findMountPath('/shop/payments/success', handler, '/shop')).toBe('/shop');
    expect(findMountPath('/shop/payments/success', handler, '/shop/')).toBe('/shop');
  });

  it('finds the prefix in front of basePath when the hint is a pattern', () => {
    expect(findMountPath('/a/b/payments/confirm', handler, '/a/:b/payments/{*rest}')).toBe('/a/b');
    expect(findMountPath('/payments-x/payments/confirm', handler)).toBe('/payments-x');
  });

  it('returns null for paths the handler does not serve', () => {
    expect(findMountPath('/shop/cart', handler, '/shop')).toBeNull();
    expect(findMountPath('/', handler)).toBeNull();
  });
});

describe('exposeHandlerMembers', () => {
  it('copies basePath and binds the handler’s methods onto the target', () => {
    const handler = Object.assign(async () => new Response(null), {
      basePath: '/payments',
      count: 0,
      on(this: { count: number }) {
        this.count++;
        return this;
      },
    });
    const middleware = exposeHandlerMembers(() => 'mw', handler);
    expect(middleware.basePath).toBe('/payments');
    expect(middleware.on()).toBe(handler);
    expect(handler.count).toBe(1);
    expect(middleware()).toBe('mw');
  });
});
