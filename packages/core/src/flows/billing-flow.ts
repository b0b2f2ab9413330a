/**
 * Billing (자동결제, spec §2.6): a card registered once, charged later by the shop's server.
 *
 * The billing key is as good as the card itself, so it stays inside this module and the ledger (which
 * encrypts it at rest): the browser, the shop's hook, events, logs and errors only ever see the customerKey
 * and masked card data. A charge keeps confirm's guarantees: one ledger claim per orderId, an
 * Idempotency-Key derived from the orderId, and a lost answer settled by looking the order up — billing
 * approvals send no webhook, so that lookup (and the reconciler, for a crash in between) is the only net.
 */
import { createHash, randomUUID } from 'node:crypto';
import { parseAmount } from '../amount/index.js';
import {
  GatewayError,
  isGatewayError,
  isTosskitError,
  messageFor,
  statusFor,
  TosskitError,
} from '../errors/index.js';
import type { BillingChargeParams } from '../gateway/index.js';
import type { ConfirmClaim, StoredBillingKey } from '../ledger/index.js';
import type { Billing, Payment } from '../models/index.js';
import { whileHoldingClaim } from './claim-lease.js';
import { isDefiniteRefusal, isNotFound } from './gateway-outcome.js';
import type { FlowContext } from './flow-context.js';
import { takeOverClaim } from './take-over-claim.js';
import { errorMessage, flowError, verifyOrderId } from './flow-errors.js';

/** Card data a shop may see and show: the gateway's masked number, never the billing key. */
export interface MaskedCard {
  issuerCode: string | null;
  number: string | null;
  cardType: string | null;
  ownerType: string | null;
}

/** A registered card as the shop may see it: customerKey, method, masked card, when. Never the billing key. */
export interface BillingKeyIssuedInfo {
  customerKey: string;
  /** `카드`, or `계좌이체` for transfer billing */
  method: string | null;
  card: MaskedCard | null;
  authenticatedAt: string | null;
}

/** The hook called once per new billing key (masked card data only). */
export type OnBillingKeyIssued = (info: BillingKeyIssuedInfo) => unknown;

export interface BillingHooks {
  /** runs once per new billing key; if it throws, the key is deleted again and the buyer is told to retry */
  onBillingKeyIssued?: OnBillingKeyIssued;
}

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
const CUSTOMER_KEY = /^[A-Za-z0-9_=.@-]{2,50}$/;

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

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/** A TosskitError for a code of either catalogue (gateway codes included), in Korean by default. */
function cataloguedError(code: string, details?: Record<string, unknown>): TosskitError {
  return new TosskitError(code, statusFor(code) ?? 400, messageFor(code, 'ko', details), details);
}

export function verifyCustomerKey(raw: unknown): string {
  if (raw === undefined || raw === null || raw === '')
    throw flowError('MISSING_PARAMETER', { parameter: 'customerKey' });
  if (typeof raw !== 'string' || !CUSTOMER_KEY.test(raw)) throw cataloguedError('INVALID_CUSTOMER_KEY');
  return raw;
}

export function verifyAuthKey(raw: unknown): string {
  if (raw === undefined || raw === null || raw === '')
    throw flowError('MISSING_PARAMETER', { parameter: 'authKey' });
  if (typeof raw !== 'string' || raw.length > 300 || !/^[\x21-\x7e]+$/.test(raw)) {
    throw flowError('VALIDATION_ERROR', {
      issues: [{ path: 'authKey', message: 'authKey는 300자 이하의 문자열이어야 합니다.' }],
    });
  }
  return raw;
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

/** The gateway already masks the number; a number that arrives with more than 8 digits in clear is masked here. */
export function maskCardNumber(number: string | null | undefined): string | null {
  if (typeof number !== 'string' || number.length === 0) return null;
  const digits = number.replace(/[^0-9]/g, '').length;
  if (digits <= 8 || number.includes('*')) return number;
  return (
    number.slice(0, 6) +
    number.slice(6, -4).replace(/[0-9]/g, '*') +
    number.slice(-4, -1) +
    number.slice(-1).replace(/[0-9]/, '*')
  );
}

export function maskedCardOf(billing: Billing): MaskedCard | null {
  const card = billing.card;
  if (card === null || card === undefined) return null;
  return {
    issuerCode: typeof card.issuerCode === 'string' ? card.issuerCode : null,
    number: maskCardNumber(card.number),
    cardType: typeof card.cardType === 'string' ? card.cardType : null,
    ownerType: typeof card.ownerType === 'string' ? card.ownerType : null,
  };
}

export function billingKeyInfo(stored: StoredBillingKey): BillingKeyIssuedInfo {
  return {
    customerKey: stored.customerKey,
    method: stored.method,
    card: stored.card,
    authenticatedAt: stored.authenticatedAt,
  };
}

/**
 * A gateway error that somehow quotes the billing key (a message, a cause) is rebuilt without it: errors
 * end up in responses and logs.
 */
function withoutBillingKey(error: unknown, billingKey: string): unknown {
  if (!isGatewayError(error)) return error;
  const cause = (error as { cause?: unknown }).cause;
  const texts = [
    error.message,
    error.gatewayMessage ?? '',
    JSON.stringify(error.details ?? {}),
    cause instanceof Error ? `${cause.message}${cause.stack ?? ''}` : String(cause ?? ''),
  ];
  if (!texts.some((t) => t.includes(billingKey))) return error;
  return new GatewayError({
    code: error.code,
    status: error.status,
    errorClass: error.errorClass,
    ...(error.gatewayMessage === undefined ? {} : { message: error.gatewayMessage }),
    ...(error.details === undefined ? {} : { details: error.details }),
    ...(cause === undefined ? {} : { cause }),
    redact: [billingKey],
  });
}

async function deleteAtGateway(context: FlowContext, billingKey: string): Promise<void> {
  try {
    await context.gateway.deleteBillingKey(billingKey);
  } catch (error) {
    // already gone at the gateway (deleted in the dashboard, or an earlier try that lost its answer)
    if (
      isGatewayError(error) &&
      (error.code === 'NOT_FOUND_BILLING' || error.code === 'INVALID_BILL_KEY_REQUEST')
    )
      return;
    throw withoutBillingKey(error, billingKey);
  }
}

/**
 * The billing success URL: exchange the one-time authKey for a billing key, store it against the
 * customer, tell the shop (masked card only). A refresh of the page is answered without a second hook call.
 */
export async function issueBillingKey(
  context: FlowContext,
  hooks: BillingHooks,
  input: { customerKey: unknown; authKey: unknown },
): Promise<BillingKeyIssuedInfo & { replayed: boolean }> {
  const customerKey = verifyCustomerKey(input.customerKey);
  const authKey = verifyAuthKey(input.authKey);
  // the authKey is one-time: the same key for every attempt with it makes a refresh a replay, not an error
  const billing = await context.gateway.issueBillingKey(
    { authKey, customerKey },
    { idempotencyKey: `billing-issue:${sha256(authKey)}` },
  );
  if (billing.customerKey !== customerKey) {
    await deleteAtGateway(context, billing.billingKey).catch(() => undefined);
    throw cataloguedError('NOT_MATCHES_CUSTOMER_KEY');
  }
  const stored: StoredBillingKey = {
    customerKey,
    billingKey: billing.billingKey,
    card: maskedCardOf(billing),
    method: typeof billing.method === 'string' ? billing.method : null,
    authenticatedAt: typeof billing.authenticatedAt === 'string' ? billing.authenticatedAt : null,
    createdAt: Date.now(),
  };
  const previous = await context.ledger.getBillingKey(customerKey);
  if (previous !== null && previous.billingKey === stored.billingKey) {
    context.emit('billing.key_issued', {
      customerKey,
      issuerCode: previous.card?.issuerCode ?? null,
      replayed: true,
    });
    return { ...billingKeyInfo(previous), replayed: true };
  }

  await context.ledger.saveBillingKey(stored);
  const info = billingKeyInfo(stored);
  if (hooks.onBillingKeyIssued !== undefined) {
    try {
      await hooks.onBillingKeyIssued(structuredClone(info));
    } catch (error) {
      context.emit('hook.failed', {
        hook: 'onBillingKeyIssued',
        paymentKey: null,
        orderId: null,
        message: errorMessage(error).slice(0, 200),
      });
      // the shop could not take the card: do not leave a chargeable key behind it does not know about
      await deleteAtGateway(context, stored.billingKey).catch((deleteError: unknown) => {
        context.logger.error('billing key of a failed registration could not be deleted at the gateway', {
          customerKey,
          code: isGatewayError(deleteError) ? deleteError.code : 'UNKNOWN',
        });
      });
      await context.ledger.deleteBillingKey({ billingKey: stored.billingKey });
      if (previous !== null) await context.ledger.saveBillingKey(previous);
      throw flowError('BILLING_KEY_REVOKED', { customerKey });
    }
  }
  if (previous !== null) {
    // the customer registered another card: the old key would stay chargeable at the gateway otherwise
    await deleteAtGateway(context, previous.billingKey).catch((error: unknown) => {
      context.logger.warn('replaced billing key could not be deleted at the gateway', {
        customerKey,
        code: isGatewayError(error) ? error.code : 'UNKNOWN',
      });
    });
  }
  context.emit('billing.key_issued', {
    customerKey,
    issuerCode: info.card?.issuerCode ?? null,
    replayed: false,
  });
  return { ...info, replayed: false };
}

/** The stored card of a customer, masked; null when none is registered. */
export async function getBillingCard(
  context: FlowContext,
  customerKey: unknown,
): Promise<BillingKeyIssuedInfo | null> {
  const stored = await context.ledger.getBillingKey(verifyCustomerKey(customerKey));
  return stored === null ? null : billingKeyInfo(stored);
}

/** Delete a customer's billing key at the gateway and in the ledger. */
export async function deleteBillingKey(
  context: FlowContext,
  customerKey: unknown,
): Promise<{ customerKey: string; deleted: true }> {
  const key = verifyCustomerKey(customerKey);
  const stored = await context.ledger.getBillingKey(key);
  if (stored === null) throw flowError('BILLING_KEY_NOT_FOUND', { customerKey: key });
  await deleteAtGateway(context, stored.billingKey);
  await context.ledger.deleteBillingKey({ customerKey: key });
  context.emit('billing.key_deleted', { customerKey: key });
  return { customerKey: key, deleted: true };
}

type ChargeLookup =
  | { kind: 'found'; payment: Payment }
  | { kind: 'absent' }
  | { kind: 'unreachable'; error: unknown };

/** After a lost answer: did the gateway charge this order for this customer? */
async function lookUpCharge(
  context: FlowContext,
  orderId: string,
  customerKey: string,
): Promise<ChargeLookup> {
  try {
    const payment = await context.gateway.getPaymentByOrderId(orderId);
    const paidBy = (payment as { customerKey?: unknown }).customerKey;
    if (payment.type === 'BILLING' && (typeof paidBy !== 'string' || paidBy === customerKey))
      return { kind: 'found', payment };
    return { kind: 'absent' };
  } catch (error) {
    // only NOT_FOUND says the charge never happened; a refused lookup says nothing (gateway-outcome.ts)
    if (isNotFound(error)) return { kind: 'absent' };
    return { kind: 'unreachable', error };
  }
}

async function releaseCharge(context: FlowContext, claim: ConfirmClaim, error: unknown): Promise<void> {
  const code = isTosskitError(error) ? error.code : 'INTERNAL_ERROR';
  const message = isTosskitError(error) ? error.message : 'billing charge failed';
  await context.ledger.recordOrderFailure({ orderId: claim.orderId, code, message, at: Date.now() });
  await context.ledger.releaseClaim(claim.orderId, claim.owner, { kind: 'failed', code, message });
  context.emit('billing.charge_failed', {
    customerKey: claim.paymentKey.slice(CLAIM_PREFIX.length),
    orderId: claim.orderId,
    code,
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
    await context.ledger.recordPayment(payment);
    await releaseCharge(context, claim, cataloguedError('DUPLICATED_ORDER_ID'));
    throw cataloguedError('DUPLICATED_ORDER_ID');
  }
  // the charge and its settled claim in one write
  await context.ledger.settleClaimWithPayment(
    claim.orderId,
    claim.owner,
    { kind: 'confirmed', paymentKey: payment.paymentKey, status: payment.status },
    payment,
  );
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
  const outcome = claim.outcome;
  if (
    claim.paymentKey !== billingClaimKey(customerKey) ||
    claim.amount !== amount ||
    outcome?.kind !== 'confirmed'
  ) {
    // this orderId was used by another payment, another customer or another amount
    throw cataloguedError('DUPLICATED_ORDER_ID');
  }
  const record = await context.ledger.getPayment(outcome.paymentKey);
  if (record === null) throw flowError('PAYMENT_NOT_FOUND');
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
  const deadline = Date.now() + context.claimWaitMs;
  for (;;) {
    const result = await context.ledger.claimConfirm({
      orderId,
      paymentKey: billingClaimKey(customerKey),
      amount,
      owner,
      leaseMs: context.claimLeaseMs,
    });
    if (result.status === 'won') {
      const claim = result.claim;
      return whileHoldingClaim(context, claim, () =>
        runCharge(context, claim, customerKey, params, input.testCode),
      );
    }
    if (result.status === 'settled') return answerFromClaim(context, result.claim, customerKey, amount);
    // another caller is charging this order: wait for its answer
    let delay = 10;
    let claim: ConfirmClaim | null = result.claim;
    while (
      claim !== null &&
      claim.state === 'claimed' &&
      claim.leaseUntil > Date.now() &&
      Date.now() < deadline
    ) {
      await context.sleep(delay);
      delay = Math.min(delay * 2, 200);
      claim = await context.ledger.getClaim(orderId);
    }
    if (claim?.state === 'settled') return answerFromClaim(context, claim, customerKey, amount);
    if (claim?.state === 'claimed' && claim.leaseUntil > Date.now())
      throw flowError('CONFIRM_IN_PROGRESS', { orderId });
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
