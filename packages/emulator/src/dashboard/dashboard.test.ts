// The dashboard in real Chromium: payments made in the emulator's payment window (through its SDK stand-in) appear
// without a reload, its buttons drive the control API, and a delivery's attempts show the endpoint's answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../test-support/chromium.js';
import { approveIn, windowIn } from '../../../../test-support/payment-window.js';
import { createEmulator, type Emulator } from '../index.js';
import { client } from '../test-helpers.js';
import { startReceiver, type Receiver } from './receiver-test-support.js';

// A merchant page written for the real gateway: the SDK script by <script src>, the redirect form.
const shopPage = (
  sdk: string,
  clientKey: string,
) => `<!doctype html><html lang="ko"><head><meta charset="utf-8">
<script src="${sdk}"></script></head><body><script>
window.pay = (request) => TossPayments('${clientKey}').payment({ customerKey: TossPayments.ANONYMOUS })
  .requestPayment({ successUrl: location.origin + '/success', failUrl: location.origin + '/fail', ...request });
document.body.dataset.ready = '1';
</script></body></html>`;

/** expect.poll's wait on a busy machine (the default is 1 s) */
const PATIENT = { timeout: 10_000 };
let emulator: Emulator;
let hook: Receiver;
let shop: Server;
let shopUrl: string;
let browser: Browser;
let context: BrowserContext;
let dashboard: Page;
let seq = 0;
const orderId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

beforeAll(async () => {
  hook = await startReceiver('/payments/webhook');
  hook.answer.text = '{"ok":true,"from":"shop"}';
  [emulator, browser] = await Promise.all([
    createEmulator({ consecutiveRequestWindowMs: 0, webhookUrls: [hook.url] }),
    launchChromium(),
  ]);
  shop = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      req.url === '/' ? shopPage(`${emulator.url}/v2/standard`, emulator.keys.clientKey) : '<h1>ok</h1>',
    );
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => shop?.close(resolve));
  await emulator?.close();
  await hook?.close();
});

beforeEach(async () => {
  emulator.control.reset();
  context = await browser.newContext({ locale: 'ko-KR' });
  dashboard = await context.newPage();
  dashboard.setDefaultTimeout(10_000);
  await dashboard.goto(`${emulator.url}/__emulator/dashboard`);
  await dashboard.locator('#live[data-state="open"]').waitFor();
  // marks this document: a reload would lose it
  await dashboard.evaluate(() => ((window as any).notReloaded = true));
});

afterEach(async () => {
  await context.close();
});

/** The buyer pays in the emulator's window from the shop page; the shop confirms what the redirect carried. */
async function payInWindow(request: Record<string, unknown>, choices: { bank?: string } = {}) {
  const buyer = await context.newPage();
  buyer.setDefaultTimeout(10_000);
  await buyer.goto(shopUrl);
  await buyer.waitForSelector('body[data-ready="1"]', { state: 'attached' });
  void buyer.evaluate((r) => (window as any).pay(r), request).catch(() => {}); // navigates away
  await approveIn(await windowIn(buyer), choices);
  await buyer.waitForURL(`${shopUrl}/success?**`);
  const confirmed = await client(emulator).confirmRedirect(new URL(buyer.url()).searchParams);
  expect(confirmed.status, confirmed.text).toBe(200);
  await buyer.close();
  return confirmed.body as { paymentKey: string; status: string };
}

const row = (id: string) => dashboard.locator(`[data-testid="payment-row"][data-order-id="${id}"]`);

describe('emulator dashboard', () => {
  it('shows a card payment made in the payment window as it happens, without a reload', async () => {
    await expect(dashboard.getByTestId('payment-row').count()).resolves.toBe(0);
    const id = orderId('card');
    const paid = await payInWindow({
      method: 'CARD',
      amount: { currency: 'KRW', value: 42_000 },
      orderId: id,
      orderName: '머그컵 2개',
    });
    expect(paid.status).toBe('DONE');
    await row(id).and(dashboard.locator('[data-status="DONE"]')).waitFor();
    await expect(row(id).textContent()).resolves.toContain('42,000원');
    await expect(dashboard.evaluate(() => (window as any).notReloaded)).resolves.toBe(true);
    // the dashboard shows what the control API answers, and never the secret key
    await row(id).click();
    const timeline = dashboard.getByTestId('timeline');
    await timeline.locator('[data-testid="timeline-status"] [data-status="DONE"]').waitFor();
    expect(await dashboard.content()).not.toContain(emulator.keys.secretKey);
  });

  it('deposits a virtual account from its button, and the timeline shows the attempt and the answer', async () => {
    const id = orderId('va');
    const issued = await payInWindow(
      {
        method: 'VIRTUAL_ACCOUNT',
        amount: { currency: 'KRW', value: 31_000 },
        orderId: id,
        orderName: '가상계좌 주문',
        virtualAccount: { validHours: 24 },
      },
      { bank: 'SHINHAN' },
    );
    expect(issued.status).toBe('WAITING_FOR_DEPOSIT');
    await row(id).and(dashboard.locator('[data-status="WAITING_FOR_DEPOSIT"]')).click();
    await dashboard.locator('#detail-status[data-status="WAITING_FOR_DEPOSIT"]').waitFor();

    await dashboard.getByTestId('action-deposit').click();
    await dashboard.locator('#detail-status[data-status="DONE"]').waitFor();
    expect(emulator.control.getPayment(id)!.status).toBe('DONE');
    const callback = dashboard
      .getByTestId('timeline-delivery')
      .filter({ hasText: 'DEPOSIT_CALLBACK' })
      .filter({ has: dashboard.locator('[data-testid="delivery-state"][data-state="delivered"]') })
      .filter({ hasText: '"status": "DONE"' });
    await callback.waitFor();
    await expect(callback.getByTestId('delivery-url').textContent()).resolves.toBe(hook.url);
    await expect(callback.getByTestId('attempt-status').textContent()).resolves.toBe('HTTP 200');
    await expect(callback.getByTestId('attempt-answer').textContent()).resolves.toBe(hook.answer.text);
    expect(hook.received.some((b) => b['orderId'] === id && b['status'] === 'DONE')).toBe(true);

    // resend: a second delivery of the same body, delivered too
    await callback.getByTestId('resend').click();
    await expect
      .poll(
        () =>
          emulator.control.deliveries().filter((d) => d.resentFrom != null && d.state === 'delivered').length,
        PATIENT,
      )
      .toBe(1);
    await dashboard.getByText(/재전송 원본 #\d+/).waitFor();
  });

  it('cancels part of a payment, registers and removes an endpoint, sets and clears a fault, moves the clock', async () => {
    const id = orderId('cancel');
    await client(emulator).pay(id, 20_000);
    await row(id).click();
    await dashboard.getByTestId('cancel-amount').fill('5000');
    await dashboard.getByTestId('cancel-reason').fill('일부 품절');
    await dashboard.getByTestId('action-cancel').click();
    await dashboard.locator('#detail-status[data-status="PARTIAL_CANCELED"]').waitFor();
    await expect(dashboard.getByTestId('timeline-cancel').textContent()).resolves.toContain(
      '5,000원 · 일부 품절',
    );
    expect(emulator.control.getPayment(id)!.balanceAmount).toBe(15_000);

    await dashboard.getByTestId('endpoint-url').fill('http://127.0.0.1:9/va-only');
    await dashboard.locator('#endpoint-form input[value="DEPOSIT_CALLBACK"]').check();
    await dashboard.getByTestId('endpoint-add').click();
    await dashboard.locator('[data-testid="endpoint-row"][data-url="http://127.0.0.1:9/va-only"]').waitFor();
    expect(emulator.control.webhookSubscriptions()).toContainEqual({
      url: 'http://127.0.0.1:9/va-only',
      events: ['DEPOSIT_CALLBACK'],
    });
    await dashboard
      .locator('[data-testid="endpoint-row"][data-url="http://127.0.0.1:9/va-only"]')
      .getByTestId('endpoint-remove')
      .click();
    await expect.poll(() => emulator.control.webhookEndpoints(), PATIENT).toEqual([hook.url]);

    await dashboard.getByTestId('fault-kind').selectOption('fail');
    await dashboard.getByTestId('fault-route').selectOption('confirm');
    await dashboard.locator('#fault-form input[name="times"]').fill('2');
    await dashboard.getByTestId('fault-add').click();
    await dashboard.getByTestId('fault-row').waitFor();
    expect(emulator.control.faults()).toMatchObject([
      { spec: { kind: 'fail', route: 'confirm' }, remaining: 2 },
    ]);
    await dashboard.getByTestId('faults-clear').click();
    await expect.poll(() => emulator.control.faults().length, PATIENT).toBe(0);
    await dashboard.getByTestId('fault-row').waitFor({ state: 'detached' });

    const before = emulator.control.now();
    await dashboard.getByTestId('clock-amount').fill('2');
    await dashboard.getByTestId('clock-unit').selectOption('3600000');
    await dashboard.getByTestId('clock-advance').click();
    await expect.poll(() => emulator.control.now() - before, PATIENT).toBeGreaterThanOrEqual(7_200_000);
  });

  it('reports a deposit error and expires an open payment from their buttons', async () => {
    const va = orderId('va');
    await client(emulator).pay(va, 18_000, { method: 'VIRTUAL_ACCOUNT' });
    await emulator.control.deposit(va);
    await row(va).and(dashboard.locator('[data-status="DONE"]')).click();
    await dashboard.getByTestId('action-deposit-error').click();
    await dashboard.locator('#detail-status[data-status="WAITING_FOR_DEPOSIT"]').waitFor();
    expect(emulator.control.getPayment(va)!.status).toBe('WAITING_FOR_DEPOSIT');

    const open = orderId('open');
    await emulator.control.openPayment({ orderId: open, amount: 7_000 });
    await row(open).click();
    await dashboard.locator('#detail-status[data-status="READY"]').waitFor();
    await dashboard.getByTestId('action-expire').click();
    await dashboard.locator('#detail-status[data-status="EXPIRED"]').waitFor();
    expect(emulator.control.getPayment(open)!.status).toBe('EXPIRED');
    // the filters: only the expired one
    await dashboard.getByTestId('filter-status').selectOption('EXPIRED');
    await expect.poll(() => dashboard.getByTestId('payment-row').count(), PATIENT).toBe(1);
    await expect(row(open).count()).resolves.toBe(1);
  });

  it('switches to English, and shows the control API error in the chosen language', async () => {
    const id = orderId('card');
    await client(emulator).pay(id, 10_000);
    await row(id).click();
    await dashboard.getByTestId('action-deposit').click(); // a card payment takes no deposit
    const message = dashboard.locator('#message[data-kind="error"]');
    await message.waitFor();
    const korean = await message.textContent();
    expect(korean).toMatch(/^[A-Z_]+: /);

    await dashboard.getByTestId('lang-switch').click();
    await expect(dashboard.locator('h1').textContent()).resolves.toBe('tosskit emulator dashboard');
    await expect(dashboard.locator('html').getAttribute('lang')).resolves.toBe('en');
    await dashboard.getByTestId('action-deposit').click();
    await expect.poll(() => message.textContent(), PATIENT).not.toBe(korean);
    const english = (await message.textContent())!;
    expect(english.split(':')[0]).toBe(korean!.split(':')[0]); // the same stable code
    expect(english).not.toMatch(/[가-힣]/);
    await dashboard.reload();
    await expect(dashboard.locator('h1').textContent()).resolves.toBe('tosskit emulator dashboard');
  });
});
