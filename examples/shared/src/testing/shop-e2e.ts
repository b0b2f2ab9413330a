// The end-to-end suite both example shops run: real Chromium (Debian's, through playwright-core), the
// shop on port 0 with its embedded ledger in a temp dir, and the emulator in-process with its webhooks
// pointed at the shop (shop-in-chromium.ts). One browser per file, a fresh context per test.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@tosskit/emulator';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ShopOptions } from '../shop-config.js';
import { useShopInChromium } from './shop-in-chromium.js';
import type { ShopUnderTest } from './shop-in-chromium.js';

export type { ShopUnderTest };

const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/', import.meta.url));

export function describeShopE2E(
  name: string,
  createShop: (options: ShopOptions) => Promise<ShopUnderTest>,
): void {
  describe(`${name}: buying in Chromium against the emulator`, () => {
    let emulator: Emulator;
    let shop: ShopUnderTest;
    let url: string;
    let page: Page;

    useShopInChromium({
      name,
      createShop,
      viewport: { width: 1000, height: 900 },
      onStart: (started) => ({ emulator, shop, url } = started),
      onPage: (p) => (page = p),
    });
    beforeAll(() => {
      mkdirSync(join(ARTIFACTS, name), { recursive: true });
    });

    const screenshot = (file: string) =>
      page.screenshot({ path: join(ARTIFACTS, name, `${file}.png`), fullPage: true });
    const orderIdOnPage = async () => (await page.textContent('[data-testid=order-id]'))!.trim();
    const latestOrder = () => shop.core.orders.list()[0]!;

    /** fills a cart in the shop's UI and opens the emulator's payment window for it (the 결제창 checkout) */
    async function openWindow(skus: string[], method: 'card' | 'virtual-account'): Promise<void> {
      await page.goto(url);
      for (const sku of skus) {
        await page.click(`[data-testid=add-${sku}]`);
        await page.waitForURL(`${url}/cart`);
        await page.goto(url);
      }
      // the widget checkout is the default; its page links the payment-window checkout
      await page.goto(`${url}/checkout`);
      await page.click('[data-testid=window-checkout-link]');
      await page.waitForURL(`${url}/checkout/window`);
      await page.check(`[data-testid=method-${method}]`);
      await page.click('[data-testid=pay-button]');
      await page.waitForSelector('[data-testid=payment-window]');
    }

    async function buyByCard(skus: string[]): Promise<string> {
      await openWindow(skus, 'card');
      await page.click('[data-testid=approve]');
      await page.waitForURL(/\/orders\/order-/);
      return orderIdOnPage();
    }

    it('the home page loads with no failed request (its icon included)', async () => {
      const failed: string[] = [];
      const listener = (response: { status(): number; url(): string }) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      };
      page.on('response', listener);
      await page.goto(`${url}/`, { waitUntil: 'networkidle' });
      page.off('response', listener);
      expect(failed).toEqual([]);
      expect(await page.getAttribute('link[rel=icon]', 'href')).toMatch(/^data:image\/svg\+xml,/);
    });

    it('card: the window approves, the server confirms, the success page shows the receipt', async () => {
      const orderId = await buyByCard(['tee-white', 'mug-blue']);
      expect(await page.getAttribute('[data-testid=order-status]', 'data-status')).toBe('PAID');
      expect(await page.textContent('[data-testid=receipt-amount]')).toBe('31,500원');
      expect(await page.textContent('[data-testid=receipt-method]')).toBe('카드');
      expect(await page.textContent('[data-testid=receipt-approved-at]')).toMatch(/\d{4}/);
      expect(await page.getAttribute('[data-testid=receipt-url]', 'href')).toMatch(/^https?:\/\//);
      // the cart was bought: the header no longer counts it
      expect(await page.textContent('[data-testid=nav-cart]')).toContain('(0)');
      // the shop's order, the ledger and the gateway agree
      expect(shop.core.orders.get(orderId)).toMatchObject({ status: 'PAID', amount: 31_500 });
      expect(await shop.core.ledger.getPaymentByOrderId(orderId)).toMatchObject({
        status: 'DONE',
        totalAmount: 31_500,
      });
      expect(emulator.control.getPayment(orderId)).toMatchObject({ status: 'DONE', totalAmount: 31_500 });
      // tosskit's payment view answers the buyer (the page's own cookie) and nobody else holding the key
      const paymentKey = (await shop.core.ledger.getPaymentByOrderId(orderId))!.paymentKey;
      const asBuyer = await page.evaluate(
        async (path) => {
          const res = await fetch(path, { headers: { accept: 'application/json' } });
          return { status: res.status, body: (await res.json()) as Record<string, unknown> };
        },
        `/payments/window/payments/${encodeURIComponent(paymentKey)}`,
      );
      expect(asBuyer).toMatchObject({ status: 200, body: { orderId, status: 'DONE', totalAmount: 31_500 } });
      const stranger = await fetch(`${url}/payments/window/payments/${encodeURIComponent(paymentKey)}`);
      expect(stranger.status).toBe(404);
      await page.goto(`${url}/orders`);
      expect(await page.textContent('[data-testid=my-orders]')).toContain('결제 완료');
      await screenshot('card-success');
    });

    it('the buyer cancels in the window: fail page with the reason, nothing paid', async () => {
      const confirms = confirmCalls();
      await openWindow(['socks-3'], 'card');
      await page.click('[data-testid=cancel]');
      await page.waitForURL(/\/checkout\/fail\?/);
      expect(await page.textContent('[data-testid=fail-code]')).toBe('PAY_PROCESS_CANCELED');
      expect(await page.textContent('[data-testid=fail-message]')).toContain('취소');
      const order = latestOrder();
      expect(order.status).not.toBe('PAID');
      expect(await shop.core.ledger.getPaymentByOrderId(order.orderId)).toBeNull();
      expect(emulator.control.getPayment(order.orderId)?.status).not.toBe('DONE');
      expect(confirmCalls()).toBe(confirms);
      await screenshot('buyer-canceled');
    });

    it('a tampered amount in the success URL is refused and never confirmed', async () => {
      const confirms = confirmCalls();
      await openWindow(['tumbler'], 'card');
      // the window answers its approve form with a redirect to the success route: keep that redirect from
      // the browser, then send the browser there with a lower amount
      let successUrl: string | null = null;
      const isWindowForm = (u: URL) => u.pathname === '/window/pay';
      await page.route(isWindowForm, async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const answer = await route.fetch({ maxRedirects: 0 });
        successUrl = new URL(answer.headers().location!, route.request().url()).href;
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>intercepted</p>' });
      });
      await page.click('[data-testid=approve]');
      await expect.poll(() => successUrl).not.toBeNull();
      await page.unroute(isWindowForm);
      expect(new URL(successUrl!).pathname).toBe('/payments/window/success');
      const tampered = new URL(successUrl!);
      const orderId = tampered.searchParams.get('orderId')!;
      expect(tampered.searchParams.get('amount')).toBe('27000');
      tampered.searchParams.set('amount', '100');
      await page.goto(tampered.href);
      // tosskit refused before calling the gateway and sent the buyer to the shop's fail page
      await page.waitForURL(/\/checkout\/fail\?/);
      expect(await page.textContent('[data-testid=fail-code]')).toBe('AMOUNT_MISMATCH');
      expect(shop.core.orders.get(orderId)!.status).not.toBe('PAID');
      expect(emulator.control.getPayment(orderId)?.status).not.toBe('DONE');
      expect(confirmCalls()).toBe(confirms);
      await screenshot('amount-tampered');
    });

    it('virtual account: waiting page with the account, simulated deposit, paid through the webhook', async () => {
      await openWindow(['notebook', 'socks-3'], 'virtual-account');
      await page.click('[data-testid=approve]');
      await page.waitForURL(/\/orders\/order-/);
      const orderId = await orderIdOnPage();
      expect(await page.getAttribute('[data-testid=order-status]', 'data-status')).toBe(
        'WAITING_FOR_DEPOSIT',
      );
      expect(await page.textContent('[data-testid=va-account]')).toMatch(/\d{6,}/);
      // the account is the shop's: its holder is the shop, not the buyer
      expect(await page.textContent('[data-testid=va-holder]')).toBe('토스킷 상점');
      expect((await page.textContent('[data-testid=va-bank]'))!.length).toBeGreaterThan(1);
      expect(await page.textContent('[data-testid=va-due]')).toMatch(/\d{4}/);
      expect(emulator.control.getPayment(orderId)).toMatchObject({
        status: 'WAITING_FOR_DEPOSIT',
        totalAmount: 13_400,
      });
      await screenshot('virtual-account-waiting');

      const deliveriesBefore = emulator.control.deliveries().length;
      await page.click('[data-testid=simulate-deposit]');
      // the page polls the shop; the order turns paid only when the webhook has reached the shop
      await page.waitForSelector('[data-testid=order-status][data-status=PAID]', { timeout: 15_000 });
      expect(shop.core.orders.get(orderId)!.status).toBe('PAID');
      expect(await shop.core.ledger.getPaymentByOrderId(orderId)).toMatchObject({ status: 'DONE' });
      const delivered = emulator.control.deliveries().slice(deliveriesBefore);
      expect(delivered.some((d) => d.state === 'delivered' && d.attempts.at(-1)?.status === 200)).toBe(true);
      await screenshot('virtual-account-paid');
    });

    it('admin: a deposited virtual account is cancelled to a refund account; its error shows on that payment', async () => {
      await openWindow(['socks-3'], 'virtual-account');
      await page.click('[data-testid=approve]');
      await page.waitForURL(/\/orders\/order-/);
      const orderId = await orderIdOnPage();
      await page.click('[data-testid=simulate-deposit]');
      await page.waitForSelector('[data-testid=order-status][data-status=PAID]', { timeout: 15_000 });

      await page.goto(`${url}/admin`);
      await page.click('[data-testid=dev-login]');
      await page.waitForSelector('[data-testid=admin-role]');
      const section = page.locator(`[data-testid=admin-payment][data-order-id="${orderId}"]`);
      // the refund account is asked only where it is needed
      expect(await section.locator('[data-testid=refund-account]').count()).toBe(1);
      const vaSections = page.locator('[data-testid=admin-payment]', { hasText: '가상계좌' });
      expect(await page.locator('[data-testid=refund-account]').count()).toBe(await vaSections.count());

      await section.locator('[data-testid=refund-bank]').selectOption('88');
      await section.locator('[data-testid=refund-account-number]').fill('계좌번호');
      await section.locator('[data-testid=refund-holder-name]').fill('김토스');
      await section.locator('[data-testid=cancel-submit]').click();
      const error = section.locator('[data-testid=payment-error]');
      await error.waitFor({ state: 'visible' });
      expect(await error.textContent()).toMatch(
        /확인할 항목: 계좌번호\..*\((VALIDATION_ERROR|REFUND_ACCOUNT_REQUIRED)\)/,
      );
      expect(await page.locator('[data-testid=admin-error]').isHidden()).toBe(true);
      expect(emulator.control.getPayment(orderId)).toMatchObject({ status: 'DONE' });

      await section.locator('[data-testid=refund-account-number]').fill('110-123-456789');
      await Promise.all([page.waitForEvent('load'), section.locator('[data-testid=cancel-submit]').click()]);
      expect(await section.locator('[data-testid=admin-payment-status]').getAttribute('data-status')).toBe(
        'CANCELED',
      );
      expect(emulator.control.getPayment(orderId)).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });
      expect(shop.core.orders.get(orderId)!.status).toBe('CANCELED');
      await screenshot('admin-virtual-account-refund');

      // the deposit's webhook in the shop's log, its state in Korean (the order turned paid while the shop
      // was still answering the delivery: wait for the emulator to have the answer)
      const depositDelivered = () =>
        emulator.control
          .deliveries()
          .some(
            (d) =>
              d.eventType === 'DEPOSIT_CALLBACK' &&
              d.state === 'delivered' &&
              (d.body as { orderId?: string; status?: string }).orderId === orderId &&
              (d.body as { status?: string }).status === 'DONE',
          );
      await expect.poll(depositDelivered).toBe(true);
      await page.goto(`${url}/admin/webhooks`);
      const deposit = page
        .locator('[data-testid=webhook-row][data-event=DEPOSIT_CALLBACK]', { hasText: orderId })
        .filter({ hasText: '"status": "DONE"' })
        .first();
      expect(await deposit.locator('[data-testid=webhook-state]').getAttribute('data-state')).toBe(
        'delivered',
      );
      expect(await deposit.locator('[data-testid=webhook-state]').textContent()).toBe('전달 완료');
    });

    it('admin: two partial cancels then a full cancel leave it CANCELED with three cancel transactions', async () => {
      const orderId = await buyByCard(['tee-white', 'tee-white']);
      await page.goto(`${url}/admin`);
      await page.click('[data-testid=dev-login]');
      await page.waitForSelector('[data-testid=admin-role]');
      const section = page.locator(`[data-testid=admin-payment][data-order-id="${orderId}"]`);

      const cancel = async (amount: string) => {
        await section.locator('[data-testid=cancel-amount]').fill(amount);
        await Promise.all([
          page.waitForEvent('load'),
          section.locator('[data-testid=cancel-submit]').click(),
        ]);
      };
      await cancel('5000');
      expect(await section.locator('[data-testid=admin-balance]').textContent()).toBe('33,000원');
      expect(await section.locator('[data-testid=admin-payment-status]').getAttribute('data-status')).toBe(
        'PARTIAL_CANCELED',
      );
      await cancel('3000');
      expect(await section.locator('[data-testid=admin-balance]').textContent()).toBe('30,000원');
      await cancel('');
      expect(await section.locator('[data-testid=admin-payment-status]').getAttribute('data-status')).toBe(
        'CANCELED',
      );
      expect(await section.locator('[data-testid=tx-row][data-kind=CANCEL]').count()).toBe(3);
      expect(await section.locator('[data-testid=tx-row][data-kind=APPROVAL]').count()).toBe(1);
      expect(await section.locator('[data-testid=cancel-submit]').count()).toBe(0);

      const atGateway = emulator.control.getPayment(orderId)!;
      expect(atGateway).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });
      expect((atGateway.cancels ?? []).map((c: { cancelAmount: number }) => c.cancelAmount)).toEqual([
        5000, 3000, 30_000,
      ]);
      expect(shop.core.orders.get(orderId)!.status).toBe('CANCELED');
      await screenshot('admin-canceled');
    });

    it('the admin page and the cancel route refuse a visitor without a role token', async () => {
      const orderId = await buyByCard(['mug-blue']);
      const record = (await shop.core.ledger.getPaymentByOrderId(orderId))!;
      const adminPage = await page.goto(`${url}/admin`);
      expect(adminPage!.status()).toBe(401);
      const forged = await page.evaluate(async (paymentKey) => {
        const res = await fetch(`/payments/window/payments/${paymentKey}/cancel`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' },
          body: JSON.stringify({ cancelReason: 'x' }),
        });
        return res.status;
      }, record.paymentKey);
      expect([401, 403]).toContain(forged);
      expect(emulator.control.getPayment(orderId)).toMatchObject({ status: 'DONE' });
    });

    /** confirm calls that reached the gateway so far (tests in a file run one after another) */
    function confirmCalls(): number {
      return emulator.control.requests({ route: 'confirm' }).length;
    }
  });
}
