/**
 * What every ledger implementation derives from a gateway Payment snapshot, written once so the
 * memory ledger and the SQL ledger cannot disagree: the indexed fields, the transactions (seed 003:
 * one approval, one per cancel), and the ordering rule deciding whether a snapshot is newer.
 */
import type { Payment, PaymentStatus } from '../models/index.js';
import { isNewerSnapshot } from '../state/index.js';
import type { LedgerTransaction } from './ledger.js';

/** The fields of a Payment the ledger reads; typed loosely so unknown gateway fields pass through. */
interface SnapshotView {
  paymentKey: string;
  orderId: string;
  status: PaymentStatus;
  method?: string | null;
  totalAmount?: number;
  balanceAmount?: number;
  lastTransactionKey?: string | null;
  approvedAt?: string | null;
  requestedAt?: string | null;
  cancels?: CancelView[] | null;
  secret?: string | null;
}

interface CancelView {
  transactionKey?: string | null;
  cancelAmount?: number;
  cancelReason?: string | null;
  canceledAt?: string | null;
  refundableAmount?: number;
  cancelStatus?: string | null;
}

function view(payment: Payment): SnapshotView {
  return payment as unknown as SnapshotView;
}

function intOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : fallback;
}

export interface SnapshotFields {
  paymentKey: string;
  orderId: string;
  status: PaymentStatus;
  method: string | null;
  totalAmount: number;
  balanceAmount: number;
  lastTransactionKey: string | null;
  cancelCount: number;
}

export function snapshotFields(payment: Payment): SnapshotFields {
  const p = view(payment);
  const totalAmount = intOr(p.totalAmount, 0);
  return {
    paymentKey: p.paymentKey,
    orderId: p.orderId,
    status: p.status,
    method: typeof p.method === 'string' ? p.method : null,
    totalAmount,
    balanceAmount: intOr(p.balanceAmount, totalAmount),
    lastTransactionKey: typeof p.lastTransactionKey === 'string' ? p.lastTransactionKey : null,
    cancelCount: completedCancels(p).length,
  };
}

/** Cancels still in flight (CANCEL_STATUS_CHANGED flow) are not transactions yet. */
function completedCancels(p: SnapshotView): CancelView[] {
  const cancels = Array.isArray(p.cancels) ? p.cancels : [];
  return cancels.filter((c) => c.cancelStatus == null || c.cancelStatus === 'DONE');
}

const APPROVED_STATUSES: ReadonlySet<PaymentStatus> = new Set(['DONE', 'CANCELED', 'PARTIAL_CANCELED']);

/**
 * The approval's own transactionKey is only visible while it is the last transaction; once a
 * cancel happened, a ledger that never saw the approval uses a stable synthetic key instead.
 */
export function approvalKeyFor(payment: Payment): string {
  const p = view(payment);
  if (
    completedCancels(p).length === 0 &&
    typeof p.lastTransactionKey === 'string' &&
    p.lastTransactionKey !== ''
  ) {
    return p.lastTransactionKey;
  }
  return `approval:${p.paymentKey}`;
}

/**
 * The transactions a snapshot implies: one APPROVAL when the payment was approved (approvedAt set and
 * status past IN_PROGRESS), one CANCEL per completed `cancels[]` entry, keyed by its transactionKey.
 */
export function deriveTransactions(payment: Payment): LedgerTransaction[] {
  const p = view(payment);
  const out: LedgerTransaction[] = [];
  const cancels = completedCancels(p);
  const totalAmount = intOr(p.totalAmount, 0);
  if (
    typeof p.approvedAt === 'string' &&
    p.approvedAt !== '' &&
    (APPROVED_STATUSES.has(p.status) || cancels.length > 0)
  ) {
    out.push({
      transactionKey: approvalKeyFor(payment),
      paymentKey: p.paymentKey,
      orderId: p.orderId,
      kind: 'APPROVAL',
      amount: totalAmount,
      status: 'DONE',
      at: p.approvedAt,
      reason: null,
    });
  }
  cancels.forEach((c, index) => {
    const amount = intOr(c.cancelAmount, 0);
    const refundable = intOr(c.refundableAmount, -1);
    out.push({
      // 1.x-era cancels had no transactionKey: fall back to a stable per-position key
      transactionKey:
        typeof c.transactionKey === 'string' && c.transactionKey !== ''
          ? c.transactionKey
          : `cancel:${p.paymentKey}:${index}`,
      paymentKey: p.paymentKey,
      orderId: p.orderId,
      kind: 'CANCEL',
      amount,
      status: refundable === 0 ? 'CANCELED' : 'PARTIAL_CANCELED',
      at: typeof c.canceledAt === 'string' ? c.canceledAt : '',
      reason: typeof c.cancelReason === 'string' ? c.cancelReason : null,
    });
  });
  return out;
}

/** The virtual-account secret, which persistent ledgers store encrypted, apart from the snapshot. */
export function secretOf(payment: Payment): string | null {
  const s = view(payment).secret;
  return typeof s === 'string' && s !== '' ? s : null;
}

/** A copy of the snapshot with its `secret` blanked (null), for storage beside the encrypted secret. */
export function withoutSecret(payment: Payment): Payment {
  if (!('secret' in payment)) return payment;
  return { ...payment, secret: null } as Payment;
}

/** The ordering rule every ledger applies: core/src/state's `isNewerSnapshot`, the one rule of the project. */
export function isNewerLedgerSnapshot(current: Payment | null, incoming: Payment): boolean {
  return isNewerSnapshot(current, incoming);
}
