// Wiring tests with a fake handler (a unit test may fake a function); the real handler and the emulator
// run in conformance.test.ts and fuzz.test.ts.
import express from 'express';
// @ts-expect-error the `express4` npm alias ships without types; it has Express' API
import express4Untyped from 'express4';
import type { Express } from 'express';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { toExpressMiddleware } from './index.js';

const express4 = express4Untyped as typeof express;

interface Seen {
  method: string;
  url: string;
  mountPath: string | undefined;
  body: string;
}

function fakeHandler(options: { fail?: boolean } = {}) {
  const seen: Seen[] = [];
  const handler = Object.assign(
    async (req: Request, context?: { mountPath?: string }): Promise<Response> => {
      if (options.fail) throw new Error('handler broke');
      const entry = {
        method: req.method,
        url: req.url,
        mountPath: context?.mountPath,
        body: await req.text(),
      };
      seen.push(entry);
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
  return { handler, seen };
}

const flavours = [
  ['Express 5', () => express() as Express],
  ['Express 4', () => express4() as unknown as Express],
] as const;

for (const [name, makeApp] of flavours) {
  describe(`toExpressMiddleware on ${name}`, () => {
    it('serves the handler’s paths and passes every other path to next()', async () => {
      const { handler } = fakeHandler();
      const app = makeApp();
      app.use(toExpressMiddleware(handler));
      app.get('/cart', (_req, res) => void res.send('cart page'));
      const cart = await request(app).get('/cart');
      expect(cart.text).toBe('cart page');
      const paid = await request(app).get('/payments/success?orderId=o-1');
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({ method: 'GET', mountPath: '' });
      expect(new URL(paid.body.url as string).pathname + new URL(paid.body.url as string).search).toBe(
        '/payments/success?orderId=o-1',
      );
      expect(paid.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
      expect((await request(app).get('/paymentsx')).status).toBe(404);
    });

    it('under a mount path, sees the stripped URL and receives the mount path', async () => {
      const { handler } = fakeHandler();
      const app = makeApp();
      app.use('/shop', toExpressMiddleware(handler));
      const res = await request(app).post('/shop/payments/confirm').send({ orderId: 'o-2' });
      expect(res.body).toMatchObject({ mountPath: '/shop', body: '{"orderId":"o-2"}' });
      expect(new URL(res.body.url as string).pathname).toBe('/payments/confirm');
      expect((await request(app).get('/payments/confirm')).status).toBe(404);
    });

    it('gets the same body whether or not express.json() / urlencoded() ran first', async () => {
      for (const parse of [false, true]) {
        const { handler } = fakeHandler();
        const app = makeApp();
        if (parse) {
          app.use(express.json());
          app.use(express.urlencoded({ extended: false }));
        }
        app.use(toExpressMiddleware(handler));
        const json = await request(app).post('/payments/confirm').send({ paymentKey: 'pk', amount: 1000 });
        expect(JSON.parse(json.body.body as string)).toEqual({ paymentKey: 'pk', amount: 1000 });
        const form = await request(app)
          .post('/payments/confirm')
          .type('form')
          .send('orderId=o-3&amount=1000');
        expect(Object.fromEntries(new URLSearchParams(form.body.body as string))).toEqual({
          orderId: 'o-3',
          amount: '1000',
        });
      }
    });

    it('passes the exact body bytes (a webhook signature covers them) when first, or when express.json() kept them', async () => {
      const raw = '{ "eventType" :  "payout.changed" }';
      const keepRaw = (req: unknown, _res: unknown, buf: Buffer) => {
        (req as { rawBody?: Buffer }).rawBody = buf;
      };
      for (const parser of [null, express.json({ verify: keepRaw })]) {
        const { handler } = fakeHandler();
        const app = makeApp();
        if (parser !== null) app.use(parser);
        app.use(toExpressMiddleware(handler));
        const res = await request(app)
          .post('/payments/webhook')
          .set('content-type', 'application/json')
          .send(raw);
        expect(res.body.body).toBe(raw);
      }
    });

    it('works as a route handler inside a mounted Router', async () => {
      const { handler } = fakeHandler();
      const app = makeApp();
      const router = (name === 'Express 5' ? express.Router() : express4.Router()) as ReturnType<
        typeof express.Router
      >;
      router.all(name === 'Express 5' ? '/payments/*rest' : '/payments/*', toExpressMiddleware(handler));
      app.use('/store', router);
      const res = await request(app).get('/store/payments/fail?code=PAY_PROCESS_CANCELED');
      expect(res.body).toMatchObject({ mountPath: '/store' });
      expect(new URL(res.body.url as string).pathname).toBe('/payments/fail');
    });

    it('exposes the handler’s members on the middleware', async () => {
      const { handler } = fakeHandler();
      const middleware = toExpressMiddleware(handler);
      expect(middleware.basePath).toBe('/payments');
      expect(middleware.handles('/payments/webhook')).toBe(true);
      await expect(middleware.reconcile()).resolves.toEqual({ reconciled: 3 });
    });

    it('survives a client that disconnects half-way through its body, and keeps serving', async () => {
      const { handler, seen } = fakeHandler();
      const app = makeApp();
      app.use(toExpressMiddleware(handler));
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
        req.write('{"eventType":"PAYMENT_STATUS_CHANGED",');
        const [incoming] = await arrived;
        const gone = new Promise((resolve) => incoming.once('close', resolve));
        req.destroy();
        await gone;
        expect(seen).toHaveLength(0);
        const after = await fetch(`http://127.0.0.1:${port}/payments/success?after=1`);
        expect(after.status).toBe(200);
        expect(seen).toHaveLength(1);
      } finally {
        server.close();
      }
    });

    it('passes a handler failure to Express’ error handling', async () => {
      const { handler } = fakeHandler({ fail: true });
      const app = makeApp();
      app.use(toExpressMiddleware(handler));
      app.use(
        (
          error: Error,
          _req: unknown,
          res: { status(n: number): { send(b: string): void } },
          _next: unknown,
        ) => {
          res.status(503).send(`caught: ${error.message}`);
        },
      );
      const res = await request(app).get('/payments/success');
      expect(res.status).toBe(503);
      expect(res.text).toBe('caught: handler broke');
    });
  });
}
