/**
 * The Ledger port in SQL, one implementation for both drivers (PGlite and PostgreSQL), composed of one part
 * per area of the port (see ./sql). Each state change is one statement or one transaction; claims and dedupe
 * rely on primary keys, `INSERT ... ON CONFLICT` and `SELECT ... FOR UPDATE`, so they hold across processes.
 */
import type { Ledger } from '@tosskit/core';
import type { SecretBox } from './encryption.js';
import type { SqlDriver } from './sql-driver.js';
import { billingKeyMethods } from './sql/billing-keys.js';
import { bookkeepingMethods } from './sql/bookkeeping.js';
import { cashReceiptMethods } from './sql/cash-receipts.js';
import { claimMethods } from './sql/claims.js';
import { healthMethods } from './sql/health.js';
import { paymentMethods } from './sql/payments.js';
import { tablesFor, type SqlParts } from './sql/rows.js';

export interface SqlLedgerOptions {
  driver: SqlDriver;
  prefix: string;
  box: SecretBox;
  /** the clock (epoch ms) of claim leases, lease expiry and timestamps; default Date.now */
  now?: () => number;
}

export function createSqlLedger({ driver, prefix, box, now }: SqlLedgerOptions): Ledger {
  const parts: SqlParts = { driver, T: tablesFor(prefix), box, now: now ?? Date.now };
  return {
    ...claimMethods(parts),
    ...paymentMethods(parts),
    ...bookkeepingMethods(parts),
    ...billingKeyMethods(parts),
    ...cashReceiptMethods(parts),
    ...healthMethods(parts),
    close: () => driver.close(),
  };
}
