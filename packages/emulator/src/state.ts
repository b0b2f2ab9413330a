/**
 * The emulator's gateway state: payments, transactions, billing keys, cash receipts, settlements and
 * promotions, with the gateway's rules (state machine, cancel arithmetic, expiries). Everything here is
 * synchronous and in memory; the HTTP layer (server.ts) adds auth, idempotency, faults and logging.
 */
import { EmulatorClock, kstDate, kstIso, kstWebhookTime, parseKst } from './clock.js';
import { computeVat, verifyMethodAmount } from './gateway/amounts.js';
import {
  bankCodeOf,
  cardIssuerCodeOf,
  easyPayProviderName,
  methodName,
  normalizeSdkMethod,
} from './gateway/lookups.js';
import { gatewayError, invalidRequest } from './errors.js';
import {
  newAuthKey,
  newBillingKey,
  newPaymentKey,
  newReceiptKey,
  newSecret,
  newTransactionKey,
  randomDigits,
} from './ids.js';

export const API_VERSION = '2022-11-16';
export const IN_PROGRESS_TTL_MS = 10 * 60_000;
export const READY_TTL_MS = 30 * 60_000;
const AUTH_KEY_TTL_MS = 30 * 60_000;

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
  useEscrow: boolean;
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
  useEscrow: boolean;
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
}

interface TransactionRow extends TransactionObject {
  at: number;
}

export interface BillingRecord {
  billingKey: string;
  customerKey: string;
  authenticatedAt: string;
  issuerCode: string;
  number: string;
  method: string;
  deleted: boolean;
  secretKey: string | null;
}

interface AuthKeyRecord {
  authKey: string;
  customerKey: string;
  clientKey: string | null;
  expiresAt: number;
  used: boolean;
  issuerCode: string;
  method: string;
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

interface CashReceiptRow {
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

const deepCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function str(body: Record<string, unknown>, field: string, max: number, required = true): string | undefined {
  const v = body[field];
  if (v === undefined || v === null || v === '') {
    if (required) throw invalidRequest(`${field}은(는) 필수 값입니다.`, `${field} is required.`);
    return undefined;
  }
  if (typeof v !== 'string' && typeof v !== 'number')
    throw invalidRequest(`${field} 형식이 올바르지 않습니다.`, `${field} is malformed.`);
  const s = String(v);
  if (s.length > max)
    throw invalidRequest(
      `${field}은(는) ${max}자 이하여야 합니다.`,
      `${field} must be at most ${max} characters.`,
    );
  return s;
}

function checkOrderId(orderId: string): void {
  if (!/^[A-Za-z0-9_=-]{6,64}$/.test(orderId)) throw gatewayError('INVALID_ORDER_ID');
}

function intField(body: Record<string, unknown>, field: string, required: boolean): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (required) throw invalidRequest(`${field}은(는) 필수 값입니다.`, `${field} is required.`);
    return undefined;
  }
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n))
    throw invalidRequest(`${field}은(는) 정수여야 합니다.`, `${field} must be an integer.`);
  return n;
}

function maskCardNumber(cardNumber: string): string {
  const digits = cardNumber.replace(/\D/g, '');
  return `${digits.slice(0, 8)}****${digits.slice(12, 15)}*`.slice(0, 20);
}

export class EmulatorState {
  readonly clock: EmulatorClock;
  readonly mId: string;
  baseUrl = 'http://127.0.0.1';
  private readonly emitEvent: (event: EmittedEvent) => void;
  private readonly wantsEvents: () => boolean;
  private readonly onChange: () => void;
  payments = new Map<string, PaymentRecord>();
  private byOrderId = new Map<string, string>();
  private transactions: TransactionRow[] = [];
  private billings = new Map<string, BillingRecord>();
  private authKeys = new Map<string, AuthKeyRecord>();
  private cashReceipts: CashReceiptRow[] = [];
  private readonly cashReceiptProcessingMs: number;
  private receiptSeq = 0;
  private expiryTasks = new Map<string, number>();
  private jsonCache = new WeakMap<PaymentRecord, { version: number; json: string }>();
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

  // ------------------------------------------------------------------ lookups

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

  // ------------------------------------------------------------------ window side

  private newRecord(input: {
    orderId: string;
    orderName: string;
    amount: number;
    sdkMethod: string | null;
    status: PaymentStatus;
    type?: 'NORMAL' | 'BILLING';
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
    const { vat, suppliedAmount } = computeVat(input.amount, taxFree);
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

  private claimOrderId(orderId: string): void {
    const existing = this.findByOrderId(orderId);
    if (existing && !['READY', 'IN_PROGRESS', 'EXPIRED', 'ABORTED'].includes(existing.payment.status)) {
      throw gatewayError('DUPLICATED_ORDER_ID');
    }
  }

  private store(rec: PaymentRecord): void {
    this.payments.set(rec.payment.paymentKey, rec);
    this.byOrderId.set(rec.payment.orderId, rec.payment.paymentKey);
    this.changed(rec);
  }

  private changed(rec: PaymentRecord): void {
    rec.version++;
    this.onChange();
  }

  /** The payment window opened: a READY payment that expires after 30 minutes. */
  openPayment(input: AuthorizeInput): { paymentKey: string; orderId: string; amount: number } {
    const { orderId, amount, sdkMethod } = this.checkWindowInput(input);
    const rec = this.newWindowRecord(input, orderId, amount, sdkMethod, 'READY');
    rec.sessionExpiresAt = this.clock.now() + READY_TTL_MS;
    this.store(rec);
    this.scheduleExpiry(rec);
    return { paymentKey: rec.payment.paymentKey, orderId, amount };
  }

  /** A payment for a new order from the window: READY when the window opens, IN_PROGRESS when approved at once. */
  private newWindowRecord(
    input: AuthorizeInput,
    orderId: string,
    amount: number,
    sdkMethod: string,
    status: 'READY' | 'IN_PROGRESS',
  ): PaymentRecord {
    this.claimOrderId(orderId);
    const rec = this.newRecord({
      orderId,
      orderName: input.orderName ?? '토스 티셔츠 외 2건',
      amount,
      // a READY payment answers method null: the buyer has not approved a method yet
      sdkMethod: status === 'READY' ? null : sdkMethod,
      status,
      customerKey: input.customerKey ?? null,
      clientKey: input.clientKey ?? null,
      currency: input.currency ?? 'KRW',
      taxFreeAmount: input.taxFreeAmount ?? 0,
      metadata: input.metadata ?? null,
      window: { ...input, method: sdkMethod },
    });
    rec.sdkMethod = sdkMethod;
    return rec;
  }

  private checkWindowInput(input: AuthorizeInput): { orderId: string; amount: number; sdkMethod: string } {
    if (typeof input !== 'object' || input === null)
      throw invalidRequest('요청 값이 없습니다.', 'The request is empty.');
    const orderId = String(input.orderId ?? '');
    checkOrderId(orderId);
    const sdkMethod = normalizeSdkMethod(input.method);
    const amount = verifyMethodAmount(
      sdkMethod,
      typeof input.amount === 'string' ? Number(input.amount) : input.amount,
      input.currency ?? 'KRW',
    );
    return { orderId, amount, sdkMethod };
  }

  /** The buyer approved in the window: an IN_PROGRESS payment that must be confirmed within 10 minutes. */
  authorizePayment(input: AuthorizeInput): { paymentKey: string; orderId: string; amount: number } {
    const { orderId, amount, sdkMethod } = this.checkWindowInput(input);
    let rec: PaymentRecord | undefined;
    if (input.paymentKey !== undefined) {
      rec = this.findByKey(input.paymentKey);
      if (!rec || rec.payment.status !== 'READY') throw gatewayError('NOT_FOUND_PAYMENT_SESSION');
      if (rec.payment.orderId !== orderId || rec.payment.totalAmount !== amount) {
        throw invalidRequest('결제창의 주문 정보와 다릅니다.', 'The order does not match the opened window.');
      }
      rec.payment.method = methodName(sdkMethod);
      rec.sdkMethod = sdkMethod;
      rec.window = { ...rec.window, ...input, method: sdkMethod };
    } else {
      rec = this.newWindowRecord(input, orderId, amount, sdkMethod, 'IN_PROGRESS');
    }
    if (sdkMethod === 'VIRTUAL_ACCOUNT') {
      if (input.bank !== undefined) bankCodeOf(input.bank);
      this.checkValidity(input.validHours, input.dueDate);
    }
    if (sdkMethod === 'CARD' && input.cardCompany !== undefined) cardIssuerCodeOf(input.cardCompany);
    rec.payment.status = 'IN_PROGRESS';
    rec.sessionExpiresAt = this.clock.now() + IN_PROGRESS_TTL_MS;
    this.store(rec);
    this.scheduleExpiry(rec);
    return { paymentKey: rec.payment.paymentKey, orderId, amount };
  }

  private scheduleExpiry(rec: PaymentRecord): void {
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

  private expireSession(rec: PaymentRecord): void {
    const p = rec.payment;
    p.status = 'EXPIRED';
    rec.sessionExpiresAt = null;
    p.failure = { code: 'EXPIRED_PAYMENT', message: '결제 유효 시간이 만료되었습니다.' };
    this.changed(rec);
    this.statusChanged(rec);
  }

  /** The approval was declined at confirm: IN_PROGRESS → ABORTED with the failure, and a webhook. */
  abortSession(paymentKey: string, code: string, message: string): void {
    const rec = this.findByKey(paymentKey);
    if (!rec || rec.payment.status !== 'IN_PROGRESS') return;
    const old = this.expiryTasks.get(paymentKey);
    if (old !== undefined) this.clock.cancel(old);
    this.expiryTasks.delete(paymentKey);
    rec.sessionExpiresAt = null;
    rec.payment.status = 'ABORTED';
    rec.payment.failure = { code, message };
    this.changed(rec);
    this.statusChanged(rec);
  }

  // ------------------------------------------------------------------ confirm

  confirm(body: Record<string, unknown>, secretKey: string | null): PaymentObject {
    const paymentKey = str(body, 'paymentKey', 200)!;
    const orderId = str(body, 'orderId', 64)!;
    const amount = intField(body, 'amount', true)!;
    const rec = this.findByKey(paymentKey);
    if (!rec) throw gatewayError('NOT_FOUND_PAYMENT_SESSION');
    const p = rec.payment;
    if (p.status === 'EXPIRED' || p.status === 'READY') throw gatewayError('NOT_FOUND_PAYMENT_SESSION');
    if (p.status !== 'IN_PROGRESS') throw gatewayError('ALREADY_PROCESSED_PAYMENT');
    if (secretKey !== null && rec.clientKey !== null) {
      const mode = (k: string) => (k.startsWith('live_') ? 'live' : 'test');
      const family = (k: string) => (/^(test|live)_g[cs]k_/.test(k) ? 'widget' : 'api');
      if (mode(secretKey) !== mode(rec.clientKey) || family(secretKey) !== family(rec.clientKey))
        throw gatewayError('INVALID_API_KEY');
    }
    if (p.orderId !== orderId) {
      throw invalidRequest(
        '인증된 결제의 주문번호(orderId)와 다릅니다.',
        'orderId does not match the authenticated payment.',
      );
    }
    if (p.totalAmount !== amount) {
      throw invalidRequest(
        '인증된 결제 금액(amount)과 다릅니다.',
        'amount does not match the authenticated payment.',
      );
    }
    const w = rec.window;
    const now = this.clock.now();
    // Everything that can refuse (bank, due date) runs before the first change to the payment.
    switch (rec.sdkMethod) {
      case 'VIRTUAL_ACCOUNT': {
        const bankCode = w['bank'] === undefined ? '88' : bankCodeOf(w['bank']);
        this.issueAccount(
          rec,
          bankCode,
          typeof w['customerName'] === 'string' ? w['customerName'] : '홍길동',
          w['validHours'],
          w['dueDate'],
        );
        p.useEscrow = w['useEscrow'] === true;
        p.status = 'WAITING_FOR_DEPOSIT';
        this.addTransaction(rec, 'WAITING_FOR_DEPOSIT', p.totalAmount);
        break;
      }
      case 'CARD':
        p.card = this.cardObject(
          p.totalAmount,
          cardIssuerCodeOf(w['cardCompany']),
          undefined,
          Number(w['installmentPlanMonths'] ?? 0),
        );
        // An easy pay chosen in the card window is answered as 간편결제 with both the card and the easyPay part.
        if (w['easyPayProvider'] !== undefined) {
          p.method = methodName('EASY_PAY');
          p.easyPay = { provider: easyPayProviderName(w['easyPayProvider']), amount: 0, discountAmount: 0 };
        }
        break;
      case 'TRANSFER':
        p.transfer = {
          bankCode: w['bank'] === undefined ? '88' : bankCodeOf(w['bank']),
          settlementStatus: 'INCOMPLETED',
        };
        break;
      case 'MOBILE_PHONE':
        p.mobilePhone = {
          customerMobilePhone:
            typeof w['customerMobilePhone'] === 'string' ? w['customerMobilePhone'] : '01012345678',
          settlementStatus: 'INCOMPLETED',
          receiptUrl: `${this.baseUrl}/receipt/mobile/${paymentKey}`,
        };
        break;
      case 'EASY_PAY':
        p.easyPay = {
          provider: easyPayProviderName(w['easyPayProvider']),
          amount: p.totalAmount,
          discountAmount: 0,
        };
        break;
      case 'FOREIGN_EASY_PAY':
        p.foreignEasyPay = {
          provider: typeof w['easyPayProvider'] === 'string' ? w['easyPayProvider'] : 'PAYPAL',
        };
        break;
      default:
        p.giftCertificate = { approveNo: randomDigits(8), settlementStatus: 'INCOMPLETED' };
    }
    if (rec.sdkMethod !== 'VIRTUAL_ACCOUNT') {
      p.status = 'DONE';
      p.approvedAt = kstIso(now);
      this.addTransaction(rec, 'DONE', p.totalAmount);
    }
    rec.sessionExpiresAt = null;
    const old = this.expiryTasks.get(paymentKey);
    if (old !== undefined) this.clock.cancel(old);
    this.expiryTasks.delete(paymentKey);
    if (rec.sdkMethod === 'TRANSFER') this.issueWindowCashReceipt(rec);
    this.changed(rec);
    this.statusChanged(rec);
    return p;
  }

  private cardObject(
    amount: number,
    issuerCode: string,
    number?: string,
    installment = 0,
  ): Record<string, unknown> {
    return {
      issuerCode,
      acquirerCode: issuerCode,
      number: number ?? `${randomDigits(8)}****${randomDigits(3)}*`,
      installmentPlanMonths: Number.isSafeInteger(installment) ? installment : 0,
      isInterestFree: false,
      interestPayer: null,
      approveNo: randomDigits(8),
      useCardPoint: false,
      cardType: '신용',
      ownerType: '개인',
      acquireStatus: 'READY',
      amount,
    };
  }

  private checkValidity(validHours: unknown, dueDate: unknown): { dueAt: number } {
    const now = this.clock.now();
    if (validHours !== undefined && validHours !== null && dueDate !== undefined && dueDate !== null) {
      throw gatewayError('INVALID_VALID_HOURS_WITH_DUE_DATE_AND_SINGLE');
    }
    if (dueDate !== undefined && dueDate !== null) {
      const t = typeof dueDate === 'string' ? parseKst(dueDate) : null;
      if (t === null || t <= now || t > now + 90 * 86_400_000) {
        throw invalidRequest(
          '입금 기한(dueDate)이 올바르지 않습니다.',
          'dueDate is invalid (must be within 90 days).',
        );
      }
      return { dueAt: t };
    }
    const hours = validHours === undefined || validHours === null ? 168 : Number(validHours);
    if (!Number.isSafeInteger(hours) || hours < 1 || hours > 2160) {
      throw invalidRequest(
        '입금 유효 시간(validHours)은 1~2160 사이여야 합니다.',
        'validHours must be between 1 and 2160.',
      );
    }
    return { dueAt: now + hours * 3_600_000 };
  }

  private issueAccount(
    rec: PaymentRecord,
    bankCode: string,
    customerName: string,
    validHours: unknown,
    dueDate: unknown,
  ): void {
    const { dueAt } = this.checkValidity(validHours, dueDate);
    rec.dueAt = dueAt;
    rec.payment.secret = newSecret();
    rec.payment.method = methodName('VIRTUAL_ACCOUNT');
    rec.payment.virtualAccount = {
      accountType: '일반',
      accountNumber: `X${randomDigits(13)}`,
      bankCode,
      customerName,
      depositorName: null,
      dueDate: kstIso(dueAt),
      refundStatus: 'NONE',
      expired: false,
      settlementStatus: 'INCOMPLETED',
      refundReceiveAccount: null,
    };
  }

  private addTransaction(rec: PaymentRecord, status: PaymentStatus, amount: number): string {
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
  private emit(event: EmittedEvent): void {
    this.emitEvent(event);
  }

  private statusChanged(rec: PaymentRecord, options: { paymentEvent?: boolean } = {}): void {
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

  // ------------------------------------------------------------------ cancel

  cancel(paymentKey: string, body: Record<string, unknown>): PaymentObject {
    const rec = this.findByKey(paymentKey);
    if (!rec) throw gatewayError('NOT_FOUND_PAYMENT');
    const p = rec.payment;
    const cancelReason = str(body, 'cancelReason', 200)!;
    if (p.status === 'CANCELED') throw gatewayError('ALREADY_CANCELED_PAYMENT');
    if (p.status !== 'DONE' && p.status !== 'PARTIAL_CANCELED' && p.status !== 'WAITING_FOR_DEPOSIT') {
      throw gatewayError('NOT_CANCELABLE_PAYMENT');
    }
    if (body['currency'] !== undefined && body['currency'] !== p.currency)
      throw gatewayError('INVALID_CURRENCY');
    const refundable = intField(body, 'refundableAmount', false);
    if (refundable !== undefined && refundable !== p.balanceAmount)
      throw gatewayError('NOT_MATCHES_REFUNDABLE_AMOUNT');
    const requested = intField(body, 'cancelAmount', false);
    if (requested !== undefined && requested <= 0)
      throw invalidRequest('취소 금액은 0보다 커야 합니다.', 'cancelAmount must be positive.');
    const cancelAmount = requested ?? p.balanceAmount;
    if (cancelAmount > p.balanceAmount) throw gatewayError('NOT_CANCELABLE_AMOUNT');
    const isPartial = cancelAmount < p.balanceAmount;
    if (isPartial && p.status === 'WAITING_FOR_DEPOSIT')
      throw gatewayError('NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT');
    if (isPartial && !p.isPartialCancelable) throw gatewayError('NOT_ALLOWED_PARTIAL_REFUND');
    const taxFreeCancel = intField(body, 'taxFreeAmount', false) ?? 0;
    if (taxFreeCancel < 0 || taxFreeCancel > p.taxFreeAmount || taxFreeCancel > cancelAmount) {
      throw invalidRequest(
        '취소할 면세 금액이 올바르지 않습니다.',
        'taxFreeAmount of the cancel is invalid.',
      );
    }
    // A deposited virtual account is refunded to a bank account the buyer names.
    let refundAccount: Record<string, unknown> | null = null;
    if (rec.sdkMethod === 'VIRTUAL_ACCOUNT' && p.status !== 'WAITING_FOR_DEPOSIT') {
      const acc = body['refundReceiveAccount'];
      if (typeof acc !== 'object' || acc === null) throw gatewayError('INVALID_REFUND_ACCOUNT_INFO');
      const a = acc as Record<string, unknown>;
      if (typeof a['accountNumber'] !== 'string' || !/^\d{1,20}$/.test(a['accountNumber']))
        throw gatewayError('INVALID_REFUND_ACCOUNT_NUMBER');
      if (typeof a['holderName'] !== 'string' || a['holderName'] === '' || a['holderName'].length > 60)
        throw gatewayError('INVALID_REFUND_ACCOUNT_INFO');
      refundAccount = {
        bankCode: bankCodeOf(a['bank']),
        accountNumber: a['accountNumber'],
        holderName: a['holderName'],
      };
    }
    const now = this.clock.now();
    const balance = p.balanceAmount - cancelAmount;
    const taxFree = p.taxFreeAmount - taxFreeCancel;
    const { vat, suppliedAmount } =
      balance === 0 ? { vat: 0, suppliedAmount: 0 } : computeVat(balance, taxFree);
    p.balanceAmount = balance;
    p.taxFreeAmount = balance === 0 ? 0 : taxFree;
    p.vat = vat;
    p.suppliedAmount = suppliedAmount;
    p.status = balance === 0 ? 'CANCELED' : 'PARTIAL_CANCELED';
    const transactionKey = this.addTransaction(rec, p.status, cancelAmount);
    const entry: CancelObject = {
      transactionKey,
      cancelReason,
      taxExemptionAmount: 0,
      canceledAt: kstIso(now),
      transferDiscountAmount: 0,
      easyPayDiscountAmount: 0,
      receiptKey: null,
      cancelAmount,
      taxFreeAmount: taxFreeCancel,
      refundableAmount: balance,
      cardDiscountAmount: 0,
      cancelStatus: 'DONE',
      cancelRequestId: null,
    };
    p.cancels = [...(p.cancels ?? []), entry];
    if (p.card !== null && balance === 0) p.card = { ...p.card, acquireStatus: 'CANCELED' };
    if (p.virtualAccount !== null && refundAccount !== null) {
      p.virtualAccount = {
        ...p.virtualAccount,
        refundStatus: 'PENDING',
        refundReceiveAccount: refundAccount,
      };
    }
    this.changed(rec);
    this.statusChanged(rec);
    // Foreign easy-pay cancels finish asynchronously at the gateway and report through CANCEL_STATUS_CHANGED.
    if (rec.sdkMethod === 'FOREIGN_EASY_PAY' && this.wantsEvents()) {
      this.emit({
        eventType: 'CANCEL_STATUS_CHANGED',
        body: { eventType: 'CANCEL_STATUS_CHANGED', createdAt: kstWebhookTime(now), data: deepCopy(entry) },
      });
    }
    return p;
  }

  // ------------------------------------------------------------------ key-in and virtual accounts

  keyIn(body: Record<string, unknown>): PaymentObject {
    const orderId = str(body, 'orderId', 64)!;
    checkOrderId(orderId);
    const orderName = str(body, 'orderName', 100)!;
    const amount = verifyMethodAmount('CARD', intField(body, 'amount', true), 'KRW');
    const cardNumber = str(body, 'cardNumber', 20)!;
    if (!/^\d{12,19}$/.test(cardNumber)) throw gatewayError('INVALID_CARD_NUMBER');
    const yy = str(body, 'cardExpirationYear', 2)!;
    const mm = str(body, 'cardExpirationMonth', 2)!;
    const month = Number(mm);
    if (!/^\d{2}$/.test(yy) || !/^\d{1,2}$/.test(mm) || month < 1 || month > 12)
      throw gatewayError('INVALID_CARD_EXPIRATION');
    const nowKst = new Date(this.clock.now() + 9 * 3_600_000);
    const expiry = (2000 + Number(yy)) * 12 + month;
    if (expiry < nowKst.getUTCFullYear() * 12 + nowKst.getUTCMonth() + 1)
      throw gatewayError('INVALID_CARD_EXPIRATION');
    const identity = str(body, 'customerIdentityNumber', 10)!;
    if (!/^(\d{6}|\d{10})$/.test(identity))
      throw invalidRequest(
        'customerIdentityNumber 형식이 올바르지 않습니다.',
        'customerIdentityNumber must be YYMMDD or a 10-digit business number.',
      );
    const installment = intField(body, 'cardInstallmentPlan', false) ?? 0;
    if (installment !== 0 && (installment < 2 || installment > 12))
      throw gatewayError('INVALID_CARD_INSTALLMENT_PLAN');
    if (installment !== 0 && amount < 50_000)
      throw gatewayError('NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT');
    const taxFree = intField(body, 'taxFreeAmount', false) ?? 0;
    if (taxFree < 0 || taxFree > amount)
      throw invalidRequest('면세 금액이 올바르지 않습니다.', 'taxFreeAmount is invalid.');
    this.claimOrderId(orderId);
    const rec = this.newRecord({
      orderId,
      orderName,
      amount,
      sdkMethod: 'CARD',
      status: 'DONE',
      taxFreeAmount: taxFree,
    });
    rec.payment.card = this.cardObject(
      amount,
      cardIssuerCodeOf(body['cardCompany']),
      maskCardNumber(cardNumber),
      installment,
    );
    rec.payment.approvedAt = kstIso(this.clock.now());
    this.addTransaction(rec, 'DONE', amount);
    this.store(rec);
    return rec.payment;
  }

  issueVirtualAccount(body: Record<string, unknown>): PaymentObject {
    const orderId = str(body, 'orderId', 64)!;
    checkOrderId(orderId);
    const orderName = str(body, 'orderName', 100)!;
    const amount = verifyMethodAmount('VIRTUAL_ACCOUNT', intField(body, 'amount', true), 'KRW');
    const customerName = str(body, 'customerName', 100)!;
    const bankCode = bankCodeOf(body['bank']);
    const taxFree = intField(body, 'taxFreeAmount', false) ?? 0;
    if (taxFree < 0 || taxFree > amount)
      throw invalidRequest('면세 금액이 올바르지 않습니다.', 'taxFreeAmount is invalid.');
    this.checkValidity(body['validHours'], body['dueDate']);
    this.claimOrderId(orderId);
    const rec = this.newRecord({
      orderId,
      orderName,
      amount,
      sdkMethod: 'VIRTUAL_ACCOUNT',
      status: 'WAITING_FOR_DEPOSIT',
      taxFreeAmount: taxFree,
      customerKey: null,
    });
    this.issueAccount(rec, bankCode, customerName, body['validHours'], body['dueDate']);
    rec.payment.useEscrow = body['useEscrow'] === true;
    const cr = body['cashReceipt'] as { type?: unknown } | undefined;
    if (cr && typeof cr.type === 'string' && cr.type !== '미발행')
      rec.window['cashReceipt'] = { type: cr.type };
    this.addTransaction(rec, 'WAITING_FOR_DEPOSIT', amount);
    this.store(rec);
    this.statusChanged(rec);
    return rec.payment;
  }

  private vaRecord(id: string): PaymentRecord {
    const rec = this.find(id);
    if (!rec) throw gatewayError('NOT_FOUND_PAYMENT');
    if (rec.payment.virtualAccount === null)
      throw invalidRequest('가상계좌 결제가 아닙니다.', 'Not a virtual-account payment.');
    return rec;
  }

  /** The buyer deposited: WAITING_FOR_DEPOSIT → DONE. */
  deposit(id: string): PaymentObject {
    const rec = this.vaRecord(id);
    const p = rec.payment;
    if (p.status !== 'WAITING_FOR_DEPOSIT')
      throw invalidRequest(
        `입금 대기 상태가 아닙니다 (${p.status}).`,
        `The payment is not waiting for a deposit (${p.status}).`,
      );
    const va = p.virtualAccount!;
    if (va['expired'] === true || (rec.dueAt !== null && this.clock.now() > rec.dueAt)) {
      p.virtualAccount = { ...va, expired: true };
      this.changed(rec);
      throw invalidRequest('입금 기한이 지난 계좌입니다.', 'The account is past its due date.');
    }
    p.status = 'DONE';
    p.approvedAt = kstIso(this.clock.now());
    p.virtualAccount = { ...va, depositorName: va['customerName'] ?? null, settlementStatus: 'COMPLETED' };
    const cr = rec.window['cashReceipt'] as { type?: string } | undefined;
    if (cr?.type !== undefined && cr.type !== '미발행') {
      p.cashReceipt = {
        type: cr.type,
        receiptKey: newReceiptKey(),
        issueNumber: randomDigits(9),
        receiptUrl: `${this.baseUrl}/receipt/cash/${p.paymentKey}`,
        amount: p.totalAmount,
        taxFreeAmount: p.taxFreeAmount,
      };
    }
    this.addTransaction(rec, 'DONE', p.totalAmount);
    this.changed(rec);
    this.statusChanged(rec);
    return p;
  }

  /** A transfer paid with a cash receipt chosen in the window: issued with the approval (summary and full object). */
  private issueWindowCashReceipt(rec: PaymentRecord): void {
    const p = rec.payment;
    const cr = rec.window['cashReceipt'] as { type?: string } | null | undefined;
    if (cr?.type !== '소득공제' && cr?.type !== '지출증빙') return;
    const receiptKey = newReceiptKey();
    const receipt: CashReceiptObject = {
      receiptKey,
      issueNumber: randomDigits(9),
      issueStatus: 'IN_PROGRESS',
      amount: p.totalAmount,
      taxFreeAmount: p.taxFreeAmount,
      orderId: p.orderId,
      orderName: p.orderName,
      type: cr.type,
      transactionType: 'CONFIRM',
      businessNumber: '1234567890',
      customerIdentityNumber: '01000001234',
      failure: null,
      requestedAt: kstIso(this.clock.now()),
      receiptUrl: `${this.baseUrl}/receipt/cash-receipt/${receiptKey}`,
    };
    this.cashReceipts.push({ seq: ++this.receiptSeq, at: this.clock.now(), receipt, canceledAmount: 0 });
    p.cashReceipt = {
      type: cr.type,
      receiptKey,
      issueNumber: receipt.issueNumber,
      receiptUrl: receipt.receiptUrl,
      amount: p.totalAmount,
      taxFreeAmount: p.taxFreeAmount,
    };
    p.cashReceipts = [{ ...receipt }];
  }

  /** The bank reported a deposit error: DONE → WAITING_FOR_DEPOSIT, the buyer must deposit again. */
  depositError(id: string): PaymentObject {
    const rec = this.vaRecord(id);
    const p = rec.payment;
    if (p.status !== 'DONE' || (p.cancels?.length ?? 0) > 0) {
      throw invalidRequest(
        `입금 완료 상태가 아닙니다 (${p.status}).`,
        `The payment is not a completed deposit (${p.status}).`,
      );
    }
    p.status = 'WAITING_FOR_DEPOSIT';
    // approvedAt keeps the failed deposit's time: it is what tells this snapshot apart from the one
    // before the deposit, so a late DONE cannot undo the deposit error (core's isNewerSnapshot)
    p.cashReceipt = null;
    p.virtualAccount = { ...p.virtualAccount!, depositorName: null, settlementStatus: 'INCOMPLETED' };
    this.addTransaction(rec, 'WAITING_FOR_DEPOSIT', p.totalAmount);
    this.changed(rec);
    this.statusChanged(rec);
    return p;
  }

  /**
   * Ends a payment's validity now: READY/IN_PROGRESS → EXPIRED (with a webhook); a virtual account past its
   * due date stays WAITING_FOR_DEPOSIT with `virtualAccount.expired = true` and no webhook.
   */
  expire(id: string): PaymentObject {
    const rec = this.find(id);
    if (!rec) throw gatewayError('NOT_FOUND_PAYMENT');
    const p = rec.payment;
    if (p.status === 'READY' || p.status === 'IN_PROGRESS') {
      const old = this.expiryTasks.get(p.paymentKey);
      if (old !== undefined) this.clock.cancel(old);
      this.expiryTasks.delete(p.paymentKey);
      this.expireSession(rec);
    } else if (p.status === 'WAITING_FOR_DEPOSIT' && p.virtualAccount !== null) {
      p.virtualAccount = { ...p.virtualAccount, expired: true };
      rec.dueAt = Math.min(rec.dueAt ?? this.clock.now(), this.clock.now());
      this.changed(rec);
    } else {
      throw invalidRequest(
        `만료시킬 수 없는 상태입니다 (${p.status}).`,
        `A ${p.status} payment cannot expire.`,
      );
    }
    return p;
  }

  // ------------------------------------------------------------------ billing

  authorizeBilling(input: {
    customerKey: string;
    clientKey?: string;
    method?: string;
    cardCompany?: string;
  }): { authKey: string; customerKey: string } {
    if (typeof input?.customerKey !== 'string' || !/^[A-Za-z0-9\-_=.@]{2,300}$/.test(input.customerKey))
      throw gatewayError('INVALID_CUSTOMER_KEY');
    const authKey = newAuthKey();
    this.authKeys.set(authKey, {
      authKey,
      customerKey: input.customerKey,
      clientKey: input.clientKey ?? null,
      expiresAt: this.clock.now() + AUTH_KEY_TTL_MS,
      used: false,
      issuerCode: cardIssuerCodeOf(input.cardCompany),
      method: input.method === 'TRANSFER' ? '계좌이체' : '카드',
    });
    this.onChange();
    return { authKey, customerKey: input.customerKey };
  }

  private billingObject(b: BillingRecord): Record<string, unknown> {
    return {
      mId: this.mId,
      customerKey: b.customerKey,
      authenticatedAt: b.authenticatedAt,
      method: b.method,
      billingKey: b.billingKey,
      card: {
        issuerCode: b.issuerCode,
        acquirerCode: b.issuerCode,
        number: b.number,
        cardType: '신용',
        ownerType: '개인',
      },
      cardCompany: b.issuerCode,
      cardNumber: b.number,
    };
  }

  private newBilling(
    customerKey: string,
    issuerCode: string,
    number: string,
    method: string,
    secretKey: string | null,
  ): BillingRecord {
    const b: BillingRecord = {
      billingKey: newBillingKey(),
      customerKey,
      authenticatedAt: kstIso(this.clock.now()),
      issuerCode,
      number,
      method,
      deleted: false,
      secretKey,
    };
    this.billings.set(b.billingKey, b);
    this.onChange();
    return b;
  }

  issueBilling(body: Record<string, unknown>, secretKey: string | null): Record<string, unknown> {
    const authKey = str(body, 'authKey', 300)!;
    const customerKey = str(body, 'customerKey', 300)!;
    const auth = this.authKeys.get(authKey);
    if (!auth || auth.used || this.clock.now() > auth.expiresAt) {
      throw invalidRequest('유효하지 않은 authKey 입니다.', 'The authKey is unknown, used or expired.');
    }
    if (auth.customerKey !== customerKey) throw gatewayError('NOT_MATCHES_CUSTOMER_KEY');
    if (secretKey !== null && auth.clientKey !== null && /^(test|live)_g[cs]k_/.test(auth.clientKey))
      throw gatewayError('INVALID_API_KEY');
    auth.used = true;
    const b = this.newBilling(
      customerKey,
      auth.issuerCode,
      `${randomDigits(8)}****${randomDigits(3)}*`,
      auth.method,
      secretKey,
    );
    return this.billingObject(b);
  }

  authorizeBillingCard(body: Record<string, unknown>, secretKey: string | null): Record<string, unknown> {
    const customerKey = str(body, 'customerKey', 300)!;
    if (!/^[A-Za-z0-9\-_=.@]{2,300}$/.test(customerKey)) throw gatewayError('INVALID_CUSTOMER_KEY');
    const cardNumber = str(body, 'cardNumber', 20)!;
    if (!/^\d{12,19}$/.test(cardNumber)) throw gatewayError('INVALID_CARD_NUMBER');
    const yy = str(body, 'cardExpirationYear', 2)!;
    const mm = str(body, 'cardExpirationMonth', 2)!;
    if (!/^\d{2}$/.test(yy) || !/^\d{1,2}$/.test(mm) || Number(mm) < 1 || Number(mm) > 12)
      throw gatewayError('INVALID_CARD_EXPIRATION');
    str(body, 'customerIdentityNumber', 10);
    const b = this.newBilling(
      customerKey,
      cardIssuerCodeOf(body['cardCompany']),
      maskCardNumber(cardNumber),
      '카드',
      secretKey,
    );
    return this.billingObject(b);
  }

  chargeBilling(billingKey: string, body: Record<string, unknown>): PaymentObject {
    const b = this.billings.get(billingKey);
    if (!b || b.deleted) throw gatewayError('INVALID_BILL_KEY_REQUEST');
    const customerKey = str(body, 'customerKey', 300)!;
    if (customerKey !== b.customerKey) throw gatewayError('NOT_MATCHES_CUSTOMER_KEY');
    const orderId = str(body, 'orderId', 64)!;
    checkOrderId(orderId);
    const orderName = str(body, 'orderName', 100)!;
    const amount = verifyMethodAmount('CARD', intField(body, 'amount', true), 'KRW');
    const taxFree = intField(body, 'taxFreeAmount', false) ?? 0;
    if (taxFree < 0 || taxFree > amount)
      throw invalidRequest('면세 금액이 올바르지 않습니다.', 'taxFreeAmount is invalid.');
    if (this.byOrderId.has(orderId)) throw gatewayError('DUPLICATED_ORDER_ID');
    const rec = this.newRecord({
      orderId,
      orderName,
      amount,
      sdkMethod: 'CARD',
      status: 'DONE',
      type: 'BILLING',
      customerKey,
      taxFreeAmount: taxFree,
    });
    rec.billingKey = billingKey;
    rec.payment.card = this.cardObject(
      amount,
      b.issuerCode,
      b.number,
      intField(body, 'cardInstallmentPlan', false) ?? 0,
    );
    rec.payment.approvedAt = kstIso(this.clock.now());
    this.addTransaction(rec, 'DONE', amount);
    this.store(rec);
    // Billing approvals send no PAYMENT_STATUS_CHANGED webhook.
    return rec.payment;
  }

  deleteBilling(billingKey: string): void {
    const b = this.billings.get(billingKey);
    if (!b || b.deleted) throw gatewayError('NOT_FOUND_BILLING', undefined, 404);
    b.deleted = true;
    this.onChange();
    this.emit({
      eventType: 'BILLING_DELETED',
      body: {
        eventType: 'BILLING_DELETED',
        createdAt: kstWebhookTime(this.clock.now()),
        data: { billingKey, reason: '삭제 API 요청' },
      },
    });
  }

  // ------------------------------------------------------------------ transactions

  listTransactions(query: URLSearchParams): TransactionObject[] {
    const startRaw = query.get('startDate');
    const endRaw = query.get('endDate');
    if (!startRaw || !endRaw)
      throw invalidRequest('startDate, endDate는 필수 값입니다.', 'startDate and endDate are required.');
    const start = parseKst(startRaw);
    const end = parseKst(endRaw);
    if (start === null || end === null || end < start)
      throw invalidRequest('조회 기간이 올바르지 않습니다.', 'The date range is invalid.');
    const limitRaw = query.get('limit');
    const limit = limitRaw === null ? 100 : Number(limitRaw);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 5000)
      throw invalidRequest('limit은 1~5000 사이여야 합니다.', 'limit must be between 1 and 5000.');
    // Dates are compared to the second: endDate 23:59:59 includes everything up to the next 00:00:00.
    const rows = this.transactions.filter((t) => {
      const sec = Math.floor(t.at / 1000) * 1000;
      return sec >= start && sec <= end;
    });
    let from = 0;
    const after = query.get('startingAfter');
    if (after) {
      const i = rows.findIndex((t) => t.transactionKey === after);
      from = i === -1 ? rows.length : i + 1;
    }
    return rows.slice(from, from + limit).map(({ at: _at, ...t }) => t);
  }

  // ------------------------------------------------------------------ cash receipts

  issueCashReceipt(body: Record<string, unknown>): CashReceiptObject {
    const amount = intField(body, 'amount', true)!;
    if (amount <= 0) throw gatewayError('BELOW_ZERO_AMOUNT');
    const orderId = str(body, 'orderId', 64)!;
    checkOrderId(orderId);
    const orderName = str(body, 'orderName', 100)!;
    const type = str(body, 'type', 10)!;
    if (type !== '소득공제' && type !== '지출증빙')
      throw invalidRequest(
        'type은 소득공제 또는 지출증빙이어야 합니다.',
        'type must be 소득공제 or 지출증빙.',
      );
    const customerIdentityNumber = str(body, 'customerIdentityNumber', 30)!;
    const taxFree = intField(body, 'taxFreeAmount', false) ?? 0;
    if (taxFree < 0 || taxFree > amount)
      throw invalidRequest('면세 금액이 올바르지 않습니다.', 'taxFreeAmount is invalid.');
    const receiptKey = newReceiptKey();
    const receipt: CashReceiptObject = {
      receiptKey,
      issueNumber: randomDigits(9),
      issueStatus: 'IN_PROGRESS',
      amount,
      taxFreeAmount: taxFree,
      orderId,
      orderName,
      type,
      transactionType: 'CONFIRM',
      businessNumber: '1234567890',
      customerIdentityNumber,
      failure: null,
      requestedAt: kstIso(this.clock.now()),
      receiptUrl: `${this.baseUrl}/receipt/cash-receipt/${receiptKey}`,
    };
    this.cashReceipts.push({ seq: ++this.receiptSeq, at: this.clock.now(), receipt, canceledAmount: 0 });
    this.onChange();
    return receipt;
  }

  cancelCashReceipt(receiptKey: string, body: Record<string, unknown>): CashReceiptObject {
    const row = this.cashReceipts.find(
      (r) => r.receipt.receiptKey === receiptKey && r.receipt.transactionType === 'CONFIRM',
    );
    if (!row) throw gatewayError('NOT_FOUND', undefined, 404);
    const remaining = row.receipt.amount - row.canceledAmount;
    if (remaining === 0) throw gatewayError('ALREADY_CANCELED_PAYMENT');
    const amount = intField(body, 'amount', false) ?? remaining;
    if (amount <= 0 || amount > remaining) throw gatewayError('NOT_CANCELABLE_AMOUNT');
    row.canceledAmount += amount;
    const receipt: CashReceiptObject = {
      ...row.receipt,
      receiptKey: `c_${receiptKey}`,
      issueNumber: randomDigits(9),
      amount,
      taxFreeAmount: Math.min(row.receipt.taxFreeAmount, amount),
      transactionType: 'CANCEL',
      requestedAt: kstIso(this.clock.now()),
    };
    this.cashReceipts.push({ seq: ++this.receiptSeq, at: this.clock.now(), receipt, canceledAmount: 0 });
    this.onChange();
    return receipt;
  }

  /** The tax office's answer: a receipt requested long enough ago is COMPLETED in the receipts list. */
  private completeDueCashReceipts(): void {
    const due = this.clock.now() - this.cashReceiptProcessingMs;
    for (const row of this.cashReceipts) {
      if (row.receipt.issueStatus !== 'IN_PROGRESS' || row.at > due) continue;
      row.receipt.issueStatus = 'COMPLETED';
      this.onChange();
    }
  }

  listCashReceipts(query: URLSearchParams): {
    hasNext: boolean;
    lastCursor: number | null;
    data: CashReceiptObject[];
  } {
    const date = query.get('requestDate');
    if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date))
      throw invalidRequest(
        'requestDate(yyyy-MM-dd)는 필수 값입니다.',
        'requestDate (yyyy-MM-dd) is required.',
      );
    const cursorRaw = query.get('cursor');
    const cursor = cursorRaw === null ? 0 : Number(cursorRaw);
    const limitRaw = query.get('limit');
    const limit = limitRaw === null ? 100 : Number(limitRaw);
    if (!Number.isSafeInteger(cursor) || cursor < 0)
      throw invalidRequest('cursor가 올바르지 않습니다.', 'cursor is invalid.');
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000)
      throw invalidRequest('limit은 1~10000 사이여야 합니다.', 'limit must be between 1 and 10000.');
    this.completeDueCashReceipts();
    const rows = this.cashReceipts.filter((r) => kstDate(r.at) === date && r.seq > cursor);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      hasNext: rows.length > limit,
      lastCursor: last === undefined ? null : last.seq,
      data: page.map((r) => r.receipt),
    };
  }

  // ------------------------------------------------------------------ promotions and settlements

  cardPromotions(): Record<string, unknown> {
    return this.promotions.card ?? { discountCards: [], interestFreeCards: [] };
  }

  listPromotions(): Record<string, unknown>[] {
    return this.promotions.promotions ?? [];
  }

  /** Settlement rows appear the day after the sale (KST), as at the gateway. */
  listSettlements(query: URLSearchParams): Record<string, unknown>[] {
    const startDate = query.get('startDate');
    const endDate = query.get('endDate');
    if (
      !startDate ||
      !endDate ||
      !/^\d{4}-\d{2}-\d{2}$/.test(startDate) ||
      !/^\d{4}-\d{2}-\d{2}$/.test(endDate)
    ) {
      throw invalidRequest(
        'startDate, endDate(yyyy-MM-dd)는 필수 값입니다.',
        'startDate and endDate (yyyy-MM-dd) are required.',
      );
    }
    const dateType = query.get('dateType') ?? 'soldDate';
    if (dateType !== 'soldDate' && dateType !== 'paidOutDate')
      throw invalidRequest('dateType이 올바르지 않습니다.', 'dateType must be soldDate or paidOutDate.');
    const page = Number(query.get('page') ?? '1');
    const size = Number(query.get('size') ?? '100');
    if (!Number.isSafeInteger(page) || page < 1 || !Number.isSafeInteger(size) || size < 1 || size > 5000) {
      throw invalidRequest('page, size가 올바르지 않습니다.', 'page or size is invalid.');
    }
    const today = kstDate(this.clock.now());
    const rows: Record<string, unknown>[] = [];
    for (const t of this.transactions) {
      if (t.status === 'WAITING_FOR_DEPOSIT') continue;
      const rec = this.payments.get(t.paymentKey);
      if (!rec) continue;
      const soldDate = kstDate(t.at);
      if (soldDate >= today) continue;
      const paidOutDate = kstDate(t.at + 2 * 86_400_000);
      const key = dateType === 'soldDate' ? soldDate : paidOutDate;
      if (key < startDate || key > endDate) continue;
      const sign = t.status === 'DONE' ? 1 : -1;
      // A virtual account cancelled before its deposit moved no money.
      if (sign < 0 && rec.payment.approvedAt === null) continue;
      const amount = sign * t.amount;
      const fee = sign * Math.floor((t.amount * 32) / 1000);
      const feeVat = sign * Math.floor((Math.abs(fee) + 5) / 11);
      const p = rec.payment;
      rows.push({
        mId: this.mId,
        paymentKey: t.paymentKey,
        transactionKey: t.transactionKey,
        orderId: t.orderId,
        currency: t.currency,
        method: t.method,
        amount,
        interestFee: 0,
        fees: [{ type: 'BASE', fee }],
        supplyAmount: fee - feeVat,
        vat: feeVat,
        payOutAmount: amount - fee,
        approvedAt: p.approvedAt ?? t.transactionAt,
        soldDate,
        paidOutDate,
        card:
          p.card === null
            ? null
            : {
                issuerCode: p.card['issuerCode'],
                acquirerCode: p.card['acquirerCode'],
                number: p.card['number'],
              },
        easyPay: p.easyPay,
        giftCertificate: p.giftCertificate,
        mobilePhone: p.mobilePhone,
        transfer: p.transfer,
        virtualAccount: p.virtualAccount,
        cancel:
          sign < 0 ? ((p.cancels ?? []).find((c) => c.transactionKey === t.transactionKey) ?? null) : null,
      });
    }
    return rows.slice((page - 1) * size, page * size);
  }

  requestSettlement(body: Record<string, unknown>): { result: boolean } {
    const paymentKey = str(body, 'paymentKey', 200)!;
    const rec = this.findByKey(paymentKey);
    if (!rec) throw gatewayError('NOT_FOUND_PAYMENT');
    if (rec.payment.status !== 'DONE' && rec.payment.status !== 'PARTIAL_CANCELED')
      throw gatewayError(
        'NOT_CANCELABLE_PAYMENT',
        { ko: '정산할 수 없는 결제입니다.', en: 'The payment cannot be settled.' },
        400,
      );
    rec.settlementRequested = true;
    this.onChange();
    return { result: true };
  }

  // ------------------------------------------------------------------ snapshot

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
}
