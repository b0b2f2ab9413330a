// @tosskit/browser in real Chromium (Debian's, through playwright-core) against the emulator's SDK
// stand-in and tosskit's own payment handler: the order-form widget end to end, billing auth, and the
// SDK load failures with the reason a developer needs (network, CSP), and confirmPayment against the real
// confirm route. The card and virtual-account window flows are proven by the example shops' suites.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createPaymentHandler } from '@tosskit/core';
import { handleNodeRequest } from '@tosskit/core/node';
import { createEmulator } from '@tosskit/emulator';
import type { Emulator } from '@tosskit/emulator';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { launchChromium, startInPage } from '../../../test-support/chromium.js';

const UNIT_PRICE = 10_000;
/** what the test page puts on window (the IIFE bundle and the test's own handles); untyped in the page */
type PageGlobals = { TosskitBrowser: any; checkout: any; mounted: any };
let emulator: Emulator;
let server: Server;
let origin: string;
let browser: Browser;
let page: Page;
const orders = new Map<string, number>();

const PAGE = (sdkSrc: string) => `<!doctype html><html lang="ko"><head><meta charset="utf-8"></head><body>
<div id="methods"></div><div id="agreement"></div>
<script src="/tosskit-browser.js"></script>
<script>window.checkout = TosskitBrowser.createCheckout({ sdkSrc: ${JSON.stringify(sdkSrc)} });</script></body></html>`;

beforeAll(async () => {
  emulator = await createEmulator();
  // the widget family end to end: gck in the page, gsk on the server
  const handler = createPaymentHandler({
    secretKey: emulator.keys.widgetSecretKey,
    clientKey: emulator.keys.widgetClientKey,
    apiBaseUrl: emulator.url,
    createOrder: (body) => {
      const qty = Number((body as { cart?: { qty?: unknown } }).cart?.qty);
      if (!Number.isSafeInteger(qty) || qty < 1) throw new Error('bad cart');
      const orderId = `widget-${orders.size + 1}-${Date.now()}`;
      orders.set(orderId, qty * UNIT_PRICE);
      return {
        orderId,
        orderName: `시험 상품 ${qty}개`,
        amount: qty * UNIT_PRICE,
        customerKey: 'widget-buyer-01',
      };
    },
    orderLookup: (orderId) => (orders.has(orderId) ? { amount: orders.get(orderId)! } : null),
    redirects: { success: '/done/:orderId', fail: '/failed' },
  });
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: 'TosskitBrowser',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;

  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': type, ...headers }).end(body);
    if (url.pathname === '/tosskit-browser.js') return send(200, 'text/javascript', script);
    if (url.pathname === '/page.html')
      return send(200, 'text/html; charset=utf-8', PAGE(`${emulator.url}/v2/standard`));
    if (url.pathname === '/offline.html')
      return send(200, 'text/html; charset=utf-8', PAGE('http://127.0.0.1:9/v2/standard'));
    if (url.pathname === '/csp.html') {
      // a shop whose CSP forgot the SDK's origin
      return send(200, 'text/html; charset=utf-8', PAGE(`${emulator.url}/v2/standard`), {
        'content-security-policy': "script-src 'self' 'unsafe-inline'",
      });
    }
    if (url.pathname.startsWith('/payments/billing/'))
      return send(200, 'text/plain', `billing ${url.search}`);
    if (url.pathname.startsWith('/done/')) return send(200, 'text/plain', `paid ${url.pathname.slice(6)}`);
    if (url.pathname === '/failed') return send(200, 'text/plain', `failed ${url.search}`);
    if (handler.handles(url.pathname)) return void handleNodeRequest(handler, req, res);
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await emulator?.close();
});

beforeEach(async () => {
  page = await browser.newPage();
  page.setDefaultTimeout(10_000);
});
afterEach(async () => {
  await page?.close();
});

it('mountWidgets renders the widget at the server amount, follows the cart, and pays that amount', async () => {
  await page.goto(`${origin}/page.html`);
  await page.evaluate(async () => {
    const w = window as unknown as PageGlobals;
    w.mounted = await w.checkout.mountWidgets({
      methodsSelector: '#methods',
      agreementSelector: '#agreement',
      cart: { qty: 1 },
    });
  });
  await page.waitForSelector('[data-testid=payment-methods]');
  await page.waitForSelector('[data-testid=agreement-checkbox]');
  const order = await page.evaluate(async () => {
    const w = window as unknown as PageGlobals;
    return w.mounted.update({ cart: { qty: 3 } });
  });
  expect(order.amount).toBe(30_000);

  // unticking the required terms stops the payment in the page, before any window opens
  await page.uncheck('[data-testid=agreement-checkbox]');
  const refused = await page.evaluate(() =>
    (window as unknown as PageGlobals).mounted.requestPayment().then(
      () => 'resolved',
      (e: { code: string }) => e.code,
    ),
  );
  expect(refused).toBe('AGREEMENT_REQUIRED');
  await page.check('[data-testid=agreement-checkbox]');

  const paying = startInPage(page, () => (window as unknown as PageGlobals).mounted.requestPayment());
  await page.waitForSelector('[data-testid=payment-window]');
  expect(await page.textContent('[data-testid=window-amount]')).toContain('30,000');
  await page.click('[data-testid=approve]');
  await page.waitForURL((u) => u.pathname === `/done/${order.orderId}`);
  await paying.finished();
  expect(await page.textContent('body')).toBe(`paid ${order.orderId}`);
  expect(emulator.control.getPayment(order.orderId)).toMatchObject({ status: 'DONE', totalAmount: 30_000 });
});

it('pay() refuses the widget key the server hands out, before loading the SDK', async () => {
  await page.goto(`${origin}/page.html`);
  const error = await page.evaluate(() =>
    (window as unknown as PageGlobals).checkout.pay({ cart: { qty: 1 }, method: 'CARD' }).then(
      () => null,
      (e: { code: string; details: unknown }) => ({ code: e.code, details: e.details }),
    ),
  );
  expect(error).toEqual({ code: 'CLIENT_KEY_WRONG_FAMILY', details: { expected: 'ck', received: 'gck' } });
});

it('requestBillingAuth opens the billing window and comes back to the billing success route', async () => {
  await page.goto(`${origin}/page.html`);
  const sdkSrc = `${emulator.url}/v2/standard`;
  const authorizing = startInPage(
    page,
    ([clientKey, src]: readonly [string, string]) =>
      (window as unknown as PageGlobals).TosskitBrowser.createCheckout({
        clientKey,
        sdkSrc: src,
      }).requestBillingAuth({ customerKey: 'billing-buyer-01', customer: { name: '김토스' } }),
    [emulator.keys.clientKey, sdkSrc] as const,
  );
  await page.waitForSelector('[data-testid=payment-window]');
  await page.click('[data-testid=approve]');
  await page.waitForURL(/\/payments\/billing\/success\?/);
  await authorizing.finished();
  const params = new URL(page.url()).searchParams;
  expect(params.get('customerKey')).toBe('billing-buyer-01');
  expect(params.get('authKey')).toMatch(/\w{8,}/);
});

it.each([
  ['offline.html', 'network'],
  ['csp.html', 'csp'],
])('an SDK that cannot load (%s) rejects with SDK_LOAD_FAILED and says why (%s)', async (file, reason) => {
  await page.goto(`${origin}/${file}`);
  const error = await page.evaluate(() =>
    (window as unknown as PageGlobals).checkout
      .mountWidgets({ methodsSelector: '#methods', agreementSelector: '#agreement', cart: { qty: 1 } })
      .then(
        () => null,
        (e: { code: string; details: { reason: string } }) => ({ code: e.code, reason: e.details.reason }),
      ),
  );
  expect(error).toEqual({ code: 'SDK_LOAD_FAILED', reason });
});

it('confirmPayment confirms against the real confirm route, and a tampered amount is CONFIRM_FAILED', async () => {
  const orderId = `confirm-${Date.now()}`;
  orders.set(orderId, 20_000);
  const { paymentKey } = await emulator.control.authorizePayment({ orderId, amount: 20_000 });
  await page.goto(`${origin}/page.html`);
  const confirm = (amount: number) =>
    page.evaluate(
      (input) =>
        (window as unknown as PageGlobals).TosskitBrowser.confirmPayment(input).then(
          (payment: { paymentKey: string; status: string; totalAmount: number }) => ({
            paymentKey: payment.paymentKey,
            status: payment.status,
            totalAmount: payment.totalAmount,
          }),
          (e: { code: string; details: unknown }) => ({ error: e.code, details: e.details }),
        ),
      { paymentKey, orderId, amount },
    );
  expect(await confirm(19_000)).toEqual({
    error: 'CONFIRM_FAILED',
    details: { orderId, paymentKey, status: 400, code: 'AMOUNT_MISMATCH' },
  });
  expect(emulator.control.getPayment(paymentKey)?.status).toBe('IN_PROGRESS');
  expect(await confirm(20_000)).toEqual({ paymentKey, status: 'DONE', totalAmount: 20_000 });
  expect(emulator.control.getPayment(paymentKey)?.status).toBe('DONE');
});
