// Hostile ids against the payment handler on a real PostgreSQL ledger (issue 10, finding 7): PostgreSQL text
// cannot hold a NUL byte, so an id that reached it answered 500; a lone surrogate made the gateway client's URL
// encoding throw. Every route input that carries an id must now be answered 4xx before the ledger is asked.
import { createPaymentHandler, type PaymentHandler } from '@tosskit/core';
import {
  createCollectingLogger,
  HOSTILE_IDS,
  hostileIdRequests,
  ODD_IDS,
  roleToken,
  UPPER_SNAKE,
  type CollectingLogger,
  type HostileIdContext,
  type HostileIdRequest,
} from '@tosskit/core/testing';
import { createEmulator, type Emulator } from '@tosskit/emulator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger, type PersistentLedger } from './create-ledger.js';
import {
  createTestDatabase,
  freshPrefix,
  TEST_ENCRYPTION_KEY,
  type TestDatabase,
} from './testing/test-database.js';

const JWT_SECRET = 'edge-input-postgres-secret-0123456789abcdef';
const SHOP = 'http://shop.test';

let db: TestDatabase;
let pool: pg.Pool;
let emulator: Emulator;
let ledger: PersistentLedger;
let handler: PaymentHandler;
let logger: CollectingLogger;
let known: HostileIdContext;
const orders = new Map<string, { amount: number; orderName: string; payable: boolean }>();

async function send(request: HostileIdRequest): Promise<{ status: number; text: string }> {
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body !== undefined) init.body = request.body;
  const response = await handler(new Request(`${SHOP}/payments${request.path}`, init));
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  // no consecutive-read window: the odd-but-printable ids re-read the paid payment many times in a row
  [db, emulator] = await Promise.all([
    createTestDatabase('edge'),
    createEmulator({ consecutiveRequestWindowMs: 0 }),
  ]);
  pool = new pg.Pool({ connectionString: db.connectionString, max: 5 });
  // the test database is dropped WITH (FORCE) at the end: idle clients losing their server is expected
  pool.on('error', () => {});
  ledger = await createLedger({ pool, tablePrefix: freshPrefix(), encryptionKey: TEST_ENCRYPTION_KEY });
  logger = createCollectingLogger();
  handler = createPaymentHandler({
    secretKey: emulator.keys.secretKey,
    clientKey: emulator.keys.clientKey,
    apiBaseUrl: emulator.url,
    ledger,
    logger,
    jwt: { secret: JWT_SECRET },
    orderLookup: (orderId) => orders.get(orderId) ?? null,
  });
  // a paid order and a cash receipt in PostgreSQL: the hostile value is the only thing wrong in each request
  const orderId = `edge-pg-${Date.now().toString(36)}`;
  orders.set(orderId, { amount: 15_000, orderName: '엣지 입력', payable: true });
  const approved = await emulator.control.authorizePayment({
    orderId,
    amount: 15_000,
    orderName: '엣지 입력',
  });
  const confirmed = await handler(
    new Request(`${SHOP}/payments/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(approved),
    }),
  );
  expect(confirmed.status).toBe(200);
  const cashOrder = `edge-pg-cash-${Date.now().toString(36)}`;
  orders.set(cashOrder, { amount: 8_000, orderName: '매장 현금 결제', payable: false });
  const receipt = await handler.issueCashReceipt({
    orderId: cashOrder,
    type: '소득공제',
    customerIdentityNumber: '010-000-1234',
  });
  known = {
    paymentKey: approved.paymentKey,
    orderId,
    receiptKey: receipt.receiptKey,
    customerKey: 'cus_edge_pg_1',
    authorization: `Bearer ${await roleToken('owner', JWT_SECRET)}`,
  };
});
afterAll(async () => {
  await handler?.close();
  await ledger?.close();
  await emulator?.close();
  await pool?.end();
  await db?.drop();
});

describe('hostile ids on a PostgreSQL ledger', () => {
  it('GET /payments/payments/order%00nul: 400 INVALID_PAYMENT_KEY, not a 500 from PostgreSQL', async () => {
    const response = await handler(new Request(`${SHOP}/payments/payments/order%00nul`));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'INVALID_PAYMENT_KEY',
      message: 'paymentKey가 올바르지 않습니다. 결제창이 돌려준 paymentKey를 그대로 보내주세요 (최대 200자).',
    });
  });

  it('a DEPOSIT_CALLBACK whose orderId holds a NUL or a lone surrogate: 400 INVALID_WEBHOOK_BODY, gateway not asked', async () => {
    const gatewayBefore = emulator.control.requests().length;
    for (const orderId of ['order\u0000nul', 'order-\uD800-lone']) {
      const response = await handler(
        new Request(`${SHOP}/payments/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'accept-language': 'en' },
          body: JSON.stringify({ secret: 'ps_whatever', status: 'DONE', orderId }),
        }),
      );
      expect(response.status).toBe(400);
      const body = (await response.json()) as { code: string; details: { issues: { path: string }[] } };
      expect(body.code).toBe('INVALID_WEBHOOK_BODY');
      expect(body.details.issues.map((issue) => issue.path)).toContain('orderId');
    }
    expect(emulator.control.requests().length).toBe(gatewayBefore);
  });

  it.each(HOSTILE_IDS.map((value) => [JSON.stringify(value).slice(0, 40), value] as const))(
    '%s on every route: 4xx with the field’s code (the fail pages 200), never a 5xx, nothing logged as an error',
    async (_name, value) => {
      const errorsBefore = logger.entries.filter((e) => e.level === 'error').length;
      for (const request of hostileIdRequests(known, value)) {
        const { status, text } = await send(request);
        const code = (JSON.parse(text) as { code?: string }).code;
        if (request.code === null) expect([request.label, status], text).toEqual([request.label, 200]);
        else
          expect([request.label, status, code], text.slice(0, 300)).toEqual([
            request.label,
            400,
            request.code,
          ]);
      }
      expect(logger.entries.filter((e) => e.level === 'error').length).toBe(errorsBefore);
    },
  );

  it.each(ODD_IDS.map((value) => [value] as const))(
    '%s (printable) on every route: never a 5xx',
    async (value) => {
      for (const request of hostileIdRequests(known, value)) {
        const { status, text } = await send(request);
        expect(status, `${request.label} -> ${text.slice(0, 200)}`).toBeLessThan(500);
        if (status >= 400) expect((JSON.parse(text) as { code: string }).code).toMatch(UPPER_SNAKE);
      }
    },
  );

  it('a cancel whose cancelReason holds a NUL: 400 VALIDATION_ERROR before the gateway refunds anything', async () => {
    const response = await handler(
      new Request(`${SHOP}/payments/payments/${known.paymentKey}/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: known.authorization },
        body: JSON.stringify({ cancelReason: '고객\u0000요청' }),
      }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; details: { issues: { path: string }[] } };
    expect(body.code).toBe('VALIDATION_ERROR');
    expect(body.details.issues.map((issue) => issue.path)).toEqual(['cancelReason']);
    // before: the gateway refunded, then PostgreSQL refused the snapshot (500) and the ledger never knew
    expect(emulator.control.getPayment(known.paymentKey)?.status).toBe('DONE');
    expect(emulator.control.requests({ method: 'POST' }).filter((r) => r.path.endsWith('/cancel'))).toEqual(
      [],
    );
  });

  it('a billing charge whose orderName holds a NUL: 400 VALIDATION_ERROR, the card is not charged', async () => {
    const customerKey = 'cus_edge_pg_billing';
    const { authKey } = await emulator.control.authorizeBilling({ customerKey });
    const issued = await handler(
      new Request(`${SHOP}/payments/billing/success?customerKey=${customerKey}&authKey=${authKey}`, {
        headers: { accept: 'application/json' },
      }),
    );
    expect(issued.status).toBe(200);
    const orderId = `edge-pg-bill-${Date.now().toString(36)}`;
    orders.set(orderId, { amount: 9_900, orderName: '정기 구독', payable: true });
    const charged = await handler(
      new Request(`${SHOP}/payments/billing/charge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: known.authorization },
        body: JSON.stringify({ customerKey, orderId, amount: 9_900, orderName: '정기\u0000구독' }),
      }),
    );
    expect(charged.status).toBe(400);
    expect(await charged.json()).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { issues: [{ path: 'orderName' }] },
    });
    expect(emulator.control.requests({ route: 'billingCharge' })).toEqual([]);
    expect(await ledger.getPaymentByOrderId(orderId)).toBeNull();
  });

  it('the paid order is untouched: one DONE payment in PostgreSQL, still DONE at the gateway', async () => {
    const payments = await ledger.listPayments({ limit: 100 });
    expect(payments.map((p) => [p.paymentKey, p.status])).toEqual([[known.paymentKey, 'DONE']]);
    expect(emulator.control.getPayment(known.paymentKey)?.status).toBe('DONE');
  });
});
