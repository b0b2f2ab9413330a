/**
 * Gateway payments and ids for the ledger conformance suite (and for ledger authors' own tests): realistic
 * 2022-11-16 snapshots, built from a few inputs.
 */
import { computeVat } from '../amount/index.js';
import type { Payment, PaymentStatus } from '../models/index.js';

let sequence = 0;
export function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}-${Date.now().toString(36)}-${sequence}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface TestCancel {
  cancelAmount: number;
  transactionKey: string;
  cancelReason?: string;
}

/** A realistic 2022-11-16 card Payment (every method object present, nulls where they do not apply). */
export function makeCardPayment(
  input: {
    paymentKey?: string;
    orderId?: string;
    status?: PaymentStatus;
    totalAmount?: number;
    approvalKey?: string;
    cancels?: TestCancel[];
    extra?: Record<string, unknown>;
  } = {},
): Payment {
  const totalAmount = input.totalAmount ?? 15_000;
  const cancelsIn = input.cancels ?? [];
  let balance = totalAmount;
  const cancels = cancelsIn.map((c, i) => {
    balance -= c.cancelAmount;
    return {
      cancelAmount: c.cancelAmount,
      cancelReason: c.cancelReason ?? `고객 요청 ${i + 1}`,
      taxFreeAmount: 0,
      taxExemptionAmount: 0,
      refundableAmount: balance,
      cardDiscountAmount: 0,
      transferDiscountAmount: 0,
      easyPayDiscountAmount: 0,
      canceledAt: `2024-02-13T12:${String(20 + i).padStart(2, '0')}:00+09:00`,
      transactionKey: c.transactionKey,
      receiptKey: null,
      cancelStatus: 'DONE',
      cancelRequestId: null,
    };
  });
  const status: PaymentStatus =
    input.status ?? (cancels.length === 0 ? 'DONE' : balance === 0 ? 'CANCELED' : 'PARTIAL_CANCELED');
  const approvalKey =
    input.approvalKey ??
    'txrd_a01' +
      unique('k')
        .replace(/[^a-z0-9]/gi, '')
        .slice(-20);
  const approved =
    status !== 'READY' && status !== 'IN_PROGRESS' && status !== 'ABORTED' && status !== 'EXPIRED';
  const { vat } = computeVat(balance);
  return {
    mId: 'tvivarepublica',
    version: '2022-11-16',
    paymentKey: input.paymentKey ?? unique('tgen_pk'),
    orderId: input.orderId ?? unique('order'),
    orderName: '토스 티셔츠 외 2건',
    type: 'NORMAL',
    currency: 'KRW',
    method: '카드',
    status,
    totalAmount,
    balanceAmount: balance,
    suppliedAmount: balance - vat,
    vat,
    taxFreeAmount: 0,
    taxExemptionAmount: 0,
    requestedAt: '2024-02-13T12:17:57+09:00',
    approvedAt: approved ? '2024-02-13T12:18:14+09:00' : null,
    useEscrow: false,
    cultureExpense: false,
    lastTransactionKey:
      cancels.length > 0 ? cancels[cancels.length - 1]!.transactionKey : approved ? approvalKey : null,
    isPartialCancelable: true,
    cancels: cancels.length > 0 ? cancels : null,
    card: {
      issuerCode: '71',
      acquirerCode: '71',
      number: '12345678****000*',
      installmentPlanMonths: 0,
      isInterestFree: false,
      interestPayer: null,
      approveNo: '00000000',
      useCardPoint: false,
      cardType: '신용',
      ownerType: '개인',
      acquireStatus: 'READY',
      amount: totalAmount,
    },
    virtualAccount: null,
    transfer: null,
    mobilePhone: null,
    giftCertificate: null,
    cashReceipt: null,
    cashReceipts: null,
    discount: null,
    easyPay: null,
    secret: null,
    receipt: { url: 'https://dashboard.tosspayments.com/receipt/redirection?transactionId=x&ref=PX' },
    checkout: { url: 'https://api.tosspayments.com/v1/payments/x/checkout' },
    failure: null,
    country: 'KR',
    metadata: null,
    ...input.extra,
  } as unknown as Payment;
}

/** A virtual-account Payment, waiting for deposit or deposited, carrying its `secret`. */
export function makeVirtualAccountPayment(
  input: {
    paymentKey?: string;
    orderId?: string;
    deposited?: boolean;
    secret?: string;
    totalAmount?: number;
  } = {},
): Payment {
  const deposited = input.deposited ?? false;
  const base = makeCardPayment({
    paymentKey: input.paymentKey,
    orderId: input.orderId,
    totalAmount: input.totalAmount ?? 50_000,
    status: deposited ? 'DONE' : 'WAITING_FOR_DEPOSIT',
  }) as unknown as Record<string, unknown>;
  return {
    ...base,
    method: '가상계좌',
    card: null,
    approvedAt: deposited ? '2024-02-14T09:00:00+09:00' : null,
    lastTransactionKey: deposited ? base.lastTransactionKey : null,
    secret:
      input.secret ??
      'ps_' +
        unique('s')
          .replace(/[^a-z0-9]/gi, '')
          .slice(-27),
    virtualAccount: {
      accountType: '일반',
      accountNumber: 'X6505636518308',
      bankCode: '20',
      customerName: '박토스',
      depositorName: null,
      dueDate: '2024-02-20T23:59:59+09:00',
      refundStatus: 'NONE',
      expired: false,
      settlementStatus: 'INCOMPLETED',
      refundReceiveAccount: null,
    },
  } as unknown as Payment;
}
