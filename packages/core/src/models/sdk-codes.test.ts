import { describe, expect, it } from 'vitest';
import { bankName, cardIssuerName } from './codes.js';
import { BANK_CODE_BY_SDK_CODE, CARD_ISSUER_CODE_BY_SDK_CODE } from './sdk-codes.js';

describe('SDK institution codes', () => {
  it('map each SDK code to its own known numeric code (no two SDK codes share one)', () => {
    for (const [table, nameOf] of [
      [CARD_ISSUER_CODE_BY_SDK_CODE, cardIssuerName],
      [BANK_CODE_BY_SDK_CODE, bankName],
    ] as const) {
      const numeric = Object.values(table);
      expect(new Set(numeric).size).toBe(numeric.length);
      for (const code of numeric) expect(nameOf(code)).toBeTypeOf('string');
    }
  });

  it('name the same institution the numeric code does', () => {
    expect(cardIssuerName(CARD_ISSUER_CODE_BY_SDK_CODE.SHINHAN)).toBe('신한');
    expect(cardIssuerName(CARD_ISSUER_CODE_BY_SDK_CODE.WOORI)).toBe('우리');
    expect(bankName(BANK_CODE_BY_SDK_CODE.KOOKMIN)).toBe('국민');
    expect(bankName(BANK_CODE_BY_SDK_CODE.LOCALNONGHYEOP)).toBe('단위농협');
  });
});
