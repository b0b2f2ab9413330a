/** The type of what `createPaymentHandler` returns: a web request handler with the shop's server-side members. */
import type {
  ApplicablePromotions,
  BillingKeyIssuedInfo,
  CancelResult,
  ChargeResult,
  HealthCheckOptions,
  HealthReport,
  IssueCashReceiptInput,
  OrderChargeInput,
  PaymentEventListener,
  PaymentEventName,
  ReconcileOptions,
  ReconcileReport,
} from '../flows/index.js';
import type { GatewayClient } from '../gateway/index.js';
import type { Ledger, StoredCashReceipt } from '../ledger/index.js';
import type { HandlerContext } from './router.js';

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
  /**
   * the readiness probe: the ledger reachable and migrated (`status` 'ok', else 'unavailable'), the reconcile
   * backlog and the time since the last pass; never throws. `GET {basePath}/health` answers it with option
   * `health: true` (200 / 503).
   */
  health(options?: HealthCheckOptions): Promise<HealthReport>;
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
