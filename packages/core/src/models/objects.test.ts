import { describe, expect, it } from 'vitest';
import { formatIssuePath } from '../errors/index.js';
import {
  BILLING,
  CARD_PROMOTION,
  CASH_RECEIPT,
  PROMOTIONS,
  SETTLEMENT,
  TRANSACTIONS,
} from '../testing/fixtures.js';
import {
  billingSchema,
  cardPromotionSchema,
  cashReceiptListSchema,
  cashReceiptSchema,
  failureSchema,
  promotionListSchema,
  promotionSchema,
  settlementListSchema,
  settlementSchema,
  transactionListSchema,
  transactionSchema,
} from './index.js';

describe('Billing, Transaction, Settlement, CashReceipt, promotions, Failure', () => {
  it('Billing parses, keeps unknown fields, and needs billingKey', () => {
    expect(billingSchema.parse({ ...BILLING, future: 1 })).toMatchObject({
      billingKey: BILLING.billingKey,
      future: 1,
    });
    const { billingKey: _dropped, ...rest } = BILLING;
    expect(billingSchema.safeParse(rest).error?.issues.map((i) => formatIssuePath(i.path))).toEqual([
      'billingKey',
    ]);
    // Versions before 2024-06-01 also send cardCompany / cardNumber.
    expect(
      billingSchema.parse({ ...BILLING, cardCompany: '현대', cardNumber: '43300000****123*' }).cardCompany,
    ).toBe('현대');
  });

  it('Transaction rows parse as a list; status is the payment status enum', () => {
    expect(transactionListSchema.parse(TRANSACTIONS)).toHaveLength(2);
    expect(transactionSchema.safeParse({ ...TRANSACTIONS[0], status: 'REFUNDED' }).success).toBe(false);
    expect(
      transactionSchema.parse({ ...TRANSACTIONS[0], customerKey: null, receiptUrl: null }).customerKey,
    ).toBeNull();
  });

  it('Settlement parses with supplyAmount or the older suppliedAmount, and rejects a bad fee', () => {
    expect(settlementListSchema.parse([SETTLEMENT])).toHaveLength(1);
    const { supplyAmount, ...older } = SETTLEMENT;
    expect(settlementSchema.parse({ ...older, suppliedAmount: supplyAmount }).suppliedAmount).toBe(436);
    const bad = settlementSchema.safeParse({ ...SETTLEMENT, fees: [{ type: 'BASE', fee: '480' }] });
    expect(bad.error?.issues.map((i) => formatIssuePath(i.path))).toEqual(['fees[0].fee']);
  });

  it('CashReceipt parses IN_PROGRESS (no number yet) and a cancel record; the list answer parses', () => {
    expect(cashReceiptSchema.parse(CASH_RECEIPT).issueNumber).toBeNull();
    const cancel = cashReceiptSchema.parse({
      ...CASH_RECEIPT,
      receiptKey: `c_${CASH_RECEIPT.receiptKey}`,
      transactionType: 'CANCEL',
      issueStatus: 'COMPLETED',
      issueNumber: '123456789',
      receiptUrl: 'https://dashboard-sandbox.tosspayments.com/receipt/cash',
    });
    expect(cancel.receiptKey.startsWith('c_')).toBe(true);
    expect(
      cashReceiptListSchema.parse({ hasNext: false, lastCursor: null, data: [CASH_RECEIPT] }).data,
    ).toHaveLength(1);
    expect(cashReceiptSchema.safeParse({ ...CASH_RECEIPT, amount: null }).success).toBe(false);
  });

  it('CardPromotion accepts issuerCode or the older companyCode / cardCompany, but needs one', () => {
    expect(cardPromotionSchema.parse(CARD_PROMOTION).discountCards[0]?.issuerCode).toBe('41');
    const { issuerCode: _i, ...withoutCode } = CARD_PROMOTION.discountCards[0]!;
    expect(
      cardPromotionSchema.parse({ ...CARD_PROMOTION, discountCards: [{ ...withoutCode, companyCode: '41' }] })
        .discountCards[0]?.companyCode,
    ).toBe('41');
    const missing = cardPromotionSchema.safeParse({ ...CARD_PROMOTION, discountCards: [withoutCode] });
    expect(missing.error?.issues.map((i) => formatIssuePath(i.path))).toEqual([
      'discountCards[0].issuerCode',
    ]);
  });

  it('Promotions parse with their detail objects', () => {
    const list = promotionListSchema.parse(PROMOTIONS);
    expect(list[1]?.bankDiscount?.discountRate).toBe(0.05);
    expect(promotionSchema.safeParse({ payType: 'NORMAL' }).success).toBe(false);
  });

  it('Failure is {code, message}', () => {
    expect(
      failureSchema.parse({ code: 'NOT_FOUND_PAYMENT', message: '존재하지 않는 결제 정보 입니다.' }).code,
    ).toBe('NOT_FOUND_PAYMENT');
    expect(failureSchema.safeParse({ code: 'X' }).error?.issues[0]?.path).toEqual(['message']);
  });
});
