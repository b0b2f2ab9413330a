/**
 * Confirm: the success URL and the JSON confirm route end here.
 *
 * Order of the steps is the design: the browser's amount is checked against the shop's own order
 * before anything reaches the gateway; a ledger claim makes one order confirmable at most once; a
 * lost answer is settled from what the gateway says (seed 001); and when the shop's own hook fails
 * after approval, the payment is cancelled with a reason that says why (seed 001's rollback).
 */
import { randomUUID } from 'node:crypto';
import { parseAmount, verifyOrderAmount } from '../amount/index.js';
import { isGatewayError, redactSecrets, statusFor, TosskitError } from '../errors/index.js';
import { isAnswerLost } from '../gateway/index.js';
import type { ClaimOutcome, ConfirmClaim } from '../ledger/index.js';
import type { Payment } from '../models/index.js';
import { whileHoldingClaim } from './claim-lease.js';
import { runHook, type FlowContext } from './flow-context.js';
import { errorMessage, flowError, verifyOrderId, verifyPaymentKey } from './flow-errors.js';

export interface ConfirmInput {
  paymentKey: unknown;
  orderId: unknown;
  amount: unknown;
}

export interface ConfirmResult {
  payment: Payment;
  /** true when this caller was answered from an earlier settlement (double click, refresh, a second instance) */
  replayed: boolean;
}

/** The key every attempt to confirm this payment for this order sends: the gateway replays instead of paying twice. */
export function confirmIdempotencyKey(orderId: string, paymentKey: string): string {
  return `confirm:${orderId}:${paymentKey}`;
}

export function compensationIdempotencyKey(paymentKey: string): string {
  return `compensate:${paymentKey}`;
}

/** How every compensation's cancelReason starts: a cancel seen later (webhook, reconciler) is known as ours by it. */
export const COMPENSATION_REASON_PREFIX = '[tosskit 자동취소]';

/** The cancelReason of a compensation: recognisable in the dashboard as tosskit's rollback (≤200 chars). */
export function compensationReason(cause: string): string {
  return `${COMPENSATION_REASON_PREFIX} 가맹점 주문 처리 실패: ${cause}`.slice(0, 200);
}

/** A failure recorded in a claim, turned back into the error the first caller saw. */
export function errorFromOutcome(outcome: ClaimOutcome | null): TosskitError {
  if (outcome === null) return flowError('CONFIRM_IN_PROGRESS');
  if (outcome.kind === 'compensated')
    return flowError('PAYMENT_COMPENSATED', { paymentKey: outcome.paymentKey });
  if (outcome.kind === 'failed')
    return new TosskitError(outcome.code, statusFor(outcome.code) ?? 400, outcome.message);
  return flowError('ORDER_NOT_PAYABLE');
}

type Lookup =
  | { kind: 'found'; payment: Payment }
  | { kind: 'absent' }
  | { kind: 'unreachable'; error: unknown };

/** After a lost answer: look the payment up by paymentKey, then by orderId (seed 001). */
export async function lookUpPayment(
  context: FlowContext,
  paymentKey: string,
  orderId: string,
): Promise<Lookup> {
  let lastError: unknown = null;
  try {
    const payment = await context.gateway.getPayment(paymentKey);
    if (payment.orderId === orderId) return { kind: 'found', payment };
  } catch (error) {
    if (isAnswerLost(error)) lastError = error;
  }
  try {
    const payment = await context.gateway.getPaymentByOrderId(orderId);
    if (payment.paymentKey === paymentKey) return { kind: 'found', payment };
    // the order was paid by another payment: ours never went through
    return { kind: 'absent' };
  } catch (error) {
    if (isAnswerLost(error)) return { kind: 'unreachable', error };
    return lastError === null ? { kind: 'absent' } : { kind: 'unreachable', error: lastError };
  }
}

async function failClaim(
  context: FlowContext,
  claim: ConfirmClaim,
  code: string,
  message: string,
): Promise<void> {
  await context.ledger.recordOrderFailure({ orderId: claim.orderId, code, message, at: Date.now() });
  await context.ledger.releaseClaim(claim.orderId, claim.owner, { kind: 'failed', code, message });
  context.emit('confirm.settled', {
    paymentKey: claim.paymentKey,
    orderId: claim.orderId,
    outcome: 'failed',
    status: null,
    code,
    replayed: false,
  });
  await runHook(
    context,
    'onPaymentFailed',
    context.hooks.onPaymentFailed,
    { paymentKey: claim.paymentKey, orderId: claim.orderId },
    { orderId: claim.orderId, paymentKey: claim.paymentKey, code, message },
  );
}

/**
 * Cancel an approved payment because the shop could not take it, retried until it sticks (or the
 * attempts run out: the claim then stays open and the reconciler tries again). Records the result.
 */
export async function compensatePayment(
  context: FlowContext,
  payment: Payment,
  cause: string,
): Promise<Payment> {
  const reason = compensationReason(cause);
  let lastError: unknown = null;
  // The gateway replays a stored answer under the same Idempotency-Key, a 5xx included. Once a lookup shows
  // the cancel did not happen, the next attempt goes out under a key derived for it (a full cancel twice is
  // refused with ALREADY_CANCELED_PAYMENT, so a fresh key cannot cancel twice).
  let idempotencyKey = compensationIdempotencyKey(payment.paymentKey);
  for (let attempt = 1; attempt <= context.compensationAttempts; attempt += 1) {
    try {
      const canceled = await context.gateway.cancel(
        payment.paymentKey,
        { cancelReason: reason },
        { idempotencyKey },
      );
      await context.ledger.recordPayment(canceled);
      return canceled;
    } catch (error) {
      lastError = error;
      if (isGatewayError(error) && (error.code === 'ALREADY_CANCELED_PAYMENT' || isAnswerLost(error))) {
        try {
          const current = await context.gateway.getPayment(payment.paymentKey);
          if (current.status === 'CANCELED') {
            await context.ledger.recordPayment(current);
            return current;
          }
          if (error.status >= 500)
            idempotencyKey = `${compensationIdempotencyKey(payment.paymentKey)}:r${attempt}`;
        } catch (lookupError) {
          lastError = lookupError;
        }
      } else if (isGatewayError(error) && !error.retryable) {
        break;
      }
      await context.sleep(Math.min(1000 * attempt, 5000));
    }
  }
  context.logger.error('compensation cancel did not go through; the reconciler will retry it', {
    paymentKey: payment.paymentKey,
    orderId: payment.orderId,
    code: isGatewayError(lastError) ? lastError.code : 'UNKNOWN',
  });
  // the buyer sees a 4xx that says the outcome is pending, never the gateway's 5xx
  throw lastError instanceof TosskitError && lastError.status < 500
    ? lastError
    : flowError('CONFIRM_IN_PROGRESS');
}

/**
 * Finish a confirm from the gateway's Payment: run the shop's hook, then record the payment and settle
 * the claim in one write; if the hook throws, record the approval, compensate, and settle as compensated.
 * The reconciler calls this for claims whose holder vanished. Throws the error the buyer should see when
 * the payment did not end approved.
 */
export function settleConfirmedPayment(
  context: FlowContext,
  payment: Payment,
  claim: ConfirmClaim,
): Promise<ConfirmResult> {
  return whileHoldingClaim(context, claim, () => settleHeldClaim(context, payment, claim));
}

async function settleHeldClaim(
  context: FlowContext,
  payment: Payment,
  claim: ConfirmClaim,
): Promise<ConfirmResult> {
  const ids = { paymentKey: claim.paymentKey, orderId: claim.orderId };
  const status = payment.status;

  if (status === 'ABORTED' || status === 'EXPIRED') {
    await context.ledger.recordPayment(payment);
    const failure = (payment as { failure?: { code?: unknown; message?: unknown } | null }).failure;
    const code =
      typeof failure?.code === 'string'
        ? failure.code
        : status === 'EXPIRED'
          ? 'EXPIRED_PAYMENT'
          : 'PAY_PROCESS_ABORTED';
    const message =
      typeof failure?.message === 'string' ? failure.message : `결제가 완료되지 않았습니다 (${status}).`;
    await failClaim(context, claim, code, message);
    throw new TosskitError(code, statusFor(code) ?? 400, message);
  }

  if (status === 'CANCELED' || status === 'PARTIAL_CANCELED') {
    // approved and already cancelled: an earlier attempt compensated and could not settle
    await context.ledger.recordPayment(payment);
    const reason = 'canceled at the gateway before this confirm settled';
    await context.ledger.recordOrderFailure({
      orderId: claim.orderId,
      code: 'PAYMENT_COMPENSATED',
      message: reason,
      at: Date.now(),
    });
    await context.ledger.settleClaim(claim.orderId, claim.owner, {
      kind: 'compensated',
      paymentKey: claim.paymentKey,
      reason,
    });
    context.emit('confirm.settled', {
      ...ids,
      outcome: 'compensated',
      status,
      code: 'PAYMENT_COMPENSATED',
      replayed: false,
    });
    throw flowError('PAYMENT_COMPENSATED', ids);
  }

  if (status !== 'DONE' && status !== 'WAITING_FOR_DEPOSIT') {
    // READY / IN_PROGRESS: the confirm did not execute yet; keep the claim for a retry or the reconciler
    throw flowError('CONFIRM_IN_PROGRESS', ids);
  }

  // The shop's hook runs before the approval is written: the payment and the settled claim then go to the
  // ledger in one atomic write (one durable commit after the gateway call, not two). A crash in between leaves
  // the claim open, and the reconciler finishes it from the gateway (guarantee 8; hooks are at least once).
  let hookError: unknown = null;
  const totalAmount = (payment as { totalAmount?: unknown }).totalAmount;
  if (
    payment.orderId !== claim.orderId ||
    payment.paymentKey !== claim.paymentKey ||
    (typeof totalAmount === 'number' && totalAmount !== claim.amount)
  ) {
    // never happens with an honest gateway; if it does, the shop must not ship on it
    hookError = new Error('approved payment differs from the order (orderId, paymentKey or amount)');
  } else {
    const hook =
      status === 'WAITING_FOR_DEPOSIT'
        ? context.hooks.onVirtualAccountIssued
        : context.hooks.onPaymentConfirmed;
    const hookName = status === 'WAITING_FOR_DEPOSIT' ? 'onVirtualAccountIssued' : 'onPaymentConfirmed';
    const ran = await runHook(context, hookName, hook, ids, payment);
    if (!ran.ok) hookError = ran.error;
  }

  if (hookError !== null) {
    // the approval goes on record first, so it is known even if the rollback cannot reach the gateway
    await context.ledger.recordPayment(payment);
    // the cause is shown in the gateway's dashboard: bounded, and never a key that slipped into a message
    const cause = redactSecrets(errorMessage(hookError)).replace(/\s+/g, ' ').slice(0, 120);
    await compensatePayment(context, payment, cause);
    const reason = compensationReason(cause);
    await context.ledger.recordOrderFailure({
      orderId: claim.orderId,
      code: 'PAYMENT_COMPENSATED',
      message: reason,
      at: Date.now(),
    });
    await context.ledger.settleClaim(claim.orderId, claim.owner, {
      kind: 'compensated',
      paymentKey: claim.paymentKey,
      reason,
    });
    context.emit('confirm.compensated', { ...ids, reason, cause });
    context.emit('confirm.settled', {
      ...ids,
      outcome: 'compensated',
      status: 'CANCELED',
      code: 'PAYMENT_COMPENSATED',
      replayed: false,
    });
    throw flowError('PAYMENT_COMPENSATED', ids);
  }

  await context.ledger.settleClaimWithPayment(
    claim.orderId,
    claim.owner,
    { kind: 'confirmed', paymentKey: claim.paymentKey, status },
    payment,
  );
  context.emit('confirm.settled', { ...ids, outcome: 'confirmed', status, code: null, replayed: false });
  return { payment, replayed: false };
}

/** Answer a caller from a claim another caller settled. */
async function answerFromClaim(
  context: FlowContext,
  claim: ConfirmClaim,
  paymentKey: string,
): Promise<ConfirmResult> {
  if (claim.paymentKey !== paymentKey) throw flowError('ORDER_NOT_PAYABLE', { orderId: claim.orderId });
  const outcome = claim.outcome;
  if (outcome?.kind === 'confirmed') {
    const record = await context.ledger.getPayment(paymentKey);
    if (record === null) throw flowError('PAYMENT_NOT_FOUND');
    context.emit('confirm.settled', {
      paymentKey,
      orderId: claim.orderId,
      outcome: 'confirmed',
      status: record.status,
      code: null,
      replayed: true,
    });
    return { payment: record.payment, replayed: true };
  }
  throw errorFromOutcome(outcome);
}

async function waitForClaim(
  context: FlowContext,
  orderId: string,
  deadline: number,
): Promise<ConfirmClaim | null> {
  let delay = 10;
  for (;;) {
    const claim = await context.ledger.getClaim(orderId);
    if (claim === null || claim.state !== 'claimed') return claim;
    if (Date.now() >= deadline || claim.leaseUntil <= Date.now()) return claim;
    await context.sleep(delay);
    delay = Math.min(delay * 2, 200);
  }
}

/** The gateway confirm for a claim this caller holds, and the settlement of whatever came back. */
export function runConfirmForClaim(context: FlowContext, claim: ConfirmClaim): Promise<ConfirmResult> {
  return whileHoldingClaim(context, claim, () => confirmHeldClaim(context, claim));
}

async function confirmHeldClaim(context: FlowContext, claim: ConfirmClaim): Promise<ConfirmResult> {
  const { paymentKey, orderId, amount } = claim;
  context.emit('confirm.started', { paymentKey, orderId, amount });
  // Second key: used only when a lookup proved the first confirm never executed (the payment is still
  // IN_PROGRESS after a 5xx the gateway may keep replaying under the first key). Re-executing a confirm
  // cannot charge twice: the gateway approves a payment once and answers ALREADY_PROCESSED_PAYMENT after.
  const keys = [
    confirmIdempotencyKey(orderId, paymentKey),
    `${confirmIdempotencyKey(orderId, paymentKey)}:r1`,
  ];
  for (let attempt = 0; ; attempt += 1) {
    let payment: Payment;
    try {
      payment = await context.gateway.confirm(
        { paymentKey, orderId, amount },
        { idempotencyKey: keys[attempt]! },
      );
    } catch (error) {
      const alreadyProcessed = isGatewayError(error) && error.code === 'ALREADY_PROCESSED_PAYMENT';
      if (!alreadyProcessed && !isAnswerLost(error)) {
        // a definite refusal: nothing was approved, the order may be paid again
        const code = error instanceof TosskitError ? error.code : 'INTERNAL_ERROR';
        const message = error instanceof TosskitError ? error.message : 'confirm failed';
        await failClaim(context, claim, code, message);
        throw error;
      }
      const found = await lookUpPayment(context, paymentKey, orderId);
      if (found.kind === 'unreachable') {
        // we cannot know yet; the claim stays open and the reconciler settles it after its lease
        throw found.error instanceof TosskitError ? found.error : error;
      }
      if (found.kind === 'absent') {
        const code = isGatewayError(error) && !alreadyProcessed ? error.code : 'PAYMENT_NOT_FOUND';
        const message = error instanceof Error ? error.message : 'payment not found';
        await failClaim(context, claim, code, message);
        throw error;
      }
      const notExecuted = found.payment.status === 'IN_PROGRESS' || found.payment.status === 'READY';
      if (notExecuted && !alreadyProcessed && attempt + 1 < keys.length) continue;
      payment = found.payment;
    }
    return settleHeldClaim(context, payment, claim);
  }
}

export async function confirmPayment(context: FlowContext, input: ConfirmInput): Promise<ConfirmResult> {
  const paymentKey = verifyPaymentKey(input.paymentKey);
  const orderId = verifyOrderId(input.orderId);
  const amount = parseAmount(input.amount);

  const order = await context.orderLookup(orderId);
  if (order === null || order === undefined) throw flowError('ORDER_NOT_FOUND', { orderId });
  // the browser's amount is only a claim: the shop's order decides (guarantee 1)
  verifyOrderAmount(amount, order.amount);
  if (order.payable === false) {
    // a refresh of the success page after the order got paid by this very payment is answered, not refused
    const claim = await context.ledger.getClaim(orderId);
    if (claim === null || claim.paymentKey !== paymentKey || claim.state === 'released') {
      throw flowError('ORDER_NOT_PAYABLE', { orderId });
    }
  }

  const owner = `${context.instanceId}:${randomUUID()}`;
  const deadline = Date.now() + context.claimWaitMs;
  for (;;) {
    const result = await context.ledger.claimConfirm({
      orderId,
      paymentKey,
      amount,
      owner,
      leaseMs: context.claimLeaseMs,
    });
    if (result.status === 'won') return runConfirmForClaim(context, result.claim);
    if (result.status === 'settled') return answerFromClaim(context, result.claim, paymentKey);
    const settled = await waitForClaim(context, orderId, deadline);
    if (settled === null) continue;
    if (settled.state === 'settled') return answerFromClaim(context, settled, paymentKey);
    if (settled.state === 'released') {
      if (settled.paymentKey === paymentKey) throw errorFromOutcome(settled.outcome);
      continue;
    }
    // still claimed: its lease ran out (take it over) or we waited long enough
    if (settled.leaseUntil <= Date.now()) continue;
    throw flowError('CONFIRM_IN_PROGRESS', { orderId });
  }
}
