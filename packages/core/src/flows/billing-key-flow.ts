/**
 * Billing keys (자동결제, spec §2.6): a card registered once, its key stored against the customer.
 *
 * The billing key is as good as the card itself, so it stays inside the billing flows and the ledger (which
 * encrypts it at rest): the browser, the shop's hook, events, logs and errors only ever see the customerKey
 * and masked card data.
 */
import { toBase64Url, utf8 } from '../platform/bytes.js';
import { sha256 as sha256Bytes } from '../platform/sha256.js';
import { GatewayError, isGatewayError, messageFor, statusFor, TosskitError } from '../errors/index.js';
import type { StoredBillingKey } from '../ledger/index.js';
import type { Billing } from '../models/index.js';
import type { FlowContext } from './flow-context.js';
import { errorMessage, flowError } from './flow-errors.js';

/** Card data a shop may see and show: the gateway's masked number, never the billing key. */
export interface MaskedCard {
  issuerCode: string | null;
  number: string | null;
  cardType: string | null;
  ownerType: string | null;
}

export interface BillingKeyIssuedInfo {
  customerKey: string;
  /** `카드`, or `계좌이체` for transfer billing */
  method: string | null;
  card: MaskedCard | null;
  authenticatedAt: string | null;
}

export type OnBillingKeyIssued = (info: BillingKeyIssuedInfo) => unknown;

export interface BillingHooks {
  /** runs once per new billing key; if it throws, the key is deleted again and the buyer is told to retry */
  onBillingKeyIssued?: OnBillingKeyIssued;
}

const CUSTOMER_KEY = /^[A-Za-z0-9_=.@-]{2,50}$/;

function sha256(text: string): string {
  return toBase64Url(sha256Bytes(utf8(text)));
}

/** A TosskitError for a code of either catalogue (gateway codes included), in Korean by default. */
export function cataloguedError(code: string, details?: Record<string, unknown>): TosskitError {
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
export function withoutBillingKey(error: unknown, billingKey: string): unknown {
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
    createdAt: context.now(),
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
