/**
 * The handler's members give the guarantees of the routes of the same act (server code skips only the
 * operator guard): `handler.cancel()` checks the amount against the payment like the cancel route, and the
 * card-registration fail URL's checks (`recordBillingAuthFailure`) hold for the route. Real emulator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFORMANCE_JWT_SECRET, roleToken } from '../testing/index.js';
import { createTestShop, type TestShop } from '../testing/handler-test-support.js';

let shop: TestShop;
beforeEach(async () => {
  shop = await createTestShop({ jwt: { secret: CONFORMANCE_JWT_SECRET } });
});
afterEach(async () => {
  await shop.close();
});

async function confirmed(amount: number) {
  const approved = await shop.approve(amount);
  expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
  return approved;
}

describe('cancel: the route and handler.cancel()', () => {
  it('both refuse more than the balance with CANCEL_AMOUNT_EXCEEDS_BALANCE, with no gateway call', async () => {
    const { paymentKey } = await confirmed(10_000);
    const body = { cancelReason: '고객 요청', cancelAmount: 10_001 };
    const admin = { authorization: `Bearer ${await roleToken('owner')}` };
    const route = await shop.post(`/payments/payments/${paymentKey}/cancel`, body, admin);
    expect(route.status).toBe(400);
    expect(await route.json()).toMatchObject({ code: 'CANCEL_AMOUNT_EXCEEDS_BALANCE' });
    await expect(shop.handler.cancel(paymentKey, body)).rejects.toMatchObject({
      code: 'CANCEL_AMOUNT_EXCEEDS_BALANCE',
      status: 400,
    });
    expect(shop.emulator.control.requests({ route: 'cancel' })).toHaveLength(0);
  });

  it('handler.cancel() cancels part of a payment, and a repeat with the same key cancels once', async () => {
    const { paymentKey } = await confirmed(10_000);
    const first = await shop.handler.cancel(
      paymentKey,
      { cancelReason: '부분 환불', cancelAmount: 3_000 },
      'k-1',
    );
    expect(first).toMatchObject({ cancelAmount: 3_000, isFull: false });
    expect(first.payment).toMatchObject({ status: 'PARTIAL_CANCELED', balanceAmount: 7_000 });
    await shop.handler.cancel(paymentKey, { cancelReason: '부분 환불', cancelAmount: 3_000 }, 'k-1');
    expect(shop.emulator.control.getPayment(paymentKey)).toMatchObject({ balanceAmount: 7_000 });
  });

  it('handler.cancel() checks the paymentKey before the ledger or the gateway', async () => {
    await expect(shop.handler.cancel('bad key\u0000', { cancelReason: 'x' })).rejects.toMatchObject({
      code: 'INVALID_PAYMENT_KEY',
    });
    expect(shop.emulator.control.requests({ route: 'getPayment' })).toHaveLength(0);
  });
});

describe('GET /billing/fail (recordBillingAuthFailure)', () => {
  it('answers a code of the catalogue alphabet, a bounded message and only a well-formed customerKey', async () => {
    const failed: unknown[] = [];
    shop.handler.on('billing.auth_failed', (event) => failed.push(event));
    const query = new URLSearchParams({
      code: 'not a code<script>',
      message: 'x'.repeat(500),
      customerKey: 'a b',
    });
    const answer = await shop.get(`/payments/billing/fail?${query}`, { accept: 'application/json' });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { code: string; message: string; customerKey: string | null };
    expect(body).toMatchObject({ code: 'UNKNOWN_ERROR', customerKey: null });
    expect(body.message).toHaveLength(200);
    expect(failed).toEqual([{ customerKey: null, code: 'UNKNOWN_ERROR', durationMs: expect.any(Number) }]);
  });
});
