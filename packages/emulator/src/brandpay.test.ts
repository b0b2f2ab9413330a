// BrandPay over HTTP: the window's sign-up (terms + card), the trip through the shop's redirectUrl with `code` and
// `customerKey`, POST /v1/brandpay/authorizations/access-token, a payment confirmed with
// POST /v1/brandpay/payments/confirm, and the refusals of both endpoints.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './index.js';
import { client, orderId, type EmulatorClient } from './test-helpers.js';

let emu: Emulator;
let api: EmulatorClient;
let shop: Server;
let shopUrl: string;
/** what the shop's /callback-auth got back from the access-token API */
let tokens: { status: number; body: Record<string, unknown> }[] = [];
let tradeCodes = true;

beforeAll(async () => {
  emu = await createEmulator({ consecutiveRequestWindowMs: 0, timeScale: 0 });
  api = client(emu);
  // The shop's redirectUrl, as the gateway's sample writes it: trade code + customerKey for an Access Token.
  shop = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    if (url.pathname !== '/callback-auth' || !tradeCodes) return void res.writeHead(200).end('ok');
    void api
      .post('/v1/brandpay/authorizations/access-token', {
        grantType: 'AuthorizationCode',
        customerKey: url.searchParams.get('customerKey'),
        code: url.searchParams.get('code'),
      })
      .then((r) => {
        tokens.push({ status: r.status, body: r.body as Record<string, unknown> });
        res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.text);
      });
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emu.close();
  await new Promise((r) => shop.close(r));
});
beforeEach(() => {
  emu.control.reset();
  tokens = [];
  tradeCodes = true;
});

async function openBrandpay(op: string, customerKey: string, request: Record<string, unknown> | null = null) {
  const res = await fetch(`${emu.url}/window/brandpay/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientKey: emu.keys.clientKey,
      customerKey,
      redirectUrl: `${shopUrl}/callback-auth`,
      op,
      request,
      openerOrigin: shopUrl,
    }),
  });
  const body = (await res.json()) as Record<string, string>;
  return { status: res.status, body, url: body.path ? `${emu.url}/${body.path}` : '' };
}

const post = (url: string, form: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });

/** What the browser does in the window on first use: agree, enter a card, load redirectUrl, continue. */
async function signUp(windowUrl: string): Promise<Response> {
  const trip = await (
    await post(windowUrl, { action: 'register', terms: 'agreed', cardCompany: 'SHINHAN' })
  ).text();
  const src = /data-testid="brandpay-redirect"[^>]*src="([^"]+)"/.exec(trip)?.[1];
  expect(src).toBeDefined();
  const redirect = new URL(src!.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))));
  expect(redirect.pathname).toBe('/callback-auth');
  expect(redirect.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
  await fetch(redirect); // the frame loads the shop's page
  return post(windowUrl, { action: 'registered' });
}

function paymentRequest(extra: Record<string, unknown> = {}) {
  return {
    amount: { currency: 'KRW', value: 50_000 },
    orderId: orderId('brandpay'),
    orderName: '토스 티셔츠 외 2건',
    successUrl: `${shopUrl}/brandpay/success.html?customerKey=cust-brand-1&`,
    failUrl: `${shopUrl}/fail.html`,
    customerName: '김토스',
    ...extra,
  };
}

describe('the BrandPay window and the access token', () => {
  it('first payment: sign-up, redirectUrl with code and customerKey, token, then pay and confirm', async () => {
    const opened = await openBrandpay('payment', 'cust-brand-1', paymentRequest());
    expect(opened.status).toBe(201);
    expect(await (await fetch(opened.url)).text()).toContain('브랜드페이 가입');
    const pay = await signUp(opened.url);
    expect(pay.status).toBe(200);
    expect(await pay.text()).toContain('50,000원 결제하기');
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toEqual({
      status: 200,
      body: {
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'bearer',
        expiresIn: 30 * 24 * 3600,
      },
    });

    const done = await post(opened.url, { action: 'approve' });
    expect(done.status).toBe(303);
    const success = new URL(done.headers.get('location')!);
    expect(success.pathname).toBe('/brandpay/success.html');
    // the SDK's success query: amount, orderId, paymentKey (and what the shop put in successUrl itself)
    expect([...success.searchParams.keys()].sort()).toEqual([
      'amount',
      'customerKey',
      'orderId',
      'paymentKey',
    ]);
    const q = success.searchParams;
    const body = {
      paymentKey: q.get('paymentKey'),
      orderId: q.get('orderId'),
      amount: Number(q.get('amount')),
    };

    const core = await api.post('/v1/payments/confirm', body);
    expect(core.status).toBe(400);
    expect(core.body.code).toBe('INVALID_REQUEST');
    const wrongCustomer = await api.post('/v1/brandpay/payments/confirm', {
      ...body,
      customerKey: 'someone-else',
    });
    expect(wrongCustomer.body.code).toBe('NOT_MATCHES_CUSTOMER_KEY');
    // BrandPay is confirmed with the API individual secret key, not the widget one
    const widgetKey = await api.post(
      '/v1/brandpay/payments/confirm',
      { ...body, customerKey: 'cust-brand-1' },
      { key: 'test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6' },
    );
    expect(widgetKey.body.code).toBe('INVALID_API_KEY');
    const confirmed = await api.post('/v1/brandpay/payments/confirm', {
      ...body,
      customerKey: 'cust-brand-1',
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'DONE',
      type: 'BRANDPAY',
      method: '카드',
      totalAmount: 50_000,
    });
    expect(confirmed.body.card.issuerCode).toBe('41');
  });

  it('a shop whose redirectUrl does not trade the code gets a failure on failUrl, and no payment', async () => {
    tradeCodes = false;
    const opened = await openBrandpay('payment', 'cust-brand-2', paymentRequest());
    const res = await signUp(opened.url);
    expect(res.status).toBe(303);
    const fail = new URL(res.headers.get('location')!);
    expect(fail.pathname).toBe('/fail.html');
    expect(fail.searchParams.get('code')).toBe('PAY_PROCESS_ABORTED');
    expect(fail.searchParams.get('message')).toMatch(/Access Token/);
    expect(emu.control.payments()).toEqual([]);
  });

  it('the access-token API refuses unknown, reused and mismatched codes and other grant types', async () => {
    const token = (body: Record<string, unknown>) =>
      api.post('/v1/brandpay/authorizations/access-token', body);
    expect(
      (await token({ grantType: 'AuthorizationCode', customerKey: 'c-1', code: 'nope' })).body.code,
    ).toBe('NOT_FOUND');
    expect((await token({ grantType: 'Password', customerKey: 'c-1', code: 'x' })).body.code).toBe(
      'INVALID_REQUEST',
    );
    expect((await token({ grantType: 'AuthorizationCode', code: 'x' })).body.code).toBe('INVALID_REQUEST');

    tradeCodes = false;
    const opened = await openBrandpay('addPaymentMethod', 'cust-brand-3');
    const trip = await (
      await post(opened.url, { action: 'register', terms: 'agreed', cardCompany: 'BC' })
    ).text();
    const code = new URL(
      /src="([^"]+)"/.exec(trip)![1]!.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))),
    ).searchParams.get('code');
    expect((await token({ grantType: 'AuthorizationCode', customerKey: 'other', code })).body.code).toBe(
      'NOT_MATCHES_CUSTOMER_KEY',
    );
    const first = await token({ grantType: 'AuthorizationCode', customerKey: 'cust-brand-3', code });
    expect(first.status).toBe(200);
    expect((await token({ grantType: 'AuthorizationCode', customerKey: 'cust-brand-3', code })).status).toBe(
      404,
    );
    const refreshed = await token({
      grantType: 'RefreshToken',
      customerKey: 'cust-brand-3',
      refreshToken: first.body.refreshToken,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.accessToken).not.toBe(first.body.accessToken);
  });

  it('refuses a window without redirectUrl for a new buyer, a widget key, ANONYMOUS and non-KRW amounts', async () => {
    const open = (body: Record<string, unknown>) =>
      fetch(`${emu.url}/window/brandpay/sessions`, {
        method: 'POST',
        body: JSON.stringify({
          clientKey: emu.keys.clientKey,
          customerKey: 'cust-brand-4',
          op: 'payment',
          request: paymentRequest(),
          openerOrigin: shopUrl,
          ...body,
        }),
      }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { code: string }).code }));
    expect(await open({})).toEqual({ status: 400, code: 'NOT_REGISTERED_REDIRECT_URL' });
    expect((await open({ clientKey: emu.keys.widgetClientKey, redirectUrl: shopUrl })).code).toBe(
      'NOT_SUPPORTED_WIDGET_KEY',
    );
    expect((await open({ customerKey: '@@ANONYMOUS', redirectUrl: shopUrl })).code).toBe(
      'INVALID_CUSTOMER_KEY',
    );
    expect(
      (
        await open({
          redirectUrl: shopUrl,
          request: paymentRequest({ amount: { currency: 'USD', value: 5 } }),
        })
      ).code,
    ).toBe('INVALID_AMOUNT_CURRENCY');
  });
});

describe('managing BrandPay methods', () => {
  it('addPaymentMethod signs up once, then adds cards; one-touch is set in its own screen', async () => {
    const first = await openBrandpay('addPaymentMethod', 'cust-brand-5');
    const added = await signUp(first.url);
    expect(await added.text()).toContain('"ok":true');
    const status = () =>
      fetch(`${emu.url}/window/brandpay/status?customerKey=cust-brand-5`).then(
        (r) => r.json() as Promise<unknown>,
      );
    expect(await status()).toEqual({ registered: true, oneTouchEnabled: false });

    const second = await openBrandpay('addPaymentMethod', 'cust-brand-5');
    expect(await (await fetch(second.url)).text()).toContain('추가할 카드');
    await post(second.url, { action: 'approve', cardCompany: 'HYUNDAI' });
    const settings = await openBrandpay('openSettings', 'cust-brand-5');
    const listed = await (await fetch(settings.url)).text();
    expect(listed).toContain('신한카드');
    expect(listed).toContain('현대카드');

    const oneTouch = await openBrandpay('changeOneTouchPay', 'cust-brand-5');
    await post(oneTouch.url, { action: 'approve', oneTouch: 'on' });
    expect(await status()).toEqual({ registered: true, oneTouchEnabled: true });
    const closed = await post((await openBrandpay('changePassword', 'cust-brand-5')).url, {
      action: 'cancel',
    });
    expect(await closed.text()).toContain('"code":"USER_CANCEL"');
  });
});
