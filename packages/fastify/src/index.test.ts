// Wiring tests with a fake handler (a unit test may fake a function); the real handler and the emulator
// run in conformance.test.ts.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { toFastifyPlugin } from './index.js';

function fakeHandler() {
  const seen: { url: string; mountPath: string | undefined; body: string }[] = [];
  const handler = Object.assign(
    async (req: Request, context?: { mountPath?: string }): Promise<Response> => {
      const entry = { url: req.url, mountPath: context?.mountPath, body: await req.text() };
      seen.push(entry);
      return Response.json(entry);
    },
    {
      basePath: '/payments',
      handles: (pathname: string) => pathname === '/payments' || pathname.startsWith('/payments/'),
    },
  );
  return { handler, seen };
}

async function listen(app: ReturnType<typeof Fastify>): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

describe('toFastifyPlugin', () => {
  it('hands payment paths over with the exact body bytes and leaves the app’s own routes and parsers alone', async () => {
    const { handler, seen } = fakeHandler();
    const app = Fastify();
    await app.register(toFastifyPlugin(handler));
    app.post('/cart', async (request) => ({ parsed: request.body }));
    const origin = await listen(app);
    try {
      const raw = '{ "b": 1,\n  "a": 2 }';
      const paid = await fetch(`${origin}/payments/webhook?x=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: raw,
      });
      expect(paid.status).toBe(200);
      expect(seen).toEqual([{ url: `${origin}/payments/webhook?x=1`, mountPath: '', body: raw }]);
      const cart = await fetch(`${origin}/cart`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"sku":"tee"}',
      });
      expect(await cart.json()).toEqual({ parsed: { sku: 'tee' } });
      // a path that only starts like the base path is the app's
      expect((await fetch(`${origin}/paymentsx`)).status).toBe(404);
      expect(seen).toHaveLength(1);
      expect(app.tossPayments).toBe(handler);
    } finally {
      await app.close();
    }
  });

  it('under a register prefix: serves /shop/payments with the prefix as mount path, not /payments', async () => {
    const { handler, seen } = fakeHandler();
    const app = Fastify();
    await app.register(toFastifyPlugin(handler), { prefix: '/shop/' });
    const origin = await listen(app);
    try {
      expect((await fetch(`${origin}/shop/payments/confirm?orderId=o1`)).status).toBe(200);
      expect(seen.at(-1)).toMatchObject({ url: `${origin}/payments/confirm?orderId=o1`, mountPath: '/shop' });
      expect((await fetch(`${origin}/payments/confirm`)).status).toBe(404);
      expect(seen).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
