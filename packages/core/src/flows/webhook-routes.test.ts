// Webhook route paths the other tests leave out, with the emulator's own deliveries over real HTTP:
// a deposit error (DONE → WAITING_FOR_DEPOSIT), a virtual account cancelled before deposit, and
// CANCEL_STATUS_CHANGED from an asynchronous (foreign easy-pay) cancel.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, serveWebhooks, type TestShop } from '../testing/handler-test-support.js';

let shop: TestShop;
let stopServer: () => Promise<void>;

beforeEach(async () => {
  shop = await createTestShop();
  stopServer = await serveWebhooks(shop);
});
afterEach(async () => {
  await shop.close();
  await stopServer();
});

async function virtualAccount(amount: number) {
  const approved = await shop.approve(amount, { method: 'VIRTUAL_ACCOUNT', bank: '88' });
  expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
  return approved;
}

function expectAllDelivered() {
  const deliveries = shop.emulator.control.deliveries();
  for (const delivery of deliveries) {
    expect(delivery.state, JSON.stringify(delivery.attempts)).toBe('delivered');
    expect(delivery.attempts.at(-1)?.status).toBe(200);
  }
  return deliveries;
}

describe('DEPOSIT_CALLBACK through POST /webhook', () => {
  it('a deposit error (DONE → WAITING_FOR_DEPOSIT) is applied to the ledger', async () => {
    const approved = await virtualAccount(4000);
    await shop.emulator.control.deposit(approved.paymentKey);
    await shop.emulator.control.flushWebhooks();
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.status).toBe('DONE');

    await shop.emulator.control.depositError(approved.paymentKey);
    await shop.emulator.control.flushWebhooks();
    const deliveries = expectAllDelivered();
    expect(
      deliveries.some(
        (d) => d.eventType === 'DEPOSIT_CALLBACK' && d.body['status'] === 'WAITING_FOR_DEPOSIT',
      ),
    ).toBe(true);
    expect(shop.emulator.control.getPayment(approved.paymentKey)?.status).toBe('WAITING_FOR_DEPOSIT');
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.status).toBe('WAITING_FOR_DEPOSIT');
  });

  it('a virtual account cancelled before deposit → CANCELED in the ledger', async () => {
    const approved = await virtualAccount(6000);
    await shop.emulator.control.cancel(approved.paymentKey, { cancelReason: '입금 전 취소' });
    await shop.emulator.control.flushWebhooks();
    const deliveries = expectAllDelivered();
    expect(
      deliveries.some((d) => d.eventType === 'DEPOSIT_CALLBACK' && d.body['status'] === 'CANCELED'),
    ).toBe(true);
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.status).toBe('CANCELED');
    expect(shop.events.some((e) => e.name === 'webhook.applied')).toBe(true);
  });
});

describe('CANCEL_STATUS_CHANGED through POST /webhook', () => {
  it('an asynchronous foreign easy-pay cancel is recorded', async () => {
    // tosskit takes won only: the USD payment is compensated (cancelled) at once, and PayPal finishes the
    // cancel a minute later on the emulator clock (IN_PROGRESS → DONE, CANCEL_STATUS_CHANGED)
    const approved = await shop.approve(9, { method: 'FOREIGN_EASY_PAY', currency: 'USD' });
    const confirm = await shop.post('/payments/confirm', approved);
    expect(((await confirm.json()) as { code: string }).code).toBe('PAYMENT_COMPENSATED');
    shop.emulator.control.advanceClock(60_000);
    await shop.emulator.control.flushWebhooks();
    const deliveries = expectAllDelivered();
    expect(deliveries.some((d) => d.eventType === 'CANCEL_STATUS_CHANGED')).toBe(true);
    expect(
      shop.events.some(
        (e) =>
          e.name === 'webhook.applied' && (e.event as { kind?: string }).kind === 'CANCEL_STATUS_CHANGED',
      ),
    ).toBe(true);
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.status).toBe('CANCELED');
  });
});
