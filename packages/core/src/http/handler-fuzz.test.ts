// Random bodies, query strings and headers against every route: never a 5xx, never a crash, never
// a change of state (fast-check; the gateway is the real emulator).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestShop, newOrderId, SHOP, type TestShop } from './handler-test-support.js';

let shop: TestShop;
let paidKey: string;
let paidOrder: string;
let receiptKey: string;
let before: string;

const snapshot = async (): Promise<string> =>
  JSON.stringify({
    gateway: shop.emulator.control.payments().map((p) => [p.paymentKey, p.status, p.balanceAmount]),
    // every write the gateway accepted (confirm, cancel, cash receipt, billing key, charge)
    accepted: shop.emulator.control.requests().filter((r) => r.method === 'POST' && r.status < 300).length,
    ledger: (await shop.handler.ledger.listPayments({ limit: 1000 })).map((p) => [
      p.paymentKey,
      p.status,
      p.revision,
    ]),
    receipts: (await shop.handler.ledger.listCashReceipts({ limit: 1000 })).map((r) => [
      r.id,
      r.transactionType,
      r.issueStatus,
      r.amount,
    ]),
    claims: await shop.handler.ledger.getClaim(paidOrder),
  });

beforeAll(async () => {
  shop = await createTestShop(
    {
      jwt: { secret: 'fuzz-secret-fuzz-secret-fuzz-secret-123' },
      createOrder: () => ({ orderId: 'fuzz-order-1', orderName: '퍼즈', amount: 1000 }),
    },
    { consecutiveRequestWindowMs: 0 },
  );
  const approved = await shop.approve(15000);
  expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
  paidKey = approved.paymentKey;
  paidOrder = approved.orderId;
  // a cash receipt for an order paid in cash: the receipt routes must not cancel it
  const cashOrder = newOrderId();
  shop.orders.set(cashOrder, { amount: 8000, orderName: '매장 현금 결제', payable: false });
  receiptKey = (
    await shop.handler.issueCashReceipt({
      orderId: cashOrder,
      type: '소득공제',
      customerIdentityNumber: '010-000-1234',
    })
  ).receiptKey;
  before = await snapshot();
});
afterAll(async () => {
  await shop.close();
});

const paths = () =>
  fc.constantFrom(
    '/payments/checkout',
    '/payments/success',
    '/payments/fail',
    '/payments/confirm',
    `/payments/payments/${'PAID'}`,
    `/payments/payments/${'PAID'}/cancel`,
    '/payments/webhook',
    '/payments/billing/success',
    '/payments/billing/fail',
    '/payments/billing/charge',
    '/payments/cash-receipts',
    `/payments/cash-receipts/${'RECEIPT'}/cancel`,
    '/payments/promotions',
    '/payments/unknown',
  );

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  '',
  'application/vnd.api+json',
);

const bodies = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
  fc
    .record(
      {
        paymentKey: fc.oneof(fc.string(), fc.constant('PAID')),
        orderId: fc.oneof(fc.string(), fc.constant('ORDER')),
        amount: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(15000)),
        eventType: fc.constantFrom(
          'PAYMENT_STATUS_CHANGED',
          'DEPOSIT_CALLBACK',
          'BILLING_DELETED',
          'CANCEL_STATUS_CHANGED',
          'X',
        ),
        secret: fc.string(),
        status: fc.constantFrom('DONE', 'CANCELED', 'WAITING_FOR_DEPOSIT', 'nope'),
        cancelReason: fc.string(),
        cancelAmount: fc.oneof(fc.integer(), fc.double()),
        type: fc.constantFrom('소득공제', '지출증빙', 'x'),
        customerIdentityNumber: fc.oneof(fc.string(), fc.constant('010-000-1234')),
        authKey: fc.string(),
        customerKey: fc.string(),
        data: fc.record(
          {
            paymentKey: fc.oneof(fc.string(), fc.constant('PAID')),
            orderId: fc.oneof(fc.string(), fc.constant('ORDER')),
            status: fc.constantFrom('DONE', 'CANCELED'),
            billingKey: fc.string(),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
);

describe('fuzz: every route', () => {
  it('never answers 5xx and never changes state', async () => {
    await fc.assert(
      fc.asyncProperty(
        paths(),
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        contentTypes,
        bodies,
        fc.dictionary(
          fc.constantFrom('paymentKey', 'orderId', 'amount', 'code', 'message', 'authKey', 'customerKey'),
          fc.oneof(fc.string(), fc.constant('PAID'), fc.constant('ORDER')),
        ),
        fc.record(
          {
            'accept-language': fc.string(),
            accept: fc.constantFrom('application/json', 'text/html', '*/*', ''),
            authorization: fc.oneof(fc.string(), fc.constant('Bearer a.b.c')),
          },
          { requiredKeys: [] },
        ),
        async (rawPath, method, contentType, body, query, headers) => {
          const path = rawPath
            .replace('PAID', encodeURIComponent(paidKey))
            .replace('RECEIPT', encodeURIComponent(receiptKey));
          const search = new URLSearchParams(
            Object.entries(query).map(([k, v]) => [
              k,
              v.replace('PAID', paidKey).replace('ORDER', paidOrder),
            ]),
          ).toString();
          const sendBody =
            method !== 'GET'
              ? body
                  .replace(/"PAID"/g, JSON.stringify(paidKey))
                  .replace(/"ORDER"/g, JSON.stringify(paidOrder))
              : undefined;
          const requestHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries({
            ...headers,
            ...(contentType === '' ? {} : { 'content-type': contentType }),
          })) {
            // only what a Headers object accepts: HTTP would not carry the rest either
            if (/^[\t\x20-\x7e]*$/.test(value)) requestHeaders[name] = value;
          }
          const init: RequestInit = { method, headers: requestHeaders };
          if (sendBody !== undefined) init.body = sendBody;
          const response = await shop.handler(
            new Request(`${SHOP}${path}${search ? `?${search}` : ''}`, init),
          );
          const text = await response.text();
          expect(response.status, `${method} ${path}?${search} ${sendBody ?? ''} -> ${text}`).toBeLessThan(
            500,
          );
          expect(text).not.toContain(shop.emulator.keys.secretKey);
        },
      ),
      { numRuns: 400 },
    );
    expect(await snapshot()).toBe(before);
  });
});
