// A page written the way the gateway's own samples are written — a plain <script src> of the v2 SDK,
// `TossPayments(clientKey).payment(...).requestPayment(...)` with successUrl/failUrl, and a server that
// confirms with Basic auth — runs against the emulator with ONE change in the page: the SDK script URL.
// The sample's server changes only its API base URL (what TOSS_API_BASE_URL does in our shops).
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEmulator } from '@tosskit/emulator';
import type { Emulator } from '@tosskit/emulator';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../../../test-support/chromium.js';

const REAL_SDK = 'https://js.tosspayments.com/v2/standard';
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/official-sample/', import.meta.url));

// --- the merchant's pages, as written for the real gateway -------------------------------------------
const CHECKOUT_HTML = `<!doctype html><html lang="ko"><head><meta charset="utf-8">
<script src="${REAL_SDK}"></script></head>
<body><h1>주문서</h1><p>결제 금액 50,000원</p><button id="payment-button">결제하기</button>
<script>
  const clientKey = 'test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq';
  const customerKey = 'sample-customer-0001';
  const tossPayments = TossPayments(clientKey);
  const payment = tossPayments.payment({ customerKey });
  document.getElementById('payment-button').addEventListener('click', async () => {
    await payment.requestPayment({
      method: 'CARD',
      amount: { currency: 'KRW', value: 50000 },
      orderId: 'sample-' + Math.random().toString(36).slice(2, 12),
      orderName: '토스 티셔츠 외 2건',
      successUrl: window.location.origin + '/success.html',
      failUrl: window.location.origin + '/fail.html',
      customerEmail: 'customer123@gmail.com',
      customerName: '김토스',
      card: { useEscrow: false, flowMode: 'DEFAULT', useCardPoint: false, useAppCardOnly: false },
    });
  });
</script></body></html>`;

const SUCCESS_HTML = `<!doctype html><html lang="ko"><head><meta charset="utf-8"></head>
<body><h1>결제 확인 중</h1><p id="result">...</p>
<script>
  const params = new URLSearchParams(location.search);
  fetch('/confirm', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ paymentKey: params.get('paymentKey'), orderId: params.get('orderId'), amount: params.get('amount') }),
  }).then((r) => r.json()).then((p) => {
    document.querySelector('h1').textContent = p.status === 'DONE' ? '결제 성공' : '결제 실패';
    document.getElementById('result').textContent = p.status + ' ' + p.totalAmount + ' ' + p.method;
  });
</script></body></html>`;

let emulator: Emulator;
let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  emulator = await createEmulator();
  const sdkUrl = `${emulator.url}/v2/standard`;
  // The one change to the page.
  const checkoutHtml = CHECKOUT_HTML.replace(REAL_SDK, sdkUrl);
  expect(checkoutHtml).not.toBe(CHECKOUT_HTML);
  expect(checkoutHtml.replace(sdkUrl, REAL_SDK)).toBe(CHECKOUT_HTML);

  // The sample server: serves the pages and confirms with the secret key (Basic auth, trailing colon).
  const apiBase = emulator.url; // https://api.tosspayments.com in production
  const secretKey = emulator.keys.secretKey;
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'POST' && path === '/confirm') {
      let text = '';
      for await (const chunk of req) text += chunk;
      const { paymentKey, orderId, amount } = JSON.parse(text) as Record<string, string>;
      const answer = await fetch(`${apiBase}/v1/payments/confirm`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ paymentKey, orderId, amount: Number(amount) }),
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      return;
    }
    const page =
      path === '/checkout.html'
        ? checkoutHtml
        : path === '/success.html'
          ? SUCCESS_HTML
          : path === '/fail.html'
            ? '<p id="fail">fail</p>'
            : null;
    if (page === null) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
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

it('an official-sample style page pays against the emulator with only the SDK script URL changed', async () => {
  const page = await browser.newPage();
  // Nothing may leave 127.0.0.1: a request to the real CDN or API would fail this test.
  const outside: string[] = [];
  page.on('request', (r) => {
    if (!/^http:\/\/127\.0\.0\.1[:/]/.test(r.url())) outside.push(r.url());
  });
  await page.goto(`${origin}/checkout.html`);
  await page.click('#payment-button');
  await page.waitForSelector('[data-testid=payment-window]');
  await page.click('[data-testid=approve]');
  await page.waitForURL(/\/success\.html\?/);
  await expect.poll(() => page.textContent('#result'), { timeout: 10_000 }).toMatch(/^DONE 50000 /);
  expect(await page.textContent('h1')).toBe('결제 성공');

  const orderId = new URL(page.url()).searchParams.get('orderId')!;
  expect(emulator.control.getPayment(orderId)).toMatchObject({
    status: 'DONE',
    totalAmount: 50000,
    orderName: '토스 티셔츠 외 2건',
  });
  expect(outside).toEqual([]);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}success.png`, fullPage: true });
  await page.close();
});
