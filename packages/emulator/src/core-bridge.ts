/**
 * The few core tables and rules the emulator applies (method names, bank and card codes, VAT, minimum
 * amounts). They live in @tosskit/core; this file adapts them to the emulator's needs.
 */
import {
  BANKS,
  CARD_ISSUERS,
  EASY_PAY_PROVIDERS,
  METHOD_NAME_BY_SDK_METHOD,
  computeVat as coreComputeVat,
  verifyMethodAmount as coreVerifyMethodAmount,
} from '@tosskit/core';
import { gatewayError } from './errors.js';

// The SDK's methods plus EASY_PAY: the emulator's shorthand for a card-window payment made with an easy-pay
// provider (the SDK reaches it through CARD with `easyPay`), answered with method 간편결제.
const METHOD_NAMES: Record<string, string> = { ...METHOD_NAME_BY_SDK_METHOD, EASY_PAY: '간편결제' };

export type SdkMethod = string;

export function methodName(sdkMethod: string): string {
  const name = METHOD_NAMES[sdkMethod];
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

function lookupCode(
  table: Record<string, string> | undefined,
  input: string,
  pattern: RegExp,
): string | null {
  if (table) {
    if (Object.prototype.hasOwnProperty.call(table, input)) return input;
    for (const [code, name] of Object.entries(table)) {
      if (name === input || name.replace(/(은행|카드)$/, '') === input.replace(/(은행|카드)$/, ''))
        return code;
    }
  }
  return pattern.test(input) ? input : null;
}

export function bankCodeOf(input: unknown): string {
  if (typeof input !== 'string' || input === '') throw gatewayError('INVALID_BANK');
  const code = lookupCode(BANKS as Record<string, string>, input, /^\d{2}$/);
  if (code === null) throw gatewayError('INVALID_BANK');
  return code;
}

export function cardIssuerCodeOf(input: unknown): string {
  if (typeof input !== 'string' || input === '') return '11';
  const code = lookupCode(CARD_ISSUERS as Record<string, string>, input, /^[0-9A-Z]{2}$/);
  if (code === null) {
    throw gatewayError('INVALID_REQUEST', {
      ko: `알 수 없는 카드사입니다: ${input}`,
      en: `Unknown card company: ${input}`,
    });
  }
  return code;
}

/** vat = round_half_up((amount - taxFree) / 11), supplied = amount - taxFree - vat, integer math only. */
export function computeVat(amount: number, taxFreeAmount = 0): { vat: number; suppliedAmount: number } {
  const { vat, suppliedAmount } = coreComputeVat(amount, taxFreeAmount);
  return { vat, suppliedAmount };
}

/** BELOW_ZERO_AMOUNT / BELOW_MINIMUM_AMOUNT / INVALID_CURRENCY / EXCEEDS_TRANSFER_AMOUNT_MAXIMUM, by core's rules. */
export function verifyMethodAmount(sdkMethod: string, amount: unknown, currency = 'KRW'): number {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    if (typeof amount === 'number' && amount <= 0) throw gatewayError('BELOW_ZERO_AMOUNT');
    throw gatewayError('INVALID_REQUEST', {
      ko: '금액은 정수여야 합니다.',
      en: 'amount must be an integer.',
    });
  }
  if (amount <= 0) throw gatewayError('BELOW_ZERO_AMOUNT');
  try {
    // EASY_PAY is the emulator's shorthand for an easy-pay payment made through the card window
    coreVerifyMethodAmount(sdkMethod === 'EASY_PAY' ? 'CARD' : sdkMethod, amount, currency);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw gatewayError(typeof code === 'string' && code !== '' ? code : 'INVALID_REQUEST');
  }
  return amount;
}

/** An easy-pay provider as the answers name it (`토스페이`), from an SDK code (`TOSSPAY`) or the name itself. */
export function easyPayProviderName(input: unknown): string {
  if (typeof input !== 'string' || input === '') return '토스페이';
  return (EASY_PAY_PROVIDERS as Record<string, string>)[input.toUpperCase()] ?? input;
}
