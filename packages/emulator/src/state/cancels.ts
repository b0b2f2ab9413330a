/** Cancels, full and partial: the balance, tax-free and VAT arithmetic, cancels[], and the refund account. */
import { kstIso, kstWebhookTime } from '../clock.js';
import { gatewayError, invalidRequest } from '../errors.js';
import { computeVat } from '../gateway/amounts.js';
import { bankCodeOf } from '../gateway/lookups.js';
import { deepCopy, intField, str } from './fields.js';
import { cancelTaxFreePart } from './partial-cancel.js';
import type { Store } from './store.js';
import type { CancelObject, PaymentObject } from './types.js';

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
  const taxFreeCancel = cancelTaxFreePart(p, cancelAmount, intField(body, 'taxFreeAmount', false));
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
  const balance = p.balanceAmount - cancelAmount;
  const taxFree = p.taxFreeAmount - taxFreeCancel;
  const { vat, suppliedAmount } =
    balance === 0 ? { vat: 0, suppliedAmount: 0 } : computeVat(balance, taxFree);
  p.balanceAmount = balance;
  p.taxFreeAmount = balance === 0 ? 0 : taxFree;
  p.vat = vat;
  p.suppliedAmount = suppliedAmount;
  p.status = balance === 0 ? 'CANCELED' : 'PARTIAL_CANCELED';
  const transactionKey = s.addTransaction(rec, p.status, cancelAmount);
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
  s.changed(rec);
  s.statusChanged(rec);
  // Foreign easy-pay cancels finish asynchronously at the gateway and report through CANCEL_STATUS_CHANGED.
  if (rec.sdkMethod === 'FOREIGN_EASY_PAY' && s.wantsEvents()) {
    s.emit({
      eventType: 'CANCEL_STATUS_CHANGED',
      body: { eventType: 'CANCEL_STATUS_CHANGED', createdAt: kstWebhookTime(now), data: deepCopy(entry) },
    });
  }
  return p;
}
