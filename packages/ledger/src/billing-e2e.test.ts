// Billing end to end with the persistent ledger: card registration in real Chromium through the emulator's
// window (real @tosspayments/tosspayments-sdk), the key stored encrypted (raw rows checked), charges on
// PGlite and on PostgreSQL with the same guarantees as on the memory ledger.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { PGlite } from '@electric-sql/pglite';
import { createPaymentHandler, type BillingKeyIssuedInfo, type PaymentHandler } from '@tosskit/core';
import { handleNodeRequest } from '@tosskit/core/node';
import { createCollectingLogger } from '@tosskit/core/testing';
import { createEmulator, type Emulator } from '@tosskit/emulator';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../test-support/chromium.js';
import { approveIn, windowIn } from '../../../test-support/payment-window.js';
import { createLedger, type PersistentLedger } from './create-ledger.js';
import {
  createTestDatabase,
  freshPrefix,
  TEST_ENCRYPTION_KEY,
  type TestDatabase,
} from './testing/test-database.js';

const require = createRequire(import.meta.url);
const SDK_ESM = readFileSync(
  require.resolve('@tosspayments/tosspayments-sdk').replace(/index\.cjs\.js$/, 'index.esm.js'),
  'utf8',
);

const SHOP_PAGE = `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>카드 등록</title></head><body>
<h1>정기결제 카드 등록</h1>
<script type="module">
import { loadTossPayments } from '/sdk.js';
window.loadTossPayments = loadTossPayments;
document.body.dataset.ready = '1';
</script></body></html>`;

let emulator: Emulator;
let browser: Browser;
let pglite: PGlite;
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  [emulator, browser, pglite, db] = await Promise.all([
    createEmulator(),
    launchChromium(),
    PGlite.create('memory://billing-e2e'),
    createTestDatabase('billing'),
  ]);
  pool = new pg.Pool({ connectionString: db.connectionString, max: 5 });
  // the test database is dropped WITH (FORCE) at the end: idle clients losing their server is expected
  pool.on('error', () => {});
});
afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  await pglite?.close();
  await pool?.end();
  await db?.drop();
});

function handlerOn(
  ledger: PersistentLedger,
  issued: BillingKeyIssuedInfo[],
  extra: { retry?: false } = {},
): PaymentHandler {
  return createPaymentHandler({
    secretKey: emulator.keys.secretKey,
    clientKey: emulator.keys.clientKey,
    apiBaseUrl: emulator.url,
    orderLookup: (id) => orders.get(id) ?? null,
    ledger,
    redirects: { billingSuccess: '/cards', billingFail: '/cards/fail' },
    onBillingKeyIssued: (info) => void issued.push(info),
    logger: createCollectingLogger(),
    ...(extra.retry === false ? { gateway: { retry: false } } : {}),
  });
}

let seq = 0;
/** the shop's subscription orders: a charge's amount must be its order's (guarantee 1) */
const orders = new Map<string, { amount: number; orderName: string; payable: boolean }>();
/** a new subscription order of the shop at `amount` won */
const orderId = (amount = 15000) => {
  const id = `bill-${Date.now().toString(36)}-${++seq}`;
  orders.set(id, { amount, orderName: '정기구독', payable: true });
  return id;
};

describe('billing in Chromium, on the embedded ledger', () => {
  it('registers a card through the window: key issued, stored encrypted, hook given masked card data; charges work', async () => {
    const tablePrefix = freshPrefix();
    const ledger = await createLedger({ pglite, tablePrefix, encryptionKey: TEST_ENCRYPTION_KEY });
    const issued: BillingKeyIssuedInfo[] = [];
    const handler = handlerOn(ledger, issued);
    const server: Server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://shop').pathname;
      if (handler.handles(path)) {
        handleNodeRequest(handler, req, res).catch(() => res.destroy());
      } else if (path === '/sdk.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(SDK_ESM);
      } else {
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(path === '/' ? SHOP_PAGE : `<!doctype html><h1>${path}</h1>`);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const shopUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const context = await browser.newContext({ locale: 'ko-KR' });
    try {
      const page = await context.newPage();
      await page.goto(`${shopUrl}/`);
      await page.waitForSelector('body[data-ready="1"]');
      const customerKey = `cus_e2e_${Date.now().toString(36)}`;
      await page.evaluate(
        async ({ src, clientKey, customerKey }) => {
          const w = window as unknown as {
            loadTossPayments: (k: string, o: { src: string }) => Promise<any>;
          };
          const tp = await w.loadTossPayments(clientKey, { src });
          void tp.payment({ customerKey }).requestBillingAuth({
            method: 'CARD',
            successUrl: `${location.origin}/payments/billing/success`,
            failUrl: `${location.origin}/payments/billing/fail`,
            customerName: '김토스',
          });
        },
        { src: `${emulator.url}/v2/standard`, clientKey: emulator.keys.clientKey, customerKey },
      );
      await approveIn(await windowIn(page), { cardCompany: 'SAMSUNG' });
      await page.waitForURL(`${shopUrl}/cards?**`);
      expect(new URL(page.url()).searchParams.get('customerKey')).toBe(customerKey);

      const stored = await ledger.getBillingKey(customerKey);
      expect(stored).not.toBeNull();
      const billingKey = stored!.billingKey;
      // the browser never saw the key
      expect(page.url()).not.toContain(billingKey);
      expect(await page.content()).not.toContain(billingKey);
      // the hook got masked card data only
      expect(issued).toEqual([
        {
          customerKey,
          method: '카드',
          card: expect.objectContaining({ issuerCode: '51' }),
          authenticatedAt: expect.any(String),
        },
      ]);
      expect(issued[0]!.card!.number).toMatch(/\*{4}/);
      expect(JSON.stringify(issued)).not.toContain(billingKey);
      // at rest: JWE, no clear key in the raw row
      const raw = (await pglite.query<Record<string, unknown>>(`SELECT * FROM ${tablePrefix}billing_keys`))
        .rows;
      expect(raw).toHaveLength(1);
      expect(JSON.stringify(raw)).not.toContain(billingKey);
      expect(String(raw[0]!['billing_key_enc']).split('.')).toHaveLength(5);

      const a = await handler.charge({
        customerKey,
        orderId: orderId(9900),
        orderName: '정기구독 1월',
        amount: 9900,
      });
      const b = await handler.charge({
        customerKey,
        orderId: orderId(9900),
        orderName: '정기구독 2월',
        amount: 9900,
      });
      expect([a.payment.status, b.payment.status]).toEqual(['DONE', 'DONE']);
      expect(a.payment.type).toBe('BILLING');
      const payments = (await pglite.query(`SELECT * FROM ${tablePrefix}payments`)).rows;
      expect(payments).toHaveLength(2);
      expect(JSON.stringify(payments)).not.toContain(billingKey);
    } finally {
      await context.close();
      await new Promise((resolve) => server.close(resolve));
      await handler.close();
      await ledger.close();
    }
  });
});

describe('billing charges on PostgreSQL', () => {
  it('same orderId → one payment; lost answer → settled by lookup; delete → BILLING_KEY_NOT_FOUND; no clear key in any row', async () => {
    const tablePrefix = freshPrefix();
    const ledger = await createLedger({ pool, tablePrefix, encryptionKey: TEST_ENCRYPTION_KEY });
    const issued: BillingKeyIssuedInfo[] = [];
    const handler = handlerOn(ledger, issued, { retry: false });
    try {
      const customerKey = `cus_pg_${Date.now().toString(36)}`;
      const { authKey } = await emulator.control.authorizeBilling({ customerKey, cardCompany: '41' });
      const registered = await handler(
        new Request(
          `http://shop.test/payments/billing/success?customerKey=${customerKey}&authKey=${encodeURIComponent(authKey)}`,
          { headers: { accept: 'application/json' } },
        ),
      );
      expect(registered.status).toBe(200);
      const billingKey = (await ledger.getBillingKey(customerKey))!.billingKey;

      const repeated = orderId();
      const input = { customerKey, orderId: repeated, orderName: '정기구독', amount: 15000 };
      const results = await Promise.all([
        handler.charge(input),
        handler.charge(input),
        handler.charge(input),
      ]);
      expect(new Set(results.map((r) => r.payment.paymentKey)).size).toBe(1);
      expect(emulator.control.payments().filter((p) => p.orderId === repeated)).toHaveLength(1);

      const dropped = orderId();
      emulator.control.fault({ kind: 'drop', route: 'billingCharge' });
      const settled = await handler.charge({
        customerKey,
        orderId: dropped,
        orderName: '정기구독',
        amount: 15000,
      });
      expect(settled.payment.status).toBe('DONE');
      expect(emulator.control.payments().filter((p) => p.orderId === dropped)).toHaveLength(1);
      expect((await ledger.getPaymentByOrderId(dropped))?.paymentKey).toBe(settled.payment.paymentKey);

      await handler.deleteBillingKey(customerKey);
      await expect(
        handler.charge({ customerKey, orderId: orderId(), orderName: '정기구독', amount: 15000 }),
      ).rejects.toMatchObject({
        code: 'BILLING_KEY_NOT_FOUND',
      });
      const dump = JSON.stringify([
        (await pool.query(`SELECT * FROM ${tablePrefix}billing_keys`)).rows,
        (await pool.query(`SELECT * FROM ${tablePrefix}payments`)).rows,
        (await pool.query(`SELECT * FROM ${tablePrefix}claims`)).rows,
        (await pool.query(`SELECT * FROM ${tablePrefix}order_failures`)).rows,
      ]);
      expect(dump).not.toContain(billingKey);
      expect((await pool.query(`SELECT count(*)::int AS n FROM ${tablePrefix}billing_keys`)).rows[0].n).toBe(
        0,
      );
    } finally {
      await handler.close();
      await ledger.close();
    }
  });
});
