/**
 * `createPaymentHandler(options)`: the whole server side of a Toss payment as one
 * `(Request) => Promise<Response>` function, mounted by the Express and Koa adapters (or any runtime with web
 * Requests). This file only composes: the wiring (handler-flow-context.ts), the route table (routes/), the
 * router (router.ts), and the members of the returned function, each a flow called with the server's context.
 */
import {
  cancelCashReceipt,
  cancelPayment,
  chargeForOrder,
  deleteBillingKey,
  getBillingCard,
  issueCashReceipt,
  listCashReceipts,
  reconcile,
  type IssueCashReceiptInput,
  type OrderChargeInput,
  type ReconcileOptions,
} from '../flows/index.js';
import { parseAmount } from '../amount/index.js';
import { createHandlerWiring } from './handler-flow-context.js';
import { verifyOptions, type TossPaymentsOptions } from './options.js';
import type { PaymentHandler } from './payment-handler.js';
import { createRouter } from './router.js';
import { billingRoutes } from './routes/billing.js';
import { cashReceiptRoutes } from './routes/cash-receipts.js';
import { paymentRoutes } from './routes/payments.js';
import { promotionRoutes } from './routes/promotions.js';
import { webhookRoutes } from './routes/webhook.js';

export type { HandlerContext } from './router.js';
export type { PaymentHandler } from './payment-handler.js';

/** The payment handler for `options`; every mistake in them fails here, with the fix in the message. */
export function createPaymentHandler(options: TossPaymentsOptions): PaymentHandler {
  const wiring = createHandlerWiring(options, verifyOptions(options));
  const { gateway, ledger } = wiring;
  // each member call is one flow: its settling events are timed from the call
  const flow = () => wiring.timed(wiring.context);
  const router = createRouter({
    routes: [
      ...paymentRoutes(wiring),
      ...webhookRoutes(wiring),
      ...billingRoutes(wiring),
      ...cashReceiptRoutes(wiring),
      ...promotionRoutes(wiring),
    ],
    basePath: wiring.verified.basePath,
    logger: wiring.logger,
    contextFor: wiring.contextFor,
  });
  const members = {
    basePath: wiring.verified.basePath,
    bodyLimit: wiring.verified.bodyLimit,
    handles: router.handles,
    on: wiring.events.on,
    charge: (input: OrderChargeInput) => chargeForOrder(flow(), input),
    cancel: (paymentKey: string, body: unknown, idempotencyKey?: string) =>
      cancelPayment(flow(), { paymentKey, body, idempotencyKey: idempotencyKey ?? null }),
    deleteBillingKey: (customerKey: string) => deleteBillingKey(flow(), customerKey),
    getBillingCard: (customerKey: string) => getBillingCard(flow(), customerKey),
    issueCashReceipt: (input: IssueCashReceiptInput) => issueCashReceipt(flow(), input),
    cancelCashReceipt: (receiptKey: string, amount?: number) => cancelCashReceipt(flow(), receiptKey, amount),
    listCashReceipts: (listOptions?: { orderId?: string }) => listCashReceipts(flow(), listOptions),
    cardPromotions: (amount?: number) =>
      wiring.promotions.applicable(amount === undefined ? null : parseAmount(amount)),
    reconcile: (reconcileOptions?: ReconcileOptions) => reconcile(flow(), reconcileOptions),
    async close() {
      await gateway.close();
      if (wiring.ownsLedger) await ledger.close();
    },
  };
  const handler = router.dispatch as PaymentHandler;
  for (const [name, value] of Object.entries(members))
    Object.defineProperty(handler, name, { value, enumerable: true });
  // not enumerable: a handler logged or spread does not drag the gateway client and the ledger along
  Object.defineProperties(handler, { gateway: { value: gateway }, ledger: { value: ledger } });
  return handler;
}
