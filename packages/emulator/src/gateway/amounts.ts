/**
 * The gateway's amount rules: VAT and supplied amount, the smallest amount per method, the transfer ceiling, and
 * which currency each method takes.
 */
import { gatewayError } from '../errors.js';
import { fromMinorUnits, toMinorUnits } from './currencies.js';

/**
 * Smallest amount per method, in won. Source: the gateway's technical FAQ (docs.tosspayments.com/resources/faq,
 * "결제수단별 최소 결제 가능 금액": 신용/체크카드 100원, 휴대폰 300원, 실시간 계좌이체 200원, 가상계좌 1원; also in
 * seed 001). The BELOW_MINIMUM_AMOUNT message ("계좌는 200원이상") and spec §12 lump every account method at 200 won;
 * the FAQ names each method and is followed. The docs are silent on gift certificates: any positive amount.
 */
export const MINIMUM_AMOUNTS: Readonly<Record<string, number>> = Object.freeze({
  CARD: 100,
  MOBILE_PHONE: 300,
  TRANSFER: 200,
  VIRTUAL_ACCOUNT: 1,
});

/**
 * Largest real-time transfer per payment: 10,000,000 won (EXCEEDS_TRANSFER_AMOUNT_MAXIMUM,
 * docs.tosspayments.com/reference/error-codes; spec §12).
 */
export const TRANSFER_MAX_AMOUNT = 10_000_000;

/**
 * Currencies per method: cards and every domestic method take KRW only (FAQ "원화 결제만 허용"); PayPal
 * (FOREIGN_EASY_PAY) takes USD (docs.tosspayments.com/guides/v2/payment-window/integration-foreign, spec §11).
 */
const CURRENCIES_BY_METHOD: Readonly<Record<string, readonly string[]>> = { FOREIGN_EASY_PAY: ['USD'] };

/** The smallest amount the gateway takes for an SDK method (EASY_PAY runs on cards). */
export function minimumAmount(sdkMethod: string): number {
  const method = sdkMethod === 'EASY_PAY' ? 'CARD' : sdkMethod;
  return MINIMUM_AMOUNTS[method] ?? 1;
}

/**
 * VAT the way the gateway splits an amount: `vat = round half up((amount − taxFree) / 11)`,
 * `suppliedAmount = amount − taxFree − vat`. Source: docs.tosspayments.com/reference ("Payment 객체", fields `vat`,
 * `suppliedAmount`, `taxFreeAmount`), spec §12 (15,000 → 1,364 / 13,636) and the forum case in spec §12
 * (11,000 with 10,000 tax-free → vat 91, supplied 909). Integer arithmetic: the remainder of the division by 11
 * decides the rounding (r/11 ≥ 0.5 exactly when r ≥ 6).
 */
export function computeVat(
  amount: number,
  taxFreeAmount = 0,
  currency = 'KRW',
): { vat: number; suppliedAmount: number } {
  if (currency !== 'KRW') {
    // Foreign amounts: the same rule on minor units (cents), e.g. 544.68 USD → vat 49.52, supplied 495.16 (forum
    // techchat 1237958998343417856).
    const minor = computeVat(toMinorUnits(amount, currency) ?? 0, toMinorUnits(taxFreeAmount, currency) ?? 0);
    return {
      vat: fromMinorUnits(minor.vat, currency),
      suppliedAmount: fromMinorUnits(minor.suppliedAmount, currency),
    };
  }
  const taxable = amount - taxFreeAmount;
  const remainder = taxable % 11;
  const vat = (taxable - remainder) / 11 + (remainder >= 6 ? 1 : 0);
  return { vat, suppliedAmount: taxable - vat };
}

/**
 * Checks an amount for a method the way the gateway refuses it: BELOW_ZERO_AMOUNT, INVALID_REQUEST (not an
 * integer), INVALID_CURRENCY, BELOW_MINIMUM_AMOUNT or EXCEEDS_TRANSFER_AMOUNT_MAXIMUM. Returns the amount.
 */
export function verifyMethodAmount(sdkMethod: string, amount: unknown, currency = 'KRW'): number {
  const allowed = CURRENCIES_BY_METHOD[sdkMethod] ?? ['KRW'];
  if (currency !== 'KRW') {
    if (!allowed.includes(currency)) throw gatewayError('INVALID_CURRENCY');
    if (typeof amount === 'number' && amount <= 0) throw gatewayError('BELOW_ZERO_AMOUNT');
    // a foreign amount has at most its currency's decimals (USD: cents); the docs give no minimum for PayPal
    if (typeof amount !== 'number' || toMinorUnits(amount, currency) === undefined)
      throw gatewayError('INVALID_REQUEST', {
        ko: `금액은 ${currency}의 소수 자릿수를 넘을 수 없습니다.`,
        en: `amount has more decimals than ${currency} allows.`,
      });
    return amount;
  }
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    if (typeof amount === 'number' && amount <= 0) throw gatewayError('BELOW_ZERO_AMOUNT');
    throw gatewayError('INVALID_REQUEST', {
      ko: '금액은 정수여야 합니다.',
      en: 'amount must be an integer.',
    });
  }
  if (amount <= 0) throw gatewayError('BELOW_ZERO_AMOUNT');
  if (!allowed.includes(currency)) throw gatewayError('INVALID_CURRENCY');
  if (amount < minimumAmount(sdkMethod)) throw gatewayError('BELOW_MINIMUM_AMOUNT');
  if (sdkMethod === 'TRANSFER' && amount > TRANSFER_MAX_AMOUNT)
    throw gatewayError('EXCEEDS_TRANSFER_AMOUNT_MAXIMUM');
  return amount;
}
