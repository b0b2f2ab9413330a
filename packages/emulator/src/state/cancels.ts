/** Cancels, full and partial: the balance, tax-free and VAT arithmetic, cancels[], and the refund account. */
import { kstIso, kstWebhookTime } from '../clock.js';
import { gatewayError, invalidRequest } from '../errors.js';
import { computeVat } from '../gateway/amounts.js';
import { fromMinorUnits, readAmount, toMinorUnits } from '../gateway/currencies.js';
import { bankCodeOf } from '../gateway/lookups.js';
import { deepCopy, intField, str } from './fields.js';
import { cancelTaxFreePart } from './partial-cancel.js';
import type { Store } from './store.js';
import type { CancelObject, PaymentObject, PaymentRecord } from './types.js';

export function cancel(s: Store, paymentKey: string, body: Record<string, unknown>): PaymentObject {
  const rec = s.findByKey(paymentKey);
  if (!rec) throw gatewayError('NOT_FOUND_PAYMENT');
  const p = rec.payment;
  const cancelReason = str(body, 'cancelReason', 200)!;
  if (p.status === 'CANCELED') throw gatewayError('ALREADY_CANCELED_PAYMENT');
  if (p.status !== 'DONE' && p.status !== 'PARTIAL_CANCELED' && p.status !== 'WAITING_FOR_DEPOSIT') {
    throw gatewayError('NOT_CANCELABLE_PAYMENT');
  }
  if (body['currency'] !== undefined && body['currency'] !== p.currency)
    throw gatewayError('INVALID_CURRENCY');
  // Amounts are compared and subtracted in minor units (won, cents): a PayPal payment is in USD with cents.
  const cur = p.currency;
  const minor = (v: number): number => toMinorUnits(v, cur) ?? 0;
  const money = (field: string): number | undefined => moneyField(body, field, cur);
  const refundable = money('refundableAmount');
  if (refundable !== undefined && refundable !== minor(p.balanceAmount))
    throw gatewayError('NOT_MATCHES_REFUNDABLE_AMOUNT');
  const requested = money('cancelAmount');
  if (requested !== undefined && requested <= 0)
    throw invalidRequest('취소 금액은 0보다 커야 합니다.', 'cancelAmount must be positive.');
  const cancelAmount = requested ?? minor(p.balanceAmount);
  if (cancelAmount > minor(p.balanceAmount)) throw gatewayError('NOT_CANCELABLE_AMOUNT');
  const isPartial = cancelAmount < minor(p.balanceAmount);
  if (isPartial && p.status === 'WAITING_FOR_DEPOSIT')
    throw gatewayError('NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT');
  if (isPartial && !p.isPartialCancelable) throw gatewayError('NOT_ALLOWED_PARTIAL_REFUND');
  // the tax-free rules (partial-cancel.ts) on minor units, like every amount here
  const inMinor = { ...p, balanceAmount: minor(p.balanceAmount), taxFreeAmount: minor(p.taxFreeAmount) };
  const taxFreeCancel = cancelTaxFreePart(inMinor, cancelAmount, money('taxFreeAmount'));
  // A deposited virtual account is refunded to a bank account the buyer names (checked here). The Payment does not
  // show it: `virtualAccount.refundReceiveAccount` is the account entered in the window (readable 30 minutes), and a
  // cancel answered like the forum's (1313689625872826430) keeps refundStatus NONE and refundReceiveAccount null.
  // The docs list refundStatus PENDING/COMPLETED/FAILED but say nothing of when they show; the emulator keeps NONE.
  if (rec.sdkMethod === 'VIRTUAL_ACCOUNT' && p.status !== 'WAITING_FOR_DEPOSIT') {
    const acc = body['refundReceiveAccount'];
    if (typeof acc !== 'object' || acc === null) throw gatewayError('INVALID_REFUND_ACCOUNT_INFO');
    const a = acc as Record<string, unknown>;
    if (typeof a['accountNumber'] !== 'string' || !/^\d{1,20}$/.test(a['accountNumber']))
      throw gatewayError('INVALID_REFUND_ACCOUNT_NUMBER');
    if (typeof a['holderName'] !== 'string' || a['holderName'] === '' || a['holderName'].length > 60)
      throw gatewayError('INVALID_REFUND_ACCOUNT_INFO');
    bankCodeOf(a['bank']);
  }
  const now = s.clock.now();
  const major = (v: number): number => fromMinorUnits(v, cur);
  const balanceMinor = minor(p.balanceAmount) - cancelAmount;
  const taxFreeMinor = minor(p.taxFreeAmount) - taxFreeCancel;
  const { vat, suppliedAmount } =
    balanceMinor === 0 ? { vat: 0, suppliedAmount: 0 } : computeVat(balanceMinor, taxFreeMinor);
  const balance = major(balanceMinor);
  p.balanceAmount = balance;
  p.taxFreeAmount = balanceMinor === 0 ? 0 : major(taxFreeMinor);
  p.vat = major(vat);
  p.suppliedAmount = major(suppliedAmount);
  p.status = balanceMinor === 0 ? 'CANCELED' : 'PARTIAL_CANCELED';
  const foreign = rec.sdkMethod === 'FOREIGN_EASY_PAY';
  const transactionKey = s.addTransaction(rec, p.status, major(cancelAmount));
  const entry: CancelObject = {
    transactionKey,
    cancelReason,
    taxExemptionAmount: 0,
    canceledAt: kstIso(now),
    transferDiscountAmount: 0,
    easyPayDiscountAmount: 0,
    receiptKey: null,
    cancelAmount: major(cancelAmount),
    taxFreeAmount: major(taxFreeCancel),
    refundableAmount: balance,
    cardDiscountAmount: 0,
    // a foreign easy-pay cancel is asynchronous: IN_PROGRESS now, DONE when the provider answers
    cancelStatus: foreign ? 'IN_PROGRESS' : 'DONE',
    cancelRequestId: null,
  };
  p.cancels = [...(p.cancels ?? []), entry];
  if (p.card !== null && balanceMinor === 0) p.card = { ...p.card, acquireStatus: 'CANCELED' };
  s.changed(rec);
  s.statusChanged(rec);
  if (foreign) scheduleForeignCancel(s, rec, transactionKey);
  return p;
}

/**
 * How long the provider (PayPal) takes to answer a cancel, on the emulator clock. The docs describe the sequence
 * (docs.tosspayments.com/reference/using-api/webhook-events, CANCEL_STATUS_CHANGED: 결제 취소 요청 → IN_PROGRESS,
 * no webhook → DONE or ABORTED, with a webhook carrying the Cancel object) but not its duration: one minute here.
 */
export const FOREIGN_CANCEL_MS = 60_000;

/** The provider's answer to an IN_PROGRESS foreign cancel: DONE and CANCEL_STATUS_CHANGED. */
export function scheduleForeignCancel(s: Store, rec: PaymentRecord, transactionKey: string): void {
  s.clock.schedule(FOREIGN_CANCEL_MS, () => finishForeignCancel(s, rec, transactionKey));
}

export function finishForeignCancel(s: Store, rec: PaymentRecord, transactionKey: string): void {
  if (s.payments.get(rec.payment.paymentKey) !== rec) return; // reset or replaced since
  const entry = rec.payment.cancels?.find((c) => c.transactionKey === transactionKey);
  if (entry === undefined || entry.cancelStatus !== 'IN_PROGRESS') return;
  entry.cancelStatus = 'DONE';
  s.changed(rec);
  if (!s.wantsEvents()) return;
  s.emit({
    eventType: 'CANCEL_STATUS_CHANGED',
    body: {
      eventType: 'CANCEL_STATUS_CHANGED',
      createdAt: kstWebhookTime(s.clock.now()),
      data: deepCopy(entry),
    },
  });
}

/** A money field of the cancel body in minor units of the payment's currency (undefined when absent). */
function moneyField(body: Record<string, unknown>, field: string, currency: string): number | undefined {
  if (currency === 'KRW') return intField(body, field, false);
  const raw = body[field];
  if (raw === undefined || raw === null) return undefined;
  const value = readAmount(raw, currency);
  if (value === undefined)
    throw invalidRequest(
      `${field}은(는) ${currency} 금액이어야 합니다.`,
      `${field} must be an amount in ${currency}.`,
    );
  return toMinorUnits(value, currency)!;
}
