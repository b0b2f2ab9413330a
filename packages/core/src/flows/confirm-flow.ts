/**
 * Confirm: the success URL and the JSON confirm route end here.
 *
 * Order of the steps is the design: the browser's amount is checked against the shop's own order
 * before anything reaches the gateway; a ledger claim (order-claim.ts) makes one order confirmable at most
 * once; a claim is failed only on a definite answer (gateway-outcome.ts), every other outcome leaves it open
 * and the buyer is told "confirming" until a poll or the reconciler finishes it; and when the shop's own hook
 * fails after approval, the payment is cancelled with a fixed reason and a reference the shop finds in its
 * log and in `onPaymentCompensated` (compensation.ts, seed 001's rollback).
 */
import { randomUUID } from '../platform/bytes.js';
import { parseAmount, verifyOrderAmount } from '../amount/index.js';
import { isGatewayError, isTosskitError } from '../errors/index.js';
import type { ConfirmClaim } from '../ledger/index.js';
import type { Payment } from '../models/index.js';
import { compensate } from './compensation.js';
import {
  compensateApproval,
  failClaim,
  holdClaim,
  settleHeldClaim,
  type ConfirmResult,
} from './confirm-settlement.js';
import { confirmingError, errorFromOutcome } from './confirming.js';
import type { FlowContext } from './flow-context.js';
import { flowError, verifyOrderId, verifyPaymentKey } from './flow-errors.js';
import {
  isAwaitingConfirm,
  isConfirmWindowOver,
  isDefiniteRefusal,
  lookUpPayment,
} from './gateway-outcome.js';
import {
  claimNewOrder,
  claimOrder,
  failureOf,
  replayedPayment,
  takeClaimTurn,
  waitForClaim,
} from './order-claim.js';
import { isSettlementPending } from './settlement-writes.js';
import { takeOverClaim } from './take-over-claim.js';
import { brandpayCustomerKey, verifyWonAmount } from './confirm-input.js';

export { lookUpPayment } from './gateway-outcome.js';
export {
  COMPENSATION_REASON_PREFIX,
  compensatePayment,
  compensationIdempotencyKey,
  compensationReason,
  newCompensationReference,
} from './compensation.js';
export { confirmingError, errorFromOutcome, isConfirming } from './confirming.js';
export { isSettlementPending } from './settlement-writes.js';
export { settleConfirmedPayment, type ConfirmResult } from './confirm-settlement.js';

export interface ConfirmInput {
  paymentKey: unknown;
  orderId: unknown;
  amount: unknown;
  /** BRANDPAY: confirmed with the BrandPay endpoint and `customerKey` (confirm-input.ts) */
  paymentType?: unknown;
  customerKey?: unknown;
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
      if (claim.state === 'claimed' && claim.leaseUntil > context.now()) return 'record';
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
    const result = await claimOrder(context, {
      orderId,
      paymentKey,
      amount: order.amount,
      owner: `${context.instanceId}:outside:${randomUUID()}`,
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

/** Answer a caller from a claim another caller settled. */
async function answerFromClaim(
  context: FlowContext,
  claim: ConfirmClaim,
  paymentKey: string,
): Promise<ConfirmResult> {
  if (claim.paymentKey !== paymentKey) throw flowError('ORDER_NOT_PAYABLE', { orderId: claim.orderId });
  const record = await replayedPayment(context, claim);
  if (record === null) throw errorFromOutcome(claim.outcome);
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
    if (
      !isAwaitingConfirm(found.payment) ||
      isConfirmWindowOver(found.payment, claim.createdAt, context.now())
    )
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
        const { code, message } = failureOf(error, 'confirm failed');
        await failClaim(context, claim, code, message);
        throw error;
      }
      const found = await lookUpPayment(context, paymentKey, orderId);
      if (found.kind === 'unknown') throw confirmingError(ids, found.error);
      if (found.kind === 'absent') return failAbsent(context, claim);
      const stillRunning = isGatewayError(error) && error.code === 'IDEMPOTENT_REQUEST_PROCESSING';
      if (
        isAwaitingConfirm(found.payment) &&
        !isConfirmWindowOver(found.payment, claim.createdAt, context.now()) &&
        (stillRunning || sends >= MAX_SENDS_PER_HOLDER)
      ) {
        // the first request may still be running, or this holder tried enough: a poll or the reconciler goes on
        throw confirmingError(ids, error);
      }
      if (
        isAwaitingConfirm(found.payment) &&
        !isConfirmWindowOver(found.payment, claim.createdAt, context.now())
      ) {
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

/**
 * Another payment of this order holds the claim, or its outcome is not known yet: never a second approval
 * beside it (guarantee 2). A live holder is waited for; a holder that is gone is finished first (once), as the
 * reconciler would. Returns whether the gone holder was finished here.
 */
async function settleOtherPayment(
  context: FlowContext,
  existing: ConfirmClaim,
  deadline: number,
  resumedBefore: boolean,
): Promise<boolean> {
  const { orderId } = existing;
  if (existing.leaseUntil > context.now()) {
    const settled = await waitForClaim(context, orderId, deadline);
    if (settled?.state === 'claimed' && settled.leaseUntil > context.now())
      throw flowError('CONFIRM_IN_PROGRESS', { orderId });
    return resumedBefore;
  }
  if (resumedBefore) throw flowError('CONFIRM_IN_PROGRESS', { orderId });
  const taken = await takeOverClaim(context, existing, context.now());
  if (taken !== null) {
    await runConfirmForClaim(context, taken, { resumed: true, verifyOrder: true }).catch(() => null);
  }
  return true;
}

/** The shop's order decides what is paid: it must exist, at this amount, and still be payable. */
async function verifyConfirmable(
  context: FlowContext,
  ids: { orderId: string; paymentKey: string },
  amount: number,
): Promise<void> {
  const { orderId, paymentKey } = ids;
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
}

export async function confirmPayment(context: FlowContext, input: ConfirmInput): Promise<ConfirmResult> {
  const paymentKey = verifyPaymentKey(input.paymentKey);
  const orderId = verifyOrderId(input.orderId);
  verifyWonAmount(input.amount);
  const amount = parseAmount(input.amount);
  const brandpayCustomer = brandpayCustomerKey(input);
  const ids = { orderId, paymentKey };
  await verifyConfirmable(context, ids, amount);

  const owner = `${context.instanceId}:${randomUUID()}`;
  const deadline = context.now() + context.claimWaitMs;
  let resumedOther = false;
  const brandpay = brandpayCustomer === undefined ? {} : { brandpayCustomerKey: brandpayCustomer };
  // the first confirm of an order (no claim yet) claims it in one write; anything else reads the claim first
  const fresh = await claimNewOrder(context, { orderId, paymentKey, amount, owner });
  if (fresh !== null) return runConfirmForClaim(context, fresh, { resumed: false, ...brandpay });
  for (;;) {
    const existing = await context.ledger.getClaim(orderId);
    if (existing !== null && existing.state === 'claimed' && existing.paymentKey !== paymentKey) {
      resumedOther = await settleOtherPayment(context, existing, deadline, resumedOther);
      continue;
    }
    const resumed = existing !== null && existing.state === 'claimed';
    // this process ran the hook and is still writing its settlement: the buyer polls until it lands
    if (resumed && isSettlementPending(context, orderId)) throw confirmingError(ids);
    const turn = await takeClaimTurn(context, { orderId, paymentKey, amount, owner }, deadline, false);
    if (turn.kind === 'won') return runConfirmForClaim(context, turn.claim, { resumed, ...brandpay });
    if (turn.kind === 'settled') return answerFromClaim(context, turn.claim, paymentKey);
    if (turn.kind === 'released') {
      if (turn.claim.paymentKey === paymentKey) throw errorFromOutcome(turn.claim.outcome);
      continue;
    }
    // the same payment is still being confirmed by another caller: the buyer polls
    if (turn.kind === 'held') throw confirmingError(ids);
  }
}
