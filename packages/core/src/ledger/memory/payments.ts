/** Payments and their transactions in memory: snapshots applied by the ordering rule, transactions derived once. */
import type { Payment, PaymentStatus } from '../../models/index.js';
import type { Ledger, LedgerTransaction, PaymentRecord, RecordPaymentResult } from '../ledger.js';
import { deriveTransactions, isNewerLedgerSnapshot, snapshotFields } from '../payment-snapshot.js';
import { finishClaim } from './claims.js';
import { clone, type MemoryState } from './state.js';

type PaymentMethods = Pick<
  Ledger,
  | 'recordPayment'
  | 'settleClaimWithPayment'
  | 'getPayment'
  | 'getPaymentByOrderId'
  | 'listPayments'
  | 'listTransactions'
>;

/** Apply a snapshot by the ordering rule; synchronous, so a caller can pair it with a claim change atomically. */
function record(state: MemoryState, payment: Payment, now: number): RecordPaymentResult {
  const { payments, byOrder, transactions, transactionsByPayment } = state;
  const fields = snapshotFields(payment);
  const previous = payments.get(fields.paymentKey) ?? null;
  if (previous !== null && !isNewerLedgerSnapshot(previous.payment, payment)) {
    return { applied: false, previous: clone(previous), current: clone(previous), newTransactions: [] };
  }
  const current: PaymentRecord = {
    paymentKey: fields.paymentKey,
    orderId: fields.orderId,
    status: fields.status,
    method: fields.method,
    totalAmount: fields.totalAmount,
    balanceAmount: fields.balanceAmount,
    lastTransactionKey: fields.lastTransactionKey,
    payment: clone(payment),
    revision: (previous?.revision ?? 0) + 1,
    updatedAt: now,
  };
  const newTransactions: LedgerTransaction[] = [];
  const keys = transactionsByPayment.get(fields.paymentKey) ?? [];
  const hasApproval = keys.some((k) => transactions.get(k)?.kind === 'APPROVAL');
  for (const tx of deriveTransactions(payment)) {
    if (transactions.has(tx.transactionKey)) continue;
    if (tx.kind === 'APPROVAL' && hasApproval) continue;
    transactions.set(tx.transactionKey, tx);
    keys.push(tx.transactionKey);
    newTransactions.push(clone(tx));
  }
  transactionsByPayment.set(fields.paymentKey, keys);
  payments.set(fields.paymentKey, current);
  byOrder.set(fields.orderId, fields.paymentKey);
  return {
    applied: true,
    previous: previous === null ? null : clone(previous),
    // the caller's own payment object, not a second copy of the stored one: it is equal to it, and the
    // store keeps its copy to itself
    current: { ...current, payment },
    newTransactions,
  };
}

export function paymentMethods(state: MemoryState): PaymentMethods {
  const { payments, byOrder, transactions, transactionsByPayment, clock, open } = state;
  return {
    async recordPayment(payment: Payment, now = clock()): Promise<RecordPaymentResult> {
      open();
      return record(state, payment, now);
    },

    async settleClaimWithPayment(orderId, owner, outcome, payment, now = clock()) {
      open();
      // both in one synchronous step: nothing can run between them
      const result = record(state, payment, now);
      finishClaim(state, orderId, owner, 'settled', outcome);
      return result;
    },

    async getPayment(paymentKey) {
      open();
      const record = payments.get(paymentKey);
      return record === undefined ? null : clone(record);
    },

    async getPaymentByOrderId(orderId) {
      open();
      const key = byOrder.get(orderId);
      const record = key === undefined ? undefined : payments.get(key);
      return record === undefined ? null : clone(record);
    },

    async listPayments(options: { limit?: number; status?: PaymentStatus } = {}) {
      open();
      const { limit = 100, status } = options;
      return [...payments.values()]
        .filter((p) => status === undefined || p.status === status)
        .sort((a, b) => b.updatedAt - a.updatedAt)
        .slice(0, limit)
        .map(clone);
    },

    async listTransactions(paymentKey) {
      open();
      return (transactionsByPayment.get(paymentKey) ?? []).flatMap((k) => {
        const tx = transactions.get(k);
        return tx === undefined ? [] : [clone(tx)];
      });
    },
  };
}
