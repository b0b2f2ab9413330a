// Unit-level checks of the window's HTTP handler: a node:http server with a recording WindowContext
// (the browser flows against the real emulator are in window.test.ts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleWindowRequest, type WindowAuthorizeInput, type WindowContext } from './index.js';
import { SESSION_TTL_MS } from './sessions.js';

const CK = 'test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq';
const GCK = 'test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm';
const SHOP = 'http://127.0.0.1:9';

let server: Server;
let base: string;
let now = 1_800_000_000_000;
let authorized: WindowAuthorizeInput[] = [];
let authorizeDelayMs = 0;
let authorizeError: (Error & { code?: string }) | null = null;

const ctx: WindowContext = {
  baseUrl: '',
  async authorizePayment(input) {
    authorized.push(input);
    if (authorizeDelayMs) await new Promise((r) => setTimeout(r, authorizeDelayMs));
    if (authorizeError) throw authorizeError;
    return { paymentKey: `pk_${authorized.length}`, orderId: input.orderId, amount: input.amount };
  },
  async authorizeBilling(input) {
    return { authKey: 'auth_1', customerKey: input.customerKey };
  },
  clientKeyFamily: (key) => (key === CK ? 'api' : key === GCK ? 'widget' : null),
  now: () => now,
};

beforeAll(async () => {
  server = createServer((req, res) => {
    void handleWindowRequest(req, res, ctx).then((handled) => {
      if (!handled) {
        res.writeHead(418);
        res.end('not mine');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ctx.baseUrl = base;
});

afterAll(() => new Promise((r) => server.close(r)));

beforeEach(() => {
  authorized = [];
  authorizeDelayMs = 0;
  authorizeError = null;
});

async function open(request: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const res = await fetch(`${base}/window/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientKey: CK,
      kind: 'payment',
      customerKey: '@@ANONYMOUS',
      openerOrigin: SHOP,
      request,
      ...extra,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

const cardRequest = (over: Record<string, unknown> = {}) => ({
  method: 'CARD',
  amount: { currency: 'KRW', value: 15_000 },
  orderId: 'order-unit-1',
  orderName: '티셔츠',
  successUrl: `${SHOP}/success?from=shop`,
  failUrl: `${SHOP}/fail`,
  ...over,
});

const submit = (url: string, form: Record<string, string>) =>
  fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });

describe('routing', () => {
  it('answers only its own paths', async () => {
    expect((await fetch(`${base}/v1/payments/x`)).status).toBe(418);
    expect((await fetch(`${base}/window/nope`)).status).toBe(404);
  });

  it('serves the SDK script as CORS-open JavaScript that defines the TossPayments global', async () => {
    const res = await fetch(`${base}/v2/standard`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const code = await res.text();
    const sandbox: Record<string, any> = {
      document: { currentScript: { src: `${base}/v2/standard` } },
      addEventListener() {},
      URL,
    };
    sandbox.window = sandbox;
    runInNewContext(code, sandbox);
    expect(typeof sandbox.TossPayments).toBe('function');
    expect(sandbox.TossPayments.ANONYMOUS).toBe('@@ANONYMOUS');
    expect(() => sandbox.TossPayments('test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R')).toThrow(
      expect.objectContaining({ code: 'INSECURE_KEY_USAGE' }),
    );
    const tp = sandbox.TossPayments(CK);
    expect(Object.keys(tp).sort()).toEqual(['brandpay', 'payment', 'widgets']);
    expect(Object.keys(tp.payment({ customerKey: 'cust-1' })).sort()).toEqual([
      'destroy',
      'requestBillingAuth',
      'requestPayment',
    ]);
  });

  it('answers the CORS preflight of /window/sessions', async () => {
    const res = await fetch(`${base}/window/sessions`, {
      method: 'OPTIONS',
      headers: { origin: SHOP, 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
  });
});

describe('sessions', () => {
  it('refuses bad JSON, oversized bodies and a missing key with a code and a Korean message', async () => {
    const bad = await fetch(`${base}/window/sessions`, { method: 'POST', body: '{' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('INVALID_PARAMETER');
    const big = await fetch(`${base}/window/sessions`, {
      method: 'POST',
      body: 'x'.repeat(300 * 1024),
    }).catch(() => null);
    expect(big?.status).toBe(413);
    const noKey = await open(cardRequest(), { clientKey: '' });
    expect(noKey).toEqual({
      status: 401,
      body: { code: 'INVALID_CLIENT_KEY', message: expect.stringMatching(/클라이언트 키/) },
    });
  });

  it('checks the request on the server too (a POST can skip the browser checks)', async () => {
    expect((await open(cardRequest({ orderId: 'bad id!' }))).body.code).toBe('INVALID_ORDER_ID');
    expect((await open(cardRequest({ amount: { currency: 'KRW', value: '1000' } }))).body.code).toBe(
      'INVALID_AMOUNT_VALUE',
    );
    expect((await open(cardRequest({ successUrl: 'javascript:alert(1)' }))).body.code).toBe(
      'INCORRECT_SUCCESS_URL_FORMAT',
    );
    expect((await open(cardRequest({ card: { cardInstallmentPlan: 1 } }))).body.code).toBe(
      'INVALID_CARD_INSTALLMENT_PLAN',
    );
    expect(
      (await open(cardRequest({ metadata: { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' } }))).body.code,
    ).toBe('INVALID_METADATA');
    expect((await open(cardRequest({ customerMobilePhone: '010-1234-5678' }))).body.code).toBe(
      'INVALID_MOBILE_PHONE',
    );
    expect(
      (await open(cardRequest(), { customerKey: 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R' })).body.code,
    ).toBe('INSECURE_KEY_USAGE');
    expect((await open(cardRequest({ method: 'PAYPAL' }))).body.code).toBe('NOT_SUPPORTED_METHOD');
    // FOREIGN_EASY_PAY is a window method now, in USD only (foreign-easy-pay.test.ts has the rest)
    expect((await open(cardRequest({ method: 'FOREIGN_EASY_PAY' }))).body.code).toBe(
      'INVALID_AMOUNT_CURRENCY',
    );
  });
});

describe('the window', () => {
  it('escapes what the page sent (no markup injection through orderName)', async () => {
    const { body } = await open(cardRequest({ orderName: '<img src=x onerror=alert(1)>' }));
    const html = await (await fetch(body.url!)).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });

  it('keeps the successUrl query and appends paymentKey, orderId and amount; a resubmitted form authorizes once', async () => {
    const { body } = await open(cardRequest());
    authorizeDelayMs = 100;
    const [a, b] = await Promise.all([
      submit(body.url!, { action: 'approve', cardCompany: 'BC' }),
      submit(body.url!, { action: 'approve' }),
    ]);
    expect(a.status).toBe(303);
    expect(b.headers.get('location')).toBe(a.headers.get('location'));
    expect(a.headers.get('location')).toBe(
      `${SHOP}/success?from=shop&paymentKey=pk_1&orderId=order-unit-1&amount=15000`,
    );
    expect(authorized).toHaveLength(1);
    expect(authorized[0]).toMatchObject({
      orderId: 'order-unit-1',
      amount: 15_000,
      method: 'CARD',
      cardCompany: '31',
      installmentPlanMonths: 0,
    });
    expect(authorized[0]).not.toHaveProperty('customerKey');
    // a later cancel cannot overturn the decision
    expect((await submit(body.url!, { action: 'cancel' })).headers.get('location')).toBe(
      a.headers.get('location'),
    );
  });

  it('refuses choices the window did not offer (installments under 50,000 won, unknown card company)', async () => {
    const { body } = await open(cardRequest());
    const r1 = await submit(body.url!, { action: 'approve', installment: '3' });
    expect(r1.status).toBe(400);
    expect(await r1.text()).toContain('data-testid="window-error"');
    const r2 = await submit(body.url!, { action: 'approve', cardCompany: 'NOPE' });
    expect(r2.status).toBe(400);
    expect(authorized).toHaveLength(0);
  });

  it('passes the emulator refusal on to failUrl with its code (e.g. a minimum amount)', async () => {
    authorizeError = Object.assign(new Error('최소 결제 금액보다 작습니다.'), {
      code: 'BELOW_MINIMUM_AMOUNT',
    });
    const { body } = await open(cardRequest({ amount: { currency: 'KRW', value: 50 } }));
    const res = await submit(body.url!, { action: 'approve' });
    const q = new URL(res.headers.get('location')!).searchParams;
    expect([q.get('code'), q.get('message'), q.get('orderId')]).toEqual([
      'BELOW_MINIMUM_AMOUNT',
      '최소 결제 금액보다 작습니다.',
      'order-unit-1',
    ]);
  });

  it('never shows an internal error text: an error without a code becomes PAY_PROCESS_ABORTED with a generic message', async () => {
    authorizeError = new Error('TypeError: secret stack at /srv/app.js:1');
    const { body } = await open(cardRequest());
    const q = new URL((await submit(body.url!, { action: 'approve' })).headers.get('location')!).searchParams;
    expect(q.get('code')).toBe('PAY_PROCESS_ABORTED');
    expect(q.get('message')).not.toContain('stack');
  });

  it('expires after 30 minutes on the emulator clock: failUrl with PAY_PROCESS_ABORTED', async () => {
    const { body } = await open(cardRequest());
    now += SESSION_TTL_MS + 1;
    const res = await fetch(body.url!, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location')!).searchParams.get('code')).toBe('PAY_PROCESS_ABORTED');
    expect(authorized).toHaveLength(0);
  });

  it('promise form: the result page posts the outcome to the opener origin only', async () => {
    const { body } = await open(cardRequest({ successUrl: null, failUrl: null }));
    expect(body.mode).toBe('iframe');
    const html = await (await submit(body.url!, { action: 'cancel' })).text();
    expect(html).toMatch(
      /postMessage\(\{"source":"tosskit-emulator-window","sessionId":"ws_[0-9a-f]{32}","ok":false,"code":"USER_CANCEL"/,
    );
    expect(html).toContain(`, "${SHOP}");`);
  });

  it('billing: success carries customerKey and authKey; ANONYMOUS is refused', async () => {
    const billing = { method: 'CARD', successUrl: `${SHOP}/billing`, failUrl: `${SHOP}/fail` };
    expect((await open(billing, { kind: 'billing' })).body.code).toBe('INVALID_CUSTOMER_KEY');
    const { body } = await open(billing, { kind: 'billing', customerKey: 'cust-9' });
    const res = await submit(body.url!, { action: 'approve', cardCompany: 'HYUNDAI' });
    expect(res.headers.get('location')).toBe(`${SHOP}/billing?customerKey=cust-9&authKey=auth_1`);
  });

  it('decline: REJECT_CARD_COMPANY at failUrl, and the READY payment opened for the window is aborted', async () => {
    const aborted: unknown[] = [];
    ctx.openPayment = async (input) => ({
      paymentKey: 'pk_ready_1',
      orderId: input.orderId,
      amount: input.amount,
    });
    ctx.abortPayment = async (input) => void aborted.push(input);
    try {
      const { body } = await open(cardRequest());
      const res = await submit(body.url!, { action: 'decline' });
      const q = new URL(res.headers.get('location')!).searchParams;
      expect([q.get('code'), q.get('orderId')]).toEqual(['REJECT_CARD_COMPANY', 'order-unit-1']);
      expect(aborted).toEqual([
        {
          paymentKey: 'pk_ready_1',
          orderId: 'order-unit-1',
          code: 'REJECT_CARD_COMPANY',
          message: q.get('message'),
        },
      ]);
      expect(authorized).toHaveLength(0);
    } finally {
      delete ctx.openPayment;
      delete ctx.abortPayment;
    }
  });

  it('approve promotes the READY payment: authorizePayment gets the paymentKey openPayment returned', async () => {
    ctx.openPayment = async (input) => ({
      paymentKey: 'pk_ready_2',
      orderId: input.orderId,
      amount: input.amount,
    });
    try {
      const { body } = await open(cardRequest());
      await submit(body.url!, { action: 'approve' });
      expect(authorized[0]).toMatchObject({ paymentKey: 'pk_ready_2', orderId: 'order-unit-1' });
    } finally {
      delete ctx.openPayment;
    }
  });

  it('widgets: success carries paymentType=NORMAL first', async () => {
    const { body } = await open(cardRequest({ method: 'VIRTUAL_ACCOUNT' }), {
      kind: 'widget',
      clientKey: GCK,
    });
    const res = await submit(body.url!, { action: 'approve', bank: 'KAKAOBANK', cashReceipt: '지출증빙' });
    expect(res.headers.get('location')).toBe(
      `${SHOP}/success?from=shop&paymentType=NORMAL&paymentKey=pk_1&orderId=order-unit-1&amount=15000`,
    );
    expect(authorized[0]).toMatchObject({
      method: 'VIRTUAL_ACCOUNT',
      bank: '90',
      cashReceipt: { type: '지출증빙' },
    });
  });
});
