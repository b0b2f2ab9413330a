import { z } from 'zod';
import { openEnum, responseAmountSchema } from './common.js';
import { PAYMENT_METHODS, SETTLEMENT_FEE_TYPES } from './enums.js';

export const settlementFeeSchema = z.looseObject({
  type: openEnum(SETTLEMENT_FEE_TYPES),
  fee: responseAmountSchema,
});
export type SettlementFee = z.infer<typeof settlementFeeSchema>;

// The method objects of a settlement row are not documented field by field: kept as open objects.
const settlementMethodObject = z.looseObject({}).nullish();

/**
 * One row of `GET /v1/settlements` (spec §3.8). `soldDate`/`paidOutDate` are `yyyy-MM-dd`.
 * The reference spells the supply amount `supplyAmount`; the older spec `suppliedAmount`.
 */
export const settlementSchema = z.looseObject({
  mId: z.string(),
  paymentKey: z.string(),
  transactionKey: z.string(),
  orderId: z.string(),
  currency: z.string(),
  method: openEnum(PAYMENT_METHODS).nullable(),
  amount: responseAmountSchema,
  interestFee: responseAmountSchema,
  fees: z.array(settlementFeeSchema),
  supplyAmount: responseAmountSchema.optional(),
  suppliedAmount: responseAmountSchema.optional(),
  vat: responseAmountSchema,
  payOutAmount: responseAmountSchema,
  approvedAt: z.string(),
  soldDate: z.string(),
  paidOutDate: z.string(),
  card: settlementMethodObject,
  easyPay: settlementMethodObject,
  giftCertificate: settlementMethodObject,
  mobilePhone: settlementMethodObject,
  transfer: settlementMethodObject,
  virtualAccount: settlementMethodObject,
  cancel: settlementMethodObject,
});
/** One settlement of the gateway. */
export type Settlement = z.infer<typeof settlementSchema>;

export const settlementListSchema = z.array(settlementSchema);

/** Answer of `POST /v1/settlements`. */
export const settlementResultSchema = z.looseObject({ result: z.boolean() });
