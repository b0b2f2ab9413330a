import { z } from 'zod';
import { openEnum, responseAmountSchema } from './common.js';
import { PAYMENT_METHODS } from './enums.js';
import { paymentStatusSchema } from './payment.js';

/**
 * One row of `GET /v1/transactions` (spec §3.9): one per approval and one per cancel; rows of the
 * same payment share its paymentKey, and `transactionKey` is the row's own key.
 */
export const transactionSchema = z.looseObject({
  mId: z.string(),
  transactionKey: z.string(),
  paymentKey: z.string(),
  orderId: z.string(),
  method: openEnum(PAYMENT_METHODS).nullable(),
  customerKey: z.string().nullable(),
  useEscrow: z.boolean().nullable(),
  receiptUrl: z.string().nullable(),
  status: paymentStatusSchema,
  transactionAt: z.string(),
  currency: z.string(),
  amount: responseAmountSchema,
});
/** One transaction of the gateway's transaction list. */
export type Transaction = z.infer<typeof transactionSchema>;

export const transactionListSchema = z.array(transactionSchema);
