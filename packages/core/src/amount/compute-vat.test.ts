import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { computeVat } from './compute-vat.js';

describe('computeVat', () => {
  it.each([
    [15000, 0, 1364, 13636],
    [9026, 0, 821, 8205],
    [30000, 0, 2727, 27273],
    [10000, 3000, 636, 6364],
    [11000, 10000, 91, 909],
    [0, 0, 0, 0],
    [1, 0, 0, 1],
    [6, 0, 1, 5], // 6/11 = 0.545… rounds up
    [5, 0, 0, 5], // 5/11 = 0.454… rounds down
    [11, 0, 1, 10],
    [1000, 1000, 0, 0],
  ] as const)('%i with %i tax-free → vat %i, supplied %i (spec §12)', (amount, taxFree, vat, supplied) => {
    expect(computeVat(amount, taxFree)).toEqual({ vat, suppliedAmount: supplied, taxFreeAmount: taxFree });
  });

  it('defaults taxFreeAmount to 0', () => {
    expect(computeVat(15000)).toEqual({ vat: 1364, suppliedAmount: 13636, taxFreeAmount: 0 });
  });

  it('refuses fractions, negatives and a tax-free part above the amount', () => {
    expect(() => computeVat(100.5)).toThrow(ValidationError);
    expect(() => computeVat(-1)).toThrow(ValidationError);
    expect(() => computeVat(1000, 1001)).toThrow(ValidationError);
    expect(() => computeVat(1000, -1)).toThrow(ValidationError);
    expect(() => computeVat(1000, 0.5)).toThrow(ValidationError);
    expect(() => computeVat(Number.MAX_SAFE_INTEGER + 1)).toThrow(ValidationError);
  });

  it('property: vat + supplied + taxFree === amount, vat ≥ 0, and vat is (amount − taxFree)/11 rounded half up', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: Number.MAX_SAFE_INTEGER })
          .chain((amount) => fc.tuple(fc.constant(amount), fc.integer({ min: 0, max: amount }))),
        ([amount, taxFree]) => {
          const { vat, suppliedAmount, taxFreeAmount } = computeVat(amount, taxFree);
          const taxable = BigInt(amount - taxFree);
          // round half up in exact integer arithmetic: floor((2·taxable + 11) / 22)
          const expectedVat = Number((2n * taxable + 11n) / 22n);
          return (
            vat + suppliedAmount + taxFreeAmount === amount &&
            vat >= 0 &&
            suppliedAmount >= 0 &&
            Number.isSafeInteger(vat) &&
            vat === expectedVat
          );
        },
      ),
    );
  });
});
