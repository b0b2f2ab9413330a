/**
 * Reads the method, bank, card company and easy-pay provider of a request the way the gateway does: a code, a
 * Korean name (with or without 은행/카드) or an SDK code, refused with the gateway's code when unknown.
 */
import { gatewayError } from '../errors.js';
import { BANK_NAMES, CARD_ISSUER_NAMES, EASY_PAY_PROVIDERS } from './institutions.js';
import { METHOD_NAMES } from './methods.js';

export function methodName(sdkMethod: string): string {
  const name = METHOD_NAMES[sdkMethod as keyof typeof METHOD_NAMES];
  if (name === undefined)
    throw gatewayError('INVALID_REQUEST', {
      ko: `지원하지 않는 결제수단입니다: ${sdkMethod}`,
      en: `Unsupported method: ${sdkMethod}`,
    });
  return name;
}

/** Accepts an SDK method ('CARD'), a Korean response name ('카드') or an English alias. */
export function normalizeSdkMethod(input: string | undefined): string {
  if (input === undefined || input === '') return 'CARD';
  const upper = input.toUpperCase();
  if (upper in METHOD_NAMES) return upper;
  for (const [sdk, ko] of Object.entries(METHOD_NAMES)) if (ko === input) return sdk;
  if (upper === 'TOSSPAY' || upper === 'EASYPAY') return 'EASY_PAY';
  throw gatewayError('INVALID_REQUEST', {
    ko: `지원하지 않는 결제수단입니다: ${input}`,
    en: `Unsupported method: ${input}`,
  });
}

function lookupCode(table: Readonly<Record<string, string>>, input: string, pattern: RegExp): string | null {
  if (Object.prototype.hasOwnProperty.call(table, input)) return input;
  for (const [code, name] of Object.entries(table)) {
    if (name === input || name.replace(/(은행|카드)$/, '') === input.replace(/(은행|카드)$/, '')) return code;
  }
  return pattern.test(input) ? input : null;
}

/** A bank code from a code or a Korean name; INVALID_BANK otherwise. */
export function bankCodeOf(input: unknown): string {
  if (typeof input !== 'string' || input === '') throw gatewayError('INVALID_BANK');
  const code = lookupCode(BANK_NAMES, input, /^\d{2}$/);
  if (code === null) throw gatewayError('INVALID_BANK');
  return code;
}

/** A card issuer code from a code or a Korean name; 국민 (11) when none is given. */
export function cardIssuerCodeOf(input: unknown): string {
  if (typeof input !== 'string' || input === '') return '11';
  const code = lookupCode(CARD_ISSUER_NAMES, input, /^[0-9A-Z]{2}$/);
  if (code === null) {
    throw gatewayError('INVALID_REQUEST', {
      ko: `알 수 없는 카드사입니다: ${input}`,
      en: `Unknown card company: ${input}`,
    });
  }
  return code;
}

/** An easy-pay provider as the answers name it (`토스페이`), from an SDK code (`TOSSPAY`) or the name itself. */
export function easyPayProviderName(input: unknown): string {
  if (typeof input !== 'string' || input === '') return '토스페이';
  return EASY_PAY_PROVIDERS[input.toUpperCase()] ?? input;
}
