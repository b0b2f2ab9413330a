import { ValidationError } from '../errors/index.js';
import { SDK_METHOD_BY_METHOD_NAME, type PaymentMethod, type SdkMethod } from '../models/index.js';
import { describeReceived, tryParseAmount } from './parse-amount.js';

/**
 * Smallest amount per payment method, in won, as the gateway's FAQ states them (seed 001): card 100, mobile
 * phone 300, real-time transfer 200, virtual account 1. Spec §12 says "account-based ≥ 200"; seed 001 is the
 * more specific source and is followed, so a virtual account accepts 1 won. Methods not listed have no
 * documented minimum beyond 1 won.
 */
export const MINIMUM_AMOUNTS = Object.freeze({
  CARD: 100,
  MOBILE_PHONE: 300,
  TRANSFER: 200,
  VIRTUAL_ACCOUNT: 1,
} as const satisfies Partial<Record<SdkMethod, number>>);

/** Largest real-time transfer per payment (spec §12, EXCEEDS_TRANSFER_AMOUNT_MAXIMUM). */
export const TRANSFER_MAX_AMOUNT = 10_000_000;

/** Methods that may be paid in another currency than KRW, and which: PayPal (FOREIGN_EASY_PAY) is USD only. */
const FOREIGN_CURRENCIES: Partial<Record<SdkMethod, readonly string[]>> = { FOREIGN_EASY_PAY: ['USD'] };

function toSdkMethod(method: SdkMethod | PaymentMethod | string): SdkMethod | string {
  if (Object.hasOwn(SDK_METHOD_BY_METHOD_NAME, method)) {
    // 간편결제 runs on cards: the card minimum applies.
    return SDK_METHOD_BY_METHOD_NAME[method as PaymentMethod] ?? 'CARD';
  }
  return method;
}

/** The smallest amount (won) the gateway accepts for a payment method. */
export function minimumAmountFor(method: SdkMethod | PaymentMethod | string): number {
  const sdk = toSdkMethod(method);
  return Object.hasOwn(MINIMUM_AMOUNTS, sdk) ? MINIMUM_AMOUNTS[sdk as keyof typeof MINIMUM_AMOUNTS] : 1;
}

/**
 * Checks an amount against the method's rules before the gateway sees it. `method` is an SDK code (`CARD`) or a
 * Korean response name (`카드`). Throws ValidationError with code `INVALID_CURRENCY` (domestic methods and cards are
 * KRW only), `INVALID_AMOUNT`, `BELOW_MINIMUM_AMOUNT` or `EXCEEDS_TRANSFER_AMOUNT_MAXIMUM`. Returns the amount.
 */
export function verifyMethodAmount(
  method: SdkMethod | PaymentMethod | string,
  amount: unknown,
  currency = 'KRW',
): number {
  const sdk = toSdkMethod(method);
  const foreign = FOREIGN_CURRENCIES[sdk as SdkMethod];
  const allowed = foreign ?? ['KRW'];
  if (!allowed.includes(currency)) {
    throw new ValidationError('INVALID_CURRENCY', { method, currency: describeReceived(currency) });
  }
  if (currency !== 'KRW') {
    // Foreign currencies have cents (e.g. USD 726.24): positive and finite is all we can say.
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) {
      throw new ValidationError('INVALID_AMOUNT', { received: describeReceived(amount) });
    }
    return amount;
  }
  const value = tryParseAmount(amount);
  if (value === undefined)
    throw new ValidationError('INVALID_AMOUNT', { received: describeReceived(amount) });
  const minimum = minimumAmountFor(method);
  if (value < minimum) throw new ValidationError('BELOW_MINIMUM_AMOUNT', { method, minimum, amount: value });
  if (sdk === 'TRANSFER' && value > TRANSFER_MAX_AMOUNT) {
    throw new ValidationError('EXCEEDS_TRANSFER_AMOUNT_MAXIMUM', {
      maximum: TRANSFER_MAX_AMOUNT,
      amount: value,
    });
  }
  return value;
}
