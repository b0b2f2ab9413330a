/**
 * What a confirm's input says beyond paymentKey, orderId and amount: whether it is a BrandPay payment (its own
 * confirm endpoint, with the buyer's customerKey), and whether the amount is one tosskit can take at all.
 */
import { describeReceived } from '../amount/index.js';
import { ValidationError } from '../errors/index.js';
import { verifyCustomerKey } from './billing-flow.js';

/**
 * `paymentType=BRANDPAY` (the widget's success URL; a shop using brandpay() puts it in its successUrl with the
 * customerKey, as the gateway's sample does): the payment is confirmed with POST /v1/brandpay/payments/confirm and
 * the buyer's customerKey. Any other paymentType (NORMAL, KEYIN, none) uses the core confirm.
 */
export function brandpayCustomerKey(input: {
  paymentType?: unknown;
  customerKey?: unknown;
}): string | undefined {
  if (input.paymentType !== 'BRANDPAY') return undefined;
  return verifyCustomerKey(input.customerKey);
}

// "726.24": a decimal amount only a foreign-currency payment (PayPal in USD) can carry on its success URL
const DECIMAL_AMOUNT = /^[0-9]+\.[0-9]+$/;

/**
 * tosskit's orders are priced in whole won (orderLookup), so a foreign-currency payment can never match one: a decimal
 * amount is refused before anything reaches the gateway, with a code that says why (not a bare INVALID_AMOUNT).
 * A foreign payment whose amount happens to be whole is caught after the confirm by its `currency` and compensated.
 */
export function verifyWonAmount(raw: unknown): void {
  const fractional =
    (typeof raw === 'number' && Number.isFinite(raw) && !Number.isInteger(raw)) ||
    (typeof raw === 'string' && DECIMAL_AMOUNT.test(raw));
  if (fractional) throw new ValidationError('UNSUPPORTED_CURRENCY', { received: describeReceived(raw) });
}
