// Random bodies, query strings and headers against every route: never a 5xx, never a crash, never
// a change of state (fast-check; the gateway is the real emulator). Hostile ids (NUL bytes, lone
// surrogates, 10,000 characters, other alphabets) in every path, query and body field that carries one:
// a 4xx with the field's code, and nothing reaches the ledger, the shop's orderLookup or the gateway.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLedger, type Ledger } from '../ledger/index.js';
import {
  encodeAnyString,
  holdsUnstorableText,
  HOSTILE_IDS,
  hostileIdRequests,
  ODD_IDS,
  roleToken,
  UPPER_SNAKE,
  type HostileIdContext,
  type HostileIdRequest,
} from '../testing/index.js';
import { createTestShop, newOrderId, SHOP, type TestShop } from '../testing/handler-test-support.js';

let shop: TestShop;
let paidKey: string;
let paidOrder: string;
let receiptKey: string;
let before: string;
let known: HostileIdContext;
const JWT_SECRET = 'fuzz-secret-fuzz-secret-fuzz-secret-123';

/** Every argument any ledger method was called with, and every orderLookup: what reached storage. */
const ledgerCalls: { method: string; args: unknown[] }[] = [];
const lookups: string[] = [];

/** The real memory ledger, with each call written down (not a mock: every call goes through). */
function recordingLedger(inner: Ledger): Ledger {
  return new Proxy(inner, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        ledgerCalls.push({ method: name, args });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Every string inside `value` (objects and arrays walked). */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      stringsIn(item, out);
    }
  return out;
}

async function send(request: HostileIdRequest): Promise<{ status: number; text: string }> {
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body !== undefined) init.body = request.body;
  const response = await shop.handler(new Request(`${SHOP}/payments${request.path}`, init));
  return { status: response.status, text: await response.text() };
}

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
      jwt: { secret: JWT_SECRET },
      createOrder: () => ({ orderId: 'fuzz-order-1', orderName: '퍼즈', amount: 1000 }),
      ledger: recordingLedger(createMemoryLedger()),
      orderLookup: (orderId) => {
        lookups.push(orderId);
        return shop.orders.get(orderId) ?? null;
      },
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
  known = {
    paymentKey: paidKey,
    orderId: paidOrder,
    receiptKey,
    customerKey: 'cus_fuzz_known_1',
    authorization: `Bearer ${await roleToken('owner', JWT_SECRET)}`,
  };
  before = await snapshot();
});
afterAll(async () => {
  await shop.close();
  await shop.handler.ledger.close();
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

describe('fuzz: hostile ids on every route', () => {
  it('the table covers every route input that carries an id', () => {
    const labels = hostileIdRequests(known, HOSTILE_IDS[0]!).map((r) => r.label);
    expect(labels.length).toBeGreaterThanOrEqual(27);
    for (const route of [
      '/success',
      '/confirm',
      '/fail',
      '/payments/',
      '/webhook',
      '/billing/',
      '/cash-receipts',
    ])
      expect(
        labels.some((label) => label.includes(route)),
        route,
      ).toBe(true);
  });

  it.each(HOSTILE_IDS.map((value) => [JSON.stringify(value).slice(0, 40), value] as const))(
    '%s: 4xx with the field’s code everywhere, nothing reaches the ledger, orderLookup or the gateway',
    async (_name, value) => {
      const gatewayBefore = shop.emulator.control.requests().length;
      const ledgerBefore = ledgerCalls.length;
      const lookupsBefore = lookups.length;
      for (const request of hostileIdRequests(known, value)) {
        const { status, text } = await send(request);
        const answer = JSON.parse(text) as { code?: unknown; message?: unknown; orderId?: unknown };
        if (request.code === null) {
          // a buyer's landing page: answered, with the id dropped rather than echoed
          expect([request.label, status], text).toEqual([request.label, 200]);
          expect(text, request.label).not.toContain(JSON.stringify(value).slice(1, -1).slice(0, 30));
          continue;
        }
        expect([request.label, status, answer.code], text.slice(0, 300)).toEqual([
          request.label,
          400,
          request.code,
        ]);
        expect(String(answer.message), request.label).toMatch(/[\uac00-\ud7a3]/);
      }
      expect(shop.emulator.control.requests().length, 'gateway calls').toBe(gatewayBefore);
      const reached = ledgerCalls
        .slice(ledgerBefore)
        .filter((call) =>
          stringsIn(call.args).some((text) => text.includes(value) || holdsUnstorableText(text)),
        );
      expect(reached, 'ledger calls with the hostile value').toEqual([]);
      expect(lookups.slice(lookupsBefore), 'orderLookup calls').toEqual([]);
    },
  );

  it('answers in English on Accept-Language: en, with the same codes', async () => {
    for (const request of hostileIdRequests(known, 'order\u0000nul')) {
      if (request.code === null) continue;
      const { status, text } = await send({
        ...request,
        headers: { ...request.headers, 'accept-language': 'en' },
      });
      const answer = JSON.parse(text) as { code: string; message: string };
      expect([request.label, status, answer.code]).toEqual([request.label, 400, request.code]);
      expect(answer.message, request.label).not.toMatch(/[\uac00-\ud7a3]/);
    }
  });

  it.each(ODD_IDS.map((value) => [value] as const))(
    '%s (printable): never a 5xx, an error is UPPER_SNAKE',
    async (value) => {
      for (const request of hostileIdRequests(known, value)) {
        const { status, text } = await send(request);
        expect(status, `${request.label} -> ${text.slice(0, 200)}`).toBeLessThan(500);
        if (status >= 400) expect((JSON.parse(text) as { code: string }).code).toMatch(UPPER_SNAKE);
      }
    },
  );

  it('random strings from a hostile alphabet in every id field: always 4xx (or the fail pages’ 200), never 5xx', async () => {
    const hostileUnit = fc.constantFrom(
      '\u0000',
      '\uD800',
      '\uDFFF',
      '\u0007',
      '\r',
      '\n',
      ' ',
      '%',
      '/',
      '한',
      '😀',
      '\u202E',
      '\uFEFF',
      'a',
      'Z',
      '0',
      '-',
      '_',
    );
    const hostile = fc.oneof(
      fc.string({ unit: hostileUnit, minLength: 1, maxLength: 80 }).filter(holdsUnstorableText),
      fc.string({ unit: hostileUnit, minLength: 301, maxLength: 2000 }),
      fc
        .string({ unit: fc.constantFrom('a', '\u0000', '\uD800'), minLength: 1, maxLength: 20 })
        .filter(holdsUnstorableText),
    );
    const ledgerBefore = ledgerCalls.length;
    const gatewayBefore = shop.emulator.control.requests().length;
    await fc.assert(
      fc.asyncProperty(hostile, fc.nat(), async (value, pick) => {
        const table = hostileIdRequests(known, value);
        const request = table[pick % table.length]!;
        const { status, text } = await send(request);
        if (request.code === null) {
          expect(status).toBe(200);
          return;
        }
        expect(
          [request.label, status],
          `${encodeAnyString(value).slice(0, 80)} -> ${text.slice(0, 200)}`,
        ).toEqual([request.label, 400]);
        expect((JSON.parse(text) as { code: string }).code).toBe(request.code);
      }),
      { numRuns: 300 },
    );
    expect(shop.emulator.control.requests().length).toBe(gatewayBefore);
    expect(
      ledgerCalls.slice(ledgerBefore).filter((call) => stringsIn(call.args).some(holdsUnstorableText)),
    ).toEqual([]);
  });

  it('changed no state', async () => {
    expect(await snapshot()).toBe(before);
  });
});
