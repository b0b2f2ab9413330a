// What the Chromium suites and `npm run screenshots` share, with no test framework in it: the emulator and a
// shop started together, and the buyer's steps through the shop's pages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator } from '@tosskit/emulator';
import type { Emulator, EmulatorOptions } from '@tosskit/emulator';
import type { Page } from 'playwright-core';
import type { ShopCore } from '../shop-core.js';
import type { ShopOptions } from '../shop-config.js';

export interface ShopUnderTest {
  core: ShopCore;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/** The emulator in-process and the shop on port 0 over a temp data dir, webhooks wired; no test framework. */
export async function startShopAndEmulator<S extends ShopUnderTest>(options: {
  name: string;
  createShop: (options: ShopOptions) => Promise<S>;
  emulator?: EmulatorOptions;
}): Promise<{ emulator: Emulator; shop: S; url: string; close(): Promise<void> }> {
  const emulator = await createEmulator(options.emulator);
  const dataDir = mkdtempSync(join(tmpdir(), `${options.name}-e2e-`));
  const shop = await options.createShop({
    apiBaseUrl: emulator.url,
    dataDir,
    dev: true,
    jwtSecret: 'e2e-admin-token-secret-0123456789abcdef',
  });
  const url = await shop.listen(0);
  emulator.control.addWebhookEndpoint(`${url}/payments/webhook`);
  return {
    emulator,
    shop,
    url,
    async close() {
      await shop.close();
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** puts the SKUs into the cart through the shop's own buttons */
export async function fillCart(page: Page, url: string, skus: string[]): Promise<void> {
  for (const sku of skus) {
    await page.goto(url);
    await page.click(`[data-testid=add-${sku}]`);
    await page.waitForURL(`${url}/cart`);
  }
}

/** from the cart to the widget checkout; resolves when the widget is rendered and the pay button enabled */
export async function openWidgetCheckout(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/cart`);
  await page.click('[data-testid=go-checkout]');
  await page.waitForURL(`${url}/checkout`);
  await page.waitForSelector('#payment-methods [data-testid=payment-methods]');
  await page.waitForSelector('#agreement [data-testid=agreement-checkbox]');
  await page.waitForSelector('[data-testid=pay-button]:enabled');
}

/** types a coupon code on the widget checkout and waits for the server's answer on the page */
export async function applyCoupon(page: Page, code: string): Promise<void> {
  const message = '[data-testid=coupon-message]';
  const before = await page.textContent(message);
  await page.fill('[data-testid=coupon-code]', code);
  await page.click('[data-testid=coupon-apply]');
  await page.waitForFunction(([selector, text]) => document.querySelector(selector!)?.textContent !== text, [
    message,
    before,
  ] as const);
}

/** the pay button of either checkout page: resolves when the emulator's payment window is open */
export async function openPaymentWindow(page: Page): Promise<void> {
  await page.click('[data-testid=pay-button]');
  await page.waitForSelector('[data-testid=payment-window]');
}
