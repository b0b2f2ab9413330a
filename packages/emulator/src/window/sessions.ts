// A window session is what the SDK stand-in hands to the payment window: the page's request, checked
// again on the server (the browser-side checks can be bypassed by anyone who can POST), kept until the
// buyer approves, cancels or declines, or the window's 30 minutes run out.
import { randomBytes } from 'node:crypto';
import {
  PAYMENT_WINDOW_METHODS,
  WINDOW_METHODS,
  findBank,
  findCardCompany,
  type WindowMethod,
} from './catalog.js';
import { verifyAmount, verifyForeignEasyPay } from './amounts.js';
import { verifyTaxExemption } from './request-options.js';

export const ANONYMOUS = '@@ANONYMOUS';
/** A payment window stays usable for 30 minutes after it opens (spec §0.7). */
export const SESSION_TTL_MS = 30 * 60 * 1000;
const MAX_SESSIONS = 10_000;

export type SessionKind = 'payment' | 'widget' | 'billing';
export type SessionMode = 'redirect' | 'iframe';

export interface PaymentSessionRequest {
  method: WindowMethod;
  /** KRW, or USD for FOREIGN_EASY_PAY (PayPal) */
  amount: { currency: string; value: number };
  orderId: string;
  orderName: string;
  customerName?: string;
  customerEmail?: string;
  customerMobilePhone?: string;
  taxFreeAmount?: number;
  metadata?: Record<string, string>;
  card?: {
    cardCompany?: string;
    cardInstallmentPlan?: number;
    maxCardInstallmentPlan?: number;
    flowMode?: 'DEFAULT' | 'DIRECT';
    easyPay?: string;
    useEscrow?: boolean;
    useCardPoint?: boolean;
    useAppCardOnly?: boolean;
    taxExemptionAmount?: number;
  };
  virtualAccount?: {
    validHours?: number;
    dueDate?: string;
    cashReceiptType?: string;
    useEscrow?: boolean;
    taxExemptionAmount?: number;
  };
  transfer?: { cashReceiptType?: string; useEscrow?: boolean };
  mobilePhone?: { mobileCarriers?: string[] };
  foreignEasyPay?: { provider: string; country: string };
}

export interface BillingSessionRequest {
  method: 'CARD' | 'TRANSFER';
  customerName?: string;
  customerEmail?: string;
  cardCompany?: string;
}

export type SessionOutcome =
  | { ok: true; result: Record<string, unknown>; redirectUrl?: string }
  | { ok: false; code: string; message: string; redirectUrl?: string };

export interface WindowSession {
  id: string;
  kind: SessionKind;
  mode: SessionMode;
  clientKey: string;
  customerKey: string;
  /** origin of the page that opened the window; the iframe result is posted only there */
  openerOrigin: string;
  successUrl?: string;
  failUrl?: string;
  payment?: PaymentSessionRequest;
  billing?: BillingSessionRequest;
  /** the READY payment the emulator opened for this window, when it offers openPayment */
  paymentKey?: string;
  /** on the emulator's clock: expiry follows control.advanceClock */
  createdAt: number;
  /** wall-clock time it was stored, only to bound memory */
  storedAt?: number;
  /** set once the buyer decided; a resubmitted form replays it instead of authorizing twice */
  outcome?: SessionOutcome;
  /** set while authorization is running, so a double click waits for the same answer */
  pending?: Promise<SessionOutcome>;
}

export class WindowRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'WindowRequestError';
  }
}

const ORDER_ID = /^[A-Za-z0-9_=-]{6,64}$/;
const CUSTOMER_KEY = /^[A-Za-z0-9\-_=.@]{2,50}$/;
const SECRET_KEY = /^(test|live)_(g?sk|ak)_/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const PHONE = /^[0-9]{8,15}$/;
const DUE_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2})?$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAbsent = (v: unknown) => v === undefined || v === null;

function optionalString(v: unknown, max: number, code: string, label: string): string | undefined {
  if (isAbsent(v)) return undefined;
  if (typeof v !== 'string' || v.length > max)
    throw new WindowRequestError(code, `${label}은(는) ${max}자 이하의 문자열이어야 합니다.`);
  return v;
}

/** A card company given by SDK code, Korean name or numeric code, as its SDK code. */
function verifyCardCompany(value: unknown): string {
  const found = findCardCompany(value);
  if (!found)
    throw new WindowRequestError('INVALID_CARD_COMPANY', `알 수 없는 카드사입니다: ${String(value)}`);
  return found.code;
}

export function verifyCustomerKey(value: unknown): string {
  if (typeof value === 'string' && SECRET_KEY.test(value)) {
    throw new WindowRequestError(
      'INSECURE_KEY_USAGE',
      'customerKey에 시크릿 키를 넣으면 안 됩니다. 시크릿 키를 재발급하세요.',
    );
  }
  if (value === ANONYMOUS) return value;
  if (typeof value !== 'string' || !CUSTOMER_KEY.test(value)) {
    throw new WindowRequestError(
      'INVALID_CUSTOMER_KEY',
      'customerKey는 영문 대소문자, 숫자, 특수문자 -, _, =, ., @ 로 이루어진 2자 이상 50자 이하의 문자열이거나 ANONYMOUS여야 합니다.',
    );
  }
  return value;
}

export function verifyOrderId(value: unknown): string {
  if (typeof value !== 'string' || !ORDER_ID.test(value)) {
    throw new WindowRequestError(
      'INVALID_ORDER_ID',
      'orderId는 영문 대소문자, 숫자, 특수문자 -, _, = 로 이루어진 6자 이상 64자 이하의 문자열이어야 합니다.',
    );
  }
  return value;
}

export function verifyOrderName(value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > 100) {
    throw new WindowRequestError(
      'INVALID_ORDER_NAME',
      'orderName은 1자 이상 100자 이하의 문자열이어야 합니다.',
    );
  }
  return value;
}

export function verifyRedirectUrl(value: unknown, which: 'success' | 'fail'): string {
  const code = which === 'success' ? 'INCORRECT_SUCCESS_URL_FORMAT' : 'INCORRECT_FAIL_URL_FORMAT';
  if (typeof value !== 'string' || value.length > 2000)
    throw new WindowRequestError(code, `${which}Url은 http(s)로 시작하는 절대 URL이어야 합니다.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new WindowRequestError(code, `${which}Url은 http(s)로 시작하는 절대 URL이어야 합니다.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WindowRequestError(code, `${which}Url은 http(s)로 시작하는 절대 URL이어야 합니다.`);
  }
  return url.href;
}

function verifyMetadata(value: unknown): Record<string, string> | undefined {
  if (isAbsent(value)) return undefined;
  const bad = () =>
    new WindowRequestError(
      'INVALID_METADATA',
      'metadata는 최대 5개의 키-값 쌍이어야 하고, 키는 [ ]가 없는 40자 이하, 값은 2000자 이하여야 합니다.',
    );
  if (!isObject(value)) throw bad();
  const entries = Object.entries(value);
  if (entries.length > 5) throw bad();
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (k.length > 40 || /[[\]]/.test(k) || isAbsent(v)) throw bad();
    const s =
      typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
    if (s === undefined || s.length > 2000) throw bad();
    out[k] = s;
  }
  return out;
}

function verifyInstallment(value: unknown, field: string): number | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value === 1 || value > 12) {
    throw new WindowRequestError(
      'INVALID_CARD_INSTALLMENT_PLAN',
      `${field}은(는) 0(일시불) 또는 2~12 사이여야 합니다.`,
    );
  }
  return value;
}

function verifyCashReceipt(value: unknown): string | undefined {
  if (isAbsent(value)) return undefined;
  if (!isObject(value) || !['소득공제', '지출증빙', '미발행'].includes(value.type as string)) {
    throw new WindowRequestError(
      'INVALID_PARAMETER',
      "cashReceipt.type은 '소득공제', '지출증빙', '미발행' 중 하나여야 합니다.",
    );
  }
  return value.type as string;
}

function verifyValidHours(value: unknown): number | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2160) {
    throw new WindowRequestError('INVALID_VALID_HOURS', 'validHours는 1 이상 2160 이하의 정수여야 합니다.');
  }
  return value;
}

function optionalBoolean(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** The common order fields of payment().requestPayment and widgets().requestPayment. */
export function verifyPaymentRequest(
  raw: unknown,
  method: unknown,
  kind: SessionKind = 'payment',
): PaymentSessionRequest {
  if (!isObject(raw))
    throw new WindowRequestError('INVALID_PARAMETER', '결제 요청 파라미터가 올바르지 않습니다.');
  const offered = kind === 'widget' ? WINDOW_METHODS : PAYMENT_WINDOW_METHODS;
  if (typeof method !== 'string' || !(offered as readonly string[]).includes(method)) {
    throw new WindowRequestError(
      'NOT_SUPPORTED_METHOD',
      `지원하지 않는 결제수단입니다: ${String(method)}. ${offered.join(', ')} 중 하나를 쓰세요.`,
    );
  }
  const amount = verifyAmount(raw.amount, method);
  const req: PaymentSessionRequest = {
    method: method as WindowMethod,
    amount,
    orderId: verifyOrderId(raw.orderId),
    orderName: verifyOrderName(raw.orderName),
  };
  const name = optionalString(raw.customerName, 100, 'INVALID_CUSTOMER_NAME', 'customerName');
  if (name !== undefined) req.customerName = name;
  const email = optionalString(raw.customerEmail, 100, 'INVALID_EMAIL', 'customerEmail');
  if (email !== undefined) {
    if (!EMAIL.test(email))
      throw new WindowRequestError('INVALID_EMAIL', 'customerEmail 형식이 올바르지 않습니다.');
    req.customerEmail = email;
  }
  if (!isAbsent(raw.customerMobilePhone)) {
    if (typeof raw.customerMobilePhone !== 'string' || !PHONE.test(raw.customerMobilePhone)) {
      throw new WindowRequestError(
        'INVALID_MOBILE_PHONE',
        "customerMobilePhone은 '-' 없이 8~15자리 숫자여야 합니다.",
      );
    }
    req.customerMobilePhone = raw.customerMobilePhone;
  }
  if (!isAbsent(raw.taxFreeAmount)) {
    const t = raw.taxFreeAmount;
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0 || t > amount.value) {
      throw new WindowRequestError(
        'INVALID_TAX_FREE_AMOUNT',
        'taxFreeAmount는 0 이상 결제 금액 이하의 정수여야 합니다.',
      );
    }
    req.taxFreeAmount = t;
  }
  const metadata = verifyMetadata(raw.metadata);
  if (metadata) req.metadata = metadata;

  if (isObject(raw.card)) {
    const c = raw.card;
    const card: NonNullable<PaymentSessionRequest['card']> = {};
    if (!isAbsent(c.cardCompany)) card.cardCompany = verifyCardCompany(c.cardCompany);
    const plan = verifyInstallment(c.cardInstallmentPlan, 'cardInstallmentPlan');
    if (plan !== undefined) card.cardInstallmentPlan = plan;
    const max = verifyInstallment(c.maxCardInstallmentPlan, 'maxCardInstallmentPlan');
    if (max !== undefined) card.maxCardInstallmentPlan = max;
    if (c.flowMode === 'DIRECT' || c.flowMode === 'DEFAULT') card.flowMode = c.flowMode;
    if (typeof c.easyPay === 'string' && c.easyPay.length <= 40) card.easyPay = c.easyPay;
    for (const k of ['useEscrow', 'useCardPoint', 'useAppCardOnly'] as const) {
      const b = optionalBoolean(c[k]);
      if (b !== undefined) card[k] = b;
    }
    const exemption = verifyTaxExemption(c.taxExemptionAmount, amount.value);
    if (exemption !== undefined) card.taxExemptionAmount = exemption;
    req.card = card;
  }
  if (isObject(raw.virtualAccount)) {
    const v = raw.virtualAccount;
    const va: NonNullable<PaymentSessionRequest['virtualAccount']> = {};
    const hours = verifyValidHours(v.validHours);
    if (hours !== undefined) va.validHours = hours;
    if (!isAbsent(v.dueDate)) {
      if (typeof v.dueDate !== 'string' || !DUE_DATE.test(v.dueDate)) {
        throw new WindowRequestError(
          'INVALID_DUE_DATE',
          "dueDate는 'yyyy-MM-ddTHH:mm:ss' 형식이어야 합니다.",
        );
      }
      va.dueDate = v.dueDate;
    }
    const cr = verifyCashReceipt(v.cashReceipt);
    if (cr) va.cashReceiptType = cr;
    const esc = optionalBoolean(v.useEscrow);
    if (esc !== undefined) va.useEscrow = esc;
    const exemption = verifyTaxExemption(v.taxExemptionAmount, amount.value);
    if (exemption !== undefined) va.taxExemptionAmount = exemption;
    req.virtualAccount = va;
  }
  if (isObject(raw.transfer)) {
    const t = raw.transfer;
    const tr: NonNullable<PaymentSessionRequest['transfer']> = {};
    const cr = verifyCashReceipt(t.cashReceipt);
    if (cr) tr.cashReceiptType = cr;
    const esc = optionalBoolean(t.useEscrow);
    if (esc !== undefined) tr.useEscrow = esc;
    req.transfer = tr;
  }
  if (method === 'FOREIGN_EASY_PAY') req.foreignEasyPay = verifyForeignEasyPay(raw.foreignEasyPay);
  if (isObject(raw.mobilePhone) && Array.isArray(raw.mobilePhone.mobileCarriers)) {
    req.mobilePhone = {
      mobileCarriers: raw.mobilePhone.mobileCarriers
        .filter((c): c is string => typeof c === 'string')
        .slice(0, 10),
    };
  }
  return req;
}

export function verifyBillingRequest(raw: unknown): BillingSessionRequest {
  if (!isObject(raw))
    throw new WindowRequestError('INVALID_PARAMETER', '자동결제 인증 요청 파라미터가 올바르지 않습니다.');
  if (raw.method !== 'CARD' && raw.method !== 'TRANSFER') {
    throw new WindowRequestError(
      'NOT_SUPPORTED_METHOD',
      "자동결제(빌링) 인증은 method 'CARD' 또는 'TRANSFER'만 지원합니다.",
    );
  }
  const req: BillingSessionRequest = { method: raw.method };
  const name = optionalString(raw.customerName, 100, 'INVALID_CUSTOMER_NAME', 'customerName');
  if (name !== undefined) req.customerName = name;
  const email = optionalString(raw.customerEmail, 100, 'INVALID_EMAIL', 'customerEmail');
  if (email !== undefined) req.customerEmail = email;
  if (!isAbsent(raw.cardCompany)) req.cardCompany = verifyCardCompany(raw.cardCompany);
  return req;
}

export type KeyFamily = 'api' | 'widget';

/**
 * Checks a POST /window/sessions body and builds the session. `family` answers which key family the
 * emulator assigns to the client key (null = not a key it knows).
 */
export function buildSession(
  body: unknown,
  family: (clientKey: string) => KeyFamily | null,
  now: number,
): WindowSession {
  if (!isObject(body)) throw new WindowRequestError('INVALID_PARAMETER', '요청 본문이 JSON 객체가 아닙니다.');
  const { clientKey, kind } = body;
  if (typeof clientKey !== 'string' || clientKey.length === 0 || clientKey.length > 200) {
    throw new WindowRequestError('INVALID_CLIENT_KEY', '클라이언트 키가 없거나 올바르지 않습니다.', 401);
  }
  if (SECRET_KEY.test(clientKey)) {
    throw new WindowRequestError(
      'INSECURE_KEY_USAGE',
      '브라우저에서 시크릿 키를 사용하면 안 됩니다. 클라이언트 키를 쓰고 시크릿 키를 재발급하세요.',
    );
  }
  if (kind !== 'payment' && kind !== 'widget' && kind !== 'billing') {
    throw new WindowRequestError(
      'INVALID_PARAMETER',
      "kind는 'payment', 'widget', 'billing' 중 하나여야 합니다.",
    );
  }
  const fam = family(clientKey);
  if (fam === null)
    throw new WindowRequestError(
      'INVALID_CLIENT_KEY',
      '에뮬레이터에 등록되지 않은 클라이언트 키입니다.',
      401,
    );
  if (kind === 'widget' && fam !== 'widget') {
    throw new WindowRequestError(
      'NOT_SUPPORTED_API_INDIVIDUAL_KEY',
      '결제위젯은 결제위젯 연동 키(gck)로만 쓸 수 있습니다. API 개별 연동 키(ck)는 지원하지 않습니다.',
    );
  }
  if (kind !== 'widget' && fam !== 'api') {
    throw new WindowRequestError(
      'NOT_SUPPORTED_WIDGET_KEY',
      '결제창과 자동결제는 API 개별 연동 키(ck)로만 쓸 수 있습니다. 결제위젯 연동 키(gck)는 지원하지 않습니다.',
    );
  }
  const customerKey = verifyCustomerKey(body.customerKey);
  const request = body.request;
  const hasSuccess = isObject(request) && !isAbsent(request.successUrl);
  const hasFail = isObject(request) && !isAbsent(request.failUrl);
  const session: WindowSession = {
    id: `ws_${randomBytes(16).toString('hex')}`,
    kind,
    mode: 'iframe',
    clientKey,
    customerKey,
    openerOrigin: verifyOrigin(body.openerOrigin),
    createdAt: now,
  };
  if (kind === 'billing') {
    if (customerKey === ANONYMOUS) {
      throw new WindowRequestError(
        'INVALID_CUSTOMER_KEY',
        '자동결제 인증에는 구매자를 식별하는 customerKey가 필요합니다 (ANONYMOUS 불가).',
      );
    }
    if (!isObject(request))
      throw new WindowRequestError('INVALID_PARAMETER', '자동결제 인증 요청 파라미터가 올바르지 않습니다.');
    session.successUrl = verifyRedirectUrl(request.successUrl, 'success');
    session.failUrl = verifyRedirectUrl(request.failUrl, 'fail');
    session.mode = 'redirect';
    session.billing = verifyBillingRequest(request);
    return session;
  }
  session.payment = verifyPaymentRequest(request, isObject(request) ? request.method : undefined, kind);
  // the SDK types FOREIGN_EASY_PAY with the redirect form only (RequestForeignEasyPayPaymentWithRedirection)
  if (session.payment.method === 'FOREIGN_EASY_PAY' && !(hasSuccess && hasFail))
    throw new WindowRequestError(
      'INVALID_PARAMETER',
      'FOREIGN_EASY_PAY는 리다이렉트 방식만 지원합니다. successUrl과 failUrl을 넣어주세요.',
    );
  if (hasSuccess || hasFail) {
    const r = request as Json;
    session.successUrl = verifyRedirectUrl(r.successUrl, 'success');
    session.failUrl = verifyRedirectUrl(r.failUrl, 'fail');
    session.mode = 'redirect';
  }
  return session;
}

function verifyOrigin(value: unknown): string {
  if (value === 'null') return value;
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    } catch {
      // fall through
    }
  }
  throw new WindowRequestError('INVALID_PARAMETER', 'openerOrigin이 올바르지 않습니다.');
}

/** Sessions by id. Ids are 128-bit random, so one process-wide store is safe across emulator instances. */
export class SessionStore {
  private readonly sessions = new Map<string, WindowSession>();

  add(session: WindowSession): void {
    session.storedAt = Date.now();
    this.sweep(session.storedAt);
    if (this.sessions.size >= MAX_SESSIONS) {
      // Map iteration is insertion order: drop the oldest to stay bounded.
      const oldest = this.sessions.keys().next();
      if (!oldest.done) this.sessions.delete(oldest.value);
    }
    this.sessions.set(session.id, session);
  }

  /** The session even when its 30 minutes are over: the window then answers with the expiry failure. */
  get(id: string): WindowSession | undefined {
    return this.sessions.get(id);
  }

  // Emulators in one process may run different clocks, so memory is reclaimed on wall-clock time only.
  private sweep(wallNow: number): void {
    for (const [id, s] of this.sessions) {
      if (wallNow - (s.storedAt ?? wallNow) > 2 * SESSION_TTL_MS) this.sessions.delete(id);
    }
  }
}

export { findBank, findCardCompany };
