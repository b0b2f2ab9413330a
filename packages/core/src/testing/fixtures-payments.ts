// Sample payments for tests (see fixtures.ts): the four payment shapes, as frozen constants and make* copies.
import type { Payment } from '../models/payment.js';

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export const clone = <T>(value: T): T => structuredClone(value) as T;

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
