// Cash receipts (admin page) and card promotions (checkout page) of an example shop, in real Chromium against
// the emulator. Both shops run it: the pages are shared, the adapters are not.
import type { Emulator } from '@tosskit/emulator';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ShopOptions } from '../shop-config.js';
import { useShopInChromium, type ShopUnderTest } from './shop-in-chromium.js';

const DAY = 86_400_000;
const kstDate = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);

export function describeReceiptsAndPromotionsE2E(
  name: string,
  createShop: (options: ShopOptions) => Promise<ShopUnderTest>,
): void {
  let emulator: Emulator;
  let shop: ShopUnderTest;
  let url: string;
  let page: Page;

  useShopInChromium({
    name: `${name}-receipts`,
    createShop,
    emulator: {
      promotions: {
        card: {
          discountCards: [
            {
              issuerCode: '41',
              discountAmount: 1000,
              balance: 500_000,
              discountCode: 'disc_e2e',
              dueDate: kstDate(Date.now() + 30 * DAY),
              minimumPaymentAmount: 1_000,
              maximumPaymentAmount: 1_000_000,
              currency: 'KRW',
            },
            {
              issuerCode: '61',
              discountAmount: 9000,
              balance: 0,
              discountCode: 'disc_spent',
              dueDate: kstDate(Date.now() + 30 * DAY),
              minimumPaymentAmount: 1_000,
              maximumPaymentAmount: null,
              currency: 'KRW',
            },
          ],
          interestFreeCards: [
            {
              issuerCode: '51',
              minimumPaymentAmount: 1_000,
              dueDate: kstDate(Date.now() + 30 * DAY),
              installmentFreeMonths: [2, 3],
              currency: 'KRW',
            },
          ],
        },
      },
    },
    onStart: (started) => ({ emulator, shop, url } = started),
    onPage: (p) => (page = p),
  });

  async function toCheckout(): Promise<void> {
    await page.goto(url);
    await page.click('[data-testid=add-notebook]');
    await page.waitForURL(`${url}/cart`);
    await page.goto(`${url}/checkout`);
  }

  describe(`${name}: promotions and cash receipts`, () => {
    it('the checkout page shows the card promotions that apply to the total', async () => {
      await toCheckout();
      await page.waitForSelector('[data-testid=checkout-promotion]');
      const lines = await page.locator('[data-testid=checkout-promotion]').allTextContents();
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^신한카드 즉시 할인 1,000원/);
      expect(lines[1]).toBe('삼성카드 무이자 2·3개월');
      expect(emulator.control.requests({ route: 'cardPromotions' })).toHaveLength(1);
    });

    it('the admin page lists an order’s cash receipts and issues one (identity number masked)', async () => {
      await toCheckout();
      await page.check('[data-testid=method-virtual-account]');
      await page.click('[data-testid=pay-button]');
      await page.waitForSelector('[data-testid=payment-window]');
      // the buyer asks for no receipt in the window: the shop issues it later
      await page.selectOption('[data-testid=cash-receipt-select]', '미발행');
      await page.click('[data-testid=approve]');
      await page.waitForURL(/\/orders\/order-/);
      const orderId = (await page.textContent('[data-testid=order-id]'))!.trim();
      await page.click('[data-testid=simulate-deposit]');
      await page.waitForSelector('[data-testid=order-status][data-status=PAID]', { timeout: 15_000 });

      await page.goto(`${url}/admin`);
      await page.click('[data-testid=dev-login]');
      await page.waitForSelector('[data-testid=admin-role]');
      const section = page.locator(`[data-testid=admin-payment][data-order-id="${orderId}"]`);
      await section.locator('details.receipts summary').click();
      await expect
        .poll(() => section.locator('details.receipts summary').textContent())
        .toBe('현금영수증 (0)');
      await section.locator('[data-testid=receipt-identity]').fill('01012345678');
      await section.locator('[data-testid=receipt-issue]').click();
      await section.locator('[data-testid=receipt-row]').first().waitFor();
      const row = await section.locator('[data-testid=receipt-row]').first().textContent();
      expect(row).toContain('발급');
      expect(row).toContain('010****5678');
      expect(row).not.toContain('01012345678');
      expect(emulator.control.requests({ route: 'cashReceiptIssue' })).toHaveLength(1);
      const recorded = await shop.core.ledger.listCashReceipts({ orderId });
      expect(recorded).toMatchObject([
        { transactionType: 'CONFIRM', issueStatus: 'IN_PROGRESS', customerIdentityNumber: '010****5678' },
      ]);
      // more than what is left is refused, and the page says why
      await section.locator('[data-testid=receipt-identity]').fill('01012345678');
      await section.locator('[data-testid=receipt-issue]').click();
      await page.waitForSelector('[data-testid=admin-error]:not([hidden])');
      expect(await page.textContent('[data-testid=admin-error]')).toContain('CASH_RECEIPT_AMOUNT_EXCEEDED');
    });
  });
}
