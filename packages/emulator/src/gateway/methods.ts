/**
 * Payment methods as the gateway names them: the SDK's request codes (`requestPayment({ method: 'CARD' })`) and the
 * Korean names answers carry in `Payment.method`.
 *
 * Source: docs.tosspayments.com/reference ("Payment 객체", field `method`: 카드, 가상계좌, 간편결제, 휴대폰, 계좌이체,
 * 문화상품권, 도서문화상품권, 게임문화상품권) and docs.tosspayments.com/sdk/v2/js ("requestPayment()", field `method`).
 * 해외간편결제 (PayPal, FOREIGN_EASY_PAY) is the name 1.x answers used; 2022-11-16 does not list it.
 */

export const SDK_METHODS = [
  'CARD',
  'VIRTUAL_ACCOUNT',
  'TRANSFER',
  'MOBILE_PHONE',
  'CULTURE_GIFT_CERTIFICATE',
  'BOOK_GIFT_CERTIFICATE',
  'GAME_GIFT_CERTIFICATE',
  'FOREIGN_EASY_PAY',
] as const;
export type SdkMethod = (typeof SDK_METHODS)[number];

/**
 * What `Payment.method` reads after a payment requested with each SDK method, plus EASY_PAY: the emulator's
 * shorthand for a card-window payment made with an easy-pay provider (the SDK reaches it through CARD with
 * `easyPay`), answered as 간편결제.
 */
export const METHOD_NAMES: Readonly<Record<SdkMethod | 'EASY_PAY', string>> = Object.freeze({
  CARD: '카드',
  VIRTUAL_ACCOUNT: '가상계좌',
  TRANSFER: '계좌이체',
  MOBILE_PHONE: '휴대폰',
  CULTURE_GIFT_CERTIFICATE: '문화상품권',
  BOOK_GIFT_CERTIFICATE: '도서문화상품권',
  GAME_GIFT_CERTIFICATE: '게임문화상품권',
  FOREIGN_EASY_PAY: '해외간편결제',
  EASY_PAY: '간편결제',
});

/**
 * Cash receipt purposes (`cashReceipt.type`); 미발행 (not issued) only when requesting a virtual account.
 * Source: docs.tosspayments.com/reference ("CashReceipt 객체" and "가상계좌 발급 요청", field `cashReceipt.type`).
 */
export const CASH_RECEIPT_TYPES = ['소득공제', '지출증빙', '미발행'] as const;
