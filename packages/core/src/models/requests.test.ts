import { describe, expect, it } from 'vitest';
import { formatIssuePath } from '../errors/index.js';
import type { z } from 'zod';
import {
  ANONYMOUS_CUSTOMER_KEY,
  billingCardAuthorizationRequestSchema,
  billingChargeRequestSchema,
  billingIssueRequestSchema,
  cancelRequestSchema,
  cashReceiptCancelRequestSchema,
  cashReceiptRequestSchema,
  confirmRequestSchema,
  customerEmailSchema,
  customerKeySchema,
  customerMobilePhoneSchema,
  keyInRequestSchema,
  metadataSchema,
  orderIdSchema,
  orderNameSchema,
  paymentKeySchema,
  paymentWindowRequestSchema,
  virtualAccountRequestSchema,
} from './index.js';

/** The issue paths of a failed parse (`[]` when it parsed). */
function paths(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => formatIssuePath(i.path));
}

const confirm = { paymentKey: 'tviva20261122103015Kq7Wd', orderId: 'order-20261122-0001', amount: 15000 };

describe('field schemas', () => {
  it('orderId: 6–64 of A-Z a-z 0-9 _ = -', () => {
    expect(orderIdSchema.safeParse('abc-_=XYZ09').success).toBe(true);
    expect(orderIdSchema.safeParse('a'.repeat(6)).success).toBe(true);
    expect(orderIdSchema.safeParse('a'.repeat(64)).success).toBe(true);
    expect(orderIdSchema.safeParse('a'.repeat(5)).success).toBe(false);
    expect(orderIdSchema.safeParse('a'.repeat(65)).success).toBe(false);
    for (const bad of ['order.0001', 'order 0001', '주문번호00001', 'order/0001', 'order#0001']) {
      expect(orderIdSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(orderIdSchema.safeParse(123456).success).toBe(false);
  });

  it('an over-long or badly formed orderId fails with path orderId and a message naming the rule', () => {
    const long = confirmRequestSchema.safeParse({ ...confirm, orderId: 'x'.repeat(65) });
    expect(long.success).toBe(false);
    expect(long.error?.issues.map((i) => [formatIssuePath(i.path), i.message])).toEqual([
      ['orderId', 'orderId는 64자 이하여야 합니다.'],
    ]);
    expect(paths(confirmRequestSchema, { ...confirm, orderId: 'order.0001' })).toEqual(['orderId']);
  });

  it('orderName: 1–100 characters', () => {
    expect(orderNameSchema.safeParse('우유 외 1건').success).toBe(true);
    expect(orderNameSchema.safeParse('').success).toBe(false);
    expect(orderNameSchema.safeParse('가'.repeat(100)).success).toBe(true);
    expect(orderNameSchema.safeParse('가'.repeat(101)).success).toBe(false);
  });

  it('customerKey: 2–50 of A-Z a-z 0-9 - _ = . @, and @@ANONYMOUS', () => {
    expect(customerKeySchema.safeParse(ANONYMOUS_CUSTOMER_KEY).success).toBe(true);
    expect(customerKeySchema.safeParse('cus_7Hq2-Lp.X9=@a').success).toBe(true);
    expect(customerKeySchema.safeParse('a').success).toBe(false);
    expect(customerKeySchema.safeParse('a'.repeat(51)).success).toBe(false);
    expect(customerKeySchema.safeParse('cus 1').success).toBe(false);
    expect(customerKeySchema.safeParse('cus!1').success).toBe(false);
  });

  it('paymentKey: 1–200 characters', () => {
    expect(paymentKeySchema.safeParse('k'.repeat(200)).success).toBe(true);
    expect(paymentKeySchema.safeParse('k'.repeat(201)).success).toBe(false);
    expect(paymentKeySchema.safeParse('').success).toBe(false);
  });

  it('metadata: ≤5 keys, key ≤40 without [ ], value ≤2000', () => {
    const five = { a: '1', b: '2', c: '3', d: '4', e: '5' };
    expect(metadataSchema.safeParse(five).success).toBe(true);
    expect(paths(metadataSchema, { ...five, f: '6' })).toEqual(['']);
    expect(metadataSchema.safeParse({ ...five, f: '6' }).error?.issues[0]?.message).toContain('5개');
    expect(paths(metadataSchema, { ['k'.repeat(41)]: 'v' })).toEqual(['k'.repeat(41)]);
    expect(paths(metadataSchema, { 'a[0]': 'v' })).toEqual(['["a[0]"]']);
    expect(paths(metadataSchema, { note: 'v'.repeat(2001) })).toEqual(['note']);
    expect(metadataSchema.safeParse({ note: 'v'.repeat(2000), ['k'.repeat(40)]: 'x' }).success).toBe(true);
  });

  it('metadata with 6 keys inside a request body fails at path metadata', () => {
    const request = {
      method: 'CARD',
      amount: { currency: 'KRW', value: 15000 },
      orderId: 'order-20261122-0001',
      orderName: '유기농 우유 외 2건',
      metadata: { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' },
    };
    expect(paths(paymentWindowRequestSchema, request)).toEqual(['metadata']);
    expect(paths(paymentWindowRequestSchema, { ...request, metadata: { a: '1' } })).toEqual([]);
    expect(
      paths(paymentWindowRequestSchema, { ...request, metadata: { a: '1' }, method: 'BITCOIN' }),
    ).toEqual(['method']);
  });

  it('customerMobilePhone: 8–15 digits, no dashes; email ≤100', () => {
    expect(customerMobilePhoneSchema.safeParse('01012345678').success).toBe(true);
    expect(customerMobilePhoneSchema.safeParse('010-1234-5678').success).toBe(false);
    expect(customerMobilePhoneSchema.safeParse('1234567').success).toBe(false);
    expect(customerMobilePhoneSchema.safeParse('1'.repeat(16)).success).toBe(false);
    expect(customerEmailSchema.safeParse('buyer@example.com').success).toBe(true);
    expect(customerEmailSchema.safeParse('buyer.example.com').success).toBe(false);
    expect(customerEmailSchema.safeParse(`${'a'.repeat(95)}@x.com`).success).toBe(false);
  });
});

describe('confirmRequestSchema', () => {
  it('accepts a valid body and keeps unknown fields', () => {
    expect(confirmRequestSchema.parse({ ...confirm, extra: 1 })).toEqual({ ...confirm, extra: 1 });
  });

  it('amount must be a positive integer number', () => {
    for (const amount of [0, -100, 100.5, '15000', Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
      expect(paths(confirmRequestSchema, { ...confirm, amount }), String(amount)).toEqual(['amount']);
    }
  });

  it('reports each missing field by name', () => {
    expect(paths(confirmRequestSchema, {})).toEqual(['paymentKey', 'orderId', 'amount']);
  });
});

describe('cancelRequestSchema', () => {
  it('full and partial cancels', () => {
    expect(cancelRequestSchema.safeParse({ cancelReason: '고객 변심' }).success).toBe(true);
    expect(
      cancelRequestSchema.safeParse({ cancelReason: '고객 변심', cancelAmount: 1000, taxFreeAmount: 0 })
        .success,
    ).toBe(true);
  });

  it('cancelReason is 1–200 characters', () => {
    expect(paths(cancelRequestSchema, { cancelReason: '' })).toEqual(['cancelReason']);
    expect(paths(cancelRequestSchema, { cancelReason: '가'.repeat(201) })).toEqual(['cancelReason']);
    expect(paths(cancelRequestSchema, {})).toEqual(['cancelReason']);
  });

  it('KRW amounts are integers; foreign currency may be fractional', () => {
    expect(paths(cancelRequestSchema, { cancelReason: 'r', cancelAmount: 10.5 })).toEqual(['cancelAmount']);
    expect(paths(cancelRequestSchema, { cancelReason: 'r', cancelAmount: 10.5, currency: 'KRW' })).toEqual([
      'cancelAmount',
    ]);
    expect(paths(cancelRequestSchema, { cancelReason: 'r', cancelAmount: 10.5, currency: 'USD' })).toEqual(
      [],
    );
    expect(paths(cancelRequestSchema, { cancelReason: 'r', cancelAmount: 0 })).toEqual(['cancelAmount']);
    expect(paths(cancelRequestSchema, { cancelReason: 'r', taxFreeAmount: -1 })).toEqual(['taxFreeAmount']);
  });

  it('refundReceiveAccount: bank, accountNumber digits ≤20, holderName ≤60', () => {
    const account = { bank: '88', accountNumber: '110123456789', holderName: '김토스' };
    expect(paths(cancelRequestSchema, { cancelReason: 'r', refundReceiveAccount: account })).toEqual([]);
    expect(
      paths(cancelRequestSchema, {
        cancelReason: 'r',
        refundReceiveAccount: { ...account, accountNumber: '110-123-456789' },
      }),
    ).toEqual(['refundReceiveAccount.accountNumber']);
    expect(
      paths(cancelRequestSchema, {
        cancelReason: 'r',
        refundReceiveAccount: { ...account, accountNumber: '1'.repeat(21) },
      }),
    ).toEqual(['refundReceiveAccount.accountNumber']);
    expect(
      paths(cancelRequestSchema, {
        cancelReason: 'r',
        refundReceiveAccount: { ...account, holderName: '가'.repeat(61) },
      }),
    ).toEqual(['refundReceiveAccount.holderName']);
    expect(
      paths(cancelRequestSchema, {
        cancelReason: 'r',
        refundReceiveAccount: { accountNumber: '1', holderName: 'x' },
      }),
    ).toEqual(['refundReceiveAccount.bank']);
  });
});

describe('other request bodies', () => {
  const va = {
    amount: 30000,
    orderId: 'order-20261122-0002',
    orderName: '원두 1kg',
    customerName: '김토스',
    bank: '06',
  };

  it('virtual account: validHours ≤2160 and not together with dueDate', () => {
    expect(paths(virtualAccountRequestSchema, { ...va, validHours: 2160 })).toEqual([]);
    expect(paths(virtualAccountRequestSchema, { ...va, validHours: 2161 })).toEqual(['validHours']);
    expect(paths(virtualAccountRequestSchema, { ...va, dueDate: '2026-12-01T23:59:59' })).toEqual([]);
    expect(paths(virtualAccountRequestSchema, { ...va, dueDate: '2026/12/01' })).toEqual(['dueDate']);
    expect(
      paths(virtualAccountRequestSchema, { ...va, validHours: 24, dueDate: '2026-12-01T23:59:59' }),
    ).toEqual(['dueDate']);
    expect(paths(virtualAccountRequestSchema, { ...va, customerName: 'x'.repeat(101) })).toEqual([
      'customerName',
    ]);
    expect(paths(virtualAccountRequestSchema, { ...va, cashReceipt: { type: '미발행' } })).toEqual([]);
    expect(paths(virtualAccountRequestSchema, { ...va, cashReceipt: { type: '영수증' } })).toEqual([
      'cashReceipt.type',
    ]);
    expect(paths(virtualAccountRequestSchema, { ...va, customerMobilePhone: '010-1234-5678' })).toEqual([
      'customerMobilePhone',
    ]);
    const { bank: _b, ...noBank } = va;
    expect(paths(virtualAccountRequestSchema, noBank)).toEqual(['bank']);
  });

  it('key-in: card fields and installment plan 0 or 2–12', () => {
    const keyIn = {
      amount: 50000,
      orderId: 'order-keyin-0001',
      orderName: '키보드',
      cardNumber: '4330123412341234',
      cardExpirationYear: '29',
      cardExpirationMonth: '07',
      customerIdentityNumber: '881212',
    };
    expect(paths(keyInRequestSchema, keyIn)).toEqual([]);
    expect(paths(keyInRequestSchema, { ...keyIn, cardInstallmentPlan: 3 })).toEqual([]);
    expect(paths(keyInRequestSchema, { ...keyIn, cardInstallmentPlan: 1 })).toEqual(['cardInstallmentPlan']);
    expect(paths(keyInRequestSchema, { ...keyIn, cardInstallmentPlan: 13 })).toEqual(['cardInstallmentPlan']);
    expect(paths(keyInRequestSchema, { ...keyIn, cardExpirationMonth: '13' })).toEqual([
      'cardExpirationMonth',
    ]);
    expect(paths(keyInRequestSchema, { ...keyIn, customerIdentityNumber: '12345' })).toEqual([
      'customerIdentityNumber',
    ]);
    expect(paths(keyInRequestSchema, { ...keyIn, customerIdentityNumber: '1234567890' })).toEqual([]);
    expect(paths(keyInRequestSchema, { ...keyIn, cardPassword: '123' })).toEqual(['cardPassword']);
  });

  it('billing: issue, card authorization and charge', () => {
    expect(paths(billingIssueRequestSchema, { authKey: 'bln_a01', customerKey: 'cus_7Hq2LpX9' })).toEqual([]);
    expect(
      paths(billingIssueRequestSchema, { authKey: 'a'.repeat(301), customerKey: 'cus_7Hq2LpX9' }),
    ).toEqual(['authKey']);
    expect(
      paths(billingCardAuthorizationRequestSchema, {
        customerKey: 'cus_7Hq2LpX9',
        cardNumber: '4330123412341234',
        cardExpirationYear: '29',
        cardExpirationMonth: '07',
        customerIdentityNumber: '881212',
      }),
    ).toEqual([]);
    const charge = {
      amount: 9900,
      customerKey: 'cus_7Hq2LpX9',
      orderId: 'sub-2026-11-0001',
      orderName: '월 구독',
    };
    expect(paths(billingChargeRequestSchema, charge)).toEqual([]);
    expect(paths(billingChargeRequestSchema, { ...charge, customerKey: 'x' })).toEqual(['customerKey']);
    expect(paths(billingChargeRequestSchema, { ...charge, taxFreeAmount: 1.5 })).toEqual(['taxFreeAmount']);
  });

  it('cash receipt issue and cancel', () => {
    const receipt = {
      amount: 30000,
      orderId: 'order-20261122-0002',
      orderName: '원두 1kg',
      type: '소득공제',
      customerIdentityNumber: '01012345678',
    };
    expect(paths(cashReceiptRequestSchema, receipt)).toEqual([]);
    expect(paths(cashReceiptRequestSchema, { ...receipt, customerIdentityNumber: '010-000-1234' })).toEqual(
      [],
    );
    expect(paths(cashReceiptRequestSchema, { ...receipt, type: '미발행' })).toEqual(['type']);
    expect(paths(cashReceiptRequestSchema, { ...receipt, customerIdentityNumber: '1'.repeat(31) })).toEqual([
      'customerIdentityNumber',
    ]);
    expect(paths(cashReceiptCancelRequestSchema, {})).toEqual([]);
    expect(paths(cashReceiptCancelRequestSchema, { amount: 0 })).toEqual(['amount']);
  });
});
