/**
 * The settlement half of a confirm: what the gateway's Payment means for the claim. Approved and matching the
 * order: the shop's hook runs, then payment and settled claim go to the ledger in one write. Approved but the
 * shop cannot take it: compensation. Aborted, expired, or past the confirm window: the claim fails. Anything
 * else: "confirming", and the next poll or the reconciler goes on.
 */
import { statusFor, TosskitError } from '../errors/index.js';
import type { ConfirmClaim } from '../ledger/index.js';
import type { Payment } from '../models/index.js';
import { whileHoldingClaim } from './claim-lease.js';
import { compensate, recordQuietly } from './compensation.js';
import { confirmingError, isConfirming, isHeldInBackground, pendingCauseOf } from './confirming.js';
import { runHook, type CompensationTrigger, type FlowContext } from './flow-context.js';
import { flowError } from './flow-errors.js';
import { isConfirmWindowOver } from './gateway-outcome.js';
import { failOrderClaim, settleOrderClaim } from './order-claim.js';
import { persistSettlement } from './settlement-writes.js';

export interface ConfirmResult {
  payment: Payment;
  /** true when this caller was answered from an earlier settlement (double click, refresh, a second instance) */
  replayed: boolean;
}

/** The confirm definitely did not happen: the claim failed in one write, then the event and the shop's hook. */
export async function failClaim(
  context: FlowContext,
  claim: ConfirmClaim,
  code: string,
  message: string,
): Promise<void> {
  await failOrderClaim(context, claim, { code, message });
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
 * Finish a confirm from the gateway's Payment: run the shop's hook, then record the payment and settle
 * the claim in one write; if the hook throws, record the approval, compensate, and settle as compensated.
 * Throws the error the buyer should see when the payment did not end approved.
 */
export function settleConfirmedPayment(
  context: FlowContext,
  payment: Payment,
  claim: ConfirmClaim,
): Promise<ConfirmResult> {
  return holdClaim(context, claim, () => settleHeldClaim(context, payment, claim));
}

/** Work under a claim; when it ends "confirming" and nobody holds the claim on, free its lease for the next poll. */
export async function holdClaim<T>(
  context: FlowContext,
  claim: ConfirmClaim,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await whileHoldingClaim(context, claim, work);
  } catch (error) {
    if (isConfirming(error)) {
      const pending = {
        paymentKey: claim.paymentKey,
        orderId: claim.orderId,
        code: pendingCauseOf(error),
      };
      context.logger.warn(
        'the outcome of a confirm is not known yet; a poll or the reconciler finishes it',
        pending,
      );
      context.emit('confirm.pending', pending);
      // the next poll or the reconciler resumes at once instead of waiting for the lease to run out
      if (!isHeldInBackground(error))
        await context.ledger.renewClaim(claim.orderId, claim.owner, 0, context.now() - 1).catch(() => false);
    }
    throw error;
  }
}

/** The claim ends compensated: the order's failure on record and the claim settled with the reason. */
async function settleCompensated(context: FlowContext, claim: ConfirmClaim, reason: string): Promise<void> {
  await context.ledger.recordOrderFailure({
    orderId: claim.orderId,
    code: 'PAYMENT_COMPENSATED',
    message: reason,
    at: context.now(),
  });
  await context.ledger.settleClaim(claim.orderId, claim.owner, {
    kind: 'compensated',
    paymentKey: claim.paymentKey,
    reason,
  });
}

export async function compensateApproval(
  context: FlowContext,
  payment: Payment,
  claim: ConfirmClaim,
  trigger: CompensationTrigger,
  cause: unknown,
): Promise<never> {
  await compensate(context, payment, trigger, cause, (reason) =>
    persistSettlement(context, claim, () => settleCompensated(context, claim, reason)),
  );
  throw flowError('PAYMENT_COMPENSATED', { paymentKey: claim.paymentKey, orderId: claim.orderId });
}

export async function settleHeldClaim(
  context: FlowContext,
  payment: Payment,
  claim: ConfirmClaim,
): Promise<ConfirmResult> {
  const ids = { paymentKey: claim.paymentKey, orderId: claim.orderId };
  const status = payment.status;

  if (status === 'ABORTED' || status === 'EXPIRED') {
    await recordQuietly(context, payment);
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
    await recordQuietly(context, payment);
    const reason = 'canceled at the gateway before this confirm settled';
    await persistSettlement(context, claim, () => settleCompensated(context, claim, reason));
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
    // READY / IN_PROGRESS: not approved yet. Past the gateway's confirm window it never will be.
    if (isConfirmWindowOver(payment, claim.createdAt, context.now())) {
      const message = '결제 승인 가능 시간(인증 후 10분)이 지났습니다.';
      await failClaim(context, claim, 'EXPIRED_PAYMENT', message);
      throw new TosskitError('EXPIRED_PAYMENT', statusFor('EXPIRED_PAYMENT') ?? 400, message);
    }
    throw confirmingError(ids);
  }

  // The shop's hook runs before the approval is written: the payment and the settled claim then go to the
  // ledger in one atomic write (one durable commit after the gateway call, not two). A crash in between leaves
  // the claim open, and the reconciler finishes it from the gateway (guarantee 8; hooks are at least once).
  const totalAmount = (payment as { totalAmount?: unknown }).totalAmount;
  if (
    payment.orderId !== claim.orderId ||
    payment.paymentKey !== claim.paymentKey ||
    (typeof totalAmount === 'number' && totalAmount !== claim.amount) ||
    // a foreign-currency payment (PayPal in USD) whose amount happens to equal the order's won (confirm-input.ts)
    (payment.currency !== undefined && payment.currency !== 'KRW')
  ) {
    // never happens with an honest gateway; if it does, the shop must not ship on it
    return compensateApproval(
      context,
      payment,
      claim,
      'PAYMENT_MISMATCH',
      new Error('approved payment differs from the order (orderId, paymentKey, amount or currency)'),
    );
  }
  const hook =
    status === 'WAITING_FOR_DEPOSIT'
      ? context.hooks.onVirtualAccountIssued
      : context.hooks.onPaymentConfirmed;
  const hookName = status === 'WAITING_FOR_DEPOSIT' ? 'onVirtualAccountIssued' : 'onPaymentConfirmed';
  const ran = await runHook(context, hookName, hook, ids, payment);
  if (!ran.ok) return compensateApproval(context, payment, claim, 'HOOK_FAILED', ran.error);

  await persistSettlement(context, claim, async () => {
    await settleOrderClaim(context, claim, payment, {
      kind: 'confirmed',
      paymentKey: claim.paymentKey,
      status,
    });
  });
  context.emit('confirm.settled', { ...ids, outcome: 'confirmed', status, code: null, replayed: false });
  return { payment, replayed: false };
}
