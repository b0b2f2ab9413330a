import { z } from 'zod';
import { nonNegativeAmountSchema, positiveAmountSchema } from './common.js';
import {
  accountNumberSchema,
  authKeySchema,
  bankSchema,
  cancelReasonSchema,
  cardCustomerIdentityNumberSchema,
  cardExpirationMonthSchema,
  cardExpirationYearSchema,
  cardInstallmentPlanSchema,
  cardNumberSchema,
  cardPasswordSchema,
  customerEmailSchema,
  customerKeySchema,
  customerMobilePhoneSchema,
  customerNameSchema,
  holderNameSchema,
  metadataSchema,
  orderIdSchema,
  orderNameSchema,
  paymentKeySchema,
} from './fields.js';
import { SDK_METHODS } from './enums.js';

// Request bodies of the core API (spec §2) with the limits of spec §9. Unknown fields pass through:
// the gateway ignores what it does not know, and dropping a field a caller meant to send is worse.

/** `POST /v1/payments/confirm`. */
export const confirmRequestSchema = z.looseObject({
  paymentKey: paymentKeySchema,
  orderId: orderIdSchema,
  amount: positiveAmountSchema,
});
export type ConfirmRequest = z.infer<typeof confirmRequestSchema>;

/** Refund account for cancelling a deposited virtual-account payment. */
export const refundReceiveAccountSchema = z.looseObject({
  bank: bankSchema,
  accountNumber: accountNumberSchema,
  holderName: holderNameSchema,
});
export type RefundReceiveAccountInput = z.infer<typeof refundReceiveAccountSchema>;

/**
 * `POST /v1/payments/{paymentKey}/cancel`. Omit `cancelAmount` for a full cancel. Amounts are
 * integers unless `currency` names a foreign currency (USD/JPY amounts may be fractional).
 */
export const cancelRequestSchema = z
  .looseObject({
    cancelReason: cancelReasonSchema,
    cancelAmount: z.number().positive({ error: 'cancelAmount는 0보다 커야 합니다.' }).optional(),
    taxFreeAmount: z.number().nonnegative({ error: 'taxFreeAmount는 0 이상이어야 합니다.' }).optional(),
    refundableAmount: z.number().nonnegative({ error: 'refundableAmount는 0 이상이어야 합니다.' }).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { error: 'currency는 KRW, USD 같은 세 글자 통화 코드여야 합니다.' })
      .optional(),
    refundReceiveAccount: refundReceiveAccountSchema.optional(),
  })
  .superRefine((req, ctx) => {
    if (req.currency !== undefined && req.currency !== 'KRW') return;
    for (const field of ['cancelAmount', 'taxFreeAmount', 'refundableAmount'] as const) {
      const value = req[field];
      if (value !== undefined && !Number.isSafeInteger(value)) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${field}는 원 단위 정수여야 합니다.` });
      }
    }
  });
export type CancelRequest = z.infer<typeof cancelRequestSchema>;

/** 3-D Secure result for foreign cards in key-in payments. */
export const vbvSchema = z.looseObject({
  cavv: z.string().optional(),
  xid: z.string().optional(),
  eci: z.string().optional(),
});

/** `POST /v1/payments/key-in` (card number payment; needs an extra contract). */
export const keyInRequestSchema = z.looseObject({
  amount: positiveAmountSchema,
  orderId: orderIdSchema,
  orderName: orderNameSchema,
  cardNumber: cardNumberSchema,
  cardExpirationYear: cardExpirationYearSchema,
  cardExpirationMonth: cardExpirationMonthSchema,
  customerIdentityNumber: cardCustomerIdentityNumberSchema,
  cardPassword: cardPasswordSchema.optional(),
  cardInstallmentPlan: cardInstallmentPlanSchema.optional(),
  useFreeInstallmentPlan: z.boolean().optional(),
  useCardPoint: z.boolean().optional(),
  taxFreeAmount: nonNegativeAmountSchema.optional(),
  customerEmail: customerEmailSchema.optional(),
  customerName: customerNameSchema.optional(),
  customerIp: z.string().max(40).optional(),
  vbv: vbvSchema.optional(),
});
export type KeyInRequest = z.infer<typeof keyInRequestSchema>;

/** Cash receipt wish attached to a virtual account request. */
export const virtualAccountCashReceiptSchema = z.looseObject({
  type: z.enum(['소득공제', '지출증빙', '미발행'], {
    error: 'cashReceipt.type은 소득공제, 지출증빙, 미발행 중 하나여야 합니다.',
  }),
  registrationNumber: z.string().max(30, { error: 'registrationNumber는 30자 이하여야 합니다.' }).optional(),
});

export const escrowProductSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  code: z.string(),
  unitPrice: nonNegativeAmountSchema,
  quantity: z.int().positive(),
});
export type EscrowProduct = z.infer<typeof escrowProductSchema>;

export const VIRTUAL_ACCOUNT_MAX_VALID_HOURS = 2160;

/** `POST /v1/virtual-accounts`. `validHours` (≤2160) and `dueDate` exclude each other. */
export const virtualAccountRequestSchema = z
  .looseObject({
    amount: positiveAmountSchema,
    orderId: orderIdSchema,
    orderName: orderNameSchema,
    customerName: customerNameSchema,
    bank: bankSchema,
    validHours: z
      .int({ error: 'validHours는 정수여야 합니다.' })
      .min(1, { error: 'validHours는 1 이상이어야 합니다.' })
      .max(VIRTUAL_ACCOUNT_MAX_VALID_HOURS, {
        error: `validHours는 ${VIRTUAL_ACCOUNT_MAX_VALID_HOURS} 이하여야 합니다.`,
      })
      .optional(),
    /** `yyyy-MM-dd'T'HH:mm:ss` (an offset is tolerated), at most 90 days ahead. */
    dueDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?$/, {
        error: "dueDate는 yyyy-MM-dd'T'HH:mm:ss 형식이어야 합니다.",
      })
      .optional(),
    customerEmail: customerEmailSchema.optional(),
    customerMobilePhone: customerMobilePhoneSchema.optional(),
    taxFreeAmount: nonNegativeAmountSchema.optional(),
    useEscrow: z.boolean().optional(),
    cashReceipt: virtualAccountCashReceiptSchema.optional(),
    escrowProducts: z.array(escrowProductSchema).optional(),
    accountKey: z.string().min(1).max(13, { error: 'accountKey는 13자 이하여야 합니다.' }).optional(),
  })
  .refine((req) => req.validHours === undefined || req.dueDate === undefined, {
    error: 'validHours와 dueDate는 함께 보낼 수 없습니다.',
    path: ['dueDate'],
  });
export type VirtualAccountRequest = z.infer<typeof virtualAccountRequestSchema>;

/** `POST /v1/billing/authorizations/issue`: exchange the one-time authKey for a billing key. */
export const billingIssueRequestSchema = z.looseObject({
  authKey: authKeySchema,
  customerKey: customerKeySchema,
});
export type BillingIssueRequest = z.infer<typeof billingIssueRequestSchema>;

/** `POST /v1/billing/authorizations/card`: issue a billing key from card details. */
export const billingCardAuthorizationRequestSchema = z.looseObject({
  customerKey: customerKeySchema,
  cardNumber: cardNumberSchema,
  cardExpirationYear: cardExpirationYearSchema,
  cardExpirationMonth: cardExpirationMonthSchema,
  customerIdentityNumber: cardCustomerIdentityNumberSchema,
  cardPassword: cardPasswordSchema.optional(),
  customerName: customerNameSchema.optional(),
  customerEmail: customerEmailSchema.optional(),
});
export type BillingCardAuthorizationRequest = z.infer<typeof billingCardAuthorizationRequestSchema>;

/** `POST /v1/billing/{billingKey}`: charge a billing key. */
export const billingChargeRequestSchema = z.looseObject({
  amount: positiveAmountSchema,
  customerKey: customerKeySchema,
  orderId: orderIdSchema,
  orderName: orderNameSchema,
  customerEmail: customerEmailSchema.optional(),
  customerName: customerNameSchema.optional(),
  customerIp: z.string().max(40).optional(),
  taxFreeAmount: nonNegativeAmountSchema.optional(),
  taxExemptionAmount: nonNegativeAmountSchema.optional(),
  cardInstallmentPlan: cardInstallmentPlanSchema.optional(),
});
export type BillingChargeRequest = z.infer<typeof billingChargeRequestSchema>;

/** `POST /v1/cash-receipts`. `customerIdentityNumber` is a phone, resident, business or card number (≤30). */
export const cashReceiptRequestSchema = z.looseObject({
  amount: positiveAmountSchema,
  orderId: orderIdSchema,
  orderName: orderNameSchema,
  type: z.enum(['소득공제', '지출증빙'], { error: 'type은 소득공제 또는 지출증빙이어야 합니다.' }),
  customerIdentityNumber: z
    .string()
    // Digits; hyphens only so that the tax office's anonymous code 010-000-1234 fits.
    .regex(/^[0-9-]{1,30}$/, { error: 'customerIdentityNumber는 숫자 30자리 이하여야 합니다.' }),
  taxFreeAmount: nonNegativeAmountSchema.optional(),
});
export type CashReceiptRequest = z.infer<typeof cashReceiptRequestSchema>;

/** `POST /v1/cash-receipts/{receiptKey}/cancel`: omit `amount` for a full cancel. */
export const cashReceiptCancelRequestSchema = z.looseObject({
  amount: positiveAmountSchema.optional(),
});
export type CashReceiptCancelRequest = z.infer<typeof cashReceiptCancelRequestSchema>;

/** `POST /v1/settlements` (manual settlement). */
export const settlementRequestSchema = z.looseObject({
  paymentKey: paymentKeySchema,
});
export type SettlementRequest = z.infer<typeof settlementRequestSchema>;

/**
 * What a server hands to the browser SDK's `payment().requestPayment(...)` (v2): the window's
 * order facts. Not a gateway endpoint body; tosskit validates it before rendering a checkout page.
 */
export const paymentWindowRequestSchema = z.looseObject({
  method: z.enum(SDK_METHODS, { error: `method는 ${SDK_METHODS.join(', ')} 중 하나여야 합니다.` }),
  amount: z.looseObject({
    currency: z.string().regex(/^[A-Z]{3}$/, { error: 'amount.currency는 세 글자 통화 코드여야 합니다.' }),
    value: z.number().positive({ error: 'amount.value는 0보다 커야 합니다.' }),
  }),
  orderId: orderIdSchema,
  orderName: orderNameSchema,
  customerKey: customerKeySchema.optional(),
  customerEmail: customerEmailSchema.optional(),
  customerName: customerNameSchema.optional(),
  customerMobilePhone: customerMobilePhoneSchema.optional(),
  taxFreeAmount: nonNegativeAmountSchema.optional(),
  metadata: metadataSchema.optional(),
});
export type PaymentWindowRequest = z.infer<typeof paymentWindowRequestSchema>;
