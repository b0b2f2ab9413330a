/**
 * Rows as the SQL ledger stores them, and their mapping to the port's records. Explicit column lists, never
 * `*`: statements are prepared per connection, and a later migration adding a column must not change the
 * result type of a statement another instance has prepared.
 */
import type {
  ClaimOutcome,
  ConfirmClaim,
  LedgerTransaction,
  Payment,
  PaymentRecord,
  PaymentStatus,
  StoredCashReceipt,
} from '@tosskit/core';
import type { SecretBox } from '../encryption.js';
import { ledgerError } from '../errors.js';
import type { SqlDriver } from '../sql-driver.js';

/** The table names under one prefix. */
export interface Tables {
  payments: string;
  transactions: string;
  claims: string;
  webhooks: string;
  failures: string;
  billing: string;
  cursors: string;
  leases: string;
  cashReceipts: string;
  migrations: string;
}

export function tablesFor(prefix: string): Tables {
  return {
    payments: `${prefix}payments`,
    transactions: `${prefix}transactions`,
    claims: `${prefix}claims`,
    webhooks: `${prefix}webhooks`,
    failures: `${prefix}order_failures`,
    billing: `${prefix}billing_keys`,
    cursors: `${prefix}cursors`,
    leases: `${prefix}leases`,
    cashReceipts: `${prefix}cash_receipts`,
    migrations: `${prefix}migrations`,
  };
}

/** What every part of the SQL ledger works with: the driver, the tables, the secret box and the clock. */
export interface SqlParts {
  driver: SqlDriver;
  T: Tables;
  box: SecretBox;
  /** epoch ms; the ledger's one clock */
  now: () => number;
}

export const CLAIM_COLUMNS =
  'order_id, payment_key, amount, state, owner, lease_until, outcome, created_at, updated_at';
export const TRANSACTION_COLUMNS = 'transaction_key, payment_key, order_id, kind, amount, status, at, reason';
export const CASH_RECEIPT_COLUMNS =
  'id, receipt_key, original_receipt_key, order_id, payment_key, type, transaction_type, issue_status, amount, tax_free_amount, issue_number, receipt_url, customer_identity_number, requested_at, created_at, updated_at';
export const PAYMENT_COLUMNS =
  'payment_key, order_id, status, method, total_amount, balance_amount, last_transaction_key, snapshot, secret_enc, revision, updated_at';

export interface PaymentRow {
  payment_key: string;
  order_id: string;
  status: string;
  method: string | null;
  total_amount: string | number;
  balance_amount: string | number;
  last_transaction_key: string | null;
  snapshot: unknown;
  secret_enc: string | null;
  revision: number;
  updated_at: string | number;
}

export interface ClaimRow {
  order_id: string;
  payment_key: string;
  amount: string | number;
  state: string;
  owner: string;
  lease_until: string | number;
  outcome: unknown;
  created_at: string | number;
  updated_at: string | number;
}

export interface TransactionRow {
  transaction_key: string;
  payment_key: string;
  order_id: string;
  kind: string;
  amount: string | number;
  status: string;
  at: string;
  reason: string | null;
}

export interface CashReceiptRow {
  id: string;
  receipt_key: string;
  original_receipt_key: string | null;
  order_id: string;
  payment_key: string | null;
  type: string;
  transaction_type: string;
  issue_status: string;
  amount: string | number;
  tax_free_amount: string | number;
  issue_number: string | null;
  receipt_url: string | null;
  customer_identity_number: string | null;
  requested_at: string | null;
  created_at: string | number;
  updated_at: string | number;
}

/** pg hands bigint back as a string; every amount we store is a safe integer. */
export function int(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n))
    throw ledgerError('LEDGER_INTEGER_OUT_OF_RANGE', `integer column out of range: ${String(value)}`);
  return n;
}

export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function toClaim(row: ClaimRow): ConfirmClaim {
  return {
    orderId: row.order_id,
    paymentKey: row.payment_key,
    amount: int(row.amount),
    state: row.state as ConfirmClaim['state'],
    owner: row.owner,
    leaseUntil: int(row.lease_until),
    outcome: row.outcome == null ? null : json<ClaimOutcome>(row.outcome),
    createdAt: int(row.created_at),
    updatedAt: int(row.updated_at),
  };
}

export function toTransaction(row: TransactionRow): LedgerTransaction {
  return {
    transactionKey: row.transaction_key,
    paymentKey: row.payment_key,
    orderId: row.order_id,
    kind: row.kind as LedgerTransaction['kind'],
    amount: int(row.amount),
    status: row.status as PaymentStatus,
    at: row.at,
    reason: row.reason,
  };
}

export function toCashReceipt(row: CashReceiptRow): StoredCashReceipt {
  return {
    id: row.id,
    receiptKey: row.receipt_key,
    originalReceiptKey: row.original_receipt_key,
    orderId: row.order_id,
    paymentKey: row.payment_key,
    type: row.type,
    transactionType: row.transaction_type,
    issueStatus: row.issue_status,
    amount: int(row.amount),
    taxFreeAmount: int(row.tax_free_amount),
    issueNumber: row.issue_number,
    receiptUrl: row.receipt_url,
    customerIdentityNumber: row.customer_identity_number,
    requestedAt: row.requested_at,
    createdAt: int(row.created_at),
    updatedAt: int(row.updated_at),
  };
}

/** A payment row back to the record the flows see, the virtual-account secret decrypted. */
export async function toRecord(box: SecretBox, row: PaymentRow): Promise<PaymentRecord> {
  const stored = json<Record<string, unknown>>(row.snapshot);
  const payment = (
    row.secret_enc === null ? stored : { ...stored, secret: await box.decrypt(row.secret_enc) }
  ) as Payment;
  return {
    paymentKey: row.payment_key,
    orderId: row.order_id,
    status: row.status as PaymentStatus,
    method: row.method,
    totalAmount: int(row.total_amount),
    balanceAmount: int(row.balance_amount),
    lastTransactionKey: row.last_transaction_key,
    payment,
    revision: int(row.revision),
    updatedAt: int(row.updated_at),
  };
}
