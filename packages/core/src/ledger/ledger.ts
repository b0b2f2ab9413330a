/**
 * The Ledger port: what the payment flows need from storage, and nothing else.
 *
 * One port, three implementations that all run the same conformance suite:
 * the in-memory ledger in this folder (tests, single process), and `@tosskit/ledger`
 * on PGlite (embedded, a directory on disk) or PostgreSQL (several instances).
 *
 * Rules every implementation keeps:
 * - amounts are integer won;
 * - every method that changes state does it atomically (one transaction);
 * - `claimConfirm` has at most one winner per orderId, across processes;
 * - `recordPayment` never lets an older snapshot overwrite a newer one (see state/ordering);
 * - transactionKey and webhook keys are unique: recording them twice is a no-op that says so;
 * - secrets (virtual-account `secret`, billing keys) may be encrypted at rest by the implementation,
 *   but are returned in clear to the flows.
 */
import type { Payment, PaymentStatus } from '../models/index.js';

/** Where a confirm claim is in its life. */
export type ClaimState =
  /** an instance holds the claim and is talking to the gateway / the shop's hook */
  | 'claimed'
  /** the confirm finished: payment recorded and the shop's hook has run (or compensation is done) */
  | 'settled'
  /** the confirm definitely did not happen (declined, refused before the gateway): the order may be paid again */
  | 'released';

/** The claim of an order by one confirm or charge: who holds it, until when, and its outcome once settled. */
export interface ConfirmClaim {
  orderId: string;
  paymentKey: string;
  amount: number;
  state: ClaimState;
  /** who holds it (an opaque instance id), for logs and takeover */
  owner: string;
  /** epoch ms: after this a 'claimed' claim is considered abandoned (crashed instance) and may be taken over */
  leaseUntil: number;
  /** how it ended, once settled or released */
  outcome: ClaimOutcome | null;
  createdAt: number;
  updatedAt: number;
}

/** How a settled or released claim ended. */
export type ClaimOutcome =
  | { kind: 'confirmed'; paymentKey: string; status: PaymentStatus }
  | { kind: 'compensated'; paymentKey: string; reason: string }
  | { kind: 'failed'; code: string; message: string };

/** The answer of `claimConfirm`: won, settled already, or held by another caller. */
export type ClaimResult =
  /** this caller holds the claim and must finish it (settleClaim / releaseClaim) */
  | { status: 'won'; claim: ConfirmClaim }
  /** another caller holds a live claim; wait for it (getClaim) and answer what it settled */
  | { status: 'busy'; claim: ConfirmClaim }
  /** already settled: answer from the ledger, do nothing */
  | { status: 'settled'; claim: ConfirmClaim };

/** Why a claim's order did not go through (see `Ledger.failClaim`). */
export interface ClaimFailure {
  code: string;
  message: string;
}

/** What `claimConfirm` takes: the order, the payment, the amount, the owner and the lease. */
export interface ClaimInput {
  orderId: string;
  paymentKey: string;
  amount: number;
  owner: string;
  /** how long the claim is held before another instance may take it over */
  leaseMs: number;
  now?: number;
}

/** One approval or one cancel (seed 003): unique by transactionKey. */
export interface LedgerTransaction {
  transactionKey: string;
  paymentKey: string;
  orderId: string;
  kind: 'APPROVAL' | 'CANCEL';
  /** won; positive for an approval, positive cancelAmount for a cancel */
  amount: number;
  status: PaymentStatus;
  at: string;
  reason: string | null;
}

/** A payment as the ledger keeps it: the gateway's Payment and the fields rows are queried by. */
export interface PaymentRecord {
  paymentKey: string;
  orderId: string;
  status: PaymentStatus;
  method: string | null;
  totalAmount: number;
  balanceAmount: number;
  lastTransactionKey: string | null;
  /** the gateway's full Payment as last applied (including `secret` in clear for the flows) */
  payment: Payment;
  /** monotonically increasing per record; bumps on each applied snapshot */
  revision: number;
  updatedAt: number;
}

/** Whether `recordPayment` applied a snapshot (newer) or kept the stored one. */
export interface RecordPaymentResult {
  /** false when the snapshot was older than (or equal to) what the ledger holds: nothing changed */
  applied: boolean;
  previous: PaymentRecord | null;
  current: PaymentRecord;
  /** transactions inserted by this call (approval and cancels derived from the snapshot) */
  newTransactions: LedgerTransaction[];
}

/** A failure recorded for an order (the fail URL, a refused confirm). */
export interface OrderFailure {
  orderId: string;
  code: string;
  message: string;
  at: number;
}

/** A customer's billing key as the ledger keeps it (encrypted at rest by persistent ledgers). */
export interface StoredBillingKey {
  customerKey: string;
  billingKey: string;
  /** masked card data only */
  card: {
    issuerCode: string | null;
    number: string | null;
    cardType: string | null;
    ownerType: string | null;
  } | null;
  method: string | null;
  authenticatedAt: string | null;
  createdAt: number;
}

/**
 * A cash receipt (spec §3.6) as the ledger keeps it: an issue (`CONFIRM`) or a cancel (`CANCEL`, receiptKey
 * prefixed `c_`). `customerIdentityNumber` is stored masked, never in clear (personal data).
 */
export interface StoredCashReceipt {
  /** unique per record: the receiptKey of an issue; for a cancel the `c_` key plus a sequence (partial cancels share the key) */
  id: string;
  receiptKey: string;
  /** for a cancel: the receiptKey of the issue it cancels */
  originalReceiptKey: string | null;
  orderId: string;
  paymentKey: string | null;
  /** 소득공제 | 지출증빙 */
  type: string;
  /** CONFIRM | CANCEL */
  transactionType: string;
  /** IN_PROGRESS | COMPLETED | FAILED */
  issueStatus: string;
  /** integer won */
  amount: number;
  taxFreeAmount: number;
  issueNumber: string | null;
  receiptUrl: string | null;
  /** masked, e.g. 010****5678 */
  customerIdentityNumber: string | null;
  requestedAt: string | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * What `Ledger.health` reports for a readiness probe: the schema, and the reconciler's backlog. Counts and
 * times only: no order, payment or customer in it.
 */
export interface LedgerHealth {
  /** the schema is the one this code expects (SQL: every migration applied; in memory: always) */
  migrated: boolean;
  /** claims still held ('claimed'): confirms and charges in progress, and abandoned ones */
  openClaims: number;
  /** of those, the ones whose lease ended before `now`: what the reconciler still has to finish */
  abandonedClaims: number;
  /** epoch ms the oldest open claim was made; null when there is none */
  oldestOpenClaimAt: number | null;
}

/** The Ledger port: where claims, payments, billing keys, cash receipts and bookkeeping are kept. Implementations: createMemoryLedger, and openLedger / createLedger of @tosskit/ledger. */
export interface Ledger {
  /** Claim an order for confirm: at most one winner per orderId. */
  claimConfirm(input: ClaimInput): Promise<ClaimResult>;
  /**
   * Claim an order that has no claim at all yet (its first confirm, the common case) in one write: the new
   * claim, or null when the order already has one in any state, which is then left as it was. Optional: without
   * it a confirm reads the claim first (`getClaim`), then claims (`claimConfirm`), one round trip more.
   */
  claimNewOrder?(input: ClaimInput): Promise<ConfirmClaim | null>;
  getClaim(orderId: string): Promise<ConfirmClaim | null>;
  /** The claim's holder finished: the payment is recorded and the hook has run. */
  settleClaim(orderId: string, owner: string, outcome: ClaimOutcome): Promise<void>;
  /**
   * Extend the lease of a claim `owner` still holds (state 'claimed') to `now + leaseMs`, so a confirm whose
   * hook or gateway call runs long is not taken over while its holder is alive. False when the caller no longer
   * holds it (settled, released or taken over): nothing changes then.
   */
  renewClaim(orderId: string, owner: string, leaseMs: number, now?: number): Promise<boolean>;
  /**
   * Finish a confirm (or charge) in one atomic write: apply the gateway's snapshot by the same rule as
   * `recordPayment`, and settle the claim `owner` holds. The ledger never holds the claim settled without the
   * payment it settled on, and a confirm costs one durable write after the gateway call instead of two.
   * The settle is a no-op when `owner` no longer holds a live claim (it was taken over), like `settleClaim`.
   */
  settleClaimWithPayment(
    orderId: string,
    owner: string,
    outcome: ClaimOutcome,
    payment: Payment,
    now?: number,
  ): Promise<RecordPaymentResult>;
  /** The confirm definitely did not happen; the order may be tried again with another payment. */
  releaseClaim(orderId: string, owner: string, outcome: ClaimOutcome): Promise<void>;
  /**
   * The claim's holder learned that the order definitely was not paid (a decline, no such payment): record the
   * order's failure (`at` = `now`) and release the claim with outcome `{ kind: 'failed', code, message }`, in
   * one atomic write. Both land or neither does: when `owner` no longer holds a live claim (settled, released,
   * taken over), nothing changes and the answer is false, so a stale holder never writes a failure over the
   * order of the instance that took it over.
   */
  failClaim(orderId: string, owner: string, failure: ClaimFailure, now?: number): Promise<boolean>;
  /** Claims still 'claimed' whose lease ended before `now`: what the reconciler must finish. */
  listAbandonedClaims(now: number, limit?: number): Promise<ConfirmClaim[]>;

  /** Apply a gateway snapshot if it is newer; derive and insert its transactions. Atomic. */
  recordPayment(payment: Payment, now?: number): Promise<RecordPaymentResult>;
  getPayment(paymentKey: string): Promise<PaymentRecord | null>;
  getPaymentByOrderId(orderId: string): Promise<PaymentRecord | null>;
  listPayments(options?: { limit?: number; status?: PaymentStatus }): Promise<PaymentRecord[]>;
  listTransactions(paymentKey: string): Promise<LedgerTransaction[]>;

  /** Record a processed webhook (dedupe key). Returns false when it was already recorded. */
  markWebhookProcessed(key: string, now?: number): Promise<boolean>;
  /** Undo markWebhookProcessed when applying the webhook failed, so a retry is not swallowed. */
  unmarkWebhookProcessed(key: string): Promise<void>;

  recordOrderFailure(failure: OrderFailure): Promise<void>;
  getOrderFailure(orderId: string): Promise<OrderFailure | null>;

  saveBillingKey(key: StoredBillingKey): Promise<void>;
  getBillingKey(customerKey: string): Promise<StoredBillingKey | null>;
  /** by customerKey or billingKey; returns whether something was removed */
  deleteBillingKey(by: { customerKey: string } | { billingKey: string }): Promise<boolean>;

  /** Insert or update (by `id`: the issue status moves later) a cash receipt. */
  recordCashReceipt(receipt: StoredCashReceipt): Promise<void>;
  getCashReceipt(id: string): Promise<StoredCashReceipt | null>;
  /** Oldest first; one order's receipts when `orderId` is given. */
  listCashReceipts(options?: { orderId?: string; limit?: number }): Promise<StoredCashReceipt[]>;

  /** A named cursor (e.g. the reconciler's transactions walk). */
  getCursor(name: string): Promise<string | null>;
  setCursor(name: string, value: string): Promise<void>;

  /**
   * Run `fn` only if this instance gets the named lease (e.g. 'reconcile'); other callers get
   * `{ ran: false }` at once. Implementations use an advisory lock or a lease row, renewed every third of
   * `ttlMs` while `fn` runs: `ttlMs` is how long a holder that died (kill -9) blocks the others.
   */
  withLease<T>(
    name: string,
    ttlMs: number,
    fn: () => Promise<T>,
  ): Promise<{ ran: true; value: T } | { ran: false }>;

  /**
   * For health probes: one cheap read that proves the ledger answers, whether its schema is migrated, and the
   * open claims (`now` decides which leases ended). Throws (LedgerUnavailableError for SQL) when unreachable.
   */
  health(now?: number): Promise<LedgerHealth>;

  close(): Promise<void>;
}
