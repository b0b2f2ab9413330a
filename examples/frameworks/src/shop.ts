// What every framework example shares: a tiny in-memory shop (its prices, its orders, the three hooks tosskit
// needs) and a checkout page that pays with @tosskit/browser. A real shop keeps its orders in its own database;
// the point here is what changes from one framework to the next, which is only the mounting.
import { randomUUID } from 'node:crypto';
import type { CreatedOrder, Payment, ShopOrder } from '@tosskit/core';
import { browserBundle } from '../../shared/src/browser-bundle.js';

export const PRICES: Readonly<Record<string, { name: string; price: number }>> = {
  'tee-white': { name: '화이트 티셔츠', price: 15_000 },
  'mug-blue': { name: '파란 머그컵', price: 9_000 },
};

export interface Order {
  orderId: string;
  orderName: string;
  amount: number;
  status: 'NEW' | 'PAID';
  paymentKey?: string;
}

/** The emulator's defaults (the public docs test keys); set the env vars for your own test keys. */
export function gatewaySettings(env: NodeJS.ProcessEnv = process.env): {
  secretKey: string;
  clientKey: string;
  apiBaseUrl: string | undefined;
  sdkSrc: string | undefined;
} {
  const apiBaseUrl = env.TOSS_API_BASE_URL ?? 'http://127.0.0.1:4010';
  const real = apiBaseUrl === 'https://api.tosspayments.com';
  return {
    secretKey: env.TOSS_SECRET_KEY ?? 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R',
    clientKey: env.TOSS_CLIENT_KEY ?? 'test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq',
    // the real gateway: no apiBaseUrl, and @tosskit/browser loads the real SDK script
    apiBaseUrl: real ? undefined : apiBaseUrl,
    sdkSrc: real ? undefined : `${apiBaseUrl}/v2/standard`,
  };
}

export interface Shop {
  orders: Map<string, Order>;
  /** `createOrder`, `orderLookup` and `onPaymentConfirmed`, to spread into tosskit's options */
  hooks: {
    createOrder(body: unknown): CreatedOrder;
    orderLookup(orderId: string): ShopOrder | null;
    onPaymentConfirmed(payment: Payment): void;
  };
}

export function createShop(): Shop {
  const orders = new Map<string, Order>();
  return {
    orders,
    hooks: {
      // POST {basePath}/checkout: price the browser's cart here, never trust an amount from the browser
      createOrder(body) {
        const cart = (body as { cart?: Record<string, number> } | null)?.cart ?? {};
        const lines = Object.entries(cart).filter(([sku, n]) => PRICES[sku] && Number.isInteger(n) && n > 0);
        if (lines.length === 0) throw new Error('empty cart');
        const amount = lines.reduce((sum, [sku, n]) => sum + PRICES[sku]!.price * n, 0);
        const first = PRICES[lines[0]![0]]!.name;
        const orderName = lines.length > 1 ? `${first} 외 ${lines.length - 1}건` : first;
        const order: Order = { orderId: `order-${randomUUID()}`, orderName, amount, status: 'NEW' };
        orders.set(order.orderId, order);
        return { orderId: order.orderId, orderName, amount };
      },
      orderLookup(orderId) {
        const order = orders.get(orderId);
        return order
          ? { amount: order.amount, orderName: order.orderName, payable: order.status === 'NEW' }
          : null;
      },
      // runs at least once per approved payment: idempotent by paymentKey
      onPaymentConfirmed(payment) {
        const order = orders.get(payment.orderId);
        if (order && order.paymentKey !== payment.paymentKey) {
          order.status = 'PAID';
          order.paymentKey = payment.paymentKey;
        }
      },
    },
  };
}

/** The checkout page: one button that asks the server for the order and opens the payment window. */
export function checkoutPage(input: {
  basePath: string;
  sdkSrc: string | undefined;
  assets: string;
}): string {
  const options = JSON.stringify({ basePath: input.basePath, sdkSrc: input.sdkSrc }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>결제하기</title>
<script src="${input.assets}/tosskit-browser.js"></script></head>
<body>
<button data-testid="pay" id="pay">화이트 티셔츠 2장 결제하기</button>
<p data-testid="error" id="error"></p>
<script>
const checkout = TosskitBrowser.createCheckout(${options});
document.getElementById('pay').addEventListener('click', () => {
  checkout.pay({ cart: { 'tee-white': 2 }, method: 'CARD' }).catch((error) => {
    document.getElementById('error').textContent = error.code + ': ' + error.message;
  });
});
</script>
</body></html>`;
}

/** The order page the success redirect lands on. */
export function orderPage(order: Order | undefined): string {
  if (!order) return '<!doctype html><meta charset="utf-8"><p data-testid="order-status">NOT_FOUND</p>';
  return `<!doctype html><meta charset="utf-8"><title>주문 ${order.orderId}</title>
<p data-testid="order-status">${order.status}</p><p data-testid="order-amount">${order.amount}</p>`;
}

/** @tosskit/browser as one script (a shop of your own bundles it with its usual front-end tooling). */
export { browserBundle };
