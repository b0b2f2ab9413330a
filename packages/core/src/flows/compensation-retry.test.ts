// Compensation (the shop's hook threw after approval) must keep cancelling until the gateway has it.
// The 5xx case reveals a bug at the time of writing: every attempt reuses the key `compensate:<paymentKey>`,
// and the emulator (like Toss, per "returns the same response as the first request") replays the stored
// 500 for that key, so no later attempt (nor the reconciler's, same key) can succeed: the payment stays
// DONE at the gateway, the buyer gets a 500, and the claim stays open.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../testing/handler-test-support.js';

let shop: TestShop | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

describe('compensation is retried until it sticks', () => {
  it('hook throws and the first compensating cancel gets a 500 → CANCELED at the emulator with our reason, recorded (in the request or by the reconciler)', async () => {
    shop = await createTestShop({
      onPaymentConfirmed: () => {
        throw new Error('창고 연결 실패');
      },
      // no gateway-level retry: the compensation loop itself must try again
      gateway: { retry: false },
    });
    const approved = await shop.approve(17000);
    shop.emulator.control.fault({ kind: 'fail', route: 'cancel', status: 500, times: 1 });
    const response = await shop.post('/payments/confirm', approved);
    if (shop.emulator.control.getPayment(approved.paymentKey)?.status !== 'CANCELED') {
      // the design's fallback: the claim stays open and the reconciler compensates once the lease lapses
      await shop.handler.reconcile({ now: Date.now() + 10 * 60_000, transactions: false });
    }

    // the buyer is told the payment did not go through, or that it is being settled: never a 5xx
    expect(response.status).toBeLessThan(500);
    expect(['PAYMENT_COMPENSATED', 'PAYMENT_CONFIRMING']).toContain(
      ((await response.json()) as { code: string }).code,
    );

    const cancels = shop.emulator.control.requests({ route: 'cancel' });
    expect(cancels.length).toBeGreaterThanOrEqual(2);
    expect(cancels[0]?.status).toBe(500);
    expect(cancels.at(-1)?.status).toBe(200);
    expect(cancels.at(-1)?.replayed).toBe(false);

    const atGateway = shop.emulator.control.getPayment(approved.paymentKey) as {
      status: string;
      cancels?: { cancelReason: string }[];
    };
    expect(atGateway.status).toBe('CANCELED');
    expect(atGateway.cancels).toHaveLength(1);
    expect(atGateway.cancels?.[0]?.cancelReason).toContain('[tosskit 자동취소]');
    expect(atGateway.cancels?.[0]?.cancelReason).toContain('가맹점 주문 처리 실패 (참조 TK-');
    expect(atGateway.cancels?.[0]?.cancelReason).not.toContain('창고 연결 실패');
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.status).toBe('CANCELED');
    expect((await shop.handler.ledger.getClaim(approved.orderId))?.outcome).toMatchObject({
      kind: 'compensated',
    });
  }, 60000);
});

describe('compensation survives a lost answer', () => {
  it('hook throws and the first compensating cancel is committed then dropped → CANCELED once, recorded', async () => {
    shop = await createTestShop({
      onPaymentConfirmed: () => {
        throw new Error('포장 실패');
      },
      gateway: { retry: false },
    });
    const approved = await shop.approve(13000);
    shop.emulator.control.fault({ kind: 'drop', route: 'cancel', times: 1 });
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'PAYMENT_COMPENSATED' });
    const cancels = shop.emulator.control.requests({ route: 'cancel' });
    expect(cancels[0]?.dropped).toBe(true);
    const atGateway = shop.emulator.control.getPayment(approved.paymentKey) as {
      status: string;
      cancels?: { cancelReason: string }[];
    };
    expect(atGateway.status).toBe('CANCELED');
    expect(atGateway.cancels).toHaveLength(1);
    expect(atGateway.cancels?.[0]?.cancelReason).toContain('[tosskit 자동취소]');
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.status).toBe('CANCELED');
    expect((await shop.handler.ledger.getClaim(approved.orderId))?.outcome).toMatchObject({
      kind: 'compensated',
    });
  }, 20000);
});
