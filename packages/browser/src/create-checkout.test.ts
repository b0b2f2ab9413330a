// Argument mapping and error codes, with a fake `window.TossPayments` (the real window is proven by the
// shops' e2e tests in Chromium). The SDK's own loader runs for real: it finds the global, or injects a
// script into the small fake document below.
import { clearTossPayments } from '@tosspayments/tosspayments-sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCheckout, isCheckoutError, startWidgetCheckout, verifyClientKey } from './index.js';

const CK = 'test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq';
const GCK = 'test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm';

type Listener = (event?: unknown) => void;
let docListeners: Record<string, Listener[]>;
/** what a script the SDK injects does: 'error', 'load', or 'csp' (a violation, then error) */
let scriptOutcome: 'error' | 'load' | 'csp';
let online: boolean;

// a document whose injected scripts fail or load as `scriptOutcome` says
function installDocument() {
  docListeners = {};
  return {
    querySelector: () => null,
    addEventListener: (type: string, fn: Listener) => (docListeners[type] ??= []).push(fn),
    removeEventListener: (type: string, fn: Listener) => {
      docListeners[type] = (docListeners[type] ?? []).filter((f) => f !== fn);
    },
    createElement: () => {
      const listeners: Record<string, Listener> = {};
      return {
        src: '',
        addEventListener: (type: string, fn: Listener) => (listeners[type] = fn),
        fire: (t: string) => listeners[t]?.(),
      };
    },
    head: {
      appendChild(script: { fire: (type: string) => void }) {
        setTimeout(() => {
          if (scriptOutcome !== 'csp') return script.fire(scriptOutcome);
          script.fire('error');
          for (const fn of docListeners.securitypolicyviolation ?? [])
            fn({ effectiveDirective: 'script-src-elem' });
        });
      },
    },
  };
}

interface Calls {
  keys: string[];
  customerKeys: string[];
  requests: Record<string, unknown>[];
  billing: Record<string, unknown>[];
  amounts: unknown[];
  rendered: unknown[];
  widgetRequests: Record<string, unknown>[];
}
let calls: Calls;
let requestBehaviour: (req: Record<string, unknown>) => Promise<unknown>;
let agreementListener: ((s: { agreedRequiredTerms: boolean }) => void) | undefined;

function fakeTossPayments(clientKey: string) {
  calls.keys.push(clientKey);
  return {
    payment({ customerKey }: { customerKey: string }) {
      calls.customerKeys.push(customerKey);
      return {
        requestPayment: (req: Record<string, unknown>) => {
          calls.requests.push(req);
          return requestBehaviour(req);
        },
        requestBillingAuth: async (req: Record<string, unknown>) => void calls.billing.push(req),
      };
    },
    widgets({ customerKey }: { customerKey: string }) {
      calls.customerKeys.push(customerKey);
      return {
        setAmount: async (a: unknown) => void calls.amounts.push(a),
        renderPaymentMethods: async (p: unknown) => (calls.rendered.push(p), { destroy: async () => {} }),
        renderAgreement: async (p: unknown) => (
          calls.rendered.push(p),
          {
            on: (_e: string, fn: typeof agreementListener) => (agreementListener = fn),
            destroy: async () => {},
          }
        ),
        requestPayment: async (req: Record<string, unknown>) => (
          calls.widgetRequests.push(req),
          requestBehaviour(req)
        ),
      };
    },
  };
}

let checkoutBodies: unknown[];
let serverAnswer: { status: number; body: Record<string, unknown> };
const fakeFetch = vi.fn(async (url: string, init: RequestInit) => {
  checkoutBodies.push({ url, method: init.method, body: JSON.parse(String(init.body)) });
  return new Response(JSON.stringify(serverAnswer.body), { status: serverAnswer.status });
}) as unknown as typeof fetch;

const order = (over: Record<string, unknown> = {}) => ({
  orderId: 'order-abc-123',
  orderName: '티셔츠 외 1건',
  amount: 39000,
  customerKey: 'buyer-1',
  successUrl: '/payments/success',
  failUrl: '/payments/fail',
  clientKey: CK,
  ...over,
});

beforeEach(() => {
  online = true;
  scriptOutcome = 'load';
  calls = {
    keys: [],
    customerKeys: [],
    requests: [],
    billing: [],
    amounts: [],
    rendered: [],
    widgetRequests: [],
  };
  checkoutBodies = [];
  agreementListener = undefined;
  serverAnswer = { status: 200, body: order() };
  requestBehaviour = async () => undefined;
  vi.stubGlobal('window', globalThis);
  vi.stubGlobal('document', installDocument());
  vi.stubGlobal('location', new URL('http://shop.test/checkout'));
  vi.stubGlobal('navigator', {
    get onLine() {
      return online;
    },
  });
  vi.stubGlobal('TossPayments', fakeTossPayments);
});

afterEach(() => {
  clearTossPayments();
  vi.unstubAllGlobals();
});

describe('pay()', () => {
  it('asks the server for the order, then opens the card window with its amount and absolute URLs', async () => {
    const checkout = createCheckout({ fetch: fakeFetch });
    await checkout.pay({
      cart: [{ sku: 'tee', qty: 2 }],
      method: 'CARD',
      customer: { name: '김토스' },
      card: { easyPay: 'TOSSPAY' },
    });
    expect(checkoutBodies).toEqual([
      {
        url: '/payments/checkout',
        method: 'POST',
        body: { cart: [{ sku: 'tee', qty: 2 }], customer: { name: '김토스' }, method: 'CARD' },
      },
    ]);
    expect(calls.keys).toEqual([CK]);
    expect(calls.customerKeys).toEqual(['buyer-1']);
    expect(calls.requests[0]).toMatchObject({
      method: 'CARD',
      amount: { currency: 'KRW', value: 39000 },
      orderId: 'order-abc-123',
      orderName: '티셔츠 외 1건',
      successUrl: 'http://shop.test/payments/success',
      failUrl: 'http://shop.test/payments/fail',
      customerName: '김토스',
      card: { easyPay: 'TOSSPAY', flowMode: 'DIRECT' },
    });
  });

  it('passes virtual-account options and uses a custom basePath and the anonymous customer', async () => {
    serverAnswer.body = order({
      customerKey: undefined,
      successUrl: '/shop/pay/success',
      failUrl: '/shop/pay/fail',
    });
    const checkout = createCheckout({ fetch: fakeFetch, basePath: '/shop/pay/' });
    await checkout.pay({
      orderRef: 'o-1',
      method: 'VIRTUAL_ACCOUNT',
      virtualAccount: { validHours: 24, cashReceipt: { type: '소득공제' } },
    });
    expect((checkoutBodies[0] as { url: string }).url).toBe('/shop/pay/checkout');
    expect(calls.customerKeys).toEqual(['@@ANONYMOUS']);
    expect(calls.requests[0]).toMatchObject({
      method: 'VIRTUAL_ACCOUNT',
      virtualAccount: { validHours: 24, cashReceipt: { type: '소득공제' } },
      successUrl: 'http://shop.test/shop/pay/success',
    });
    expect(calls.requests[0]).not.toHaveProperty('card', expect.anything());
  });

  it('opens the transfer window with its options, the server amount and no card options', async () => {
    serverAnswer.body = order({ amount: 52_000 });
    await createCheckout({ fetch: fakeFetch }).pay({
      cart: [{ sku: 'mug', qty: 4 }],
      method: 'TRANSFER',
      customer: { name: '김토스', email: 'buyer@example.com' },
      transfer: { cashReceipt: { type: '소득공제' }, useEscrow: false },
    });
    expect((checkoutBodies[0] as { body: unknown }).body).toEqual({
      cart: [{ sku: 'mug', qty: 4 }],
      customer: { name: '김토스', email: 'buyer@example.com' },
      method: 'TRANSFER',
    });
    expect(calls.requests[0]).toMatchObject({
      method: 'TRANSFER',
      amount: { currency: 'KRW', value: 52_000 },
      transfer: { cashReceipt: { type: '소득공제' }, useEscrow: false },
      customerName: '김토스',
      customerEmail: 'buyer@example.com',
      successUrl: 'http://shop.test/payments/success',
      failUrl: 'http://shop.test/payments/fail',
    });
    expect(calls.requests[0]?.card).toBeUndefined();
  });

  it('opens the mobile-phone window with the buyer phone from the page, else from the server order', async () => {
    serverAnswer.body = order({ amount: 5_000, customerMobilePhone: '01098765432' });
    const checkout = createCheckout({ fetch: fakeFetch });
    await checkout.pay({ orderRef: 'o-2', method: 'MOBILE_PHONE', mobilePhone: { carrier: 'KT' } });
    expect(calls.requests[0]).toMatchObject({
      method: 'MOBILE_PHONE',
      amount: { currency: 'KRW', value: 5_000 },
      mobilePhone: { carrier: 'KT' },
      customerMobilePhone: '01098765432',
    });
    await checkout.pay({ orderRef: 'o-2', method: 'MOBILE_PHONE', customer: { mobilePhone: '01012345678' } });
    expect(calls.requests[1]).toMatchObject({ method: 'MOBILE_PHONE', customerMobilePhone: '01012345678' });
  });

  it('prefers the page clientKey over the server answer', async () => {
    const other = 'test_ck_other0000000000000000';
    await createCheckout({ fetch: fakeFetch, clientKey: other }).pay({ method: 'TRANSFER' });
    expect(calls.keys).toEqual([other]);
  });

  it('refuses a missing key, a secret key, and a widget key, before the SDK is called', async () => {
    const attempt = async (clientKey: unknown) => {
      serverAnswer.body = order({ clientKey });
      return createCheckout({ fetch: fakeFetch })
        .pay({ method: 'CARD' })
        .then(
          () => 'resolved',
          (e: unknown) => (isCheckoutError(e) ? e.code : `other: ${String(e)}`),
        );
    };
    expect(await attempt(undefined)).toBe('CLIENT_KEY_MISSING');
    expect(await attempt('test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R')).toBe('SECRET_KEY_EXPOSED');
    expect(await attempt('live_gsk_abc')).toBe('SECRET_KEY_EXPOSED');
    expect(await attempt(GCK)).toBe('CLIENT_KEY_WRONG_FAMILY');
    expect(calls.keys).toEqual([]);
  });

  it('reports the buyer closing the window as USER_CANCELED with a fail URL for the server', async () => {
    requestBehaviour = async () =>
      Promise.reject(Object.assign(new Error('사용자가 결제를 취소했습니다'), { code: 'USER_CANCEL' }));
    const error = await createCheckout({ fetch: fakeFetch })
      .pay({ method: 'CARD' })
      .catch((e: unknown) => e);
    expect(isCheckoutError(error) && error.code).toBe('USER_CANCELED');
    const failUrl = new URL(String((error as { details: { failUrl: string } }).details.failUrl));
    expect(failUrl.pathname).toBe('/payments/fail');
    expect(failUrl.searchParams.get('code')).toBe('PAY_PROCESS_CANCELED');
    expect(failUrl.searchParams.get('orderId')).toBe('order-abc-123');
  });

  it('keeps other SDK rejections with their code', async () => {
    requestBehaviour = async () =>
      Promise.reject(Object.assign(new Error('bad'), { code: 'INVALID_ORDER_ID' }));
    const error = await createCheckout({ fetch: fakeFetch })
      .pay({ method: 'CARD' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PAYMENT_REQUEST_FAILED', details: { sdkCode: 'INVALID_ORDER_ID' } });
  });

  it('surfaces the server refusing the order with its code and message', async () => {
    serverAnswer = { status: 400, body: { code: 'OUT_OF_STOCK', message: '품절된 상품이 있습니다' } };
    const error = await createCheckout({ fetch: fakeFetch })
      .pay({ method: 'CARD' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'CHECKOUT_FAILED',
      message: '품절된 상품이 있습니다',
      details: { status: 400, code: 'OUT_OF_STOCK' },
    });
    expect(calls.keys).toEqual([]);
  });

  it('refuses a checkout answer whose amount is not a whole number of won', async () => {
    serverAnswer.body = order({ amount: '39000' });
    const error = await createCheckout({ fetch: fakeFetch })
      .pay({ method: 'CARD' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHECKOUT_FAILED' });
  });
});

describe('SDK loading failures', () => {
  beforeEach(() => vi.stubGlobal('TossPayments', undefined));

  it.each([
    ['error', true, 'network'],
    ['error', false, 'offline'],
    ['csp', true, 'csp'],
    ['load', true, 'namespace'],
  ] as const)('script %s, online=%s -> SDK_LOAD_FAILED (%s)', async (outcome, isOnline, reason) => {
    scriptOutcome = outcome;
    online = isOnline;
    const sdkSrc = `http://127.0.0.1:1/v2/standard?${reason}`;
    const error = await createCheckout({ fetch: fakeFetch, sdkSrc })
      .pay({ method: 'CARD' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SDK_LOAD_FAILED', details: { reason, src: sdkSrc } });
  });
});

describe('requestBillingAuth()', () => {
  it('opens billing auth with the middleware billing routes and needs a ck key from the page', async () => {
    await createCheckout({ clientKey: CK, basePath: '/pay' }).requestBillingAuth({
      customerKey: 'cust-42',
      customer: { email: 'a@b.c' },
    });
    expect(calls.customerKeys).toEqual(['cust-42']);
    expect(calls.billing[0]).toMatchObject({
      method: 'CARD',
      successUrl: 'http://shop.test/pay/billing/success',
      failUrl: 'http://shop.test/pay/billing/fail',
      customerEmail: 'a@b.c',
    });
    const missing = await createCheckout()
      .requestBillingAuth({ customerKey: 'cust-42' })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'CLIENT_KEY_MISSING' });
  });
});

describe('mountWidgets()', () => {
  it('renders with the server amount, follows cart changes, and requests payment without method or amount', async () => {
    serverAnswer.body = order({ clientKey: GCK });
    const checkout = createCheckout({ fetch: fakeFetch });
    const mounted = await checkout.mountWidgets({
      methodsSelector: '#methods',
      agreementSelector: '#agreement',
      cart: [{ sku: 'tee', qty: 1 }],
    });
    expect(calls.amounts).toEqual([{ currency: 'KRW', value: 39000 }]);
    expect(calls.rendered).toEqual([
      { selector: '#methods', variantKey: undefined },
      { selector: '#agreement', variantKey: undefined },
    ]);

    serverAnswer.body = order({ clientKey: GCK, orderId: 'order-abc-124', amount: 58000 });
    await mounted.update({ cart: [{ sku: 'tee', qty: 2 }] });
    expect(calls.amounts).toEqual([
      { currency: 'KRW', value: 39000 },
      { currency: 'KRW', value: 58000 },
    ]);
    expect(mounted.order.orderId).toBe('order-abc-124');

    agreementListener?.({ agreedRequiredTerms: false });
    await expect(mounted.requestPayment()).rejects.toMatchObject({ code: 'AGREEMENT_REQUIRED' });
    agreementListener?.({ agreedRequiredTerms: true });
    await mounted.requestPayment();
    expect(calls.widgetRequests[0]).toMatchObject({
      orderId: 'order-abc-124',
      successUrl: 'http://shop.test/payments/success',
    });
    expect(calls.widgetRequests[0]).not.toHaveProperty('amount');
    expect(calls.widgetRequests[0]).not.toHaveProperty('method');
  });

  it('needs a gck key', async () => {
    const error = await createCheckout({ fetch: fakeFetch })
      .mountWidgets({ methodsSelector: '#m', agreementSelector: '#a' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'CLIENT_KEY_WRONG_FAMILY',
      details: { expected: 'gck', received: 'ck' },
    });
  });
});

describe('startWidgetCheckout()', () => {
  const start = (over: Record<string, unknown> = {}) =>
    startWidgetCheckout({
      order: order({ clientKey: GCK }) as never,
      selectors: { methods: '#methods', agreement: '#agreement' },
      ...over,
    });

  it('renders at the given order’s amount, setAmount follows the server’s answer, pay sends that order', async () => {
    const w = await start({ customer: { name: '김토스' } });
    expect(calls.keys).toEqual([GCK]);
    expect(calls.customerKeys).toEqual(['buyer-1']);
    expect(calls.amounts).toEqual([{ currency: 'KRW', value: 39000 }]);
    expect(calls.rendered).toEqual([
      { selector: '#methods', variantKey: undefined },
      { selector: '#agreement', variantKey: undefined },
    ]);
    // a coupon: the same order, a lower amount from the server
    const next = await w.setAmount({ orderId: 'order-abc-123', amount: 35100 });
    expect(next).toMatchObject({ orderId: 'order-abc-123', orderName: '티셔츠 외 1건', amount: 35100 });
    expect(calls.amounts.at(-1)).toEqual({ currency: 'KRW', value: 35100 });
    expect(w.order.amount).toBe(35100);
    await w.pay({ customer: { name: '이토스' }, metadata: { coupon: 'X' } });
    expect(calls.widgetRequests).toEqual([
      {
        metadata: { coupon: 'X' },
        orderId: 'order-abc-123',
        orderName: '티셔츠 외 1건',
        successUrl: 'http://shop.test/payments/success',
        failUrl: 'http://shop.test/payments/fail',
        customerName: '이토스',
        customerEmail: undefined,
        customerMobilePhone: undefined,
      },
    ]);
    // nothing the page passes to pay() sets the amount: the widget pays what setAmount gave it
    expect(calls.widgetRequests[0]).not.toHaveProperty('amount');
  });

  it('takes the customerKey and clientKey given, refuses a ck key and maps a cancel to the fail URL', async () => {
    await start({ customerKey: 'buyer-2' });
    expect(calls.customerKeys).toEqual(['buyer-2']);
    const wrong = await start({ clientKey: CK }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'CLIENT_KEY_WRONG_FAMILY', details: { expected: 'gck' } });
    const w = await start();
    requestBehaviour = () => Promise.reject(Object.assign(new Error('closed'), { code: 'USER_CANCEL' }));
    const canceled = await w.pay().catch((e: unknown) => e);
    expect(canceled).toMatchObject({ code: 'USER_CANCELED' });
    expect(String((canceled as { details: { failUrl: string } }).details.failUrl)).toMatch(
      /^http:\/\/shop\.test\/payments\/fail\?code=PAY_PROCESS_CANCELED&.*orderId=order-abc-123/,
    );
    agreementListener?.({ agreedRequiredTerms: false });
    await expect(w.pay()).rejects.toMatchObject({ code: 'AGREEMENT_REQUIRED' });
  });
});

describe('verifyClientKey()', () => {
  it('accepts live and test keys of the right family only', () => {
    expect(verifyClientKey('live_ck_abc', 'ck')).toBe('live_ck_abc');
    expect(verifyClientKey(GCK, 'gck')).toBe(GCK);
    expect(() => verifyClientKey('test_ak_ZORzdMaqN3wQd5k6ygr5AkYXQGwy', 'ck')).toThrow(/시크릿/);
    expect(() => verifyClientKey('pk_live_123', 'ck')).toThrow(
      expect.objectContaining({ code: 'CLIENT_KEY_WRONG_FAMILY' }),
    );
  });
});
