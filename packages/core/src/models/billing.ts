import { z } from 'zod';
import { openEnum } from './common.js';
import { CARD_TYPES, OWNER_TYPES, PAYMENT_METHODS } from './enums.js';

/** `Billing.card`. */
export const billingCardSchema = z.looseObject({
  issuerCode: z.string(),
  acquirerCode: z.string().nullish(),
  number: z.string(),
  cardType: openEnum(CARD_TYPES),
  ownerType: openEnum(OWNER_TYPES),
});
export type BillingCard = z.infer<typeof billingCardSchema>;

/** `Billing.transfers` (transfer billing). */
export const billingTransferSchema = z.looseObject({
  bankName: z.string().nullish(),
  bankAccountNumber: z.string().nullish(),
});

/**
 * The Billing object (spec §3.5): answer of billing-key issue. Store `billingKey`: it cannot be
 * fetched again. `cardCompany`/`cardNumber` exist only before version 2024-06-01.
 */
export const billingSchema = z.looseObject({
  mId: z.string(),
  customerKey: z.string(),
  authenticatedAt: z.string(),
  /** `카드`, or `계좌이체` for transfer billing. */
  method: openEnum(PAYMENT_METHODS),
  billingKey: z.string().min(1).max(200),
  card: billingCardSchema.nullish(),
  transfers: z.union([billingTransferSchema, z.array(billingTransferSchema)]).nullish(),
  cardCompany: z.string().nullish(),
  cardNumber: z.string().nullish(),
});
/** The gateway's Billing object (a billing key and its card). */
export type Billing = z.infer<typeof billingSchema>;
