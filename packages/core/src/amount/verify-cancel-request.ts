import { TosskitError, ValidationError, messageFor, type ValidationIssue } from '../errors/index.js';
import type { Payment, PaymentStatus, RefundReceiveAccountInput } from '../models/index.js';
import { describeReceived, tryParseAmount } from './parse-amount.js';

/** The fields of a Payment the cancel rules read. */
export type CancelablePayment = Pick<
  Payment,
  'status' | 'balanceAmount' | 'isPartialCancelable' | 'method' | 'taxFreeAmount'
>;

export interface CancelRequestInput {
  /** Omit for a full cancel of what is left. */
  cancelAmount?: number | undefined;
  /** The tax-free part of this cancel; default 0. */
  taxFreeAmount?: number | undefined;
  refundReceiveAccount?: RefundReceiveAccountInput | null | undefined;
}

export interface VerifiedCancel {
  cancelAmount: number;
  /** True when the cancel takes the balance to 0 (the payment becomes CANCELED). */
  isFull: boolean;
  taxFreeAmount: number;
}

const CANCELABLE_STATUSES: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>([
  'DONE',
  'PARTIAL_CANCELED',
  'WAITING_FOR_DEPOSIT',
]);

const VIRTUAL_ACCOUNT = '가상계좌';

function notCancelable(status: string): TosskitError {
  const details = { status };
  return new TosskitError(
    'PAYMENT_NOT_CANCELABLE',
    409,
    messageFor('PAYMENT_NOT_CANCELABLE', 'ko', details),
    details,
  );
}

function refundAccountIssues(account: unknown): ValidationIssue[] {
  if (account === null || account === undefined)
    return [{ path: 'refundReceiveAccount', message: 'required' }];
  if (typeof account !== 'object') return [{ path: 'refundReceiveAccount', message: 'must be an object' }];
  const a = account as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  if (typeof a['bank'] !== 'string' || a['bank'].trim() === '') {
    issues.push({ path: 'refundReceiveAccount.bank', message: 'required: a bank code or name' });
  }
  if (typeof a['accountNumber'] !== 'string' || !/^[0-9]{1,20}$/.test(a['accountNumber'])) {
    issues.push({ path: 'refundReceiveAccount.accountNumber', message: 'required: digits only, at most 20' });
  }
  if (typeof a['holderName'] !== 'string' || a['holderName'].trim() === '' || a['holderName'].length > 60) {
    issues.push({ path: 'refundReceiveAccount.holderName', message: 'required: at most 60 characters' });
  }
  return issues;
}

/**
 * Checks a cancel before it reaches the gateway (spec §2.3):
 * - the payment is DONE, PARTIAL_CANCELED or WAITING_FOR_DEPOSIT with a balance left (else 409 PAYMENT_NOT_CANCELABLE);
 * - `cancelAmount`, when given, is a positive whole number ≤ balanceAmount (INVALID_AMOUNT, CANCEL_AMOUNT_EXCEEDS_BALANCE);
 * - a partial cancel needs `isPartialCancelable` not false, and a virtual account waiting for its deposit can only be
 *   canceled in full (PARTIAL_CANCEL_NOT_ALLOWED);
 * - a deposited virtual account (가상계좌, DONE or PARTIAL_CANCELED) needs `refundReceiveAccount` (REFUND_ACCOUNT_REQUIRED);
 * - `taxFreeAmount` is a whole number ≤ the cancel amount and ≤ the payment's remaining taxFreeAmount (INVALID_TAX_FREE_AMOUNT).
 */
export function verifyCancelRequest(
  payment: CancelablePayment,
  request: CancelRequestInput = {},
): VerifiedCancel {
  if (!CANCELABLE_STATUSES.has(payment.status) || !(payment.balanceAmount > 0))
    throw notCancelable(payment.status);
  const balanceAmount = payment.balanceAmount;

  let cancelAmount = balanceAmount;
  if (request.cancelAmount !== undefined) {
    const parsed = tryParseAmount(request.cancelAmount);
    if (parsed === undefined) {
      throw new ValidationError('INVALID_AMOUNT', { received: describeReceived(request.cancelAmount) });
    }
    if (parsed > balanceAmount) {
      throw new ValidationError('CANCEL_AMOUNT_EXCEEDS_BALANCE', { balanceAmount, cancelAmount: parsed });
    }
    cancelAmount = parsed;
  }
  const isFull = cancelAmount === balanceAmount;

  if (!isFull && (payment.isPartialCancelable === false || payment.status === 'WAITING_FOR_DEPOSIT')) {
    throw new ValidationError('PARTIAL_CANCEL_NOT_ALLOWED', {
      status: payment.status,
      balanceAmount,
      cancelAmount,
    });
  }

  const deposited = payment.method === VIRTUAL_ACCOUNT && payment.status !== 'WAITING_FOR_DEPOSIT';
  if (deposited) {
    const issues = refundAccountIssues(request.refundReceiveAccount);
    if (issues.length > 0) throw new ValidationError('REFUND_ACCOUNT_REQUIRED', { issues });
  }

  const remainingTaxFreeAmount = payment.taxFreeAmount;
  const taxFreeAmount = request.taxFreeAmount ?? 0;
  if (
    !Number.isSafeInteger(taxFreeAmount) ||
    taxFreeAmount < 0 ||
    taxFreeAmount > cancelAmount ||
    taxFreeAmount > remainingTaxFreeAmount
  ) {
    throw new ValidationError('INVALID_TAX_FREE_AMOUNT', {
      taxFreeAmount: describeReceived(taxFreeAmount),
      remainingTaxFreeAmount,
    });
  }

  return { cancelAmount, isFull, taxFreeAmount };
}
