/**
 * The in-memory ledger: the default for tests and single-process demos. Nothing survives a restart,
 * so production shops pass `@tosskit/ledger` instead. Every method does its whole change between two
 * awaits, which makes it atomic within the one process that can see it.
 */
import type { Payment, PaymentStatus } from '../models/index.js';
import type {
  ClaimInput,
  ClaimOutcome,
  ClaimResult,
  ConfirmClaim,
  Ledger,
  LedgerTransaction,
  OrderFailure,
  PaymentRecord,
  RecordPaymentResult,
  StoredBillingKey,
  StoredCashReceipt,
} from './ledger.js';
import { deriveTransactions, isNewerLedgerSnapshot, snapshotFields } from './payment-snapshot.js';

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Options of `createMemoryLedger`. */
export interface MemoryLedgerOptions {
  /** the clock (epoch ms) for claim leases, lease expiry and timestamps when a call passes none; default Date.now */
  now?: () => number;
}

/** An in-memory Ledger for tests and demos: nothing survives a restart or is shared between instances. */
export function createMemoryLedger(options: MemoryLedgerOptions = {}): Ledger {
  const clock = options.now ?? Date.now;
  const claims = new Map<string, ConfirmClaim>();
  const payments = new Map<string, PaymentRecord>();
  /** orderId -> paymentKey of the most recently recorded payment for that order */
  const byOrder = new Map<string, string>();
  const transactions = new Map<string, LedgerTransaction>();
  const transactionsByPayment = new Map<string, string[]>();
  const webhooks = new Map<string, number>();
  const failures = new Map<string, OrderFailure>();
  const billingKeys = new Map<string, StoredBillingKey>();
  /** id -> receipt, in insertion order (Map keeps it) */
  const cashReceipts = new Map<string, StoredCashReceipt>();
  const cursors = new Map<string, string>();
  const leases = new Map<string, { token: symbol; until: number }>();
  let closed = false;

  function open(): void {
    if (closed) throw new Error('ledger is closed');
  }

  function finishClaim(
    orderId: string,
    owner: string,
    state: 'settled' | 'released',
    outcome: ClaimOutcome,
  ): boolean {
    const claim = claims.get(orderId);
    // Only the holder may finish a claim; a late holder whose lease was taken over must not undo the new one.
    if (claim === undefined || claim.owner !== owner || claim.state !== 'claimed') return false;
    claims.set(orderId, { ...claim, state, outcome: clone(outcome), updatedAt: clock() });
    return true;
  }

  /** Apply a snapshot by the ordering rule; synchronous, so a caller can pair it with a claim change atomically. */
  function record(payment: Payment, now: number): RecordPaymentResult {
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
      current: clone(current),
      newTransactions,
    };
  }

  return {
    async claimConfirm(input: ClaimInput): Promise<ClaimResult> {
      open();
      const now = input.now ?? clock();
      const existing = claims.get(input.orderId);
      if (existing !== undefined) {
        if (existing.state === 'settled') return { status: 'settled', claim: clone(existing) };
        if (existing.state === 'claimed' && existing.leaseUntil > now)
          return { status: 'busy', claim: clone(existing) };
      }
      // new, released, or abandoned (lease over): this caller takes it
      const claim: ConfirmClaim = {
        orderId: input.orderId,
        paymentKey: input.paymentKey,
        amount: input.amount,
        state: 'claimed',
        owner: input.owner,
        leaseUntil: now + input.leaseMs,
        outcome: null,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      claims.set(input.orderId, claim);
      return { status: 'won', claim: clone(claim) };
    },

    async getClaim(orderId) {
      open();
      const claim = claims.get(orderId);
      return claim === undefined ? null : clone(claim);
    },

    async settleClaim(orderId, owner, outcome) {
      open();
      finishClaim(orderId, owner, 'settled', outcome);
    },

    async renewClaim(orderId, owner, leaseMs, now = clock()) {
      open();
      const claim = claims.get(orderId);
      if (claim === undefined || claim.owner !== owner || claim.state !== 'claimed') return false;
      claims.set(orderId, { ...claim, leaseUntil: now + leaseMs, updatedAt: now });
      return true;
    },

    async settleClaimWithPayment(orderId, owner, outcome, payment, now = clock()) {
      open();
      // both in one synchronous step: nothing can run between them
      const result = record(payment, now);
      finishClaim(orderId, owner, 'settled', outcome);
      return result;
    },

    async releaseClaim(orderId, owner, outcome) {
      open();
      finishClaim(orderId, owner, 'released', outcome);
    },

    async failClaim(orderId, owner, failure, now = clock()) {
      open();
      // the release and the failure in one synchronous step: both or neither
      const { code, message } = failure;
      if (!finishClaim(orderId, owner, 'released', { kind: 'failed', code, message })) return false;
      failures.set(orderId, { orderId, code, message, at: now });
      return true;
    },

    async listAbandonedClaims(now, limit = 100) {
      open();
      return [...claims.values()]
        .filter((c) => c.state === 'claimed' && c.leaseUntil < now)
        .sort((a, b) => a.leaseUntil - b.leaseUntil)
        .slice(0, limit)
        .map(clone);
    },

    async recordPayment(payment: Payment, now = clock()): Promise<RecordPaymentResult> {
      open();
      return record(payment, now);
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

    async markWebhookProcessed(key, now = clock()) {
      open();
      if (webhooks.has(key)) return false;
      webhooks.set(key, now);
      return true;
    },

    async unmarkWebhookProcessed(key) {
      open();
      webhooks.delete(key);
    },

    async recordOrderFailure(failure) {
      open();
      failures.set(failure.orderId, clone(failure));
    },

    async getOrderFailure(orderId) {
      open();
      const failure = failures.get(orderId);
      return failure === undefined ? null : clone(failure);
    },

    async saveBillingKey(key) {
      open();
      // one billing key per customer; a billing key belongs to one customer
      for (const [customerKey, stored] of billingKeys) {
        if (stored.billingKey === key.billingKey && customerKey !== key.customerKey)
          billingKeys.delete(customerKey);
      }
      billingKeys.set(key.customerKey, clone(key));
    },

    async getBillingKey(customerKey) {
      open();
      const key = billingKeys.get(customerKey);
      return key === undefined ? null : clone(key);
    },

    async deleteBillingKey(by) {
      open();
      if ('customerKey' in by) return billingKeys.delete(by.customerKey);
      for (const [customerKey, stored] of billingKeys) {
        if (stored.billingKey === by.billingKey) return billingKeys.delete(customerKey);
      }
      return false;
    },

    async recordCashReceipt(receipt) {
      open();
      const existing = cashReceipts.get(receipt.id);
      // an update (the issue status moving on) keeps the record's place and creation time
      cashReceipts.set(
        receipt.id,
        clone(existing === undefined ? receipt : { ...receipt, createdAt: existing.createdAt }),
      );
    },

    async getCashReceipt(id) {
      open();
      const receipt = cashReceipts.get(id);
      return receipt === undefined ? null : clone(receipt);
    },

    async listCashReceipts(options: { orderId?: string; limit?: number } = {}) {
      open();
      const { orderId, limit = 100 } = options;
      return [...cashReceipts.values()]
        .filter((r) => orderId === undefined || r.orderId === orderId)
        .slice(0, limit)
        .map(clone);
    },

    async getCursor(name) {
      open();
      return cursors.get(name) ?? null;
    },

    async setCursor(name, value) {
      open();
      cursors.set(name, value);
    },

    async withLease(name, ttlMs, fn) {
      open();
      const now = clock();
      const held = leases.get(name);
      if (held !== undefined && held.until > now) return { ran: false };
      const token = Symbol(name);
      leases.set(name, { token, until: now + ttlMs });
      // renewed while fn runs: the ttl only matters when the holder dies
      const renew = setInterval(
        () => {
          if (leases.get(name)?.token === token) leases.set(name, { token, until: clock() + ttlMs });
        },
        Math.max(Math.floor(ttlMs / 3), 10),
      );
      renew.unref();
      try {
        return { ran: true, value: await fn() };
      } finally {
        clearInterval(renew);
        if (leases.get(name)?.token === token) leases.delete(name);
      }
    },

    async close() {
      closed = true;
    },
  };
}
