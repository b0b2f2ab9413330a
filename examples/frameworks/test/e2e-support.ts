// What the framework examples' tests share: the emulator in-process on port 0 (its URL handed to the examples
// through TOSS_API_BASE_URL, as a developer would set it), a real Chromium that pays in the emulator's window,
// and the emulator's control API standing in for the window where a browser adds nothing.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator, type Emulator } from '@tosskit/emulator';
import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from '../../../test-support/chromium.js';
import { approveIn, windowIn } from '../../../test-support/payment-window.js';

const restores: Array<() => void> = [];

/** Sets environment variables for this test file, as a developer would before starting the example. */
export function setEnv(vars: Record<string, string>): void {
  const before = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  restores.push(() => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

/** Puts back every variable `setEnv` changed (call it in afterAll). */
export function restoreEnv(): void {
  while (restores.length > 0) restores.pop()!();
}

/** Starts the emulator and points the examples at it (they read TOSS_API_BASE_URL when they are created). */
export async function startEmulator(): Promise<Emulator> {
  const emulator = await createEmulator();
  setEnv({ TOSS_API_BASE_URL: emulator.url });
  return emulator;
}

export function origin(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function listening(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(origin(server)));
  });
}

export function closing(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export { launchChromium };

/**
 * The buyer's way: opens the checkout page, presses pay (@tosskit/browser asks the server for the order and
 * opens the emulator's window), approves by card, and lands on the order page. Returns the orderId and the
 * status the order page shows.
 */
export async function payByCardInChromium(
  browser: Browser,
  checkoutUrl: string,
): Promise<{ orderId: string; path: string; shownStatus: string; paymentKey: string }> {
  const context = await browser.newContext({ locale: 'ko-KR' });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(checkoutUrl);
    await page.getByTestId('pay').click();
    const window = await windowIn(page).catch(async (error: Error) => {
      // the checkout page shows why the window did not open (a refused checkout, an SDK that did not load)
      const shown = await page
        .getByTestId('error')
        .textContent()
        .catch(() => null);
      throw new Error(`the payment window did not open: ${shown || error.message}`);
    });
    expect(await window.getByTestId('window-amount').textContent()).toBe('30,000원');
    await approveIn(window, { cardCompany: 'SHINHAN' });
    await page.waitForURL(/\/orders\/order-[0-9a-f-]+\?/);
    const landed = new URL(page.url());
    return {
      orderId: decodeURIComponent(landed.pathname.split('/').pop()!),
      path: landed.pathname,
      paymentKey: landed.searchParams.get('paymentKey') ?? '',
      shownStatus: (await page.getByTestId('order-status').textContent())!.trim(),
    };
  } finally {
    await context.close();
  }
}

/**
 * The same payment without a browser: POST checkout, the emulator's control API approves the window
 * (`authorizePayment`, what pressing 결제하기 does), then the gateway's redirect to the success URL.
 */
export async function payByCardWithControlApi(
  emulator: Emulator,
  checkoutEndpoint: string,
): Promise<{ orderId: string; location: string }> {
  const checkout = await fetch(checkoutEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ cart: { 'tee-white': 2 } }),
  });
  expect(checkout.status).toBe(200);
  const order = (await checkout.json()) as {
    orderId: string;
    amount: number;
    successUrl: string;
    clientKey: string;
  };
  expect(order.amount).toBe(30_000);
  expect(order.clientKey).toBe(emulator.keys.clientKey);
  const session = await emulator.control.authorizePayment({ orderId: order.orderId, amount: order.amount });
  const success = new URL(order.successUrl);
  success.searchParams.set('paymentKey', session.paymentKey);
  success.searchParams.set('orderId', session.orderId);
  success.searchParams.set('amount', String(session.amount));
  const landed = await fetch(success, { redirect: 'manual' });
  expect(landed.status).toBe(303); // See Other: to the shop's result page
  return { orderId: order.orderId, location: landed.headers.get('location')! };
}
