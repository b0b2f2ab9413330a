import { z } from 'zod';
import { openEnum, responseAmountSchema } from './common.js';
import { CARD_ACQUIRE_STATUSES, CARD_TYPES, INTEREST_PAYERS, OWNER_TYPES } from './enums.js';

/** `Payment.card` (spec §3.3). Codes are 2-character institution codes (CARD_ISSUERS). */
export const cardSchema = z.looseObject({
  /** Amount sent to the issuer; includes `discount.amount`. */
  amount: responseAmountSchema,
  issuerCode: z.string(),
  acquirerCode: z.string().nullish(),
  /** Masked card number, e.g. `12341234****123*`. */
  number: z.string(),
  /** 0 = lump sum. */
  installmentPlanMonths: z.number().int(),
  approveNo: z.string(),
  useCardPoint: z.boolean(),
  cardType: openEnum(CARD_TYPES),
  ownerType: openEnum(OWNER_TYPES),
  acquireStatus: openEnum(CARD_ACQUIRE_STATUSES),
  isInterestFree: z.boolean(),
  interestPayer: openEnum(INTEREST_PAYERS).nullish(),
});
/** The card of a card payment, as the gateway reports it (number masked). */
export type Card = z.infer<typeof cardSchema>;
