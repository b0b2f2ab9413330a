// A runtime that hands the handler the full URL (a Next.js route handler under app/api/payments/[...path], a
// Hono sub-app) says the mount path it serves under; the handler strips it. A path it does not serve says so.
import { describe, expect, it } from 'vitest';
import { createPaymentHandler } from './create-payment-handler.js';

const quiet = { warn: () => undefined, error: () => undefined };
const handler = createPaymentHandler({
  secretKey: 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R',
  orderLookup: () => null,
  logger: quiet,
});
const paymentKey = 'tgen_20261203abcdefghijkl';

describe('mount path and unknown routes', () => {
  it('strips a given mount path from a full URL (a Next.js or Hono mount): the route is served', async () => {
    const response = await handler(new Request(`http://shop.test/api/payments/payments/${paymentKey}`), {
      mountPath: '/api',
    });
    // routed: the payment view answers (nobody may see it), not ROUTE_NOT_FOUND
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'PAYMENT_NOT_FOUND' });
  });

  it('an adapter that strips the mount path itself is served as before', async () => {
    const response = await handler(new Request(`http://shop.test/payments/payments/${paymentKey}`), {
      mountPath: '/api',
    });
    expect(await response.json()).toMatchObject({ code: 'PAYMENT_NOT_FOUND' });
  });

  it('ROUTE_NOT_FOUND names the path it got and the base path it serves, in Korean and English', async () => {
    const ko = await handler(new Request('http://shop.test/api/checkout/confirm'), { mountPath: '/api' });
    expect(ko.status).toBe(404);
    const body = (await ko.json()) as { code: string; message: string };
    expect(body.code).toBe('ROUTE_NOT_FOUND');
    expect(body.message).toContain('받은 경로: /api/checkout/confirm');
    expect(body.message).toContain('/api/payments/…');
    const en = await handler(
      new Request('http://shop.test/payments/nope', { headers: { 'accept-language': 'en' } }),
    );
    expect(((await en.json()) as { message: string }).message).toBe(
      'No such route (received: /payments/nope) (this handler serves: /payments/…).',
    );
  });
});
