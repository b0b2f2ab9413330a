// The amount of a window request and the foreignEasyPay block: which currency each method takes and how precise.
import { toMinorUnits } from '../gateway/currencies.js';
import { WindowRequestError } from './sessions.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Currencies per SDK method: KRW everywhere, USD for FOREIGN_EASY_PAY (PayPal; SDK typings "KRW only (USD for
 * PayPal)", docs.tosspayments.com/guides/paypal: `currency: 'USD'`, amount 664.98). USD amounts have cents.
 */
const WINDOW_CURRENCIES: Readonly<Record<string, string>> = { FOREIGN_EASY_PAY: 'USD' };

export function verifyAmount(value: unknown, method = 'CARD'): { currency: string; value: number } {
  if (!isObject(value))
    throw new WindowRequestError('INVALID_AMOUNT_VALUE', 'amount는 { currency, value } 형태여야 합니다.');
  const currency = WINDOW_CURRENCIES[method] ?? 'KRW';
  if (value.currency !== currency)
    throw new WindowRequestError(
      'INVALID_AMOUNT_CURRENCY',
      currency === 'KRW'
        ? '지원하지 않는 통화입니다. 원화(KRW)만 결제할 수 있습니다.'
        : `지원하지 않는 통화입니다. ${method}는 ${currency}로만 결제할 수 있습니다.`,
    );
  const v = value.value;
  if (typeof v === 'number' && v <= 0)
    throw new WindowRequestError('BELOW_ZERO_AMOUNT', '결제 금액은 0보다 커야 합니다.');
  if (typeof v !== 'number' || toMinorUnits(v, currency) === undefined) {
    throw new WindowRequestError(
      'INVALID_AMOUNT_VALUE',
      currency === 'KRW'
        ? '결제 금액은 정수(원 단위)여야 합니다.'
        : `결제 금액은 ${currency} 소수 둘째 자리까지 쓸 수 있습니다.`,
    );
  }
  return { currency, value: v };
}

/** The foreignEasyPay block FOREIGN_EASY_PAY requires: provider and the buyer's ISO-3166 country. */
export function verifyForeignEasyPay(value: unknown): { provider: string; country: string } {
  if (!isObject(value))
    throw new WindowRequestError(
      'INVALID_PARAMETER',
      'FOREIGN_EASY_PAY에는 foreignEasyPay 파라미터가 필요합니다.',
    );
  // The SDK lists more providers but says only PAYPAL and PAYPAY are live; the emulator has PayPal only.
  if (value.provider !== 'PAYPAL')
    throw new WindowRequestError(
      'NOT_SUPPORTED_METHOD',
      `에뮬레이터는 해외간편결제 중 PayPal(PAYPAL)만 지원합니다: ${String(value.provider)}`,
    );
  if (typeof value.country !== 'string' || !/^[A-Z]{2}$/.test(value.country))
    throw new WindowRequestError(
      'INVALID_PARAMETER',
      'foreignEasyPay.country는 ISO-3166 두 자리 국가 코드여야 합니다 (예: US).',
    );
  return { provider: value.provider, country: value.country };
}
