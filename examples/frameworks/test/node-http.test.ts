// Plain node:http with @tosskit/core/node: a card payment end to end against the emulator. The emulator's
// control API approves the window (what pressing 결제하기 does); the Hono and Next tests drive the window itself.
import type { Emulator } from '@tosskit/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createNodeHttpShop } from '../src/node-http.js';
import { closing, listening, payByCardWithControlApi, startEmulator, restoreEnv } from './e2e-support.js';

let emulator: Emulator;
let example: ReturnType<typeof createNodeHttpShop>;
let url: string;
beforeAll(async () => {
  emulator = await startEmulator();
  example = createNodeHttpShop();
  url = await listening(example.server);
});
afterAll(async () => {
  if (example) await closing(example.server);
  await example?.payments.close();
  await emulator?.close();
  restoreEnv();
});

it('takes a card payment: checkout, the window approves, the success URL confirms, the order ends paid', async () => {
  const { orderId, location } = await payByCardWithControlApi(emulator, `${url}/payments/checkout`);
  expect(location).toMatch(new RegExp(`^/orders/${orderId}\\?paymentKey=[^&]+&status=DONE$`));
  expect(example.shop.orders.get(orderId)).toMatchObject({ status: 'PAID', amount: 30_000 });
  expect(emulator.control.getPayment(orderId)).toMatchObject({ status: 'DONE', totalAmount: 30_000 });
  const page = await fetch(`${url}${location}`);
  expect(await page.text()).toContain('<p data-testid="order-status">PAID</p>');
});

it('leaves every other path to the server', async () => {
  expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
  expect((await fetch(`${url}/`)).headers.get('content-type')).toBe('text/html; charset=utf-8');
});
