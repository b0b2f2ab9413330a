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
  type ApplicablePromotions,
  type BillingKeyIssuedInfo,
  type CancelResult,
  type ChargeResult,
  type IssueCashReceiptInput,
  type OrderChargeInput,
  type PaymentEventListener,
  type PaymentEventName,
  type ReconcileOptions,
  type ReconcileReport,
} from '../flows/index.js';
import { parseAmount } from '../amount/index.js';
import type { GatewayClient } from '../gateway/index.js';
import type { Ledger, StoredCashReceipt } from '../ledger/index.js';
import { createHandlerWiring } from './handler-flow-context.js';
import { verifyOptions, type TossPaymentsOptions } from './options.js';
import { createRouter, type HandlerContext } from './router.js';
import { billingRoutes } from './routes/billing.js';
import { cashReceiptRoutes } from './routes/cash-receipts.js';
import { paymentRoutes } from './routes/payments.js';
import { promotionRoutes } from './routes/promotions.js';
import { webhookRoutes } from './routes/webhook.js';

export type { HandlerContext } from './router.js';

/**
 * The payment handler: call it with a web `Request` (the adapters do), or use its members from server code.
 * Every member gives the same guarantees as the route of the same act (the amount of a charge is checked
 * against `orderLookup`, ids are checked before the ledger or the gateway is asked); only the operator
 * authorisation of the routes is left out, since server code is the shop itself.
 */
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
  /**
   * charge a customer's registered card for an order: AMOUNT_MISMATCH unless `amount` is the order's
   * (`orderLookup`), ORDER_NOT_FOUND for an unknown order, both before the gateway is asked; the same orderId
   * charges at most once. `orderName` defaults to the order's.
   */
  charge(input: OrderChargeInput): Promise<ChargeResult>;
  /** cancel a payment in full, or `cancelAmount` of it (`body`: `{ cancelReason, cancelAmount? }`) */
  cancel(paymentKey: string, body: unknown, idempotencyKey?: string): Promise<CancelResult>;
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
  /** stop the gateway client; closes the ledger only when the handler made it (in memory) */
  close(): Promise<void>;
}

/** The payment handler for `options`; every mistake in them fails here, with the fix in the message. */
export function createPaymentHandler(options: TossPaymentsOptions): PaymentHandler {
  const wiring = createHandlerWiring(options, verifyOptions(options));
  const { context, gateway, ledger } = wiring;
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
    charge: (input: OrderChargeInput) => chargeForOrder(context, input),
    cancel: (paymentKey: string, body: unknown, idempotencyKey?: string) =>
      cancelPayment(context, { paymentKey, body, idempotencyKey: idempotencyKey ?? null }),
    deleteBillingKey: (customerKey: string) => deleteBillingKey(context, customerKey),
    getBillingCard: (customerKey: string) => getBillingCard(context, customerKey),
    issueCashReceipt: (input: IssueCashReceiptInput) => issueCashReceipt(context, input),
    cancelCashReceipt: (receiptKey: string, amount?: number) =>
      cancelCashReceipt(context, receiptKey, amount),
    listCashReceipts: (listOptions?: { orderId?: string }) => listCashReceipts(context, listOptions),
    cardPromotions: (amount?: number) =>
      wiring.promotions.applicable(amount === undefined ? null : parseAmount(amount)),
    reconcile: (reconcileOptions?: ReconcileOptions) => reconcile(context, reconcileOptions),
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
