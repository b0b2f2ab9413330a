/**
 * `createPaymentHandler(options)`: the whole server side of a Toss payment as one
 * `(Request) => Promise<Response>` function, mounted by the Express and Koa adapters (or any runtime with web
 * Requests). This file only composes: the wiring (handler-flow-context.ts), the route table (routes/), the
 * router (router.ts), and the members of the returned function, each a flow called with the server's context.
 */
import {
  cancelCashReceipt,
  checkHealth,
  deleteBillingKey,
  getBillingCard,
  issueCashReceipt,
  listCashReceipts,
  type HealthCheckOptions,
  type IssueCashReceiptInput,
  type OrderChargeInput,
  type ReconcileOptions,
} from '../flows/index.js';
import { parseAmount } from '../amount/index.js';
import { createRequestTracing } from '../tracing/index.js';
import { ANSWER_ENTRY, answerToResponse } from './answer.js';
import { createHandlerWiring } from './handler-flow-context.js';
import { verifyOptions, type TossPaymentsOptions } from './options.js';
import type { PaymentHandler } from './payment-handler.js';
import { createRouter, type HandlerContext } from './router.js';
import { billingRoutes } from './routes/billing.js';
import { cashReceiptRoutes } from './routes/cash-receipts.js';
import { healthRoutes } from './routes/health.js';
import { paymentRoutes } from './routes/payments.js';
import { promotionRoutes } from './routes/promotions.js';
import { webhookRoutes } from './routes/webhook.js';

export type { HandlerContext } from './router.js';
export type { PaymentHandler } from './payment-handler.js';

/** The payment handler for `options`; every mistake in them fails here, with the fix in the message. */
export function createPaymentHandler(options: TossPaymentsOptions): PaymentHandler {
  const wiring = createHandlerWiring(options, verifyOptions(options));
  const { context, gateway, ledger, flows } = wiring;
  // each member call is one flow: its settling events are timed from the call
  const flow = () => wiring.timed(context);
  const tracing = wiring.tracer === null ? null : createRequestTracing(wiring.tracer);
  const routes = [
    ...paymentRoutes(wiring),
    ...webhookRoutes(wiring),
    ...billingRoutes(wiring),
    ...cashReceiptRoutes(wiring),
    ...promotionRoutes(wiring),
    ...healthRoutes(wiring),
  ];
  const router = createRouter({
    routes: tracing === null ? routes : tracing.routes(routes, wiring.verified.basePath),
    basePath: wiring.verified.basePath,
    logger: wiring.logger,
    contextFor: wiring.contextFor,
  });
  const members = {
    basePath: wiring.verified.basePath,
    bodyLimit: wiring.verified.bodyLimit,
    handles: router.handles,
    on: wiring.events.on,
    charge: (input: OrderChargeInput) => flows.chargeForOrder(flow(), input),
    cancel: (paymentKey: string, body: unknown, idempotencyKey?: string) =>
      flows.cancelPayment(flow(), { paymentKey, body, idempotencyKey: idempotencyKey ?? null }),
    deleteBillingKey: (customerKey: string) => deleteBillingKey(flow(), customerKey),
    getBillingCard: (customerKey: string) => getBillingCard(flow(), customerKey),
    issueCashReceipt: (input: IssueCashReceiptInput) => issueCashReceipt(flow(), input),
    cancelCashReceipt: (receiptKey: string, amount?: number) => cancelCashReceipt(flow(), receiptKey, amount),
    listCashReceipts: (listOptions?: { orderId?: string }) => listCashReceipts(flow(), listOptions),
    cardPromotions: (amount?: number) =>
      wiring.promotions.applicable(amount === undefined ? null : parseAmount(amount)),
    reconcile: (reconcileOptions?: ReconcileOptions) => flows.reconcile(flow(), reconcileOptions),
    health: (healthOptions?: HealthCheckOptions) => checkHealth(ledger, context.now, healthOptions),
    async close() {
      await gateway.close();
      if (wiring.ownsLedger) await ledger.close();
    },
  };
  const dispatch = tracing === null ? router.dispatch : tracing.dispatch(router.dispatch);
  // the public face answers WHATWG Responses; the Node bridge takes the same answers unwrapped (ANSWER_ENTRY)
  const handler = (async (request: Request, handlerContext?: HandlerContext) =>
    answerToResponse(await dispatch(request, handlerContext))) as PaymentHandler;
  for (const [name, value] of Object.entries(members))
    Object.defineProperty(handler, name, { value, enumerable: true });
  // not enumerable: a handler logged or spread does not drag the gateway client and the ledger along
  Object.defineProperties(handler, {
    gateway: { value: gateway },
    ledger: { value: ledger },
    [ANSWER_ENTRY]: { value: dispatch },
  });
  return handler;
}
