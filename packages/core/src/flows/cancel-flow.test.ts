// Cancels through the handler against a real emulator, authorised by a role JWT (seed 002).
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../testing/handler-test-support.js';

const JWT_SECRET = 'a-test-secret-that-is-long-enough-for-hs256!';
let shop: TestShop;
let canceledHook: { cancelAmount: number; status: string }[];

async function token(role: unknown, secret = JWT_SECRET): Promise<string> {
  return new SignJWT({ role } as Record<string, unknown>)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}

beforeEach(async () => {
  canceledHook = [];
  shop = await createTestShop({
    jwt: { secret: JWT_SECRET },
    onPaymentCanceled: (payment, cancel) =>
      void canceledHook.push({ cancelAmount: cancel.cancelAmount, status: payment.status }),
  });
});
afterEach(async () => {
  await shop.close();
});

async function confirmed(amount: number) {
  const approved = await shop.approve(amount);
  expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
  return approved;
}

describe('cancel: who may cancel', () => {
  it('no token → 401, wrong role → 403, bad signature → 401; nothing reaches the gateway', async () => {
    const { paymentKey } = await confirmed(10000);
    const path = `/payments/payments/${paymentKey}/cancel`;
    const none = await shop.post(path, { cancelReason: '고객 요청' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    const customer = await shop.post(
      path,
      { cancelReason: '고객 요청' },
      { authorization: `Bearer ${await token('customer')}` },
    );
    expect(customer.status).toBe(403);
    expect(await customer.json()).toMatchObject({ code: 'FORBIDDEN' });
    const forged = await shop.post(
      path,
      { cancelReason: '고객 요청' },
      { authorization: `Bearer ${await token('owner', 'another-secret-another-secret-another!!')}` },
    );
    expect(forged.status).toBe(401);
    expect(shop.emulator.control.requests({ route: 'cancel' })).toHaveLength(0);
    expect(shop.emulator.control.getPayment(paymentKey)?.status).toBe('DONE');
  });
});

describe('cancel: full and partial', () => {
  it('two partial cancels then a full cancel → CANCELED with three cancel transactions', async () => {
    const { paymentKey } = await confirmed(10000);
    const path = `/payments/payments/${paymentKey}/cancel`;
    const auth = { authorization: `Bearer ${await token('manager')}` };

    const p1 = await shop.post(path, { cancelReason: '부분 취소 1', cancelAmount: 3000 }, auth);
    expect(p1.status).toBe(200);
    expect(await p1.json()).toMatchObject({ status: 'PARTIAL_CANCELED', balanceAmount: 7000 });
    const p2 = await shop.post(
      path,
      { cancelReason: '부분 취소 2', cancelAmount: 2000 },
      { authorization: `Bearer ${await token(['staff', 'owner'])}` },
    );
    expect(p2.status).toBe(200);
    expect(await p2.json()).toMatchObject({ status: 'PARTIAL_CANCELED', balanceAmount: 5000 });
    const full = await shop.post(
      path,
      { cancelReason: '전액 취소' },
      { authorization: `Bearer ${await token('master')}` },
    );
    expect(full.status).toBe(200);
    expect(await full.json()).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });

    const atGateway = shop.emulator.control.getPayment(paymentKey) as unknown as {
      status: string;
      cancels: { cancelAmount: number }[];
    };
    expect(atGateway.status).toBe('CANCELED');
    expect(atGateway.cancels.map((c) => c.cancelAmount)).toEqual([3000, 2000, 5000]);
    const transactions = await shop.handler.ledger.listTransactions(paymentKey);
    expect(transactions.filter((t) => t.kind === 'CANCEL').map((t) => t.amount)).toEqual([3000, 2000, 5000]);
    expect(transactions.filter((t) => t.kind === 'APPROVAL')).toHaveLength(1);
    expect(canceledHook.map((c) => c.cancelAmount)).toEqual([3000, 2000, 5000]);
    // every cancel carried refundableAmount (the optimistic check) and an Idempotency-Key
    const cancels = shop.emulator.control.requests({ route: 'cancel' });
    expect(cancels.every((c) => typeof c.idempotencyKey === 'string' && c.idempotencyKey.length > 0)).toBe(
      true,
    );
  });

  it('more than the balance → 4xx before the gateway', async () => {
    const { paymentKey } = await confirmed(10000);
    const response = await shop.post(
      `/payments/payments/${paymentKey}/cancel`,
      { cancelReason: 'x', cancelAmount: 10001 },
      { authorization: `Bearer ${await token('owner')}` },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'CANCEL_AMOUNT_EXCEEDS_BALANCE' });
    expect(shop.emulator.control.requests({ route: 'cancel' })).toHaveLength(0);
  });

  it('FORBIDDEN_CONSECUTIVE_REQUEST (fault on the next cancel) → retried after ≥ 1 s and succeeds', async () => {
    const { paymentKey } = await confirmed(10000);
    shop.emulator.control.fault({ kind: 'fail', route: 'cancel', code: 'FORBIDDEN_CONSECUTIVE_REQUEST' });
    const started = Date.now();
    const response = await shop.post(
      `/payments/payments/${paymentKey}/cancel`,
      { cancelReason: '고객 요청' },
      { authorization: `Bearer ${await token('owner')}` },
    );
    const elapsed = Date.now() - started;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'CANCELED' });
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    const cancels = shop.emulator.control.requests({ route: 'cancel' });
    expect(cancels.map((c) => c.status)).toEqual([403, 200]);
    const retry = shop.events.find((e) => e.name === 'gateway.retry');
    expect(retry?.event).toMatchObject({ code: 'FORBIDDEN_CONSECUTIVE_REQUEST', paymentKey });
    expect((retry?.event as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(1000);
  });

  it('a deposited virtual account needs a refund account', async () => {
    const approved = await shop.approve(3000, { method: 'VIRTUAL_ACCOUNT', bank: '88' });
    expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
    await shop.emulator.control.deposit(approved.paymentKey);
    await shop.handler.ledger.recordPayment(await shop.handler.gateway.getPayment(approved.paymentKey));
    const auth = { authorization: `Bearer ${await token('owner')}` };
    const path = `/payments/payments/${approved.paymentKey}/cancel`;
    const without = await shop.post(path, { cancelReason: '환불' }, auth);
    expect(without.status).toBe(400);
    expect(await without.json()).toMatchObject({ code: 'REFUND_ACCOUNT_REQUIRED' });
    const withAccount = await shop.post(
      path,
      {
        cancelReason: '환불',
        refundReceiveAccount: { bank: '88', accountNumber: '12345678901', holderName: '김토스' },
      },
      auth,
    );
    expect(withAccount.status).toBe(200);
    expect(await withAccount.json()).toMatchObject({ status: 'CANCELED' });
  });
});

describe('cancel: the ledger or the answer is not what it seems', () => {
  it('a stale ledger balance is caught by refundableAmount; the ledger is refreshed and the retry goes through', async () => {
    const { paymentKey } = await confirmed(10000);
    await shop.emulator.control.cancel(paymentKey, {
      cancelReason: '대시보드 부분 취소',
      cancelAmount: 4000,
    });
    const auth = { authorization: `Bearer ${await token('owner')}` };
    const path = `/payments/payments/${paymentKey}/cancel`;
    const stale = await shop.post(path, { cancelReason: '부분 취소', cancelAmount: 1000 }, auth);
    expect(stale.status).toBe(400);
    expect(await stale.json()).toMatchObject({ code: 'NOT_MATCHES_REFUNDABLE_AMOUNT' });
    expect((await shop.handler.ledger.getPayment(paymentKey))?.balanceAmount).toBe(6000);
    const retried = await shop.post(path, { cancelReason: '부분 취소', cancelAmount: 1000 }, auth);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ balanceAmount: 5000 });
  });

  it('commit-then-drop on cancel → one cancel at the gateway, recorded, the admin sees success', async () => {
    const { paymentKey } = await confirmed(10000);
    shop.emulator.control.fault({ kind: 'drop', route: 'cancel' });
    const response = await shop.post(
      `/payments/payments/${paymentKey}/cancel`,
      { cancelReason: '전액 취소' },
      { authorization: `Bearer ${await token('owner')}` },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'CANCELED' });
    const atGateway = shop.emulator.control.getPayment(paymentKey) as unknown as { cancels: unknown[] };
    expect(atGateway.cancels).toHaveLength(1);
    expect((await shop.handler.ledger.getPayment(paymentKey))?.status).toBe('CANCELED');
    expect(canceledHook).toHaveLength(1);
  });
});
