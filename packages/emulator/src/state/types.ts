/**
 * The objects of API version 2022-11-16 as the emulator answers them, and the records it keeps behind them.
 */
import type { EmulatorClock } from '../clock.js';

export const API_VERSION = '2022-11-16';
export const IN_PROGRESS_TTL_MS = 10 * 60_000;
export const READY_TTL_MS = 30 * 60_000;
export const AUTH_KEY_TTL_MS = 30 * 60_000;

export type PaymentStatus =
  | 'READY'
  | 'IN_PROGRESS'
  | 'WAITING_FOR_DEPOSIT'
  | 'DONE'
  | 'CANCELED'
  | 'PARTIAL_CANCELED'
  | 'ABORTED'
  | 'EXPIRED';

/** The Payment object exactly as the 2022-11-16 API returns it. */
export interface PaymentObject {
  mId: string;
  lastTransactionKey: string | null;
  paymentKey: string;
  orderId: string;
  orderName: string;
  taxExemptionAmount: number;
  status: PaymentStatus;
  requestedAt: string;
  approvedAt: string | null;
  /** null on payments that never completed (EXPIRED, ABORTED), as the gateway answers them */
  useEscrow: boolean | null;
  cultureExpense: boolean;
  card: Record<string, unknown> | null;
  virtualAccount: Record<string, unknown> | null;
  transfer: Record<string, unknown> | null;
  mobilePhone: Record<string, unknown> | null;
  giftCertificate: Record<string, unknown> | null;
  cashReceipt: Record<string, unknown> | null;
  cashReceipts: Record<string, unknown>[] | null;
  discount: { amount: number } | null;
  cancels: CancelObject[] | null;
  secret: string | null;
  type: 'NORMAL' | 'BILLING' | 'BRANDPAY';
  easyPay: Record<string, unknown> | null;
  country: string;
  failure: { code: string; message: string } | null;
  isPartialCancelable: boolean;
  receipt: { url: string } | null;
  checkout: { url: string } | null;
  currency: string;
  totalAmount: number;
  balanceAmount: number;
  suppliedAmount: number;
  vat: number;
  taxFreeAmount: number;
  metadata: Record<string, string> | null;
  method: string | null;
  version: string;
  /** only on 해외간편결제 (foreign easy pay) payments */
  foreignEasyPay?: { provider: string } | null;
}

export interface CancelObject {
  transactionKey: string;
  cancelReason: string;
  taxExemptionAmount: number;
  canceledAt: string;
  transferDiscountAmount: number;
  easyPayDiscountAmount: number;
  receiptKey: string | null;
  cancelAmount: number;
  taxFreeAmount: number;
  refundableAmount: number;
  cardDiscountAmount: number;
  cancelStatus: string;
  cancelRequestId: string | null;
}

export interface TransactionObject {
  mId: string;
  transactionKey: string;
  paymentKey: string;
  orderId: string;
  method: string | null;
  customerKey: string | null;
  useEscrow: boolean | null;
  receiptUrl: string | null;
  status: PaymentStatus;
  transactionAt: string;
  currency: string;
  amount: number;
}

export interface PaymentRecord {
  payment: PaymentObject;
  sdkMethod: string;
  /** epoch ms when the READY / IN_PROGRESS session ends */
  sessionExpiresAt: number | null;
  clientKey: string | null;
  customerKey: string | null;
  /** bumped on every change: used by the consecutive-request rule */
  version: number;
  createdAt: number;
  /** VA due date (epoch ms) */
  dueAt: number | null;
  billingKey: string | null;
  settlementRequested: boolean;
  /** what the window asked for, kept for confirm (card company, bank, installment, ...) */
  window: Record<string, unknown>;
  /** every status the payment took, with the emulator time (the dashboard's timeline; absent in old snapshots) */
  history?: { at: number; status: PaymentStatus }[];
}

export interface TransactionRow extends TransactionObject {
  at: number;
}

export interface BillingRecord {
  billingKey: string;
  customerKey: string;
  authenticatedAt: string;
  issuerCode: string;
  number: string;
  method: string;
  /** transfer billing (method 계좌이체): the buyer's bank and masked account */
  bankCode?: string;
  accountNumber?: string;
  deleted: boolean;
  secretKey: string | null;
}

export interface AuthKeyRecord {
  authKey: string;
  customerKey: string;
  clientKey: string | null;
  expiresAt: number;
  used: boolean;
  issuerCode: string;
  method: string;
  /** transfer authorizations: the bank the buyer picked */
  bankCode?: string;
}

export interface CashReceiptObject {
  receiptKey: string;
  issueNumber: string;
  issueStatus: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  amount: number;
  taxFreeAmount: number;
  orderId: string;
  orderName: string;
  type: string;
  transactionType: 'CONFIRM' | 'CANCEL';
  businessNumber: string;
  customerIdentityNumber: string;
  failure: { code: string; message: string } | null;
  requestedAt: string;
  receiptUrl: string;
}

export interface CashReceiptRow {
  seq: number;
  at: number;
  receipt: CashReceiptObject;
  canceledAmount: number;
}

export interface PromotionConfig {
  /** `GET /v1/promotions/card` answer */
  card?: { discountCards: Record<string, unknown>[]; interestFreeCards: Record<string, unknown>[] };
  /** `GET /v1/promotions` answer */
  promotions?: Record<string, unknown>[];
}

export type EmittedEvent =
  | { eventType: 'PAYMENT_STATUS_CHANGED'; body: Record<string, unknown> }
  | { eventType: 'DEPOSIT_CALLBACK'; body: Record<string, unknown> }
  | { eventType: 'BILLING_DELETED'; body: Record<string, unknown> }
  | { eventType: 'CANCEL_STATUS_CHANGED'; body: Record<string, unknown> };

export interface AuthorizeInput {
  orderId: string;
  amount: number;
  orderName?: string;
  method?: string;
  customerKey?: string;
  clientKey?: string;
  cardCompany?: string;
  bank?: string;
  validHours?: number;
  dueDate?: string;
  cashReceipt?: { type: string } | null;
  customerName?: string;
  installmentPlanMonths?: number;
  easyPayProvider?: string;
  currency?: string;
  taxFreeAmount?: number;
  metadata?: Record<string, string> | null;
  /** promote this READY payment (opened with openPayment) instead of creating one */
  paymentKey?: string;
  [key: string]: unknown;
}

export interface StateSnapshot {
  version: 1;
  now: number;
  payments: PaymentRecord[];
  transactions: TransactionRow[];
  billings: BillingRecord[];
  authKeys: AuthKeyRecord[];
  cashReceipts: CashReceiptRow[];
  receiptSeq: number;
  promotions: PromotionConfig;
}

export interface StateOptions {
  clock: EmulatorClock;
  mId?: string;
  promotions?: PromotionConfig;
  /** emulator ms before an IN_PROGRESS cash receipt is COMPLETED (default one day) */
  cashReceiptProcessingMs?: number;
  emit: (event: EmittedEvent) => void;
  /** false when nobody listens: the events (a deep copy of the payment each) are then not built */
  wantsEvents?: () => boolean;
  onChange?: () => void;
}
