// What the payment window offers the buyer. SDK request codes (English) are what a page passes as
// `card.cardCompany` or a bank choice; the numeric institution codes that 2022-11-16 responses carry come
// from the emulator's org-codes table (../gateway/institutions.ts). Kept here: the Korean labels of the
// window's pickers and their order.
import {
  BANK_CODE_BY_SDK_CODE,
  CARD_ISSUER_CODE_BY_SDK_CODE,
  type BankSdkCode,
  type CardCompanySdkCode,
} from '../gateway/institutions.js';
import { SDK_METHODS, type SdkMethod } from '../gateway/methods.js';

export { CASH_RECEIPT_TYPES } from '../gateway/methods.js';

export interface Institution {
  /** SDK / request code, e.g. SHINHAN */
  code: string;
  /** Korean label shown in the window */
  name: string;
  /** numeric institution code used in API responses (issuerCode / bankCode) */
  numericCode: string;
}

/** The window's labels, in picker order, joined with the numeric codes of the org-codes table. */
function institutions<Code extends string>(
  labels: Record<Code, string>,
  numericCodes: Readonly<Record<Code, string>>,
): readonly Institution[] {
  return (Object.entries(labels) as [Code, string][]).map(([code, name]) => ({
    code,
    name,
    numericCode: numericCodes[code],
  }));
}

export const WINDOW_CARD_COMPANIES = institutions<CardCompanySdkCode>(
  {
    KOOKMIN: 'KB국민카드',
    SHINHAN: '신한카드',
    HYUNDAI: '현대카드',
    SAMSUNG: '삼성카드',
    LOTTE: '롯데카드',
    HANA: '하나카드',
    WOORI: '우리카드',
    BC: 'BC카드',
    NONGHYEOP: 'NH농협카드',
    IBK_BC: 'IBK기업은행',
    KAKAOBANK: '카카오뱅크',
    KBANK: '케이뱅크',
    TOSSBANK: '토스뱅크',
    CITI: '씨티카드',
    SUHYEOP: '수협은행',
    KDBBANK: 'KDB산업은행',
    SAEMAUL: '새마을금고',
    SHINHYEOP: '신협',
    POST: '우체국',
    JEONBUKBANK: '전북은행',
    GWANGJUBANK: '광주은행',
    JEJUBANK: '제주은행',
    SAVINGBANK: '저축은행',
    VISA: 'VISA (해외)',
    MASTER: 'Mastercard (해외)',
    JCB: 'JCB (해외)',
    AMEX: 'American Express (해외)',
    UNIONPAY: 'UnionPay (해외)',
    DINERS: 'Diners Club (해외)',
  },
  CARD_ISSUER_CODE_BY_SDK_CODE,
);

export const WINDOW_BANKS = institutions<BankSdkCode>(
  {
    KOOKMIN: 'KB국민은행',
    SHINHAN: '신한은행',
    WOORI: '우리은행',
    HANA: '하나은행',
    NONGHYEOP: 'NH농협은행',
    IBK: 'IBK기업은행',
    KAKAOBANK: '카카오뱅크',
    TOSSBANK: '토스뱅크',
    KBANK: '케이뱅크',
    SC: 'SC제일은행',
    CITI: '씨티은행',
    SUHYEOP: '수협은행',
    DAEGUBANK: 'iM뱅크(대구)',
    BUSANBANK: '부산은행',
    KYONGNAMBANK: '경남은행',
    GWANGJUBANK: '광주은행',
    JEONBUKBANK: '전북은행',
    JEJUBANK: '제주은행',
    POST: '우체국',
    SAEMAUL: '새마을금고',
    SHINHYEOP: '신협',
    KDBBANK: 'KDB산업은행',
    LOCALNONGHYEOP: '지역농축협',
    SANLIM: '산림조합',
    SAVINGBANK: '저축은행',
  },
  BANK_CODE_BY_SDK_CODE,
);

export const WINDOW_MOBILE_CARRIERS: readonly { code: string; name: string }[] = [
  { code: 'SKT', name: 'SKT' },
  { code: 'KT', name: 'KT' },
  { code: 'LGU', name: 'LG U+' },
  { code: 'SK7', name: 'SKT 알뜰폰' },
  { code: 'HELLO', name: 'KT 알뜰폰' },
  { code: 'KCT', name: 'LG U+ 알뜰폰' },
];

/** The `method` values payment().requestPayment accepts (docs.tosspayments.com/sdk/v2/js, "requestPayment()"). */
export type WindowMethod = SdkMethod;
export const PAYMENT_WINDOW_METHODS: readonly WindowMethod[] = SDK_METHODS;
/**
 * The methods the widget's picker offers. Foreign easy pays in the widget need a separate contract and their own
 * method codes (PAYPAL, ...): not emulated; payment().requestPayment({ method: 'FOREIGN_EASY_PAY' }) is.
 */
export const WINDOW_METHODS: readonly WindowMethod[] = SDK_METHODS.filter(
  (method) => method !== 'FOREIGN_EASY_PAY',
);

export const METHOD_LABELS: Record<WindowMethod, string> = {
  FOREIGN_EASY_PAY: '해외간편결제',
  CARD: '신용·체크카드',
  VIRTUAL_ACCOUNT: '가상계좌',
  TRANSFER: '퀵계좌이체',
  MOBILE_PHONE: '휴대폰',
  CULTURE_GIFT_CERTIFICATE: '문화상품권',
  BOOK_GIFT_CERTIFICATE: '도서문화상품권',
  GAME_GIFT_CERTIFICATE: '게임문화상품권',
};

/** Finds a card company by SDK code, Korean name (with or without 카드) or numeric code. */
export function findCardCompany(value: unknown): Institution | undefined {
  return findInstitution(WINDOW_CARD_COMPANIES, value);
}

export function findBank(value: unknown): Institution | undefined {
  return findInstitution(WINDOW_BANKS, value);
}

function findInstitution(list: readonly Institution[], value: unknown): Institution | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const upper = value.toUpperCase();
  return list.find(
    (i) =>
      i.code === upper ||
      i.numericCode === upper ||
      i.name === value ||
      i.name.replace(/(카드|은행)$/, '') === value.replace(/(카드|은행)$/, ''),
  );
}
