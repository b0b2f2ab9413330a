import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmountMismatchError, ConfigurationError, ValidationError } from '../errors/index.js';
import { parseAmount, verifyOrderAmount } from './parse-amount.js';

function rejection(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('parseAmount', () => {
  it.each([
    [1000, 1000],
    ['1000', 1000],
    [1, 1],
    ['1', 1],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    [String(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER],
  ] as const)('accepts %j', (raw, expected) => {
    expect(parseAmount(raw)).toBe(expected);
  });

  it.each([
    '1e3',
    '1000.0',
    '1000.5',
    ' 1000',
    '1000 ',
    '+1000',
    '-1000',
    '01000',
    '0',
    '',
    '1,000',
    '１０００', // full-width digits
    '0x10',
    'NaN',
    'Infinity',
    String(Number.MAX_SAFE_INTEGER + 2),
    '99999999999999999999',
    0,
    -0,
    -1,
    1000.5,
    0.1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.MAX_SAFE_INTEGER + 1,
    1e21,
    null,
    undefined,
    true,
    [1000],
    { value: 1000 },
  ])('rejects %j with INVALID_AMOUNT', (raw) => {
    const err = rejection(() => parseAmount(raw));
    expect(err.code).toBe('INVALID_AMOUNT');
    expect(err.status).toBe(400);
    expect(err.details).toHaveProperty('received');
  });

  it('rejects a bigint', () => {
    expect(rejection(() => parseAmount(10n)).code).toBe('INVALID_AMOUNT');
  });

  it('echoes what it received, short and JSON-safe', () => {
    expect(rejection(() => parseAmount('1e3')).details['received']).toBe('1e3');
    expect(rejection(() => parseAmount(Number.NaN)).details['received']).toBe('NaN');
    expect(rejection(() => parseAmount({ a: 1 })).details['received']).toBe('<object>');
    expect(rejection(() => parseAmount([1])).details['received']).toBe('<array>');
    expect(String(rejection(() => parseAmount('9'.repeat(1000))).details['received']).length).toBeLessThan(
      70,
    );
  });

  it('property: every safe positive integer round-trips through its decimal string and as a number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        return parseAmount(String(n)) === n && parseAmount(n) === n;
      }),
    );
  });

  it('property: a string with any non-digit character is rejected', () => {
    const withNonDigit = fc
      .tuple(
        fc.string(),
        fc.string({ minLength: 1, maxLength: 1 }).filter((c) => !/[0-9]/.test(c)),
        fc.string(),
      )
      .map(([a, c, b]) => `${a}${c}${b}`);
    fc.assert(
      fc.property(withNonDigit, (s) => {
        try {
          parseAmount(s);
          return false;
        } catch (err) {
          return err instanceof ValidationError && err.code === 'INVALID_AMOUNT';
        }
      }),
    );
  });

  it('property: a non-integer or non-positive number is rejected', () => {
    const bad = fc.oneof(
      fc.double().filter((d) => !(Number.isSafeInteger(d) && d > 0)),
      fc.integer({ max: 0 }),
    );
    fc.assert(
      fc.property(bad, (d) => {
        try {
          parseAmount(d);
          return false;
        } catch (err) {
          return err instanceof ValidationError;
        }
      }),
    );
  });
});

describe('verifyOrderAmount', () => {
  it('returns the amount when the browser sent the order amount, as string or number', () => {
    expect(verifyOrderAmount('15000', 15000)).toBe(15000);
    expect(verifyOrderAmount(15000, 15000)).toBe(15000);
  });

  it('throws AmountMismatchError with expected and received when they differ', () => {
    for (const received of ['1500', 1500, '15001', 100]) {
      try {
        verifyOrderAmount(received, 15000);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(AmountMismatchError);
        expect((err as AmountMismatchError).details).toEqual({ expected: 15000, received });
      }
    }
  });

  it('throws INVALID_AMOUNT with expected and received for a malformed amount, even when it reads as the same number', () => {
    for (const received of ['1e3', '1000.0', ' 1000', '01000', -1000, 1000.5, Number.NaN, '']) {
      const err = rejection(() => verifyOrderAmount(received, 1000));
      expect(err.code).toBe('INVALID_AMOUNT');
      expect(err.details['expected']).toBe(1000);
      expect(err.details).toHaveProperty('received');
    }
  });

  it('refuses an invalid order amount from the shop as a configuration error naming orderLookup', () => {
    for (const expected of [0, -5, 10.5, Number.NaN]) {
      expect(() => verifyOrderAmount('10', expected)).toThrow(ConfigurationError);
    }
    try {
      verifyOrderAmount('10', 0);
    } catch (err) {
      expect((err as ConfigurationError).message).toContain('orderLookup');
    }
  });

  it('property: accepts exactly the order amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (expected, other) => {
          if (verifyOrderAmount(String(expected), expected) !== expected) return false;
          if (other === expected) return true;
          try {
            verifyOrderAmount(String(other), expected);
            return false;
          } catch (err) {
            return err instanceof AmountMismatchError;
          }
        },
      ),
    );
  });
});
