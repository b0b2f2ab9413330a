/**
 * Whether a payment may be cancelled in part, and the tax-free arithmetic of a (partial) cancel.
 *
 * Source: docs.tosspayments.com/reference ("결제 취소", `cancelAmount`, `taxFreeAmount`; Payment `isPartialCancelable`,
 * `useEscrow`, `taxExemptionAmount`) and spec §2.3 (/work/shared/spec/toss-api.md): escrow payments and cash-card payments
 * cannot be cancelled in part (403 NOT_ALLOWED_PARTIAL_REFUND), nor a card payment with a `taxExemptionAmount`
 * (e.g. a cup deposit); `isPartialCancelable: false` then means full cancel only. The emulator has no cash cards.
 *
 * Where the docs are silent: a cancel whose taxable part (`cancelAmount − taxFreeAmount`) is more than the taxable
 * balance left. The gateway's answer is not documented; the emulator refuses it (400 INVALID_REQUEST) instead of
 * answering a negative VAT.
 */
import { invalidRequest } from '../errors.js';
import type { PaymentObject } from './types.js';

/** `isPartialCancelable` for an approved payment of this SDK method. */
export function partialCancelable(p: PaymentObject, sdkMethod: string): boolean {
  if (p.useEscrow === true) return false;
  if (sdkMethod === 'CARD' && p.taxExemptionAmount > 0) return false;
  return true;
}

/** Checks a cancel's tax-free part against what is left; returns it (0 when the body names none, the docs' default). */
export function cancelTaxFreePart(
  p: PaymentObject,
  cancelAmount: number,
  requested: number | undefined,
): number {
  const taxFree = requested ?? 0;
  if (taxFree < 0 || taxFree > p.taxFreeAmount || taxFree > cancelAmount) {
    throw invalidRequest('취소할 면세 금액이 올바르지 않습니다.', 'taxFreeAmount of the cancel is invalid.');
  }
  const taxableLeft = p.balanceAmount - p.taxFreeAmount;
  if (cancelAmount - taxFree > taxableLeft) {
    throw invalidRequest(
      `취소 금액 중 과세 금액(${cancelAmount - taxFree}원)이 남은 과세 금액(${taxableLeft}원)보다 큽니다. 면세 금액(taxFreeAmount)을 확인해주세요.`,
      `The taxable part of the cancel (${cancelAmount - taxFree} KRW) exceeds the taxable balance (${taxableLeft} KRW); check taxFreeAmount.`,
    );
  }
  return taxFree;
}
