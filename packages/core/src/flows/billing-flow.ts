/**
 * Billing charges (자동결제, spec §2.6): a registered card (billing-key-flow.ts) charged by the shop's server.
 *
 * A charge keeps confirm's guarantees: one ledger claim per orderId, an
 * Idempotency-Key derived from the orderId, and a lost answer settled by looking the order up — billing
 * approvals send no webhook, so that lookup (and the reconciler, for a crash in between) is the only net.
 */
import { randomUUID } from '../platform/bytes.js';
import { parseAmount } from '../amount/index.js';
import { isGatewayError, isTosskitError, type TosskitError } from '../errors/index.js';
import type { BillingChargeParams } from '../gateway/index.js';
import type { ConfirmClaim } from '../ledger/index.js';
import type { Payment } from '../models/index.js';
import { cataloguedError, verifyCustomerKey, withoutBillingKey } from './billing-key-flow.js';
import { whileHoldingClaim } from './claim-lease.js';
import { isDefiniteRefusal } from './gateway-outcome.js';
import type { FlowContext } from './flow-context.js';
import {
  failOrderClaim,
  failureOf,
  lookUpOrderPayment,
  replayedPayment,
  settleOrderClaim,
  takeClaimTurn,
  type OrderPaymentLookup,
} from './order-claim.js';
import { takeOverClaim } from './take-over-claim.js';
import { flowError, verifyOrderId } from './flow-errors.js';

export {
  billingKeyInfo,
  deleteBillingKey,
  getBillingCard,
  issueBillingKey,
  maskCardNumber,
  maskedCardOf,
  verifyAuthKey,
  verifyCustomerKey,
  type BillingHooks,
  type BillingKeyIssuedInfo,
  type MaskedCard,
  type OnBillingKeyIssued,
} from './billing-key-flow.js';

/** A charge of a registered card (the flow's input; `handler.charge()` takes OrderChargeInput). */
export interface ChargeInput {
  customerKey: unknown;
  orderId: unknown;
  orderName: unknown;
  /** integer won */
  amount: unknown;
  taxFreeAmount?: unknown;
  taxExemptionAmount?: unknown;
  customerEmail?: string;
  customerName?: string;
  customerIp?: string;
  cardInstallmentPlan?: number;
  /** test keys only: the gateway answers this documented error code (TossPayments-Test-Code) */
  testCode?: string;
}

/** The charged payment, and whether it was answered from an earlier charge of the same orderId. */
export interface ChargeResult {
  /** the gateway's Payment, `type: BILLING` */
  payment: Payment;
  /** true when this orderId was already charged: answered from the ledger, nothing charged again */
  replayed: boolean;
}

/** Codes a shop handling a charge or a registration may want to tell apart. */
export const BILLING_ERROR_CODES = [
  'BILLING_KEY_NOT_FOUND',
  'NOT_MATCHES_CUSTOMER_KEY',
  'INVALID_BILL_KEY_REQUEST',
  'DUPLICATED_ORDER_ID',
  'INVALID_CUSTOMER_KEY',
  'BILLING_KEY_REVOKED',
] as const;
/** A code of BILLING_ERROR_CODES. */
export type BillingErrorCode = (typeof BILLING_ERROR_CODES)[number];

/** True for a tosskit error whose code is one of BILLING_ERROR_CODES. */
export function isBillingError(error: unknown): error is TosskitError & { code: BillingErrorCode } {
  return isTosskitError(error) && (BILLING_ERROR_CODES as readonly string[]).includes(error.code);
}

const CLAIM_PREFIX = 'billing:';

/** The pseudo paymentKey of a billing charge's claim: the real paymentKey exists only after the charge. */
export function billingClaimKey(customerKey: string): string {
  return `${CLAIM_PREFIX}${customerKey}`;
}

export function isBillingClaim(claim: Pick<ConfirmClaim, 'paymentKey'>): boolean {
  return claim.paymentKey.startsWith(CLAIM_PREFIX);
}

/**
 * Every attempt to charge this order sends this key: the gateway replays instead of charging twice. After a
 * definite refusal the next attempt needs a key of its own (the gateway replays refusals too), derived from
 * the recorded failure so that concurrent retries still share one. The gateway's own orderId uniqueness
 * (DUPLICATED_ORDER_ID, settled by lookup) stays the last guard.
 */
export function billingChargeIdempotencyKey(orderId: string, failedAt: number | null = null): string {
  return failedAt === null ? `billing-charge:${orderId}` : `billing-charge:${orderId}:after-${failedAt}`;
}

function verifyOrderName(raw: unknown): string {
  if (raw === undefined || raw === null || raw === '')
    throw flowError('MISSING_PARAMETER', { parameter: 'orderName' });
  if (typeof raw !== 'string' || raw.length > 100) {
    throw flowError('VALIDATION_ERROR', {
      issues: [{ path: 'orderName', message: 'orderName은 100자 이하의 문자열이어야 합니다.' }],
    });
  }
  return raw;
}

function verifyPartAmount(name: string, raw: unknown, amount: number): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0 || raw > amount) {
    throw flowError('VALIDATION_ERROR', {
      issues: [{ path: name, message: `${name}은 0 이상 결제 금액 이하의 정수여야 합니다.` }],
    });
  }
  return raw;
}

/** After a lost answer: did the gateway charge this order for this customer? */
function lookUpCharge(
  context: FlowContext,
  orderId: string,
  customerKey: string,
): Promise<OrderPaymentLookup> {
  return lookUpOrderPayment(context, orderId, (payment) => {
    const paidBy = (payment as { customerKey?: unknown }).customerKey;
    return payment.type === 'BILLING' && (typeof paidBy !== 'string' || paidBy === customerKey);
  });
}

/** The charge definitely did not happen: the claim failed in one ledger write, then the event. */
async function releaseCharge(context: FlowContext, claim: ConfirmClaim, error: unknown): Promise<void> {
  const failure = failureOf(error, 'billing charge failed');
  await failOrderClaim(context, claim, failure);
  context.emit('billing.charge_failed', {
    customerKey: claim.paymentKey.slice(CLAIM_PREFIX.length),
    orderId: claim.orderId,
    code: failure.code,
  });
}

/** Record the charged payment and settle its claim; the charge must be the one asked for. */
async function settleCharge(
  context: FlowContext,
  claim: ConfirmClaim,
  payment: Payment,
  settledByLookup: boolean,
): Promise<ChargeResult> {
  const totalAmount = (payment as { totalAmount?: unknown }).totalAmount;
  if (
    payment.orderId !== claim.orderId ||
    (typeof totalAmount === 'number' && totalAmount !== claim.amount)
  ) {
    // never with an honest gateway; the shop must not ship on it (the payment is still kept on record)
    await context.ledger.recordPayment(payment, context.now());
    await releaseCharge(context, claim, cataloguedError('DUPLICATED_ORDER_ID'));
    throw cataloguedError('DUPLICATED_ORDER_ID');
  }
  // the charge and its settled claim in one write
  await settleOrderClaim(context, claim, payment);
  context.emit('billing.charged', {
    customerKey: claim.paymentKey.slice(CLAIM_PREFIX.length),
    orderId: claim.orderId,
    paymentKey: payment.paymentKey,
    amount: claim.amount,
    status: payment.status,
    replayed: false,
    settledByLookup,
  });
  return { payment, replayed: false };
}

async function runCharge(
  context: FlowContext,
  claim: ConfirmClaim,
  customerKey: string,
  params: BillingChargeParams,
  testCode?: string,
): Promise<ChargeResult> {
  const stored = await context.ledger.getBillingKey(customerKey);
  if (stored === null) {
    const error = flowError('BILLING_KEY_NOT_FOUND', { customerKey });
    await releaseCharge(context, claim, error);
    throw error;
  }
  const failure = await context.ledger.getOrderFailure(claim.orderId);
  let payment: Payment;
  let settledByLookup = false;
  try {
    payment = await context.gateway.chargeBilling(stored.billingKey, params, {
      idempotencyKey: billingChargeIdempotencyKey(claim.orderId, failure?.at ?? null),
      ...(testCode === undefined ? {} : { testCode }),
    });
  } catch (raw) {
    const error = withoutBillingKey(raw, stored.billingKey);
    // a duplicate orderId may be this very charge, executed by an attempt whose answer was lost
    const maybeOurs = isGatewayError(error) && error.code === 'DUPLICATED_ORDER_ID';
    if (!maybeOurs && isDefiniteRefusal(error)) {
      await releaseCharge(context, claim, error);
      throw error;
    }
    const found = await lookUpCharge(context, claim.orderId, customerKey);
    if (found.kind === 'unreachable') {
      // unknown yet: the claim stays held; a retry after its lease, or the reconciler, settles it
      throw isTosskitError(found.error) ? found.error : error;
    }
    if (found.kind === 'absent') {
      await releaseCharge(context, claim, error);
      throw error;
    }
    payment = found.payment;
    settledByLookup = true;
  }
  return settleCharge(context, claim, payment, settledByLookup);
}

/** Answer a repeated charge of an order from what the first one settled. */
async function answerFromClaim(
  context: FlowContext,
  claim: ConfirmClaim,
  customerKey: string,
  amount: number,
): Promise<ChargeResult> {
  const record =
    claim.paymentKey === billingClaimKey(customerKey) && claim.amount === amount
      ? await replayedPayment(context, claim)
      : null;
  // this orderId was used by another payment, another customer or another amount
  if (record === null) throw cataloguedError('DUPLICATED_ORDER_ID');
  context.emit('billing.charged', {
    customerKey,
    orderId: claim.orderId,
    paymentKey: record.paymentKey,
    amount,
    status: record.status,
    replayed: true,
    settledByLookup: false,
  });
  return { payment: record.payment, replayed: true };
}

/**
 * Charge a customer's registered card for an order. Repeating the call with the same orderId (a retry, a
 * second worker) charges at most once and answers the same payment.
 */
export async function chargeBillingKey(context: FlowContext, input: ChargeInput): Promise<ChargeResult> {
  const customerKey = verifyCustomerKey(input.customerKey);
  const orderId = verifyOrderId(input.orderId);
  const orderName = verifyOrderName(input.orderName);
  const amount = parseAmount(input.amount);
  const taxFreeAmount = verifyPartAmount('taxFreeAmount', input.taxFreeAmount, amount);
  const taxExemptionAmount = verifyPartAmount('taxExemptionAmount', input.taxExemptionAmount, amount);
  const params: BillingChargeParams = {
    amount,
    customerKey,
    orderId,
    orderName,
    ...(taxFreeAmount === undefined ? {} : { taxFreeAmount }),
    ...(taxExemptionAmount === undefined ? {} : { taxExemptionAmount }),
    ...(input.customerEmail === undefined ? {} : { customerEmail: input.customerEmail }),
    ...(input.customerName === undefined ? {} : { customerName: input.customerName }),
    ...(input.customerIp === undefined ? {} : { customerIp: input.customerIp }),
    ...(input.cardInstallmentPlan === undefined ? {} : { cardInstallmentPlan: input.cardInstallmentPlan }),
  };

  const owner = `${context.instanceId}:billing:${randomUUID()}`;
  const deadline = context.now() + context.claimWaitMs;
  const request = { orderId, paymentKey: billingClaimKey(customerKey), amount, owner };
  for (;;) {
    // another caller charging this order is waited for, whoever it charges
    const turn = await takeClaimTurn(context, request, deadline, true);
    if (turn.kind === 'won') {
      const claim = turn.claim;
      return whileHoldingClaim(context, claim, () =>
        runCharge(context, claim, customerKey, params, input.testCode),
      );
    }
    if (turn.kind === 'settled') return answerFromClaim(context, turn.claim, customerKey, amount);
    if (turn.kind === 'held') throw flowError('CONFIRM_IN_PROGRESS', { orderId });
    // released (the other attempt failed) or abandoned: try to take it
  }
}

/**
 * The reconciler's step for a billing charge whose holder vanished mid-charge: the gateway's answer for
 * the orderId decides. Returns what happened, in the reconciler's words.
 */
export async function reconcileBillingClaim(
  context: FlowContext,
  abandoned: ConfirmClaim,
  now: number,
): Promise<'confirmed' | 'released' | 'pending' | 'skipped'> {
  const claim = await takeOverClaim(context, abandoned, now);
  if (claim === null) return 'skipped';
  const customerKey = abandoned.paymentKey.slice(CLAIM_PREFIX.length);
  const found = await lookUpCharge(context, abandoned.orderId, customerKey);
  if (found.kind === 'unreachable') return 'pending';
  if (found.kind === 'absent') {
    await releaseCharge(context, claim, flowError('PAYMENT_NOT_FOUND'));
    return 'released';
  }
  await settleCharge(context, claim, found.payment, true);
  return 'confirmed';
}
