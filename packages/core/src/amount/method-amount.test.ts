import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import {
  MINIMUM_AMOUNTS,
  TRANSFER_MAX_AMOUNT,
  minimumAmountFor,
  verifyMethodAmount,
} from './method-amount.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).code;
  }
  return 'NO_ERROR';
}

describe('minimum amounts (seed 001)', () => {
  it('are card 100, mobile phone 300, transfer 200, virtual account 1', () => {
    expect(MINIMUM_AMOUNTS).toEqual({ CARD: 100, MOBILE_PHONE: 300, TRANSFER: 200, VIRTUAL_ACCOUNT: 1 });
    expect(TRANSFER_MAX_AMOUNT).toBe(10_000_000);
  });

  it.each([
    ['CARD', 100],
    ['MOBILE_PHONE', 300],
    ['TRANSFER', 200],
    ['VIRTUAL_ACCOUNT', 1],
    ['카드', 100],
    ['휴대폰', 300],
    ['계좌이체', 200],
    ['가상계좌', 1],
    ['간편결제', 100],
    ['CULTURE_GIFT_CERTIFICATE', 1],
  ] as const)('%s: accepts the minimum, refuses one less', (method, minimum) => {
    expect(minimumAmountFor(method)).toBe(minimum);
    expect(verifyMethodAmount(method, minimum)).toBe(minimum);
    if (minimum > 1) {
      expect(codeOf(() => verifyMethodAmount(method, minimum - 1))).toBe('BELOW_MINIMUM_AMOUNT');
    } else {
      expect(codeOf(() => verifyMethodAmount(method, 0))).toBe('INVALID_AMOUNT');
    }
  });

  it('says which method and minimum in the details', () => {
    try {
      verifyMethodAmount('MOBILE_PHONE', 299);
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).details).toMatchObject({
        method: 'MOBILE_PHONE',
        minimum: 300,
        amount: 299,
      });
      expect((err as ValidationError).message).toContain('300');
    }
  });
});

describe('verifyMethodAmount', () => {
  it('caps a transfer at 10,000,000 won', () => {
    expect(verifyMethodAmount('TRANSFER', TRANSFER_MAX_AMOUNT)).toBe(TRANSFER_MAX_AMOUNT);
    expect(codeOf(() => verifyMethodAmount('TRANSFER', TRANSFER_MAX_AMOUNT + 1))).toBe(
      'EXCEEDS_TRANSFER_AMOUNT_MAXIMUM',
    );
    expect(codeOf(() => verifyMethodAmount('계좌이체', 20_000_000))).toBe('EXCEEDS_TRANSFER_AMOUNT_MAXIMUM');
    // the cap is for transfers only
    expect(verifyMethodAmount('CARD', TRANSFER_MAX_AMOUNT + 1)).toBe(TRANSFER_MAX_AMOUNT + 1);
  });

  it('takes KRW only for cards and domestic methods', () => {
    for (const method of ['CARD', 'VIRTUAL_ACCOUNT', 'TRANSFER', 'MOBILE_PHONE', '카드']) {
      expect(codeOf(() => verifyMethodAmount(method, 1000, 'USD'))).toBe('INVALID_CURRENCY');
      expect(codeOf(() => verifyMethodAmount(method, 1000, 'JPY'))).toBe('INVALID_CURRENCY');
      expect(verifyMethodAmount(method, 1000, 'KRW')).toBe(1000);
    }
  });

  it('lets PayPal take USD amounts with cents, and only USD', () => {
    expect(verifyMethodAmount('FOREIGN_EASY_PAY', 726.24, 'USD')).toBe(726.24);
    expect(codeOf(() => verifyMethodAmount('FOREIGN_EASY_PAY', 1000, 'KRW'))).toBe('INVALID_CURRENCY');
    expect(codeOf(() => verifyMethodAmount('FOREIGN_EASY_PAY', -1, 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('refuses malformed KRW amounts', () => {
    for (const amount of [100.5, '1e3', -100, Number.NaN, '0100']) {
      expect(codeOf(() => verifyMethodAmount('CARD', amount))).toBe('INVALID_AMOUNT');
    }
    expect(verifyMethodAmount('CARD', '1000')).toBe(1000);
  });
});
