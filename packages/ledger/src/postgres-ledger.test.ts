import { makeCardPayment, makeVirtualAccountPayment, runLedgerConformance } from '@tosskit/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from './create-ledger.js';
import {
  createTestDatabase,
  freshPrefix,
  TEST_ENCRYPTION_KEY,
  type TestDatabase,
} from './testing/test-database.js';

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('conf');
  pool = new pg.Pool({ connectionString: db.connectionString, max: 20 });
  // the test database is dropped WITH (FORCE) at the end: idle clients losing their server is expected
  pool.on('error', () => {});
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

runLedgerConformance('PostgreSQL', ({ now }) =>
  createLedger({ pool, tablePrefix: freshPrefix(), encryptionKey: TEST_ENCRYPTION_KEY, now }),
);

describe('PostgreSQL ledger', () => {
  it('migrates once when several instances start together, and again is a no-op', async () => {
    const tablePrefix = freshPrefix();
    const ledgers = await Promise.all(
      Array.from({ length: 4 }, () =>
        createLedger({
          connectionString: db.connectionString,
          tablePrefix,
          encryptionKey: TEST_ENCRYPTION_KEY,
          poolSize: 2,
        }),
      ),
    );
    const versions = await pool.query(`SELECT version FROM ${tablePrefix}migrations`);
    expect(versions.rows.map((r) => r.version)).toEqual([1, 2]);
    // all of them work on the same tables
    const payment = makeCardPayment();
    await ledgers[0]!.recordPayment(payment);
    expect((await ledgers[3]!.getPayment(payment.paymentKey))?.status).toBe('DONE');
    expect(ledgers[0]!.driver).toBe('postgres');
    await Promise.all(ledgers.map((l) => l.close()));
  });

  it('writes a payment and its settled claim together or not at all', async () => {
    const tablePrefix = freshPrefix();
    const ledger = await createLedger({ pool, tablePrefix, encryptionKey: TEST_ENCRYPTION_KEY });
    // the settle fails inside the database: the payment written in the same call must not stay
    await pool.query(`CREATE FUNCTION ${tablePrefix}refuse() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'settle refused by test'; END $$`);
    await pool.query(`CREATE TRIGGER ${tablePrefix}no_settle BEFORE UPDATE ON ${tablePrefix}claims
      FOR EACH ROW EXECUTE FUNCTION ${tablePrefix}refuse()`);
    const approvalKey = 'txrd_atomic_approval_0001';
    const done = makeCardPayment({ approvalKey });
    const { orderId, paymentKey } = done;
    const outcome = { kind: 'confirmed', paymentKey, status: 'DONE' } as const;
    await ledger.claimConfirm({ orderId, paymentKey, amount: 15_000, owner: 'a', leaseMs: 60_000 });
    // a payment seen for the first time (the one-statement path)
    await expect(ledger.settleClaimWithPayment(orderId, 'a', outcome, done)).rejects.toThrow(
      /settle refused/,
    );
    expect(await ledger.getPayment(paymentKey)).toBeNull();
    expect(await ledger.listTransactions(paymentKey)).toEqual([]);
    // a payment already on record, moved by a newer snapshot (the transaction path)
    await ledger.recordPayment(done);
    const canceled = makeCardPayment({
      paymentKey,
      orderId,
      approvalKey,
      cancels: [{ cancelAmount: 15_000, transactionKey: 'txrd_atomic_cancel_0001' }],
    });
    await expect(ledger.settleClaimWithPayment(orderId, 'a', outcome, canceled)).rejects.toThrow(
      /settle refused/,
    );
    expect(await ledger.getPayment(paymentKey)).toMatchObject({ status: 'DONE', revision: 1 });
    expect(await ledger.listTransactions(paymentKey)).toHaveLength(1);
    expect(await ledger.getClaim(orderId)).toMatchObject({ state: 'claimed', owner: 'a' });
    await pool.query(`DROP TRIGGER ${tablePrefix}no_settle ON ${tablePrefix}claims`);
    await ledger.settleClaimWithPayment(orderId, 'a', outcome, canceled);
    expect(await ledger.getPayment(paymentKey)).toMatchObject({ status: 'CANCELED', revision: 2 });
    expect((await ledger.getClaim(orderId))?.state).toBe('settled');
    await ledger.close();
  });

  it('stores amounts in bigint columns and no clear secret or billing key', async () => {
    const tablePrefix = freshPrefix();
    const ledger = await createLedger({ pool, tablePrefix, encryptionKey: TEST_ENCRYPTION_KEY });
    const secret = 'ps_rawRowCheck0000000000000001';
    const billingKey = 'bk_rawRowCheck_Z_t5vOvQxrj4499Pei';
    await ledger.recordPayment(makeVirtualAccountPayment({ secret, totalAmount: 3_000_000_000 }));
    await ledger.saveBillingKey({
      customerKey: 'cust-pg-raw',
      billingKey,
      card: null,
      method: '카드',
      authenticatedAt: null,
      createdAt: 1,
    });
    const payments = await pool.query(`SELECT * FROM ${tablePrefix}payments`);
    const billing = await pool.query(`SELECT * FROM ${tablePrefix}billing_keys`);
    const dump = JSON.stringify([payments.rows, billing.rows]);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(billingKey);
    expect(payments.rows[0].total_amount).toBe('3000000000');
    const types = await pool.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 AND column_name LIKE '%amount'`,
      [`${tablePrefix}payments`],
    );
    expect(types.rows.map((r) => r.data_type)).toEqual(['bigint', 'bigint']);
    await ledger.close();
  });

  it('fails (never skips) with the command that starts PostgreSQL when the server cannot be reached', async () => {
    await expect(createTestDatabase('down', 'postgres://postgres@127.0.0.1:1/test')).rejects.toThrow(
      'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
  });

  it('refuses to start without a usable encryption key, naming the option', async () => {
    await expect(createLedger({ pool, tablePrefix: freshPrefix() })).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
      details: { option: 'encryptionKey' },
    });
    await expect(
      createLedger({ pool, tablePrefix: freshPrefix(), encryptionKey: 'too-short' }),
    ).rejects.toThrow(/32 bytes/);
    await expect(
      createLedger({ pool, tablePrefix: freshPrefix(), encryptionKey: new Uint8Array(16) }),
    ).rejects.toThrow(/32 bytes/);
    await expect(
      createLedger({ pool, tablePrefix: 'bad-prefix;', encryptionKey: TEST_ENCRYPTION_KEY }),
    ).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
      details: { option: 'tablePrefix' },
    });
  });
});
