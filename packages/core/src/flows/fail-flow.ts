/**
 * The payment window's failUrl: `?code=&message=&orderId=` (spec §11). Anyone can open that URL,
 * so it only records a note for an order that is not already paid, and never touches a payment.
 */
import { runHook, type FlowContext } from './flow-context.js';

export interface FailInput {
  code: unknown;
  message: unknown;
  orderId: unknown;
}

export interface FailResult {
  orderId: string | null;
  code: string;
  message: string;
  /** false when nothing was written (no orderId, or the order is already paid) */
  recorded: boolean;
}

const CODE = /^[A-Z0-9_]{1,100}$/;
const ORDER_ID = /^[A-Za-z0-9_=-]{6,64}$/;

export async function recordPaymentFailure(context: FlowContext, input: FailInput): Promise<FailResult> {
  const code = typeof input.code === 'string' && CODE.test(input.code) ? input.code : 'PAY_PROCESS_ABORTED';
  // the message is shown back to the buyer: plain text, bounded
  const message =
    typeof input.message === 'string'
      ? // eslint-disable-next-line no-control-regex -- control characters are exactly what is stripped
        input.message.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 500)
      : '';
  const orderId = typeof input.orderId === 'string' && ORDER_ID.test(input.orderId) ? input.orderId : null;
  if (orderId === null) return { orderId: null, code, message, recorded: false };

  const claim = await context.ledger.getClaim(orderId);
  if (claim !== null && claim.state !== 'released') {
    // a confirm is running or done for this order: a (possibly forged) failure note must not contradict it
    return { orderId, code, message, recorded: false };
  }
  await context.ledger.recordOrderFailure({ orderId, code, message, at: context.now() });
  await runHook(
    context,
    'onPaymentFailed',
    context.hooks.onPaymentFailed,
    { paymentKey: null, orderId },
    { orderId, paymentKey: null, code, message },
  );
  return { orderId, code, message, recorded: true };
}
