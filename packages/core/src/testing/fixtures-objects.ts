// Sample webhooks and other gateway objects for tests (see fixtures.ts).
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
import {
  clone,
  deepFreeze,
  FIXTURE_MID,
  makeDoneCardPayment,
  makeWaitingVirtualAccountPayment,
} from './fixtures-payments.js';

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
