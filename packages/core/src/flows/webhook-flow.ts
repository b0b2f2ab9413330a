/**
 * Webhooks. Payment webhooks carry no signature (spec §0.4), so nothing in a body is believed as
 * sent: PAYMENT_STATUS_CHANGED is re-fetched from the gateway, DEPOSIT_CALLBACK must quote the
 * virtual account's `secret` (compared in constant time), and the ledger only moves forward.
 * The answer goes out after the ledger write, so a 200 means the change is durable.
 */
import { constantTimeEqual, toBase64Url, utf8 } from '../platform/bytes.js';
import { sha256 } from '../platform/sha256.js';
import { isGatewayError, isTosskitError } from '../errors/index.js';
import { PAYMENT_STATUSES, parseWebhookBody, type Payment, type PaymentStatus } from '../models/index.js';
import { canReach, isNewerSnapshot } from '../state/index.js';
import { applyGatewaySnapshot } from './apply-gateway-snapshot.js';
import { runHook, type FlowContext } from './flow-context.js';
import { flowError } from './flow-errors.js';
import { verifyWebhookSignature, type SignedWebhook } from './webhook-signature.js';

/** What the webhook route did with a delivery (applied, ignored, duplicate…). */
export type WebhookOutcome = 'applied' | 'ignored' | 'duplicate';

export interface WebhookResult {
  kind: string;
  outcome: WebhookOutcome;
  paymentKey: string | null;
  orderId: string | null;
  status: string | null;
}

/** Constant-time equality of two secrets of any length (both hashed to 32 bytes first). */
export function secretsEqual(a: string, b: string): boolean {
  return constantTimeEqual(sha256(utf8(a)), sha256(utf8(b)));
}

interface Ids {
  kind: string;
  paymentKey: string | null;
  orderId: string | null;
}

function reject(
  context: FlowContext,
  ids: Ids,
  code: 'WEBHOOK_REJECTED' | 'WEBHOOK_PAYMENT_UNKNOWN' | 'INVALID_WEBHOOK_SIGNATURE' | 'RAW_BODY_REQUIRED',
): never {
  context.emit('webhook.rejected', { ...ids, code });
  throw flowError(code);
}

/**
 * Fetch the payment: a webhook's body is never trusted, only the gateway's own record of the payment. A
 * gateway "not found" means the webhook names a payment that does not exist (4xx, nothing to retry). Any
 * other failure of that lookup (a 5xx, a lost answer, a refused read) means the webhook could not be checked:
 * nothing is applied and the answer is 503 WEBHOOK_UNVERIFIED, so the gateway delivers it again later. The
 * gateway's own failure is never passed on as our answer.
 */
async function fetchPayment(
  context: FlowContext,
  ids: Ids,
  by: { paymentKey: string } | { orderId: string },
): Promise<Payment> {
  try {
    return 'paymentKey' in by
      ? await context.gateway.getPayment(by.paymentKey)
      : await context.gateway.getPaymentByOrderId(by.orderId);
  } catch (error) {
    if (isGatewayError(error) && error.status === 404) reject(context, ids, 'WEBHOOK_PAYMENT_UNKNOWN');
    context.emit('webhook.rejected', { ...ids, code: 'WEBHOOK_UNVERIFIED' });
    throw flowError('WEBHOOK_UNVERIFIED', undefined, error);
  }
}

// keyed by the gateway client (one per handler and language), not by the FlowContext: every request gets a
// context of its own (its events are timed from its start), and lookups must be shared across requests
const inFlight = new WeakMap<object, Map<string, Promise<Payment>>>();

/**
 * One GET per payment at a time in this process: webhooks for one payment come in bursts (a status
 * event and a deposit callback, retries, duplicates) and the gateway refuses repeated reads of an
 * unchanged payment (FORBIDDEN_CONSECUTIVE_REQUEST).
 */
function fetchShared(context: FlowContext, ids: Ids, paymentKey: string): Promise<Payment> {
  let map = inFlight.get(context.gateway);
  if (map === undefined) {
    map = new Map();
    inFlight.set(context.gateway, map);
  }
  const running = map.get(paymentKey);
  if (running !== undefined) return running;
  const started = fetchPayment(context, ids, { paymentKey }).finally(() => map.delete(paymentKey));
  map.set(paymentKey, started);
  return started;
}

/** Mark, apply, unmark on failure: a retry of a webhook that failed half-way is not swallowed. */
async function once(
  context: FlowContext,
  key: string,
  ids: Ids,
  apply: () => Promise<{ outcome: WebhookOutcome; status: string | null }>,
): Promise<WebhookResult> {
  const fresh = await context.ledger.markWebhookProcessed(key);
  if (!fresh) {
    context.emit('webhook.ignored', { ...ids, reason: 'duplicate' });
    return { ...ids, outcome: 'duplicate', status: null };
  }
  try {
    const { outcome, status } = await apply();
    return { ...ids, outcome, status };
  } catch (error) {
    // the gateway delivers it again (1 min, 4 min, ...): it must not be taken for a duplicate then. During a
    // ledger outage the unmark itself may fail, so it is retried in the background until the ledger answers.
    await context.ledger.unmarkWebhookProcessed(key).catch(() => void unmarkLater(context, key, ids));
    throw error;
  }
}

async function unmarkLater(context: FlowContext, key: string, ids: Ids): Promise<void> {
  for (let delay = 500; delay <= 32_000; delay *= 2) {
    await context.sleep(delay);
    try {
      await context.ledger.unmarkWebhookProcessed(key);
      return;
    } catch {
      // still down: wait longer
    }
  }
  context.logger.error('a failed webhook stays marked as processed; the reconciler applies its payment', {
    ...ids,
  });
}

/**
 * Does the gateway's payment bear out what the webhook claims: the same status, or a state newer
 * than the one the webhook carried (a late delivery of an older event)?
 */
function bearsOut(fetched: Payment, claimed: { status: string }, claimedPayment: Payment | null): boolean {
  if (fetched.status === claimed.status) return true;
  if (claimedPayment !== null && isNewerSnapshot(claimedPayment, fetched)) return true;
  return (
    (PAYMENT_STATUSES as readonly string[]).includes(claimed.status) &&
    canReach(claimed.status as PaymentStatus, fetched.status)
  );
}

async function handlePaymentStatusChanged(
  context: FlowContext,
  data: {
    paymentKey: string;
    orderId: string;
    status: string;
    lastTransactionKey?: string | null | undefined;
    transactionKey?: string | null | undefined;
  },
  claimedPayment: Payment | null,
  createdAt: string | undefined,
): Promise<WebhookResult> {
  const ids: Ids = { kind: 'PAYMENT_STATUS_CHANGED', paymentKey: data.paymentKey, orderId: data.orderId };
  // dedupe on what the delivery names, before any gateway call: duplicates cost nothing. A forged
  // delivery cannot poison the key: when the gateway does not bear it out the key is released again.
  // older bodies carry no transaction key: the event's createdAt still tells a re-deposit's DONE from the first
  const key = `payment:${data.paymentKey}:${data.lastTransactionKey ?? data.transactionKey ?? createdAt ?? '-'}:${data.status}`;
  return once(context, key, ids, async () => {
    let payment = await fetchShared(context, ids, data.paymentKey);
    // a body that names a real paymentKey with another order is made up
    if (payment.orderId !== data.orderId) reject(context, ids, 'WEBHOOK_REJECTED');
    if (!bearsOut(payment, data, claimedPayment)) {
      // a shared answer may predate the change this webhook announces: ask once more, alone
      payment = await fetchPayment(context, ids, { paymentKey: data.paymentKey });
      if (!bearsOut(payment, data, claimedPayment)) reject(context, ids, 'WEBHOOK_REJECTED');
    }
    const result = await applyGatewaySnapshot(context, payment, ids.kind);
    if (!result.applied) context.emit('webhook.ignored', { ...ids, reason: 'not newer than the ledger' });
    return { outcome: result.applied ? 'applied' : 'ignored', status: result.current.status };
  });
}

async function handleDepositCallback(
  context: FlowContext,
  body: {
    secret: string;
    status: string;
    orderId: string;
    transactionKey?: string | null | undefined;
    createdAt?: string | undefined;
  },
): Promise<WebhookResult> {
  const ids: Ids = { kind: 'DEPOSIT_CALLBACK', paymentKey: null, orderId: body.orderId };
  const record = await context.ledger.getPaymentByOrderId(body.orderId);
  let stored: Payment | null = record?.payment ?? null;
  if (stored === null || typeof stored.secret !== 'string') {
    stored = await fetchPayment(context, ids, { orderId: body.orderId });
  }
  ids.paymentKey = stored.paymentKey;
  const expected = typeof stored.secret === 'string' ? stored.secret : null;
  if (expected === null || expected.length === 0 || !secretsEqual(body.secret, expected))
    reject(context, ids, 'WEBHOOK_REJECTED');

  const key = `deposit:${body.orderId}:${body.transactionKey ?? body.createdAt ?? '-'}:${body.status}`;
  return once(context, key, ids, async () => {
    // the callback is authentic; its state is still read from the gateway, which has every field the ledger keeps
    let payment =
      record === null && stored.status === body.status
        ? stored
        : await fetchShared(context, ids, stored.paymentKey);
    if (!bearsOut(payment, body, null)) {
      payment = await fetchPayment(context, ids, { paymentKey: stored.paymentKey });
      // an authentic callback the gateway does not bear out (yet): refuse, so it is delivered again
      if (!bearsOut(payment, body, null)) reject(context, ids, 'WEBHOOK_REJECTED');
    }
    const result = await applyGatewaySnapshot(context, payment, ids.kind);
    if (!result.applied) context.emit('webhook.ignored', { ...ids, reason: 'not newer than the ledger' });
    return { outcome: result.applied ? 'applied' : 'ignored', status: result.current.status };
  });
}

/**
 * `payout.changed` / `seller.changed` (payouts, 지급대행): the only signed events. Acted on only with the
 * shop's security key configured; then a missing or wrong signature is refused, and a good one runs the
 * shop's hook once per event.
 */
async function handleSignedEvent(
  context: FlowContext,
  parsed: ReturnType<typeof parseWebhookBody> & { kind: 'PAYOUT_CHANGED' | 'SELLER_CHANGED' },
  signed: SignedWebhook | undefined,
): Promise<WebhookResult> {
  const ids: Ids = { kind: parsed.kind, paymentKey: null, orderId: null };
  const securityKey = context.webhookSecurityKey;
  if (securityKey === undefined) {
    context.logger.warn('webhook ignored: set securityKey to verify and receive payout and seller events', {
      kind: parsed.kind,
    });
    context.emit('webhook.ignored', { ...ids, reason: 'securityKey not configured' });
    return { ...ids, outcome: 'ignored', status: null };
  }
  if (signed === undefined || !verifyWebhookSignature(signed, securityKey)) {
    // a signed delivery whose body a parser re-encoded cannot be checked: a shop setup error, said as such
    // (a forged one behind the same parser gets the same answer; either way no hook runs)
    if (signed?.bodyReencoded === true && signed.signature !== null) {
      context.logger.error(
        'signed webhook refused: its body was parsed by a JSON body parser before tosskit, so the signature cannot be checked (RAW_BODY_REQUIRED). Fix: Express: mount tosskit before express.json(), or keep the bytes with express.json({ verify: (req, res, buf) => { req.rawBody = buf } }); Koa: mount tosskit before the body parser, or use a parser that keeps ctx.request.rawBody (@koa/bodyparser).',
        { kind: parsed.kind, code: 'RAW_BODY_REQUIRED' },
      );
      reject(context, ids, 'RAW_BODY_REQUIRED');
    }
    reject(context, ids, 'INVALID_WEBHOOK_SIGNATURE');
  }
  const event = parsed.body;
  const status = String(event.entityBody.status);
  const key = `${event.eventType}:${event.eventId ?? `${event.entityBody.id}:${status}:${event.createdAt}`}`;
  return once(context, key, ids, async () => {
    if (parsed.kind === 'PAYOUT_CHANGED') {
      await runHook(
        context,
        'onPayoutChanged',
        context.hooks.onPayoutChanged,
        ids,
        parsed.body.entityBody,
        parsed.body,
      );
    } else {
      await runHook(
        context,
        'onSellerChanged',
        context.hooks.onSellerChanged,
        ids,
        parsed.body.entityBody,
        parsed.body,
      );
    }
    context.emit('webhook.applied', { ...ids, status });
    return { outcome: 'applied', status };
  });
}

/**
 * Handle one webhook body (parsed JSON or its text). Throws a 4xx tosskit error for a body that is
 * malformed, forged, or names an unknown payment; anything else (a ledger or gateway failure) is
 * thrown as is, so the gateway retries later. `signed` carries the raw body and the signature headers,
 * needed only by the signed payout and seller events.
 */
export async function handleWebhook(
  context: FlowContext,
  body: unknown,
  signed?: SignedWebhook,
): Promise<WebhookResult> {
  let parsed;
  try {
    parsed = parseWebhookBody(body);
  } catch (error) {
    context.emit('webhook.rejected', {
      kind: 'UNKNOWN',
      paymentKey: null,
      orderId: null,
      code: isTosskitError(error) ? error.code : 'INVALID_WEBHOOK_BODY',
    });
    throw error;
  }

  switch (parsed.kind) {
    case 'PAYMENT_STATUS_CHANGED':
      return handlePaymentStatusChanged(context, parsed.body.data, parsed.payment, parsed.body.createdAt);
    case 'DEPOSIT_CALLBACK':
      return handleDepositCallback(context, parsed.body);
    case 'CANCEL_STATUS_CHANGED': {
      const cancel = parsed.body.data as {
        transactionKey?: unknown;
        cancelStatus?: unknown;
        paymentKey?: unknown;
      };
      const paymentKey = typeof cancel.paymentKey === 'string' ? cancel.paymentKey : null;
      const ids: Ids = { kind: parsed.kind, paymentKey, orderId: null };
      const status = typeof cancel.cancelStatus === 'string' ? cancel.cancelStatus : null;
      const key = `cancel-status:${String(cancel.transactionKey)}:${String(status)}`;
      return once(context, key, ids, async () => {
        if (paymentKey !== null) {
          const payment = await fetchPayment(context, ids, { paymentKey });
          ids.orderId = payment.orderId;
          await applyGatewaySnapshot(context, payment, ids.kind);
        } else {
          context.emit('webhook.applied', { ...ids, status });
        }
        return { outcome: 'applied', status };
      });
    }
    case 'PAYOUT_CHANGED':
    case 'SELLER_CHANGED':
      return handleSignedEvent(context, parsed, signed);
    case 'BILLING_DELETED': {
      const billingKey = parsed.body.data.billingKey;
      const ids: Ids = { kind: parsed.kind, paymentKey: null, orderId: null };
      // the dedupe key is stored in clear: a digest, not the billing key itself
      const digest = toBase64Url(sha256(utf8(billingKey)));
      return once(context, `billing-deleted:${digest}`, ids, async () => {
        const removed = await context.ledger.deleteBillingKey({ billingKey });
        if (removed) context.emit('webhook.applied', { ...ids, status: 'DELETED' });
        else context.emit('webhook.ignored', { ...ids, reason: 'billing key not stored' });
        return { outcome: removed ? 'applied' : 'ignored', status: 'DELETED' };
      });
    }
    default: {
      // other events (brandpay, legacy payouts) are not ours to act on
      const kind =
        parsed.kind === 'UNKNOWN' ? `UNKNOWN:${String(parsed.eventType ?? '-').slice(0, 40)}` : parsed.kind;
      context.logger.warn('webhook ignored: tosskit does not act on this event', { kind });
      context.emit('webhook.ignored', { kind, paymentKey: null, orderId: null, reason: 'event not handled' });
      return { kind, outcome: 'ignored', paymentKey: null, orderId: null, status: null };
    }
  }
}
