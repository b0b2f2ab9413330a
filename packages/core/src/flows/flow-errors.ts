import {
  errorMessageFor,
  TOSSKIT_ERRORS,
  TosskitError,
  type ErrorDetails,
  type TosskitErrorCode,
} from '../errors/index.js';
import { ID_PATTERNS, isStorableText, type IdField } from '../models/fields.js';

/** A tosskit error from the catalogue: its status and Korean message, details filled in. */
export function flowError(
  code: keyof typeof TOSSKIT_ERRORS,
  details?: ErrorDetails,
  cause?: unknown,
): TosskitError {
  const entry = TOSSKIT_ERRORS[code];
  const params = details as Record<string, string | number | undefined> | undefined;
  return new TosskitError(
    code,
    entry.status,
    errorMessageFor(code, 'ko', params),
    details,
    cause === undefined ? undefined : { cause },
  );
}

/** The error code of a malformed id, per field: stable, so a client can tell which id was wrong. */
const INVALID_ID_CODES = Object.freeze({
  orderId: 'INVALID_ORDER_ID',
  customerKey: 'INVALID_CUSTOMER_KEY',
  paymentKey: 'INVALID_PAYMENT_KEY',
  billingKey: 'INVALID_BILLING_KEY',
  authKey: 'INVALID_AUTH_KEY',
  transactionKey: 'INVALID_TRANSACTION_KEY',
  receiptKey: 'INVALID_RECEIPT_KEY',
} satisfies Record<IdField, TosskitErrorCode>);

/** True when `raw` is a well-formed `field` (ID_PATTERNS: the gateway's alphabet and length). */
export function isValidId(field: IdField, raw: unknown): raw is string {
  return typeof raw === 'string' && ID_PATTERNS[field].test(raw);
}

/**
 * `raw` as a `field` id, checked against the gateway's alphabet and length before it reaches the ledger or
 * the gateway: a 400 MISSING_PARAMETER when absent, else a 400 with the field's own code when malformed
 * (a NUL byte, a lone surrogate, 10,000 characters, another alphabet).
 */
export function verifyId(field: IdField, raw: unknown): string {
  if (raw === undefined || raw === null || raw === '')
    throw flowError('MISSING_PARAMETER', { parameter: field });
  if (!isValidId(field, raw)) throw flowError(INVALID_ID_CODES[field]);
  return raw;
}

/**
 * Free text from a request that the gateway will keep and tosskit will record (an order name, a reason):
 * a NUL byte or a lone surrogate is a 400 VALIDATION_ERROR naming the field, before the gateway is asked,
 * since a payment the gateway took but the ledger cannot store helps nobody. Other values pass untouched.
 */
export function verifyStorableText(field: string, raw: unknown): void {
  if (typeof raw !== 'string' || isStorableText(raw)) return;
  throw flowError('VALIDATION_ERROR', {
    issues: [{ path: field, message: `${field}에는 NUL 문자나 짝이 없는 서로게이트 문자를 쓸 수 없습니다.` }],
  });
}

export function verifyOrderId(raw: unknown): string {
  return verifyId('orderId', raw);
}

/** Printable ASCII only, at most 200: it goes into a URL path and an idempotency key. */
export function verifyPaymentKey(raw: unknown): string {
  return verifyId('paymentKey', raw);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
