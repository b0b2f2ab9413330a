/**
 * The state's store: every record the emulated gateway keeps (payments by key and by orderId, transactions, billing
 * keys, auth keys, cash receipts, promotions) and what all domains share: lookups that apply due expiries, the
 * transaction log, the change counter, webhooks on status changes, and snapshot / restore / reset.
 */
import { EmulatorClock, kstIso, kstWebhookTime } from '../clock.js';
import { gatewayError } from '../errors.js';
import { computeVat } from '../gateway/amounts.js';
import { methodName } from '../gateway/lookups.js';
import { newPaymentKey, newTransactionKey } from '../ids.js';
import { deepCopy } from './fields.js';
import {
  API_VERSION,
  type AuthKeyRecord,
  type BillingRecord,
  type CashReceiptRow,
  type EmittedEvent,
  type PaymentObject,
  type PaymentRecord,
  type PaymentStatus,
  type PromotionConfig,
  type StateOptions,
  type StateSnapshot,
  type TransactionRow,
} from './types.js';

/**
 * A payment that ended without an approval (EXPIRED, ABORTED) answers like the gateway's: `useEscrow` null, no
 * receipt, no transaction (forum 1410526054635933798 quotes an EXPIRED payment; `method` stays null when the buyer
 * chose none, which READY payments already answer).
 */
export function neverCompleted(p: PaymentObject): void {
  p.useEscrow = null;
  p.receipt = null;
  p.lastTransactionKey = null;
}

export class Store {
  readonly clock: EmulatorClock;
  readonly mId: string;
  baseUrl = 'http://127.0.0.1';
  readonly emitEvent: (event: EmittedEvent) => void;
  readonly wantsEvents: () => boolean;
  readonly onChange: () => void;
  payments = new Map<string, PaymentRecord>();
  byOrderId = new Map<string, string>();
  transactions: TransactionRow[] = [];
  billings = new Map<string, BillingRecord>();
  authKeys = new Map<string, AuthKeyRecord>();
  cashReceipts: CashReceiptRow[] = [];
  readonly cashReceiptProcessingMs: number;
  receiptSeq = 0;
  expiryTasks = new Map<string, number>();
  jsonCache = new WeakMap<PaymentRecord, { version: number; json: string }>();
  promotions: PromotionConfig;

  constructor(options: StateOptions) {
    this.clock = options.clock;
    this.mId = options.mId ?? 'tvivarepublica';
    this.emitEvent = options.emit;
    this.wantsEvents = options.wantsEvents ?? (() => true);
    this.onChange = options.onChange ?? (() => {});
    this.promotions = options.promotions ?? {};
    this.cashReceiptProcessingMs = options.cashReceiptProcessingMs ?? 86_400_000;
  }

  /** Finds a payment by paymentKey or orderId, applying any expiry that is due. */
  find(paymentKeyOrOrderId: string): PaymentRecord | undefined {
    const rec =
      this.payments.get(paymentKeyOrOrderId) ??
      this.payments.get(this.byOrderId.get(paymentKeyOrOrderId) ?? '');
    if (rec) this.applyExpiry(rec);
    return rec;
  }

  findByKey(paymentKey: string): PaymentRecord | undefined {
    const rec = this.payments.get(paymentKey);
    if (rec) this.applyExpiry(rec);
    return rec;
  }

  findByOrderId(orderId: string): PaymentRecord | undefined {
    const key = this.byOrderId.get(orderId);
    return key === undefined ? undefined : this.findByKey(key);
  }

  /** The Payment as JSON, serialized once per change (GET is the emulator's hottest path). */
  paymentJson(rec: PaymentRecord): string {
    const cached = this.jsonCache.get(rec);
    if (cached !== undefined && cached.version === rec.version) return cached.json;
    const json = JSON.stringify(rec.payment);
    this.jsonCache.set(rec, { version: rec.version, json });
    return json;
  }

  getPaymentJson(paymentKey: string): string {
    const rec = this.findByKey(paymentKey);
    if (!rec) throw gatewayError('NOT_FOUND_PAYMENT');
    return this.paymentJson(rec);
  }

  getPaymentJsonByOrderId(orderId: string): string {
    const rec = this.findByOrderId(orderId);
    if (!rec) throw gatewayError('NOT_FOUND_PAYMENT');
    return this.paymentJson(rec);
  }

  getPayment(paymentKey: string): PaymentObject {
    const rec = this.findByKey(paymentKey);
    if (!rec) throw gatewayError('NOT_FOUND_PAYMENT');
    return rec.payment;
  }

  getPaymentByOrderId(orderId: string): PaymentObject {
    const rec = this.findByOrderId(orderId);
    if (!rec) throw gatewayError('NOT_FOUND_PAYMENT');
    return rec.payment;
  }

  list(): PaymentObject[] {
    for (const rec of this.payments.values()) this.applyExpiry(rec);
    return [...this.payments.values()].map((r) => r.payment);
  }

  newRecord(input: {
    orderId: string;
    orderName: string;
    amount: number;
    sdkMethod: string | null;
    status: PaymentStatus;
    type?: 'NORMAL' | 'BILLING' | 'BRANDPAY';
    customerKey?: string | null;
    clientKey?: string | null;
    currency?: string;
    taxFreeAmount?: number;
    metadata?: Record<string, string> | null;
    window?: Record<string, unknown>;
  }): PaymentRecord {
    const now = this.clock.now();
    let paymentKey = newPaymentKey(now);
    while (this.payments.has(paymentKey)) paymentKey = newPaymentKey(now);
    const taxFree = input.taxFreeAmount ?? 0;
    const { vat, suppliedAmount } = computeVat(input.amount, taxFree, input.currency ?? 'KRW');
    const payment: PaymentObject = {
      mId: this.mId,
      lastTransactionKey: null,
      paymentKey,
      orderId: input.orderId,
      orderName: input.orderName,
      taxExemptionAmount: 0,
      status: input.status,
      requestedAt: kstIso(now),
      approvedAt: null,
      useEscrow: false,
      cultureExpense: false,
      card: null,
      virtualAccount: null,
      transfer: null,
      mobilePhone: null,
      giftCertificate: null,
      cashReceipt: null,
      cashReceipts: null,
      discount: null,
      cancels: null,
      secret: null,
      type: input.type ?? 'NORMAL',
      easyPay: null,
      country: 'KR',
      failure: null,
      isPartialCancelable: true,
      receipt: { url: `${this.baseUrl}/receipt/redirection?transactionId=${paymentKey}&ref=PX` },
      checkout: { url: `${this.baseUrl}/v1/payments/${paymentKey}/checkout` },
      currency: input.currency ?? 'KRW',
      totalAmount: input.amount,
      balanceAmount: input.amount,
      suppliedAmount,
      vat,
      taxFreeAmount: taxFree,
      metadata: input.metadata ?? null,
      method: input.sdkMethod === null ? null : methodName(input.sdkMethod),
      version: API_VERSION,
    };
    const rec: PaymentRecord = {
      payment,
      sdkMethod: input.sdkMethod ?? 'CARD',
      sessionExpiresAt: null,
      clientKey: input.clientKey ?? null,
      customerKey: input.customerKey ?? null,
      version: 0,
      createdAt: now,
      dueAt: null,
      billingKey: null,
      settlementRequested: false,
      window: input.window ?? {},
    };
    return rec;
  }

  claimOrderId(orderId: string): void {
    const existing = this.findByOrderId(orderId);
    if (existing && !['READY', 'IN_PROGRESS', 'EXPIRED', 'ABORTED'].includes(existing.payment.status)) {
      throw gatewayError('DUPLICATED_ORDER_ID');
    }
  }

  save(rec: PaymentRecord): void {
    this.payments.set(rec.payment.paymentKey, rec);
    this.byOrderId.set(rec.payment.orderId, rec.payment.paymentKey);
    this.changed(rec);
  }

  changed(rec: PaymentRecord): void {
    rec.version++;
    const history = (rec.history ??= []);
    if (history.at(-1)?.status !== rec.payment.status)
      history.push({ at: this.clock.now(), status: rec.payment.status });
    this.onChange();
  }

  scheduleExpiry(rec: PaymentRecord): void {
    const key = rec.payment.paymentKey;
    const old = this.expiryTasks.get(key);
    if (old !== undefined) this.clock.cancel(old);
    if (rec.sessionExpiresAt === null) return;
    const id = this.clock.schedule(rec.sessionExpiresAt - this.clock.now(), () => {
      this.expiryTasks.delete(key);
      this.applyExpiry(rec);
    });
    this.expiryTasks.set(key, id);
  }

  /** READY/IN_PROGRESS sessions past their time become EXPIRED (failure EXPIRED_PAYMENT) with a webhook. */
  applyExpiry(rec: PaymentRecord): void {
    const p = rec.payment;
    if (
      (p.status === 'READY' || p.status === 'IN_PROGRESS') &&
      rec.sessionExpiresAt !== null &&
      this.clock.now() >= rec.sessionExpiresAt
    ) {
      this.expireSession(rec);
    }
  }

  expireSession(rec: PaymentRecord): void {
    const p = rec.payment;
    p.status = 'EXPIRED';
    rec.sessionExpiresAt = null;
    // the answer quoted on the gateway's forum (1410526054635933798)
    p.failure = { code: 'EXPIRED_PAYMENT', message: '결제가 만료되었습니다. 다시 시도해주세요.' };
    neverCompleted(p);
    this.changed(rec);
    this.statusChanged(rec);
  }

  addTransaction(rec: PaymentRecord, status: PaymentStatus, amount: number): string {
    const now = this.clock.now();
    const key = newTransactionKey();
    rec.payment.lastTransactionKey = key;
    this.transactions.push({
      at: now,
      mId: this.mId,
      transactionKey: key,
      paymentKey: rec.payment.paymentKey,
      orderId: rec.payment.orderId,
      method: rec.payment.method,
      customerKey: rec.customerKey,
      useEscrow: rec.payment.useEscrow,
      receiptUrl: rec.payment.receipt?.url ?? null,
      status,
      transactionAt: kstIso(now),
      currency: rec.payment.currency,
      amount,
    });
    return key;
  }

  /** PAYMENT_STATUS_CHANGED for every ★ transition; DEPOSIT_CALLBACK too for virtual accounts. */
  emit(event: EmittedEvent): void {
    this.emitEvent(event);
  }

  statusChanged(rec: PaymentRecord, options: { paymentEvent?: boolean } = {}): void {
    if (!this.wantsEvents()) return;
    const now = this.clock.now();
    const p = rec.payment;
    if (options.paymentEvent !== false) {
      this.emit({
        eventType: 'PAYMENT_STATUS_CHANGED',
        body: { eventType: 'PAYMENT_STATUS_CHANGED', createdAt: kstWebhookTime(now), data: deepCopy(p) },
      });
    }
    if (rec.sdkMethod === 'VIRTUAL_ACCOUNT' && p.secret !== null && p.virtualAccount !== null) {
      this.emit({
        eventType: 'DEPOSIT_CALLBACK',
        body: {
          createdAt: kstWebhookTime(now),
          secret: p.secret,
          status: p.status,
          transactionKey: p.lastTransactionKey,
          orderId: p.orderId,
        },
      });
    }
  }

  snapshot(): StateSnapshot {
    return {
      version: 1,
      now: this.clock.now(),
      payments: [...this.payments.values()],
      transactions: this.transactions,
      billings: [...this.billings.values()],
      authKeys: [...this.authKeys.values()],
      cashReceipts: this.cashReceipts,
      receiptSeq: this.receiptSeq,
      promotions: this.promotions,
    };
  }

  restore(s: StateSnapshot): void {
    this.reset();
    if (s.now > this.clock.now()) this.clock.restore(s.now);
    for (const rec of s.payments) {
      this.payments.set(rec.payment.paymentKey, rec);
      this.byOrderId.set(rec.payment.orderId, rec.payment.paymentKey);
      this.scheduleExpiry(rec);
    }
    this.transactions = s.transactions;
    for (const b of s.billings) this.billings.set(b.billingKey, b);
    for (const a of s.authKeys) this.authKeys.set(a.authKey, a);
    this.cashReceipts = s.cashReceipts;
    this.receiptSeq = s.receiptSeq;
    this.promotions = s.promotions ?? this.promotions;
  }

  reset(): void {
    for (const id of this.expiryTasks.values()) this.clock.cancel(id);
    this.expiryTasks.clear();
    this.payments.clear();
    this.byOrderId.clear();
    this.transactions = [];
    this.billings.clear();
    this.authKeys.clear();
    this.cashReceipts = [];
    this.receiptSeq = 0;
  }

  /** Ends the timer of a session that no longer needs to expire. */
  cancelExpiry(paymentKey: string): void {
    const old = this.expiryTasks.get(paymentKey);
    if (old !== undefined) this.clock.cancel(old);
    this.expiryTasks.delete(paymentKey);
  }
}
