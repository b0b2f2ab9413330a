// Issue 12 §3 a, in real Chromium: with successUrl/failUrl the real SDK navigates away and its promise never
// settles (spec §15; the v2 SDK typings give the redirect form `Promise<void>` that does not resolve before the
// page is left). A page written like the gateway's own sample, whose `switch` falls through from one
// `await payment.requestPayment(...)` to the next, must therefore make one request and see no
// "이미 진행 중인 결제 요청이 있습니다". The page notes in sessionStorage (which survives the navigation) whatever
// happened after each await, so the test reads it back on the shop's success page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../test-support/chromium.js';
import { approveIn, windowIn } from '../../../../test-support/payment-window.js';
import { createEmulator, type Emulator } from '../index.js';

// The sample's pattern: a plain <script src>, the global, a switch without breaks, no catch of its own.
const samplePage = (src: string) => `<!doctype html><html lang="ko"><head><meta charset="utf-8">
<script src="${src}"></script></head><body>
<button id="pay" type="button">결제하기</button>
<button id="widget" type="button">위젯 결제하기</button>
<button id="billing" type="button">카드 등록하기</button>
<div id="payment-method"></div><div id="agreement"></div>
<script>
  const q = new URLSearchParams(location.search);
  const note = (what) => sessionStorage.setItem('notes', (sessionStorage.getItem('notes') || '') + what + ';');
  window.addEventListener('unhandledrejection', (e) => note('rejected:' + (e.reason && e.reason.message)));
  const tossPayments = TossPayments(q.get('ck'));
  const payment = q.get('wk') ? null : tossPayments.payment({ customerKey: 'customer-sample-01' });
  const common = () => ({
    amount: { currency: 'KRW', value: 50000 },
    orderId: 'sample-' + Date.now(),
    orderName: '토스 티셔츠 외 2건',
    successUrl: window.location.origin + '/success',
    failUrl: window.location.origin + '/fail',
  });
  async function requestPayment(selectedPaymentMethod) {
    switch (selectedPaymentMethod) {
      case 'CARD':
        await payment.requestPayment({ method: 'CARD', ...common(), card: { useEscrow: false, flowMode: 'DEFAULT' } });
        note('card-settled');
      case 'TRANSFER':
        await payment.requestPayment({ method: 'TRANSFER', ...common(), transfer: { useEscrow: false } });
        note('transfer-settled');
      case 'VIRTUAL_ACCOUNT':
        await payment.requestPayment({ method: 'VIRTUAL_ACCOUNT', ...common(), virtualAccount: { validHours: 24 } });
        note('va-settled');
    }
  }
  document.getElementById('pay').addEventListener('click', () => requestPayment('CARD'));
  document.getElementById('billing').addEventListener('click', async () => {
    await payment.requestBillingAuth({
      method: 'CARD',
      successUrl: window.location.origin + '/success',
      failUrl: window.location.origin + '/fail',
    });
    note('billing-settled');
  });
  const widgets = q.get('wk') ? tossPayments.widgets({ customerKey: 'customer-sample-01' }) : null;
  if (widgets) {
    (async () => {
      await widgets.setAmount({ currency: 'KRW', value: 50000 });
      await widgets.renderPaymentMethods({ selector: '#payment-method' });
      await widgets.renderAgreement({ selector: '#agreement' });
      document.body.dataset.widgets = '1';
    })();
  }
  document.getElementById('widget').addEventListener('click', async () => {
    await widgets.requestPayment({ ...common() });
    note('widget-settled');
  });
</script></body></html>`;

let emulator: Emulator;
let shop: Server;
let shopUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let sessionPosts: string[];

beforeAll(async () => {
  [emulator, browser] = await Promise.all([createEmulator(), launchChromium()]);
  shop = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://shop').pathname;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      path === '/sample'
        ? samplePage(`${emulator.url}/v2/standard`)
        : `<!doctype html><title>${path}</title>`,
    );
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
  sessionPosts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/window/sessions')) sessionPosts.push(r.url());
  });
});

afterEach(async () => {
  await context.close();
});

/** Approves in the window, lands on the shop's success page, and returns what the page noted meanwhile. */
async function approveAndReadNotes(): Promise<string> {
  await approveIn(await windowIn(page));
  await page.waitForURL(/\/success\?/);
  return page.evaluate(() => sessionStorage.getItem('notes') ?? '');
}

describe('redirect form: the promise never settles, as the real SDK navigates away', () => {
  it('payment window: a sample page whose switch falls through makes one request and no "already in progress"', async () => {
    await page.goto(`${shopUrl}/sample?ck=${emulator.keys.clientKey}`);
    await page.click('#pay');
    const notes = await approveAndReadNotes();
    expect(notes).toBe('');
    expect(notes).not.toContain('이미 진행 중인 결제 요청이 있습니다');
    expect(sessionPosts).toHaveLength(1);
    expect(new URL(page.url()).searchParams.get('paymentKey')).toBeTruthy();
  });

  it('requestBillingAuth in redirect form does not settle either', async () => {
    await page.goto(`${shopUrl}/sample?ck=${emulator.keys.clientKey}`);
    await page.click('#billing');
    expect(await approveAndReadNotes()).toBe('');
    expect(new URL(page.url()).searchParams.get('authKey')).toBeTruthy();
    expect(sessionPosts).toHaveLength(1);
  });

  it("widgets' requestPayment in redirect form does not settle either", async () => {
    await page.goto(`${shopUrl}/sample?ck=${emulator.keys.widgetClientKey}&wk=1`);
    await page.waitForSelector('body[data-widgets="1"]');
    await page.click('#widget');
    expect(await approveAndReadNotes()).toBe('');
    expect(new URL(page.url()).searchParams.get('paymentType')).toBe('NORMAL');
    expect(sessionPosts).toHaveLength(1);
  });
});
