// GET {basePath}/payments/:paymentKey decides who may look (issue 10, finding 9): the order's buyer (the shop's
// identifyBuyer against orderLookup's customerKey) gets the buyer view, an operator (the cancel route's JWT
// roles or authorizeCancel) the operator view, everyone else the same 404 as a payment that does not exist.
// Real emulator, real handler, real JWTs.
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createPaymentHandler } from './create-payment-handler.js';
import { createTestShop, type TestShop } from '../testing/handler-test-support.js';
import type { TossPaymentsOptions } from './options.js';

const JWT_SECRET = 'payment-view-test-jwt-secret-0123456789abcdef';
const ALICE = 'buyer_alice_0001';
const MALLORY = 'buyer_mallory_02';

let shop: TestShop | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

/** The shop's session as the tests model it: a `buyer` cookie naming the customerKey. */
const identifyBuyer: TossPaymentsOptions['identifyBuyer'] = (request) => {
  const match = /(?:^|;\s*)buyer=([^;]+)/.exec(request.headers.get('cookie') ?? '');
  return match === null ? null : { customerKey: decodeURIComponent(match[1]!) };
};

async function role(name: string): Promise<string> {
  const token = await new SignJWT({ role: name })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('staff-1')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(JWT_SECRET));
  return `Bearer ${token}`;
}

/** A shop whose payment view knows buyers and operators, and a virtual-account payment Alice is to pay. */
async function shopWithWaitingPayment(options: Partial<TossPaymentsOptions> = {}) {
  shop = await createTestShop({ identifyBuyer, jwt: { secret: JWT_SECRET }, ...options });
  const approved = await shop.approve(27_000, {
    method: 'VIRTUAL_ACCOUNT',
    bank: '88',
    customerName: '김앨리스',
  });
  shop.orders.get(approved.orderId)!.customerKey = ALICE;
  const confirmed = await shop.post('/payments/confirm', approved);
  expect(confirmed.status).toBe(200);
  return { shop, approved, path: `/payments/payments/${approved.paymentKey}` };
}

async function answer(response: Response) {
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: await response.text(),
  };
}

describe('GET /payments/payments/:paymentKey', () => {
  it('answers an anonymous caller holding a real paymentKey exactly as for a key that does not exist', async () => {
    const { shop, path } = await shopWithWaitingPayment();
    const anonymous = await answer(await shop.get(path));
    const nonexistent = await answer(await shop.get('/payments/payments/tgen_nobody_has_this_key_01'));
    expect(anonymous.status).toBe(404);
    expect(JSON.parse(anonymous.body)).toMatchObject({ code: 'PAYMENT_NOT_FOUND' });
    expect(anonymous).toEqual(nonexistent);
    // in English too, and nothing of the payment in the answer
    const english = await answer(await shop.get(path, { 'accept-language': 'en' }));
    const englishMissing = await answer(
      await shop.get('/payments/payments/tgen_nobody_has_this_key_01', { 'accept-language': 'en' }),
    );
    expect(english).toEqual(englishMissing);
    expect(english.body).not.toMatch(/27000|WAITING_FOR_DEPOSIT/);
  });

  it('answers another buyer, and a signed-in non-operator role, the same 404', async () => {
    const { shop, approved, path } = await shopWithWaitingPayment();
    const nonexistent = await answer(
      await shop.get('/payments/payments/tgen_nobody_has_this_key_02', { cookie: `buyer=${MALLORY}` }),
    );
    const mallory = await answer(await shop.get(path, { cookie: `buyer=${MALLORY}` }));
    expect(mallory.status).toBe(404);
    expect(mallory).toEqual(nonexistent);
    const customerRole = await answer(
      await shop.get(path, { authorization: await role('customer'), cookie: 'theme=dark' }),
    );
    expect(customerRole).toEqual(nonexistent);
    // a forged token (another secret) is nobody either, not a 401 that would confirm the key
    const forged = await new SignJWT({ role: 'owner' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('x'.repeat(48)));
    expect(await answer(await shop.get(path, { authorization: `Bearer ${forged}` }))).toEqual(nonexistent);
    expect(mallory.body).not.toContain(approved.orderId);
  });

  it('answers the order’s buyer with the buyer view: what the result page needs, the account to pay into', async () => {
    const { shop, approved, path } = await shopWithWaitingPayment();
    const response = await shop.get(path, { cookie: `theme=dark; buyer=${ALICE}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const view = (await response.json()) as Record<string, unknown>;
    const atGateway = shop.emulator.control.getPayment(approved.paymentKey) as unknown as {
      secret?: string;
      virtualAccount: { accountNumber: string; dueDate: string };
    };
    expect(view).toEqual({
      paymentKey: approved.paymentKey,
      orderId: approved.orderId,
      orderName: '테스트 주문',
      status: 'WAITING_FOR_DEPOSIT',
      method: '가상계좌',
      totalAmount: 27_000,
      balanceAmount: 27_000,
      approvedAt: null,
      virtualAccount: {
        accountNumber: atGateway.virtualAccount.accountNumber,
        bankCode: '88',
        dueDate: atGateway.virtualAccount.dueDate,
      },
      receiptUrl: expect.any(String) as unknown,
    });
    const text = JSON.stringify(view);
    expect(text).not.toContain('김앨리스');
    expect(text).not.toContain(String(atGateway.secret));
  });

  it('answers an operator (owner role) with the operator view: holder, refund state and cancels', async () => {
    const { shop, approved, path } = await shopWithWaitingPayment();
    const response = await shop.get(path, { authorization: await role('owner') });
    expect(response.status).toBe(200);
    const view = (await response.json()) as Record<string, unknown>;
    expect(view).toMatchObject({
      paymentKey: approved.paymentKey,
      orderId: approved.orderId,
      status: 'WAITING_FOR_DEPOSIT',
      totalAmount: 27_000,
      requestedAt: expect.any(String) as unknown,
      virtualAccount: { bankCode: '88', holderName: '김앨리스', expired: false },
      cancels: [],
    });
    const secret = (shop.emulator.control.getPayment(approved.paymentKey) as { secret?: string }).secret;
    expect(JSON.stringify(view)).not.toContain(String(secret));
    // an operator asking for a key that does not exist still gets the 404
    const missing = await shop.get('/payments/payments/tgen_nobody_has_this_key_03', {
      authorization: await role('owner'),
    });
    expect(missing.status).toBe(404);
  });

  it('counts the shop’s authorizeCancel as the operator check when given', async () => {
    const { shop, path } = await shopWithWaitingPayment({
      authorizeCancel: (request) => request.headers.get('x-staff') === 'yes',
    });
    expect((await shop.get(path, { 'x-staff': 'yes' })).status).toBe(200);
    expect((await shop.get(path, { 'x-staff': 'no' })).status).toBe(404);
  });

  it('without customerKey in orderLookup’s answer, no buyer matches, and the shop is told once why', async () => {
    const { shop, approved, path } = await shopWithWaitingPayment();
    delete shop.orders.get(approved.orderId)!.customerKey;
    expect((await shop.get(path, { cookie: `buyer=${ALICE}` })).status).toBe(404);
    expect((await shop.get(path, { cookie: `buyer=${ALICE}` })).status).toBe(404);
    const warnings = shop.logs.filter((line) => line.includes('orderLookup returned no customerKey'));
    expect(warnings).toHaveLength(1);
  });

  it('refuses an identifyBuyer that is not a function at startup, naming the option', () => {
    expect(() =>
      createPaymentHandler({
        secretKey: 'test_sk_payment_view_0001',
        orderLookup: () => null,
        identifyBuyer: 'buyer' as unknown as TossPaymentsOptions['identifyBuyer'],
      }),
    ).toThrow(/option "identifyBuyer": must be a function/);
  });
});
