import { z } from 'zod';
import { openEnum, responseAmountSchema } from './common.js';
import { CANCEL_STATUSES } from './enums.js';

/** One entry of `Payment.cancels` (spec §3.2), also the `data` of CANCEL_STATUS_CHANGED. */
export const cancelSchema = z.looseObject({
  cancelAmount: responseAmountSchema,
  cancelReason: z.string(),
  taxFreeAmount: responseAmountSchema,
  taxExemptionAmount: responseAmountSchema.optional(),
  /** Balance left after this cancel. */
  refundableAmount: responseAmountSchema,
  cardDiscountAmount: responseAmountSchema.optional(),
  transferDiscountAmount: responseAmountSchema.optional(),
  easyPayDiscountAmount: responseAmountSchema.optional(),
  canceledAt: z.string(),
  /** One key per cancel transaction (≤64). */
  transactionKey: z.string(),
  receiptKey: z.string().nullish(),
  cancelStatus: openEnum(CANCEL_STATUSES).optional(),
  cancelRequestId: z.string().nullish(),
});
/** One cancel of a payment, as the gateway reports it. */
export type Cancel = z.infer<typeof cancelSchema>;
