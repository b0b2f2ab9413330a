import { z } from 'zod';
import { openEnum, responseAmountSchema } from './common.js';
import { CASH_RECEIPT_ISSUE_STATUSES, CASH_RECEIPT_TRANSACTION_TYPES, CASH_RECEIPT_TYPES } from './enums.js';
import { failureSchema } from './failure.js';

/**
 * The CashReceipt object (spec §3.6): answers of the cash-receipt APIs and entries of
 * `Payment.cashReceipts`. A cancel is its own record with `receiptKey` prefixed `c_`.
 * `issueNumber`/`receiptUrl` are nullable because a receipt still IN_PROGRESS has neither yet.
 */
export const cashReceiptSchema = z.looseObject({
  receiptKey: z.string(),
  issueNumber: z.string().nullable(),
  issueStatus: openEnum(CASH_RECEIPT_ISSUE_STATUSES),
  amount: responseAmountSchema,
  taxFreeAmount: responseAmountSchema,
  orderId: z.string(),
  orderName: z.string(),
  type: openEnum(CASH_RECEIPT_TYPES),
  transactionType: openEnum(CASH_RECEIPT_TRANSACTION_TYPES),
  businessNumber: z.string(),
  customerIdentityNumber: z.string(),
  failure: failureSchema.nullish(),
  requestedAt: z.string(),
  receiptUrl: z.string().nullable(),
  // Listed by the reference although the 2022-07-27 release note replaced the last two by requestedAt.
  approvalNumber: z.string().nullish(),
  approvedAt: z.string().nullish(),
  canceledAt: z.string().nullish(),
});
/** The gateway's CashReceipt object. */
export type CashReceipt = z.infer<typeof cashReceiptSchema>;

/** `Payment.cashReceipt`: the short summary on a payment. Older answers omit `receiptKey`. */
export const paymentCashReceiptSchema = z.looseObject({
  type: openEnum(CASH_RECEIPT_TYPES),
  receiptKey: z.string().nullish(),
  issueNumber: z.string().nullish(),
  receiptUrl: z.string().nullish(),
  amount: responseAmountSchema,
  taxFreeAmount: responseAmountSchema,
});
export type PaymentCashReceipt = z.infer<typeof paymentCashReceiptSchema>;

/** Answer of `GET /v1/cash-receipts`. */
export const cashReceiptListSchema = z.looseObject({
  hasNext: z.boolean(),
  lastCursor: z.union([z.number(), z.string()]).nullish(),
  data: z.array(cashReceiptSchema),
});
export type CashReceiptPage = z.infer<typeof cashReceiptListSchema>;
