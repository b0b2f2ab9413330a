/**
 * The Ledger port in SQL, one implementation for both drivers (PGlite and PostgreSQL).
 * Each state change is one statement or one transaction; claims and dedupe rely on primary keys,
 * `INSERT ... ON CONFLICT` and `SELECT ... FOR UPDATE`, so they hold across processes.
 */
import { randomUUID } from 'node:crypto';
import {
  deriveTransactions,
  isNewerLedgerSnapshot,
  secretOf,
  snapshotFields,
  withoutSecret,
  type ClaimInput,
  type ClaimOutcome,
  type ClaimResult,
  type ConfirmClaim,
  type Ledger,
  type LedgerTransaction,
  type OrderFailure,
  type Payment,
  type PaymentRecord,
  type PaymentStatus,
  type RecordPaymentResult,
  type StoredBillingKey,
  type StoredCashReceipt,
} from '@tosskit/core/ledger-kit';
import type { SecretBox } from './encryption.js';
import type { SqlDriver, SqlQuery } from './sql-driver.js';

interface PaymentRow {
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

interface ClaimRow {
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

interface TransactionRow {
  transaction_key: string;
  payment_key: string;
  order_id: string;
  kind: string;
  amount: string | number;
  status: string;
  at: string;
  reason: string | null;
}

/** pg hands bigint back as a string; every amount we store is a safe integer. */
function int(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`ledger: integer column out of range: ${String(value)}`);
  return n;
}

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function toClaim(row: ClaimRow): ConfirmClaim {
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

function toTransaction(row: TransactionRow): LedgerTransaction {
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

interface CashReceiptRow {
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

function toCashReceipt(row: CashReceiptRow): StoredCashReceipt {
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

export interface SqlLedgerOptions {
  driver: SqlDriver;
  prefix: string;
  box: SecretBox;
}

export function createSqlLedger({ driver, prefix: p, box }: SqlLedgerOptions): Ledger {
  const T = {
    payments: `${p}payments`,
    transactions: `${p}transactions`,
    claims: `${p}claims`,
    webhooks: `${p}webhooks`,
    failures: `${p}order_failures`,
    billing: `${p}billing_keys`,
    cursors: `${p}cursors`,
    leases: `${p}leases`,
    cashReceipts: `${p}cash_receipts`,
  };
  // Explicit column lists, never `*`: statements are prepared per connection, and a later migration adding a
  // column must not change the result type of a statement another instance has prepared.
  const CLAIM_COLUMNS =
    'order_id, payment_key, amount, state, owner, lease_until, outcome, created_at, updated_at';
  const TRANSACTION_COLUMNS = 'transaction_key, payment_key, order_id, kind, amount, status, at, reason';
  const CASH_RECEIPT_COLUMNS =
    'id, receipt_key, original_receipt_key, order_id, payment_key, type, transaction_type, issue_status, amount, tax_free_amount, issue_number, receipt_url, customer_identity_number, requested_at, created_at, updated_at';
  const PAYMENT_COLUMNS =
    'payment_key, order_id, status, method, total_amount, balance_amount, last_transaction_key, snapshot, secret_enc, revision, updated_at';

  async function toRecord(row: PaymentRow): Promise<PaymentRecord> {
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

  async function insertTransactions(tx: SqlQuery, payment: Payment): Promise<LedgerTransaction[]> {
    const derived = deriveTransactions(payment);
    if (derived.length === 0) return [];
    const params: unknown[] = [];
    const values = derived.map((t) => {
      const base = params.length;
      params.push(t.transactionKey, t.paymentKey, t.orderId, t.kind, t.amount, t.status, t.at, t.reason);
      return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}, $${base + 8})`;
    });
    // ON CONFLICT without a target covers both the transactionKey key and the one-approval-per-payment index
    const inserted = await tx.query<{ transaction_key: string }>(
      `INSERT INTO ${T.transactions} (transaction_key, payment_key, order_id, kind, amount, status, at, reason)
       VALUES ${values.join(', ')} ON CONFLICT DO NOTHING RETURNING transaction_key`,
      params,
    );
    const keys = new Set(inserted.map((r) => r.transaction_key));
    return derived.filter((t) => keys.has(t.transactionKey));
  }

  async function tryClaim(input: ClaimInput, now: number): Promise<ClaimRow | null> {
    const rows = await driver.query<ClaimRow>(
      `INSERT INTO ${T.claims} AS c (order_id, payment_key, amount, state, owner, lease_until, outcome, created_at, updated_at)
       VALUES ($1, $2, $3, 'claimed', $4, $5, NULL, $6, $6)
       ON CONFLICT (order_id) DO UPDATE SET
         payment_key = EXCLUDED.payment_key, amount = EXCLUDED.amount, state = 'claimed', owner = EXCLUDED.owner,
         lease_until = EXCLUDED.lease_until, outcome = NULL, updated_at = EXCLUDED.updated_at
       WHERE c.state = 'released' OR (c.state = 'claimed' AND c.lease_until <= $6)
       RETURNING ${CLAIM_COLUMNS}`,
      [input.orderId, input.paymentKey, input.amount, input.owner, now + input.leaseMs, now],
    );
    return rows[0] ?? null;
  }

  async function finishClaim(
    target: SqlQuery,
    orderId: string,
    owner: string,
    state: 'settled' | 'released',
    outcome: ClaimOutcome,
  ): Promise<void> {
    await target.query(
      `UPDATE ${T.claims} SET state = $3, outcome = $4::jsonb, updated_at = $5
       WHERE order_id = $1 AND owner = $2 AND state = 'claimed'`,
      [orderId, owner, state, JSON.stringify(outcome), Date.now()],
    );
  }

  /**
   * Apply a snapshot by the ordering rule, and settle a claim in the same transaction when `settle` is given.
   * A payment seen for the first time is one statement (one round trip, one commit).
   */
  async function record(
    payment: Payment,
    now: number,
    settle: { orderId: string; owner: string; outcome: ClaimOutcome } | null,
  ): Promise<RecordPaymentResult> {
    const f = snapshotFields(payment);
    const secret = secretOf(payment);
    const secretEnc = secret === null ? null : await box.encrypt(secret);
    const snapshot = JSON.stringify(withoutSecret(payment));
    const params = [
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
    // The common case, a payment seen for the first time, is one statement (one round trip, one commit):
    // the payment row and its transactions go in together or not at all.
    const derived = deriveTransactions(payment);
    const txValues = derived.map((t, i) => {
      const b = params.length + i * 8;
      return `($${b + 1}::text, $${b + 2}::text, $${b + 3}::text, $${b + 4}::text, $${b + 5}::bigint, $${b + 6}::text, $${b + 7}::text, $${b + 8}::text)`;
    });
    // the claim settle rides in the same statement (and commits with it) only when the payment row is new
    const settleBase = params.length + derived.length * 8;
    const settleCte =
      settle === null
        ? ''
        : `, settled AS (
           UPDATE ${T.claims} SET state = 'settled', outcome = $${settleBase + 3}::jsonb, updated_at = $10
           WHERE order_id = $${settleBase + 1} AND owner = $${settleBase + 2} AND state = 'claimed' AND EXISTS (SELECT 1 FROM ins)
           RETURNING order_id
         )`;
    const fastParams = [
      ...params,
      ...derived.flatMap((t) => [
        t.transactionKey,
        t.paymentKey,
        t.orderId,
        t.kind,
        t.amount,
        t.status,
        t.at,
        t.reason,
      ]),
      ...(settle === null ? [] : [settle.orderId, settle.owner, JSON.stringify(settle.outcome)]),
    ];
    for (let attempt = 0; ; attempt += 1) {
      const fast = await driver.query<{ payment_key: string; new_keys: string[] | null }>(
        `WITH ins AS (
         INSERT INTO ${T.payments} (${PAYMENT_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, 1, $10)
         ON CONFLICT (payment_key) DO NOTHING RETURNING payment_key
       )${
         txValues.length === 0
           ? ''
           : `, tx AS (
         INSERT INTO ${T.transactions} (transaction_key, payment_key, order_id, kind, amount, status, at, reason)
         SELECT v.* FROM (VALUES ${txValues.join(', ')}) AS v(transaction_key, payment_key, order_id, kind, amount, status, at, reason)
         WHERE EXISTS (SELECT 1 FROM ins)
         ON CONFLICT DO NOTHING RETURNING transaction_key
       )`
       }${settleCte}
       SELECT ins.payment_key, ${txValues.length === 0 ? 'NULL::text[]' : '(SELECT array_agg(transaction_key) FROM tx)'} AS new_keys FROM ins`,
        fastParams,
      );
      if (fast[0] !== undefined) {
        const keys = new Set(fast[0].new_keys ?? []);
        return {
          applied: true,
          previous: null,
          // built from what was written, so the stored snapshot is not read back and parsed again
          current: {
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
          },
          newTransactions: derived.filter((t) => keys.has(t.transactionKey)),
        };
      }
      const slow = await driver.transaction(async (tx): Promise<RecordPaymentResult | null> => {
        const rows = await tx.query<PaymentRow>(
          `SELECT ${PAYMENT_COLUMNS} FROM ${T.payments} WHERE payment_key = $1 FOR UPDATE`,
          [f.paymentKey],
        );
        // the insert we collided with was rolled back: the fast path gets another go
        if (rows[0] === undefined) return null;
        const previous = await toRecord(rows[0]);
        if (!isNewerLedgerSnapshot(previous.payment, payment)) {
          if (settle !== null) await finishClaim(tx, settle.orderId, settle.owner, 'settled', settle.outcome);
          return { applied: false, previous, current: previous, newTransactions: [] };
        }
        const updated = await tx.query<PaymentRow>(
          `UPDATE ${T.payments} SET order_id = $2, status = $3, method = $4, total_amount = $5, balance_amount = $6,
           last_transaction_key = $7, snapshot = $8::jsonb, secret_enc = COALESCE($9, secret_enc), revision = revision + 1, updated_at = $10
         WHERE payment_key = $1 RETURNING ${PAYMENT_COLUMNS}`,
          params,
        );
        const current = await toRecord(updated[0]!);
        const newTransactions = await insertTransactions(tx, payment);
        if (settle !== null) await finishClaim(tx, settle.orderId, settle.owner, 'settled', settle.outcome);
        return { applied: true, previous, current, newTransactions };
      });
      if (slow !== null) return slow;
      if (attempt >= 3)
        throw new Error(`ledger: could not record payment ${f.paymentKey}: it keeps changing`);
    }
  }

  return {
    async claimConfirm(input) {
      const now = input.now ?? Date.now();
      // A claim can change between the refused upsert and the read (released, expired): try again then.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const won = await tryClaim(input, now);
        if (won !== null) return { status: 'won', claim: toClaim(won) } satisfies ClaimResult;
        const rows = await driver.query<ClaimRow>(
          `SELECT ${CLAIM_COLUMNS} FROM ${T.claims} WHERE order_id = $1`,
          [input.orderId],
        );
        const row = rows[0];
        if (row === undefined) continue;
        const claim = toClaim(row);
        if (claim.state === 'settled') return { status: 'settled', claim };
        if (claim.state === 'claimed' && claim.leaseUntil > now) return { status: 'busy', claim };
      }
      throw new Error(`ledger: could not claim order ${input.orderId}: it keeps changing`);
    },

    async getClaim(orderId) {
      const rows = await driver.query<ClaimRow>(
        `SELECT ${CLAIM_COLUMNS} FROM ${T.claims} WHERE order_id = $1`,
        [orderId],
      );
      return rows[0] === undefined ? null : toClaim(rows[0]);
    },

    settleClaim: (orderId, owner, outcome) => finishClaim(driver, orderId, owner, 'settled', outcome),
    releaseClaim: (orderId, owner, outcome) => finishClaim(driver, orderId, owner, 'released', outcome),

    async listAbandonedClaims(now, limit = 100) {
      const rows = await driver.query<ClaimRow>(
        `SELECT ${CLAIM_COLUMNS} FROM ${T.claims} WHERE state = 'claimed' AND lease_until < $1 ORDER BY lease_until ASC LIMIT $2`,
        [now, limit],
      );
      return rows.map(toClaim);
    },

    recordPayment: (payment, now = Date.now()) => record(payment, now, null),

    async renewClaim(orderId, owner, leaseMs, now = Date.now()) {
      const rows = await driver.query<{ order_id: string }>(
        `UPDATE ${T.claims} SET lease_until = $3, updated_at = $4
         WHERE order_id = $1 AND owner = $2 AND state = 'claimed' RETURNING order_id`,
        [orderId, owner, now + leaseMs, now],
      );
      return rows.length > 0;
    },

    settleClaimWithPayment: (orderId, owner, outcome, payment, now = Date.now()) =>
      record(payment, now, { orderId, owner, outcome }),

    async getPayment(paymentKey) {
      const rows = await driver.query<PaymentRow>(
        `SELECT ${PAYMENT_COLUMNS} FROM ${T.payments} WHERE payment_key = $1`,
        [paymentKey],
      );
      return rows[0] === undefined ? null : toRecord(rows[0]);
    },

    async getPaymentByOrderId(orderId) {
      const rows = await driver.query<PaymentRow>(
        `SELECT ${PAYMENT_COLUMNS} FROM ${T.payments} WHERE order_id = $1 ORDER BY updated_at DESC, revision DESC LIMIT 1`,
        [orderId],
      );
      return rows[0] === undefined ? null : toRecord(rows[0]);
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
      return Promise.all(rows.map(toRecord));
    },

    async listTransactions(paymentKey) {
      const rows = await driver.query<TransactionRow>(
        `SELECT ${TRANSACTION_COLUMNS} FROM ${T.transactions} WHERE payment_key = $1 ORDER BY seq ASC`,
        [paymentKey],
      );
      return rows.map(toTransaction);
    },

    async markWebhookProcessed(key, now = Date.now()) {
      const rows = await driver.query(
        `INSERT INTO ${T.webhooks} (key, processed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING key`,
        [key, now],
      );
      return rows.length === 1;
    },

    async unmarkWebhookProcessed(key) {
      await driver.query(`DELETE FROM ${T.webhooks} WHERE key = $1`, [key]);
    },

    async recordOrderFailure(failure: OrderFailure) {
      await driver.query(
        `INSERT INTO ${T.failures} (order_id, code, message, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (order_id) DO UPDATE SET code = EXCLUDED.code, message = EXCLUDED.message, at = EXCLUDED.at`,
        [failure.orderId, failure.code, failure.message, failure.at],
      );
    },

    async getOrderFailure(orderId) {
      const rows = await driver.query<{
        order_id: string;
        code: string;
        message: string;
        at: string | number;
      }>(`SELECT order_id, code, message, at FROM ${T.failures} WHERE order_id = $1`, [orderId]);
      const row = rows[0];
      return row === undefined
        ? null
        : { orderId: row.order_id, code: row.code, message: row.message, at: int(row.at) };
    },

    async saveBillingKey(key: StoredBillingKey) {
      const digest = box.digest(key.billingKey);
      const encrypted = await box.encrypt(key.billingKey);
      await driver.transaction(async (tx) => {
        // a billing key belongs to one customer: moving it drops the old owner's row
        await tx.query(`DELETE FROM ${T.billing} WHERE billing_key_digest = $1 AND customer_key <> $2`, [
          digest,
          key.customerKey,
        ]);
        await tx.query(
          `INSERT INTO ${T.billing} (customer_key, billing_key_digest, billing_key_enc, card, method, authenticated_at, created_at)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)
           ON CONFLICT (customer_key) DO UPDATE SET billing_key_digest = EXCLUDED.billing_key_digest,
             billing_key_enc = EXCLUDED.billing_key_enc, card = EXCLUDED.card, method = EXCLUDED.method,
             authenticated_at = EXCLUDED.authenticated_at, created_at = EXCLUDED.created_at`,
          [
            key.customerKey,
            digest,
            encrypted,
            key.card === null ? null : JSON.stringify(key.card),
            key.method,
            key.authenticatedAt,
            key.createdAt,
          ],
        );
      });
    },

    async getBillingKey(customerKey) {
      const rows = await driver.query<{
        customer_key: string;
        billing_key_enc: string;
        card: unknown;
        method: string | null;
        authenticated_at: string | null;
        created_at: string | number;
      }>(
        `SELECT customer_key, billing_key_enc, card, method, authenticated_at, created_at FROM ${T.billing} WHERE customer_key = $1`,
        [customerKey],
      );
      const row = rows[0];
      if (row === undefined) return null;
      return {
        customerKey: row.customer_key,
        billingKey: await box.decrypt(row.billing_key_enc),
        card: row.card == null ? null : json<StoredBillingKey['card']>(row.card),
        method: row.method,
        authenticatedAt: row.authenticated_at,
        createdAt: int(row.created_at),
      };
    },

    async deleteBillingKey(by) {
      const rows =
        'customerKey' in by
          ? await driver.query(`DELETE FROM ${T.billing} WHERE customer_key = $1 RETURNING customer_key`, [
              by.customerKey,
            ])
          : await driver.query(
              `DELETE FROM ${T.billing} WHERE billing_key_digest = $1 RETURNING customer_key`,
              [box.digest(by.billingKey)],
            );
      return rows.length > 0;
    },

    async recordCashReceipt(r: StoredCashReceipt) {
      // an update (the issue status moving on) keeps the record's place (seq) and creation time
      await driver.query(
        `INSERT INTO ${T.cashReceipts} (id, receipt_key, original_receipt_key, order_id, payment_key, type, transaction_type, issue_status,
           amount, tax_free_amount, issue_number, receipt_url, customer_identity_number, requested_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (id) DO UPDATE SET receipt_key = EXCLUDED.receipt_key, original_receipt_key = EXCLUDED.original_receipt_key,
           order_id = EXCLUDED.order_id, payment_key = EXCLUDED.payment_key, type = EXCLUDED.type,
           transaction_type = EXCLUDED.transaction_type, issue_status = EXCLUDED.issue_status, amount = EXCLUDED.amount,
           tax_free_amount = EXCLUDED.tax_free_amount, issue_number = EXCLUDED.issue_number, receipt_url = EXCLUDED.receipt_url,
           customer_identity_number = EXCLUDED.customer_identity_number, requested_at = EXCLUDED.requested_at,
           updated_at = EXCLUDED.updated_at`,
        [
          r.id,
          r.receiptKey,
          r.originalReceiptKey,
          r.orderId,
          r.paymentKey,
          r.type,
          r.transactionType,
          r.issueStatus,
          r.amount,
          r.taxFreeAmount,
          r.issueNumber,
          r.receiptUrl,
          r.customerIdentityNumber,
          r.requestedAt,
          r.createdAt,
          r.updatedAt,
        ],
      );
    },

    async getCashReceipt(id) {
      const rows = await driver.query<CashReceiptRow>(
        `SELECT ${CASH_RECEIPT_COLUMNS} FROM ${T.cashReceipts} WHERE id = $1`,
        [id],
      );
      return rows[0] === undefined ? null : toCashReceipt(rows[0]);
    },

    async listCashReceipts(options: { orderId?: string; limit?: number } = {}) {
      const { orderId, limit = 100 } = options;
      const rows =
        orderId === undefined
          ? await driver.query<CashReceiptRow>(
              `SELECT ${CASH_RECEIPT_COLUMNS} FROM ${T.cashReceipts} ORDER BY seq ASC LIMIT $1`,
              [limit],
            )
          : await driver.query<CashReceiptRow>(
              `SELECT ${CASH_RECEIPT_COLUMNS} FROM ${T.cashReceipts} WHERE order_id = $1 ORDER BY seq ASC LIMIT $2`,
              [orderId, limit],
            );
      return rows.map(toCashReceipt);
    },

    async getCursor(name) {
      const rows = await driver.query<{ value: string }>(`SELECT value FROM ${T.cursors} WHERE name = $1`, [
        name,
      ]);
      return rows[0]?.value ?? null;
    },

    async setCursor(name, value) {
      await driver.query(
        `INSERT INTO ${T.cursors} (name, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
        [name, value, Date.now()],
      );
    },

    async withLease(name, ttlMs, fn) {
      const token = randomUUID();
      const now = Date.now();
      const got = await driver.query(
        `INSERT INTO ${T.leases} AS l (name, owner, lease_until) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until
         WHERE l.lease_until <= $4
         RETURNING owner`,
        [name, token, now + ttlMs, now],
      );
      if (got.length === 0) return { ran: false };
      // renewed while fn runs: the ttl only matters when the holder dies (a kill -9 blocks others for ttlMs)
      const renewal: { inFlight: Promise<unknown> | null } = { inFlight: null };
      const renew = setInterval(
        () => {
          renewal.inFlight ??= driver
            .query(`UPDATE ${T.leases} SET lease_until = $3 WHERE name = $1 AND owner = $2`, [
              name,
              token,
              Date.now() + ttlMs,
            ])
            .catch(() => undefined)
            .finally(() => {
              renewal.inFlight = null;
            });
        },
        Math.max(Math.floor(ttlMs / 3), 10),
      );
      renew.unref();
      try {
        return { ran: true, value: await fn() };
      } finally {
        clearInterval(renew);
        await renewal.inFlight;
        await driver.query(`DELETE FROM ${T.leases} WHERE name = $1 AND owner = $2`, [name, token]);
      }
    },

    close: () => driver.close(),
  };
}
