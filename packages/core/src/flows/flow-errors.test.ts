import { describe, expect, it } from 'vitest';
import { localizeError } from '../errors/index.js';
import { cancelRequestSchema, ID_PATTERNS, isStorableText, type IdField } from '../models/index.js';
import { isValidId, verifyId, verifyOrderId, verifyPaymentKey, verifyStorableText } from './flow-errors.js';

// well-formed ids of the shapes the gateway and the docs show (spec §1, §3, §9)
const WELL_FORMED: Record<IdField, string[]> = {
  orderId: ['order-123', 'GfOBATmOF5fePBzOgPupx', 'a1b2c3', 'x'.repeat(64), 'ord_1=2-3'],
  customerKey: ['cus_1', 'user.name@shop', '@@ANONYMOUS', 'ab', 'k'.repeat(50)],
  paymentKey: [
    'tnhig20251121102047bvrO8',
    '5EnNZRJGvaBX7zk2yd8ydw26XvwXkLrx9POLqKQjmAw4b0e1',
    'p'.repeat(200),
  ],
  billingKey: ['Z_t5vOvQxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0=', 'b'.repeat(200)],
  authKey: ['bln_lzqgoDPK1rbwS8yZv4DV1J', 'a'.repeat(300)],
  transactionKey: ['3CCA83C4814FC15B67058F74D42F980B', 'txrd_a01kaj00e2mrrpmscg7w050d8g7', 't'.repeat(64)],
  receiptKey: ['118c3c43-6b34-4ad4-b4bf-2fc1b0f5c8e0', 'c_118c3c43', 'r'.repeat(200)],
};

const CODES: Record<IdField, string> = {
  orderId: 'INVALID_ORDER_ID',
  customerKey: 'INVALID_CUSTOMER_KEY',
  paymentKey: 'INVALID_PAYMENT_KEY',
  billingKey: 'INVALID_BILLING_KEY',
  authKey: 'INVALID_AUTH_KEY',
  transactionKey: 'INVALID_TRANSACTION_KEY',
  receiptKey: 'INVALID_RECEIPT_KEY',
};

const MAX: Record<IdField, number> = {
  orderId: 64,
  customerKey: 50,
  paymentKey: 200,
  billingKey: 200,
  authKey: 300,
  transactionKey: 64,
  receiptKey: 200,
};

// refused by every field's rule
const MALFORMED = [
  'order\u0000nul',
  'order-\uD800-lone',
  '\uDFFForder-low',
  'x'.repeat(10_000),
  '주문번호-123456',
  'order id 123',
  'order\r\n123456',
  'order\t123456',
  '\uFEFForder-123',
  '😀😀😀😀😀😀',
];

function thrown(run: () => unknown): { code: string; status: number; details?: unknown } {
  try {
    run();
  } catch (error) {
    return error as { code: string; status: number };
  }
  throw new Error('expected a throw');
}

describe('verifyId', () => {
  const fields = Object.keys(ID_PATTERNS) as IdField[];

  it.each(fields)('%s: accepts the documented shapes, up to the documented length', (field) => {
    for (const id of WELL_FORMED[field]) {
      expect(verifyId(field, id), id).toBe(id);
      expect(isValidId(field, id)).toBe(true);
    }
    expect(isValidId(field, 'k'.repeat(MAX[field] + 1))).toBe(false);
  });

  it.each(fields)(
    '%s: a NUL, a lone surrogate, 10,000 characters or another alphabet is a 400 with the field’s code',
    (field) => {
      for (const id of MALFORMED) {
        const error = thrown(() => verifyId(field, id));
        expect([JSON.stringify(id).slice(0, 30), error.code, error.status]).toEqual([
          JSON.stringify(id).slice(0, 30),
          CODES[field],
          400,
        ]);
        expect(isValidId(field, id)).toBe(false);
      }
      for (const notText of [42, {}, ['order-123'], true])
        expect(thrown(() => verifyId(field, notText)).code).toBe(CODES[field]);
    },
  );

  it.each(fields)('%s: absent is 400 MISSING_PARAMETER naming the field', (field) => {
    for (const absent of [undefined, null, '']) {
      expect(thrown(() => verifyId(field, absent))).toMatchObject({
        code: 'MISSING_PARAMETER',
        status: 400,
        details: { parameter: field },
      });
    }
  });

  it('each code has a Korean default and an English message', () => {
    for (const field of fields) {
      const error = thrown(() => verifyId(field, 'bad\u0000id'));
      const ko = localizeError(error, 'ko');
      const en = localizeError(error, 'en');
      expect(ko.body.code).toBe(CODES[field]);
      expect(ko.body.message).toMatch(/[\uac00-\ud7a3]/);
      expect(en.body.message).not.toMatch(/[\uac00-\ud7a3]/);
      expect(en.body.message).toContain(field);
    }
  });

  it('verifyOrderId and verifyPaymentKey are the orderId and paymentKey rules', () => {
    expect(verifyOrderId('order-123')).toBe('order-123');
    expect(thrown(() => verifyOrderId('order\u0000nul')).code).toBe('INVALID_ORDER_ID');
    expect(verifyPaymentKey('tnhig20251121102047bvrO8')).toBe('tnhig20251121102047bvrO8');
    expect(thrown(() => verifyPaymentKey('order\u0000nul')).code).toBe('INVALID_PAYMENT_KEY');
    expect(thrown(() => verifyPaymentKey('\uD800')).code).toBe('INVALID_PAYMENT_KEY');
  });
});

describe('verifyStorableText', () => {
  it('refuses a NUL byte or a lone surrogate with a 400 VALIDATION_ERROR naming the field', () => {
    for (const text of ['고객\u0000요청', 'reason \uD800', '\uDC00 reason']) {
      expect(isStorableText(text)).toBe(false);
      expect(thrown(() => verifyStorableText('orderName', text))).toMatchObject({
        code: 'VALIDATION_ERROR',
        status: 400,
        details: { issues: [{ path: 'orderName' }] },
      });
    }
  });

  it('lets any other text through: Korean, emoji (a surrogate pair), newlines, non-strings', () => {
    for (const text of ['정기 구독 외 1건', '😀 선물', 'line 1\nline 2', '']) {
      expect(isStorableText(text)).toBe(true);
      expect(() => verifyStorableText('orderName', text)).not.toThrow();
    }
    expect(() => verifyStorableText('orderName', undefined)).not.toThrow();
    expect(() => verifyStorableText('orderName', 42)).not.toThrow();
  });

  it('a cancel request’s cancelReason and refund account follow the same rule', () => {
    expect(cancelRequestSchema.safeParse({ cancelReason: '고객 요청 😀' }).success).toBe(true);
    const nul = cancelRequestSchema.safeParse({ cancelReason: '고객\u0000요청' });
    expect(nul.success).toBe(false);
    expect(nul.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['cancelReason']);
    const holder = cancelRequestSchema.safeParse({
      cancelReason: '환불',
      refundReceiveAccount: { bank: '국민', accountNumber: '12345678901', holderName: '김\uD800' },
    });
    expect(holder.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'refundReceiveAccount.holderName',
    ]);
  });
});
