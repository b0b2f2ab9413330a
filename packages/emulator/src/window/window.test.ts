// The payment window and SDK stand-in, driven in real Chromium through the real
// @tosspayments/tosspayments-sdk package: loadTossPayments(clientKey, { src: emulator + '/v2/standard' }).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../test-support/chromium.js';
import { approveIn, cancelIn, declineIn, windowIn } from '../../../../test-support/payment-window.js';
import { createEmulator, type Emulator } from '../index.js';
import { client } from '../test-helpers.js';

const require = createRequire(import.meta.url);
const SDK_ESM = readFileSync(
  require.resolve('@tosspayments/tosspayments-sdk').replace(/index\.cjs\.js$/, 'index.esm.js'),
  'utf8',
);

// The merchant's page: imports the real SDK's ESM build, renders widget hosts, and echoes redirects.
const SHOP_PAGE = `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>shop</title></head><body>
<h1>상점</h1><div id="payment-method"></div><div id="agreement"></div>
<script type="module">
import { loadTossPayments, ANONYMOUS } from '/sdk.js';
window.sdk = { loadTossPayments, ANONYMOUS };
document.body.dataset.ready = '1';
</script></body></html>`;

// A page written for the real gateway (the official samples' pattern): a plain <script src> and the global.
const classicPage = (src: string) => `<!doctype html><html lang="ko"><head><meta charset="utf-8">
<script src="${src}"></script></head><body>
<button id="pay" type="button">결제하기</button>
<script>
  const tossPayments = TossPayments(new URLSearchParams(location.search).get('ck'));
  const payment = tossPayments.payment({ customerKey: TossPayments.ANONYMOUS });
  document.getElementById('pay').addEventListener('click', async () => {
    await payment.requestPayment({
      method: 'CARD',
      amount: { currency: 'KRW', value: 50000 },
      orderId: 'classic-' + Date.now(),
      orderName: '토스 티셔츠 외 2건',
      successUrl: window.location.origin + '/success',
      failUrl: window.location.origin + '/fail',
      customerEmail: 'customer123@gmail.com',
      customerName: '김토스',
      customerMobilePhone: '01012341234',
      card: { useEscrow: false, flowMode: 'DEFAULT', useCardPoint: false, useAppCardOnly: false },
    });
  });
</script></body></html>`;

let emulator: Emulator;
let shop: Server;
let shopUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let seq = 0;

const orderId = () => `order-${Date.now()}-${++seq}`;
const src = () => `${emulator.url}/v2/standard`;

beforeAll(async () => {
  [emulator, browser] = await Promise.all([createEmulator(), launchChromium()]);
  shop = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://shop').pathname;
    if (path === '/sdk.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(SDK_ESM);
    } else if (path === '/classic') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(classicPage(src()));
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(path === '/' ? SHOP_PAGE : `<!doctype html><title>${path}</title><h1>${path}</h1>`);
    }
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => shop?.close(resolve));
  await emulator?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ locale: 'ko-KR' });
  page = await context.newPage();
  await page.goto(`${shopUrl}/`);
  await page.waitForSelector('body[data-ready="1"]');
});

afterEach(async () => {
  await context.close();
});

/** The shop's success route: confirm what the redirect carried. */
const confirm = (q: URLSearchParams, secretKey = emulator.keys.secretKey) =>
  client(emulator).confirmRedirect(q, { key: secretKey });

/** Starts a redirect-form request in the page without awaiting it (the page navigates away). */
async function startRedirectPayment(
  request: Record<string, unknown>,
  options: { clientKey?: string; customerKey?: string } = {},
) {
  await page.evaluate(
    async ({ src, clientKey, customerKey, request }) => {
      const w = window as any;
      const tp = await w.sdk.loadTossPayments(clientKey, { src });
      const req = {
        successUrl: `${location.origin}/success`,
        failUrl: `${location.origin}/fail`,
        ...request,
      };
      void tp
        .payment({ customerKey: customerKey ?? w.sdk.ANONYMOUS })
        .requestPayment(req)
        .catch((e: any) => {
          w.lastError = { code: e.code, message: e.message };
        });
    },
    {
      src: src(),
      clientKey: options.clientKey ?? emulator.keys.clientKey,
      customerKey: options.customerKey,
      request,
    },
  );
  await page.waitForURL(/\/window\/pay\?session=ws_/);
}

const query = (p: Page) => new URL(p.url()).searchParams;

describe('payment window, redirect form', () => {
  it('card: approve lands on successUrl with paymentKey/orderId/amount, and confirm gives DONE with the chosen card', async () => {
    const id = orderId();
    await startRedirectPayment({
      method: 'CARD',
      amount: { currency: 'KRW', value: 55_000 },
      orderId: id,
      orderName: '토스 티셔츠 외 2건',
    });
    await expect(page.getByTestId('window-amount').textContent()).resolves.toBe('55,000원');
    await page.getByTestId('card-company-select').selectOption('SHINHAN');
    await page.getByTestId('installment-select').selectOption('3');
    await page.getByTestId('approve').click();
    await page.waitForURL(`${shopUrl}/success?**`);
    const q = query(page);
    expect(q.get('orderId')).toBe(id);
    expect(q.get('amount')).toBe('55000');
    expect(q.get('paymentKey')).toBeTruthy();
    expect(q.has('paymentType')).toBe(false);
    expect(emulator.control.getPayment(id)?.status).toBe('IN_PROGRESS');

    const { status, body } = await confirm(q);
    expect(status).toBe(200);
    expect(body.status).toBe('DONE');
    expect(body.method).toBe('카드');
    expect(body.totalAmount).toBe(55_000);
    expect(body.card.issuerCode).toBe('41');
    expect(body.card.installmentPlanMonths).toBe(3);
  });

  it('cancel goes to failUrl with PAY_PROCESS_CANCELED, a message and the orderId; nothing to confirm', async () => {
    const id = orderId();
    await startRedirectPayment({
      method: 'CARD',
      amount: { currency: 'KRW', value: 15_000 },
      orderId: id,
      orderName: '취소 시험',
    });
    await page.getByTestId('cancel').click();
    await page.waitForURL(`${shopUrl}/fail?**`);
    const q = query(page);
    expect(q.get('code')).toBe('PAY_PROCESS_CANCELED');
    expect(q.get('message')).toBeTruthy();
    expect(q.get('orderId')).toBe(id);
    const opened = emulator.control.getPayment(id);
    expect(opened?.status).toBe('READY');
    const refused = await confirm(
      new URLSearchParams({ paymentKey: opened!.paymentKey, orderId: id, amount: '15000' }),
    );
    expect(refused).toMatchObject({ status: 404, body: { code: 'NOT_FOUND_PAYMENT_SESSION' } });
  });

  it('decline goes to failUrl with REJECT_CARD_COMPANY', async () => {
    const id = orderId();
    await startRedirectPayment({
      method: 'CARD',
      amount: { currency: 'KRW', value: 15_000 },
      orderId: id,
      orderName: '거절 시험',
    });
    await declineIn(await windowIn(page));
    await page.waitForURL(`${shopUrl}/fail?**`);
    expect(query(page).get('code')).toBe('REJECT_CARD_COMPANY');
    expect(query(page).get('orderId')).toBe(id);
  });

  it('virtual account: the chosen bank is issued and confirm gives WAITING_FOR_DEPOSIT', async () => {
    const id = orderId();
    await startRedirectPayment({
      method: 'VIRTUAL_ACCOUNT',
      amount: { currency: 'KRW', value: 30_000 },
      orderId: id,
      orderName: '가상계좌 시험',
      virtualAccount: { validHours: 24, cashReceipt: { type: '소득공제' } },
    });
    await expect(page.getByTestId('decline').count()).resolves.toBe(0);
    await approveIn(await windowIn(page), { bank: 'SHINHAN', cashReceipt: '지출증빙' });
    await page.waitForURL(`${shopUrl}/success?**`);
    const { status, body } = await confirm(query(page));
    expect(status).toBe(200);
    expect(body.status).toBe('WAITING_FOR_DEPOSIT');
    expect(body.virtualAccount.bankCode).toBe('88');
    expect(body.virtualAccount.accountNumber).toMatch(/^X/);
  });

  it('is usable with the keyboard alone: Tab to the approve button, Enter pays; Esc cancels', async () => {
    const id = orderId();
    await startRedirectPayment({
      method: 'TRANSFER',
      amount: { currency: 'KRW', value: 12_000 },
      orderId: id,
      orderName: '키보드 시험',
    });
    // focus starts on the first choice (the bank), then: cash receipt, approve
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe(
      'bank-select',
    );
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe(
      'approve',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(`${shopUrl}/success?**`);
    expect(query(page).get('orderId')).toBe(id);

    await page.goto(`${shopUrl}/`);
    await page.waitForSelector('body[data-ready="1"]');
    const id2 = orderId();
    await startRedirectPayment({
      method: 'MOBILE_PHONE',
      amount: { currency: 'KRW', value: 3_000 },
      orderId: id2,
      orderName: 'Esc 시험',
    });
    await page.keyboard.press('Escape');
    await page.waitForURL(`${shopUrl}/fail?**`);
    expect(query(page).get('code')).toBe('PAY_PROCESS_CANCELED');
  });

  it('a page written for the real gateway works by changing only the script URL', async () => {
    await page.goto(`${shopUrl}/classic?ck=${emulator.keys.clientKey}`);
    await page.click('#pay');
    await page.waitForURL(/\/window\/pay\?session=ws_/);
    await page.getByTestId('approve').click();
    await page.waitForURL(`${shopUrl}/success?**`);
    const { status, body } = await confirm(query(page));
    expect(status).toBe(200);
    expect(body.status).toBe('DONE');
    expect(body.totalAmount).toBe(50_000);
  });
});

describe('promise form (overlay iframe)', () => {
  it('resolves { paymentKey, orderId, amount } on approve, and confirm succeeds', async () => {
    const id = orderId();
    await page.evaluate(
      async ({ src, clientKey, id }) => {
        const w = window as any;
        const tp = await w.sdk.loadTossPayments(clientKey, { src });
        w.outcome = tp
          .payment({ customerKey: 'customer-42' })
          .requestPayment({
            method: 'CARD',
            amount: { currency: 'KRW', value: 20_000 },
            orderId: id,
            orderName: '프로미스 시험',
          })
          .then(
            (r: unknown) => ({ ok: true, r }),
            (e: any) => ({ ok: false, code: e.code }),
          );
      },
      { src: src(), clientKey: emulator.keys.clientKey, id },
    );
    await approveIn(await windowIn(page, { promise: true }), { cardCompany: 'HYUNDAI' });
    const outcome = await page.evaluate(() => (window as any).outcome);
    expect(outcome.ok).toBe(true);
    expect(outcome.r).toEqual({
      paymentKey: expect.any(String),
      orderId: id,
      amount: { currency: 'KRW', value: 20_000 },
    });
    await expect(page.getByTestId('tosspayments-overlay').count()).resolves.toBe(0);
    const q = new URLSearchParams({ paymentKey: outcome.r.paymentKey, orderId: id, amount: '20000' });
    const { status, body } = await confirm(q);
    expect(status).toBe(200);
    expect(body.status).toBe('DONE');
    expect(body.card.issuerCode).toBe('61');
  });

  it('rejects with code USER_CANCEL when the buyer cancels, and destroy() aborts a pending request', async () => {
    await page.evaluate(
      async ({ src, clientKey, id }) => {
        const w = window as any;
        const tp = await w.sdk.loadTossPayments(clientKey, { src });
        w.payment = tp.payment({ customerKey: w.sdk.ANONYMOUS });
        w.outcome = w.payment
          .requestPayment({
            method: 'CARD',
            amount: { currency: 'KRW', value: 1_000 },
            orderId: id,
            orderName: '취소',
          })
          .then(
            () => ({ ok: true }),
            (e: any) => ({ ok: false, code: e.code, name: e.name }),
          );
      },
      { src: src(), clientKey: emulator.keys.clientKey, id: orderId() },
    );
    await cancelIn(await windowIn(page, { promise: true }));
    await expect(page.evaluate(() => (window as any).outcome)).resolves.toEqual({
      ok: false,
      code: 'USER_CANCEL',
      name: 'UserCancelError',
    });

    const aborted = await page.evaluate(async (id) => {
      const w = window as any;
      const pending = w.payment
        .requestPayment({
          method: 'CARD',
          amount: { currency: 'KRW', value: 1_000 },
          orderId: id,
          orderName: '중단',
        })
        .then(
          () => 'resolved',
          (e: any) => e.code,
        );
      // the window is open (its overlay is in the page) when the shop destroys the SDK instance
      const overlay = '[data-testid="tosspayments-overlay"]';
      await new Promise<void>((resolve) => {
        if (document.querySelector(overlay) !== null) return resolve();
        const observer = new MutationObserver(() => {
          if (document.querySelector(overlay) === null) return;
          observer.disconnect();
          resolve();
        });
        observer.observe(document.documentElement, { childList: true, subtree: true });
      });
      await w.payment.destroy();
      return {
        code: await pending,
        overlays: document.querySelectorAll('[data-testid="tosspayments-overlay"]').length,
      };
    }, orderId());
    expect(aborted).toEqual({ code: 'PAYMENT_REQUEST_ABORTED', overlays: 0 });
  });
});

describe('widgets', () => {
  async function mountWidgets() {
    await page.evaluate(
      async ({ src, clientKey }) => {
        const w = window as any;
        const tp = await w.sdk.loadTossPayments(clientKey, { src });
        w.widgets = tp.widgets({ customerKey: w.sdk.ANONYMOUS });
        await w.widgets.setAmount({ currency: 'KRW', value: 25_000 });
        const [methods] = await Promise.all([
          w.widgets.renderPaymentMethods({ selector: '#payment-method', variantKey: 'DEFAULT' }),
          w.widgets.renderAgreement({ selector: '#agreement', variantKey: 'AGREEMENT' }),
        ]);
        w.selected = [];
        methods.on('paymentMethodSelect', (m: { code: string }) => w.selected.push(m.code));
        w.methods = methods;
      },
      { src: src(), clientKey: emulator.keys.widgetClientKey },
    );
  }

  it('renders a method picker and agreement; redirect success carries paymentType=NORMAL; confirm with the widget secret key', async () => {
    await mountWidgets();
    await page.getByTestId('method-virtual-account').check();
    await expect(page.evaluate(() => (window as any).selected)).resolves.toEqual(['VIRTUAL_ACCOUNT']);
    await expect(page.evaluate(() => (window as any).methods.getSelectedPaymentMethod())).resolves.toEqual({
      code: 'VIRTUAL_ACCOUNT',
    });

    await page.getByTestId('agreement-checkbox').uncheck();
    const refused = await page.evaluate((id) => {
      const w = window as any;
      return w.widgets
        .requestPayment({
          orderId: id,
          orderName: '위젯 시험',
          successUrl: `${location.origin}/success`,
          failUrl: `${location.origin}/fail`,
        })
        .then(
          () => 'resolved',
          (e: any) => e.code,
        );
    }, orderId());
    expect(refused).toBe('NEED_AGREEMENT_WITH_REQUIRED_TERMS');

    await page.getByTestId('agreement-checkbox').check();
    await page.getByTestId('method-card').check();
    const id = orderId();
    await page.evaluate((id) => {
      const w = window as any;
      void w.widgets.requestPayment({
        orderId: id,
        orderName: '위젯 시험',
        successUrl: `${location.origin}/success`,
        failUrl: `${location.origin}/fail`,
      });
    }, id);
    await page.waitForURL(/\/window\/pay\?session=ws_/);
    await expect(page.getByTestId('window-method').textContent()).resolves.toBe('신용·체크카드');
    await page.getByTestId('approve').click();
    await page.waitForURL(`${shopUrl}/success?**`);
    const q = query(page);
    expect(q.get('paymentType')).toBe('NORMAL');
    expect(q.get('amount')).toBe('25000');
    expect((await confirm(q, emulator.keys.secretKey)).body.code).toBe('INVALID_API_KEY');
    const { status, body } = await confirm(q, emulator.keys.widgetSecretKey);
    expect(status).toBe(200);
    expect(body.status).toBe('DONE');
  });

  it('promise form resolves with paymentType NORMAL and the amount set by setAmount', async () => {
    await mountWidgets();
    const id = orderId();
    await page.evaluate((id) => {
      const w = window as any;
      w.outcome = w.widgets.requestPayment({ orderId: id, orderName: '위젯 프로미스' }).then(
        (r: unknown) => r,
        (e: any) => ({ code: e.code }),
      );
    }, id);
    await page.frameLocator('[data-testid="tosspayments-window"]').getByTestId('approve').click();
    const r = await page.evaluate(() => (window as any).outcome);
    expect(r).toEqual({
      paymentType: 'NORMAL',
      paymentKey: expect.any(String),
      orderId: id,
      amount: { currency: 'KRW', value: 25_000 },
    });
  });
});

describe('billing auth', () => {
  it('redirects to successUrl with customerKey and authKey, which issues a billing key', async () => {
    await page.evaluate(
      async ({ src, clientKey }) => {
        const w = window as any;
        const tp = await w.sdk.loadTossPayments(clientKey, { src });
        void tp.payment({ customerKey: 'cust_billing-01' }).requestBillingAuth({
          method: 'CARD',
          successUrl: `${location.origin}/billing-success`,
          failUrl: `${location.origin}/fail`,
          customerName: '김토스',
        });
      },
      { src: src(), clientKey: emulator.keys.clientKey },
    );
    await page.waitForURL(/\/window\/pay\?session=ws_/);
    await page.getByTestId('card-company-select').selectOption('SAMSUNG');
    await page.getByTestId('approve').click();
    await page.waitForURL(`${shopUrl}/billing-success?**`);
    const q = query(page);
    expect(q.get('customerKey')).toBe('cust_billing-01');
    const authKey = q.get('authKey');
    expect(authKey).toBeTruthy();
    const res = await fetch(`${emulator.url}/v1/billing/authorizations/issue`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${emulator.keys.secretKey}:`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ authKey, customerKey: 'cust_billing-01' }),
    });
    const body = (await res.json()) as Record<string, any>;
    expect(res.status).toBe(200);
    expect(body.customerKey).toBe('cust_billing-01');
    expect(typeof body.billingKey).toBe('string');
  });
});

describe('key and parameter checks, like the real SDK', () => {
  it('throws for the wrong key family, a secret key, and bad parameters', async () => {
    const r = await page.evaluate(
      async ({ src, keys }) => {
        const w = window as any;
        const code = async (f: () => unknown) => {
          try {
            await f();
            return 'no error';
          } catch (e: any) {
            return e.code;
          }
        };
        const ck = await w.sdk.loadTossPayments(keys.clientKey, { src });
        const gck = await w.sdk.loadTossPayments(keys.widgetClientKey, { src });
        const pay = ck.payment({ customerKey: 'customer-1' });
        const base = {
          method: 'CARD',
          amount: { currency: 'KRW', value: 1000 },
          orderId: 'order-abcdef',
          orderName: '시험',
        };
        return {
          widgetKeyToPayment: await code(() => gck.payment({ customerKey: w.sdk.ANONYMOUS })),
          individualKeyToWidgets: await code(() => ck.widgets({ customerKey: w.sdk.ANONYMOUS })),
          secretKey: await code(() => w.sdk.loadTossPayments(keys.secretKey, { src })),
          secretInCustomerKey: await code(() => ck.payment({ customerKey: keys.secretKey })),
          badCustomerKey: await code(() => ck.payment({ customerKey: 'a' })),
          badOrderId: await code(() => pay.requestPayment({ ...base, orderId: 'short' })),
          badOrderName: await code(() => pay.requestPayment({ ...base, orderName: '' })),
          fractionalAmount: await code(() =>
            pay.requestPayment({ ...base, amount: { currency: 'KRW', value: 10.5 } }),
          ),
          negativeAmount: await code(() =>
            pay.requestPayment({ ...base, amount: { currency: 'KRW', value: -1 } }),
          ),
          usd: await code(() => pay.requestPayment({ ...base, amount: { currency: 'USD', value: 10 } })),
          unknownMethod: await code(() => pay.requestPayment({ ...base, method: 'BITCOIN' })),
          onlySuccessUrl: await code(() =>
            pay.requestPayment({ ...base, successUrl: `${location.origin}/s` }),
          ),
          relativeUrls: await code(() => pay.requestPayment({ ...base, successUrl: '/s', failUrl: '/f' })),
          billingAnonymous: await code(() =>
            ck.payment({ customerKey: w.sdk.ANONYMOUS }).requestBillingAuth({
              method: 'CARD',
              successUrl: `${location.origin}/s`,
              failUrl: `${location.origin}/f`,
            }),
          ),
          widgetsWithoutAmount: await code(() =>
            gck
              .widgets({ customerKey: w.sdk.ANONYMOUS })
              .renderPaymentMethods({ selector: '#payment-method' }),
          ),
          widgetsBadSelector: await code(async () => {
            const wg = gck.widgets({ customerKey: w.sdk.ANONYMOUS });
            await wg.setAmount({ currency: 'KRW', value: 1000 });
            return wg.renderPaymentMethods({ selector: '#nope' });
          }),
          widgetsNotRendered: await code(async () => {
            const wg = gck.widgets({ customerKey: w.sdk.ANONYMOUS });
            await wg.setAmount({ currency: 'KRW', value: 1000 });
            return wg.requestPayment({ orderId: 'order-abcdef', orderName: '시험' });
          }),
        };
      },
      { src: src(), keys: emulator.keys },
    );
    expect(r).toEqual({
      widgetKeyToPayment: 'NOT_SUPPORTED_WIDGET_KEY',
      individualKeyToWidgets: 'NOT_SUPPORTED_API_INDIVIDUAL_KEY',
      secretKey: 'INSECURE_KEY_USAGE',
      secretInCustomerKey: 'INSECURE_KEY_USAGE',
      badCustomerKey: 'INVALID_CUSTOMER_KEY',
      badOrderId: 'INVALID_ORDER_ID',
      badOrderName: 'INVALID_ORDER_NAME',
      fractionalAmount: 'INVALID_AMOUNT_VALUE',
      negativeAmount: 'BELOW_ZERO_AMOUNT',
      usd: 'INVALID_AMOUNT_CURRENCY',
      unknownMethod: 'NOT_SUPPORTED_METHOD',
      onlySuccessUrl: 'INCORRECT_FAIL_URL_FORMAT',
      relativeUrls: 'INCORRECT_SUCCESS_URL_FORMAT',
      billingAnonymous: 'INVALID_CUSTOMER_KEY',
      widgetsWithoutAmount: 'NOT_SETUP_AMOUNT',
      widgetsBadSelector: 'INVALID_SELECTOR',
      widgetsNotRendered: 'NOT_SELECTED_PAYMENT_METHOD',
    });
  });

  it('the server refuses a key the emulator does not know, and the wrong family for the kind', async () => {
    const post = (body: unknown) =>
      fetch(`${emulator.url}/window/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { code: string }).code }));
    const request = {
      method: 'CARD',
      amount: { currency: 'KRW', value: 1000 },
      orderId: 'order-server-1',
      orderName: 'x',
    };
    const base = { kind: 'payment', customerKey: '@@ANONYMOUS', openerOrigin: shopUrl, request };
    await expect(post({ ...base, clientKey: 'test_ck_unknownKey0000000000' })).resolves.toEqual({
      status: 401,
      code: 'INVALID_CLIENT_KEY',
    });
    await expect(post({ ...base, clientKey: emulator.keys.widgetClientKey })).resolves.toEqual({
      status: 400,
      code: 'NOT_SUPPORTED_WIDGET_KEY',
    });
    await expect(post({ ...base, kind: 'widget', clientKey: emulator.keys.clientKey })).resolves.toEqual({
      status: 400,
      code: 'NOT_SUPPORTED_API_INDIVIDUAL_KEY',
    });
    await expect(
      post({
        ...base,
        clientKey: emulator.keys.clientKey,
        request: { ...request, amount: { currency: 'KRW', value: 0 } },
      }),
    ).resolves.toEqual({
      status: 400,
      code: 'BELOW_ZERO_AMOUNT',
    });
  });
});
