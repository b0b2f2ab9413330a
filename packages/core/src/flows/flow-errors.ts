import { messageFor, TOSSKIT_ERRORS, TosskitError, type ErrorDetails } from '../errors/index.js';

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
    messageFor(code, 'ko', params),
    details,
    cause === undefined ? undefined : { cause },
  );
}

const ORDER_ID = /^[A-Za-z0-9_=-]{6,64}$/;

export function verifyOrderId(raw: unknown): string {
  if (raw === undefined || raw === null || raw === '')
    throw flowError('MISSING_PARAMETER', { parameter: 'orderId' });
  if (typeof raw !== 'string' || !ORDER_ID.test(raw)) throw flowError('INVALID_ORDER_ID');
  return raw;
}

export function verifyPaymentKey(raw: unknown): string {
  if (raw === undefined || raw === null || raw === '')
    throw flowError('MISSING_PARAMETER', { parameter: 'paymentKey' });
  // printable ASCII only: it goes into a URL path and an idempotency key
  if (typeof raw !== 'string' || raw.length > 200 || !/^[\x21-\x7e]+$/.test(raw))
    throw flowError('INVALID_PAYMENT_KEY');
  return raw;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
