/**
 * The one conformance suite every Ledger implementation runs (memory, PGlite, PostgreSQL), one file per area
 * of the port under ./ledger-conformance. Each test gets a fresh ledger from `factory` and closes it afterwards.
 */
import { describe } from 'vitest';
import { describeBookkeepingConformance } from './ledger-conformance/bookkeeping.js';
import { describeClaimConformance } from './ledger-conformance/claims.js';
import type { LedgerFactory } from './ledger-conformance/factory.js';
import { describeHealthConformance } from './ledger-conformance/health.js';
import { describeNewOrderClaimConformance } from './ledger-conformance/new-order-claims.js';
import { describePaymentConformance } from './ledger-conformance/payments.js';

export type { LedgerFactory, LedgerFactoryOptions } from './ledger-conformance/factory.js';
export { makeCardPayment, makeVirtualAccountPayment, type TestCancel } from './ledger-fixtures.js';

export function runLedgerConformance(name: string, factory: LedgerFactory): void {
  describe(`Ledger conformance: ${name}`, () => {
    describeClaimConformance(factory);
    describe('new-order claims', () => describeNewOrderClaimConformance(factory));
    describePaymentConformance(factory);
    describeBookkeepingConformance(factory);
    describeHealthConformance(factory);
  });
}
