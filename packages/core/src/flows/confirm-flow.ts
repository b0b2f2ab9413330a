/**
 * Confirm: the success URL and the JSON confirm route end here.
 *
 * Order of the steps is the design: the browser's amount is checked against the shop's own order
 * before anything reaches the gateway; a ledger claim makes one order confirmable at most once; a
 * claim is settled as failed only on a definite answer (gateway-outcome.ts), every other outcome
 * leaves it open and the buyer is told "confirming" until a poll or the reconciler finishes it; and
 * when the shop's own hook fails after approval, the payment is cancelled with a fixed reason and a
 * reference the shop finds in its log and in `onPaymentCompensated` (seed 001's rollback).
 */
import { randomUUID } from 'node:crypto';
import { parseAmount, verifyOrderAmount } from '../amount/index.js';
import { isGatewayError, isTosskitError, redactSecrets, statusFor, TosskitError } from '../errors/index.js';
import type { ClaimOutcome, ConfirmClaim } from '../ledger/index.js';
import type { Payment } from '../models/index.js';
import { whileHoldingClaim } from './claim-lease.js';
import { runHook, type CompensationTrigger, type FlowContext } from './flow-context.js';
import { errorMessage, flowError, verifyOrderId, verifyPaymentKey } from './flow-errors.js';
import {
  isAwaitingConfirm,
  isConfirmWindowOver,
  isDefiniteRefusal,
  lookUpPayment,
} from './gateway-outcome.js';
import { takeOverClaim } from './take-over-claim.js';
import { brandpayCustomerKey, verifyWonAmount } from './confirm-input.js';

export { lookUpPayment } from './gateway-outcome.js';

export interface ConfirmInput {
  paymentKey: unknown;
  orderId: unknown;
  amount: unknown;
  /** BRANDPAY: confirmed with the BrandPay endpoint and `customerKey` (confirm-input.ts) */
  paymentType?: unknown;
  customerKey?: unknown;
}

export interface ConfirmResult {
  payment: Payment;
  /** true when this caller was answered from an earlier settlement (double click, refresh, a second instance) */
  replayed: boolean;
}

/** The key the first attempt to confirm this payment for this order sends: a double click is replayed. */
export function confirmIdempotencyKey(orderId: string, paymentKey: string): string {
  return `confirm:${orderId}:${paymentKey}`;
}

/**
 * A key for a later attempt, sent only after a lookup showed that the payment is still not approved: the
 * gateway may keep replaying a stored 5xx under the first key. A new key cannot approve a payment twice
 * (a second confirm of an approved payment is refused with ALREADY_PROCESSED_PAYMENT). ≤ 300 chars.
 */
export function retryConfirmIdempotencyKey(orderId: string, paymentKey: string): string {
  return `${confirmIdempotencyKey(orderId, paymentKey)}:r${randomUUID().slice(0, 8)}`;
}

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

/** A failure recorded in a claim, turned back into the error the first caller saw. */
export function errorFromOutcome(outcome: ClaimOutcome | null): TosskitError {
  if (outcome === null) return flowError('CONFIRM_IN_PROGRESS');
  if (outcome.kind === 'compensated')
    return flowError('PAYMENT_COMPENSATED', { paymentKey: outcome.paymentKey });
  if (outcome.kind === 'failed')
    return new TosskitError(outcome.code, statusFor(outcome.code) ?? 400, outcome.message);
  return flowError('ORDER_NOT_PAYABLE');
}

/** The buyer's answer while the outcome is not known yet (HTTP 202, polled by re-sending the confirm). */
export function confirmingError(ids: { orderId: string; paymentKey: string }, cause?: unknown): TosskitError {
  const error = flowError('PAYMENT_CONFIRMING', ids, cause);
  pendingCauses.set(error, isTosskitError(cause) ? cause.code : null);
  return error;
}

/** The code of what left an outcome unknown (a lost answer, a refused lookup), for the log and the event. */
const pendingCauses = new WeakMap<object, string | null>();

export function isConfirming(error: unknown): boolean {
  return isTosskitError(error) && error.code === 'PAYMENT_CONFIRMING';
}

/** Errors whose claim a background task still holds (a settlement write being retried): leave its lease alone. */
const heldInBackground = new WeakSet<object>();

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
  });
  // the buyer is never told "failed" while the money may still be taken: the outcome is pending
  throw confirmingError({ orderId: payment.orderId, paymentKey: payment.paymentKey }, lastError);
}

/** A ledger write whose failure must not stop what follows (the next write records the same facts). */
async function recordQuietly(context: FlowContext, payment: Payment): Promise<void> {
  try {
    await context.ledger.recordPayment(payment);
  } catch (error) {
    context.logger.warn('could not record a payment snapshot; a later write or the reconciler records it', {
      paymentKey: payment.paymentKey,
      orderId: payment.orderId,
      code: isTosskitError(error) ? error.code : 'UNKNOWN',
    });
  }
}

/**
 * The ledger writes that finish a settlement, once the gateway's answer is known (and maybe the shop's hook
 * has run). The holder keeps its claim while it retries them: a few tries in the request, then in the
 * background with the lease renewed, so a short database cut neither answers the buyer 500 nor lets
 * another instance run the hook again. Only when this process dies (or the cut outlasts the lease) does
 * the reconciler finish the order from the gateway, running the hook again (at least once).
 */
async function persistSettlement(
  context: FlowContext,
  claim: ConfirmClaim,
  write: () => Promise<void>,
): Promise<void> {
  const ids = { orderId: claim.orderId, paymentKey: claim.paymentKey };
  let delay = 100;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await write();
      return;
    } catch (error) {
      if (attempt >= 4) {
        context.logger.error('the ledger did not take a settlement; retrying it in the background', {
          ...ids,
          code: isTosskitError(error) ? error.code : 'UNKNOWN',
        });
        const writers = backgroundWriters(context);
        writers.add(claim.orderId);
        void whileHoldingClaim(context, claim, () => retryInBackground(context, write, ids)).finally(() =>
          writers.delete(claim.orderId),
        );
        const pending = confirmingError(ids, error);
        heldInBackground.add(pending);
        throw pending;
      }
      await context.sleep(delay);
      delay *= 2;
    }
  }
}

/**
 * Orders whose settlement this process is still writing in the background, per ledger: the hook has run, so
 * nobody in this process takes such a claim over, even when a long cut let its lease run out.
 */
const writersByLedger = new WeakMap<object, Set<string>>();

function backgroundWriters(context: FlowContext): Set<string> {
  let writers = writersByLedger.get(context.ledger);
  if (writers === undefined) {
    writers = new Set();
    writersByLedger.set(context.ledger, writers);
  }
  return writers;
}

/** Is this process still writing the settlement of this order (its hook already ran)? */
export function isSettlementPending(context: FlowContext, orderId: string): boolean {
  return writersByLedger.get(context.ledger)?.has(orderId) === true;
}

/** How long a background settlement write is retried before the claim is left to the reconciler. */
const BACKGROUND_WRITE_MS = 10 * 60_000;

async function retryInBackground(
  context: FlowContext,
  write: () => Promise<void>,
  ids: { orderId: string; paymentKey: string },
): Promise<void> {
  const until = Date.now() + BACKGROUND_WRITE_MS;
  let delay = 500;
  while (Date.now() < until) {
    await context.sleep(delay);
    try {
      await write();
      return;
    } catch {
      // short steps: the write must land before the lease runs out once the database answers again
      delay = Math.min(delay * 2, 1000);
    }
  }
  context.logger.error('gave up writing a settlement; the reconciler finishes the order', ids);
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
async function holdClaim<T>(context: FlowContext, claim: ConfirmClaim, work: () => Promise<T>): Promise<T> {
  try {
    return await whileHoldingClaim(context, claim, work);
  } catch (error) {
    if (isConfirming(error)) {
      const pending = {
        paymentKey: claim.paymentKey,
        orderId: claim.orderId,
        code: pendingCauses.get(error as object) ?? null,
      };
      context.logger.warn(
        'the outcome of a confirm is not known yet; a poll or the reconciler finishes it',
        pending,
      );
      context.emit('confirm.pending', pending);
      // the next poll or the reconciler resumes at once instead of waiting for the lease to run out
      if (!heldInBackground.has(error as object))
        await context.ledger.renewClaim(claim.orderId, claim.owner, 0, Date.now() - 1).catch(() => false);
    }
    throw error;
  }
}

/**
 * Cancel an approved payment the shop cannot take, seen by everyone who must know: an error log line with
 * the redacted cause, the `confirm.compensated` event and `onPaymentCompensated`, all with one reference
 * that the gateway's cancelReason carries too. `settle` writes the claim's outcome, when there is a claim.
 */
async function compensate(
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
  const message = redactSecrets(errorMessage(cause)).replace(/\s+/g, ' ').slice(0, 300);
  context.logger.error('cancelling an approved payment the shop cannot take (compensation)', {
    ...ids,
    trigger,
    reference,
    cause: message,
    ...(cause instanceof Error && cause.stack !== undefined ? { stack: redactSecrets(cause.stack) } : {}),
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

/** The claim ends compensated: the order's failure on record and the claim settled with the reason. */
async function settleCompensated(context: FlowContext, claim: ConfirmClaim, reason: string): Promise<void> {
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
}

async function compensateApproval(
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

/** What became of an approval seen outside a confirm (see `settleApprovalSeenOutside`). */
export type OutsideApproval =
  /** nothing to do beyond recording it: its claim is settled with it, or its holder is settling it */
  | 'record'
  /** settled here as a confirm: the shop's hook ran (or the payment was compensated) */
  | 'settled'
  /** cancelled: a second approval for a paid order, or an unknown order with cancelUnknownOrderPayments */
  | 'compensated'
  /** an order the shop does not know: recorded and reported, left alone */
  | 'unknown_order';

/**
 * An approved payment (DONE, WAITING_FOR_DEPOSIT) seen by a webhook or the reconciler's walk must reach the
 * shop exactly once, like one tosskit confirmed itself (guarantee 3): unless the order's claim is settled
 * with it or held for it, it is settled here through the same claim and the same checks (the order's amount
 * and payability by orderLookup, then onPaymentConfirmed; otherwise compensation). A second approval for an
 * order already paid is compensated (guarantee 2). While another payment of the order is being confirmed,
 * this throws CONFIRM_IN_PROGRESS so the webhook is delivered again (or the walk retried) once that settles.
 */
export async function settleApprovalSeenOutside(
  context: FlowContext,
  payment: Payment,
): Promise<OutsideApproval> {
  if (payment.status !== 'DONE' && payment.status !== 'WAITING_FOR_DEPOSIT') return 'record';
  const { orderId, paymentKey } = payment;
  for (let round = 0; round < 3; round += 1) {
    const claim = await context.ledger.getClaim(orderId);
    if (claim !== null && claim.paymentKey === paymentKey) {
      if (claim.state === 'settled') return 'record';
      if (claim.state === 'claimed' && claim.leaseUntil > Date.now()) return 'record';
    } else if (claim !== null && claim.state === 'settled') {
      if (claim.outcome?.kind !== 'confirmed') return 'record';
      await compensate(
        context,
        payment,
        'DUPLICATE_APPROVAL',
        new Error(`the order was already paid by another payment (${claim.paymentKey})`),
        null,
      );
      return 'compensated';
    } else if (claim !== null && claim.state === 'claimed') {
      // another payment of this order is being confirmed: decide once that one has settled
      throw flowError('CONFIRM_IN_PROGRESS', { orderId });
    }

    const order = await context.orderLookup(orderId);
    if (order === null || order === undefined) {
      const cancel = context.cancelUnknownOrderPayments === true;
      if (cancel)
        await compensate(
          context,
          payment,
          'UNKNOWN_ORDER',
          new Error('orderLookup does not know this order'),
          null,
        );
      context.emit('payment.unknown_order', {
        paymentKey,
        orderId,
        status: payment.status,
        canceled: cancel,
      });
      context.logger.warn('an approved payment for an order orderLookup does not know', {
        paymentKey,
        orderId,
        canceled: cancel,
      });
      return cancel ? 'compensated' : 'unknown_order';
    }
    const result = await context.ledger.claimConfirm({
      orderId,
      paymentKey,
      amount: order.amount,
      owner: `${context.instanceId}:outside:${randomUUID()}`,
      leaseMs: context.claimLeaseMs,
    });
    if (result.status !== 'won') continue;
    const won = result.claim;
    try {
      await holdClaim(context, won, () =>
        order.payable === false
          ? compensateApproval(
              context,
              payment,
              won,
              'ORDER_NOT_PAYABLE',
              new Error('the order is not payable'),
            )
          : settleHeldClaim(context, payment, won),
      );
    } catch (error) {
      if (isTosskitError(error) && error.code === 'PAYMENT_COMPENSATED') return 'compensated';
      throw error;
    }
    return 'settled';
  }
  throw flowError('CONFIRM_IN_PROGRESS', { orderId });
}

async function settleHeldClaim(
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
    if (isConfirmWindowOver(payment, claim.createdAt)) {
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
    await context.ledger.settleClaimWithPayment(
      claim.orderId,
      claim.owner,
      { kind: 'confirmed', paymentKey: claim.paymentKey, status },
      payment,
    );
  });
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

export interface RunConfirmOptions {
  /**
   * The claim was open before this caller won it (a poll after "confirming", a takeover after a crash, the
   * reconciler): the gateway is asked where the payment is before anything is sent again.
   */
  resumed?: boolean;
  /** Before sending a confirm again, check that the shop still sells the order at the claim's amount. */
  verifyOrder?: boolean;
  /** a BrandPay payment: sent to the BrandPay confirm with this buyer's customerKey */
  brandpayCustomerKey?: string;
}

/** Confirms one holder sends before answering "confirming" (each after a lookup showed no approval). */
const MAX_SENDS_PER_HOLDER = 3;

/** The gateway confirm for a claim this caller holds, and the settlement of whatever came back. */
export function runConfirmForClaim(
  context: FlowContext,
  claim: ConfirmClaim,
  options: RunConfirmOptions = {},
): Promise<ConfirmResult> {
  return holdClaim(context, claim, () => confirmHeldClaim(context, claim, options));
}

async function releaseUnpayable(context: FlowContext, claim: ConfirmClaim): Promise<boolean> {
  const order = await context.orderLookup(claim.orderId);
  if (order !== null && order !== undefined && order.amount === claim.amount && order.payable !== false)
    return false;
  await failClaim(context, claim, 'ORDER_NOT_PAYABLE', 'the order is no longer payable at this amount');
  return true;
}

async function confirmHeldClaim(
  context: FlowContext,
  claim: ConfirmClaim,
  options: RunConfirmOptions,
): Promise<ConfirmResult> {
  const { paymentKey, orderId, amount } = claim;
  const ids = { paymentKey, orderId };
  let idempotencyKey = confirmIdempotencyKey(orderId, paymentKey);
  if (options.resumed === true) {
    // an earlier holder may have sent it already: where is the payment now?
    const found = await lookUpPayment(context, paymentKey, orderId);
    if (found.kind === 'unknown') throw confirmingError(ids, found.error);
    if (found.kind === 'absent') return failAbsent(context, claim);
    if (!isAwaitingConfirm(found.payment) || isConfirmWindowOver(found.payment, claim.createdAt))
      return settleHeldClaim(context, found.payment, claim);
    // a BrandPay payment needs its buyer's customerKey, which only the success URL carries: the buyer's poll sends it
    if (found.payment.type === 'BRANDPAY' && options.brandpayCustomerKey === undefined)
      throw confirmingError(ids);
    if (options.verifyOrder === true && (await releaseUnpayable(context, claim)))
      throw flowError('ORDER_NOT_PAYABLE', { orderId });
    idempotencyKey = retryConfirmIdempotencyKey(orderId, paymentKey);
  }
  context.emit('confirm.started', { paymentKey, orderId, amount });
  for (let sends = 1; ; sends += 1) {
    let payment: Payment;
    try {
      const customerKey = options.brandpayCustomerKey;
      payment =
        customerKey === undefined
          ? await context.gateway.confirm({ paymentKey, orderId, amount }, { idempotencyKey })
          : await context.gateway.confirmBrandpay(
              { paymentKey, orderId, amount, customerKey },
              { idempotencyKey },
            );
    } catch (error) {
      if (isDefiniteRefusal(error)) {
        // a definite refusal: nothing was approved, the order may be paid again
        const code = error instanceof TosskitError ? error.code : 'INTERNAL_ERROR';
        const message = error instanceof TosskitError ? error.message : 'confirm failed';
        await failClaim(context, claim, code, message);
        throw error;
      }
      const found = await lookUpPayment(context, paymentKey, orderId);
      if (found.kind === 'unknown') throw confirmingError(ids, found.error);
      if (found.kind === 'absent') return failAbsent(context, claim);
      const stillRunning = isGatewayError(error) && error.code === 'IDEMPOTENT_REQUEST_PROCESSING';
      if (
        isAwaitingConfirm(found.payment) &&
        !isConfirmWindowOver(found.payment, claim.createdAt) &&
        (stillRunning || sends >= MAX_SENDS_PER_HOLDER)
      ) {
        // the first request may still be running, or this holder tried enough: a poll or the reconciler goes on
        throw confirmingError(ids, error);
      }
      if (isAwaitingConfirm(found.payment) && !isConfirmWindowOver(found.payment, claim.createdAt)) {
        // not executed (a replayed 5xx, a transient refusal): once more, under a key of its own
        idempotencyKey = retryConfirmIdempotencyKey(orderId, paymentKey);
        await context.sleep(Math.min(250 * 2 ** (sends - 1), 2000));
        continue;
      }
      payment = found.payment;
    }
    return settleHeldClaim(context, payment, claim);
  }
}

/** The gateway has no such payment for this order (NOT_FOUND for its key and its order): it never went through. */
async function failAbsent(context: FlowContext, claim: ConfirmClaim): Promise<never> {
  const message = 'the gateway has no payment for this confirm; it never went through';
  await failClaim(context, claim, 'PAYMENT_NOT_FOUND', message);
  throw flowError('PAYMENT_NOT_FOUND');
}

export async function confirmPayment(context: FlowContext, input: ConfirmInput): Promise<ConfirmResult> {
  const paymentKey = verifyPaymentKey(input.paymentKey);
  const orderId = verifyOrderId(input.orderId);
  verifyWonAmount(input.amount);
  const amount = parseAmount(input.amount);
  const brandpayCustomer = brandpayCustomerKey(input);
  const ids = { orderId, paymentKey };

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
  let resumedOther = false;
  for (;;) {
    const existing = await context.ledger.getClaim(orderId);
    if (existing !== null && existing.state === 'claimed' && existing.paymentKey !== paymentKey) {
      // another payment of this order is being confirmed, or its outcome is not known yet: never a second
      // approval beside it (guarantee 2). A holder that is gone is finished first, as the reconciler would.
      if (existing.leaseUntil > Date.now()) {
        const settled = await waitForClaim(context, orderId, deadline);
        if (settled?.state === 'claimed' && settled.leaseUntil > Date.now())
          throw flowError('CONFIRM_IN_PROGRESS', { orderId });
        continue;
      }
      if (resumedOther) throw flowError('CONFIRM_IN_PROGRESS', { orderId });
      resumedOther = true;
      const taken = await takeOverClaim(context, existing, Date.now());
      if (taken !== null) {
        await runConfirmForClaim(context, taken, { resumed: true, verifyOrder: true }).catch(() => null);
      }
      continue;
    }
    const resumed = existing !== null && existing.state === 'claimed';
    // this process ran the hook and is still writing its settlement: the buyer polls until it lands
    if (resumed && isSettlementPending(context, orderId)) throw confirmingError(ids);
    const result = await context.ledger.claimConfirm({
      orderId,
      paymentKey,
      amount,
      owner,
      leaseMs: context.claimLeaseMs,
    });
    if (result.status === 'won')
      return runConfirmForClaim(context, result.claim, {
        resumed,
        ...(brandpayCustomer === undefined ? {} : { brandpayCustomerKey: brandpayCustomer }),
      });
    if (result.status === 'settled') return answerFromClaim(context, result.claim, paymentKey);
    if (result.claim.paymentKey !== paymentKey) continue;
    const settled = await waitForClaim(context, orderId, deadline);
    if (settled === null) continue;
    if (settled.state === 'settled') return answerFromClaim(context, settled, paymentKey);
    if (settled.state === 'released') {
      if (settled.paymentKey === paymentKey) throw errorFromOutcome(settled.outcome);
      continue;
    }
    // still claimed: its lease ran out (take it over) or we waited long enough
    if (settled.leaseUntil <= Date.now()) continue;
    // the same payment is still being confirmed by another caller: the buyer polls
    throw confirmingError(ids);
  }
}
