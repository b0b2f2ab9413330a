/**
 * `createPaymentHandler(options)`: the whole server side of a Toss payment as one
 * `(Request) => Promise<Response>` function, mounted by the Express and Koa adapters (or any
 * runtime with web Requests). Routing and the HTTP shape of answers live here; the business
 * sequences live in ../flows; errors become HTTP only in `errorResponse`.
 */
import { randomUUID } from 'node:crypto';
import { isLedgerUnavailable, localizeError, resolveLocale, type TosskitError } from '../errors/index.js';
import {
  cancelCashReceipt as cancelCashReceiptFlow,
  chargeBillingKey,
  createCardPromotionsSource,
  deleteBillingKey as deleteBillingKeyFlow,
  getBillingCard as getBillingCardFlow,
  issueBillingKey,
  issueCashReceipt as issueCashReceiptFlow,
  isValidId,
  verifyId,
  verifyStorableText,
  listCashReceipts as listCashReceiptsFlow,
  withCashReceiptRecording,
  type ApplicablePromotions,
  type BillingKeyIssuedInfo,
  type ChargeInput,
  type ChargeResult,
  type IssueCashReceiptInput,
  cancelPayment,
  confirmPayment,
  type ConfirmInput,
  consoleFlowLogger,
  createCheckout,
  flowError,
  handleWebhook,
  isConfirming,
  recordPaymentFailure,
  SIGNATURE_HEADER,
  TRANSMISSION_TIME_HEADER,
  type FlowContext,
  type PaymentEventListener,
  type PaymentEventMap,
  type PaymentEventName,
} from '../flows/index.js';
import {
  reconcile as reconcileFlow,
  type ReconcileOptions,
  type ReconcileReport,
} from '../flows/reconcile-flow.js';
import { createGatewayClient, type GatewayClient } from '../gateway/index.js';
import { createMemoryLedger } from '../ledger/memory-ledger.js';
import { createEmbeddedLedger } from './data-dir-ledger.js';
import type { Ledger, StoredCashReceipt } from '../ledger/index.js';
import { parseAmount, verifyOrderAmount } from '../amount/index.js';
import type { Payment } from '../models/index.js';
import { isBodyReencoded } from './body-origin.js';
import { createCancelAuthorizer } from './authorize-cancel.js';
import { buyerPaymentView, createPaymentViewAnswer } from './payment-view.js';
import {
  CONFIRMING_RETRY_MS,
  confirmingPage,
  errorResponse,
  jsonResponse,
  parseJsonText,
  readJsonBody,
  readJsonText,
  redirectResponse,
  wantsJson,
} from './http-io.js';
import { verifyOptions, type TossPaymentsOptions } from './options.js';

export interface HandlerContext {
  /** the prefix the framework stripped before calling the handler (Express `app.use('/shop', …)`) */
  mountPath?: string;
}

export interface PaymentHandler {
  (request: Request, context?: HandlerContext): Promise<Response>;
  readonly basePath: string;
  /**
   * The largest request body the handler reads, in bytes (option `bodyLimit`, default 64 KB). The Node
   * bridge (`handleNodeRequest`) reads no more than this from the socket before answering 413.
   */
  readonly bodyLimit: number;
  /** true when `pathname` (as the handler sees it, mount path stripped) is under basePath */
  handles(pathname: string): boolean;
  /** subscribe to an event; returns the unsubscribe function */
  on<E extends PaymentEventName>(event: E, listener: PaymentEventListener<E>): () => void;
  /** one reconcile pass: finish abandoned confirms and walk the gateway's transactions */
  reconcile(options?: ReconcileOptions): Promise<ReconcileReport>;
  /** the gateway client the handler uses (for shop code that needs another endpoint) */
  readonly gateway: GatewayClient;
  readonly ledger: Ledger;
  /** charge a customer's registered card (billing); the same orderId charges at most once */
  charge(input: ChargeInput): Promise<ChargeResult>;
  /** delete a customer's billing key at the gateway and in the ledger */
  deleteBillingKey(customerKey: string): Promise<{ customerKey: string; deleted: true }>;
  /** the customer's registered card, masked; null when none */
  getBillingCard(customerKey: string): Promise<BillingKeyIssuedInfo | null>;
  /** issue a cash receipt for a recorded payment (orderId or paymentKey) or a cash order */
  issueCashReceipt(input: IssueCashReceiptInput): Promise<StoredCashReceipt>;
  /** cancel a cash receipt in full, or `amount` of it */
  cancelCashReceipt(receiptKey: string, amount?: number): Promise<StoredCashReceipt>;
  /** the recorded cash receipts (identity numbers masked), oldest first */
  listCashReceipts(options?: { orderId?: string }): Promise<StoredCashReceipt[]>;
  /** the card promotions that apply to `amount` (all still running without one), cached */
  cardPromotions(amount?: number): Promise<ApplicablePromotions>;
  close(): Promise<void>;
}

type Method = 'GET' | 'POST';

interface RouteRequest {
  request: Request;
  url: URL;
  params: Record<string, string>;
  /** absolute URL of a route of this handler, mount path included */
  routeUrl(path: string): string;
  mountPath: string;
  /** the flows' context for this request: the gateway answers in the buyer's language */
  context: FlowContext;
}

interface Route {
  method: Method;
  /** path under basePath; `:name` matches one segment */
  path: string;
  handle(route: RouteRequest): Promise<Response>;
}

/**
 * What a payment looks like in the confirm, cancel and charge answers: never the secret, never customer data.
 * `GET {basePath}/payments/:paymentKey` answers `buyerPaymentView` or `operatorPaymentView` (payment-view.ts).
 */
export function publicPaymentView(payment: Payment): Record<string, unknown> {
  const va = payment.virtualAccount;
  const cancels = Array.isArray(payment.cancels) ? payment.cancels : [];
  return {
    paymentKey: payment.paymentKey,
    orderId: payment.orderId,
    orderName: payment.orderName ?? null,
    status: payment.status,
    method: payment.method ?? null,
    totalAmount: payment.totalAmount ?? null,
    balanceAmount: payment.balanceAmount ?? null,
    approvedAt: payment.approvedAt ?? null,
    virtualAccount:
      va === null || va === undefined
        ? null
        : {
            accountNumber: va.accountNumber ?? null,
            bankCode: va.bankCode ?? null,
            dueDate: va.dueDate ?? null,
          },
    cancels: cancels.map((c) => ({
      cancelAmount: c.cancelAmount,
      cancelReason: c.cancelReason,
      canceledAt: c.canceledAt ?? null,
      transactionKey: c.transactionKey ?? null,
    })),
    receiptUrl: payment.receipt?.url ?? null,
  };
}

function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      if (g.length === 0) return null;
      params[w.slice(1)] = decodeSegment(g);
    } else if (w !== g) return null;
  }
  return params;
}

/**
 * A path parameter, percent-decoded. Bytes that are not UTF-8 (a lone surrogate's ED A0 80) become U+FFFD,
 * as in a query string, so the route's own id check answers them rather than a 404.
 */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    const bytes: number[] = [];
    for (let i = 0; i < segment.length; i += 1) {
      const hex = segment[i] === '%' ? segment.slice(i + 1, i + 3) : '';
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(Number.parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(segment.charCodeAt(i) & 0xff);
      }
    }
    return new TextDecoder().decode(Uint8Array.from(bytes));
  }
}

function normalizeMountPath(mountPath: string | undefined): string {
  if (mountPath === undefined || mountPath === '/' || !mountPath.startsWith('/')) return '';
  return mountPath.replace(/\/+$/, '');
}

export function createPaymentHandler(options: TossPaymentsOptions): PaymentHandler {
  const verified = verifyOptions(options);
  const { basePath, bodyLimit } = verified;
  const logger = options.logger ?? consoleFlowLogger;

  const ownsLedger = options.ledger === undefined;
  const embedded = options.ledger === undefined && options.dataDir !== undefined;
  const ledger =
    options.ledger ??
    (options.dataDir !== undefined
      ? createEmbeddedLedger({
          dataDir: options.dataDir,
          ...(options.encryptionKey === undefined ? {} : { encryptionKey: options.encryptionKey }),
        })
      : createMemoryLedger());
  if (ownsLedger && !embedded && process.env['NODE_ENV'] === 'production') {
    logger.warn(
      '!!! tosskit is using the IN-MEMORY ledger in production: confirm claims, payments and webhook dedupe are lost on restart and not shared between instances. Pass `dataDir` (embedded ledger) or `ledger: createLedger(...)` from @tosskit/ledger.',
    );
  }

  const listeners = new Map<PaymentEventName, Set<(event: unknown) => void>>();
  function emit<E extends PaymentEventName>(name: E, event: PaymentEventMap[E]): void {
    const set = listeners.get(name);
    if (set === undefined) return;
    for (const listener of set) {
      try {
        listener(event);
      } catch {
        // an observer must not break a payment
      }
    }
  }

  const gateway = createGatewayClient({
    secretKey: options.secretKey,
    baseUrl: verified.apiBaseUrl,
    ...(options.gateway?.timeoutMs === undefined ? {} : { timeoutMs: options.gateway.timeoutMs }),
    ...(options.gateway?.longTimeoutMs === undefined ? {} : { longTimeoutMs: options.gateway.longTimeoutMs }),
    ...(options.gateway?.retry === undefined ? {} : { retry: options.gateway.retry }),
    ...(options.gateway?.fetch === undefined ? {} : { fetch: options.gateway.fetch }),
    onRetry: (info) =>
      emit('gateway.retry', {
        paymentKey: info.paymentKey,
        orderId: info.orderId,
        method: info.method,
        path: info.path,
        attempt: info.attempt,
        delayMs: info.delayMs,
        code: info.code,
      }),
  });

  const context: FlowContext = {
    gateway,
    // payments that carry cash receipts (transfer / virtual account with cashReceipt) record them too
    ledger: withCashReceiptRecording(ledger, logger),
    hooks: {
      ...(options.onPaymentConfirmed === undefined ? {} : { onPaymentConfirmed: options.onPaymentConfirmed }),
      ...(options.onVirtualAccountIssued === undefined
        ? {}
        : { onVirtualAccountIssued: options.onVirtualAccountIssued }),
      ...(options.onDepositReceived === undefined ? {} : { onDepositReceived: options.onDepositReceived }),
      ...(options.onPaymentFailed === undefined ? {} : { onPaymentFailed: options.onPaymentFailed }),
      ...(options.onPaymentCanceled === undefined ? {} : { onPaymentCanceled: options.onPaymentCanceled }),
      ...(options.onPaymentCompensated === undefined
        ? {}
        : { onPaymentCompensated: options.onPaymentCompensated }),
      ...(options.onPayoutChanged === undefined ? {} : { onPayoutChanged: options.onPayoutChanged }),
      ...(options.onSellerChanged === undefined ? {} : { onSellerChanged: options.onSellerChanged }),
    },
    ...(options.securityKey === undefined ? {} : { webhookSecurityKey: options.securityKey }),
    ...(options.cancelUnknownOrderPayments === undefined
      ? {}
      : { cancelUnknownOrderPayments: options.cancelUnknownOrderPayments }),
    orderLookup: options.orderLookup,
    emit,
    logger,
    instanceId: randomUUID(),
    claimLeaseMs: options.claimLeaseMs ?? 60_000,
    claimWaitMs: options.claimWaitMs ?? 30_000,
    compensationAttempts: 5,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };

  /** The buyer's language reaches the gateway too (Korean is its default), so its own messages match ours. */
  let englishContext: FlowContext | null = null;
  function contextFor(request: Request): FlowContext {
    if (resolveLocale(request.headers.get('accept-language')) !== 'en') return context;
    englishContext ??= { ...context, gateway: gateway.withAcceptLanguage('en-US') };
    return englishContext;
  }

  const authorizeCancel = createCancelAuthorizer({
    ...(options.authorizeCancel === undefined ? {} : { authorizeCancel: options.authorizeCancel }),
    ...(options.jwt === undefined ? {} : { jwt: options.jwt }),
  });

  const answerPaymentView = createPaymentViewAnswer({
    ledger,
    orderLookup: options.orderLookup,
    identifyBuyer: options.identifyBuyer,
    authorizeOperator: authorizeCancel,
    logger,
  });

  const promotions = createCardPromotionsSource({
    gateway,
    ...(options.promotionsCacheMs === undefined ? {} : { cacheMs: options.promotionsCacheMs }),
  });
  const billingHooks =
    options.onBillingKeyIssued === undefined ? {} : { onBillingKeyIssued: options.onBillingKeyIssued };

  /** The shop's result page for an order, or null when none is configured. */
  function shopRedirect(
    which: 'success' | 'fail' | 'pending' | 'billingSuccess' | 'billingFail',
    route: RouteRequest,
    params: Record<string, string | null>,
  ): string | null {
    const template = options.redirects?.[which];
    if (template === undefined) return null;
    const orderId = params['orderId'] ?? '';
    const filled = template.replace(/:orderId\b/g, encodeURIComponent(orderId));
    const absolute = /^https?:\/\//.test(filled);
    const url = new URL(absolute ? filled : route.mountPath + filled, 'http://placeholder.invalid');
    for (const [name, value] of Object.entries(params)) {
      if (value !== null && !template.includes(`:${name}`)) url.searchParams.set(name, value);
    }
    return absolute ? url.toString() : url.pathname + url.search + url.hash;
  }

  async function confirmAnswer(route: RouteRequest, input: ConfirmInput, asJson: boolean): Promise<Response> {
    try {
      // ids checked at the edge, before any ledger or gateway call
      verifyId('paymentKey', input.paymentKey);
      verifyId('orderId', input.orderId);
      const { payment } = await confirmPayment(route.context, input);
      const target = asJson
        ? null
        : shopRedirect('success', route, {
            orderId: payment.orderId,
            paymentKey: payment.paymentKey,
            status: payment.status,
          });
      // the success URL is in the browser history: its answer is the buyer's view, never an operator's text
      return target === null ? jsonResponse(200, buyerPaymentView(payment)) : redirectResponse(target);
    } catch (error) {
      if (isConfirming(error)) return confirmingAnswer(route, error as TosskitError, asJson);
      const orderId = isValidId('orderId', input.orderId) ? input.orderId : null;
      // a ledger outage is not a failed payment: 503 with Retry-After, so a reload of the page retries
      if (!asJson && !isLedgerUnavailable(error)) {
        const { body } = localizeError(error, resolveLocale(route.request.headers.get('accept-language')));
        const target = shopRedirect('fail', route, { orderId, code: body.code, message: body.message });
        if (target !== null) return redirectResponse(target);
      }
      throw error;
    }
  }

  /**
   * The outcome is not known yet (a lost answer, a refused lookup, the ledger briefly down): 202 with
   * Retry-After. JSON callers re-POST the same confirm to poll; a browser on the success URL is sent to
   * `redirects.pending`, or gets a small page that re-opens the success URL after the delay.
   */
  function confirmingAnswer(route: RouteRequest, error: TosskitError, asJson: boolean): Response {
    const locale = resolveLocale(route.request.headers.get('accept-language'));
    const { body } = localizeError(error, locale);
    const details = (error.details ?? {}) as Record<string, unknown>;
    const retryAfter = { 'retry-after': String(Math.ceil(CONFIRMING_RETRY_MS / 1000)) };
    if (asJson) {
      return jsonResponse(
        202,
        {
          code: body.code,
          message: body.message,
          orderId: details['orderId'] ?? null,
          paymentKey: details['paymentKey'] ?? null,
          retryAfterMs: CONFIRMING_RETRY_MS,
        },
        retryAfter,
      );
    }
    const q = route.url.searchParams;
    const target = shopRedirect('pending', route, {
      orderId: q.get('orderId'),
      paymentKey: q.get('paymentKey'),
      amount: q.get('amount'),
      code: body.code,
    });
    if (target !== null) return redirectResponse(target);
    return confirmingPage(route.url.pathname + route.url.search, body.message, locale, retryAfter);
  }

  const routes: Route[] = [
    {
      method: 'POST',
      path: '/checkout',
      async handle(route) {
        if (options.createOrder === undefined) throw flowError('ROUTE_NOT_FOUND');
        const body = await readJsonBody(route.request, bodyLimit);
        const answer = await createCheckout(route.context, options.createOrder, body, {
          clientKey: verified.clientKey,
          successUrl: route.routeUrl('/success'),
          failUrl: route.routeUrl('/fail'),
        });
        return jsonResponse(200, answer);
      },
    },
    {
      method: 'GET',
      path: '/success',
      async handle(route) {
        const q = route.url.searchParams;
        return confirmAnswer(
          route,
          {
            paymentKey: q.get('paymentKey'),
            orderId: q.get('orderId'),
            amount: q.get('amount'),
            paymentType: q.get('paymentType'),
            customerKey: q.get('customerKey'),
          },
          wantsJson(route.request),
        );
      },
    },
    {
      method: 'POST',
      path: '/confirm',
      async handle(route) {
        const body = await readJsonBody(route.request, bodyLimit);
        const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
        return confirmAnswer(
          route,
          {
            paymentKey: input['paymentKey'],
            orderId: input['orderId'],
            amount: input['amount'],
            paymentType: input['paymentType'],
            customerKey: input['customerKey'],
          },
          true,
        );
      },
    },
    {
      method: 'GET',
      path: '/fail',
      async handle(route) {
        const q = route.url.searchParams;
        const result = await recordPaymentFailure(route.context, {
          code: q.get('code'),
          message: q.get('message'),
          orderId: q.get('orderId'),
        });
        const target = wantsJson(route.request)
          ? null
          : shopRedirect('fail', route, { orderId: result.orderId, code: result.code });
        return target === null
          ? jsonResponse(200, { orderId: result.orderId, code: result.code, message: result.message })
          : redirectResponse(target);
      },
    },
    {
      method: 'GET',
      path: '/payments/:paymentKey',
      // the order's buyer (identifyBuyer) or an operator; everyone else the 404 of an unknown payment
      handle: (route) => answerPaymentView(route.request, verifyId('paymentKey', route.params['paymentKey'])),
    },
    {
      method: 'POST',
      path: '/payments/:paymentKey/cancel',
      async handle(route) {
        const paymentKey = verifyId('paymentKey', route.params['paymentKey']);
        const record = await ledger.getPayment(paymentKey);
        // authorise before reading the body: an anonymous caller learns nothing
        await authorizeCancel(route.request, record?.payment ?? null);
        const body = await readJsonBody(route.request, bodyLimit);
        const result = await cancelPayment(route.context, {
          paymentKey,
          body,
          idempotencyKey: route.request.headers.get('idempotency-key')?.slice(0, 200) ?? null,
        });
        return jsonResponse(200, publicPaymentView(result.payment));
      },
    },
    {
      method: 'POST',
      path: '/webhook',
      async handle(route) {
        const rawBody = await readJsonText(route.request, bodyLimit, { allowMissingType: true });
        const result = await handleWebhook(route.context, parseJsonText(rawBody), {
          rawBody,
          signature: route.request.headers.get(SIGNATURE_HEADER),
          transmissionTime: route.request.headers.get(TRANSMISSION_TIME_HEADER),
          bodyReencoded: isBodyReencoded(route.request),
        });
        return jsonResponse(200, { ok: true, outcome: result.outcome });
      },
    },
    // ── billing (flows/billing-flow.ts), promotions (flows/card-promotions-flow.ts) ─────────────
    {
      method: 'GET',
      path: '/billing/success',
      async handle(route) {
        const q = route.url.searchParams;
        const asJson = wantsJson(route.request);
        const customerKey = q.get('customerKey');
        try {
          // bad input is a 400 before any other work: the shop's hook never sees a missing or malformed
          // key (a lookup of '' in its own tables may throw, which would answer 500 to a bad request)
          verifyId('customerKey', customerKey);
          verifyId('authKey', q.get('authKey'));
          if (
            options.authorizeBillingCustomer !== undefined &&
            !(await options.authorizeBillingCustomer(route.request, customerKey ?? ''))
          ) {
            throw flowError('FORBIDDEN');
          }
          const info = await issueBillingKey(route.context, billingHooks, {
            customerKey,
            authKey: q.get('authKey'),
          });
          const view = {
            customerKey: info.customerKey,
            method: info.method,
            card: info.card,
            authenticatedAt: info.authenticatedAt,
          };
          const target = asJson
            ? null
            : shopRedirect('billingSuccess', route, { customerKey: info.customerKey });
          return target === null ? jsonResponse(200, view) : redirectResponse(target);
        } catch (error) {
          if (!asJson && !isLedgerUnavailable(error)) {
            const { body } = localizeError(
              error,
              resolveLocale(route.request.headers.get('accept-language')),
            );
            const target = shopRedirect('billingFail', route, {
              customerKey: isValidId('customerKey', customerKey) ? customerKey : null,
              code: body.code,
              message: body.message,
            });
            if (target !== null) return redirectResponse(target);
          }
          throw error;
        }
      },
    },
    {
      method: 'GET',
      path: '/billing/fail',
      async handle(route) {
        const q = route.url.searchParams;
        const rawCode = q.get('code') ?? '';
        const code = /^[A-Z0-9_]{1,64}$/.test(rawCode) ? rawCode : 'UNKNOWN_ERROR';
        const message = (q.get('message') ?? '').slice(0, 200);
        const rawCustomerKey = q.get('customerKey');
        const customerKey = isValidId('customerKey', rawCustomerKey) ? rawCustomerKey : null;
        logger.warn('billing auth failed in the window', { code });
        emit('billing.auth_failed', { customerKey, code });
        const target = wantsJson(route.request)
          ? null
          : shopRedirect('billingFail', route, { customerKey, code, message });
        return target === null ? jsonResponse(200, { customerKey, code, message }) : redirectResponse(target);
      },
    },
    {
      method: 'POST',
      path: '/billing/charge',
      async handle(route) {
        // charging a stored card is an operator's act: the same authorisation as a cancel
        await authorizeCancel(route.request, null);
        const body = await readJsonBody(route.request, bodyLimit);
        const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
        verifyId('customerKey', input['customerKey']);
        const orderId = verifyId('orderId', input['orderId']);
        verifyStorableText('orderName', input['orderName']);
        // the amount comes from the shop's order, as for every payment (guarantee 1)
        const order = await context.orderLookup(orderId);
        if (order === null || order === undefined) throw flowError('ORDER_NOT_FOUND', { orderId });
        verifyOrderAmount(parseAmount(input['amount']), order.amount);
        const result = await chargeBillingKey(route.context, {
          customerKey: input['customerKey'],
          orderId: input['orderId'],
          orderName: input['orderName'] ?? order.orderName,
          amount: input['amount'],
          taxFreeAmount: input['taxFreeAmount'],
        });
        return jsonResponse(200, { ...publicPaymentView(result.payment), replayed: result.replayed });
      },
    },
    // cash receipts: operator acts, authorised like a cancel (shop admin pages call them with the role token)
    {
      method: 'GET',
      path: '/cash-receipts',
      async handle(route) {
        await authorizeCancel(route.request, null);
        const orderId = route.url.searchParams.get('orderId');
        return jsonResponse(200, {
          receipts: await listCashReceiptsFlow(route.context, orderId === null ? {} : { orderId }),
        });
      },
    },
    {
      method: 'POST',
      path: '/cash-receipts',
      async handle(route) {
        await authorizeCancel(route.request, null);
        const body = await readJsonBody(route.request, bodyLimit);
        const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
        const receipt = await issueCashReceiptFlow(route.context, {
          orderId: input['orderId'],
          paymentKey: input['paymentKey'],
          type: input['type'],
          customerIdentityNumber: input['customerIdentityNumber'],
          amount: input['amount'],
          taxFreeAmount: input['taxFreeAmount'],
        });
        return jsonResponse(200, receipt);
      },
    },
    {
      method: 'POST',
      path: '/cash-receipts/:receiptKey/cancel',
      async handle(route) {
        await authorizeCancel(route.request, null);
        const body =
          route.request.headers.get('content-length') === '0'
            ? {}
            : await readJsonBody(route.request, bodyLimit);
        const amount =
          typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['amount'] : undefined;
        return jsonResponse(
          200,
          await cancelCashReceiptFlow(
            route.context,
            verifyId('receiptKey', route.params['receiptKey']),
            amount,
          ),
        );
      },
    },
    {
      method: 'GET',
      path: '/promotions',
      async handle(route) {
        const raw = route.url.searchParams.get('amount');
        const amount = raw === null || raw === '' ? null : parseAmount(raw);
        return jsonResponse(200, await promotions.applicable(amount));
      },
    },
  ];

  function handles(pathname: string): boolean {
    // mounted at the root, only our own routes are ours: everything else belongs to the shop
    if (basePath === '') return routes.some((route) => matchPath(route.path, pathname) !== null);
    return pathname === basePath || pathname.startsWith(`${basePath}/`);
  }

  async function dispatch(request: Request, handlerContext?: HandlerContext): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return errorResponse(flowError('ROUTE_NOT_FOUND'), request);
    }
    if (!handles(url.pathname)) return errorResponse(flowError('ROUTE_NOT_FOUND'), request);
    const sub = url.pathname.slice(basePath.length) || '/';
    const mountPath = normalizeMountPath(handlerContext?.mountPath);
    const candidates = routes.flatMap((route) => {
      const params = matchPath(route.path, sub);
      return params === null ? [] : [{ route, params }];
    });
    if (candidates.length === 0) return errorResponse(flowError('ROUTE_NOT_FOUND'), request);
    const match = candidates.find((c) => c.route.method === request.method);
    if (match === undefined) {
      const allow = [...new Set(candidates.map((c) => c.route.method))].join(', ');
      return errorResponse(flowError('METHOD_NOT_ALLOWED', { allow }), request, { allow });
    }
    const routeRequest: RouteRequest = {
      request,
      url,
      params: match.params,
      mountPath,
      routeUrl: (path) => `${url.origin}${mountPath}${basePath}${path}`,
      context: contextFor(request),
    };
    try {
      return await match.route.handle(routeRequest);
    } catch (error) {
      const response = errorResponse(
        error,
        request,
        error && (error as { code?: unknown }).code === 'UNAUTHORIZED'
          ? { 'www-authenticate': 'Bearer' }
          : {},
      );
      if (response.status >= 500) {
        logger.error('request failed', {
          route: `${request.method} ${match.route.path}`,
          code: (error as { code?: unknown })?.code ?? 'INTERNAL_ERROR',
          // a ledger outage says why (connect_timeout, query_timeout, connection_refused…)
          ...(isLedgerUnavailable(error) ? { reason: (error as { reason?: unknown }).reason } : {}),
          paymentKey: match.params['paymentKey'],
        });
      }
      return response;
    }
  }

  const handler = dispatch as PaymentHandler;
  Object.defineProperties(handler, {
    basePath: { value: basePath, enumerable: true },
    bodyLimit: { value: bodyLimit, enumerable: true },
    handles: { value: handles, enumerable: true },
    gateway: { value: gateway, enumerable: false },
    ledger: { value: ledger, enumerable: false },
    on: {
      enumerable: true,
      value<E extends PaymentEventName>(event: E, listener: PaymentEventListener<E>): () => void {
        let set = listeners.get(event);
        if (set === undefined) {
          set = new Set();
          listeners.set(event, set);
        }
        const wrapped = listener as (event: unknown) => void;
        set.add(wrapped);
        return () => set.delete(wrapped);
      },
    },
    charge: { enumerable: true, value: (input: ChargeInput) => chargeBillingKey(context, input) },
    deleteBillingKey: {
      enumerable: true,
      value: (customerKey: string) => deleteBillingKeyFlow(context, customerKey),
    },
    getBillingCard: {
      enumerable: true,
      value: (customerKey: string) => getBillingCardFlow(context, customerKey),
    },
    issueCashReceipt: {
      enumerable: true,
      value: (input: IssueCashReceiptInput) => issueCashReceiptFlow(context, input),
    },
    cancelCashReceipt: {
      enumerable: true,
      value: (receiptKey: string, amount?: number) => cancelCashReceiptFlow(context, receiptKey, amount),
    },
    listCashReceipts: {
      enumerable: true,
      value: (listOptions?: { orderId?: string }) => listCashReceiptsFlow(context, listOptions),
    },
    cardPromotions: {
      enumerable: true,
      value: (amount?: number) => promotions.applicable(amount === undefined ? null : parseAmount(amount)),
    },
    reconcile: {
      enumerable: true,
      value: (reconcileOptions?: ReconcileOptions) => reconcileFlow(context, reconcileOptions),
    },
    close: {
      enumerable: true,
      async value() {
        await gateway.close();
        if (ownsLedger) await ledger.close();
      },
    },
  });
  return handler;
}
