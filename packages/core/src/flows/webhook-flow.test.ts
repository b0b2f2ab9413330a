// Webhooks through the handler against a real emulator. Bodies are built the way the gateway sends
// them (spec §8.2); the handler must believe none of them without checking.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../testing/handler-test-support.js';

let shop: TestShop;
let deposits: string[];

beforeEach(async () => {
  deposits = [];
  // consecutive-request rule off: these tests send deliberate duplicates in quick succession
  shop = await createTestShop(
    { onDepositReceived: (p) => void deposits.push(p.orderId) },
    { consecutiveRequestWindowMs: 0 },
  );
});
afterEach(async () => {
  await shop.close();
});

function statusChanged(payment: unknown): Record<string, unknown> {
  return { eventType: 'PAYMENT_STATUS_CHANGED', createdAt: '2026-11-22T10:00:00.000000', data: payment };
}

async function confirmed(amount: number, extra: Record<string, unknown> = {}) {
  const approved = await shop.approve(amount, extra);
  const response = await shop.post('/payments/confirm', approved);
  expect(response.status).toBe(200);
  return approved;
}

describe('PAYMENT_STATUS_CHANGED', () => {
  it('duplicate and reordered deliveries → one state change, never backwards', async () => {
    const { paymentKey, orderId } = await confirmed(10000);
    const doneSnapshot = structuredClone(shop.emulator.control.getPayment(paymentKey));
    await shop.emulator.control.cancel(paymentKey, { cancelReason: '대시보드 취소' });
    const canceledSnapshot = structuredClone(shop.emulator.control.getPayment(paymentKey));

    // the CANCELED event arrives first, twice; the older DONE event arrives late
    const first = await shop.post('/payments/webhook', statusChanged(canceledSnapshot));
    const duplicate = await shop.post('/payments/webhook', statusChanged(canceledSnapshot));
    const late = await shop.post('/payments/webhook', statusChanged(doneSnapshot));
    expect([first.status, duplicate.status, late.status]).toEqual([200, 200, 200]);
    expect(await first.json()).toMatchObject({ outcome: 'applied' });
    expect(await duplicate.json()).toMatchObject({ outcome: 'duplicate' });
    expect((await late.json()) as { outcome: string }).not.toMatchObject({ outcome: 'applied' });

    const record = await shop.handler.ledger.getPayment(paymentKey);
    expect(record?.status).toBe('CANCELED');
    expect(record?.revision).toBe(2); // DONE from confirm, CANCELED from the first webhook: nothing else
    expect(shop.events.filter((e) => e.name === 'webhook.applied')).toHaveLength(1);
    expect(orderId).toBe(record?.orderId);
  });

  it('a forged body is not believed: the state comes from the gateway', async () => {
    const { paymentKey } = await confirmed(10000);
    const forged = {
      ...structuredClone(shop.emulator.control.getPayment(paymentKey)),
      status: 'CANCELED',
      balanceAmount: 0,
    };
    const response = await shop.post('/payments/webhook', statusChanged(forged));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'WEBHOOK_REJECTED' });
    expect((await shop.handler.ledger.getPayment(paymentKey))?.status).toBe('DONE');
    expect((await shop.handler.ledger.getPayment(paymentKey))?.revision).toBe(1);
    // the rejected delivery did not poison the dedupe key: the real CANCELED event still applies
    await shop.emulator.control.cancel(paymentKey, { cancelReason: '실제 취소' });
    const real = await shop.post(
      '/payments/webhook',
      statusChanged(shop.emulator.control.getPayment(paymentKey)),
    );
    expect(await real.json()).toMatchObject({ outcome: 'applied' });
    expect((await shop.handler.ledger.getPayment(paymentKey))?.status).toBe('CANCELED');
  });

  it('an unknown payment → 4xx, nothing recorded', async () => {
    const { paymentKey } = await confirmed(10000);
    const made = {
      ...structuredClone(shop.emulator.control.getPayment(paymentKey)),
      paymentKey: 'tnot_a_real_payment_key',
      orderId: 'order-made-up-1',
    };
    const response = await shop.post('/payments/webhook', statusChanged(made));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'WEBHOOK_PAYMENT_UNKNOWN' });
    expect(await shop.handler.ledger.getPayment('tnot_a_real_payment_key')).toBeNull();
    expect(shop.events.some((e) => e.name === 'webhook.rejected')).toBe(true);
  });

  it('a real paymentKey paired with another orderId is rejected', async () => {
    const { paymentKey } = await confirmed(10000);
    const mixed = {
      ...structuredClone(shop.emulator.control.getPayment(paymentKey)),
      orderId: 'order-other-777',
    };
    const response = await shop.post('/payments/webhook', statusChanged(mixed));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'WEBHOOK_REJECTED' });
  });

  it('unknown events are answered 200 and logged; malformed bodies get 400', async () => {
    const unknown = await shop.post('/payments/webhook', {
      eventType: 'METHOD_UPDATED',
      createdAt: 'x',
      data: { customerKey: 'c', methodKey: 'm', status: 'ENABLED' },
    });
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toMatchObject({ outcome: 'ignored' });
    expect(shop.logs.some((l) => l.includes('webhook ignored'))).toBe(true);
    const malformed = await shop.post('/payments/webhook', {
      eventType: 'PAYMENT_STATUS_CHANGED',
      data: { status: 42 },
    });
    expect(malformed.status).toBe(400);
  });
});

describe('DEPOSIT_CALLBACK', () => {
  async function issued() {
    const approved = await confirmed(3000, { method: 'VIRTUAL_ACCOUNT', bank: '88' });
    await shop.emulator.control.deposit(approved.paymentKey);
    const atGateway = shop.emulator.control.getPayment(approved.paymentKey)!;
    return {
      ...approved,
      secret: String((atGateway as { secret?: string }).secret),
      transactionKey: atGateway.lastTransactionKey,
    };
  }

  it('a wrong secret → rejected, nothing changed', async () => {
    const va = await issued();
    const response = await shop.post('/payments/webhook', {
      createdAt: '2026-11-22T10:00:00.000000',
      secret: `${va.secret.slice(0, -1)}${va.secret.endsWith('X') ? 'Y' : 'X'}`,
      status: 'DONE',
      transactionKey: va.transactionKey,
      orderId: va.orderId,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'WEBHOOK_REJECTED' });
    expect((await shop.handler.ledger.getPayment(va.paymentKey))?.status).toBe('WAITING_FOR_DEPOSIT');
    expect(deposits).toEqual([]);
    const missing = await shop.post('/payments/webhook', {
      secret: va.secret,
      status: 'DONE',
      orderId: 'order-none-404',
    });
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(missing.status).toBeLessThan(500);
  });

  it('the right secret → DONE and onDepositReceived exactly once, even when delivered twice', async () => {
    const va = await issued();
    const body = {
      createdAt: '2026-11-22T10:00:00.000000',
      secret: va.secret,
      status: 'DONE',
      transactionKey: va.transactionKey,
      orderId: va.orderId,
    };
    const first = await shop.post('/payments/webhook', body);
    const second = await shop.post('/payments/webhook', body);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await shop.handler.ledger.getPayment(va.paymentKey))?.status).toBe('DONE');
    expect(deposits).toEqual([va.orderId]);
    // the PAYMENT_STATUS_CHANGED of the same deposit changes nothing more
    const psc = await shop.post(
      '/payments/webhook',
      statusChanged(shop.emulator.control.getPayment(va.paymentKey)),
    );
    expect(psc.status).toBe(200);
    expect(deposits).toEqual([va.orderId]);
  });
});

describe('BILLING_DELETED', () => {
  it('BILLING_DELETED removes the stored billing key once; a repeat is a duplicate', async () => {
    await shop.handler.ledger.saveBillingKey({
      customerKey: 'cust_billing_1',
      billingKey: 'bk_test_deleted_1',
      card: null,
      method: '카드',
      authenticatedAt: null,
      createdAt: Date.now(),
    });
    const body = {
      eventType: 'BILLING_DELETED',
      createdAt: '2026-11-22T10:00:00.000000',
      data: { billingKey: 'bk_test_deleted_1', reason: '삭제 API 요청' },
    };
    const first = await shop.post('/payments/webhook', body);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ outcome: 'applied' });
    expect(await shop.handler.ledger.getBillingKey('cust_billing_1')).toBeNull();
    const again = await shop.post('/payments/webhook', body);
    expect(await again.json()).toMatchObject({ outcome: 'duplicate' });
  });
});
