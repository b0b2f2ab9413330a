import { z } from 'zod';
import { openEnum, responseAmountSchema } from './common.js';
import { BANK_DISCOUNT_TYPES, PROMOTION_PAY_TYPES, PROMOTION_TYPES } from './enums.js';

// The card code field was `cardCompany` before 2022-11-16, `companyCode` in the release note and
// `issuerCode` in the current reference: all three are accepted, one is required.
const cardCodeShape = {
  issuerCode: z.string().optional(),
  companyCode: z.string().optional(),
  cardCompany: z.string().optional(),
};
const hasCardCode = (v: {
  issuerCode?: string | undefined;
  companyCode?: string | undefined;
  cardCompany?: string | undefined;
}) => v.issuerCode !== undefined || v.companyCode !== undefined || v.cardCompany !== undefined;
const cardCodeIssue = { error: '카드사 코드(issuerCode)가 없습니다.', path: ['issuerCode'] };

/** `CardPromotion.discountCards[]`: an instant discount. `balance` 0 means it can no longer apply. */
export const discountCardSchema = z
  .looseObject({
    ...cardCodeShape,
    discountAmount: responseAmountSchema,
    balance: responseAmountSchema.nullish(),
    discountCode: z.string().nullish(),
    /** `yyyy-MM-dd`, valid until 23:59:59 of that day. */
    dueDate: z.string(),
    minimumPaymentAmount: responseAmountSchema,
    maximumPaymentAmount: responseAmountSchema.nullish(),
    currency: z.string().optional(),
  })
  .refine(hasCardCode, cardCodeIssue);
export type DiscountCard = z.infer<typeof discountCardSchema>;

/** `CardPromotion.interestFreeCards[]`: interest-free installment months. */
export const interestFreeCardSchema = z
  .looseObject({
    ...cardCodeShape,
    minimumPaymentAmount: responseAmountSchema,
    dueDate: z.string(),
    installmentFreeMonths: z.array(z.number().int()),
    currency: z.string().optional(),
  })
  .refine(hasCardCode, cardCodeIssue);
export type InterestFreeCard = z.infer<typeof interestFreeCardSchema>;

/** Answer of `GET /v1/promotions/card`. */
export const cardPromotionSchema = z.looseObject({
  discountCards: z.array(discountCardSchema),
  interestFreeCards: z.array(interestFreeCardSchema),
});
/** The gateway's card promotions: discounts and interest-free offers. */
export type CardPromotion = z.infer<typeof cardPromotionSchema>;

export const promotionCardDiscountSchema = z.looseObject({
  issuerCode: z.string(),
  discountAmount: responseAmountSchema,
  minimumPaymentAmount: responseAmountSchema,
  maximumPaymentAmount: responseAmountSchema.nullish(),
  currency: z.string().optional(),
  discountCode: z.string().nullish(),
  dueDate: z.string(),
  balance: responseAmountSchema.nullish(),
});

export const promotionCardInterestFreeSchema = z.looseObject({
  issuerCode: z.string(),
  minimumPaymentAmount: responseAmountSchema,
  currency: z.string().optional(),
  dueDate: z.string(),
  installmentFreeMonths: z.array(z.number().int()),
});

/** Card point promotion: documented by name only, so open. */
export const promotionCardPointSchema = z.looseObject({
  issuerCode: z.string().optional(),
});

export const promotionBankDiscountSchema = z.looseObject({
  type: openEnum(BANK_DISCOUNT_TYPES),
  bankCode: z.string(),
  discountAmount: responseAmountSchema.nullish(),
  /** 0.01–0.3 for FIXED_RATE. */
  discountRate: z.number().nullish(),
  minimumPaymentAmount: responseAmountSchema.nullish(),
  maximumPaymentAmount: responseAmountSchema.nullish(),
  currency: z.string().optional(),
  discountCode: z.string().nullish(),
  dueDate: z.string().nullish(),
});

/**
 * One promotion of `GET /v1/promotions` (the Promotions object): `type` says which detail object
 * (same name) is filled in.
 */
export const promotionSchema = z.looseObject({
  payType: openEnum(PROMOTION_PAY_TYPES),
  type: openEnum(PROMOTION_TYPES),
  cardDiscount: promotionCardDiscountSchema.nullish(),
  cardInterestFree: promotionCardInterestFreeSchema.nullish(),
  cardPoint: promotionCardPointSchema.nullish(),
  bankDiscount: promotionBankDiscountSchema.nullish(),
});
export type Promotion = z.infer<typeof promotionSchema>;

export const promotionListSchema = z.array(promotionSchema);
