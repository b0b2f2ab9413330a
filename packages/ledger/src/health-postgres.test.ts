/**
 * The readiness probe on a real PostgreSQL ledger: 200 while the database answers, 503 when it cannot be
 * reached (a closed port, a path that resets or black-holes, a database dropped under the ledger). The shared
 * server is never stopped: each case cuts only its own path or its own throwaway database.
 */
import { createServer } from 'node:net';
import { createPaymentHandler, type PaymentHandler } from '@tosskit/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../../../test-support/tcp-proxy.js';
import { createLedger } from './create-ledger.js';
import { openLedger } from './open-ledger.js';
import {
  createTestDatabase,
  freshPrefix,
  TEST_ENCRYPTION_KEY,
  type TestDatabase,
} from './testing/test-database.js';

const SECRET_KEY = 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R';
const BOUNDS = { connectionTimeoutMs: 500, statementTimeoutMs: 500, queryTimeoutMs: 700 } as const;

let db: TestDatabase;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await createTestDatabase('health');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});
afterAll(async () => {
  await db?.drop();
});

function handlerFor(ledger: Parameters<typeof createPaymentHandler>[0]['ledger']): PaymentHandler {
  const handler = createPaymentHandler({
    secretKey: SECRET_KEY,
    orderLookup: () => null,
    ledger,
    health: true,
  });
  cleanups.push(() => handler.close());
  return handler;
}

async function probe(handler: PaymentHandler): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await handler(new Request('http://shop.test/payments/health'));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

async function ledgerBehindProxy(): Promise<{ proxy: TcpProxy; handler: PaymentHandler }> {
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(db.connectionString).port) });
  cleanups.push(() => proxy.close());
  const url = new URL(db.connectionString);
  url.port = String(proxy.port);
  const ledger = await createLedger({
    connectionString: url.toString(),
    tablePrefix: freshPrefix(),
    encryptionKey: TEST_ENCRYPTION_KEY,
    poolSize: 2,
    ...BOUNDS,
  });
  cleanups.push(async () => {
    proxy.setMode('pass');
    await ledger.close();
  });
  return { proxy, handler: handlerFor(ledger) };
}

describe('GET /payments/health on PostgreSQL', () => {
  it('answers 200 with the backlog while the database answers, 503 once the path resets', async () => {
    const { proxy, handler } = await ledgerBehindProxy();
    await handler.ledger.claimConfirm({
      orderId: 'health-order-1',
      paymentKey: 'health-pk-1',
      amount: 1_000,
      owner: 'other',
      leaseMs: 60_000,
    });
    const healthy = await probe(handler);
    expect(healthy.status).toBe(200);
    expect(healthy.body).toMatchObject({
      status: 'ok',
      ledger: { status: 'ok', code: null },
      reconcile: { openClaims: 1, abandonedClaims: 0 },
    });
    expect(JSON.stringify(healthy.body)).not.toContain('health-order-1');

    proxy.setMode('reset');
    const cut = await probe(handler);
    expect(cut.status).toBe(503);
    expect(cut.body).toMatchObject({
      status: 'unavailable',
      ledger: { status: 'unavailable' },
      reconcile: null,
    });

    proxy.setMode('pass');
    await expect.poll(async () => (await probe(handler)).status, { timeout: 5_000 }).toBe(200);
  });

  it('answers 503 within its timeout when the path black-holes (no reset, no answer)', async () => {
    const { proxy, handler } = await ledgerBehindProxy();
    expect((await probe(handler)).status).toBe(200);
    proxy.setMode('blackhole');
    const started = Date.now();
    const report = await handler.health({ timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(report).toMatchObject({
      status: 'unavailable',
      ledger: { status: 'unavailable', code: 'LEDGER_TIMEOUT' },
    });
  });

  it('answers 503 LEDGER_UNAVAILABLE for a ledger pointed at a closed port', async () => {
    const url = new URL(db.connectionString);
    url.port = String(await closedPort());
    const ledger = openLedger({
      connectionString: url.toString(),
      encryptionKey: TEST_ENCRYPTION_KEY,
      ...BOUNDS,
    });
    cleanups.push(() => ledger.close());
    const { status, body } = await probe(handlerFor(ledger));
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'unavailable',
      ledger: { status: 'unavailable', code: 'LEDGER_UNAVAILABLE', reason: 'connection_refused' },
    });
    expect(JSON.stringify(body)).not.toContain(url.port);
  });

  it('turns 503 when its database is dropped under it', async () => {
    const own = await createTestDatabase('health_drop');
    cleanups.push(() => own.drop());
    const ledger = await createLedger({
      connectionString: own.connectionString,
      encryptionKey: TEST_ENCRYPTION_KEY,
      ...BOUNDS,
    });
    cleanups.push(() => ledger.close());
    const handler = handlerFor(ledger);
    expect((await probe(handler)).status).toBe(200);
    await own.drop();
    const { status, body } = await probe(handler);
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'unavailable', ledger: { status: 'unavailable' } });
  });

  it('answers 503 LEDGER_NOT_MIGRATED when the schema lacks a migration this package expects', async () => {
    const tablePrefix = freshPrefix();
    const ledger = await createLedger({
      connectionString: db.connectionString,
      tablePrefix,
      encryptionKey: TEST_ENCRYPTION_KEY,
    });
    cleanups.push(() => ledger.close());
    const handler = handlerFor(ledger);
    expect((await probe(handler)).status).toBe(200);
    // someone rolled the schema back by hand: the newest migration's row is gone
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: db.connectionString });
    await client.connect();
    try {
      await client.query(
        `DELETE FROM ${tablePrefix}migrations WHERE version = (SELECT max(version) FROM ${tablePrefix}migrations)`,
      );
    } finally {
      await client.end();
    }
    const { status, body } = await probe(handler);
    expect(status).toBe(503);
    expect(body).toMatchObject({ ledger: { status: 'not_migrated', code: 'LEDGER_NOT_MIGRATED' } });
  });
});
