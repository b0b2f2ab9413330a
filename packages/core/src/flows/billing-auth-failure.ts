/**
 * The card registration window sent the buyer to the fail URL (`GET {basePath}/billing/fail`): what the
 * query says, checked (a code of the catalogue's alphabet, a message of bounded length, a well-formed
 * customerKey or none), logged and reported as the `billing.auth_failed` event.
 */
import type { FlowContext } from './flow-context.js';
import { isValidId } from './flow-errors.js';

export interface BillingAuthFailure {
  customerKey: string | null;
  code: string;
  message: string;
}

export function recordBillingAuthFailure(
  context: FlowContext,
  input: { code: unknown; message: unknown; customerKey: unknown },
): BillingAuthFailure {
  const rawCode = typeof input.code === 'string' ? input.code : '';
  const code = /^[A-Z0-9_]{1,64}$/.test(rawCode) ? rawCode : 'UNKNOWN_ERROR';
  const message = (typeof input.message === 'string' ? input.message : '').slice(0, 200);
  const customerKey = isValidId('customerKey', input.customerKey) ? input.customerKey : null;
  context.logger.warn('billing auth failed in the window', { code });
  context.emit('billing.auth_failed', { customerKey, code });
  return { customerKey, code, message };
}
