// The Node bridge's answering path: a tosskit handler is given a request read from the IncomingMessage (no
// WHATWG Request) and its answer is written straight to the ServerResponse (no WHATWG Response). These tests
// pin what that path must keep of the WHATWG one: header lookups, the body bytes, the parser cases, and a
// real Request for the shop's hooks.
import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isBodyReencoded } from '../http/body-origin.js';
import { ANSWER_ENTRY, type Answer } from '../http/answer.js';
import { asWebRequest, bufferedBody, type IncomingRequest } from '../http/incoming-request.js';
import { handleNodeRequest, type WebHandler } from './handle-node-request.js';
import { toIncomingRequest, type NodeRequest } from './to-web-request.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server whose requests are handed to `inspect` as the bridge reads them (`prepare` plays a body parser). */
async function capture(
  inspect: (request: IncomingRequest) => Promise<void> | void,
  prepare?: (req: NodeRequest) => Promise<void>,
): Promise<number> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        await prepare?.(req);
        await inspect(await toIncomingRequest(req));
        res.writeHead(204).end();
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    })();
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function send(
  port: number,
  init: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
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
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('toIncomingRequest: the request a tosskit handler gets on Node', () => {
  it('reads headers by any case, joins repeats, and carries the body bytes as sent', async () => {
    let seen: {
      url: string;
      method: string;
      type: string | null;
      missing: string | null;
      body: string;
    } | null = null;
    const port = await capture((request) => {
      const bytes = bufferedBody(request);
      seen = {
        url: request.url,
        method: request.method,
        type: request.headers.get('Content-Type'),
        missing: request.headers.get('x-not-sent'),
        body: Buffer.from(bytes ?? new Uint8Array()).toString(),
      };
      expect(request.body).toBeNull();
    });
    const body = '{ "amount" : 1000, "name": "결제" }';
    const answer = await send(port, {
      method: 'POST',
      path: '/payments/confirm?x=1',
      headers: { 'content-type': 'application/json', host: `shop.test:${port}` },
      body,
    });
    expect(answer.status).toBe(204);
    expect(seen).toEqual({
      url: `http://shop.test:${port}/payments/confirm?x=1`,
      method: 'POST',
      type: 'application/json',
      missing: null,
      body,
    });
  });

  it('after a body parser: the parser’s value, re-encoded and marked, and no stale framing headers', async () => {
    let seen: Record<string, unknown> = {};
    const port = await capture(
      (request) => {
        seen = {
          length: request.headers.get('content-length'),
          encoding: request.headers.get('content-encoding'),
          body: Buffer.from(bufferedBody(request) ?? new Uint8Array()).toString(),
          reencoded: isBodyReencoded(request),
        };
      },
      async (req) => {
        // what express.json() leaves: the stream read, the value in req.body
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        req.body = JSON.parse(Buffer.concat(chunks).toString()) as unknown;
      },
    );
    await send(port, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"orderId" : "o-1",   "amount": 5000}',
    });
    expect(seen).toEqual({
      length: null,
      encoding: null,
      body: '{"orderId":"o-1","amount":5000}',
      reencoded: true,
    });
  });

  it('gives the shop’s hooks a real Request with the same URL, method, headers and body, made once', async () => {
    const checks: unknown[] = [];
    const port = await capture(async (request) => {
      const web = asWebRequest(request);
      checks.push(web instanceof Request, web === asWebRequest(request), web.url, web.method);
      checks.push(web.headers.get('authorization'), await web.text());
      // the handler's own copy of the body is untouched by the hook reading the Request's
      checks.push(Buffer.from(bufferedBody(request) ?? new Uint8Array()).toString());
    });
    await send(port, {
      method: 'POST',
      path: '/payments/payments/pk_1/cancel',
      headers: { authorization: 'Bearer t0ken', 'content-type': 'application/json', host: 'shop.test' },
      body: '{"cancelReason":"고객 요청"}',
    });
    expect(checks).toEqual([
      true,
      true,
      'http://shop.test/payments/payments/pk_1/cancel',
      'POST',
      'Bearer t0ken',
      '{"cancelReason":"고객 요청"}',
      '{"cancelReason":"고객 요청"}',
    ]);
  });
});

describe('handleNodeRequest: a handler that answers directly', () => {
  async function serve(handler: WebHandler): Promise<number> {
    const server = createServer((req, res) => {
      handleNodeRequest(handler, req, res).catch(() => res.writeHead(599).end());
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as AddressInfo).port;
  }

  function answering(answer: (request: IncomingRequest) => Answer): WebHandler {
    const web = (() => Promise.reject(new Error('the WHATWG entry must not be used on Node'))) as WebHandler;
    Object.defineProperty(web, ANSWER_ENTRY, { value: async (request: IncomingRequest) => answer(request) });
    return web;
  }

  it('is given the request without WHATWG objects and its answer is written with its length', async () => {
    const port = await serve(
      answering((request) => ({
        status: 201,
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-seen': String(request.body) },
        body: JSON.stringify({ 주문: '완료', bytes: bufferedBody(request)?.byteLength ?? 0 }),
      })),
    );
    const answer = await send(port, {
      method: 'POST',
      body: 'abc',
      headers: { 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(201);
    expect(answer.headers['x-seen']).toBe('null');
    expect(JSON.parse(answer.body)).toEqual({ 주문: '완료', bytes: 3 });
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.body)));
  });

  it('sends no body for a redirect, with its location and a zero length', async () => {
    const port = await serve(
      answering(() => ({ status: 303, headers: { location: '/shop/done?o=1' }, body: null })),
    );
    const redirect = await send(port, { method: 'GET' });
    expect(redirect.status).toBe(303);
    expect(redirect.headers.location).toBe('/shop/done?o=1');
    expect(redirect.body).toBe('');
    expect(redirect.headers['content-length']).toBe('0');
  });
});
