// The emulator's own webhook deliveries (duplicated and reordered by its faults) reach the handler
// over real HTTP through the shared Node bridge; the ledger ends in the gateway's final state.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, serveWebhooks, type TestShop } from '../testing/handler-test-support.js';

let shop: TestShop;
let stopServer: () => Promise<void>;
let deposits: string[];

beforeEach(async () => {
  deposits = [];
  shop = await createTestShop({ onDepositReceived: (p) => void deposits.push(p.orderId) });
  stopServer = await serveWebhooks(shop);
});
afterEach(async () => {
  await shop.close();
  await stopServer();
});

describe('webhooks as the emulator delivers them', () => {
  it('duplicated deposit webhooks → DONE, onDepositReceived once, every delivery answered 200', async () => {
    shop.emulator.control.fault({ kind: 'webhook', action: 'duplicate', times: 10 });
    const approved = await shop.approve(3000, { method: 'VIRTUAL_ACCOUNT', bank: '88' });
    expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
    await shop.emulator.control.deposit(approved.paymentKey);
    await shop.emulator.control.flushWebhooks();

    const deliveries = shop.emulator.control.deliveries();
    expect(deliveries.some((d) => d.duplicateOf !== null)).toBe(true);
    expect(deliveries.some((d) => d.eventType === 'DEPOSIT_CALLBACK')).toBe(true);
    for (const delivery of deliveries) {
      expect(delivery.state, JSON.stringify(delivery.attempts)).toBe('delivered');
      expect(delivery.attempts.at(-1)?.status).toBe(200);
    }
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.status).toBe('DONE');
    expect(deposits).toEqual([approved.orderId]);
  });

  it('reordered status webhooks (CANCELED before DONE) never move the ledger backwards', async () => {
    shop.emulator.control.fault({ kind: 'webhook', action: 'reorder', times: 2 });
    const approved = await shop.approve(10000);
    expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
    await shop.emulator.control.cancel(approved.paymentKey, { cancelReason: '대시보드 취소' });
    await shop.emulator.control.flushWebhooks();
    const deliveries = shop.emulator.control.deliveries();
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    expect(deliveries.every((d) => d.state === 'delivered')).toBe(true);
    const record = await shop.handler.ledger.getPayment(approved.paymentKey);
    expect(record?.status).toBe('CANCELED');
    expect((await shop.handler.ledger.listTransactions(approved.paymentKey)).map((t) => t.kind)).toEqual([
      'APPROVAL',
      'CANCEL',
    ]);
  });
});
