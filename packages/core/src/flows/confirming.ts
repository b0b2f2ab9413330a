/**
 * The answers of a confirm whose outcome is not known yet ("confirming", HTTP 202, polled by re-sending the
 * confirm), and the error a later caller gets from a claim that ended without an approval.
 */
import { isTosskitError, statusFor, TosskitError } from '../errors/index.js';
import type { ClaimOutcome } from '../ledger/index.js';
import { flowError } from './flow-errors.js';

/** A failure recorded in a claim, turned back into the error the first caller saw. */
export function errorFromOutcome(outcome: ClaimOutcome | null): TosskitError {
  if (outcome === null) return flowError('CONFIRM_IN_PROGRESS');
  if (outcome.kind === 'compensated')
    return flowError('PAYMENT_COMPENSATED', { paymentKey: outcome.paymentKey });
  if (outcome.kind === 'failed')
    return new TosskitError(outcome.code, statusFor(outcome.code) ?? 400, outcome.message);
  return flowError('ORDER_NOT_PAYABLE');
}

/** The code of what left an outcome unknown (a lost answer, a refused lookup), for the log and the event. */
const pendingCauses = new WeakMap<object, string | null>();

/** Errors whose claim a background task still holds (a settlement write being retried): leave its lease alone. */
const heldInBackground = new WeakSet<object>();

/** The buyer's answer while the outcome is not known yet (HTTP 202, polled by re-sending the confirm). */
export function confirmingError(ids: { orderId: string; paymentKey: string }, cause?: unknown): TosskitError {
  const error = flowError('PAYMENT_CONFIRMING', ids, cause);
  pendingCauses.set(error, isTosskitError(cause) ? cause.code : null);
  return error;
}

export function isConfirming(error: unknown): boolean {
  return isTosskitError(error) && error.code === 'PAYMENT_CONFIRMING';
}

export function pendingCauseOf(error: unknown): string | null {
  return typeof error === 'object' && error !== null ? (pendingCauses.get(error) ?? null) : null;
}

/** A "confirming" whose claim a background write still holds (its lease is renewed there). */
export function confirmingHeldInBackground(
  ids: { orderId: string; paymentKey: string },
  cause: unknown,
): TosskitError {
  const error = confirmingError(ids, cause);
  heldInBackground.add(error);
  return error;
}

export function isHeldInBackground(error: unknown): boolean {
  return typeof error === 'object' && error !== null && heldInBackground.has(error);
}
