import { bodyParser } from '@koa/bodyparser';
import express from 'express';
// @ts-expect-error the `express4` npm alias ships without types; it has Express' API
import express4Untyped from 'express4';
import Koa from 'koa';
import { once } from 'node:events';
import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isBodyReencoded } from '../http/body-origin.js';
import {
  ClientClosedRequestError,
  PayloadTooLargeError,
  toWebRequest,
  UnsupportedRequestError,
  type NodeRequest,
  type ToWebRequestOptions,
} from './to-web-request.js';

const express4 = express4Untyped as typeof express;

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(listener: RequestListener): Promise<number> {
  const server = createServer(listener);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** A node:http client, so tests control what fetch would not let them (Host, methods, raw framing). */
function send(
  port: number,
  init: {
    method?: string;
    path?: string;
    headers?: Record<string, string | string[]>;
    body?: string | Buffer;
  },
): Promise<{ status: number; body: string }> {
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
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A server that converts each request and answers with what the Request looked like. */
function convertingListener(options?: (req: NodeRequest) => ToWebRequestOptions): RequestListener {
  return (req, res) => {
    toWebRequest(req as NodeRequest, options?.(req as NodeRequest))
      .then(async (request) => {
        const seen: Seen = {
          method: request.method,
          url: request.url,
          headers: Object.fromEntries(request.headers),
          body: await request.text(),
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen));
      })
      .catch((error: unknown) => {
        const e = error as { code?: string; status?: number; name?: string };
        res
          .writeHead(e.status ?? 500, { connection: 'close' })
          .end(JSON.stringify({ code: e.code, name: e.name }));
      });
  };
}

describe('toWebRequest', () => {
  it('carries the method, an absolute URL from the Host header, the headers and the streamed body', async () => {
    const port = await listen(convertingListener());
    const { status, body } = await send(port, {
      method: 'POST',
      path: '/payments/confirm?x=1&y=%ED%95%9C',
      headers: { host: 'shop.example:8080', 'content-type': 'application/json', 'x-multi': ['a', 'b'] },
      body: '{"orderId":"order-1","amount":15000}',
    });
    expect(status).toBe(200);
    const seen = JSON.parse(body) as Seen;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('http://shop.example:8080/payments/confirm?x=1&y=%ED%95%9C');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers['x-multi']).toBe('a, b');
    expect(seen.body).toBe('{"orderId":"order-1","amount":15000}');
  });

  it('keeps a hostile Host header and a //-path from changing the origin', async () => {
    const port = await listen(convertingListener());
    const forged = await send(port, { path: '/payments/success', headers: { host: 'evil.example/@x' } });
    expect((JSON.parse(forged.body) as Seen).url).toBe('http://localhost/payments/success');
    const slashes = await send(port, { path: '//evil.example/payments', headers: { host: 'shop.example' } });
    const url = new URL((JSON.parse(slashes.body) as Seen).url);
    expect(url.host).toBe('shop.example');
    expect(url.pathname).toBe('//evil.example/payments');
  });

  it('uses X-Forwarded-Proto and X-Forwarded-Host only when trusted', async () => {
    const headers = {
      host: 'internal:3000',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'shop.example, proxy',
    };
    const untrusted = await send(await listen(convertingListener()), { path: '/a', headers });
    expect((JSON.parse(untrusted.body) as Seen).url).toBe('http://internal:3000/a');
    const trusted = await send(await listen(convertingListener(() => ({ trustProxy: true }))), {
      path: '/a',
      headers,
    });
    expect((JSON.parse(trusted.body) as Seen).url).toBe('https://shop.example/a');
  });

  it('takes the URL, protocol and host the framework resolved when given', async () => {
    const port = await listen(
      convertingListener(() => ({ url: '/payments/fail?code=X', protocol: 'https', host: 'a.example' })),
    );
    const { body } = await send(port, { path: '/shop/payments/fail?code=X' });
    expect((JSON.parse(body) as Seen).url).toBe('https://a.example/payments/fail?code=X');
  });

  it('gives GET and HEAD no body', async () => {
    const port = await listen(convertingListener());
    const { body } = await send(port, {
      method: 'GET',
      path: '/',
      headers: { 'content-type': 'text/plain', 'content-length': '7' },
      body: 'ignored',
    });
    expect((JSON.parse(body) as Seen).body).toBe('');
  });

  it('refuses a body larger than maxBodySize, declared or streamed', async () => {
    const port = await listen(convertingListener(() => ({ maxBodySize: 64 })));
    const declared = await send(port, { method: 'POST', body: 'x'.repeat(65) });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      name: 'PayloadTooLargeError',
    });
    const chunked = await send(port, {
      method: 'POST',
      headers: { 'transfer-encoding': 'chunked' },
      body: 'y'.repeat(200),
    });
    expect(chunked.status).toBe(413);
    const fits = await send(port, { method: 'POST', body: 'z'.repeat(64) });
    expect((JSON.parse(fits.body) as Seen).body).toBe('z'.repeat(64));
  });

  it('refuses methods the Fetch API cannot carry with 405', async () => {
    const port = await listen(convertingListener());
    const { status, body } = await send(port, { method: 'TRACE', path: '/payments/confirm' });
    expect(status).toBe(405);
    expect(JSON.parse(body)).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    expect(new UnsupportedRequestError(405, 'METHOD_NOT_ALLOWED').status).toBe(405);
  });

  it('rejects with ClientClosedRequestError when the client leaves mid-body, without crashing', async () => {
    let settle!: (error: unknown) => void;
    const outcome = new Promise<unknown>((resolve) => (settle = resolve));
    let arrived!: () => void;
    const reading = new Promise<void>((resolve) => (arrived = resolve));
    const port = await listen((req) => {
      toWebRequest(req as NodeRequest).then(() => settle('resolved'), settle);
      arrived();
    });
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/',
      headers: { 'content-length': '1000' },
    });
    req.on('error', () => undefined);
    req.write('partial');
    // the server is reading the body (7 of 1000 bytes) when the client goes away
    await reading;
    req.destroy();
    const error = await outcome;
    expect(error).toBeInstanceOf(ClientClosedRequestError);
    expect((error as ClientClosedRequestError).code).toBe('CLIENT_CLOSED_REQUEST');
  });

  describe('after a body parser consumed the stream', () => {
    const echo = (app: { use: (...a: unknown[]) => unknown }) =>
      app.use((req: NodeRequest, res: import('node:http').ServerResponse) => convertingListener()(req, res));

    for (const [name, make] of [
      ['express 5', () => express()],
      ['express 4', () => express4()],
    ] as const) {
      it(`rebuilds JSON, urlencoded, text and raw bodies (${name})`, async () => {
        const app = make();
        app.use(express.json());
        app.use(express.urlencoded({ extended: true }));
        app.use(express.text());
        app.use(express.raw({ type: 'application/octet-stream' }));
        echo(app as never);
        const port = await listen(app as unknown as RequestListener);

        const json = JSON.parse(
          (
            await send(port, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: ' {"a": 1, "b":"한"} ',
            })
          ).body,
        ) as Seen;
        expect(JSON.parse(json.body)).toEqual({ a: 1, b: '한' });
        expect(json.headers['content-length']).toBeUndefined();

        const form = JSON.parse(
          (
            await send(port, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: 'orderId=o-1&amount=100&tags=a&tags=b',
            })
          ).body,
        ) as Seen;
        expect(Object.fromEntries(new URLSearchParams(form.body))).toMatchObject({
          orderId: 'o-1',
          amount: '100',
        });
        expect(new URLSearchParams(form.body).getAll('tags')).toEqual(['a', 'b']);

        const text = JSON.parse(
          (
            await send(port, {
              method: 'POST',
              headers: { 'content-type': 'text/plain' },
              body: 'plain words',
            })
          ).body,
        ) as Seen;
        expect(text.body).toBe('plain words');

        const raw = JSON.parse(
          (
            await send(port, {
              method: 'POST',
              headers: { 'content-type': 'application/octet-stream' },
              body: Buffer.from('raw-bytes'),
            })
          ).body,
        ) as Seen;
        expect(raw.body).toBe('raw-bytes');
      });
    }

    it('reads the stream itself when a parser skipped a content type it does not handle (express 4 sets body to {})', async () => {
      const app = express4();
      app.use(express4.json());
      echo(app as never);
      const port = await listen(app as unknown as RequestListener);
      const seen = JSON.parse(
        (await send(port, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2' }))
          .body,
      ) as Seen;
      expect(seen.body).toBe('a,b\n1,2');
    });

    it('marks a body rebuilt from a parsed value as re-encoded, not one whose bytes it has (stream, verify, text)', async () => {
      const app = express();
      app.use(
        '/kept',
        express.json({ verify: (req, _res, buf) => void Object.assign(req, { rawBody: buf }) }),
      );
      app.use('/parsed', express.json(), express.text());
      app.use((req: NodeRequest, res: import('node:http').ServerResponse) => {
        toWebRequest(req)
          .then(async (request) =>
            res.end(JSON.stringify({ reencoded: isBodyReencoded(request), text: await request.text() })),
          )
          .catch(() => res.writeHead(500).end());
      });
      const port = await listen(app as unknown as RequestListener);
      const post = async (path: string, type: string, body: string) =>
        JSON.parse(
          (await send(port, { method: 'POST', path, headers: { 'content-type': type }, body })).body,
        ) as {
          reencoded: boolean;
          text: string;
        };
      const sent = '{ "eventType": "payout.changed",  "n": 1.0 }';
      expect(await post('/parsed', 'application/json', sent)).toEqual({
        reencoded: true,
        text: '{"eventType":"payout.changed","n":1}',
      });
      expect(await post('/kept', 'application/json', sent)).toEqual({ reencoded: false, text: sent });
      expect(await post('/stream', 'application/json', sent)).toEqual({ reencoded: false, text: sent });
      expect(await post('/parsed', 'text/plain', sent)).toEqual({ reencoded: false, text: sent });
    });

    it('uses the raw body @koa/bodyparser kept', async () => {
      const app = new Koa();
      app.use(bodyParser());
      app.use(async (ctx) => {
        const request = await toWebRequest(ctx.req, {
          body: ctx.request.body,
          rawBody: (ctx.request as { rawBody?: string }).rawBody,
        });
        ctx.body = { text: await request.text() };
      });
      const port = await listen(app.callback());
      const { body } = await send(port, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"amount": 15000,  "orderId":"o-2"}',
      });
      expect(JSON.parse(body)).toEqual({ text: '{"amount": 15000,  "orderId":"o-2"}' });
    });

    it('drops the framing headers of a body @koa/bodyparser inflated', async () => {
      const { gzipSync } = await import('node:zlib');
      const app = new Koa();
      app.use(bodyParser());
      app.use(async (ctx) => {
        const request = await toWebRequest(ctx.req, {
          body: ctx.request.body,
          rawBody: (ctx.request as { rawBody?: string }).rawBody,
        });
        ctx.body = {
          text: await request.text(),
          encoding: request.headers.get('content-encoding'),
          length: request.headers.get('content-length'),
        };
      });
      const port = await listen(app.callback());
      const { body } = await send(port, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync('{"orderId":"o-7"}'),
      });
      expect(JSON.parse(body)).toEqual({ text: '{"orderId":"o-7"}', encoding: null, length: null });
    });
  });

  it('PayloadTooLargeError carries the limit and a 413 status', () => {
    const error = new PayloadTooLargeError(10);
    expect(error.status).toBe(413);
    expect(error.details).toEqual({ limit: 10 });
  });
});
