// Two confirms the payment window can hand tosskit besides a normal one, through the handler against the emulator:
// a BrandPay payment (success URL with paymentType=BRANDPAY and the buyer's customerKey) goes to
// POST /v1/brandpay/payments/confirm under the same amount check, claim and lost-answer rules; a foreign-currency
// payment (PayPal in USD) is refused with UNSUPPORTED_CURRENCY, or compensated when its amount looked like won.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../testing/handler-test-support.js';

let shop: TestShop;

beforeEach(async () => {
  shop = await createTestShop({}, { consecutiveRequestWindowMs: 0, timeScale: 0 });
});
afterEach(() => shop.close());

const CUSTOMER = 'brandpay-buyer-01';

/** A payment the buyer approved in the BrandPay window, and the success URL the shop built for it. */
async function brandpayApproval(amount: number) {
  const approved = await shop.approve(amount, { paymentType: 'BRANDPAY', customerKey: CUSTOMER });
  const q = new URLSearchParams({
    paymentType: 'BRANDPAY',
    customerKey: CUSTOMER,
    paymentKey: approved.paymentKey,
    orderId: approved.orderId,
    amount: String(approved.amount),
  });
  return { approved, successPath: `/payments/success?${q.toString()}` };
}

const routes = () => shop.emulator.control.requests({ method: 'POST' }).map((r) => `${r.route} ${r.status}`);

describe('BrandPay confirm', () => {
  it('goes to the BrandPay endpoint with the customerKey and settles once', async () => {
    const { approved, successPath } = await brandpayApproval(50_000);
    const res = await shop.get(successPath, { accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'DONE', orderId: approved.orderId });
    expect(routes()).toEqual(['brandpayConfirm 200']);
    expect(shop.confirmed.map((p) => p.type)).toEqual(['BRANDPAY']);

    // a refresh of the success page is answered from the claim, not confirmed again
    expect((await shop.get(successPath, { accept: 'application/json' })).status).toBe(200);
    expect(routes()).toEqual(['brandpayConfirm 200']);
    expect(shop.confirmed).toHaveLength(1);
  });

  it('checks the amount against the order before anything reaches the gateway', async () => {
    const { approved } = await brandpayApproval(50_000);
    const res = await shop.post('/payments/confirm', {
      paymentType: 'BRANDPAY',
      customerKey: CUSTOMER,
      paymentKey: approved.paymentKey,
      orderId: approved.orderId,
      amount: 500,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('AMOUNT_MISMATCH');
    expect(routes()).toEqual([]);
  });

  it('refuses BRANDPAY without a valid customerKey (400, Korean by default, English on request)', async () => {
    const { approved } = await brandpayApproval(50_000);
    const body = {
      paymentType: 'BRANDPAY',
      paymentKey: approved.paymentKey,
      orderId: approved.orderId,
      amount: 50_000,
    };
    const missing = await shop.post('/payments/confirm', body);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { code: string }).code).toBe('MISSING_PARAMETER');
    const bad = await shop.post(
      '/payments/confirm',
      { ...body, customerKey: 'no spaces allowed' },
      { 'accept-language': 'en' },
    );
    expect(bad.status).toBe(400);
    const answer = (await bad.json()) as { code: string; message: string };
    expect(answer.code).toBe('INVALID_CUSTOMER_KEY');
    expect(answer.message).toMatch(/customerKey must be/);
    expect(routes()).toEqual([]);
  });

  it('a lost answer is settled by looking the payment up: DONE is DONE', async () => {
    const { approved, successPath } = await brandpayApproval(30_000);
    shop.emulator.control.fault({ kind: 'drop', route: 'brandpayConfirm' });
    const res = await shop.get(successPath, { accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'DONE', paymentKey: approved.paymentKey });
    // the same Idempotency-Key on the BrandPay path: the committed answer is replayed, nothing approved twice
    const sent = shop.emulator.control.requests({ route: 'brandpayConfirm' });
    expect(sent.map((r) => [r.dropped, r.replayed])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(shop.confirmed).toHaveLength(1);
  });
});

describe('foreign currency', () => {
  it('a decimal (USD) amount is refused with UNSUPPORTED_CURRENCY before the gateway is asked', async () => {
    const approved = await shop.approve(9, { method: 'FOREIGN_EASY_PAY', currency: 'USD' });
    const res = await shop.post('/payments/confirm', { ...approved, amount: '9.99' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('UNSUPPORTED_CURRENCY');
    expect(body.message).toMatch(/원화\(KRW\)/);
    expect(routes()).toEqual([]);
  });

  it('a USD payment whose amount equals the order in won is compensated, never shipped', async () => {
    const approved = await shop.approve(9, { method: 'FOREIGN_EASY_PAY', currency: 'USD' });
    const res = await shop.post('/payments/confirm', approved);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(((await res.json()) as { code: string }).code).toBe('PAYMENT_COMPENSATED');
    expect(shop.confirmed).toEqual([]);
    expect(routes()).toEqual(['confirm 200', 'cancel 200']);
    // PayPal's cancel is asynchronous: IN_PROGRESS until the provider answers
    expect(shop.emulator.control.getPayment(approved.paymentKey)?.cancels?.[0]?.cancelStatus).toBe(
      'IN_PROGRESS',
    );
  });
});
