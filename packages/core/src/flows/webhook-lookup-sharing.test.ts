// Two deliveries about one change (the status event and the deposit callback of a deposit) arrive together as
// two requests: the payment is read from the gateway once, not once per request. The gateway refuses the same
// read repeated within a second (FORBIDDEN_CONSECUTIVE_REQUEST), so a second read would cost the second delivery
// a retry or a 503.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../testing/handler-test-support.js';

let shop: TestShop;
beforeEach(async () => {
  shop = await createTestShop();
});
afterEach(async () => {
  await shop.close();
});

it('concurrent webhooks about one payment, in separate requests, share one gateway read', async () => {
  const approved = await shop.approve(7000, { method: 'VIRTUAL_ACCOUNT', bank: '88' });
  expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
  await shop.emulator.control.deposit(approved.paymentKey);
  const payment = shop.emulator.control.getPayment(approved.paymentKey)!;
  expect(payment.status).toBe('DONE');
  const path = `/v1/payments/${approved.paymentKey}`;
  const readsBefore = shop.emulator.control.requests().filter((r) => r.path === path).length;

  const [statusEvent, depositCallback] = await Promise.all([
    shop.post('/payments/webhook', {
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: new Date().toISOString(),
      data: payment,
    }),
    shop.post('/payments/webhook', {
      createdAt: new Date().toISOString(),
      secret: payment.secret,
      status: 'DONE',
      transactionKey: payment.lastTransactionKey,
      orderId: payment.orderId,
    }),
  ]);
  expect([statusEvent.status, depositCallback.status]).toEqual([200, 200]);
  const reads = shop.emulator.control.requests().filter((r) => r.path === path);
  expect(reads.length - readsBefore).toBe(1);
  expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.status).toBe('DONE');
});
