/**
 * The one state object the parts of the in-memory ledger share (see ../memory-ledger.ts), one part per area
 * of the Ledger port as in `@tosskit/ledger`'s SQL ledger. Every method does its whole change between two
 * awaits, which makes it atomic within the one process that can see it.
 */
import type {
  ConfirmClaim,
  LedgerTransaction,
  OrderFailure,
  PaymentRecord,
  StoredBillingKey,
  StoredCashReceipt,
} from '../ledger.js';

/** A payment as the memory ledger stores it: the record's fields, and the gateway's Payment as UTF-8 JSON. */
export type StoredPayment = Omit<PaymentRecord, 'payment'> & { paymentJson: Uint8Array };

export interface MemoryState {
  /** the clock (epoch ms) for claim leases, lease expiry and timestamps when a call passes none */
  clock: () => number;
  claims: Map<string, ConfirmClaim>;
  payments: Map<string, StoredPayment>;
  /** orderId -> paymentKey of the most recently recorded payment for that order */
  byOrder: Map<string, string>;
  transactions: Map<string, LedgerTransaction>;
  transactionsByPayment: Map<string, string[]>;
  webhooks: Map<string, number>;
  failures: Map<string, OrderFailure>;
  billingKeys: Map<string, StoredBillingKey>;
  /** id -> receipt, in insertion order (Map keeps it) */
  cashReceipts: Map<string, StoredCashReceipt>;
  cursors: Map<string, string>;
  leases: Map<string, { token: symbol; until: number }>;
  closed: boolean;
  /** throws once the ledger is closed */
  open: () => void;
}

export function createMemoryState(clock: () => number): MemoryState {
  const state: MemoryState = {
    clock,
    claims: new Map(),
    payments: new Map(),
    byOrder: new Map(),
    transactions: new Map(),
    transactionsByPayment: new Map(),
    webhooks: new Map(),
    failures: new Map(),
    billingKeys: new Map(),
    cashReceipts: new Map(),
    cursors: new Map(),
    leases: new Map(),
    closed: false,
    open: () => {
      if (state.closed) throw new Error('ledger is closed');
    },
  };
  return state;
}

/**
 * A deep copy, so no caller shares an object with the store. The ledger holds JSON-shaped records (plain
 * objects, arrays, strings, numbers): those are copied by a plain walk, several times faster than
 * `structuredClone`; anything else (a Date, a Map) goes to `structuredClone`.
 */
export function clone<T>(value: T): T {
  return copyValue(value) as T;
}

function copyValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyValue);
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copyValue((value as Record<string, unknown>)[key]);
  return copy;
}
