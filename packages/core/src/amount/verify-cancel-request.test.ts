import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TosskitError, ValidationError } from '../errors/index.js';
import { PAYMENT_STATUSES, type PaymentStatus } from '../models/index.js';
import { verifyCancelRequest, type CancelablePayment } from './verify-cancel-request.js';

function payment(overrides: Partial<CancelablePayment> = {}): CancelablePayment {
  return {
    status: 'DONE',
    balanceAmount: 10000,
    isPartialCancelable: true,
    method: '카드',
    taxFreeAmount: 0,
    ...overrides,
  };
}

const ACCOUNT = { bank: '88', accountNumber: '12345678901234', holderName: '김토스' };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TosskitError);
    return (err as TosskitError).code;
  }
  return 'NO_ERROR';
}

describe('verifyCancelRequest', () => {
  it('without cancelAmount cancels the whole balance', () => {
    expect(verifyCancelRequest(payment())).toEqual({ cancelAmount: 10000, isFull: true, taxFreeAmount: 0 });
    expect(verifyCancelRequest(payment({ status: 'PARTIAL_CANCELED', balanceAmount: 4000 }), {})).toEqual({
      cancelAmount: 4000,
      isFull: true,
      taxFreeAmount: 0,
    });
  });

  it('accepts a partial cancel up to the balance', () => {
    expect(verifyCancelRequest(payment(), { cancelAmount: 3000 })).toEqual({
      cancelAmount: 3000,
      isFull: false,
      taxFreeAmount: 0,
    });
    expect(verifyCancelRequest(payment(), { cancelAmount: 10000 }).isFull).toBe(true);
  });

  it('refuses more than the balance with CANCEL_AMOUNT_EXCEEDS_BALANCE', () => {
    try {
      verifyCancelRequest(payment({ balanceAmount: 5000, status: 'PARTIAL_CANCELED' }), {
        cancelAmount: 5001,
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).code).toBe('CANCEL_AMOUNT_EXCEEDS_BALANCE');
      expect((err as ValidationError).details).toMatchObject({ balanceAmount: 5000, cancelAmount: 5001 });
    }
  });

  it('refuses a cancel amount that is not a positive whole number', () => {
    for (const cancelAmount of [0, -1, 10.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(codeOf(() => verifyCancelRequest(payment(), { cancelAmount }))).toBe('INVALID_AMOUNT');
    }
  });

  it('refuses a partial cancel when isPartialCancelable is false, but allows the full one', () => {
    const p = payment({ isPartialCancelable: false });
    expect(codeOf(() => verifyCancelRequest(p, { cancelAmount: 1000 }))).toBe('PARTIAL_CANCEL_NOT_ALLOWED');
    expect(verifyCancelRequest(p).isFull).toBe(true);
    expect(verifyCancelRequest(p, { cancelAmount: 10000 }).isFull).toBe(true);
  });

  it('cancels a virtual account waiting for its deposit only in full, without a refund account', () => {
    const p = payment({ status: 'WAITING_FOR_DEPOSIT', method: '가상계좌' });
    expect(codeOf(() => verifyCancelRequest(p, { cancelAmount: 1000 }))).toBe('PARTIAL_CANCEL_NOT_ALLOWED');
    expect(verifyCancelRequest(p)).toEqual({ cancelAmount: 10000, isFull: true, taxFreeAmount: 0 });
  });

  it('needs a refund account for a deposited virtual account', () => {
    for (const status of ['DONE', 'PARTIAL_CANCELED'] as const) {
      const p = payment({ status, method: '가상계좌' });
      expect(codeOf(() => verifyCancelRequest(p))).toBe('REFUND_ACCOUNT_REQUIRED');
      expect(codeOf(() => verifyCancelRequest(p, { refundReceiveAccount: null }))).toBe(
        'REFUND_ACCOUNT_REQUIRED',
      );
      expect(
        codeOf(() =>
          verifyCancelRequest(p, { refundReceiveAccount: { ...ACCOUNT, accountNumber: '123-456' } }),
        ),
      ).toBe('REFUND_ACCOUNT_REQUIRED');
      expect(verifyCancelRequest(p, { refundReceiveAccount: ACCOUNT }).cancelAmount).toBe(10000);
    }
    // a card needs none
    expect(verifyCancelRequest(payment()).cancelAmount).toBe(10000);
  });

  it('lists what is wrong with the refund account', () => {
    try {
      verifyCancelRequest(payment({ method: '가상계좌' }), {
        refundReceiveAccount: { bank: '', accountNumber: 'abc', holderName: 'x'.repeat(61) },
      });
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).details.issues.map((i) => i.path)).toEqual([
        'refundReceiveAccount.bank',
        'refundReceiveAccount.accountNumber',
        'refundReceiveAccount.holderName',
      ]);
    }
  });

  it('keeps the tax-free part within the cancel amount and the remaining tax-free amount', () => {
    const p = payment({ taxFreeAmount: 3000 });
    expect(verifyCancelRequest(p, { cancelAmount: 5000, taxFreeAmount: 3000 }).taxFreeAmount).toBe(3000);
    expect(codeOf(() => verifyCancelRequest(p, { cancelAmount: 5000, taxFreeAmount: 3001 }))).toBe(
      'INVALID_TAX_FREE_AMOUNT',
    );
    expect(codeOf(() => verifyCancelRequest(p, { cancelAmount: 2000, taxFreeAmount: 2500 }))).toBe(
      'INVALID_TAX_FREE_AMOUNT',
    );
    expect(codeOf(() => verifyCancelRequest(p, { taxFreeAmount: -1 }))).toBe('INVALID_TAX_FREE_AMOUNT');
    expect(codeOf(() => verifyCancelRequest(p, { taxFreeAmount: 0.5 }))).toBe('INVALID_TAX_FREE_AMOUNT');
    expect(codeOf(() => verifyCancelRequest(payment(), { taxFreeAmount: 1 }))).toBe(
      'INVALID_TAX_FREE_AMOUNT',
    );
  });

  it.each(PAYMENT_STATUSES.filter((s) => !['DONE', 'PARTIAL_CANCELED', 'WAITING_FOR_DEPOSIT'].includes(s)))(
    'refuses a %s payment with a 409 PAYMENT_NOT_CANCELABLE',
    (status) => {
      try {
        verifyCancelRequest(payment({ status: status as PaymentStatus }));
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(TosskitError);
        expect((err as TosskitError).code).toBe('PAYMENT_NOT_CANCELABLE');
        expect((err as TosskitError).status).toBe(409);
        expect((err as TosskitError).details).toEqual({ status });
      }
    },
  );

  it('refuses a payment with nothing left to cancel', () => {
    expect(codeOf(() => verifyCancelRequest(payment({ status: 'PARTIAL_CANCELED', balanceAmount: 0 })))).toBe(
      'PAYMENT_NOT_CANCELABLE',
    );
  });

  it('property: the accepted partial cancels never add up to more than the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.option(fc.integer({ min: -10, max: 12_000_000 }), { nil: undefined }), { maxLength: 20 }),
        (total, requests) => {
          let p = payment({ balanceAmount: total });
          let canceled = 0;
          for (const cancelAmount of requests) {
            let accepted: number;
            try {
              accepted = verifyCancelRequest(p, { cancelAmount }).cancelAmount;
            } catch (err) {
              if (!(err instanceof TosskitError)) throw err;
              // a refusal must be for a reason the rules give
              if (
                !['INVALID_AMOUNT', 'CANCEL_AMOUNT_EXCEEDS_BALANCE', 'PAYMENT_NOT_CANCELABLE'].includes(
                  err.code,
                )
              ) {
                return false;
              }
              continue;
            }
            canceled += accepted;
            const balance = p.balanceAmount - accepted;
            p = { ...p, balanceAmount: balance, status: balance === 0 ? 'CANCELED' : 'PARTIAL_CANCELED' };
            if (canceled > total || balance < 0) return false;
          }
          return canceled + p.balanceAmount === total;
        },
      ),
    );
  });
});
