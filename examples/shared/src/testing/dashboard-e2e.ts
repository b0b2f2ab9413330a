// The emulator's dashboard with a tosskit shop behind the webhook: its deposit button pays the virtual account,
// the shop hears it through the webhook and its order turns paid; the dashboard shows the shop's answer. Both
// shops run it.
import type { Emulator } from '@tosskit/emulator';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ShopOptions } from '../shop-config.js';
import { useShopInChromium, type ShopUnderTest } from './shop-in-chromium.js';
import { buyThroughShop } from './webhook-log-e2e.js';

export function describeDashboardE2E(
  name: string,
  createShop: (options: ShopOptions) => Promise<ShopUnderTest>,
): void {
  /** expect.poll's wait on a busy machine (the default is 1 s) */
  const PATIENT = { timeout: 10_000 };
  let emulator: Emulator;
  let shop: ShopUnderTest;
  let url: string;
  let page: Page;

  useShopInChromium({
    name: `${name}-dashboard`,
    createShop,
    onStart: (started) => ({ emulator, shop, url } = started),
    onPage: (p) => (page = p),
  });

  describe(`${name} with the emulator dashboard`, () => {
    it("the dashboard's deposit turns the shop's virtual-account order paid", async () => {
      const orderId = await buyThroughShop({ emulatorUrl: emulator.url, url }, 'VIRTUAL_ACCOUNT');
      expect(shop.core.orders.get(orderId)!.status).toBe('WAITING_FOR_DEPOSIT');

      await page.goto(`${emulator.url}/__emulator/dashboard`);
      await page.locator(`[data-testid="payment-row"][data-order-id="${orderId}"]`).click();
      await page.locator('#detail-status[data-status="WAITING_FOR_DEPOSIT"]').waitFor();
      await page.getByTestId('action-deposit').click();
      await page.locator('#detail-status[data-status="DONE"]').waitFor();

      await expect.poll(() => shop.core.orders.get(orderId)!.status, PATIENT).toBe('PAID');
      expect((await shop.core.ledger.getPaymentByOrderId(orderId))?.status).toBe('DONE');
      // the shop's answer to the deposit callback, as the dashboard shows it
      const callback = page
        .getByTestId('timeline-delivery')
        .filter({ hasText: 'DEPOSIT_CALLBACK' })
        .filter({ hasText: '"status": "DONE"' })
        .filter({ has: page.locator('[data-testid="delivery-state"][data-state="delivered"]') });
      await callback.waitFor();
      await expect(callback.getByTestId('delivery-url').textContent()).resolves.toBe(
        `${url}/payments/webhook`,
      );
      await expect(callback.getByTestId('attempt-status').textContent()).resolves.toBe('HTTP 200');
    }, 60_000);
  });
}
