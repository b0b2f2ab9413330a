import { describe, expect, it } from 'vitest';
import { ValidationError, isTosskitError } from '../errors/index.js';
import {
  DONE_CARD_PAYMENT,
  EXPIRED_PAYMENT,
  PARTIAL_CANCELED_PAYMENT,
  SEED_004_CONFIRM_RESPONSE,
  WAITING_FOR_DEPOSIT_VIRTUAL_ACCOUNT_PAYMENT,
  makeDoneCardPayment,
} from '../testing/fixtures.js';
import {
  cancelSchema,
  cardSchema,
  lastTransactionKeyOf,
  parseModel,
  paymentSchema,
  virtualAccountSchema,
  type Payment,
} from './index.js';

/** Paths of the issues a failed parse reports, in the `a.b[0].c` form. */
function issuePaths(value: unknown): string[] {
  try {
    parseModel(paymentSchema, value);
  } catch (error) {
    if (!isTosskitError(error)) throw error;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.status).toBe(400);
    return (error.details?.['issues'] as { path: string }[]).map((i) => i.path);
  }
  throw new Error('expected the payment to be rejected');
}

describe('paymentSchema', () => {
  it('parses the 1.3 confirm answer of seed 004 (virtual account, transactionKey, bank name)', () => {
    const payment = paymentSchema.parse(SEED_004_CONFIRM_RESPONSE);
    expect(payment.status).toBe('WAITING_FOR_DEPOSIT');
    expect(payment.secret).toBe('ps_시크릿_값');
    expect(payment.virtualAccount?.bank).toBe('국민');
    expect(payment.virtualAccount?.accountNumber).toBe('X65659014474172');
    expect(payment.cashReceipt?.amount).toBe(3000);
    expect(lastTransactionKeyOf(payment)).toBe('{트랜잭션_키}');
  });

  it('parses the fixtures: DONE card, WAITING_FOR_DEPOSIT virtual account, PARTIAL_CANCELED, EXPIRED', () => {
    expect(paymentSchema.parse(DONE_CARD_PAYMENT).card?.issuerCode).toBe('41');
    expect(paymentSchema.parse(WAITING_FOR_DEPOSIT_VIRTUAL_ACCOUNT_PAYMENT).secret).toMatch(/^ps_/);
    const partial = paymentSchema.parse(PARTIAL_CANCELED_PAYMENT);
    expect(partial.cancels).toHaveLength(1);
    expect(partial.balanceAmount).toBe(20000);
    expect(lastTransactionKeyOf(partial)).toBe(partial.cancels?.[0]?.transactionKey);
    const expired = paymentSchema.parse(EXPIRED_PAYMENT);
    expect(expired.method).toBeNull();
    expect(expired.useEscrow).toBeNull();
    expect(expired.failure?.code).toBe('EXPIRED_PAYMENT');
  });

  it('keeps unknown fields at every level', () => {
    const input = {
      ...makeDoneCardPayment(),
      brandNewField: { nested: true },
      card: { ...makeDoneCardPayment().card, cardNetwork: 'VISA' },
    };
    const parsed = paymentSchema.parse(input) as Payment & { brandNewField: unknown };
    expect(parsed.brandNewField).toEqual({ nested: true });
    expect((parsed.card as Record<string, unknown>)['cardNetwork']).toBe('VISA');
  });

  it('accepts null for every nullable method sub-object and for method itself', () => {
    const parsed = paymentSchema.parse(EXPIRED_PAYMENT);
    for (const key of [
      'card',
      'virtualAccount',
      'mobilePhone',
      'giftCertificate',
      'transfer',
      'easyPay',
    ] as const) {
      expect(parsed[key]).toBeNull();
    }
  });

  it('requires the method sub-objects to be present (null, not absent)', () => {
    const { transfer: _dropped, ...withoutTransfer } = makeDoneCardPayment();
    expect(issuePaths(withoutTransfer)).toEqual(['transfer']);
  });

  it('accepts fractional amounts of foreign-currency payments', () => {
    const usd = makeDoneCardPayment({ currency: 'USD', totalAmount: 726.24, balanceAmount: 726.24 });
    expect(paymentSchema.parse(usd).totalAmount).toBe(726.24);
  });

  it('accepts method sub-objects of every kind', () => {
    const base = makeDoneCardPayment({ card: null });
    const withAll = {
      ...base,
      method: '간편결제',
      easyPay: { provider: '토스페이', amount: 0, discountAmount: 0 },
      transfer: { bankCode: '88', settlementStatus: 'INCOMPLETED' },
      mobilePhone: {
        customerMobilePhone: '01012345678',
        settlementStatus: 'COMPLETED',
        receiptUrl: 'https://example.test/r',
      },
      giftCertificate: { approveNo: '12345678', settlementStatus: 'INCOMPLETED' },
      discount: { amount: 1000 },
      metadata: { campaign: 'winter' },
      cashReceipts: [],
    };
    const parsed = paymentSchema.parse(withAll);
    expect(parsed.easyPay?.provider).toBe('토스페이');
    expect(parsed.transfer?.bankCode).toBe('88');
  });

  it('reports a missing required field with its path', () => {
    const { paymentKey: _dropped, ...noKey } = makeDoneCardPayment();
    expect(issuePaths(noKey)).toEqual(['paymentKey']);
  });

  it('reports a wrong type with its path, also deep inside', () => {
    expect(issuePaths({ ...makeDoneCardPayment(), totalAmount: '15000' })).toEqual(['totalAmount']);
    const badCancel = makeDoneCardPayment({
      status: 'PARTIAL_CANCELED',
      cancels: [{ ...PARTIAL_CANCELED_PAYMENT.cancels![0]!, cancelAmount: 'ten' as unknown as number }],
    });
    expect(issuePaths(badCancel)).toEqual(['cancels[0].cancelAmount']);
  });

  it('rejects an unknown status (the state machine depends on it)', () => {
    expect(issuePaths({ ...makeDoneCardPayment(), status: 'SETTLED' })).toEqual(['status']);
  });

  it('accepts enum values the gateway may add later in open enumerations', () => {
    const parsed = paymentSchema.parse(
      makeDoneCardPayment({
        card: { ...DONE_CARD_PAYMENT.card!, cardType: '선불', acquireStatus: 'PARTIAL' },
      }),
    );
    expect(parsed.card?.cardType).toBe('선불');
  });
});

describe('sub-object schemas', () => {
  it('virtualAccount needs bankCode (or the legacy bank name)', () => {
    const va = { ...WAITING_FOR_DEPOSIT_VIRTUAL_ACCOUNT_PAYMENT.virtualAccount! } as Record<string, unknown>;
    delete va['bankCode'];
    const result = virtualAccountSchema.safeParse(va);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['bankCode']);
  });

  it('virtualAccount keeps the refund account the buyer typed in', () => {
    const va = virtualAccountSchema.parse({
      ...WAITING_FOR_DEPOSIT_VIRTUAL_ACCOUNT_PAYMENT.virtualAccount!,
      refundReceiveAccount: { bankCode: '88', accountNumber: '110123456789', holderName: '김토스' },
    });
    expect(va.refundReceiveAccount?.holderName).toBe('김토스');
  });

  it('card rejects a non-integer installment plan', () => {
    expect(cardSchema.safeParse({ ...DONE_CARD_PAYMENT.card!, installmentPlanMonths: 1.5 }).success).toBe(
      false,
    );
  });

  it('cancel needs its transactionKey', () => {
    const { transactionKey: _dropped, ...rest } = PARTIAL_CANCELED_PAYMENT.cancels![0]!;
    const result = cancelSchema.safeParse(rest);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['transactionKey']);
  });
});
