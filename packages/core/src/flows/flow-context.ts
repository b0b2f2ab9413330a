/**
 * What every flow is given: the gateway client, the ledger, the shop's hooks, and a way to report
 * events. Flows know nothing about HTTP; the handler builds one `FlowContext` at creation.
 */
import { redactCauseText } from '../errors/log-redaction.js';
import type { GatewayClient } from '../gateway/index.js';
import type { Ledger } from '../ledger/index.js';
import type { Payment, Payout, PayoutChangedWebhook, Seller, SellerChangedWebhook } from '../models/index.js';
import { consoleLogger, type FlowLogger, type TosskitLogger } from './logging.js';

export type { FlowLogger } from './logging.js';

/**
 * The shop's own view of an order (ARCHITECTURE.md, "The options a shop passes"), as `orderLookup` answers it.
 * Only these fields: a misspelt one (`payabel`) does not compile.
 */
export interface ShopOrder {
  /** the order's price in integer won: the only amount a confirm or a charge accepts */
  amount: number;
  /** the order's name; a billing charge without its own `orderName` uses it */
  orderName?: string;
  /**
   * false when the order may not be paid (already paid, cancelled, expired): a confirm is then refused with
   * ORDER_NOT_PAYABLE. **Default `true`**: an order without `payable` counts as payable, so answer `false`
   * (or null from `orderLookup`) for every order that must not be paid again.
   */
  payable?: boolean;
  /** the order's buyer, matched against `identifyBuyer` for the buyer's view of its payment */
  customerKey?: string;
}

/** The shop's order for `orderId`, or null/undefined when the shop does not know it. */
export type OrderLookup = (
  orderId: string,
) => Promise<ShopOrder | null | undefined> | ShopOrder | null | undefined;

/** What `onPaymentFailed` receives: the order, the payment (if any) and the code and message. */
export interface PaymentFailureInfo {
  orderId: string;
  paymentKey: string | null;
  code: string;
  message: string;
}

/** What `onPaymentCanceled` receives besides the payment: the cancel. */
export interface CancelInfo {
  cancelAmount: number;
  cancelReason: string;
  transactionKey: string | null;
  /** true when this cancel is tosskit's own compensation after the shop's hook failed */
  compensation: boolean;
}

/** Why tosskit cancelled an approved payment on its own (a compensation). */
export type CompensationTrigger =
  /** the shop's onPaymentConfirmed / onVirtualAccountIssued threw */
  | 'HOOK_FAILED'
  /** the gateway approved something other than the order (orderId, paymentKey or amount) */
  | 'PAYMENT_MISMATCH'
  /** a payment approved outside this confirm for an order the shop no longer sells at that amount */
  | 'ORDER_NOT_PAYABLE'
  /** a second approval for an order another payment already paid */
  | 'DUPLICATE_APPROVAL'
  /** a payment for an order the shop does not know, with `cancelUnknownOrderPayments` on */
  | 'UNKNOWN_ORDER';

/** What `onPaymentCompensated` receives: why tosskit cancelled, its reference and the cause. */
export interface CompensationInfo {
  trigger: CompensationTrigger;
  /** also in the gateway's cancelReason, the error log line and the `confirm.compensated` event */
  reference: string;
  /** the cause's message, secrets redacted (never sent to the gateway) */
  message: string;
  /** the cause itself (the shop's own error for HOOK_FAILED) */
  error: unknown;
}

/** Hooks a shop may pass; all optional. A hook that throws during confirm triggers compensation. */
export interface PaymentHooks {
  onPaymentConfirmed?: (payment: Payment) => unknown;
  onVirtualAccountIssued?: (payment: Payment) => unknown;
  onDepositReceived?: (payment: Payment) => unknown;
  onPaymentFailed?: (failure: PaymentFailureInfo) => unknown;
  onPaymentCanceled?: (payment: Payment, cancel: CancelInfo) => unknown;
  /** tosskit cancelled an approved payment because the shop could not take it (see CompensationTrigger) */
  onPaymentCompensated?: (payment: Payment, compensation: CompensationInfo) => unknown;
  /** a signed `payout.changed` arrived (COMPLETED or FAILED); needs `securityKey` */
  onPayoutChanged?: (payout: Payout, event: PayoutChangedWebhook) => unknown;
  /** a signed `seller.changed` arrived; needs `securityKey` */
  onSellerChanged?: (seller: Seller, event: SellerChangedWebhook) => unknown;
}

/** Typed observability events. Never card numbers, never secrets: keys, ids, statuses and codes only. */
export interface PaymentEventMap {
  'confirm.started': { paymentKey: string; orderId: string; amount: number };
  'confirm.settled': {
    paymentKey: string;
    orderId: string;
    outcome: 'confirmed' | 'failed' | 'compensated';
    status: string | null;
    code: string | null;
    /** true when the answer came from an earlier settlement (a double click, a refresh) */
    replayed: boolean;
    /** ms since the flow began: the request, or the handler member call */
    durationMs: number;
  };
  'confirm.compensated': {
    paymentKey: string;
    orderId: string;
    /** the cancelReason sent to the gateway */
    reason: string;
    /** the cause's message, redacted */
    cause: string;
    trigger: CompensationTrigger;
    reference: string;
    /** ms since the flow began: the request, or the handler member call */
    durationMs: number;
  };
  /** the outcome is not known yet: the buyer was answered "confirming", a poll or the reconciler finishes it */
  'confirm.pending': { paymentKey: string; orderId: string; code: string | null; durationMs: number };
  /** an approved payment for an order the shop does not know (left alone unless cancelUnknownOrderPayments) */
  'payment.unknown_order': {
    paymentKey: string;
    orderId: string;
    status: string;
    canceled: boolean;
    durationMs: number;
  };
  'cancel.applied': {
    paymentKey: string;
    orderId: string;
    cancelAmount: number;
    status: string;
    durationMs: number;
  };
  'webhook.applied': {
    kind: string;
    paymentKey: string | null;
    orderId: string | null;
    status: string | null;
    /** ms since the flow began: the request, or the handler member call */
    durationMs: number;
  };
  'webhook.ignored': {
    kind: string;
    paymentKey: string | null;
    orderId: string | null;
    reason: string;
    durationMs: number;
  };
  'webhook.rejected': {
    kind: string;
    paymentKey: string | null;
    orderId: string | null;
    code: string;
    durationMs: number;
  };
  'gateway.retry': {
    paymentKey: string | null;
    orderId: string | null;
    method: string;
    path: string;
    attempt: number;
    delayMs: number;
    code: string;
  };
  /** an attempt of a gateway call goes out (see GatewayRequestInfo) */
  'gateway.request': {
    method: string;
    /** the route template, e.g. /v1/payments/{paymentKey} */
    route: string;
    attempt: number;
    idempotencyKey: string | null;
    /** the attempt re-sent a key an earlier attempt of the call sent: the answer may be the stored first one */
    replayed: boolean;
    paymentKey: string | null;
    orderId: string | null;
  };
  /** an attempt ended: answered (any status) or lost (status null: network, timeout, abort) */
  'gateway.response': PaymentEventMap['gateway.request'] & {
    status: number | null;
    /** the gateway's code, or tosskit's for a lost answer; null on success */
    code: string | null;
    durationMs: number;
  };
  'hook.failed': { hook: string; paymentKey: string | null; orderId: string | null; message: string };
  // billing: the customerKey names the customer; the billing key itself is never in an event
  'billing.key_issued': {
    customerKey: string;
    issuerCode: string | null;
    replayed: boolean;
    durationMs: number;
  };
  'billing.key_deleted': { customerKey: string; durationMs: number };
  'billing.auth_failed': { customerKey: string | null; code: string; durationMs: number };
  'billing.charged': {
    customerKey: string;
    orderId: string;
    paymentKey: string;
    amount: number;
    status: string;
    replayed: boolean;
    settledByLookup: boolean;
    /** ms since the flow began: the request, or the handler member call */
    durationMs: number;
  };
  'billing.charge_failed': { customerKey: string; orderId: string; code: string; durationMs: number };
}

/** What a flow emits: the event without `durationMs`, which the handler adds (see http/flow-timing.ts). */
export type FlowEvent<E extends PaymentEventName> = Omit<PaymentEventMap[E], 'durationMs'>;

/** The name of an event of PaymentEventMap. */
export type PaymentEventName = keyof PaymentEventMap;
/** A listener of one event (`handler.on(name, listener)`). */
export type PaymentEventListener<E extends PaymentEventName> = (event: PaymentEventMap[E]) => void;

export interface FlowContext {
  gateway: GatewayClient;
  ledger: Ledger;
  hooks: PaymentHooks;
  orderLookup: OrderLookup;
  emit<E extends PaymentEventName>(name: E, event: FlowEvent<E>): void;
  logger: FlowLogger;
  /** this process, for claim ownership */
  instanceId: string;
  /** how long a confirm claim is held before another instance may take it over (default 60 s) */
  claimLeaseMs: number;
  /** how long a second caller of the same order waits for the first to settle (default 30 s) */
  claimWaitMs: number;
  /** the security key (보안 키) that verifies payout and seller webhooks; without it they are ignored */
  webhookSecurityKey?: string;
  /** cancel approved payments for orders orderLookup does not know (default false: leave them, report them) */
  cancelUnknownOrderPayments?: boolean;
  /** compensation cancels tried in-request before leaving it to the reconciler (default 5) */
  compensationAttempts: number;
  /**
   * The one clock of the flows (epoch ms): claim leases and deadlines, failure and record times. The handler's
   * `now` option (default `Date.now`); tests pass a clock they move instead of waiting.
   */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** @deprecated the old name of `consoleLogger` (now object-first, as pino); removed in the next release. */
export const consoleFlowLogger: TosskitLogger = consoleLogger;

/** Run a shop hook; an observer must not see its error as ours. Returns the error, if any. */
export async function runHook<A extends unknown[]>(
  context: FlowContext,
  name: keyof PaymentHooks,
  hook: ((...args: A) => unknown) | undefined,
  ids: { paymentKey: string | null; orderId: string | null },
  ...args: A
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  if (hook === undefined) return { ok: true };
  try {
    await hook(...args);
    return { ok: true };
  } catch (error) {
    const message = redactCauseText(error instanceof Error ? error.message : String(error));
    // logged here, once, with the cause and its stack; what follows (a compensation) logs its own line
    context.logger.error(`the shop's ${name} hook threw`, {
      code: 'HOOK_FAILED',
      hook: name,
      ...ids,
      err: error,
    });
    context.emit('hook.failed', { hook: name, ...ids, message: message.slice(0, 200) });
    return { ok: false, error };
  }
}
