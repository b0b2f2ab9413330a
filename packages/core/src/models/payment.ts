import { z } from 'zod';
import { cancelSchema } from './cancel.js';
import { cardSchema } from './card.js';
import { cashReceiptSchema, paymentCashReceiptSchema } from './cash-receipt.js';
import { openEnum, responseAmountSchema } from './common.js';
import {
  FOREIGN_EASY_PAY_METHOD_NAME,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  PAYMENT_TYPES,
  SETTLEMENT_STATUSES,
} from './enums.js';
import { failureSchema } from './failure.js';
import { virtualAccountSchema } from './virtual-account.js';

export const paymentStatusSchema = z.enum(PAYMENT_STATUSES);
export const paymentTypeSchema = openEnum(PAYMENT_TYPES);
/** Korean method name; 1.x `해외간편결제` and later additions also parse. */
export const paymentMethodSchema = openEnum([...PAYMENT_METHODS, FOREIGN_EASY_PAY_METHOD_NAME]);

/** `Payment.easyPay`: provider is a Korean name such as `토스페이` (spec §3.1). */
export const easyPaySchema = z.looseObject({
  provider: z.string(),
  amount: responseAmountSchema,
  discountAmount: responseAmountSchema,
});
export type EasyPay = z.infer<typeof easyPaySchema>;

/** `Payment.transfer` (계좌이체). 2022-11-16 answers `bankCode`; 1.x answered the name in `bank`. */
export const transferSchema = z
  .looseObject({
    bankCode: z.string().optional(),
    bank: z.string().optional(),
    settlementStatus: openEnum(SETTLEMENT_STATUSES),
  })
  .refine((t) => t.bankCode !== undefined || t.bank !== undefined, {
    error: 'transfer에 bankCode가 없습니다.',
    path: ['bankCode'],
  });
export type Transfer = z.infer<typeof transferSchema>;

/** `Payment.mobilePhone` (휴대폰). */
export const mobilePhoneSchema = z.looseObject({
  customerMobilePhone: z.string(),
  settlementStatus: openEnum(SETTLEMENT_STATUSES),
  receiptUrl: z.string().nullish(),
});
export type MobilePhone = z.infer<typeof mobilePhoneSchema>;

/** `Payment.giftCertificate` (상품권). */
export const giftCertificateSchema = z.looseObject({
  approveNo: z.string(),
  settlementStatus: openEnum(SETTLEMENT_STATUSES),
});
export type GiftCertificate = z.infer<typeof giftCertificateSchema>;

/** `Payment.discount`: an instant card or quick-transfer discount. */
export const discountSchema = z.looseObject({ amount: responseAmountSchema });
export type Discount = z.infer<typeof discountSchema>;

/** `Payment.receipt` and `Payment.checkout`. */
export const urlObjectSchema = z.looseObject({ url: z.string() });
export type UrlObject = z.infer<typeof urlObjectSchema>;

/** `Payment.foreignEasyPay` appears in samples only; its shape is not documented, so anything goes. */
export const foreignEasyPaySchema = z.looseObject({ provider: z.string().optional() });
export type ForeignEasyPay = z.infer<typeof foreignEasyPaySchema>;

/** `Payment.metadata` as answered: what the merchant set through the SDK. */
export const paymentMetadataSchema = z.record(z.string(), z.unknown());

/**
 * The Payment object (spec §3.1, API 2022-11-16).
 *
 * Required: the fields every documented version answers (the 1.3 confirm answer of seed 004 parses).
 * `.nullable()`: what the spec calls nullable, notably every method sub-object, which is present and
 * `null` when it does not apply. `.nullish()`/`.optional()`: fields added after 1.3 or legacy ones
 * (`transactionKey`, `easyPayAmount`, `foreignEasyPay`...), which older answers lack. Unknown fields
 * are kept (the gateway adds fields without a version bump).
 */
export const paymentSchema = z.looseObject({
  version: z.string(),
  paymentKey: z.string().min(1).max(200),
  type: paymentTypeSchema,
  orderId: z.string().min(1),
  orderName: z.string(),
  mId: z.string(),
  currency: z.string(),
  method: paymentMethodSchema.nullable(),
  totalAmount: responseAmountSchema,
  balanceAmount: responseAmountSchema,
  status: paymentStatusSchema,
  requestedAt: z.string(),
  approvedAt: z.string().nullable(),
  /** Null on EXPIRED payments in practice. */
  useEscrow: z.boolean().nullable(),
  lastTransactionKey: z.string().nullish(),
  /** Legacy (1.x) name of lastTransactionKey. */
  transactionKey: z.string().nullish(),
  suppliedAmount: responseAmountSchema,
  vat: responseAmountSchema,
  taxFreeAmount: responseAmountSchema,
  taxExemptionAmount: responseAmountSchema.optional(),
  cultureExpense: z.boolean(),
  cancels: z.array(cancelSchema).nullable(),
  isPartialCancelable: z.boolean().optional(),
  card: cardSchema.nullable(),
  virtualAccount: virtualAccountSchema.nullable(),
  mobilePhone: mobilePhoneSchema.nullable(),
  giftCertificate: giftCertificateSchema.nullable(),
  transfer: transferSchema.nullable(),
  easyPay: easyPaySchema.nullable(),
  easyPayAmount: responseAmountSchema.nullish(),
  easyPayDiscountAmount: responseAmountSchema.nullish(),
  foreignEasyPay: foreignEasyPaySchema.nullish(),
  /** Virtual accounts only (≤50): equals the `secret` of DEPOSIT_CALLBACK (spec §8.4). */
  secret: z.string().nullish(),
  metadata: paymentMetadataSchema.nullish(),
  receipt: urlObjectSchema.nullish(),
  checkout: urlObjectSchema.nullish(),
  country: z.string().optional(),
  failure: failureSchema.nullish(),
  cashReceipt: paymentCashReceiptSchema.nullish(),
  cashReceipts: z.array(cashReceiptSchema).nullish(),
  discount: discountSchema.nullish(),
});
/** The gateway's Payment object (unknown fields kept). */
export type Payment = z.infer<typeof paymentSchema>;

/** The key of the payment's last transaction, whichever name the answer's version used. */
export function lastTransactionKeyOf(
  payment: Pick<Payment, 'lastTransactionKey' | 'transactionKey'>,
): string | null {
  return payment.lastTransactionKey ?? payment.transactionKey ?? null;
}
