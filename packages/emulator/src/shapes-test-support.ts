// The objects of API version 2022-11-16 as the gateway's reference documents them, for the emulator's own tests:
// every documented field present with its documented type (null where the docs allow null). The emulator checks its
// answers against the docs here, not against @tosskit/core's schemas (core's reading is compared in core's
// emulator-cross-check test).
//
// Sources: docs.tosspayments.com/reference ("Payment 객체", "Cancel 객체" (cancels), "Transaction 객체", "Billing 객체",
// "CashReceipt 객체", "Settlement 객체", "CardPromotion 객체", "Promotion 객체") and
// docs.tosspayments.com/reference/using-api/webhook-events (event bodies).
import type { CancelObject, CashReceiptObject, PaymentObject, TransactionObject } from './state/index.js';

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';
/** a kind, or a kind with `?` when the docs allow null */
type Field = Kind | `${Kind}?`;
type Shape = Readonly<Record<string, Field>>;

const PAYMENT: Shape = {
  mId: 'string',
  lastTransactionKey: 'string?',
  paymentKey: 'string',
  orderId: 'string',
  orderName: 'string',
  taxExemptionAmount: 'number',
  status: 'string',
  requestedAt: 'string',
  approvedAt: 'string?',
  useEscrow: 'boolean?',
  cultureExpense: 'boolean',
  card: 'object?',
  virtualAccount: 'object?',
  transfer: 'object?',
  mobilePhone: 'object?',
  giftCertificate: 'object?',
  cashReceipt: 'object?',
  cashReceipts: 'array?',
  discount: 'object?',
  cancels: 'array?',
  secret: 'string?',
  type: 'string',
  easyPay: 'object?',
  country: 'string',
  failure: 'object?',
  isPartialCancelable: 'boolean',
  receipt: 'object?',
  checkout: 'object?',
  currency: 'string',
  totalAmount: 'number',
  balanceAmount: 'number',
  suppliedAmount: 'number',
  vat: 'number',
  taxFreeAmount: 'number',
  metadata: 'object?',
  method: 'string?',
  version: 'string',
};

const PAYMENT_STATUSES = [
  'READY',
  'IN_PROGRESS',
  'WAITING_FOR_DEPOSIT',
  'DONE',
  'CANCELED',
  'PARTIAL_CANCELED',
  'ABORTED',
  'EXPIRED',
];
const METHODS = [
  '카드',
  '가상계좌',
  '간편결제',
  '휴대폰',
  '계좌이체',
  '문화상품권',
  '도서문화상품권',
  '게임문화상품권',
];

const CARD: Shape = {
  issuerCode: 'string',
  acquirerCode: 'string?',
  number: 'string',
  installmentPlanMonths: 'number',
  isInterestFree: 'boolean',
  interestPayer: 'string?',
  approveNo: 'string',
  useCardPoint: 'boolean',
  cardType: 'string',
  ownerType: 'string',
  acquireStatus: 'string',
  amount: 'number',
};

const VIRTUAL_ACCOUNT: Shape = {
  accountType: 'string',
  accountNumber: 'string',
  bankCode: 'string',
  customerName: 'string',
  dueDate: 'string',
  refundStatus: 'string',
  expired: 'boolean',
  settlementStatus: 'string',
  refundReceiveAccount: 'object?',
};

const CANCEL: Shape = {
  transactionKey: 'string',
  cancelReason: 'string',
  taxExemptionAmount: 'number',
  canceledAt: 'string',
  transferDiscountAmount: 'number',
  easyPayDiscountAmount: 'number',
  receiptKey: 'string?',
  cancelAmount: 'number',
  taxFreeAmount: 'number',
  refundableAmount: 'number',
  cancelStatus: 'string',
  cancelRequestId: 'string?',
};

const TRANSACTION: Shape = {
  mId: 'string',
  transactionKey: 'string',
  paymentKey: 'string',
  orderId: 'string',
  method: 'string?',
  customerKey: 'string?',
  useEscrow: 'boolean',
  receiptUrl: 'string?',
  status: 'string',
  transactionAt: 'string',
  currency: 'string',
  amount: 'number',
};

const BILLING: Shape = {
  mId: 'string',
  customerKey: 'string',
  authenticatedAt: 'string',
  method: 'string',
  billingKey: 'string',
  card: 'object?',
  cardCompany: 'string?',
  cardNumber: 'string?',
};

const CASH_RECEIPT: Shape = {
  receiptKey: 'string',
  issueNumber: 'string',
  issueStatus: 'string',
  amount: 'number',
  taxFreeAmount: 'number',
  orderId: 'string',
  orderName: 'string',
  type: 'string',
  transactionType: 'string',
  businessNumber: 'string',
  customerIdentityNumber: 'string',
  failure: 'object?',
  requestedAt: 'string',
  receiptUrl: 'string',
};

const SETTLEMENT: Shape = {
  mId: 'string',
  paymentKey: 'string',
  transactionKey: 'string',
  orderId: 'string',
  currency: 'string',
  method: 'string?',
  amount: 'number',
  interestFee: 'number',
  fees: 'array',
  supplyAmount: 'number',
  vat: 'number',
  payOutAmount: 'number',
  approvedAt: 'string',
  soldDate: 'string',
  paidOutDate: 'string',
  card: 'object?',
  easyPay: 'object?',
  giftCertificate: 'object?',
  mobilePhone: 'object?',
  transfer: 'object?',
  virtualAccount: 'object?',
  cancel: 'object?',
};

function kindOf(value: unknown): Kind | 'null' | 'undefined' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' || t === 'object' ? t : 'undefined';
}

/** Throws naming the first field that is missing or of another type than the docs say. */
function check(value: unknown, shape: Shape, where: string): Record<string, any> {
  if (kindOf(value) !== 'object') throw new Error(`${where}: expected an object, got ${kindOf(value)}`);
  const obj = value as Record<string, unknown>;
  for (const [field, spec] of Object.entries(shape)) {
    const nullable = spec.endsWith('?');
    const kind = (nullable ? spec.slice(0, -1) : spec) as Kind;
    if (!Object.prototype.hasOwnProperty.call(obj, field)) throw new Error(`${where}.${field}: missing`);
    const actual = kindOf(obj[field]);
    if (actual === kind || (nullable && actual === 'null')) continue;
    throw new Error(`${where}.${field}: expected ${spec}, got ${actual}`);
  }
  return obj;
}

function oneOf(value: unknown, allowed: readonly string[], where: string): void {
  if (typeof value !== 'string' || !allowed.includes(value))
    throw new Error(`${where}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
}

/** A Payment object as documented: fields, types, status and method values, nested card / account / cancels. */
export function payment(value: unknown, where = 'Payment'): PaymentObject {
  const p = check(value, PAYMENT, where);
  oneOf(p['status'], PAYMENT_STATUSES, `${where}.status`);
  if (p['method'] !== null) oneOf(p['method'], [...METHODS, '해외간편결제'], `${where}.method`);
  if (p['card'] !== null) check(p['card'], CARD, `${where}.card`);
  if (p['virtualAccount'] !== null) check(p['virtualAccount'], VIRTUAL_ACCOUNT, `${where}.virtualAccount`);
  if (p['failure'] !== null) check(p['failure'], { code: 'string', message: 'string' }, `${where}.failure`);
  (p['cancels'] ?? []).forEach((c: unknown, i: number) => cancel(c, `${where}.cancels[${i}]`));
  return p as PaymentObject;
}

export function cancel(value: unknown, where = 'Cancel'): CancelObject {
  const c = check(value, CANCEL, where);
  oneOf(c['cancelStatus'], ['DONE', 'IN_PROGRESS', 'ABORTED'], `${where}.cancelStatus`);
  return c as CancelObject;
}

export function transactions(value: unknown, where = 'Transaction[]'): TransactionObject[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected an array, got ${kindOf(value)}`);
  return value.map((t, i) => {
    const row = check(t, TRANSACTION, `${where}[${i}]`);
    oneOf(row['status'], PAYMENT_STATUSES, `${where}[${i}].status`);
    return row as TransactionObject;
  });
}

export interface BillingObject {
  mId: string;
  customerKey: string;
  authenticatedAt: string;
  method: string;
  billingKey: string;
  card: {
    issuerCode: string;
    acquirerCode: string | null;
    number: string;
    cardType: string;
    ownerType: string;
  } | null;
  cardCompany: string;
  cardNumber: string;
}

export function billing(value: unknown, where = 'Billing'): BillingObject {
  const b = check(value, BILLING, where);
  if (b['card'] !== null)
    check(
      b['card'],
      {
        issuerCode: 'string',
        acquirerCode: 'string?',
        number: 'string',
        cardType: 'string',
        ownerType: 'string',
      },
      `${where}.card`,
    );
  return b as BillingObject;
}

export function cashReceipt(value: unknown, where = 'CashReceipt'): CashReceiptObject {
  const r = check(value, CASH_RECEIPT, where);
  oneOf(r['issueStatus'], ['IN_PROGRESS', 'COMPLETED', 'FAILED'], `${where}.issueStatus`);
  oneOf(r['transactionType'], ['CONFIRM', 'CANCEL'], `${where}.transactionType`);
  return r as CashReceiptObject;
}

export function cashReceiptList(
  value: unknown,
  where = 'CashReceipts',
): { hasNext: boolean; lastCursor: number | null; data: CashReceiptObject[] } {
  const list = check(value, { hasNext: 'boolean', lastCursor: 'number?', data: 'array' }, where);
  (list['data'] as unknown[]).forEach((r, i) => cashReceipt(r, `${where}.data[${i}]`));
  return list as { hasNext: boolean; lastCursor: number | null; data: CashReceiptObject[] };
}

export function cardPromotion(
  value: unknown,
  where = 'CardPromotion',
): { discountCards: Record<string, unknown>[]; interestFreeCards: Record<string, unknown>[] } {
  return check(value, { discountCards: 'array', interestFreeCards: 'array' }, where) as {
    discountCards: Record<string, unknown>[];
    interestFreeCards: Record<string, unknown>[];
  };
}

export function promotionList(value: unknown, where = 'Promotion[]'): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected an array, got ${kindOf(value)}`);
  return value.map((p, i) => check(p, {}, `${where}[${i}]`));
}

export function settlements(value: unknown, where = 'Settlement[]'): Record<string, any>[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected an array, got ${kindOf(value)}`);
  return value.map((s, i) => check(s, SETTLEMENT, `${where}[${i}]`));
}

export function settlementResult(value: unknown, where = 'SettlementResult'): { result: boolean } {
  return check(value, { result: 'boolean' }, where) as { result: boolean };
}

/** Webhook bodies (docs.tosspayments.com/reference/using-api/webhook-events). */
export function paymentStatusChanged(value: unknown): {
  eventType: string;
  createdAt: string;
  data: PaymentObject;
} {
  const body = check(
    value,
    { eventType: 'string', createdAt: 'string', data: 'object' },
    'PAYMENT_STATUS_CHANGED',
  );
  oneOf(body['eventType'], ['PAYMENT_STATUS_CHANGED'], 'PAYMENT_STATUS_CHANGED.eventType');
  return { eventType: body['eventType'], createdAt: body['createdAt'], data: payment(body['data'], 'data') };
}

export function depositCallback(value: unknown): {
  createdAt: string;
  secret: string;
  status: string;
  transactionKey: string;
  orderId: string;
} {
  const body = check(
    value,
    { createdAt: 'string', secret: 'string', status: 'string', transactionKey: 'string', orderId: 'string' },
    'DEPOSIT_CALLBACK',
  );
  oneOf(body['status'], PAYMENT_STATUSES, 'DEPOSIT_CALLBACK.status');
  return body as {
    createdAt: string;
    secret: string;
    status: string;
    transactionKey: string;
    orderId: string;
  };
}

export function billingDeleted(value: unknown): { eventType: string; data: { billingKey: string } } {
  const body = check(value, { eventType: 'string', createdAt: 'string', data: 'object' }, 'BILLING_DELETED');
  oneOf(body['eventType'], ['BILLING_DELETED'], 'BILLING_DELETED.eventType');
  check(body['data'], { billingKey: 'string' }, 'BILLING_DELETED.data');
  return body as { eventType: string; data: { billingKey: string } };
}

export function cancelStatusChanged(value: unknown): { eventType: string; data: CancelObject } {
  const body = check(
    value,
    { eventType: 'string', createdAt: 'string', data: 'object' },
    'CANCEL_STATUS_CHANGED',
  );
  oneOf(body['eventType'], ['CANCEL_STATUS_CHANGED'], 'CANCEL_STATUS_CHANGED.eventType');
  return { eventType: body['eventType'], data: cancel(body['data'], 'CANCEL_STATUS_CHANGED.data') };
}
