// Sample gateway data for tests across tosskit. Values follow the facts of spec §3/§8 and seed 004;
// the keys and numbers are made up. Constants are deep-frozen: use the make* functions (fresh
// copies, with overrides) when a test needs to change something.
import type { Billing } from '../models/billing.js';
import type { CashReceipt } from '../models/cash-receipt.js';
import type { Payment } from '../models/payment.js';
import type { CardPromotion, Promotion } from '../models/promotion.js';
import type { Settlement } from '../models/settlement.js';
import type { Transaction } from '../models/transaction.js';
import type {
  BillingDeletedWebhook,
  CancelStatusChangedWebhook,
  DepositCallbackWebhook,
  PaymentStatusChangedWebhook,
  PayoutChangedWebhook,
  SellerChangedWebhook,
} from '../models/webhook.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const clone = <T>(value: T): T => structuredClone(value) as T;

export const FIXTURE_MID = 'tvivarepublica';

/** The method sub-objects all set to null; each payment fills in its own. */
const noMethodObjects = {
  card: null,
  virtualAccount: null,
  mobilePhone: null,
  giftCertificate: null,
  transfer: null,
  easyPay: null,
} as const;

function makeDoneCardPaymentBase(): Payment {
  const paymentKey = 'tviva20261122103015Kq7Wd';
  return {
    mId: FIXTURE_MID,
    lastTransactionKey: 'txrd_a01jf3k2m9v8q7w6e5r4t3y2u1',
    paymentKey,
    orderId: 'order-20261122-0001',
    orderName: '유기농 우유 외 2건',
    taxExemptionAmount: 0,
    status: 'DONE',
    requestedAt: '2026-11-22T10:29:41+09:00',
    approvedAt: '2026-11-22T10:30:15+09:00',
    useEscrow: false,
    cultureExpense: false,
    ...noMethodObjects,
    card: {
      issuerCode: '41',
      acquirerCode: '41',
      number: '43301234****123*',
      installmentPlanMonths: 0,
      isInterestFree: false,
      interestPayer: null,
      approveNo: '30018429',
      useCardPoint: false,
      cardType: '신용',
      ownerType: '개인',
      acquireStatus: 'READY',
      amount: 15000,
    },
    cashReceipt: null,
    cashReceipts: null,
    discount: null,
    cancels: null,
    secret: null,
    type: 'NORMAL',
    country: 'KR',
    failure: null,
    isPartialCancelable: true,
    receipt: {
      url: `https://dashboard-sandbox.tosspayments.com/receipt/redirection?transactionId=${paymentKey}&ref=PX`,
    },
    checkout: { url: `https://api.tosspayments.com/v1/payments/${paymentKey}/checkout` },
    currency: 'KRW',
    totalAmount: 15000,
    balanceAmount: 15000,
    suppliedAmount: 13636,
    vat: 1364,
    taxFreeAmount: 0,
    metadata: null,
    method: '카드',
    version: '2022-11-16',
  };
}

function makeWaitingVirtualAccountPaymentBase(): Payment {
  const paymentKey = 'tviva20261122111204Ze3Pn';
  return {
    mId: FIXTURE_MID,
    lastTransactionKey: 'txrd_a01jf3m7c2x1z0a9s8d7f6g5h4',
    paymentKey,
    orderId: 'order-20261122-0002',
    orderName: '원두 1kg',
    taxExemptionAmount: 0,
    status: 'WAITING_FOR_DEPOSIT',
    requestedAt: '2026-11-22T11:11:02+09:00',
    approvedAt: null,
    useEscrow: false,
    cultureExpense: false,
    ...noMethodObjects,
    virtualAccount: {
      accountNumber: 'X6565901447417',
      accountType: '일반',
      bankCode: '06',
      customerName: '김토스',
      depositorName: null,
      dueDate: '2026-11-29T11:12:04+09:00',
      refundStatus: 'NONE',
      expired: false,
      settlementStatus: 'INCOMPLETED',
      refundReceiveAccount: null,
    },
    cashReceipt: null,
    cashReceipts: null,
    discount: null,
    cancels: null,
    secret: 'ps_Ba5PzR0ArnqDYw1lk9EZ3vRJgvlm',
    type: 'NORMAL',
    country: 'KR',
    failure: null,
    isPartialCancelable: true,
    receipt: {
      url: `https://dashboard-sandbox.tosspayments.com/receipt/redirection?transactionId=${paymentKey}&ref=PX`,
    },
    checkout: { url: `https://api.tosspayments.com/v1/payments/${paymentKey}/checkout` },
    currency: 'KRW',
    totalAmount: 30000,
    balanceAmount: 30000,
    suppliedAmount: 27273,
    vat: 2727,
    taxFreeAmount: 0,
    metadata: null,
    method: '가상계좌',
    version: '2022-11-16',
  };
}

function makePartialCanceledPaymentBase(): Payment {
  const base = makeDoneCardPaymentBase();
  const cancelKey = 'txrd_a01jf4b1n0m9l8k7j6h5g4f3d2';
  return {
    ...base,
    paymentKey: 'tviva20261122120533Rt5Yx',
    orderId: 'order-20261122-0003',
    orderName: '캠핑 의자 외 1건',
    status: 'PARTIAL_CANCELED',
    requestedAt: '2026-11-22T12:05:02+09:00',
    approvedAt: '2026-11-22T12:05:33+09:00',
    lastTransactionKey: cancelKey,
    card: {
      ...(base.card as NonNullable<Payment['card']>),
      amount: 30000,
      approveNo: '30021877',
      acquireStatus: 'COMPLETED',
    },
    totalAmount: 30000,
    balanceAmount: 20000,
    suppliedAmount: 18182,
    vat: 1818,
    cancels: [
      {
        transactionKey: cancelKey,
        cancelReason: '고객 변심(부분 반품)',
        taxExemptionAmount: 0,
        canceledAt: '2026-11-22T15:40:12+09:00',
        cardDiscountAmount: 0,
        transferDiscountAmount: 0,
        easyPayDiscountAmount: 0,
        receiptKey: null,
        cancelAmount: 10000,
        taxFreeAmount: 0,
        refundableAmount: 20000,
        cancelStatus: 'DONE',
        cancelRequestId: null,
      },
    ],
  };
}

function makeExpiredPaymentBase(): Payment {
  return {
    mId: FIXTURE_MID,
    lastTransactionKey: null,
    paymentKey: 'tviva20261122130010Lm2Nb',
    orderId: 'order-20261122-0004',
    orderName: '손수건',
    taxExemptionAmount: 0,
    status: 'EXPIRED',
    requestedAt: '2026-11-22T13:00:10+09:00',
    approvedAt: null,
    useEscrow: null,
    cultureExpense: false,
    ...noMethodObjects,
    cashReceipt: null,
    cashReceipts: null,
    discount: null,
    cancels: null,
    secret: null,
    type: 'NORMAL',
    country: 'KR',
    failure: { code: 'EXPIRED_PAYMENT', message: '결제 유효 시간이 만료되었습니다.' },
    isPartialCancelable: true,
    receipt: null,
    checkout: { url: 'https://api.tosspayments.com/v1/payments/tviva20261122130010Lm2Nb/checkout' },
    currency: 'KRW',
    totalAmount: 5000,
    balanceAmount: 5000,
    suppliedAmount: 4545,
    vat: 455,
    taxFreeAmount: 0,
    metadata: null,
    method: null,
    version: '2022-11-16',
  };
}

export const makeDoneCardPayment = (overrides: Partial<Payment> = {}): Payment => ({
  ...makeDoneCardPaymentBase(),
  ...clone(overrides),
});
export const makeWaitingVirtualAccountPayment = (overrides: Partial<Payment> = {}): Payment => ({
  ...makeWaitingVirtualAccountPaymentBase(),
  ...clone(overrides),
});
export const makePartialCanceledPayment = (overrides: Partial<Payment> = {}): Payment => ({
  ...makePartialCanceledPaymentBase(),
  ...clone(overrides),
});
export const makeExpiredPayment = (overrides: Partial<Payment> = {}): Payment => ({
  ...makeExpiredPaymentBase(),
  ...clone(overrides),
});

/** A card payment approved for 15,000 KRW (vat 1,364, supplied 13,636). */
export const DONE_CARD_PAYMENT: Payment = deepFreeze(makeDoneCardPayment());
/** A virtual account issued for 30,000 KRW, not yet deposited, with its `secret`. */
export const WAITING_FOR_DEPOSIT_VIRTUAL_ACCOUNT_PAYMENT: Payment = deepFreeze(
  makeWaitingVirtualAccountPayment(),
);
/** A 30,000 KRW card payment of which 10,000 was cancelled. */
export const PARTIAL_CANCELED_PAYMENT: Payment = deepFreeze(makePartialCanceledPayment());
/** A payment window that ran out: no method, `failure.code = EXPIRED_PAYMENT`. */
export const EXPIRED_PAYMENT: Payment = deepFreeze(makeExpiredPayment());

// Seed 004 (a blog post on virtual accounts) verbatim where it is JSON. Its confirm answer is an
// API 1.3 answer (`transactionKey`, `virtualAccount.bank`); the post's `"orderName": --상품명--`
// placeholder is not JSON, so a plain name stands in for it.
export const SEED_004_CONFIRM_RESPONSE = deepFreeze({
  mId: 'tvivarepublica',
  version: '1.3',
  transactionKey: '{트랜잭션_키}',
  paymentKey: '{페이먼트_키}',
  orderId: 'dd198241-3ceb-47c2-b1a8-b494b7ceddce',
  orderName: '상품명',
  method: '가상계좌',
  status: 'WAITING_FOR_DEPOSIT',
  requestedAt: '2022-03-22T15:51:25+09:00',
  approvedAt: null,
  useEscrow: false,
  cultureExpense: false,
  card: null,
  virtualAccount: {
    accountNumber: 'X65659014474172',
    accountType: '일반',
    bank: '국민',
    customerName: '김바보',
    dueDate: '2022-03-23T03:51:25+09:00',
    expired: false,
    settlementStatus: 'INCOMPLETED',
    refundStatus: 'NONE',
  },
  transfer: null,
  mobilePhone: null,
  giftCertificate: null,
  cashReceipt: {
    type: '소득공제',
    issueNumber: '',
    receiptUrl:
      'https://dashboard.tosspayments.com/receipts/cash-receipt/dd198241-3ceb-47c2-b1a8-b494b7ceddce/tvivarepublica?ref=PX',
    amount: 3000,
    taxFreeAmount: 0,
  },
  discount: null,
  cancels: null,
  secret: 'ps_시크릿_값',
  type: 'NORMAL',
  easyPay: null,
  currency: 'KRW',
  totalAmount: 3000,
  balanceAmount: 3000,
  suppliedAmount: 2727,
  vat: 273,
  taxFreeAmount: 0,
});

/** Seed 004's deposit notification: flat, without createdAt or transactionKey. */
export const SEED_004_DEPOSIT_CALLBACK = deepFreeze({
  secret: 'ps_ZORzdMaqN3weJkOmRgNr5AkYXQGw',
  status: 'DONE',
  orderId: 'am2hDav3qdN1Gj7dSHkoV',
});

/**
 * Seed 004's PAYMENT_STATUS_CHANGED: a `data` with only paymentKey, status and orderId. The post's
 * `{페이먼트_키}` placeholder is not a key the gateway issues (those are printable ASCII, and a webhook's ids
 * are checked like a request's), so a key of the documented shape stands in for it.
 */
export const SEED_004_PAYMENT_STATUS_CHANGED = deepFreeze({
  eventType: 'PAYMENT_STATUS_CHANGED',
  data: {
    paymentKey: 'tviva20220322155125Pk4Yz',
    status: 'DONE',
    orderId: 'GfOBATmOF5fePBzOgPupx',
  },
});

// Webhook bodies in the 2022-11-16 shapes of spec §8.2.

export const makePaymentStatusChangedWebhook = (
  payment: Payment = makeDoneCardPayment(),
): PaymentStatusChangedWebhook => ({
  eventType: 'PAYMENT_STATUS_CHANGED',
  createdAt: '2026-11-22T10:30:16.123456',
  data: clone(payment),
});

export const makeDepositCallbackWebhook = (
  payment: Pick<Payment, 'orderId' | 'secret'> = makeWaitingVirtualAccountPayment(),
  status: DepositCallbackWebhook['status'] = 'DONE',
): DepositCallbackWebhook => ({
  createdAt: '2026-11-22T14:02:41.000000',
  secret: payment.secret ?? 'ps_Ba5PzR0ArnqDYw1lk9EZ3vRJgvlm',
  status,
  transactionKey: 'txrd_a01jf3q4w5e6r7t8y9u0i1o2p3',
  orderId: payment.orderId,
});

export const PAYMENT_STATUS_CHANGED_WEBHOOK: PaymentStatusChangedWebhook = deepFreeze(
  makePaymentStatusChangedWebhook(),
);
export const DEPOSIT_CALLBACK_WEBHOOK: DepositCallbackWebhook = deepFreeze(makeDepositCallbackWebhook());

export const CANCEL_STATUS_CHANGED_WEBHOOK: CancelStatusChangedWebhook = deepFreeze({
  eventType: 'CANCEL_STATUS_CHANGED',
  createdAt: '2026-11-22T16:00:02.000000',
  data: {
    transactionKey: 'txrd_a01jf5p0o9i8u7y6t5r4e3w2q1',
    cancelReason: '구매자 요청',
    taxExemptionAmount: 0,
    canceledAt: '2026-11-22T16:00:01+09:00',
    easyPayDiscountAmount: 0,
    receiptKey: null,
    cancelAmount: 12.5,
    taxFreeAmount: 0,
    refundableAmount: 0,
    cancelStatus: 'DONE',
    cancelRequestId: 'crq_a01jf5p0o9i8u7y6t5',
  },
});

export const BILLING_DELETED_WEBHOOK: BillingDeletedWebhook = deepFreeze({
  eventType: 'BILLING_DELETED',
  createdAt: '2026-11-22T17:20:00.000000',
  data: { billingKey: 'Z_t5vOvQxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0=', reason: '삭제 API 요청' },
});

export const PAYOUT_CHANGED_WEBHOOK: PayoutChangedWebhook = deepFreeze({
  eventType: 'payout.changed',
  createdAt: '2026-11-22T18:00:00+09:00',
  version: '2022-11-16',
  eventId: 'evt_a01jf6a1b2c3d4e5f6',
  entityType: 'payout',
  entityBody: {
    id: 'FPA_a01jf6z9y8x7w6',
    refPayoutId: 'payout-0001',
    destination: 'seller-0001',
    scheduleType: 'EXPRESS',
    payoutDate: '2026-11-22',
    amount: { currency: 'KRW', value: 50000 },
    transactionDescription: '11월 정산',
    requestedAt: '2026-11-22T17:59:00+09:00',
    status: 'COMPLETED',
    error: null,
    metadata: {},
  },
});

export const SELLER_CHANGED_WEBHOOK: SellerChangedWebhook = deepFreeze({
  eventType: 'seller.changed',
  createdAt: '2026-11-22T18:10:00+09:00',
  version: '2022-11-16',
  eventId: 'evt_a01jf6g7h8i9j0k1l2',
  entityType: 'seller',
  entityBody: {
    id: 'seller_a01jf6m3n4o5',
    refSellerId: 'seller-0001',
    businessType: 'INDIVIDUAL_BUSINESS',
    status: 'APPROVED',
    metadata: {},
  },
});

// Other objects.

export const BILLING: Billing = deepFreeze({
  mId: FIXTURE_MID,
  customerKey: 'cus_7Hq2LpX9',
  authenticatedAt: '2026-11-22T09:00:00+09:00',
  method: '카드',
  billingKey: 'Z_t5vOvQxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0=',
  card: {
    issuerCode: '61',
    acquirerCode: '61',
    number: '43300000****123*',
    cardType: '신용',
    ownerType: '개인',
  },
});

export const TRANSACTIONS: readonly Transaction[] = deepFreeze([
  {
    mId: FIXTURE_MID,
    transactionKey: 'txrd_a01jf4a0z9y8x7w6v5u4t3s2r1',
    paymentKey: 'tviva20261122120533Rt5Yx',
    orderId: 'order-20261122-0003',
    method: '카드',
    customerKey: 'cus_7Hq2LpX9',
    useEscrow: false,
    receiptUrl:
      'https://dashboard-sandbox.tosspayments.com/receipt/redirection?transactionId=tviva20261122120533Rt5Yx&ref=PX',
    status: 'DONE',
    transactionAt: '2026-11-22T12:05:33+09:00',
    currency: 'KRW',
    amount: 30000,
  },
  {
    mId: FIXTURE_MID,
    transactionKey: 'txrd_a01jf4b1n0m9l8k7j6h5g4f3d2',
    paymentKey: 'tviva20261122120533Rt5Yx',
    orderId: 'order-20261122-0003',
    method: '카드',
    customerKey: 'cus_7Hq2LpX9',
    useEscrow: false,
    receiptUrl:
      'https://dashboard-sandbox.tosspayments.com/receipt/redirection?transactionId=tviva20261122120533Rt5Yx&ref=PX',
    status: 'PARTIAL_CANCELED',
    transactionAt: '2026-11-22T15:40:12+09:00',
    currency: 'KRW',
    amount: 10000,
  },
]);

export const CASH_RECEIPT: CashReceipt = deepFreeze({
  receiptKey: 'rcpt_a01jf7c8d9e0f1g2h3',
  issueNumber: null,
  issueStatus: 'IN_PROGRESS',
  amount: 30000,
  taxFreeAmount: 0,
  orderId: 'order-20261122-0002',
  orderName: '원두 1kg',
  type: '소득공제',
  transactionType: 'CONFIRM',
  businessNumber: '1234567890',
  customerIdentityNumber: '01012345678',
  failure: null,
  requestedAt: '2026-11-22T14:05:00+09:00',
  receiptUrl: null,
});

export const SETTLEMENT: Settlement = deepFreeze({
  mId: FIXTURE_MID,
  paymentKey: 'tviva20261122103015Kq7Wd',
  transactionKey: 'txrd_a01jf3k2m9v8q7w6e5r4t3y2u1',
  orderId: 'order-20261122-0001',
  currency: 'KRW',
  method: '카드',
  amount: 15000,
  interestFee: 0,
  fees: [{ type: 'BASE', fee: 480 }],
  supplyAmount: 436,
  vat: 44,
  payOutAmount: 14520,
  approvedAt: '2026-11-22T10:30:15+09:00',
  soldDate: '2026-11-22',
  paidOutDate: '2026-11-25',
  card: null,
  easyPay: null,
  giftCertificate: null,
  mobilePhone: null,
  transfer: null,
  virtualAccount: null,
  cancel: null,
});

export const CARD_PROMOTION: CardPromotion = deepFreeze({
  discountCards: [
    {
      issuerCode: '41',
      discountAmount: 1000,
      balance: 2500000,
      discountCode: 'disc_a01jf8',
      dueDate: '2026-12-31',
      minimumPaymentAmount: 30000,
      maximumPaymentAmount: 1000000,
      currency: 'KRW',
    },
  ],
  interestFreeCards: [
    {
      issuerCode: '51',
      minimumPaymentAmount: 50000,
      dueDate: '2026-12-31',
      installmentFreeMonths: [2, 3, 4, 5, 6],
      currency: 'KRW',
    },
  ],
});

export const PROMOTIONS: readonly Promotion[] = deepFreeze([
  {
    payType: 'NORMAL',
    type: 'CARD_DISCOUNT',
    cardDiscount: {
      issuerCode: '41',
      discountAmount: 1000,
      minimumPaymentAmount: 30000,
      maximumPaymentAmount: 1000000,
      currency: 'KRW',
      discountCode: 'disc_a01jf8',
      dueDate: '2026-12-31',
      balance: 2500000,
    },
  },
  {
    payType: 'NORMAL',
    type: 'BANK_DISCOUNT',
    bankDiscount: {
      type: 'FIXED_RATE',
      bankCode: '92',
      discountRate: 0.05,
      minimumPaymentAmount: 10000,
      maximumPaymentAmount: 200000,
      currency: 'KRW',
      discountCode: 'bdisc_a01jf9',
      dueDate: '2026-12-31',
    },
  },
]);
