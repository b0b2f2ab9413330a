/**
 * Amounts in the currencies the gateway takes, kept exact: every computation on an amount runs on integer minor units
 * (won, cents) and only the answer is written back as the JSON number the API shows (`726.24`).
 *
 * Source: docs.tosspayments.com/reference ("Payment 객체", `currency`, `totalAmount`), the v1.4 note in spec §12 ("amounts are JSON numbers and may be fractional for foreign currency, e.g. USD
 * 726.24") and a PayPal payment quoted on the developer forum (techchat 1237958998343417856: USD, totalAmount 726.24,
 * a partial cancel of 181.56, vat 49.52 on the 544.68 left). KRW and JPY have no minor unit; USD has cents.
 * Where the docs are silent: other currencies (foreign cards also take JPY; nothing else is documented).
 */
import { gatewayError } from '../errors.js';

export const CURRENCY_DECIMALS: Readonly<Record<string, number>> = Object.freeze({ KRW: 0, USD: 2, JPY: 0 });

/** 10^decimals of a currency the emulator knows; INVALID_CURRENCY otherwise. */
function scaleOf(currency: string): number {
  const decimals = CURRENCY_DECIMALS[currency];
  if (decimals === undefined) throw gatewayError('INVALID_CURRENCY');
  return 10 ** decimals;
}

/**
 * The amount in minor units, or undefined when it is not a number with at most the currency's decimals
 * (`726.24` USD → 72624; `10.005` USD and `1000.5` KRW → undefined).
 */
export function toMinorUnits(amount: number, currency: string): number | undefined {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return undefined;
  const scale = scaleOf(currency);
  const minor = Math.round(amount * scale);
  // a binary float of a 2-decimal amount is off by far less than a thousandth of a cent
  if (!Number.isSafeInteger(minor) || Math.abs(amount * scale - minor) > 1e-6) return undefined;
  return minor;
}

/** Minor units back to the API's number (72624 → 726.24). */
export function fromMinorUnits(minor: number, currency: string): number {
  const scale = scaleOf(currency);
  if (scale === 1) return minor;
  // string formatting avoids 0.1 + 0.2 style artefacts in the answer
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const digits = String(scale).length - 1;
  const whole = Math.floor(abs / scale);
  const cents = String(abs % scale).padStart(digits, '0');
  return Number(`${sign}${whole}.${cents}`);
}

/** Reads an amount field of a request body in the payment's currency: a number or a decimal string. */
export function readAmount(raw: unknown, currency: string): number | undefined {
  const value = typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number') return undefined;
  return toMinorUnits(value, currency) === undefined ? undefined : value;
}
