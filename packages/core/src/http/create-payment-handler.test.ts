import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/index.js';
import { createPaymentHandler } from './create-payment-handler.js';
import { createTestShop, newOrderId, SHOP, type TestShop } from '../testing/handler-test-support.js';

const SK = 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R';
const GSK = 'test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6';
const CK = 'test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq';
const lookup = () => null;

function configError(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('options are checked once, at creation', () => {
  it('a missing secret key names the option and the fix', () => {
    const error = configError(() => createPaymentHandler({ orderLookup: lookup } as never));
    expect(error.message).toContain('secretKey');
    expect(error.message).toContain('Fix');
    expect(error.details).toMatchObject({ option: 'secretKey' });
  });

  it('a client key passed as the secret key is refused without echoing it', () => {
    const error = configError(() => createPaymentHandler({ secretKey: CK, orderLookup: lookup }));
    expect(error.message).toContain('client key');
    expect(JSON.stringify(error) + error.message + String(error.stack)).not.toContain(CK);
  });

  it('a client key of the other family, or a test/live mix, is refused', () => {
    const family = configError(() =>
      createPaymentHandler({ secretKey: GSK, clientKey: CK, orderLookup: lookup }),
    );
    expect(family.details).toMatchObject({ option: 'clientKey' });
    expect(family.message).toContain('same key set');
    const mix = configError(() =>
      createPaymentHandler({ secretKey: SK, clientKey: 'live_ck_abcdefghijklmnop', orderLookup: lookup }),
    );
    expect(mix.message).toContain('test and live');
  });

  it('a secret key passed as the client key is refused and never echoed', () => {
    const error = configError(() =>
      createPaymentHandler({ secretKey: SK, clientKey: SK, orderLookup: lookup }),
    );
    expect(error.message).toContain('never reach the browser');
    expect(error.message + JSON.stringify(error.details)).not.toContain(SK);
  });

  it('a missing orderLookup fails at startup', () => {
    const error = configError(() => createPaymentHandler({ secretKey: SK } as never));
    expect(error.details).toMatchObject({ option: 'orderLookup' });
    expect(error.message).toContain('orderLookup');
  });

  it('other option mistakes name their option', () => {
    expect(
      configError(() => createPaymentHandler({ secretKey: SK, orderLookup: lookup, basePath: 'payments' }))
        .details,
    ).toMatchObject({ option: 'basePath' });
    expect(
      configError(() => createPaymentHandler({ secretKey: SK, orderLookup: lookup, apiBaseUrl: 'ftp://x' }))
        .details,
    ).toMatchObject({ option: 'apiBaseUrl' });
    expect(
      configError(() =>
        createPaymentHandler({ secretKey: SK, orderLookup: lookup, jwt: { secret: 'short' } }),
      ).details,
    ).toMatchObject({ option: 'jwt.secret' });
    expect(
      configError(() =>
        createPaymentHandler({ secretKey: SK, orderLookup: lookup, onPaymentConfirmed: 'x' as never }),
      ).details,
    ).toMatchObject({ option: 'onPaymentConfirmed' });
  });

  it('exposes its bodyLimit (default 64 KB) for the Node bridge, and a body over it is refused', async () => {
    const handler = createPaymentHandler({ secretKey: SK, orderLookup: lookup });
    const small = createPaymentHandler({ secretKey: SK, orderLookup: lookup, bodyLimit: 2048 });
    try {
      expect(handler.bodyLimit).toBe(64 * 1024);
      expect(small.bodyLimit).toBe(2048);
      const response = await small(
        new Request('http://shop.test/payments/confirm', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: `"${'x'.repeat(2048)}"`,
        }),
      );
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    } finally {
      await handler.close();
      await small.close();
    }
  });

  it('warns loudly about the in-memory ledger in production', async () => {
    const before = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'production';
    const warnings: string[] = [];
    try {
      const handler = createPaymentHandler({
        secretKey: SK,
        orderLookup: lookup,
        logger: { warn: (_fields, m) => void warnings.push(m), error: () => {} },
      });
      await handler.close();
    } finally {
      process.env['NODE_ENV'] = before;
    }
    expect(warnings.some((w) => w.includes('IN-MEMORY ledger'))).toBe(true);
  });
});

describe('routing and the shape of every error', () => {
  let shop: TestShop;
  afterEach(async () => {
    await shop?.close();
  });

  it('unknown route 404, wrong method 405 with Allow, wrong content type 415, too large 413, bad JSON 400', async () => {
    shop = await createTestShop();
    const unknown = await shop.get('/payments/nope');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    const method = await shop.get('/payments/confirm');
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST');
    const type = await shop.handler(
      new Request(`${SHOP}/payments/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      }),
    );
    expect(type.status).toBe(415);
    const big = await shop.post('/payments/confirm', { pad: 'x'.repeat(70 * 1024) });
    expect(big.status).toBe(413);
    const bad = await shop.post('/payments/confirm', '{"paymentKey":');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(shop.handler.handles('/payments/confirm')).toBe(true);
    expect(shop.handler.handles('/shop/other')).toBe(false);
  });

  it('mounted at the root it claims only its own routes', async () => {
    shop = await createTestShop({ basePath: '/' });
    expect(shop.handler.basePath).toBe('');
    expect(shop.handler.handles('/confirm')).toBe(true);
    expect(shop.handler.handles('/payments/abc/cancel')).toBe(true);
    expect(shop.handler.handles('/products/1')).toBe(false);
    const approved = await shop.approve(1000);
    expect((await shop.post('/confirm', approved)).status).toBe(200);
  });

  it('errors are Korean by default and English with Accept-Language: en; never a stack or the secret', async () => {
    shop = await createTestShop();
    const ko = await shop.post('/payments/confirm', {
      paymentKey: 'pk',
      orderId: 'order-missing-1',
      amount: 1000,
    });
    const en = await shop.post(
      '/payments/confirm',
      { paymentKey: 'pk', orderId: 'order-missing-1', amount: 1000 },
      { 'accept-language': 'en-US,en;q=0.9' },
    );
    const koBody = (await ko.json()) as { code: string; message: string };
    const enBody = (await en.json()) as { code: string; message: string };
    expect(koBody.code).toBe('ORDER_NOT_FOUND');
    expect(enBody.code).toBe('ORDER_NOT_FOUND');
    expect(koBody.message).toMatch(/[가-힣]/);
    expect(enBody.message).toMatch(/not found/i);
    for (const text of [JSON.stringify(koBody), JSON.stringify(enBody)]) {
      expect(text).not.toContain('    at ');
      expect(text).not.toContain(shop.emulator.keys.secretKey);
    }
  });

  it('bad input never becomes a 500', async () => {
    shop = await createTestShop();
    const cases: [string, unknown][] = [
      ['/payments/confirm', { paymentKey: 1, orderId: 'x', amount: 'abc' }],
      ['/payments/confirm', { paymentKey: 'pk', orderId: 'order-1234', amount: -5 }],
      ['/payments/confirm', { paymentKey: 'pk', orderId: 'order-1234', amount: 1.5 }],
      ['/payments/confirm', []],
      ['/payments/confirm', 'null'],
      ['/payments/webhook', { eventType: 'PAYMENT_STATUS_CHANGED' }],
      ['/payments/webhook', 'null'],
      ['/payments/checkout', {}],
    ];
    for (const [path, body] of cases) {
      const response = await shop.post(path, body);
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBeLessThan(500);
    }
    const query = await shop.get('/payments/success?paymentKey=%E0%A4%A&orderId=%00&amount=1e3', {
      accept: 'application/json',
    });
    expect(query.status).toBeLessThan(500);
    // malformed percent-encoding in a path parameter is the parameter's own 400, not an unknown route
    const weird = await shop.get('/payments/payments/%E0%A4%A');
    expect(weird.status).toBe(400);
    expect(((await weird.json()) as { code: string }).code).toBe('INVALID_PAYMENT_KEY');
  });
});

describe('the other routes', () => {
  let shop: TestShop;
  afterEach(async () => {
    await shop?.close();
  });

  it('POST /checkout builds the order on the server and answers what the window needs, with mount path', async () => {
    const orderId = newOrderId();
    shop = await createTestShop({
      createOrder: (body) => {
        const items = (body as { items?: { price?: number; qty: number }[] }).items ?? [];
        // the shop's own prices, never the browser's
        const amount = items.reduce((sum, item) => sum + 5000 * item.qty, 0);
        return { orderId, orderName: '티셔츠 외 1건', amount, customerKey: 'cust_12345' };
      },
    });
    const response = await shop.handler(
      new Request(`${SHOP}/payments/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: [{ price: 1, qty: 2 }] }),
      }),
      { mountPath: '/shop' },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      orderId,
      orderName: '티셔츠 외 1건',
      amount: 10000,
      currency: 'KRW',
      customerKey: 'cust_12345',
      clientKey: shop.emulator.keys.clientKey,
      successUrl: `${SHOP}/shop/payments/success`,
      failUrl: `${SHOP}/shop/payments/fail`,
    });
  });

  it('GET /fail records the failure and redirects with orderId and code (mount path kept)', async () => {
    shop = await createTestShop({ redirects: { fail: '/checkout/fail' } });
    const orderId = newOrderId();
    const response = await shop.handler(
      new Request(
        `${SHOP}/payments/fail?code=PAY_PROCESS_CANCELED&message=${encodeURIComponent('사용자가 결제를 취소했습니다')}&orderId=${orderId}`,
      ),
      { mountPath: '/shop' },
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '', 'http://x');
    expect(location.pathname).toBe('/shop/checkout/fail');
    expect(location.searchParams.get('code')).toBe('PAY_PROCESS_CANCELED');
    expect(location.searchParams.get('orderId')).toBe(orderId);
    expect(await shop.handler.ledger.getOrderFailure(orderId)).toMatchObject({
      code: 'PAY_PROCESS_CANCELED',
    });
  });

  it('GET /payments/:paymentKey shows the ledger view without the virtual-account secret', async () => {
    // the buyer of the order, as the shop's session says (payment-view.test.ts covers who else may look)
    shop = await createTestShop({
      identifyBuyer: (request) => ({ customerKey: request.headers.get('x-test-buyer') ?? '' }),
    });
    const approved = await shop.approve(3000, { method: 'VIRTUAL_ACCOUNT', bank: '88' });
    shop.orders.get(approved.orderId)!.customerKey = 'buyer_view_0001';
    expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
    const response = await shop.get(`/payments/payments/${approved.paymentKey}`, {
      'x-test-buyer': 'buyer_view_0001',
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    const secret = (shop.emulator.control.getPayment(approved.paymentKey) as { secret?: string }).secret;
    expect(typeof secret).toBe('string');
    expect(text).not.toContain(String(secret));
    expect(JSON.parse(text)).toMatchObject({ status: 'WAITING_FOR_DEPOSIT', orderId: approved.orderId });
    expect((await shop.get('/payments/payments/unknown-key')).status).toBe(404);
  });

  it('events carry paymentKey and orderId and no secret or card number', async () => {
    shop = await createTestShop();
    const approved = await shop.approve(15000);
    expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
    const started = shop.events.find((e) => e.name === 'confirm.started')?.event;
    const settled = shop.events.find((e) => e.name === 'confirm.settled')?.event;
    expect(started).toMatchObject({ paymentKey: approved.paymentKey, orderId: approved.orderId });
    expect(settled).toMatchObject({
      paymentKey: approved.paymentKey,
      orderId: approved.orderId,
      outcome: 'confirmed',
    });
    const dump = JSON.stringify(shop.events);
    expect(dump).not.toContain(shop.emulator.keys.secretKey);
    const card = (shop.emulator.control.getPayment(approved.paymentKey) as { card?: { number?: string } })
      .card?.number;
    if (card) expect(dump).not.toContain(card);
  });
});
