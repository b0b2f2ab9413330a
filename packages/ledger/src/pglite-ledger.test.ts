import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { makeCardPayment, makeVirtualAccountPayment, runLedgerConformance } from '@tosskit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from './create-ledger.js';
import { freshPrefix, TEST_ENCRYPTION_KEY } from './testing/test-database.js';

const dir = mkdtempSync(join(tmpdir(), 'tosskit-pglite-'));
let shared: PGlite;

beforeAll(async () => {
  shared = await PGlite.create(join(dir, 'shared'));
});
afterAll(async () => {
  await shared.close();
  rmSync(dir, { recursive: true, force: true });
});

// one on-disk PGlite, a fresh set of tables per test
runLedgerConformance('PGlite (embedded, on disk)', ({ now }) =>
  createLedger({ pglite: shared, tablePrefix: freshPrefix(), encryptionKey: TEST_ENCRYPTION_KEY, now }),
);

describe('embedded ledger on disk', () => {
  it('keeps payments, transactions, claims and billing keys across a restart', async () => {
    const dataDir = join(dir, 'restart');
    const first = await createLedger({ dataDir, encryptionKey: TEST_ENCRYPTION_KEY });
    expect(first.driver).toBe('pglite');
    const va = makeVirtualAccountPayment({ secret: 'ps_restartSecret0000000000001' });
    const card = makeCardPayment({
      cancels: [{ cancelAmount: 5_000, transactionKey: 'txrd_restart_cancel' }],
    });
    await first.recordPayment(va);
    await first.recordPayment(card);
    await first.claimConfirm({
      orderId: card.orderId,
      paymentKey: card.paymentKey,
      amount: 15_000,
      owner: 'a',
      leaseMs: 60_000,
    });
    await first.saveBillingKey({
      customerKey: 'cust-restart',
      billingKey: 'bk_restart_1',
      card: null,
      method: '카드',
      authenticatedAt: null,
      createdAt: 1,
    });
    await first.setCursor('reconcile:transactions', 'txrd_restart_cancel');
    await first.close();

    const second = await createLedger({ dataDir, encryptionKey: TEST_ENCRYPTION_KEY });
    expect((await second.getPayment(va.paymentKey))?.payment).toEqual(va);
    expect((await second.listTransactions(card.paymentKey)).map((t) => t.kind)).toEqual([
      'APPROVAL',
      'CANCEL',
    ]);
    expect((await second.getClaim(card.orderId))?.owner).toBe('a');
    expect((await second.getBillingKey('cust-restart'))?.billingKey).toBe('bk_restart_1');
    expect(await second.getCursor('reconcile:transactions')).toBe('txrd_restart_cancel');
    await second.close();

    // the wrong key cannot read the secrets back
    const wrong = await createLedger({ dataDir, encryptionKey: 'A'.repeat(64) });
    await expect(wrong.getBillingKey('cust-restart')).rejects.toThrow();
    await wrong.close();
  });

  it('refuses a second opener of the same directory, and takes over a lock left by a dead process', async () => {
    const dataDir = join(dir, 'locked');
    const first = await createLedger({ dataDir, encryptionKey: TEST_ENCRYPTION_KEY });
    await expect(createLedger({ dataDir, encryptionKey: TEST_ENCRYPTION_KEY })).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
      details: { option: 'dataDir' },
      message: expect.stringContaining(`open in process ${process.pid}`),
    });
    await first.close();
    writeFileSync(join(dataDir, 'tosskit.lock'), '2147483646');
    const second = await createLedger({ dataDir, encryptionKey: TEST_ENCRYPTION_KEY });
    expect(await second.markWebhookProcessed('after-stale-lock')).toBe(true);
    await second.close();
  });

  it('stores no clear billing key or virtual-account secret in its rows', async () => {
    const tablePrefix = freshPrefix();
    const ledger = await createLedger({ pglite: shared, tablePrefix, encryptionKey: TEST_ENCRYPTION_KEY });
    const secret = 'ps_eqRGgYO1r57E4Z541ZMW3QnN2Eya';
    const billingKey = 'Z_t5vOvQxrj4499PeiJcjen28-V_SGlpCd8xlbQ3_1A=';
    await ledger.recordPayment(makeVirtualAccountPayment({ secret }));
    await ledger.saveBillingKey({
      customerKey: 'cust-raw',
      billingKey,
      card: null,
      method: '카드',
      authenticatedAt: null,
      createdAt: 1,
    });
    const dump = JSON.stringify([
      (await shared.query(`SELECT * FROM ${tablePrefix}payments`)).rows,
      (await shared.query(`SELECT * FROM ${tablePrefix}billing_keys`)).rows,
    ]);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(billingKey);
    expect(dump).toContain('WAITING_FOR_DEPOSIT');
    // what is there is JWE compact with dir + A256GCM
    const enc = (await shared.query<{ secret_enc: string }>(`SELECT secret_enc FROM ${tablePrefix}payments`))
      .rows[0]!.secret_enc;
    const header = JSON.parse(Buffer.from(enc.split('.')[0]!, 'base64url').toString());
    expect(header).toEqual({ alg: 'dir', enc: 'A256GCM' });
    await ledger.close();
  });
});
