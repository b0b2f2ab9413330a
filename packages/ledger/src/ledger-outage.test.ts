/**
 * The PostgreSQL ledger when its database cannot answer (issue 10, finding 6): a real TCP proxy between the
 * ledger's `pg` pool and the real server cuts the path (reset) or black-holes it (no reset, no answer, the
 * half-open case). No mock of `pg`. Every request that needs the ledger must answer 503 LEDGER_UNAVAILABLE
 * with Retry-After within a few seconds, never a 500 and never a hang; no gateway confirm goes out without a
 * claim; and when the path comes back the pool serves again.
 */
import { createPaymentHandler, type PaymentHandler, type ShopOrder } from '@tosskit/core';
import { createCollectingLogger, type CollectingLogger } from '@tosskit/core/testing';
import { createEmulator, type Emulator } from '@tosskit/emulator';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTcpProxy, type ProxyMode, type TcpProxy } from '../../../test-support/tcp-proxy.js';
import { createLedger, postgresPoolBounds, type PersistentLedger } from './create-ledger.js';
import {
  createTestDatabase,
  freshPrefix,
  TEST_ENCRYPTION_KEY,
  type TestDatabase,
} from './testing/test-database.js';

const SHOP = 'http://shop.test';
/** the bounds under test: small, so a cut shows within a second */
const BOUNDS = { connectionTimeoutMs: 500, statementTimeoutMs: 500, queryTimeoutMs: 700 } as const;
/** what "within a few seconds" means here: the bounds above plus a starved shared machine */
const ANSWER_WITHIN_MS = 4_000;

let db: TestDatabase;
let emulator: Emulator;
const open: { proxy: TcpProxy; ledger: PersistentLedger; handler: PaymentHandler }[] = [];

beforeAll(async () => {
  [db, emulator] = await Promise.all([createTestDatabase('outage'), createEmulator()]);
});
afterEach(async () => {
  for (const { proxy, handler, ledger } of open.splice(0)) {
    proxy.setMode('pass');
    await handler.close();
    await ledger.close();
    await proxy.close();
  }
});
afterAll(async () => {
  await emulator?.close();
  await db?.drop();
});

interface Shop {
  proxy: TcpProxy;
  handler: PaymentHandler;
  ledger: PersistentLedger;
  logger: CollectingLogger;
  orders: Map<string, ShopOrder>;
  request(method: 'GET' | 'POST', path: string, body?: unknown, headers?: Record<string, string>): Request;
  /** a payment the buyer approved in the window (IN_PROGRESS at the emulator), its order known to the shop */
  approve(amount: number, extra?: Record<string, unknown>): Promise<ApprovedPayment>;
}

interface ApprovedPayment {
  paymentKey: string;
  orderId: string;
  amount: number;
}

let orderCounter = 0;
function newOrderId(): string {
  orderCounter += 1;
  return `outage-${Date.now().toString(36)}-${orderCounter}`;
}

/** A shop whose ledger reaches PostgreSQL only through a proxy it controls; fresh tables per shop. */
async function shopBehindProxy(
  hooks: { onConfirmed?: (payment: { orderId: string }, proxy: TcpProxy) => void } = {},
): Promise<Shop> {
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(db.connectionString).port) });
  const url = new URL(db.connectionString);
  url.port = String(proxy.port);
  const ledger = await createLedger({
    connectionString: url.toString(),
    tablePrefix: freshPrefix(),
    encryptionKey: TEST_ENCRYPTION_KEY,
    poolSize: 4,
    ...BOUNDS,
  });
  const orders = new Map<string, ShopOrder>();
  const logger = createCollectingLogger({ echoErrors: null });
  const handler = createPaymentHandler({
    secretKey: emulator.keys.secretKey,
    clientKey: emulator.keys.clientKey,
    apiBaseUrl: emulator.url,
    orderLookup: (orderId) => orders.get(orderId) ?? null,
    onPaymentConfirmed: (payment) => {
      const order = orders.get(payment.orderId);
      if (order !== undefined) order.payable = false;
      hooks.onConfirmed?.(payment, proxy);
    },
    ledger,
    logger,
    // operator routes (cancel, charge, cash receipts) are let through: the test is about the ledger
    authorizeCancel: () => true,
    // with result pages configured, a ledger outage must still not be shown as a failed payment
    redirects: { success: '/done', fail: '/failed', billingSuccess: '/cards', billingFail: '/cards/failed' },
    // one attempt per gateway call: the gateway is healthy here, and no retry hides a slow path
    gateway: { retry: false },
  });
  open.push({ proxy, ledger, handler });
  return {
    proxy,
    handler,
    ledger,
    logger,
    orders,
    request(method, path, body, headers = {}) {
      return new Request(`${SHOP}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
    async approve(amount, extra = {}) {
      const orderId = newOrderId();
      orders.set(orderId, { amount, orderName: '장애 테스트 주문', payable: true });
      return emulator.control.authorizePayment({ orderId, amount, orderName: '장애 테스트 주문', ...extra });
    },
  };
}

/** The handler's answer, or a failure naming the route when none comes within `ms` (the old hang). */
async function answerWithin(
  handler: PaymentHandler,
  request: Request,
  ms = ANSWER_WITHIN_MS,
): Promise<{ response: Response; elapsedMs: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`${request.method} ${new URL(request.url).pathname}: no answer within ${ms} ms`)),
      ms,
    );
  });
  try {
    const response = await Promise.race([handler(request), hang]);
    return { response, elapsedMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

async function expectLedgerUnavailable(
  answer: { response: Response; elapsedMs: number },
  label: string,
  locale: 'ko' | 'en' = 'ko',
): Promise<void> {
  const { response } = answer;
  const text = await response.text();
  expect(response.status, `${label}: ${text}`).toBe(503);
  const body = JSON.parse(text) as { code: string; message: string };
  expect(body.code, label).toBe('LEDGER_UNAVAILABLE');
  if (locale === 'ko') expect(body.message, label).toMatch(/[\uac00-\ud7a3]/);
  else expect(body.message, label).toMatch(/^The payment record cannot be saved right now/);
  // nothing of the database reaches the client
  expect(text, label).not.toMatch(/postgres|127\.0\.0\.1|timeout|ECONN|at .*\.ts/i);
  const retryAfter = response.headers.get('retry-after');
  expect(retryAfter, `${label}: Retry-After`).toMatch(/^[1-9][0-9]*$/);
}

function confirmsAtGateway(orderId: string): number {
  return emulator.control
    .requests({ route: 'confirm' })
    .filter((entry) => entry.idempotencyKey?.includes(`:${orderId}:`) === true).length;
}

describe('PostgreSQL ledger: bounded calls through a cut or black-holed path', () => {
  it('black hole: a ledger read answers 503 LEDGER_UNAVAILABLE with Retry-After within a few seconds (Korean and English)', async () => {
    const shop = await shopBehindProxy();
    const approved = await shop.approve(12_000);
    const confirmed = await answerWithin(shop.handler, shop.request('POST', '/payments/confirm', approved));
    expect(confirmed.response.status).toBe(200);

    shop.proxy.setMode('blackhole');
    // the pool's idle connection is now half-open: the read is sent and no answer ever comes
    const view = await answerWithin(
      shop.handler,
      shop.request('GET', `/payments/payments/${approved.paymentKey}`),
    );
    await expectLedgerUnavailable(view, 'payment view, idle connection black-holed');
    expect(view.elapsedMs).toBeGreaterThanOrEqual(BOUNDS.queryTimeoutMs - 50);
    // a new connection into the black hole: the connect is bounded too, in English on request
    const english = await answerWithin(
      shop.handler,
      shop.request('GET', `/payments/payments/${approved.paymentKey}`, undefined, {
        'accept-language': 'en',
      }),
    );
    await expectLedgerUnavailable(english, 'payment view, new connection black-holed', 'en');
    // more requests than the pool has connections: the wait for a free one is bounded as well
    const burst = await Promise.all(
      Array.from({ length: 10 }, () =>
        answerWithin(shop.handler, shop.request('GET', `/payments/payments/${approved.paymentKey}`)),
      ),
    );
    for (const [i, answer] of burst.entries()) await expectLedgerUnavailable(answer, `burst ${i}`);
    console.info(
      `[ledger-outage] black hole → 503 after ${Math.round(view.elapsedMs)} ms (idle connection), ` +
        `${Math.round(english.elapsedMs)} ms (new connection), burst of 10 on a pool of 4: max ` +
        `${Math.round(Math.max(...burst.map((b) => b.elapsedMs)))} ms`,
    );
    // operators see the outage by its code, never a stack or the database's address
    const logged = shop.logger.lines().join('\n');
    expect(logged).toContain('LEDGER_UNAVAILABLE');
    expect(logged).toMatch(/"reason":"(query_timeout|connect_timeout)"/);
    expect(logged).not.toContain('INTERNAL_ERROR');
  });

  it('reset: a cut path answers 503 LEDGER_UNAVAILABLE at once, not 500', async () => {
    const shop = await shopBehindProxy();
    const approved = await shop.approve(7_000);
    expect(
      (await answerWithin(shop.handler, shop.request('POST', '/payments/confirm', approved))).response.status,
    ).toBe(200);
    shop.proxy.setMode('reset');
    const view = await answerWithin(
      shop.handler,
      shop.request('GET', `/payments/payments/${approved.paymentKey}`),
    );
    await expectLedgerUnavailable(view, 'payment view, path reset');
    // refused at once: no timeout needed to notice
    expect(view.elapsedMs).toBeLessThan(BOUNDS.connectionTimeoutMs + 300);
    const again = await answerWithin(
      shop.handler,
      shop.request('GET', `/payments/payments/${approved.paymentKey}`),
    );
    await expectLedgerUnavailable(again, 'payment view, new connection refused');
  });

  it('the pool recovers when the path comes back: the next request after a black hole or a reset succeeds', async () => {
    const shop = await shopBehindProxy();
    const approved = await shop.approve(9_000);
    expect(
      (await answerWithin(shop.handler, shop.request('POST', '/payments/confirm', approved))).response.status,
    ).toBe(200);
    const view = () => shop.request('GET', `/payments/payments/${approved.paymentKey}`);
    for (const mode of ['blackhole', 'reset'] as const) {
      shop.proxy.setMode(mode);
      // every connection of the pool gets stuck or cut
      const cut = await Promise.all(Array.from({ length: 6 }, () => answerWithin(shop.handler, view())));
      for (const answer of cut) await expectLedgerUnavailable(answer, `${mode}: during the cut`);
      const acceptedBefore = shop.proxy.accepted;
      shop.proxy.setMode('pass');
      const back = await answerWithin(shop.handler, view());
      expect(back.response.status, `${mode}: after the path came back`).toBe(200);
      expect(await back.response.json()).toMatchObject({ paymentKey: approved.paymentKey, status: 'DONE' });
      // the hung or cut connections were dropped, not handed out again: the answer came over a new one
      expect(shop.proxy.accepted).toBeGreaterThan(acceptedBefore);
      // and the pool keeps serving, writes included
      const next = await shop.approve(4_000);
      const confirmed = await answerWithin(shop.handler, shop.request('POST', '/payments/confirm', next));
      expect(confirmed.response.status, `${mode}: a confirm after the path came back`).toBe(200);
    }
  });

  it('every route that needs the ledger answers 503 LEDGER_UNAVAILABLE, not 500, while the path is reset or black-holed', async () => {
    const shop = await shopBehindProxy();
    // made while the path is up: a paid card payment, a virtual account with a deposit, a registered card
    const card = await shop.approve(15_000);
    expect(
      (await answerWithin(shop.handler, shop.request('POST', '/payments/confirm', card))).response.status,
    ).toBe(200);
    const va = await shop.approve(3_000, { method: 'VIRTUAL_ACCOUNT', bank: '88' });
    expect(
      (await answerWithin(shop.handler, shop.request('POST', '/payments/confirm', va))).response.status,
    ).toBe(200);
    await emulator.control.deposit(va.paymentKey);
    const deposited = emulator.control.getPayment(va.paymentKey)!;
    const cardAtGateway = emulator.control.getPayment(card.paymentKey)!;

    for (const mode of ['reset', 'blackhole'] as ProxyMode[]) {
      // fresh inputs per round: a success URL and a confirm for payments not confirmed yet, a billing auth
      const viaSuccess = await shop.approve(5_000);
      const viaConfirm = await shop.approve(6_000);
      const customerKey = `cust-outage-${mode}-${Date.now().toString(36)}`;
      const billing = await emulator.control.authorizeBilling({ customerKey });
      const chargeOrder = newOrderId();
      shop.orders.set(chargeOrder, { amount: 9_900, orderName: '정기결제', payable: true });

      const routes: [string, () => Request][] = [
        [
          'GET /success (browser, result pages configured)',
          () =>
            new Request(
              `${SHOP}/payments/success?paymentKey=${viaSuccess.paymentKey}&orderId=${viaSuccess.orderId}&amount=${viaSuccess.amount}`,
              { headers: { accept: 'text/html' } },
            ),
        ],
        ['POST /confirm', () => shop.request('POST', '/payments/confirm', viaConfirm)],
        [
          'GET /fail',
          () =>
            shop.request(
              'GET',
              `/payments/fail?code=PAY_PROCESS_CANCELED&message=x&orderId=${viaConfirm.orderId}`,
            ),
        ],
        ['GET /payments/:paymentKey', () => shop.request('GET', `/payments/payments/${card.paymentKey}`)],
        [
          'POST /payments/:paymentKey/cancel',
          () =>
            shop.request('POST', `/payments/payments/${card.paymentKey}/cancel`, {
              cancelReason: '고객 요청',
            }),
        ],
        [
          'POST /webhook PAYMENT_STATUS_CHANGED',
          () =>
            shop.request('POST', '/payments/webhook', {
              eventType: 'PAYMENT_STATUS_CHANGED',
              createdAt: '2026-12-03T10:00:00.000000',
              data: cardAtGateway,
            }),
        ],
        [
          'POST /webhook DEPOSIT_CALLBACK',
          () =>
            shop.request('POST', '/payments/webhook', {
              createdAt: '2026-12-03T10:00:00.000000',
              secret: (deposited as { secret?: string }).secret,
              status: 'DONE',
              transactionKey: deposited.lastTransactionKey,
              orderId: va.orderId,
            }),
        ],
        [
          'GET /billing/success (browser, result pages configured)',
          () =>
            new Request(
              `${SHOP}/payments/billing/success?customerKey=${customerKey}&authKey=${billing.authKey}`,
              { headers: { accept: 'text/html' } },
            ),
        ],
        [
          'POST /billing/charge',
          () =>
            shop.request('POST', '/payments/billing/charge', {
              customerKey,
              orderId: chargeOrder,
              amount: 9_900,
              orderName: '정기결제',
            }),
        ],
        ['GET /cash-receipts', () => shop.request('GET', '/payments/cash-receipts')],
        [
          'POST /cash-receipts',
          () =>
            shop.request('POST', '/payments/cash-receipts', {
              orderId: va.orderId,
              type: '소득공제',
              customerIdentityNumber: '01012345678',
              amount: 3_000,
            }),
        ],
        [
          'POST /cash-receipts/:receiptKey/cancel',
          () => shop.request('POST', '/payments/cash-receipts/receipt-outage-0001/cancel', { amount: 1_000 }),
        ],
      ];

      shop.proxy.setMode(mode);
      const answers = await Promise.all(
        routes.map(async ([label, make]) => ({ label, answer: await answerWithin(shop.handler, make()) })),
      );
      for (const { label, answer } of answers) await expectLedgerUnavailable(answer, `${mode}: ${label}`);
      // the confirm and the success URL never reached the gateway: no claim, no confirm
      expect(confirmsAtGateway(viaSuccess.orderId)).toBe(0);
      expect(confirmsAtGateway(viaConfirm.orderId)).toBe(0);
      shop.proxy.setMode('pass');
    }
    expect(shop.logger.lines().join('\n')).not.toContain('INTERNAL_ERROR');
  });

  it('no gateway confirm without a claim: a confirm during a cut answers 503 and the gateway never sees it; after the cut it confirms once', async () => {
    const shop = await shopBehindProxy();
    for (const mode of ['reset', 'blackhole'] as const) {
      const approved = await shop.approve(11_000);
      shop.proxy.setMode(mode);
      const during = await answerWithin(shop.handler, shop.request('POST', '/payments/confirm', approved));
      await expectLedgerUnavailable(during, `${mode}: confirm`);
      expect(confirmsAtGateway(approved.orderId), `${mode}: confirms at the gateway during the cut`).toBe(0);
      expect(emulator.control.getPayment(approved.paymentKey)?.status).toBe('IN_PROGRESS');

      shop.proxy.setMode('pass');
      const after = await answerWithin(shop.handler, shop.request('POST', '/payments/confirm', approved));
      expect(after.response.status, `${mode}: confirm after the cut`).toBe(200);
      expect(await after.response.json()).toMatchObject({ paymentKey: approved.paymentKey, status: 'DONE' });
      expect(confirmsAtGateway(approved.orderId)).toBe(1);
      expect((await shop.ledger.getClaim(approved.orderId))?.state).toBe('settled');
    }
  });
});

describe('PostgreSQL ledger: the database cut between the shop hook and the settlement write', () => {
  it('the buyer is told "confirming" (never 500), the holder writes once the path is back, and the hook ran once', async () => {
    const ran: string[] = [];
    const shop = await shopBehindProxy({
      onConfirmed: (payment, proxy) => {
        ran.push(payment.orderId);
        // the cut starts right after the hook and lasts longer than the in-request retries
        proxy.setMode('reset');
        setTimeout(() => proxy.setMode('pass'), 1500).unref();
      },
    });
    const approved = await shop.approve(8000);
    const { response } = await answerWithin(
      shop.handler,
      shop.request('POST', '/payments/confirm', approved),
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ code: 'PAYMENT_CONFIRMING', orderId: approved.orderId });
    expect(emulator.control.getPayment(approved.paymentKey)?.status).toBe('DONE');

    // the buyer's page polls; the holder keeps the claim and writes in the background once the path is back
    const poll = await vi.waitFor(
      async () => {
        const { response: answer } = await answerWithin(
          shop.handler,
          shop.request('POST', '/payments/confirm', approved),
        );
        expect([200, 202, 503]).toContain(answer.status);
        expect(answer.status).toBe(200);
        return answer;
      },
      { timeout: 10_000, interval: 250 },
    );
    expect(await poll.json()).toMatchObject({ status: 'DONE', paymentKey: approved.paymentKey });
    expect((await shop.ledger.getClaim(approved.orderId))?.state).toBe('settled');
    expect(ran).toEqual([approved.orderId]);
    const report = await shop.handler.reconcile({ now: Date.now() + 10 * 60_000, transactions: false });
    expect(report.claims.confirmed + report.claims.pending).toBe(0);
    expect(ran).toHaveLength(1);
  }, 30_000);
});

describe('PostgreSQL ledger: a transaction whose path breaks half-way', () => {
  it('fails it as LEDGER_UNAVAILABLE without waiting on a ROLLBACK or crashing the process, and leaves nothing written', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(db.connectionString).port) });
    const url = new URL(db.connectionString);
    url.port = String(proxy.port);
    const tablePrefix = freshPrefix();
    const ledger = await createLedger({
      connectionString: url.toString(),
      tablePrefix,
      encryptionKey: TEST_ENCRYPTION_KEY,
      poolSize: 2,
      connectionTimeoutMs: 500,
      statementTimeoutMs: 1_000,
      queryTimeoutMs: 1_500,
    });
    const admin = new pg.Client({ connectionString: db.connectionString });
    await admin.connect();
    try {
      // the billing key's write is a transaction (DELETE, then INSERT); the INSERT takes 3 s in a trigger
      await admin.query(`CREATE FUNCTION ${tablePrefix}slow() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN PERFORM pg_sleep(3); RETURN NEW; END $$`);
      await admin.query(`CREATE TRIGGER ${tablePrefix}slow BEFORE INSERT ON ${tablePrefix}billing_keys
        FOR EACH ROW EXECUTE FUNCTION ${tablePrefix}slow()`);
      const key = (n: number) => ({
        customerKey: `cust-tx-${n}`,
        billingKey: `bk_outage_tx_${n}_Z_t5vOvQxrj4499Pei`,
        card: null,
        method: '카드',
        authenticatedAt: null,
        createdAt: Date.now(),
      });
      const cutDuringWrite = async (mode: ProxyMode, n: number) => {
        const started = performance.now();
        const write = ledger.saveBillingKey(key(n));
        setTimeout(() => proxy.setMode(mode), 300);
        const error = await write.then(
          () => null,
          (e: unknown) => e,
        );
        return { error, elapsedMs: performance.now() - started };
      };

      // reset: the connection dies under the running INSERT (the pool is not listening to it then)
      const reset = await cutDuringWrite('reset', 1);
      expect(reset.error).toMatchObject({
        code: 'LEDGER_UNAVAILABLE',
        status: 503,
        reason: 'connection_lost',
      });
      expect(reset.elapsedMs).toBeLessThan(1_000);
      proxy.setMode('pass');

      // black hole: one query timeout, not a second one spent on a ROLLBACK over the same dead connection
      const hole = await cutDuringWrite('blackhole', 2);
      expect(hole.error).toMatchObject({ code: 'LEDGER_UNAVAILABLE', reason: 'query_timeout' });
      expect(hole.elapsedMs).toBeLessThan(2 * 1_500 - 300);
      proxy.setMode('pass');

      await admin.query(`DROP TRIGGER ${tablePrefix}slow ON ${tablePrefix}billing_keys`);
      await ledger.saveBillingKey(key(3));
      expect((await ledger.getBillingKey('cust-tx-3'))?.billingKey).toBe(key(3).billingKey);
      // neither cut write left anything behind
      expect(await ledger.getBillingKey('cust-tx-1')).toBeNull();
      expect(await ledger.getBillingKey('cust-tx-2')).toBeNull();
    } finally {
      await admin.end();
      await ledger.close();
      await proxy.close();
    }
  });
});

describe('PostgreSQL ledger: the server ends the session (a restart, a failover, an operator)', () => {
  it('answers LEDGER_UNAVAILABLE for the statement it was running, drops the connection, and serves the next call', async () => {
    const tablePrefix = freshPrefix();
    const applicationName = `outage_kill_${Date.now().toString(36)}`;
    const url = new URL(db.connectionString);
    url.searchParams.set('application_name', applicationName);
    const ledger = await createLedger({
      connectionString: url.toString(),
      tablePrefix,
      encryptionKey: TEST_ENCRYPTION_KEY,
      poolSize: 1,
    });
    const admin = new pg.Client({ connectionString: db.connectionString });
    await admin.connect();
    try {
      await admin.query(`CREATE FUNCTION ${tablePrefix}slow() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN PERFORM pg_sleep(3); RETURN NEW; END $$`);
      await admin.query(`CREATE TRIGGER ${tablePrefix}slow BEFORE INSERT ON ${tablePrefix}webhooks
        FOR EACH ROW EXECUTE FUNCTION ${tablePrefix}slow()`);
      const running = ledger.markWebhookProcessed('killed-webhook-1').then(
        () => null,
        (e: unknown) => e,
      );
      // the INSERT is running (inside the trigger's sleep) before its backend is killed
      await vi.waitFor(
        async () => {
          const running = await admin.query(
            `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND state = 'active'`,
            [applicationName],
          );
          expect(running.rowCount).toBe(1);
        },
        { timeout: 5_000, interval: 20 },
      );
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
        [applicationName],
      );
      expect(killed.rowCount).toBe(1);
      // FATAL 57P01 (admin_shutdown), then the socket closes
      expect(await running).toMatchObject({ code: 'LEDGER_UNAVAILABLE', status: 503 });
      await admin.query(`DROP TRIGGER ${tablePrefix}slow ON ${tablePrefix}webhooks`);
      expect(await ledger.markWebhookProcessed('after-kill-1')).toBe(true);
      // the killed statement never committed
      expect(await ledger.markWebhookProcessed('killed-webhook-1')).toBe(true);
    } finally {
      await admin.end();
      await ledger.close();
    }
  });
});

describe('postgresPoolBounds', () => {
  it('fills the documented defaults and maps them to pg options', () => {
    expect(postgresPoolBounds()).toEqual({
      connectionTimeoutMillis: 5_000,
      statement_timeout: 5_000,
      query_timeout: 6_000,
      idle_in_transaction_session_timeout: 10_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    expect(postgresPoolBounds({ statementTimeoutMs: 0, queryTimeoutMs: 0, keepAlive: false })).toMatchObject({
      keepAlive: false,
    });
    expect(postgresPoolBounds({ statementTimeoutMs: 0, queryTimeoutMs: 0 })).not.toHaveProperty(
      'query_timeout',
    );
  });

  it('reaches the server: a pool built from them runs with the statement and idle-in-transaction timeouts', async () => {
    const pool = new pg.Pool({ ...postgresPoolBounds(), connectionString: db.connectionString, max: 1 });
    try {
      const { rows } = await pool.query<{ statement: string; idle: string }>(
        `SELECT current_setting('statement_timeout') AS statement,
                current_setting('idle_in_transaction_session_timeout') AS idle`,
      );
      expect(rows[0]).toEqual({ statement: '5s', idle: '10s' });
    } finally {
      await pool.end();
    }
  });

  it('refuses a wrong bound, naming the option', () => {
    expect(() => postgresPoolBounds({ queryTimeoutMs: -1 })).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_ERROR', details: { option: 'queryTimeoutMs' } }),
    );
    expect(() => postgresPoolBounds({ connectionTimeoutMs: 1.5 })).toThrow(
      expect.objectContaining({ details: { option: 'connectionTimeoutMs' } }),
    );
    expect(() => postgresPoolBounds({ statementTimeoutMs: 5_000, queryTimeoutMs: 1_000 })).toThrow(
      /must not be shorter than statementTimeoutMs/,
    );
  });

  it('bounds a statement on the server: a slow statement is cancelled as LEDGER_UNAVAILABLE, and the next call is served', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(db.connectionString).port) });
    const url = new URL(db.connectionString);
    url.port = String(proxy.port);
    const tablePrefix = freshPrefix();
    const ledger = await createLedger({
      connectionString: url.toString(),
      tablePrefix,
      encryptionKey: TEST_ENCRYPTION_KEY,
      poolSize: 1,
      statementTimeoutMs: 300,
      queryTimeoutMs: 5_000,
    });
    try {
      // a trigger that sleeps longer than the statement timeout: the server cancels the write (57014)
      const admin = new pg.Client({ connectionString: db.connectionString });
      await admin.connect();
      try {
        await admin.query(`CREATE FUNCTION ${tablePrefix}slow() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN PERFORM pg_sleep(2); RETURN NEW; END $$`);
        await admin.query(`CREATE TRIGGER ${tablePrefix}slow BEFORE INSERT ON ${tablePrefix}webhooks
          FOR EACH ROW EXECUTE FUNCTION ${tablePrefix}slow()`);
      } finally {
        await admin.end();
      }
      const started = performance.now();
      await expect(ledger.markWebhookProcessed('slow-webhook-1')).rejects.toMatchObject({
        code: 'LEDGER_UNAVAILABLE',
        status: 503,
        reason: 'statement_timeout',
      });
      expect(performance.now() - started).toBeLessThan(1_500);
      // the ledger serves the next call
      expect(await ledger.getPayment('tnot_there_0001')).toBeNull();
    } finally {
      await ledger.close();
      await proxy.close();
    }
  });
});
