import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS_CUSTOMER_KEY,
  API_VERSION,
  BANKS,
  CARD_ISSUERS,
  CASH_RECEIPT_TYPES,
  EASY_PAY_PROVIDERS,
  METHOD_NAME_BY_SDK_METHOD,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  SDK_METHODS,
  SDK_METHOD_BY_METHOD_NAME,
  bankName,
  cardIssuerName,
  isPaymentStatus,
  resolveBankCode,
} from './index.js';

describe('enumerations and code tables', () => {
  it('constants of the API version and the anonymous buyer', () => {
    expect(API_VERSION).toBe('2022-11-16');
    expect(ANONYMOUS_CUSTOMER_KEY).toBe('@@ANONYMOUS');
  });

  it('the eight payment statuses and method names', () => {
    expect(PAYMENT_STATUSES).toHaveLength(8);
    expect(isPaymentStatus('WAITING_FOR_DEPOSIT')).toBe(true);
    expect(isPaymentStatus('PAID')).toBe(false);
    expect(PAYMENT_METHODS).toEqual([
      '카드',
      '가상계좌',
      '간편결제',
      '휴대폰',
      '계좌이체',
      '문화상품권',
      '도서문화상품권',
      '게임문화상품권',
    ]);
    expect(CASH_RECEIPT_TYPES).toEqual(['소득공제', '지출증빙', '미발행']);
  });

  it('every SDK method has a response name, and the reverse table agrees', () => {
    for (const sdk of SDK_METHODS) expect(METHOD_NAME_BY_SDK_METHOD[sdk]).toBeTruthy();
    expect(METHOD_NAME_BY_SDK_METHOD.CARD).toBe('카드');
    expect(METHOD_NAME_BY_SDK_METHOD.VIRTUAL_ACCOUNT).toBe('가상계좌');
    for (const [name, sdk] of Object.entries(SDK_METHOD_BY_METHOD_NAME)) {
      if (sdk !== null) expect(METHOD_NAME_BY_SDK_METHOD[sdk]).toBe(name);
    }
  });

  it('card issuer codes of spec §10', () => {
    expect(Object.keys(CARD_ISSUERS)).toHaveLength(30);
    expect(cardIssuerName('41')).toBe('신한');
    expect(cardIssuerName('3K')).toBe('기업비씨');
    expect(cardIssuerName('4V')).toBe('VISA');
    expect(cardIssuerName('ZZ')).toBeUndefined();
  });

  it('bank codes of spec §10 and name lookup', () => {
    expect(Object.keys(BANKS)).toHaveLength(27);
    expect(bankName('06')).toBe('국민');
    expect(bankName('92')).toBe('토스뱅크');
    expect(resolveBankCode('88')).toBe('88');
    expect(resolveBankCode('국민')).toBe('06');
    expect(resolveBankCode('국민은행')).toBe('06');
    expect(resolveBankCode('없는은행')).toBeUndefined();
  });

  it('easy pay providers map SDK codes to Korean names', () => {
    expect(EASY_PAY_PROVIDERS.TOSSPAY).toBe('토스페이');
    expect(EASY_PAY_PROVIDERS.KAKAOPAY).toBe('카카오페이');
  });
});
