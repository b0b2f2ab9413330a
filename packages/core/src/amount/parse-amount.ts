import { AmountMismatchError, ConfigurationError, ValidationError } from '../errors/index.js';

// Digits only, no sign, no leading zero, no spaces, no exponent or decimal point: the one spelling of a
// whole number of won. "01000" is refused rather than read as 1000 so that two spellings never name one amount.
const PLAIN_POSITIVE_INTEGER = /^[1-9][0-9]*$/;
const MAX_ECHO_LENGTH = 64;

/** What `received` shows of a rejected value: short, JSON-safe, and never a whole object. */
export function describeReceived(raw: unknown): string | number | boolean | null {
  if (typeof raw === 'string')
    return raw.length > MAX_ECHO_LENGTH ? `${raw.slice(0, MAX_ECHO_LENGTH)}…` : raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : String(raw);
  if (typeof raw === 'boolean' || raw === null) return raw;
  if (raw === undefined) return null;
  if (typeof raw === 'bigint') return `${raw}n`;
  return Array.isArray(raw) ? '<array>' : `<${typeof raw}>`;
}

/** The amount if `raw` is a plain positive safe integer, else undefined. */
export function tryParseAmount(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw > 0 ? raw : undefined;
  if (typeof raw === 'string' && PLAIN_POSITIVE_INTEGER.test(raw)) {
    const value = Number(raw);
    return Number.isSafeInteger(value) ? value : undefined;
  }
  return undefined;
}

/**
 * A whole, positive number of won from a JSON number or a decimal string of digits (a query-string `amount`).
 * Refused with ValidationError `INVALID_AMOUNT` (details `{ received }`): 0, negatives, fractions, NaN, Infinity,
 * anything above Number.MAX_SAFE_INTEGER, "1e3", "1000.0", " 1000", "+1000", "01000", "", arrays, objects.
 */
export function parseAmount(raw: unknown): number {
  const value = tryParseAmount(raw);
  if (value === undefined) throw new ValidationError('INVALID_AMOUNT', { received: describeReceived(raw) });
  return value;
}

/**
 * The browser's amount checked against the order's own amount (never trust the browser, seed 000).
 * A malformed amount is a ValidationError `INVALID_AMOUNT`, a different one an AmountMismatchError; both carry
 * `{ expected, received }`. An invalid `expected` is a programming error of the shop (its orderLookup).
 */
export function verifyOrderAmount(received: unknown, expected: number): number {
  if (!Number.isSafeInteger(expected) || expected <= 0) {
    throw new ConfigurationError(
      'CONFIGURATION_ERROR',
      `orderLookup returned an order amount of ${String(expected)}: it must be a positive whole number of won.`,
      { option: 'orderLookup' },
    );
  }
  const value = tryParseAmount(received);
  if (value === undefined) {
    throw new ValidationError('INVALID_AMOUNT', { expected, received: describeReceived(received) });
  }
  if (value !== expected) throw new AmountMismatchError(expected, describeReceived(received));
  return value;
}
