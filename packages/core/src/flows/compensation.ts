/**
 * Compensation: cancelling an approved payment the shop cannot take (its hook failed, the approval differs
 * from the order, a second approval for a paid order, an unknown order). The cancel is retried until it
 * sticks; everyone who must know sees it with one reference: the error log line, the `confirm.compensated`
 * event, `onPaymentCompensated`, and the gateway's cancelReason.
 */
import { randomUUID } from '../platform/bytes.js';
import { isGatewayError, isTosskitError } from '../errors/index.js';
import { redactCauseText } from '../errors/log-redaction.js';
import type { Payment } from '../models/index.js';
import { confirmingError } from './confirming.js';
import { runHook, type CompensationTrigger, type FlowContext } from './flow-context.js';
import { errorMessage } from './flow-errors.js';
import { isDefiniteRefusal } from './gateway-outcome.js';

export function compensationIdempotencyKey(paymentKey: string): string {
  return `compensate:${paymentKey}`;
}

/** How every compensation's cancelReason starts: a cancel seen later (webhook, reconciler) is known as ours by it. */
export const COMPENSATION_REASON_PREFIX = '[tosskit 자동취소]';

const TRIGGER_TEXT: Record<CompensationTrigger, string> = {
  HOOK_FAILED: '가맹점 주문 처리 실패',
  PAYMENT_MISMATCH: '승인 내용이 주문과 다름',
  ORDER_NOT_PAYABLE: '결제할 수 없는 주문',
  DUPLICATE_APPROVAL: '이미 결제된 주문의 중복 승인',
  UNKNOWN_ORDER: '가맹점에 없는 주문',
};

/**
 * The cancelReason of a compensation, shown in the gateway's dashboard and on receipts: a fixed text per
 * trigger and a reference (the same in the shop's log and in `onPaymentCompensated`), never the shop's own
 * error text.
 */
export function compensationReason(trigger: CompensationTrigger, reference: string): string {
  return `${COMPENSATION_REASON_PREFIX} ${TRIGGER_TEXT[trigger]} (참조 ${reference})`;
}

/** A short id that ties a compensation's log line, event, hook and cancelReason together. */
export function newCompensationReference(): string {
  return `TK-${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
}

/**
 * Cancel an approved payment because the shop cannot take it, retried until it sticks (or the attempts run
 * out: the claim then stays open and the reconciler tries again). Records the result.
 */
export async function compensatePayment(
  context: FlowContext,
  payment: Payment,
  cancelReason: string,
): Promise<Payment> {
  let lastError: unknown = null;
  // The gateway replays a stored answer under the same Idempotency-Key, a 5xx included. Once a lookup shows
  // the cancel did not happen, the next attempt goes out under a key derived for it (a full cancel twice is
  // refused with ALREADY_CANCELED_PAYMENT, so a fresh key cannot cancel twice).
  let idempotencyKey = compensationIdempotencyKey(payment.paymentKey);
  for (let attempt = 1; attempt <= context.compensationAttempts; attempt += 1) {
    try {
      const canceled = await context.gateway.cancel(payment.paymentKey, { cancelReason }, { idempotencyKey });
      await recordQuietly(context, canceled);
      return canceled;
    } catch (error) {
      lastError = error;
      if (isDefiniteRefusal(error) && !(isGatewayError(error) && error.code === 'ALREADY_CANCELED_PAYMENT'))
        break;
      try {
        const current = await context.gateway.getPayment(payment.paymentKey);
        if (current.status === 'CANCELED') {
          await recordQuietly(context, current);
          return current;
        }
        if (!isGatewayError(error) || error.status >= 500 || error.retryable)
          idempotencyKey = `${compensationIdempotencyKey(payment.paymentKey)}:r${attempt}`;
      } catch (lookupError) {
        lastError = lookupError;
      }
      await context.sleep(Math.min(1000 * attempt, 5000));
    }
  }
  context.logger.error('compensation cancel did not go through; the reconciler will retry it', {
    paymentKey: payment.paymentKey,
    orderId: payment.orderId,
    code: isGatewayError(lastError) ? lastError.code : 'UNKNOWN',
    err: lastError,
  });
  // the buyer is never told "failed" while the money may still be taken: the outcome is pending
  throw confirmingError({ orderId: payment.orderId, paymentKey: payment.paymentKey }, lastError);
}

/** A ledger write whose failure must not stop what follows (the next write records the same facts). */
export async function recordQuietly(context: FlowContext, payment: Payment): Promise<void> {
  try {
    await context.ledger.recordPayment(payment, context.now());
  } catch (error) {
    context.logger.warn('could not record a payment snapshot; a later write or the reconciler records it', {
      paymentKey: payment.paymentKey,
      orderId: payment.orderId,
      code: isTosskitError(error) ? error.code : 'UNKNOWN',
    });
  }
}

/**
 * Cancel an approved payment the shop cannot take, seen by everyone who must know: an error log line with
 * the redacted cause, the `confirm.compensated` event and `onPaymentCompensated`, all with one reference
 * that the gateway's cancelReason carries too. `settle` writes the claim's outcome, when there is a claim.
 */
export async function compensate(
  context: FlowContext,
  payment: Payment,
  trigger: CompensationTrigger,
  cause: unknown,
  settle: ((reason: string) => Promise<void>) | null,
): Promise<Payment> {
  const ids = { paymentKey: payment.paymentKey, orderId: payment.orderId };
  const reference = newCompensationReference();
  const reason = compensationReason(trigger, reference);
  // what the shop's log and hook see; never the cancelReason (the gateway's dashboard and receipts)
  const message = redactCauseText(errorMessage(cause)).replace(/\s+/g, ' ').slice(0, 300);
  context.logger.error('cancelling an approved payment the shop cannot take (compensation)', {
    code: 'PAYMENT_COMPENSATED',
    ...ids,
    trigger,
    reference,
    cause: message,
    err: cause,
  });
  // the approval goes on record first, so it is known even if the rollback cannot reach the gateway
  await recordQuietly(context, payment);
  const canceled = await compensatePayment(context, payment, reason);
  if (settle !== null) await settle(reason);
  context.emit('confirm.compensated', { ...ids, reason, cause: message, trigger, reference });
  context.emit('confirm.settled', {
    ...ids,
    outcome: 'compensated',
    status: canceled.status,
    code: 'PAYMENT_COMPENSATED',
    replayed: false,
  });
  await runHook(context, 'onPaymentCompensated', context.hooks.onPaymentCompensated, ids, canceled, {
    trigger,
    reference,
    message,
    error: cause,
  });
  return canceled;
}
