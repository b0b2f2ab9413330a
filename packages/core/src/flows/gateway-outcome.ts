/**
 * The outcome rule: when may tosskit say that a payment did not happen?
 *
 * Only on a definite answer from the gateway: a refusal that cannot be a side effect of a request still
 * running or of a lost answer (a decline code), the payment found in a final state that is not approved,
 * or NOT_FOUND for the paymentKey and for the orderId. Everything else (a timeout, a 5xx, a transient code
 * such as PROVIDER_ERROR, 409 IDEMPOTENT_REQUEST_PROCESSING, a refused lookup) is "not known yet": the
 * claim stays open, the buyer is told the payment is being confirmed, and a later poll or the reconciler
 * finishes it. Confirm, billing charge, compensation and reconcile all decide through this file.
 */
import { isGatewayError, isTosskitError } from '../errors/index.js';
import { isAnswerLost } from '../gateway/index.js';
import type { Payment } from '../models/index.js';
import type { FlowContext } from './flow-context.js';

/** The gateway accepts a confirm this long after the buyer authenticated (spec §1.7). */
export const CONFIRM_WINDOW_MS = 10 * 60_000;
/** Past the window, a payment still not approved is settled as expired only after this margin (clock skew). */
export const CONFIRM_WINDOW_MARGIN_MS = 60_000;

/** The gateway's "no such payment" codes for a lookup. */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['NOT_FOUND_PAYMENT', 'NOT_FOUND']);

/**
 * Did this error come with a definite "no" for the request that raised it? True for a decline or a request
 * the gateway refused on its face (and for tosskit's own refusals before anything was sent); false for
 * every answer that may hide an approval: lost answers, 5xx, transient codes, a request still processing,
 * and ALREADY_PROCESSED_PAYMENT (that one means "approved earlier").
 */
export function isDefiniteRefusal(error: unknown): boolean {
  if (!isTosskitError(error)) return false;
  if (!isGatewayError(error)) return error.status >= 400 && error.status < 500;
  if (isAnswerLost(error) || error.retryable) return false;
  return error.code !== 'ALREADY_PROCESSED_PAYMENT';
}

export function isNotFound(error: unknown): boolean {
  return isGatewayError(error) && error.status === 404 && NOT_FOUND_CODES.has(error.code);
}

/** A payment that the gateway has not approved yet and may still approve (the confirm did not execute). */
export function isAwaitingConfirm(payment: Payment): boolean {
  return payment.status === 'IN_PROGRESS' || payment.status === 'READY';
}

/** Is the gateway's confirm window for this payment over (by its `requestedAt`, else by `fallbackStart`)? */
export function isConfirmWindowOver(payment: Payment, fallbackStart: number, now: number): boolean {
  const requestedAt = Date.parse(String((payment as { requestedAt?: unknown }).requestedAt ?? ''));
  const start = Number.isFinite(requestedAt) ? requestedAt : fallbackStart;
  return now > start + CONFIRM_WINDOW_MS + CONFIRM_WINDOW_MARGIN_MS;
}

export type PaymentLookup =
  /** the gateway holds this payment for this order */
  | { kind: 'found'; payment: Payment }
  /** definite: NOT_FOUND for the paymentKey, and the order is unknown or belongs to another payment */
  | { kind: 'absent'; otherPayment: Payment | null }
  /** not known: a lookup was refused or lost; `otherPayment` is another payment the gateway holds for the order */
  | { kind: 'unknown'; error: unknown; otherPayment: Payment | null };

/** The gateway refuses the same lookup repeated within about a second: wait that out once. */
const CONSECUTIVE_WAIT_MS = 1100;

async function patiently<T>(context: FlowContext, lookup: () => Promise<T>): Promise<T> {
  try {
    return await lookup();
  } catch (error) {
    if (!isGatewayError(error) || error.code !== 'FORBIDDEN_CONSECUTIVE_REQUEST') throw error;
    await context.sleep(CONSECUTIVE_WAIT_MS);
    return lookup();
  }
}

/**
 * Where is this payment at the gateway? By paymentKey, then by orderId (seed 001). A payment of the same
 * order under another paymentKey (a second payment window) says nothing about ours, so it never makes
 * ours "absent" by itself.
 */
export async function lookUpPayment(
  context: FlowContext,
  paymentKey: string,
  orderId: string,
): Promise<PaymentLookup> {
  let keyError: unknown;
  try {
    const payment = await patiently(context, () => context.gateway.getPayment(paymentKey));
    if (payment.orderId === orderId) return { kind: 'found', payment };
    // a paymentKey of another order: ours cannot be approved under it
    return { kind: 'absent', otherPayment: null };
  } catch (error) {
    keyError = error;
  }
  let otherPayment: Payment | null = null;
  try {
    const payment = await patiently(context, () => context.gateway.getPaymentByOrderId(orderId));
    if (payment.paymentKey === paymentKey) return { kind: 'found', payment };
    otherPayment = payment;
  } catch (error) {
    if (!isNotFound(error))
      return { kind: 'unknown', error: isNotFound(keyError) ? error : keyError, otherPayment };
  }
  return isNotFound(keyError)
    ? { kind: 'absent', otherPayment }
    : { kind: 'unknown', error: keyError, otherPayment };
}
