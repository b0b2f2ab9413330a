/**
 * The order claim that confirm and billing charge share: one ledger claim per orderId makes an order payable
 * at most once. A caller claims the order (or waits for the caller that holds it), the holder asks the gateway,
 * and the claim ends one of two ways: settled with the payment (one atomic write), or failed, which records the
 * order's failure and releases the claim in one atomic write too, and only on a definite gateway refusal
 * (gateway-outcome.ts). A caller that finds the claim settled answers a replay from the ledger.
 */
import { isTosskitError } from '../errors/index.js';
import type {
  ClaimFailure,
  ClaimOutcome,
  ConfirmClaim,
  PaymentRecord,
  RecordPaymentResult,
} from '../ledger/index.js';
import type { Payment } from '../models/index.js';
import type { FlowContext } from './flow-context.js';
import { flowError } from './flow-errors.js';
import { isNotFound } from './gateway-outcome.js';

export interface OrderClaimRequest {
  orderId: string;
  /** the payment the claim is for; a billing charge's pseudo key (`billing:<customerKey>`) before it has one */
  paymentKey: string;
  /** integer won */
  amount: number;
  owner: string;
}

/** Where a caller stands after trying to claim an order. */
export type ClaimTurn =
  /** this caller holds the claim and must end it (settle or fail) */
  | { kind: 'won'; claim: ConfirmClaim }
  /** the order's claim is settled: answer from it */
  | { kind: 'settled'; claim: ConfirmClaim }
  /** the caller it waited for failed definitely */
  | { kind: 'released'; claim: ConfirmClaim }
  /** another caller still holds it, live, past the wait */
  | { kind: 'held'; claim: ConfirmClaim }
  /** the claim changed hands or its lease ran out while waiting: try again */
  | { kind: 'retry' };

/** Claim the order under the context's lease and clock. */
export function claimOrder(context: FlowContext, request: OrderClaimRequest) {
  return context.ledger.claimConfirm({ ...request, leaseMs: context.claimLeaseMs, now: context.now() });
}

/**
 * Claim an order nobody has claimed yet, in one ledger write (`claimNewOrder`): the claim, or null when the
 * order has a claim already or the ledger cannot tell this case apart (then the caller reads the claim first).
 */
export async function claimNewOrder(
  context: FlowContext,
  request: OrderClaimRequest,
): Promise<ConfirmClaim | null> {
  if (typeof context.ledger.claimNewOrder !== 'function') return null;
  return context.ledger.claimNewOrder({ ...request, leaseMs: context.claimLeaseMs, now: context.now() });
}

/** Poll the order's claim until it is no longer held live, or `deadline` (epoch ms) has passed. */
export async function waitForClaim(
  context: FlowContext,
  orderId: string,
  deadline: number,
): Promise<ConfirmClaim | null> {
  let delay = 10;
  for (;;) {
    const claim = await context.ledger.getClaim(orderId);
    if (claim === null || claim.state !== 'claimed') return claim;
    if (context.now() >= deadline || claim.leaseUntil <= context.now()) return claim;
    await context.sleep(delay);
    delay = Math.min(delay * 2, 200);
  }
}

/**
 * Claim the order, or wait for the caller that holds it. A claim held for another payment is waited for only
 * with `waitOnOtherPayments` (the caller decides about those itself otherwise: `retry`).
 */
export async function takeClaimTurn(
  context: FlowContext,
  request: OrderClaimRequest,
  deadline: number,
  waitOnOtherPayments: boolean,
): Promise<ClaimTurn> {
  const result = await claimOrder(context, request);
  if (result.status !== 'busy') return { kind: result.status, claim: result.claim };
  if (!waitOnOtherPayments && result.claim.paymentKey !== request.paymentKey) return { kind: 'retry' };
  const after = await waitForClaim(context, request.orderId, deadline);
  if (after === null) return { kind: 'retry' };
  if (after.state === 'settled') return { kind: 'settled', claim: after };
  if (after.state === 'released') return { kind: 'released', claim: after };
  if (after.leaseUntil <= context.now()) return { kind: 'retry' };
  return { kind: 'held', claim: after };
}

/** The code and message a definite refusal leaves on the order. */
export function failureOf(error: unknown, fallbackMessage: string): ClaimFailure {
  return isTosskitError(error)
    ? { code: error.code, message: error.message }
    : { code: 'INTERNAL_ERROR', message: fallbackMessage };
}

/** The order was definitely not paid: its failure recorded and the claim released, in one ledger write. */
export async function failOrderClaim(
  context: FlowContext,
  claim: ConfirmClaim,
  failure: ClaimFailure,
): Promise<void> {
  await context.ledger.failClaim(claim.orderId, claim.owner, failure, context.now());
}

/** The gateway's payment recorded and the claim settled with it, in one ledger write. */
export function settleOrderClaim(
  context: FlowContext,
  claim: ConfirmClaim,
  payment: Payment,
  outcome: ClaimOutcome = { kind: 'confirmed', paymentKey: payment.paymentKey, status: payment.status },
): Promise<RecordPaymentResult> {
  return context.ledger.settleClaimWithPayment(claim.orderId, claim.owner, outcome, payment, context.now());
}

/** The payment a settled claim confirmed, for a replay; null when the claim did not end confirmed. */
export async function replayedPayment(
  context: FlowContext,
  claim: ConfirmClaim,
): Promise<PaymentRecord | null> {
  const outcome = claim.outcome;
  if (outcome?.kind !== 'confirmed') return null;
  const record = await context.ledger.getPayment(outcome.paymentKey);
  if (record === null) throw flowError('PAYMENT_NOT_FOUND');
  return record;
}

export type OrderPaymentLookup =
  | { kind: 'found'; payment: Payment }
  | { kind: 'absent' }
  | { kind: 'unreachable'; error: unknown };

/**
 * After a lost answer, by orderId: does the gateway hold a payment of this order that `ours` accepts? Only
 * NOT_FOUND says it never happened; a refused lookup says nothing (gateway-outcome.ts).
 */
export async function lookUpOrderPayment(
  context: FlowContext,
  orderId: string,
  ours: (payment: Payment) => boolean,
): Promise<OrderPaymentLookup> {
  try {
    const payment = await context.gateway.getPaymentByOrderId(orderId);
    return ours(payment) ? { kind: 'found', payment } : { kind: 'absent' };
  } catch (error) {
    if (isNotFound(error)) return { kind: 'absent' };
    return { kind: 'unreachable', error };
  }
}
