import { ValidationError } from '../errors/index.js';
import { describeReceived } from './parse-amount.js';

/** The VAT split of an amount in integer won: supply value, VAT and the tax-free part. */
export interface VatBreakdown {
  vat: number;
  suppliedAmount: number;
  taxFreeAmount: number;
}

/**
 * VAT and supplied amount the way the gateway computes them (spec §12, seed 000):
 * `vat = round half up((amount − taxFree) / 11)`, `supplied = amount − taxFree − vat`.
 * Integer arithmetic only: the remainder decides the rounding (r/11 ≥ 0.5 ⟺ r ≥ 6), so no float division
 * can shift a won. 15,000 → 1,364 / 13,636; 11,000 with 10,000 tax-free → 91 / 909.
 */
export function computeVat(amount: number, taxFreeAmount = 0): VatBreakdown {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new ValidationError('INVALID_AMOUNT', { received: describeReceived(amount) });
  }
  if (!Number.isSafeInteger(taxFreeAmount) || taxFreeAmount < 0 || taxFreeAmount > amount) {
    throw new ValidationError('INVALID_TAX_FREE_AMOUNT', {
      taxFreeAmount: describeReceived(taxFreeAmount),
      remainingTaxFreeAmount: amount,
    });
  }
  const taxable = amount - taxFreeAmount;
  const remainder = taxable % 11;
  const vat = (taxable - remainder) / 11 + (remainder >= 6 ? 1 : 0);
  return { vat, suppliedAmount: taxable - vat, taxFreeAmount };
}
