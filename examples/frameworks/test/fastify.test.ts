// Fastify 5 with @tosskit/fastify: a card payment end to end against the emulator (the control API approves
// the window), the order ends paid, and the app's own routes stay the app's.
import type { Emulator } from '@tosskit/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFastifyShop } from '../src/fastify.js';
import { payByCardWithControlApi, startEmulator, restoreEnv } from './e2e-support.js';

let emulator: Emulator;
let example: Awaited<ReturnType<typeof createFastifyShop>>;
let url: string;
beforeAll(async () => {
  emulator = await startEmulator();
  example = await createFastifyShop();
  url = await example.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await example?.app.close();
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

it('a second confirm of the paid order is answered from the ledger, not charged again', async () => {
  const { orderId } = await payByCardWithControlApi(emulator, `${url}/payments/checkout`);
  const payment = emulator.control.getPayment(orderId)!;
  const again = await fetch(`${url}/payments/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ paymentKey: payment.paymentKey, orderId, amount: payment.totalAmount }),
  });
  expect(again.status).toBe(200);
  expect(((await again.json()) as { status: string }).status).toBe('DONE');
  // one confirm sent per order of this file (two), none for the repeat
  expect(emulator.control.requests({ route: 'confirm' })).toHaveLength(2);
});
