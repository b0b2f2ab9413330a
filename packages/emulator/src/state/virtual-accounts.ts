/** Virtual accounts: issue (window or API), the due date, deposits and deposit errors. */
import { kstIso, parseKst } from '../clock.js';
import { invalidRequest, gatewayError } from '../errors.js';
import { verifyMethodAmount } from '../gateway/amounts.js';
import { bankCodeOf, methodName } from '../gateway/lookups.js';
import { newReceiptKey, newSecret, randomDigits } from '../ids.js';
import { checkOrderId, intField, str } from './fields.js';
import { partialCancelable } from './partial-cancel.js';
import type { Store } from './store.js';
import type { PaymentObject, PaymentRecord } from './types.js';

export function checkValidity(s: Store, validHours: unknown, dueDate: unknown): { dueAt: number } {
  const now = s.clock.now();
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

export function issueAccount(
  s: Store,
  rec: PaymentRecord,
  bankCode: string,
  customerName: string,
  validHours: unknown,
  dueDate: unknown,
): void {
  const { dueAt } = checkValidity(s, validHours, dueDate);
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

export function issueVirtualAccount(s: Store, body: Record<string, unknown>): PaymentObject {
  const orderId = str(body, 'orderId', 64)!;
  checkOrderId(orderId);
  const orderName = str(body, 'orderName', 100)!;
  const amount = verifyMethodAmount('VIRTUAL_ACCOUNT', intField(body, 'amount', true), 'KRW');
  const customerName = str(body, 'customerName', 100)!;
  const bankCode = bankCodeOf(body['bank']);
  const taxFree = intField(body, 'taxFreeAmount', false) ?? 0;
  if (taxFree < 0 || taxFree > amount)
    throw invalidRequest('면세 금액이 올바르지 않습니다.', 'taxFreeAmount is invalid.');
  checkValidity(s, body['validHours'], body['dueDate']);
  s.claimOrderId(orderId);
  const rec = s.newRecord({
    orderId,
    orderName,
    amount,
    sdkMethod: 'VIRTUAL_ACCOUNT',
    status: 'WAITING_FOR_DEPOSIT',
    taxFreeAmount: taxFree,
    customerKey: null,
  });
  issueAccount(s, rec, bankCode, customerName, body['validHours'], body['dueDate']);
  rec.payment.useEscrow = body['useEscrow'] === true;
  rec.payment.isPartialCancelable = partialCancelable(rec.payment, 'VIRTUAL_ACCOUNT');
  const cr = body['cashReceipt'] as { type?: unknown } | undefined;
  if (cr && typeof cr.type === 'string' && cr.type !== '미발행')
    rec.window['cashReceipt'] = { type: cr.type };
  s.addTransaction(rec, 'WAITING_FOR_DEPOSIT', amount);
  s.save(rec);
  s.statusChanged(rec);
  return rec.payment;
}

function vaRecord(s: Store, id: string): PaymentRecord {
  const rec = s.find(id);
  if (!rec) throw gatewayError('NOT_FOUND_PAYMENT');
  if (rec.payment.virtualAccount === null)
    throw invalidRequest('가상계좌 결제가 아닙니다.', 'Not a virtual-account payment.');
  return rec;
}

/** The buyer deposited: WAITING_FOR_DEPOSIT → DONE. */
export function deposit(s: Store, id: string): PaymentObject {
  const rec = vaRecord(s, id);
  const p = rec.payment;
  if (p.status !== 'WAITING_FOR_DEPOSIT')
    throw invalidRequest(
      `입금 대기 상태가 아닙니다 (${p.status}).`,
      `The payment is not waiting for a deposit (${p.status}).`,
    );
  const va = p.virtualAccount!;
  if (va['expired'] === true || (rec.dueAt !== null && s.clock.now() > rec.dueAt)) {
    p.virtualAccount = { ...va, expired: true };
    s.changed(rec);
    throw invalidRequest('입금 기한이 지난 계좌입니다.', 'The account is past its due date.');
  }
  p.status = 'DONE';
  p.approvedAt = kstIso(s.clock.now());
  p.virtualAccount = { ...va, depositorName: va['customerName'] ?? null, settlementStatus: 'COMPLETED' };
  const cr = rec.window['cashReceipt'] as { type?: string } | undefined;
  if (cr?.type !== undefined && cr.type !== '미발행') {
    p.cashReceipt = {
      type: cr.type,
      receiptKey: newReceiptKey(),
      issueNumber: randomDigits(9),
      receiptUrl: `${s.baseUrl}/receipt/cash/${p.paymentKey}`,
      amount: p.totalAmount,
      taxFreeAmount: p.taxFreeAmount,
    };
  }
  s.addTransaction(rec, 'DONE', p.totalAmount);
  s.changed(rec);
  s.statusChanged(rec);
  return p;
}

/** The bank reported a deposit error: DONE → WAITING_FOR_DEPOSIT, the buyer must deposit again. */
export function depositError(s: Store, id: string): PaymentObject {
  const rec = vaRecord(s, id);
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
  s.addTransaction(rec, 'WAITING_FOR_DEPOSIT', p.totalAmount);
  s.changed(rec);
  s.statusChanged(rec);
  return p;
}
