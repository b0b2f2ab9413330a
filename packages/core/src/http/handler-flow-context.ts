/**
 * What the handler's routes and methods share, built once at creation: the ledger (the shop's, or the
 * in-memory one), the gateway client, the event bus, and the `FlowContext` every flow is given (one per
 * language: the gateway answers in the buyer's).
 */
import { nodeEnv, randomUUID } from '../platform/bytes.js';
import { resolveLocale } from '../errors/index.js';
import { consoleLogger, createLogSink } from '../flows/logging.js';
import {
  createCardPromotionsSource,
  withCashReceiptRecording,
  type BillingHooks,
  type CardPromotionsSource,
  type FlowContext,
  type FlowLogger,
  type PaymentHooks,
} from '../flows/index.js';
import {
  createFetchTransport,
  createGatewayClient,
  createPoolTransport,
  type GatewayClient,
  type GatewayResponseInfo,
} from '../gateway/index.js';
import { createMemoryLedger } from '../ledger/memory-ledger.js';
import { bilingualLine, STARTUP_WARNINGS } from './configuration-messages.js';
import { startupWarnings } from './startup-checks.js';
import type { Ledger } from '../ledger/index.js';
import {
  traceLedger,
  tracedFlows,
  traceTransport,
  UNTRACED_FLOWS,
  type HandlerFlows,
  type TracingTracer,
} from '../tracing/index.js';
import { createOperatorAuthorizer, type OperatorAuthorizer } from './authorize-operator.js';
import { createEventBus, type EventBus } from './event-bus.js';
import { timedFlowContext } from './flow-timing.js';
import { createShopRedirects, type ShopRedirects } from './shop-redirects.js';
import type { TossPaymentsOptions, VerifiedOptions } from './options.js';
import type { IncomingRequest } from './incoming-request.js';

export interface HandlerWiring {
  options: TossPaymentsOptions;
  verified: VerifiedOptions;
  ledger: Ledger;
  /** true when the handler made the ledger itself (in memory) and closes it on `close()` */
  ownsLedger: boolean;
  gateway: GatewayClient;
  events: EventBus;
  logger: FlowLogger;
  /** the context of server-side calls (handler methods, reconcile): Korean gateway messages */
  context: FlowContext;
  /** the context of a request: the gateway answers in the buyer's language; its events are timed from now */
  contextFor(request: IncomingRequest): FlowContext;
  /** `context` for one handler call (a member): its settling events are timed from now */
  timed(base: FlowContext): FlowContext;
  /** the guard of every operator action (cancel, billing charge, cash receipts, the operator view) */
  authorizeOperator: OperatorAuthorizer;
  promotions: CardPromotionsSource;
  billingHooks: BillingHooks;
  /** the shop's result pages (`options.redirects`) */
  redirects: ShopRedirects;
  /** the shop's tracer (`options.tracing`), null when tracing is off */
  tracer: TracingTracer | null;
  /** the flows the routes and members call: traced with a tracer, the plain functions without */
  flows: HandlerFlows;
}

const HOOK_NAMES = [
  'onPaymentConfirmed',
  'onVirtualAccountIssued',
  'onDepositReceived',
  'onPaymentFailed',
  'onPaymentCanceled',
  'onPaymentCompensated',
  'onPayoutChanged',
  'onSellerChanged',
] as const satisfies readonly (keyof PaymentHooks)[];

function paymentHooks(options: TossPaymentsOptions): PaymentHooks {
  const hooks: Record<string, unknown> = {};
  for (const name of HOOK_NAMES) if (options[name] !== undefined) hooks[name] = options[name];
  return hooks as PaymentHooks;
}

function createHandlerGateway(
  options: TossPaymentsOptions,
  verified: VerifiedOptions,
  events: EventBus,
  tracer: TracingTracer | null,
  logger: FlowLogger,
) {
  const tuning = options.gateway ?? {};
  // with a tracer, the transport the client would have made, wrapped: one span per attempt
  const transport =
    tracer === null
      ? null
      : traceTransport(
          tuning.fetch === undefined
            ? createPoolTransport(verified.apiBaseUrl)
            : createFetchTransport(tuning.fetch),
          tracer,
        );
  return createGatewayClient({
    ...(transport === null ? {} : { transport }),
    secretKey: options.secretKey,
    baseUrl: verified.apiBaseUrl,
    ...(tuning.timeoutMs === undefined ? {} : { timeoutMs: tuning.timeoutMs }),
    ...(tuning.longTimeoutMs === undefined ? {} : { longTimeoutMs: tuning.longTimeoutMs }),
    ...(tuning.retry === undefined ? {} : { retry: tuning.retry }),
    ...(tuning.fetch === undefined ? {} : { fetch: tuning.fetch }),
    onRetry: (info) => {
      if (!events.has('gateway.retry')) return;
      events.emit('gateway.retry', {
        paymentKey: info.paymentKey,
        orderId: info.orderId,
        method: info.method,
        path: info.path,
        attempt: info.attempt,
        delayMs: info.delayMs,
        code: info.code,
      });
    },
    onRequest: (info) => {
      if (logger.debugEnabled) logger.debug('gateway request', { ...info });
      if (events.has('gateway.request')) events.emit('gateway.request', { ...info });
    },
    onResponse: (info) => observeGatewayResponse(info, events, logger),
  });
}

/**
 * Every failed attempt is logged once, with the URL it went to: a refused key (401/403) at error level (the shop
 * must act), a lost answer or a 5xx at warn (tosskit retries, answers "confirming" or leaves it to the
 * reconciler), any other refusal (a declined card, an unknown payment) at info. `gateway.response` goes to its
 * listeners.
 */
function observeGatewayResponse(info: GatewayResponseInfo, events: EventBus, logger: FlowLogger): void {
  // an answered call with no listener and no debug log has nothing to tell
  if (info.error === null && !logger.debugEnabled && !events.has('gateway.response')) return;
  const { error, ...answer } = info;
  if (error !== null) {
    const status = answer.status;
    const level =
      status === 401 || status === 403 ? 'error' : status === null || status >= 500 ? 'warn' : 'info';
    logger[level]('gateway call failed', { ...answer, err: error });
  } else if (logger.debugEnabled) {
    logger.debug('gateway response', answer);
  }
  if (events.has('gateway.response')) {
    const { url: _url, ...event } = answer;
    events.emit('gateway.response', event);
  }
}

export function createHandlerWiring(options: TossPaymentsOptions, verified: VerifiedOptions): HandlerWiring {
  const logger = createLogSink(options.logger ?? consoleLogger, {
    debug: options.debug === true,
    secrets: [options.secretKey, options.securityKey],
  });
  const ownsLedger = options.ledger === undefined;
  const now = options.now ?? Date.now;
  const ledger = options.ledger ?? createMemoryLedger({ now });
  if (ownsLedger && nodeEnv() === 'production') {
    logger.warn(bilingualLine(STARTUP_WARNINGS.memoryLedgerInProduction));
  }
  for (const warning of startupWarnings(verified.keys.mode, nodeEnv())) logger.warn(warning);
  const events = createEventBus();
  const tracer = options.tracing?.tracer ?? null;
  const gateway = createHandlerGateway(options, verified, events, tracer, logger);
  const context: FlowContext = {
    gateway,
    // payments that carry cash receipts (transfer / virtual account with cashReceipt) record them too
    ledger: withCashReceiptRecording(tracer === null ? ledger : traceLedger(ledger, tracer), logger, now),
    hooks: paymentHooks(options),
    ...(options.securityKey === undefined ? {} : { webhookSecurityKey: options.securityKey }),
    ...(options.cancelUnknownOrderPayments === undefined
      ? {}
      : { cancelUnknownOrderPayments: options.cancelUnknownOrderPayments }),
    orderLookup: options.orderLookup,
    // the handler's own (untimed) view; flows run with `timed(context)`, whose settling events carry durationMs
    emit: (name, event) => events.emit(name, event as never),
    logger,
    instanceId: randomUUID(),
    claimLeaseMs: options.claimLeaseMs ?? 60_000,
    claimWaitMs: options.claimWaitMs ?? 30_000,
    compensationAttempts: 5,
    now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };

  /** The buyer's language reaches the gateway too (Korean is its default), so its own messages match ours. */
  let englishContext: FlowContext | null = null;
  function contextFor(request: IncomingRequest): FlowContext {
    if (resolveLocale(request.headers.get('accept-language')) !== 'en') return timed(context);
    englishContext ??= { ...context, gateway: gateway.withAcceptLanguage('en-US') };
    return timed(englishContext);
  }
  const timed = (base: FlowContext): FlowContext => timedFlowContext(base, events, logger);

  const authorizeOperator = createOperatorAuthorizer({
    ...(options.authorizeOperator === undefined ? {} : { authorizeOperator: options.authorizeOperator }),
    ...(options.authorizeCancel === undefined ? {} : { authorizeCancel: options.authorizeCancel }),
    ...(options.jwt === undefined ? {} : { jwt: options.jwt }),
  });
  const promotions = createCardPromotionsSource({
    gateway,
    now,
    ...(options.promotionsCacheMs === undefined ? {} : { cacheMs: options.promotionsCacheMs }),
  });
  const billingHooks: BillingHooks =
    options.onBillingKeyIssued === undefined ? {} : { onBillingKeyIssued: options.onBillingKeyIssued };

  return {
    options,
    verified,
    ledger,
    ownsLedger,
    gateway,
    events,
    logger,
    context,
    contextFor,
    timed,
    authorizeOperator,
    promotions,
    billingHooks,
    redirects: createShopRedirects(options.redirects),
    tracer,
    flows: tracer === null ? UNTRACED_FLOWS : tracedFlows(tracer),
  };
}
