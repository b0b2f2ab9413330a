/** Billing (자동결제): auth keys from the window, billing keys, charges and deletion. */
import { kstIso, kstWebhookTime } from '../clock.js';
import { gatewayError, invalidRequest } from '../errors.js';
import { verifyMethodAmount } from '../gateway/amounts.js';
import { BANK_NAMES } from '../gateway/institutions.js';
import { bankCodeOf, cardIssuerCodeOf } from '../gateway/lookups.js';
import { newAuthKey, newBillingKey, randomDigits } from '../ids.js';
import { checkOrderId, intField, maskCardNumber, str } from './fields.js';
import { cardObject } from './payments.js';
import type { Store } from './store.js';
import { AUTH_KEY_TTL_MS, type BillingRecord, type PaymentObject } from './types.js';

export function authorizeBilling(
  s: Store,
  input: {
    customerKey: string;
    clientKey?: string;
    method?: string;
    cardCompany?: string;
    bank?: string;
  },
): { authKey: string; customerKey: string } {
  if (typeof input?.customerKey !== 'string' || !/^[A-Za-z0-9\-_=.@]{2,300}$/.test(input.customerKey))
    throw gatewayError('INVALID_CUSTOMER_KEY');
  const transfer = input.method === 'TRANSFER';
  const bankCode = transfer ? (input.bank === undefined ? '88' : bankCodeOf(input.bank)) : undefined;
  const authKey = newAuthKey();
  s.authKeys.set(authKey, {
    authKey,
    customerKey: input.customerKey,
    clientKey: input.clientKey ?? null,
    expiresAt: s.clock.now() + AUTH_KEY_TTL_MS,
    used: false,
    issuerCode: cardIssuerCodeOf(input.cardCompany),
    method: transfer ? '계좌이체' : '카드',
    ...(bankCode === undefined ? {} : { bankCode }),
  });
  s.onChange();
  return { authKey, customerKey: input.customerKey };
}

/**
 * The Billing object. A transfer (계좌이체) billing key carries `transfers` and no `card` (spec §3.5 and §15; the
 * reference names `transfers` with the bank and account). Whether `transfers` is one object or an array is not clear
 * from the docs; the emulator answers an array of one, as clients written against the live API read it. The
 * pre-2024-06-01 `cardCompany`/`cardNumber` are null on a transfer billing key.
 */
function billingObject(s: Store, b: BillingRecord): Record<string, unknown> {
  const common = {
    mId: s.mId,
    customerKey: b.customerKey,
    authenticatedAt: b.authenticatedAt,
    method: b.method,
    billingKey: b.billingKey,
  };
  if (b.bankCode !== undefined) {
    return {
      ...common,
      card: null,
      transfers: [
        {
          bankCode: b.bankCode,
          bankName: BANK_NAMES[b.bankCode] ?? b.bankCode,
          bankAccountNumber: b.accountNumber ?? '',
        },
      ],
      cardCompany: null,
      cardNumber: null,
    };
  }
  return {
    ...common,
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

function newBilling(
  s: Store,
  customerKey: string,
  issuerCode: string,
  number: string,
  method: string,
  secretKey: string | null,
): BillingRecord {
  const b: BillingRecord = {
    billingKey: newBillingKey(),
    customerKey,
    authenticatedAt: kstIso(s.clock.now()),
    issuerCode,
    number,
    method,
    deleted: false,
    secretKey,
  };
  s.billings.set(b.billingKey, b);
  s.onChange();
  return b;
}

export function issueBilling(
  s: Store,
  body: Record<string, unknown>,
  secretKey: string | null,
): Record<string, unknown> {
  const authKey = str(body, 'authKey', 300)!;
  const customerKey = str(body, 'customerKey', 300)!;
  const auth = s.authKeys.get(authKey);
  if (!auth || auth.used || s.clock.now() > auth.expiresAt) {
    throw invalidRequest('유효하지 않은 authKey 입니다.', 'The authKey is unknown, used or expired.');
  }
  if (auth.customerKey !== customerKey) throw gatewayError('NOT_MATCHES_CUSTOMER_KEY');
  if (secretKey !== null && auth.clientKey !== null && /^(test|live)_g[cs]k_/.test(auth.clientKey))
    throw gatewayError('INVALID_API_KEY');
  auth.used = true;
  const b = newBilling(
    s,
    customerKey,
    auth.issuerCode,
    `${randomDigits(8)}****${randomDigits(3)}*`,
    auth.method,
    secretKey,
  );
  if (auth.bankCode !== undefined) {
    b.bankCode = auth.bankCode;
    b.accountNumber = `${randomDigits(3)}****${randomDigits(4)}`;
  }
  return billingObject(s, b);
}

export function authorizeBillingCard(
  s: Store,
  body: Record<string, unknown>,
  secretKey: string | null,
): Record<string, unknown> {
  const customerKey = str(body, 'customerKey', 300)!;
  if (!/^[A-Za-z0-9\-_=.@]{2,300}$/.test(customerKey)) throw gatewayError('INVALID_CUSTOMER_KEY');
  const cardNumber = str(body, 'cardNumber', 20)!;
  if (!/^\d{12,19}$/.test(cardNumber)) throw gatewayError('INVALID_CARD_NUMBER');
  const yy = str(body, 'cardExpirationYear', 2)!;
  const mm = str(body, 'cardExpirationMonth', 2)!;
  if (!/^\d{2}$/.test(yy) || !/^\d{1,2}$/.test(mm) || Number(mm) < 1 || Number(mm) > 12)
    throw gatewayError('INVALID_CARD_EXPIRATION');
  str(body, 'customerIdentityNumber', 10);
  const b = newBilling(
    s,
    customerKey,
    cardIssuerCodeOf(body['cardCompany']),
    maskCardNumber(cardNumber),
    '카드',
    secretKey,
  );
  return billingObject(s, b);
}

export function chargeBilling(s: Store, billingKey: string, body: Record<string, unknown>): PaymentObject {
  const b = s.billings.get(billingKey);
  if (!b || b.deleted) throw gatewayError('INVALID_BILL_KEY_REQUEST');
  const customerKey = str(body, 'customerKey', 300)!;
  if (customerKey !== b.customerKey) throw gatewayError('NOT_MATCHES_CUSTOMER_KEY');
  const orderId = str(body, 'orderId', 64)!;
  checkOrderId(orderId);
  const orderName = str(body, 'orderName', 100)!;
  const sdkMethod = b.bankCode === undefined ? 'CARD' : 'TRANSFER';
  const amount = verifyMethodAmount(sdkMethod, intField(body, 'amount', true), 'KRW');
  const taxFree = intField(body, 'taxFreeAmount', false) ?? 0;
  if (taxFree < 0 || taxFree > amount)
    throw invalidRequest('면세 금액이 올바르지 않습니다.', 'taxFreeAmount is invalid.');
  if (s.byOrderId.has(orderId)) throw gatewayError('DUPLICATED_ORDER_ID');
  const rec = s.newRecord({
    orderId,
    orderName,
    amount,
    sdkMethod,
    status: 'DONE',
    type: 'BILLING',
    customerKey,
    taxFreeAmount: taxFree,
  });
  rec.billingKey = billingKey;
  if (b.bankCode !== undefined) {
    // a transfer billing charge is a 계좌이체 payment with the transfer object
    rec.payment.transfer = { bankCode: b.bankCode, settlementStatus: 'INCOMPLETED' };
  } else {
    rec.payment.card = cardObject(
      amount,
      b.issuerCode,
      b.number,
      intField(body, 'cardInstallmentPlan', false) ?? 0,
    );
  }
  rec.payment.approvedAt = kstIso(s.clock.now());
  s.addTransaction(rec, 'DONE', amount);
  s.save(rec);
  // Billing approvals send no PAYMENT_STATUS_CHANGED webhook.
  return rec.payment;
}

export function deleteBilling(s: Store, billingKey: string): void {
  const b = s.billings.get(billingKey);
  if (!b || b.deleted) throw gatewayError('NOT_FOUND_BILLING', undefined, 404);
  b.deleted = true;
  s.onChange();
  s.emit({
    eventType: 'BILLING_DELETED',
    body: {
      eventType: 'BILLING_DELETED',
      createdAt: kstWebhookTime(s.clock.now()),
      data: { billingKey, reason: '삭제 API 요청' },
    },
  });
}
