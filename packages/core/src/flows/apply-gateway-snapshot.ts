/**
 * One rule for every payment snapshot that did not come from a confirm or cancel this instance is
 * running (a webhook, the reconciler's transactions walk): record it through the ledger, and run the
 * shop's hooks for what is new only when this write moved the ledger. The ledger's ordering rule and
 * transaction uniqueness make that "exactly once" across processes: a duplicate or late applier gets
 * `applied: false` and fires nothing.
 */
import type { RecordPaymentResult } from '../ledger/index.js';
import type { Payment, PaymentStatus } from '../models/index.js';
import { COMPENSATION_REASON_PREFIX, settleApprovalSeenOutside } from './confirm-flow.js';
import { runHook, type FlowContext } from './flow-context.js';

/** The Korean method name of a virtual-account payment (PAYMENT_METHODS). */
const VIRTUAL_ACCOUNT = '가상계좌';

/**
 * Did this write tell us that the buyer's money arrived? A DONE after WAITING_FOR_DEPOSIT (also a
 * re-deposit after a deposit error), or a virtual-account payment the ledger sees for the first time
 * already DONE: the waiting step was missed, but the shop must still learn the money is there.
 */
export function isDepositArrival(previous: PaymentStatus | null, payment: Payment): boolean {
  if (payment.status !== 'DONE') return false;
  if (previous === 'WAITING_FOR_DEPOSIT') return true;
  return previous === null && payment.method === VIRTUAL_ACCOUNT;
}

/**
 * Record `payment` (as the gateway gave it) and fire the hooks its transition calls for:
 * `onDepositReceived` once per deposit arrival (see `isDepositArrival`), `onPaymentCanceled` once per
 * new cancel transaction of a payment the ledger already knew (`compensation` true for tosskit's own
 * rollback cancels). A payment first seen already cancelled fires no cancel hook: the shop never had
 * it as paid. `source` names the caller in the `webhook.applied` event ('PAYMENT_STATUS_CHANGED',
 * 'DEPOSIT_CALLBACK', 'RECONCILE', ...).
 */
export async function applyGatewaySnapshot(
  context: FlowContext,
  payment: Payment,
  source = 'RECONCILE',
): Promise<RecordPaymentResult> {
  const ids = { paymentKey: payment.paymentKey, orderId: payment.orderId };
  // an approval nobody settled reaches the shop as if tosskit had confirmed it (guarantee 3)
  const outside = await settleApprovalSeenOutside(context, payment);
  if (outside !== 'record' && outside !== 'unknown_order') {
    const recorded = await context.ledger.recordPayment(payment);
    context.emit('webhook.applied', { kind: source, ...ids, status: recorded.current.status });
    return { ...recorded, applied: true };
  }
  const result = await context.ledger.recordPayment(payment);
  if (!result.applied) return result;
  const previous = result.previous?.status ?? null;
  if (isDepositArrival(previous, payment)) {
    await runHook(context, 'onDepositReceived', context.hooks.onDepositReceived, ids, payment);
  }
  if (previous !== null) {
    for (const tx of result.newTransactions) {
      if (tx.kind !== 'CANCEL') continue;
      const reason = tx.reason ?? '';
      await runHook(context, 'onPaymentCanceled', context.hooks.onPaymentCanceled, ids, payment, {
        cancelAmount: tx.amount,
        cancelReason: reason,
        transactionKey: tx.transactionKey,
        compensation: reason.startsWith(COMPENSATION_REASON_PREFIX),
      });
    }
  }
  context.emit('webhook.applied', { kind: source, ...ids, status: payment.status });
  return result;
}
