// The options of a payment request that the approved Payment shows: `useEscrow` (the SDK's card, transfer and
// virtualAccount options) and `taxExemptionAmount` (card and virtualAccount options, e.g. a cup deposit).
// Source: docs.tosspayments.com/sdk/v2/js ("requestPayment()", 카드 / 계좌이체 / 가상계좌 parameters) and
// spec §15 (/work/shared/spec/toss-api.md). The docs do not say whether a top-level taxExemptionAmount is read:
// the emulator reads only the per-method options.
import type { PaymentSessionRequest } from './sessions.js';
import { WindowRequestError } from './sessions.js';

/** A taxExemptionAmount option: a whole won amount between 0 and the payment amount. */
export function verifyTaxExemption(value: unknown, amount: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > amount) {
    throw new WindowRequestError(
      'INVALID_PARAMETER',
      'taxExemptionAmount는 0 이상 결제 금액 이하의 정수여야 합니다.',
    );
  }
  return value;
}

/** What the authorization carries from the request's method options. */
export function windowOptions(p: PaymentSessionRequest): {
  useEscrow?: boolean;
  taxExemptionAmount?: number;
} {
  const out: { useEscrow?: boolean; taxExemptionAmount?: number } = {};
  const options =
    p.method === 'CARD'
      ? p.card
      : p.method === 'TRANSFER'
        ? p.transfer
        : p.method === 'VIRTUAL_ACCOUNT'
          ? p.virtualAccount
          : undefined;
  if (options?.useEscrow !== undefined) out.useEscrow = options.useEscrow;
  const exemption = (options as { taxExemptionAmount?: number } | undefined)?.taxExemptionAmount;
  if (exemption !== undefined) out.taxExemptionAmount = exemption;
  return out;
}
