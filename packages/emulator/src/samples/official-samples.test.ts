// A shop written like the gateway's public samples (sample-site-test-support.ts) runs against the emulator with two
// changes only, the SDK script URL of its pages and the API base URL of its server, driven in real Chromium:
// the widget, the payment window with CARD, TRANSFER, VIRTUAL_ACCOUNT, MOBILE_PHONE, CULTURE_GIFT_CERTIFICATE and
// FOREIGN_EASY_PAY, card and transfer billing, BrandPay (payment, adding a card, one-touch), and the fail paths.
// Nothing may leave 127.0.0.1: a request to the real CDN or API fails the test.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../test-support/chromium.js';
import { createEmulator, type Emulator } from '../index.js';
import {
  REAL_API,
  REAL_SDK,
  SAMPLE_PAGES,
  listenLocal,
  sampleServer,
  toEmulator,
} from './sample-site-test-support.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/official-sample/', import.meta.url));

let emulator: Emulator;
let server: Server;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let outside: string[];

beforeAll(async () => {
  emulator = await createEmulator({ consecutiveRequestWindowMs: 0 });
  const { pages, apiBase } = toEmulator(emulator.url);
  // exactly the two changes: every page differs from the sample only in the SDK script URL
  for (const [path, html] of Object.entries(pages)) {
    expect(html.split(`${emulator.url}/v2/standard`).join(REAL_SDK), path).toBe(SAMPLE_PAGES[path]);
  }
  expect(apiBase).not.toBe(REAL_API);
  server = sampleServer(apiBase, pages);
  [origin, browser] = await Promise.all([listenLocal(server), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await emulator?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ locale: 'ko-KR' });
  page = await context.newPage();
  outside = [];
  page.on('request', (r) => {
    if (!/^http:\/\/127\.0\.0\.1[:/]/.test(r.url())) outside.push(r.url());
  });
});

afterEach(async () => {
  expect(outside).toEqual([]);
  await context.close();
});

/** What the success page shows: the API's answer the sample server relayed. */
async function relayed(): Promise<Record<string, any>> {
  await page.waitForFunction(() => (document.getElementById('response')?.textContent ?? '') !== '', null, {
    timeout: 15_000,
  });
  return JSON.parse((await page.textContent('#response'))!) as Record<string, any>;
}

async function approveInWindow(choices: { bank?: string } = {}) {
  await page.waitForSelector('[data-testid=payment-window]');
  if (choices.bank) await page.selectOption('[data-testid=bank-select]', choices.bank);
  await page.click('[data-testid=approve]');
}

describe('the widget sample', () => {
  it('renders the widget, pays by card and confirms with the widget secret key', async () => {
    await page.goto(`${origin}/widget/checkout.html`);
    await page.waitForSelector('body[data-ready="1"]');
    await page.click('#payment-button');
    await approveInWindow();
    await page.waitForURL(/\/widget\/success\.html\?/);
    expect(new URL(page.url()).searchParams.get('paymentType')).toBe('NORMAL');
    expect(await relayed()).toMatchObject({ status: 'DONE', totalAmount: 50_000, method: '카드' });
  });
});

describe('the payment window sample', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['CARD', { status: 'DONE', method: '카드', totalAmount: 50_000 }],
    ['TRANSFER', { status: 'DONE', method: '계좌이체', totalAmount: 50_000 }],
    ['VIRTUAL_ACCOUNT', { status: 'WAITING_FOR_DEPOSIT', method: '가상계좌', totalAmount: 50_000 }],
    ['MOBILE_PHONE', { status: 'DONE', method: '휴대폰', totalAmount: 50_000 }],
    ['CULTURE_GIFT_CERTIFICATE', { status: 'DONE', method: '문화상품권', totalAmount: 50_000 }],
    [
      'FOREIGN_EASY_PAY',
      {
        status: 'DONE',
        method: '해외간편결제',
        currency: 'USD',
        totalAmount: 100,
        foreignEasyPay: { provider: 'PAYPAL' },
      },
    ],
  ];
  for (const [method, expected] of cases) {
    it(`${method}: window, redirect to success.html, confirm`, async () => {
      await page.goto(`${origin}/payment/checkout.html`);
      await page.click(`#${method}`);
      await page.click('#pay');
      await approveInWindow();
      await page.waitForURL(/\/payment\/success\.html\?/);
      const answer = await relayed();
      expect(answer).toMatchObject(expected);
      expect(emulator.control.getPayment(answer['orderId'] as string)).toMatchObject({
        status: expected['status'],
      });
      if (method === 'FOREIGN_EASY_PAY') {
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: `${ARTIFACTS}paypal-success.png`, fullPage: true });
      }
    });
  }
});

describe('the billing sample', () => {
  for (const [billingMethod, bank] of [
    ['CARD', undefined],
    ['TRANSFER', 'SHINHAN'],
  ] as const) {
    it(`${billingMethod} billing: auth window, billing key, then a charge with it`, async () => {
      await page.goto(`${origin}/payment/checkout.html`);
      await page.click(billingMethod === 'CARD' ? '#BILLING_CARD' : '#BILLING_TRANSFER');
      await page.click('#billing');
      await approveInWindow(bank === undefined ? {} : { bank });
      await page.waitForURL(/\/payment\/billing\.html\?/);
      expect(new URL(page.url()).searchParams.get('billingMethod')).toBe(billingMethod);
      await page.waitForSelector('body[data-issued="1"]');
      const billing = JSON.parse((await page.textContent('#response'))!) as Record<string, unknown>;
      expect(billing['billingKey']).toEqual(expect.any(String));
      await page.click('#confirm');
      await expect
        .poll(() => page.textContent('#title'), { timeout: 15_000 })
        .toBe('빌링키로 결제에 성공했어요.');
      const charged = JSON.parse((await page.textContent('#response'))!) as Record<string, unknown>;
      expect(charged).toMatchObject({ status: 'DONE', totalAmount: 4900, type: 'BILLING' });
    });
  }
});

describe('the BrandPay sample', () => {
  it('first payment: sign-up, the redirectUrl trades the code, pay, confirm with the BrandPay API', async () => {
    await page.goto(`${origin}/brandpay/checkout.html?customerKey=sample-brandpay-01`);
    await page.click('#pay');
    await page.waitForSelector('[data-testid=brandpay-window]');
    await page.selectOption('[data-testid=card-company-select]', 'HYUNDAI');
    await page.click('[data-testid=approve]');
    // the window loaded /callback-auth?code&customerKey, the sample server got its Access Token: the card can pay
    await page.waitForSelector('text=50,000원 결제하기', { timeout: 15_000 });
    const auth = emulator.control.requests({ path: '/v1/brandpay/authorizations/access-token' });
    expect(auth.map((r) => r.status)).toEqual([200]);
    await page.click('[data-testid=approve]');
    await page.waitForURL(/\/brandpay\/success\.html\?/);
    expect(new URL(page.url()).searchParams.get('customerKey')).toBe('sample-brandpay-01');
    expect(await relayed()).toMatchObject({ status: 'DONE', type: 'BRANDPAY', totalAmount: 50_000 });
    expect(emulator.control.requests({ path: '/v1/brandpay/payments/confirm' }).map((r) => r.status)).toEqual(
      [200],
    );
  });

  it('manages methods: addPaymentMethod signs up in an overlay, then one-touch is switched on', async () => {
    await page.goto(`${origin}/brandpay/checkout.html?customerKey=sample-brandpay-02`);
    await page.click('#is-one-touch');
    await expect.poll(() => page.textContent('#result')).toBe('error NEED_AGREEMENT_WITH_TERMS');
    await page.click('#add');
    const overlay = page.frameLocator('[data-testid="tosspayments-window"]');
    await overlay.getByTestId('approve').click();
    await expect.poll(() => page.textContent('#result'), { timeout: 15_000 }).toBe('ok null');
    await page.click('#one-touch');
    await overlay.getByTestId('brandpay-one-touch').check();
    await overlay.getByTestId('approve').click();
    await expect.poll(() => page.textContent('#result')).toBe('ok null');
    await page.click('#is-one-touch');
    await expect.poll(() => page.textContent('#result')).toBe('ok {"isEnabled":true}');
  });
});

describe('the fail paths', () => {
  it('the buyer closes the payment window: fail.html with PAY_PROCESS_CANCELED', async () => {
    await page.goto(`${origin}/payment/checkout.html`);
    await page.click('#CARD');
    await page.click('#pay');
    await page.waitForSelector('[data-testid=payment-window]');
    await page.click('[data-testid=cancel]');
    await page.waitForURL(/\/fail\.html\?/);
    expect(await page.textContent('#code')).toBe('PAY_PROCESS_CANCELED');
  });

  it('the card company refuses: fail.html with REJECT_CARD_COMPANY, and the payment is ABORTED', async () => {
    await page.goto(`${origin}/payment/checkout.html`);
    await page.click('#CARD');
    await page.click('#pay');
    await page.waitForSelector('[data-testid=payment-window]');
    await page.click('[data-testid=decline]');
    await page.waitForURL(/\/fail\.html\?/);
    expect(await page.textContent('#code')).toBe('REJECT_CARD_COMPANY');
    const orderId = new URL(page.url()).searchParams.get('orderId')!;
    expect(emulator.control.getPayment(orderId)?.status).toBe('ABORTED');
  });

  it('the buyer closes the BrandPay window: fail.html with PAY_PROCESS_CANCELED', async () => {
    await page.goto(`${origin}/brandpay/checkout.html?customerKey=sample-brandpay-03`);
    await page.click('#pay');
    await page.waitForSelector('[data-testid=brandpay-window]');
    await page.click('[data-testid=cancel]');
    await page.waitForURL(/\/fail\.html\?/);
    expect(await page.textContent('#code')).toBe('PAY_PROCESS_CANCELED');
  });

  it('reloading success.html confirms again: the API refuses, fail.html shows ALREADY_PROCESSED_PAYMENT', async () => {
    await page.goto(`${origin}/payment/checkout.html`);
    await page.click('#CARD');
    await page.click('#pay');
    await approveInWindow();
    await page.waitForURL(/\/payment\/success\.html\?/);
    expect((await relayed())['status']).toBe('DONE');
    await page.reload();
    await page.waitForURL(/\/fail\.html\?/);
    expect(await page.textContent('#code')).toBe('ALREADY_PROCESSED_PAYMENT');
  });
});
