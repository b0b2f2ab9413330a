// Enumerations of Toss Payments API version 2022-11-16 as `as const` tables (spec §3, §4, §10).
// Responses name payment methods in Korean; requests and the browser SDK use the upper-case codes.

/** The gateway API version these models follow. */
export const API_VERSION = '2022-11-16' as const;

/** The customerKey value for a buyer without an account (widget payments). */
export const ANONYMOUS_CUSTOMER_KEY = '@@ANONYMOUS' as const;

/** Every PaymentStatus. */
export const PAYMENT_STATUSES = [
  'READY',
  'IN_PROGRESS',
  'WAITING_FOR_DEPOSIT',
  'DONE',
  'CANCELED',
  'PARTIAL_CANCELED',
  'ABORTED',
  'EXPIRED',
] as const;
/** A payment's status (READY, IN_PROGRESS, WAITING_FOR_DEPOSIT, DONE, CANCELED, PARTIAL_CANCELED, ABORTED, EXPIRED). */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PAYMENT_TYPES = ['NORMAL', 'BILLING', 'BRANDPAY'] as const;
/** A payment's type: NORMAL, BILLING or BRANDPAY. */
export type PaymentType = (typeof PAYMENT_TYPES)[number];

/** `Payment.method` values (Korean, as the gateway answers them). */
export const PAYMENT_METHODS = [
  '카드',
  '가상계좌',
  '간편결제',
  '휴대폰',
  '계좌이체',
  '문화상품권',
  '도서문화상품권',
  '게임문화상품권',
] as const;
/** A payment's method as the gateway names it (카드, 가상계좌, 간편결제, …). */
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * Name the gateway used for foreign easy pay (PayPal) in 1.x responses. 2022-11-16 does not list it,
 * so it is kept apart from PAYMENT_METHODS; Payment.method still accepts it.
 */
export const FOREIGN_EASY_PAY_METHOD_NAME = '해외간편결제' as const;

/** Method codes of the browser SDK's `requestPayment({ method })`. */
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

/** What `Payment.method` reads after a payment requested with a given SDK method. */
export const METHOD_NAME_BY_SDK_METHOD = {
  CARD: '카드',
  VIRTUAL_ACCOUNT: '가상계좌',
  TRANSFER: '계좌이체',
  MOBILE_PHONE: '휴대폰',
  CULTURE_GIFT_CERTIFICATE: '문화상품권',
  BOOK_GIFT_CERTIFICATE: '도서문화상품권',
  GAME_GIFT_CERTIFICATE: '게임문화상품권',
  FOREIGN_EASY_PAY: FOREIGN_EASY_PAY_METHOD_NAME,
} as const satisfies Record<SdkMethod, PaymentMethod | typeof FOREIGN_EASY_PAY_METHOD_NAME>;

/** Reverse lookup: the SDK code for a Korean method name (간편결제 has none: easy pay runs through CARD). */
export const SDK_METHOD_BY_METHOD_NAME = {
  카드: 'CARD',
  가상계좌: 'VIRTUAL_ACCOUNT',
  계좌이체: 'TRANSFER',
  휴대폰: 'MOBILE_PHONE',
  문화상품권: 'CULTURE_GIFT_CERTIFICATE',
  도서문화상품권: 'BOOK_GIFT_CERTIFICATE',
  게임문화상품권: 'GAME_GIFT_CERTIFICATE',
  간편결제: null,
} as const satisfies Record<PaymentMethod, SdkMethod | null>;

export const CARD_TYPES = ['신용', '체크', '기프트', '미확인'] as const;
export type CardType = (typeof CARD_TYPES)[number];

export const OWNER_TYPES = ['개인', '법인', '미확인'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];

export const CARD_ACQUIRE_STATUSES = [
  'READY',
  'REQUESTED',
  'COMPLETED',
  'CANCEL_REQUESTED',
  'CANCELED',
] as const;
export type CardAcquireStatus = (typeof CARD_ACQUIRE_STATUSES)[number];

export const INTEREST_PAYERS = ['BUYER', 'CARD_COMPANY', 'MERCHANT'] as const;
export type InterestPayer = (typeof INTEREST_PAYERS)[number];

export const VIRTUAL_ACCOUNT_TYPES = ['일반', '고정'] as const;
export type VirtualAccountType = (typeof VIRTUAL_ACCOUNT_TYPES)[number];

export const REFUND_STATUSES = ['NONE', 'PENDING', 'FAILED', 'PARTIAL_FAILED', 'COMPLETED'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const SETTLEMENT_STATUSES = ['INCOMPLETED', 'COMPLETED'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

/** Cash receipt purpose; `미발행` (not issued) is valid only when requesting a virtual account. */
export const CASH_RECEIPT_TYPES = ['소득공제', '지출증빙', '미발행'] as const;
export type CashReceiptType = (typeof CASH_RECEIPT_TYPES)[number];

export const CASH_RECEIPT_ISSUE_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;
export type CashReceiptIssueStatus = (typeof CASH_RECEIPT_ISSUE_STATUSES)[number];

export const CASH_RECEIPT_TRANSACTION_TYPES = ['CONFIRM', 'CANCEL'] as const;
export type CashReceiptTransactionType = (typeof CASH_RECEIPT_TRANSACTION_TYPES)[number];

/** `Cancel.cancelStatus`; IN_PROGRESS/ABORTED occur only in the foreign easy pay cancel flow. */
export const CANCEL_STATUSES = ['DONE', 'IN_PROGRESS', 'ABORTED'] as const;
export type CancelStatus = (typeof CANCEL_STATUSES)[number];

export const SETTLEMENT_FEE_TYPES = [
  'BASE',
  'INSTALLMENT_DISCOUNT',
  'INSTALLMENT',
  'POINT_SAVING',
  'ETC',
] as const;
export type SettlementFeeType = (typeof SETTLEMENT_FEE_TYPES)[number];

export const PROMOTION_PAY_TYPES = ['NORMAL', 'BILLING', 'BRANDPAY'] as const;
export type PromotionPayType = (typeof PROMOTION_PAY_TYPES)[number];

export const PROMOTION_TYPES = [
  'CARD_DISCOUNT',
  'CARD_INTEREST_FREE',
  'CARD_POINT',
  'BANK_DISCOUNT',
] as const;
export type PromotionType = (typeof PROMOTION_TYPES)[number];

export const BANK_DISCOUNT_TYPES = ['FIXED_AMOUNT', 'FIXED_RATE'] as const;
export type BankDiscountType = (typeof BANK_DISCOUNT_TYPES)[number];

/** Currencies the gateway approves in (domestic cards: KRW only; foreign cards KRW/USD/JPY; PayPal USD). */
export const CURRENCIES = ['KRW', 'USD', 'JPY'] as const;
export type Currency = (typeof CURRENCIES)[number];

export const WEBHOOK_EVENT_TYPES = [
  'PAYMENT_STATUS_CHANGED',
  'DEPOSIT_CALLBACK',
  'CANCEL_STATUS_CHANGED',
  'BILLING_DELETED',
  'METHOD_UPDATED',
  'CUSTOMER_STATUS_CHANGED',
  'payout.changed',
  'seller.changed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const PAYOUT_STATUSES = [
  'REQUESTED',
  'SCHEDULED',
  'EXPRESS',
  'IN_PROGRESS',
  'COMPLETED',
  'FAILED',
  'CANCELED',
] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

export const SELLER_STATUSES = [
  'APPROVAL_REQUIRED',
  'PARTIALLY_APPROVED',
  'KYC_REQUIRED',
  'APPROVED',
] as const;
export type SellerStatus = (typeof SELLER_STATUSES)[number];

/** True when `value` is one of the eight payment statuses. */
export function isPaymentStatus(value: unknown): value is PaymentStatus {
  return typeof value === 'string' && (PAYMENT_STATUSES as readonly string[]).includes(value);
}

/** True when `value` is one of the SDK method codes. */
export function isSdkMethod(value: unknown): value is SdkMethod {
  return typeof value === 'string' && (SDK_METHODS as readonly string[]).includes(value);
}
