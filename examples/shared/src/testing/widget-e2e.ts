// The default checkout of both example shops, the Toss payment widget (결제위젯), in real Chromium against the
// emulator's SDK stand-in: card and virtual account through the widget, a coupon that changes the amount
// through the server, and an amount the page made up refused at the success route.
import type { Emulator } from '@tosskit/emulator';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ShopOptions } from '../shop-config.js';
import { applyCoupon, fillCart, openPaymentWindow, openWidgetCheckout } from './shop-flows.js';
import { useShopInChromium } from './shop-in-chromium.js';
import type { ShopUnderTest } from './shop-in-chromium.js';

export function describeWidgetCheckoutE2E(
  name: string,
  createShop: (options: ShopOptions) => Promise<ShopUnderTest>,
): void {
  // the first test also builds the page's script bundle (esbuild): room for a busy machine
  describe(`${name}: the widget checkout in Chromium against the emulator`, { timeout: 60_000 }, () => {
    let emulator: Emulator;
    let shop: ShopUnderTest;
    let url: string;
    let page: Page;

    useShopInChromium({
      name: `${name}-widget`,
      createShop,
      viewport: { width: 1000, height: 900 },
      onStart: (started) => ({ emulator, shop, url } = started),
      onPage: (p) => (page = p),
    });

    const confirmCalls = () => emulator.control.requests({ route: 'confirm' }).length;
    const text = async (testId: string) => (await page.textContent(`[data-testid=${testId}]`))?.trim();

    /** fills a cart in the shop's UI and opens the widget checkout; resolves with the page's order */
    async function toCheckout(skus: string[]): Promise<string> {
      await fillCart(page, url, skus);
      await openWidgetCheckout(page, url);
      // the page's order is the newest: one order per checkout visit, made and priced by the server
      return shop.core.orders.list()[0]!.orderId;
    }

    async function payInWindow(): Promise<string> {
      await openPaymentWindow(page);
      return (await text('window-amount'))!;
    }

    it('card: the widget renders at the server amount, the window pays it, the widget key confirms it', async () => {
      const orderId = await toCheckout(['tee-white', 'mug-blue']);
      expect(shop.core.orders.get(orderId)).toMatchObject({
        checkout: 'widget',
        amount: 31_500,
        status: 'PENDING',
      });
      expect(await text('checkout-total')).toBe('31,500원');
      expect(await page.isChecked('[data-testid=method-card]')).toBe(true);
      expect(await payInWindow()).toContain('31,500');
      expect(await text('window-order-id')).toBe(orderId);
      await page.click('[data-testid=approve]');
      await page.waitForURL(`${url}/orders/${orderId}?*`);
      expect(await page.getAttribute('[data-testid=order-status]', 'data-status')).toBe('PAID');
      expect(await text('receipt-amount')).toBe('31,500원');
      expect(await text('receipt-method')).toBe('카드');
      // confirmed with the widget's secret key: the emulator refuses a confirm with a key of the other set
      expect(emulator.control.getPayment(orderId)).toMatchObject({ status: 'DONE', totalAmount: 31_500 });
      expect(await shop.core.ledger.getPaymentByOrderId(orderId)).toMatchObject({
        status: 'DONE',
        totalAmount: 31_500,
      });
      expect(shop.core.orders.get(orderId)!.status).toBe('PAID');
      // a checkout visit that was never paid is not one of the buyer's orders
      await toCheckout(['socks-3']);
      await page.goto(`${url}/orders`);
      expect(await page.locator('[data-testid=my-order-status]').allTextContents()).toEqual(['결제 완료']);
    });

    it('virtual account: chosen in the widget, the account shown, paid by the simulated deposit', async () => {
      const orderId = await toCheckout(['notebook', 'socks-3']);
      await page.check('[data-testid=method-virtual-account]');
      expect(await payInWindow()).toContain('13,400');
      await page.click('[data-testid=approve]');
      await page.waitForURL(`${url}/orders/${orderId}?*`);
      expect(await page.getAttribute('[data-testid=order-status]', 'data-status')).toBe(
        'WAITING_FOR_DEPOSIT',
      );
      expect(await text('va-account')).toMatch(/\d{6,}/);
      expect(emulator.control.getPayment(orderId)).toMatchObject({
        status: 'WAITING_FOR_DEPOSIT',
        totalAmount: 13_400,
      });
      await page.click('[data-testid=simulate-deposit]');
      await page.waitForSelector('[data-testid=order-status][data-status=PAID]', { timeout: 15_000 });
      expect(await shop.core.ledger.getPaymentByOrderId(orderId)).toMatchObject({
        status: 'DONE',
        totalAmount: 13_400,
      });
    });

    it('a coupon re-prices the same order on the server; the widget pays the discounted amount', async () => {
      const orderId = await toCheckout(['tumbler']);
      expect(await text('checkout-total')).toBe('27,000원');
      // an unknown code changes nothing
      await applyCoupon(page, 'FREE100');
      expect(await text('coupon-message')).toContain('없는 쿠폰');
      expect(shop.core.orders.get(orderId)!.amount).toBe(27_000);

      await applyCoupon(page, 'welcome10');
      expect(await text('coupon-message')).toContain('적용');
      expect(await text('checkout-total')).toBe('24,300원');
      expect(await text('checkout-discount')).toBe('-2,700원');
      expect(shop.core.orders.get(orderId)).toMatchObject({
        amount: 24_300,
        subtotal: 27_000,
        coupon: { code: 'WELCOME10', discount: 2_700 },
      });
      // the same code again is not a second discount: it is always taken off the subtotal
      const again = await page.evaluate(
        async (id) =>
          (
            await fetch('/checkout/coupon', {
              method: 'POST',
              body: new URLSearchParams({ orderId: id, code: 'WELCOME10' }),
            })
          ).json(),
        orderId,
      );
      expect(again).toMatchObject({ orderId, amount: 24_300, subtotal: 27_000 });
      // nobody else can re-price the buyer's order
      const stranger = await fetch(`${url}/checkout/coupon`, {
        method: 'POST',
        body: new URLSearchParams({ orderId, code: 'MINUS3000' }),
      });
      expect(stranger.status).toBe(404);

      expect(await payInWindow()).toContain('24,300');
      await page.click('[data-testid=approve]');
      await page.waitForURL(`${url}/orders/${orderId}?*`);
      expect(await page.getAttribute('[data-testid=order-status]', 'data-status')).toBe('PAID');
      expect(await text('receipt-amount')).toBe('24,300원');
      const order = shop.core.orders.get(orderId)!;
      expect(emulator.control.getPayment(orderId)).toMatchObject({
        status: 'DONE',
        totalAmount: order.amount,
      });
      expect((await shop.core.ledger.getPaymentByOrderId(orderId))!.totalAmount).toBe(24_300);
      // a paid order takes no coupon any more
      const late = await page.evaluate(
        async (id) =>
          (
            await fetch('/checkout/coupon', {
              method: 'POST',
              body: new URLSearchParams({ orderId: id, code: 'MINUS3000' }),
            })
          ).status,
        orderId,
      );
      expect(late).toBe(409);
      expect(shop.core.orders.get(orderId)!.amount).toBe(24_300);
    });

    it('admin: a widget payment is cancelled through the widget’s mount (the keys that took it)', async () => {
      const orderId = await toCheckout(['mug-blue']);
      await payInWindow();
      await page.click('[data-testid=approve]');
      await page.waitForURL(`${url}/orders/${orderId}?*`);
      await page.goto(`${url}/admin`);
      await page.click('[data-testid=dev-login]');
      const section = page.locator(`[data-testid=admin-payment][data-order-id="${orderId}"]`);
      await section.waitFor();
      const cancelRequest = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/cancel'));
      await Promise.all([page.waitForEvent('load'), section.locator('[data-testid=cancel-submit]').click()]);
      expect(new URL((await cancelRequest).url()).pathname).toMatch(/^\/payments\/payments\/[^/]+\/cancel$/);
      expect(await section.locator('[data-testid=admin-payment-status]').getAttribute('data-status')).toBe(
        'CANCELED',
      );
      expect(emulator.control.getPayment(orderId)).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });
      expect(shop.core.orders.get(orderId)!.status).toBe('CANCELED');
    });

    it('an amount the page sets on its own is paid in the window but refused at confirm', async () => {
      const confirms = confirmCalls();
      const orderId = await toCheckout(['tumbler']);
      await applyCoupon(page, 'MINUS3000');
      expect(shop.core.orders.get(orderId)!.amount).toBe(24_000);
      // a tampered page: the widget's amount set from the page, not from the server's answer
      // (the page script's top-level `widget`, what anyone can reach from the devtools console)
      await page.evaluate('widget.setAmount({ amount: 1000 })');
      expect(await payInWindow()).toContain('1,000');
      await page.click('[data-testid=approve]');
      await page.waitForURL(/\/checkout\/fail\?/);
      expect(await text('fail-code')).toBe('AMOUNT_MISMATCH');
      expect(shop.core.orders.get(orderId)).toMatchObject({
        status: expect.not.stringMatching(/PAID/),
        amount: 24_000,
      });
      expect(emulator.control.getPayment(orderId)?.status).not.toBe('DONE');
      expect(await shop.core.ledger.getPaymentByOrderId(orderId)).toBeNull();
      expect(confirmCalls()).toBe(confirms);
    });
  });
}
