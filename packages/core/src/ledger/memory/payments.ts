/** Payments and their transactions in memory: snapshots applied by the ordering rule, transactions derived once. */
import type { Payment, PaymentStatus } from '../../models/index.js';
import type { Ledger, LedgerTransaction, PaymentRecord, RecordPaymentResult } from '../ledger.js';
import { deriveTransactions, isNewerLedgerSnapshot, snapshotFields } from '../payment-snapshot.js';
import { fromUtf8, utf8 } from '../../platform/bytes.js';
import { finishClaim } from './claims.js';
import { clone, type MemoryState, type StoredPayment } from './state.js';

type PaymentMethods = Pick<
  Ledger,
  | 'recordPayment'
  | 'settleClaimWithPayment'
  | 'getPayment'
  | 'getPaymentByOrderId'
  | 'listPayments'
  | 'listTransactions'
>;

/** The record a caller gets: its own copy of the stored payment. */
function readRecord(stored: StoredPayment): PaymentRecord {
  const { paymentJson, ...fields } = stored;
  return { ...fields, payment: JSON.parse(fromUtf8(paymentJson)) as Payment };
}

/** Apply a snapshot by the ordering rule; synchronous, so a caller can pair it with a claim change atomically. */
function record(state: MemoryState, payment: Payment, now: number): RecordPaymentResult {
  const { payments, byOrder, transactions, transactionsByPayment } = state;
  const fields = snapshotFields(payment);
  const stored = payments.get(fields.paymentKey);
  const previous = stored === undefined ? null : readRecord(stored);
  if (previous !== null && !isNewerLedgerSnapshot(previous.payment, payment)) {
    return { applied: false, previous, current: readRecord(stored!), newTransactions: [] };
  }
  const recordFields: Omit<PaymentRecord, 'payment'> = {
    paymentKey: fields.paymentKey,
    orderId: fields.orderId,
    status: fields.status,
    method: fields.method,
    totalAmount: fields.totalAmount,
    balanceAmount: fields.balanceAmount,
    lastTransactionKey: fields.lastTransactionKey,
    revision: (previous?.revision ?? 0) + 1,
    updatedAt: now,
  };
  // kept as its JSON in UTF-8 bytes: outside the JavaScript heap, so the garbage collector does not walk and
  // copy a tree of objects (or a two-byte string, Korean text) for every payment the process holds
  const kept: StoredPayment = { ...recordFields, paymentJson: utf8(JSON.stringify(payment)) };
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
  payments.set(fields.paymentKey, kept);
  byOrder.set(fields.orderId, fields.paymentKey);
  return {
    applied: true,
    previous,
    // the caller's own payment object, not a copy of the stored one: it is equal to it, and the store keeps
    // its bytes to itself
    current: { ...recordFields, payment },
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
      const stored = payments.get(paymentKey);
      return stored === undefined ? null : readRecord(stored);
    },

    async getPaymentByOrderId(orderId) {
      open();
      const key = byOrder.get(orderId);
      const stored = key === undefined ? undefined : payments.get(key);
      return stored === undefined ? null : readRecord(stored);
    },

    async listPayments(options: { limit?: number; status?: PaymentStatus } = {}) {
      open();
      const { limit = 100, status } = options;
      return [...payments.values()]
        .filter((p) => status === undefined || p.status === status)
        .sort((a, b) => b.updatedAt - a.updatedAt)
        .slice(0, limit)
        .map(readRecord);
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
