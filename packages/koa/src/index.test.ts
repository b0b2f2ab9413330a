// Wiring tests with a fake handler (a unit test may fake a function); the real handler and the emulator
// run in conformance.test.ts and fuzz.test.ts.
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { toKoaMiddleware } from './index.js';

function fakeHandler(options: { fail?: boolean } = {}) {
  const handler = Object.assign(
    async (req: Request, context?: { mountPath?: string }): Promise<Response> => {
      if (options.fail) throw new Error('handler broke');
      const entry = {
        method: req.method,
        url: req.url,
        mountPath: context?.mountPath,
        body: await req.text(),
      };
      const headers = new Headers({ 'content-type': 'application/json' });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/');
      return new Response(JSON.stringify(entry), { status: 200, headers });
    },
    {
      basePath: '/payments',
      handles: (pathname: string) => pathname === '/payments' || pathname.startsWith('/payments/'),
      reconcile: async () => ({ reconciled: 3 }),
    },
  );
  return handler;
}

const pathAndQuery = (url: string) => new URL(url).pathname + new URL(url).search;

describe('toKoaMiddleware', () => {
  it('serves the handler’s paths and passes every other path to next()', async () => {
    const app = new Koa();
    app.use(toKoaMiddleware(fakeHandler()));
    app.use((ctx) => {
      ctx.body = 'shop page';
    });
    const server = app.callback();
    expect((await request(server).get('/cart')).text).toBe('shop page');
    const paid = await request(server).get('/payments/success?orderId=o-1');
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ method: 'GET', mountPath: '' });
    expect(pathAndQuery(paid.body.url as string)).toBe('/payments/success?orderId=o-1');
    expect(paid.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
  });

  it('gets the same body with or without @koa/bodyparser', async () => {
    for (const parse of [false, true]) {
      const app = new Koa();
      if (parse) app.use(bodyParser());
      app.use(toKoaMiddleware(fakeHandler()));
      const server = app.callback();
      const json = await request(server)
        .post('/payments/confirm')
        .set('content-type', 'application/json')
        .send('{"paymentKey":"pk", "amount":1000}');
      expect(json.body.body).toBe('{"paymentKey":"pk", "amount":1000}');
      const form = await request(server)
        .post('/payments/confirm')
        .type('form')
        .send('orderId=o-3&amount=1000');
      expect(form.body.body).toBe('orderId=o-3&amount=1000');
    }
  });

  it('under @koa/router router.all(path), sees the stripped URL and receives the prefix as mount path', async () => {
    const app = new Koa();
    const router = new Router();
    router.get('/shop/cart', (ctx) => {
      ctx.body = 'cart';
    });
    router.all('/shop/payments{/*rest}', toKoaMiddleware(fakeHandler()));
    app.use(router.routes());
    const server = app.callback();
    const res = await request(server).get('/shop/payments/fail?code=X');
    expect(res.body).toMatchObject({ mountPath: '/shop' });
    expect(pathAndQuery(res.body.url as string)).toBe('/payments/fail?code=X');
    expect((await request(server).get('/shop/payments')).body).toMatchObject({ mountPath: '/shop' });
    expect((await request(server).get('/shop/cart')).text).toBe('cart');
    expect((await request(server).get('/payments/fail')).status).toBe(404);
  });

  it('under a koa-mount style prefix (ctx.path stripped, ctx.mountPath set), passes that prefix on', async () => {
    const app = new Koa();
    const inner = toKoaMiddleware(fakeHandler());
    // what koa-mount does: strip the prefix from ctx.path for the inner middleware and name it in ctx.mountPath
    app.use(async (ctx, next) => {
      if (!ctx.path.startsWith('/shop/')) return next();
      const original = ctx.path;
      ctx.path = original.slice('/shop'.length);
      (ctx as { mountPath?: string }).mountPath = '/shop';
      try {
        await inner(ctx as never, next);
      } finally {
        ctx.path = original;
      }
    });
    const res = await request(app.callback()).get('/shop/payments/success?orderId=o-5');
    expect(res.body).toMatchObject({ mountPath: '/shop' });
    expect(pathAndQuery(res.body.url as string)).toBe('/payments/success?orderId=o-5');
  });

  it('under @koa/router router.all(pattern), finds the prefix in front of basePath', async () => {
    const app = new Koa();
    const router = new Router({ prefix: '/store' });
    router.all('/payments/{*rest}', toKoaMiddleware(fakeHandler()));
    app.use(bodyParser());
    app.use(router.routes());
    const res = await request(app.callback()).post('/store/payments/confirm').send({ orderId: 'o-9' });
    expect(res.body).toMatchObject({ mountPath: '/store', body: '{"orderId":"o-9"}' });
    expect(pathAndQuery(res.body.url as string)).toBe('/payments/confirm');
  });

  it('survives a client that disconnects half-way through its body, and keeps serving', async () => {
    const app = new Koa();
    app.silent = true; // Koa itself reports the aborted request ('Parse Error') through app.onerror
    app.use(toKoaMiddleware(fakeHandler()));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const port = (server.address() as AddressInfo).port;
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/payments/webhook',
        headers: { 'content-length': '5000' },
      });
      req.on('error', () => undefined);
      // events, not timers: the server has the request, then sees it go away half-way
      const arrived = once(server, 'request') as Promise<[import('node:http').IncomingMessage]>;
      req.write('{"eventType":');
      const [incoming] = await arrived;
      const gone = new Promise((resolve) => incoming.once('close', resolve));
      req.destroy();
      await gone;
      const after = await fetch(`http://127.0.0.1:${port}/payments/success?after=1`);
      expect(after.status).toBe(200);
      expect(((await after.json()) as { url: string }).url).toContain('after=1');
    } finally {
      server.close();
    }
  });

  it('exposes the handler’s members on the middleware', async () => {
    const middleware = toKoaMiddleware(fakeHandler());
    expect(middleware.basePath).toBe('/payments');
    await expect(middleware.reconcile()).resolves.toEqual({ reconciled: 3 });
  });

  it('lets Koa’s error handling answer a handler failure', async () => {
    const app = new Koa();
    app.silent = true;
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        ctx.status = 503;
        ctx.body = `caught: ${(error as Error).message}`;
      }
    });
    app.use(toKoaMiddleware(fakeHandler({ fail: true })));
    const res = await request(app.callback()).get('/payments/success');
    expect(res.status).toBe(503);
    expect(res.text).toBe('caught: handler broke');
  });
});
