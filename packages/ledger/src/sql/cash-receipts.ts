/** Cash receipts: an issue or a cancel, updated in place as the tax office answers. */
import type { Ledger, StoredCashReceipt } from '@tosskit/core';
import { CASH_RECEIPT_COLUMNS, toCashReceipt, type CashReceiptRow, type SqlParts } from './rows.js';

type CashReceiptMethods = Pick<Ledger, 'recordCashReceipt' | 'getCashReceipt' | 'listCashReceipts'>;

export function cashReceiptMethods({ driver, T }: SqlParts): CashReceiptMethods {
  return {
    async recordCashReceipt(r: StoredCashReceipt) {
      // an update (the issue status moving on) keeps the record's place (seq) and creation time
      await driver.query(
        `INSERT INTO ${T.cashReceipts} (${CASH_RECEIPT_COLUMNS})
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
  };
}
