/**
 * Payments from the window to approval: a READY window, the buyer's approval (IN_PROGRESS, 10 minutes to confirm),
 * confirm with each method's answer object, a refusal that aborts the session, key-in card payments, and expiry.
 */
import { kstIso } from '../clock.js';
import { gatewayError, invalidRequest } from '../errors.js';
import { verifyMethodAmount } from '../gateway/amounts.js';
import { readAmount } from '../gateway/currencies.js';
import {
  bankCodeOf,
  cardIssuerCodeOf,
  easyPayProviderName,
  methodName,
  normalizeSdkMethod,
} from '../gateway/lookups.js';
import { randomDigits } from '../ids.js';
import { issueWindowCashReceipt } from './cash-receipts.js';
import { checkOrderId, intField, maskCardNumber, str } from './fields.js';
import { neverCompleted, type Store } from './store.js';
import { partialCancelable } from './partial-cancel.js';
import {
  IN_PROGRESS_TTL_MS,
  READY_TTL_MS,
  type AuthorizeInput,
  type PaymentObject,
  type PaymentRecord,
} from './types.js';
import { checkValidity, issueAccount } from './virtual-accounts.js';

/** The payment window opened: a READY payment that expires after 30 minutes. */
export function openPayment(
  s: Store,
  input: AuthorizeInput,
): { paymentKey: string; orderId: string; amount: number } {
  const { orderId, amount, sdkMethod } = checkWindowInput(s, input);
  const rec = newWindowRecord(s, input, orderId, amount, sdkMethod, 'READY');
  rec.sessionExpiresAt = s.clock.now() + READY_TTL_MS;
  s.save(rec);
  s.scheduleExpiry(rec);
  return { paymentKey: rec.payment.paymentKey, orderId, amount };
}

/** A payment for a new order from the window: READY when the window opens, IN_PROGRESS when approved at once. */
function newWindowRecord(
  s: Store,
  input: AuthorizeInput,
  orderId: string,
  amount: number,
  sdkMethod: string,
  status: 'READY' | 'IN_PROGRESS',
): PaymentRecord {
  s.claimOrderId(orderId);
  const rec = s.newRecord({
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
    type: input['paymentType'] === 'BRANDPAY' ? 'BRANDPAY' : 'NORMAL',
    window: { ...input, method: sdkMethod },
  });
  rec.sdkMethod = sdkMethod;
  return rec;
}

function checkWindowInput(
  s: Store,
  input: AuthorizeInput,
): { orderId: string; amount: number; sdkMethod: string } {
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
export function authorizePayment(
  s: Store,
  input: AuthorizeInput,
): { paymentKey: string; orderId: string; amount: number } {
  const { orderId, amount, sdkMethod } = checkWindowInput(s, input);
  let rec: PaymentRecord | undefined;
  if (input.paymentKey !== undefined) {
    rec = s.findByKey(input.paymentKey);
    if (!rec || rec.payment.status !== 'READY') throw gatewayError('NOT_FOUND_PAYMENT_SESSION');
    if (rec.payment.orderId !== orderId || rec.payment.totalAmount !== amount) {
      throw invalidRequest('결제창의 주문 정보와 다릅니다.', 'The order does not match the opened window.');
    }
    rec.payment.method = methodName(sdkMethod);
    rec.sdkMethod = sdkMethod;
    rec.window = { ...rec.window, ...input, method: sdkMethod };
  } else {
    rec = newWindowRecord(s, input, orderId, amount, sdkMethod, 'IN_PROGRESS');
  }
  if (sdkMethod === 'VIRTUAL_ACCOUNT') {
    if (input.bank !== undefined) bankCodeOf(input.bank);
    checkValidity(s, input.validHours, input.dueDate);
  }
  if (sdkMethod === 'CARD' && input.cardCompany !== undefined) cardIssuerCodeOf(input.cardCompany);
  rec.payment.status = 'IN_PROGRESS';
  rec.sessionExpiresAt = s.clock.now() + IN_PROGRESS_TTL_MS;
  s.save(rec);
  s.scheduleExpiry(rec);
  return { paymentKey: rec.payment.paymentKey, orderId, amount };
}

/** A refused approval (at confirm, or the card company in the window): ABORTED with the failure, and a webhook. */
export function abortSession(s: Store, paymentKey: string, code: string, message: string): void {
  const rec = s.findByKey(paymentKey);
  // IN_PROGRESS: a confirm refused; READY: the card company refused in the window (no method was approved)
  if (!rec || (rec.payment.status !== 'IN_PROGRESS' && rec.payment.status !== 'READY')) return;
  s.cancelExpiry(paymentKey);
  rec.sessionExpiresAt = null;
  rec.payment.status = 'ABORTED';
  rec.payment.failure = { code, message };
  neverCompleted(rec.payment);
  s.changed(rec);
  s.statusChanged(rec);
}

export function confirm(
  s: Store,
  body: Record<string, unknown>,
  secretKey: string | null,
  via: 'core' | 'brandpay' = 'core',
): PaymentObject {
  const rec = confirmableRecord(s, body, secretKey);
  const p = rec.payment;
  // BrandPay payments have their own confirm (state/brandpay.ts says why the emulator refuses the other door)
  if (via === 'core' && p.type === 'BRANDPAY')
    throw invalidRequest(
      '브랜드페이 결제는 브랜드페이 결제 승인 API(/v1/brandpay/payments/confirm)로 승인해주세요.',
      'Confirm a BrandPay payment with /v1/brandpay/payments/confirm.',
    );
  if (via === 'brandpay') {
    if (p.type !== 'BRANDPAY')
      throw invalidRequest(
        '브랜드페이 결제가 아닙니다. 결제 승인 API(/v1/payments/confirm)로 승인해주세요.',
        'Not a BrandPay payment: confirm it with /v1/payments/confirm.',
      );
    if (str(body, 'customerKey', 300) !== rec.customerKey) throw gatewayError('NOT_MATCHES_CUSTOMER_KEY');
  }
  // Everything that can refuse (bank, due date) runs before the first change to the payment.
  if (rec.sdkMethod === 'VIRTUAL_ACCOUNT') {
    const w = rec.window;
    const bankCode = w['bank'] === undefined ? '88' : bankCodeOf(w['bank']);
    const customerName = typeof w['customerName'] === 'string' ? w['customerName'] : '홍길동';
    issueAccount(s, rec, bankCode, customerName, w['validHours'], w['dueDate']);
    p.status = 'WAITING_FOR_DEPOSIT';
    s.addTransaction(rec, 'WAITING_FOR_DEPOSIT', p.totalAmount);
  } else {
    approveMethod(s, rec);
    p.status = 'DONE';
    p.approvedAt = kstIso(s.clock.now());
    s.addTransaction(rec, 'DONE', p.totalAmount);
  }
  applyWindowOptions(rec);
  rec.sessionExpiresAt = null;
  s.cancelExpiry(p.paymentKey);
  if (rec.sdkMethod === 'TRANSFER') issueWindowCashReceipt(s, rec);
  s.changed(rec);
  s.statusChanged(rec);
  return p;
}

/**
 * What the page's request asked for that shows in the approved Payment: `useEscrow` (card, transfer and virtual
 * account options of the SDK) and `taxExemptionAmount` (card and virtual account options), and from them
 * `isPartialCancelable` (partial-cancel.ts).
 */
function applyWindowOptions(rec: PaymentRecord): void {
  const p = rec.payment;
  const w = rec.window;
  p.useEscrow = w['useEscrow'] === true;
  const exemption = w['taxExemptionAmount'];
  if (
    typeof exemption === 'number' &&
    Number.isSafeInteger(exemption) &&
    exemption > 0 &&
    exemption <= p.totalAmount
  )
    p.taxExemptionAmount = exemption;
  p.isPartialCancelable = partialCancelable(p, rec.sdkMethod);
}

/** The IN_PROGRESS payment a confirm names, once its key, orderId and amount match what the buyer approved. */
function confirmableRecord(s: Store, body: Record<string, unknown>, secretKey: string | null): PaymentRecord {
  const paymentKey = str(body, 'paymentKey', 200)!;
  const orderId = str(body, 'orderId', 64)!;
  if (body['amount'] === undefined || body['amount'] === null)
    throw invalidRequest('amount은(는) 필수 값입니다.', 'amount is required.');
  const rec = s.findByKey(paymentKey);
  if (!rec) throw gatewayError('NOT_FOUND_PAYMENT_SESSION');
  const p = rec.payment;
  // KRW takes whole won; a foreign payment takes its currency's decimals (PayPal USD: 726.24)
  const amount =
    p.currency === 'KRW' ? intField(body, 'amount', true)! : readAmount(body['amount'], p.currency);
  if (amount === undefined)
    throw invalidRequest(
      `amount은(는) ${p.currency} 금액이어야 합니다.`,
      `amount must be an amount in ${p.currency}.`,
    );
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
  return rec;
}

/** The approved method's object in the Payment (card, transfer, mobile phone, easy pay, gift certificate). */
function approveMethod(s: Store, rec: PaymentRecord): void {
  const p = rec.payment;
  const w = rec.window;
  switch (rec.sdkMethod) {
    case 'CARD':
      p.card = cardObject(
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
        receiptUrl: `${s.baseUrl}/receipt/mobile/${p.paymentKey}`,
      };
      break;
    case 'EASY_PAY':
      p.easyPay = {
        provider: easyPayProviderName(w['easyPayProvider']),
        amount: p.totalAmount,
        discountAmount: 0,
      };
      break;
    case 'FOREIGN_EASY_PAY': {
      // The docs describe no field of this object; the provider is what the window request named. The buyer's
      // country from `foreignEasyPay.country` is the Payment's `country` (a forum PayPal payment: "BS").
      const fep = (w['foreignEasyPay'] ?? {}) as Record<string, unknown>;
      const provider = fep['provider'] ?? w['easyPayProvider'];
      p.foreignEasyPay = { provider: typeof provider === 'string' ? provider : 'PAYPAL' };
      if (typeof fep['country'] === 'string' && /^[A-Z]{2}$/.test(fep['country'])) p.country = fep['country'];
      break;
    }
    default:
      p.giftCertificate = { approveNo: randomDigits(8), settlementStatus: 'INCOMPLETED' };
  }
}

export function cardObject(
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

export function keyIn(s: Store, body: Record<string, unknown>): PaymentObject {
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
  const nowKst = new Date(s.clock.now() + 9 * 3_600_000);
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
  s.claimOrderId(orderId);
  const rec = s.newRecord({
    orderId,
    orderName,
    amount,
    sdkMethod: 'CARD',
    status: 'DONE',
    taxFreeAmount: taxFree,
  });
  rec.payment.card = cardObject(
    amount,
    cardIssuerCodeOf(body['cardCompany']),
    maskCardNumber(cardNumber),
    installment,
  );
  rec.payment.approvedAt = kstIso(s.clock.now());
  s.addTransaction(rec, 'DONE', amount);
  s.save(rec);
  return rec.payment;
}

/**
 * Ends a payment's validity now: READY/IN_PROGRESS → EXPIRED (with a webhook); a virtual account past its
 * due date stays WAITING_FOR_DEPOSIT with `virtualAccount.expired = true` and no webhook.
 */
export function expire(s: Store, id: string): PaymentObject {
  const rec = s.find(id);
  if (!rec) throw gatewayError('NOT_FOUND_PAYMENT');
  const p = rec.payment;
  if (p.status === 'READY' || p.status === 'IN_PROGRESS') {
    s.cancelExpiry(p.paymentKey);
    s.expireSession(rec);
  } else if (p.status === 'WAITING_FOR_DEPOSIT' && p.virtualAccount !== null) {
    p.virtualAccount = { ...p.virtualAccount, expired: true };
    rec.dueAt = Math.min(rec.dueAt ?? s.clock.now(), s.clock.now());
    s.changed(rec);
  } else {
    throw invalidRequest(
      `만료시킬 수 없는 상태입니다 (${p.status}).`,
      `A ${p.status} payment cannot expire.`,
    );
  }
  return p;
}
