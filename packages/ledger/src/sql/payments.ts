/**
 * Payments and their transactions. `record` applies a gateway snapshot by the ordering rule: a payment seen for
 * the first time is one statement (the payment row, its transactions and, for a confirm, the claim's settle go
 * in together or not at all); a payment already held is updated under `SELECT ... FOR UPDATE`.
 */
import {
  deriveTransactions,
  isNewerLedgerSnapshot,
  secretOf,
  snapshotFields,
  withoutSecret,
  type ClaimOutcome,
  type Ledger,
  type LedgerTransaction,
  type Payment,
  type PaymentStatus,
  type RecordPaymentResult,
} from '@tosskit/core/ledger-kit';
import { ledgerError } from '../errors.js';
import type { SqlQuery } from '../sql-driver.js';
import { HELD_CLAIM, finishClaim } from './claims.js';
import {
  PAYMENT_COLUMNS,
  TRANSACTION_COLUMNS,
  toRecord,
  toTransaction,
  type PaymentRow,
  type SqlParts,
  type Tables,
  type TransactionRow,
} from './rows.js';

type PaymentMethods = Pick<
  Ledger,
  | 'recordPayment'
  | 'settleClaimWithPayment'
  | 'getPayment'
  | 'getPaymentByOrderId'
  | 'listPayments'
  | 'listTransactions'
>;

interface Settle {
  orderId: string;
  owner: string;
  outcome: ClaimOutcome;
}

/** Columns of one transaction row, in the order of the statements below. */
const TRANSACTION_INSERT = 'transaction_key, payment_key, order_id, kind, amount, status, at, reason';
const PER_TRANSACTION = 8;

function transactionValues(t: LedgerTransaction): unknown[] {
  return [t.transactionKey, t.paymentKey, t.orderId, t.kind, t.amount, t.status, t.at, t.reason];
}

/** `$1 … $10` of both the insert and the update: the payment row's columns and `now`. */
function paymentParams(
  f: ReturnType<typeof snapshotFields>,
  snapshot: string,
  secretEnc: string | null,
  now: number,
): unknown[] {
  return [
    f.paymentKey,
    f.orderId,
    f.status,
    f.method,
    f.totalAmount,
    f.balanceAmount,
    f.lastTransactionKey,
    snapshot,
    secretEnc,
    now,
  ];
}

/** insertNewPaymentSql's texts, built once per shape: the driver names statements by their text. */
const insertNewPaymentTexts = new Map<string, string>();

/** The statement a first sighting of a payment is: insert it; with it, its transactions and the claim's settle. */
function insertNewPaymentSql(T: Tables, transactions: number, settle: boolean): string {
  const shape = `${T.payments} ${transactions} ${settle}`;
  let text = insertNewPaymentTexts.get(shape);
  if (text === undefined) {
    text = buildInsertNewPaymentSql(T, transactions, settle);
    insertNewPaymentTexts.set(shape, text);
  }
  return text;
}

function buildInsertNewPaymentSql(T: Tables, transactions: number, settle: boolean): string {
  const insertPayment = `ins AS (
    INSERT INTO ${T.payments} (${PAYMENT_COLUMNS})
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, 1, $10)
    ON CONFLICT (payment_key) DO NOTHING RETURNING payment_key
  )`;
  const rows = Array.from({ length: transactions }, (_, i) => {
    const b = 10 + i * PER_TRANSACTION;
    return `($${b + 1}::text, $${b + 2}::text, $${b + 3}::text, $${b + 4}::text, $${b + 5}::bigint, $${b + 6}::text, $${b + 7}::text, $${b + 8}::text)`;
  });
  const insertTransactions = `tx AS (
    INSERT INTO ${T.transactions} (${TRANSACTION_INSERT})
    SELECT v.* FROM (VALUES ${rows.join(', ')}) AS v(${TRANSACTION_INSERT})
    WHERE EXISTS (SELECT 1 FROM ins)
    ON CONFLICT DO NOTHING RETURNING transaction_key
  )`;
  const s = 10 + transactions * PER_TRANSACTION;
  // the claim settle rides in the same statement (and commits with it) only when the payment row is new
  const settleClaim = `settled AS (
    UPDATE ${T.claims} SET state = 'settled', outcome = $${s + 3}::jsonb, updated_at = $10
    WHERE order_id = $${s + 1} AND owner = $${s + 2} AND ${HELD_CLAIM} AND EXISTS (SELECT 1 FROM ins)
    RETURNING order_id
  )`;
  const ctes = [
    insertPayment,
    ...(transactions > 0 ? [insertTransactions] : []),
    ...(settle ? [settleClaim] : []),
  ];
  const newKeys = transactions > 0 ? '(SELECT array_agg(transaction_key) FROM tx)' : 'NULL::text[]';
  return `WITH ${ctes.join(', ')} SELECT ins.payment_key, ${newKeys} AS new_keys FROM ins`;
}

/** The update of a payment already held, by the ordering rule's verdict. */
function updatePaymentSql(T: Tables): string {
  return `UPDATE ${T.payments} SET order_id = $2, status = $3, method = $4, total_amount = $5, balance_amount = $6,
    last_transaction_key = $7, snapshot = $8::jsonb, secret_enc = COALESCE($9, secret_enc), revision = revision + 1, updated_at = $10
    WHERE payment_key = $1 RETURNING ${PAYMENT_COLUMNS}`;
}

/** Insert a snapshot's transactions (ON CONFLICT without a target: the transactionKey and one-approval keys). */
async function insertTransactions(
  tx: SqlQuery,
  T: Tables,
  derived: LedgerTransaction[],
): Promise<LedgerTransaction[]> {
  if (derived.length === 0) return [];
  const rows = derived.map((_, i) => {
    const b = i * PER_TRANSACTION;
    return `(${Array.from({ length: PER_TRANSACTION }, (_, j) => `$${b + j + 1}`).join(', ')})`;
  });
  const inserted = await tx.query<{ transaction_key: string }>(
    `INSERT INTO ${T.transactions} (${TRANSACTION_INSERT}) VALUES ${rows.join(', ')}
     ON CONFLICT DO NOTHING RETURNING transaction_key`,
    derived.flatMap(transactionValues),
  );
  const keys = new Set(inserted.map((r) => r.transaction_key));
  return derived.filter((t) => keys.has(t.transactionKey));
}

/** The fast path: the payment is new. Null when a row for it exists already. */
async function insertNew(
  { driver, T }: SqlParts,
  payment: Payment,
  params: unknown[],
  now: number,
  settle: Settle | null,
): Promise<RecordPaymentResult | null> {
  const f = snapshotFields(payment);
  const derived = deriveTransactions(payment);
  const rows = await driver.query<{ payment_key: string; new_keys: string[] | null }>(
    insertNewPaymentSql(T, derived.length, settle !== null),
    [
      ...params,
      ...derived.flatMap(transactionValues),
      ...(settle === null ? [] : [settle.orderId, settle.owner, JSON.stringify(settle.outcome)]),
    ],
  );
  if (rows[0] === undefined) return null;
  const keys = new Set(rows[0].new_keys ?? []);
  // built from what was written, so the stored snapshot is not read back and parsed again
  const current = {
    paymentKey: f.paymentKey,
    orderId: f.orderId,
    status: f.status,
    method: f.method,
    totalAmount: f.totalAmount,
    balanceAmount: f.balanceAmount,
    lastTransactionKey: f.lastTransactionKey,
    payment,
    revision: 1,
    updatedAt: now,
  };
  return {
    applied: true,
    previous: null,
    current,
    newTransactions: derived.filter((t) => keys.has(t.transactionKey)),
  };
}

/** The slow path: the payment is held; apply it if newer. Null when the row vanished (a rolled-back insert). */
function applyOverHeld(
  { driver, T, box }: SqlParts,
  payment: Payment,
  params: unknown[],
  now: number,
  settle: Settle | null,
): Promise<RecordPaymentResult | null> {
  return driver.transaction(async (tx) => {
    const rows = await tx.query<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM ${T.payments} WHERE payment_key = $1 FOR UPDATE`,
      [params[0]],
    );
    if (rows[0] === undefined) return null;
    const previous = await toRecord(box, rows[0]);
    const newer = isNewerLedgerSnapshot(previous.payment, payment);
    let result: RecordPaymentResult = { applied: false, previous, current: previous, newTransactions: [] };
    if (newer) {
      const updated = await tx.query<PaymentRow>(updatePaymentSql(T), params);
      const current = await toRecord(box, updated[0]!);
      const newTransactions = await insertTransactions(tx, T, deriveTransactions(payment));
      result = { applied: true, previous, current, newTransactions };
    }
    if (settle !== null) await finishClaim(tx, T, { ...settle, state: 'settled' }, now);
    return result;
  });
}

async function record(
  parts: SqlParts,
  payment: Payment,
  now: number,
  settle: Settle | null,
): Promise<RecordPaymentResult> {
  const { box } = parts;
  const f = snapshotFields(payment);
  const secret = secretOf(payment);
  const secretEnc = secret === null ? null : await box.encrypt(secret);
  const params = paymentParams(f, JSON.stringify(withoutSecret(payment)), secretEnc, now);
  for (let attempt = 0; attempt <= 3; attempt += 1) {
    const inserted = await insertNew(parts, payment, params, now, settle);
    if (inserted !== null) return inserted;
    // the insert we collided with may have been rolled back: the fast path gets another go then
    const applied = await applyOverHeld(parts, payment, params, now, settle);
    if (applied !== null) return applied;
  }
  throw ledgerError('LEDGER_CONTENDED', `could not record payment ${f.paymentKey}: it keeps changing`, {
    paymentKey: f.paymentKey,
  });
}

export function paymentMethods(parts: SqlParts): PaymentMethods {
  const { driver, T, box, now: clock } = parts;

  return {
    recordPayment: (payment, now = clock()) => record(parts, payment, now, null),

    settleClaimWithPayment: (orderId, owner, outcome, payment, now = clock()) =>
      record(parts, payment, now, { orderId, owner, outcome }),

    async getPayment(paymentKey) {
      const rows = await driver.query<PaymentRow>(
        `SELECT ${PAYMENT_COLUMNS} FROM ${T.payments} WHERE payment_key = $1`,
        [paymentKey],
      );
      return rows[0] === undefined ? null : toRecord(box, rows[0]);
    },

    async getPaymentByOrderId(orderId) {
      const rows = await driver.query<PaymentRow>(
        `SELECT ${PAYMENT_COLUMNS} FROM ${T.payments} WHERE order_id = $1 ORDER BY updated_at DESC, revision DESC LIMIT 1`,
        [orderId],
      );
      return rows[0] === undefined ? null : toRecord(box, rows[0]);
    },

    async listPayments(options: { limit?: number; status?: PaymentStatus } = {}) {
      const { limit = 100, status } = options;
      const rows =
        status === undefined
          ? await driver.query<PaymentRow>(
              `SELECT ${PAYMENT_COLUMNS} FROM ${T.payments} ORDER BY updated_at DESC LIMIT $1`,
              [limit],
            )
          : await driver.query<PaymentRow>(
              `SELECT ${PAYMENT_COLUMNS} FROM ${T.payments} WHERE status = $1 ORDER BY updated_at DESC LIMIT $2`,
              [status, limit],
            );
      return Promise.all(rows.map((row) => toRecord(box, row)));
    },

    async listTransactions(paymentKey) {
      const rows = await driver.query<TransactionRow>(
        `SELECT ${TRANSACTION_COLUMNS} FROM ${T.transactions} WHERE payment_key = $1 ORDER BY seq ASC`,
        [paymentKey],
      );
      return rows.map(toTransaction);
    },
  };
}
