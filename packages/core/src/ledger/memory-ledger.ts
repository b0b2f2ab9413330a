/**
 * The in-memory ledger: the default for tests and single-process demos. Nothing survives a restart,
 * so production shops pass `@tosskit/ledger` instead. Composed of one part per area of the port (see
 * ./memory) sharing one state; every method does its whole change between two awaits, which makes it
 * atomic within the one process that can see it.
 */
import type { Ledger } from './ledger.js';
import { billingKeyMethods } from './memory/billing-keys.js';
import { bookkeepingMethods } from './memory/bookkeeping.js';
import { cashReceiptMethods } from './memory/cash-receipts.js';
import { claimMethods } from './memory/claims.js';
import { paymentMethods } from './memory/payments.js';
import { createMemoryState } from './memory/state.js';

/** Options of `createMemoryLedger`. */
export interface MemoryLedgerOptions {
  /** the clock (epoch ms) for claim leases, lease expiry and timestamps when a call passes none; default Date.now */
  now?: () => number;
}

/** An in-memory Ledger for tests and demos: nothing survives a restart or is shared between instances. */
export function createMemoryLedger(options: MemoryLedgerOptions = {}): Ledger {
  const state = createMemoryState(options.now ?? Date.now);
  return {
    ...claimMethods(state),
    ...paymentMethods(state),
    ...bookkeepingMethods(state),
    ...billingKeyMethods(state),
    ...cashReceiptMethods(state),
    async close() {
      state.closed = true;
    },
  };
}
