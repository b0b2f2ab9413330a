/**
 * Cancel, full or partial. The caller (the http layer) has already authorised the request; this
 * flow checks the amount against the payment, sends `refundableAmount` as the gateway's optimistic
 * check, and uses an Idempotency-Key tied to the payment's current transaction, so a double click
 * cancels once while the next, deliberate partial cancel gets a new key.
 */
import { verifyCancelRequest } from '../amount/index.js';
import { isGatewayError } from '../errors/index.js';
import { isAnswerLost, type CancelParams } from '../gateway/index.js';
import { cancelRequestSchema, parseModel, type Payment } from '../models/index.js';
import { runHook, type FlowContext } from './flow-context.js';
import { verifyPaymentKey } from './flow-errors.js';

export interface CancelInput {
  paymentKey: unknown;
  body: unknown;
  /** a key the caller sent (Idempotency-Key header): repeats of that request cancel once */
  idempotencyKey?: string | null;
}

/** A cancel's outcome: the payment after it, the amount cancelled and whether it was in full. */
export interface CancelResult {
  payment: Payment;
  cancelAmount: number;
  isFull: boolean;
}

function cancelCount(payment: Payment): number {
  return Array.isArray(payment.cancels) ? payment.cancels.length : 0;
}

/** The payment as the ledger knows it, else as the gateway does (payments made before tosskit). */
async function currentPayment(context: FlowContext, paymentKey: string): Promise<Payment> {
  const record = await context.ledger.getPayment(paymentKey);
  if (record !== null) return record.payment;
  const payment = await context.gateway.getPayment(paymentKey);
  await context.ledger.recordPayment(payment);
  return payment;
}

export function cancelIdempotencyKey(payment: Payment, cancelAmount: number): string {
  const anchor = payment.lastTransactionKey ?? payment.transactionKey ?? `${cancelCount(payment)}`;
  return `cancel:${payment.paymentKey}:${anchor}:${cancelAmount}`;
}

export async function cancelPayment(context: FlowContext, input: CancelInput): Promise<CancelResult> {
  const paymentKey = verifyPaymentKey(input.paymentKey);
  const request = parseModel(cancelRequestSchema, input.body);
  const payment = await currentPayment(context, paymentKey);
  const { cancelAmount, isFull } = verifyCancelRequest(payment, {
    ...(request.cancelAmount === undefined ? {} : { cancelAmount: request.cancelAmount }),
    ...(request.taxFreeAmount === undefined ? {} : { taxFreeAmount: request.taxFreeAmount }),
    ...(request.refundReceiveAccount === undefined
      ? {}
      : { refundReceiveAccount: request.refundReceiveAccount }),
  });

  const params: CancelParams = {
    cancelReason: request.cancelReason,
    // the gateway refuses if the balance moved since we read it (NOT_MATCHES_REFUNDABLE_AMOUNT)
    refundableAmount: payment.balanceAmount,
  };
  if (!isFull || request.cancelAmount !== undefined) params.cancelAmount = cancelAmount;
  if (request.taxFreeAmount !== undefined) params.taxFreeAmount = request.taxFreeAmount;
  if (request.refundReceiveAccount !== undefined) params.refundReceiveAccount = request.refundReceiveAccount;
  if (request.currency !== undefined) params.currency = request.currency;

  const idempotencyKey = input.idempotencyKey
    ? `cancel:${paymentKey}:client:${input.idempotencyKey}`
    : cancelIdempotencyKey(payment, cancelAmount);
  let canceled: Payment;
  try {
    canceled = await context.gateway.cancel(paymentKey, params, { idempotencyKey });
  } catch (error) {
    if (isGatewayError(error) && error.code === 'NOT_MATCHES_REFUNDABLE_AMOUNT') {
      // our copy was stale: bring the ledger up to date so the next attempt sees the real balance
      const fresh = await context.gateway.getPayment(paymentKey).catch(() => null);
      if (fresh !== null) await context.ledger.recordPayment(fresh);
      throw error;
    }
    if (!isAnswerLost(error)) throw error;
    // the cancel may have gone through: believe the gateway's payment, not our guess
    const fresh = await context.gateway.getPayment(paymentKey);
    if (cancelCount(fresh) <= cancelCount(payment)) throw error;
    canceled = fresh;
  }

  const result = await context.ledger.recordPayment(canceled);
  context.emit('cancel.applied', {
    paymentKey,
    orderId: canceled.orderId,
    cancelAmount,
    status: canceled.status,
  });
  if (result.applied) {
    const last = Array.isArray(canceled.cancels) ? canceled.cancels[canceled.cancels.length - 1] : undefined;
    await runHook(
      context,
      'onPaymentCanceled',
      context.hooks.onPaymentCanceled,
      { paymentKey, orderId: canceled.orderId },
      canceled,
      {
        cancelAmount,
        cancelReason: request.cancelReason,
        transactionKey: typeof last?.transactionKey === 'string' ? last.transactionKey : null,
        compensation: false,
      },
    );
  }
  return { payment: canceled, cancelAmount, isFull };
}
