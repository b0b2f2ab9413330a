/** The gateway client's options, parameters and interface (spec §2). */
import type { GatewayError } from '../errors/index.js';
import type {
  Billing,
  CardPromotion,
  CashReceipt,
  Payment,
  Promotion,
  Settlement,
  Transaction,
} from '../models/index.js';
import type { RetryOptions } from './retry-policy.js';
import type { FetchLike, GatewayMethod, GatewayTransport } from './transport.js';

export interface GatewayRetryInfo {
  method: GatewayMethod;
  /** the API path, e.g. /v1/payments/confirm (never the query string) */
  path: string;
  /** 1-based number of the retry about to happen */
  attempt: number;
  delayMs: number;
  /** the code that caused the retry (gateway code, NETWORK_ERROR or GATEWAY_TIMEOUT) */
  code: string;
  status: number;
  idempotencyKey: string | null;
  paymentKey: string | null;
  orderId: string | null;
}

/** One attempt of a gateway call as it goes out (`onRequest`): never the body, the query or the secret. */
export interface GatewayRequestInfo {
  method: GatewayMethod;
  /** the route template, e.g. /v1/payments/{paymentKey} (ids and billing keys are never in it) */
  route: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  idempotencyKey: string | null;
  /**
   * true when this attempt re-sends an Idempotency-Key an earlier attempt of the same call already sent: the
   * gateway may answer with the first attempt's stored answer (it sends no header that says so)
   */
  replayed: boolean;
  paymentKey: string | null;
  orderId: string | null;
}

/** How an attempt ended (`onResponse`): answered (any status) or lost (network, timeout, abort). */
export interface GatewayResponseInfo extends GatewayRequestInfo {
  /** the base URL and route the attempt went to, e.g. https://api.tosspayments.com/v1/payments/confirm */
  url: string;
  /** the HTTP status, or null when no answer came (network error, timeout, abort) */
  status: number | null;
  /** the gateway's code (or NETWORK_ERROR, GATEWAY_TIMEOUT, INVALID_GATEWAY_RESPONSE, …); null on success */
  code: string | null;
  /** from sending the request to reading the whole answer, in ms (performance.now) */
  durationMs: number;
  /** the failure, when there was one (its message and cause are redacted of the secret key) */
  error: GatewayError | null;
}

export interface GatewayClientOptions {
  secretKey: string;
  /** default https://api.tosspayments.com; the emulator's url in development and tests */
  baseUrl?: string;
  /** per-call timeout in ms (default 15 s) */
  timeoutMs?: number;
  /** timeout of billing charge, transactions and settlements, which the docs say may take 60 s (default 60 s) */
  longTimeoutMs?: number;
  /** `false` turns retries off */
  retry?: RetryOptions | false;
  /** default Accept-Language sent to the gateway (e.g. 'en-US'); per call overridable */
  acceptLanguage?: string;
  /** inject a fetch (tests, edge runtimes); default is a keep-alive undici Pool */
  fetch?: FetchLike;
  /** or a whole transport */
  transport?: GatewayTransport;
  onRetry?: (info: GatewayRetryInfo) => void;
  /** each attempt as it goes out (an observer: what it throws is ignored) */
  onRequest?: (info: GatewayRequestInfo) => void;
  /** each attempt's end, answered or lost (an observer: what it throws is ignored) */
  onResponse?: (info: GatewayResponseInfo) => void;
  /** for tests: how to wait; default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

export interface CallOptions {
  /** caller-chosen key; otherwise one is generated for this call and reused across its retries */
  idempotencyKey?: string;
  acceptLanguage?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** send TossPayments-Test-Code (test keys only): the gateway answers that documented error */
  testCode?: string;
}

export type GetOptions = Omit<CallOptions, 'idempotencyKey'>;

export interface ConfirmParams {
  paymentKey: string;
  orderId: string;
  amount: number;
}

/** A BrandPay confirm also names the buyer the payment belongs to (docs.tosspayments.com/reference/brandpay). */
export interface BrandpayConfirmParams extends ConfirmParams {
  customerKey: string;
}

export interface RefundReceiveAccount {
  bank: string;
  accountNumber: string;
  holderName: string;
}

export interface CancelParams {
  cancelReason: string;
  cancelAmount?: number;
  refundReceiveAccount?: RefundReceiveAccount;
  taxFreeAmount?: number;
  currency?: string;
  refundableAmount?: number;
}

export interface KeyInParams {
  amount: number;
  orderId: string;
  orderName: string;
  cardNumber: string;
  cardExpirationYear: string;
  cardExpirationMonth: string;
  customerIdentityNumber: string;
  cardPassword?: string;
  cardInstallmentPlan?: number;
  useFreeInstallmentPlan?: boolean;
  useCardPoint?: boolean;
  taxFreeAmount?: number;
  customerEmail?: string;
  customerName?: string;
  customerIp?: string;
  [key: string]: unknown;
}

export interface VirtualAccountParams {
  amount: number;
  orderId: string;
  orderName: string;
  customerName: string;
  bank: string;
  validHours?: number;
  dueDate?: string;
  customerEmail?: string;
  customerMobilePhone?: string;
  taxFreeAmount?: number;
  useEscrow?: boolean;
  cashReceipt?: { type: string; registrationNumber?: string };
  [key: string]: unknown;
}

export interface BillingIssueParams {
  authKey: string;
  customerKey: string;
}

export interface BillingCardParams {
  customerKey: string;
  cardNumber: string;
  cardExpirationYear: string;
  cardExpirationMonth: string;
  customerIdentityNumber: string;
  cardPassword?: string;
  customerName?: string;
  customerEmail?: string;
}

export interface BillingChargeParams {
  amount: number;
  customerKey: string;
  orderId: string;
  orderName: string;
  customerEmail?: string;
  customerName?: string;
  customerIp?: string;
  taxFreeAmount?: number;
  taxExemptionAmount?: number;
  cardInstallmentPlan?: number;
  [key: string]: unknown;
}

export interface ListTransactionsParams {
  startDate: string;
  endDate: string;
  startingAfter?: string;
  limit?: number;
}

export interface ListSettlementsParams {
  startDate: string;
  endDate: string;
  dateType?: 'soldDate' | 'paidOutDate';
  page?: number;
  size?: number;
}

export interface CashReceiptParams {
  amount: number;
  orderId: string;
  orderName: string;
  type: string;
  customerIdentityNumber: string;
  taxFreeAmount?: number;
}

export interface ListCashReceiptsParams {
  requestDate: string;
  cursor?: number;
  limit?: number;
}

export interface CashReceiptList {
  hasNext: boolean;
  lastCursor: number | null;
  data: CashReceipt[];
}

export interface GatewayClient {
  readonly baseUrl: string;
  confirm(params: ConfirmParams, options?: CallOptions): Promise<Payment>;
  /** `POST /v1/brandpay/payments/confirm`: a payment made in the BrandPay window (paymentType BRANDPAY). */
  confirmBrandpay(params: BrandpayConfirmParams, options?: CallOptions): Promise<Payment>;
  getPayment(paymentKey: string, options?: GetOptions): Promise<Payment>;
  getPaymentByOrderId(orderId: string, options?: GetOptions): Promise<Payment>;
  cancel(paymentKey: string, params: CancelParams, options?: CallOptions): Promise<Payment>;
  keyIn(params: KeyInParams, options?: CallOptions): Promise<Payment>;
  issueVirtualAccount(params: VirtualAccountParams, options?: CallOptions): Promise<Payment>;
  issueBillingKey(params: BillingIssueParams, options?: CallOptions): Promise<Billing>;
  authorizeBillingCard(params: BillingCardParams, options?: CallOptions): Promise<Billing>;
  chargeBilling(billingKey: string, params: BillingChargeParams, options?: CallOptions): Promise<Payment>;
  deleteBillingKey(billingKey: string, options?: GetOptions): Promise<void>;
  listTransactions(params: ListTransactionsParams, options?: GetOptions): Promise<Transaction[]>;
  listSettlements(params: ListSettlementsParams, options?: GetOptions): Promise<Settlement[]>;
  requestSettlement(params: { paymentKey: string }, options?: CallOptions): Promise<{ result: boolean }>;
  issueCashReceipt(params: CashReceiptParams, options?: CallOptions): Promise<CashReceipt>;
  cancelCashReceipt(
    receiptKey: string,
    params?: { amount?: number },
    options?: CallOptions,
  ): Promise<CashReceipt>;
  listCashReceipts(params: ListCashReceiptsParams, options?: GetOptions): Promise<CashReceiptList>;
  getPromotions(options?: GetOptions): Promise<Promotion[]>;
  getCardPromotions(options?: GetOptions): Promise<CardPromotion>;
  /**
   * The same client (same connections, retries and hooks) sending another default `Accept-Language`, e.g.
   * the buyer's, so the gateway's own messages come back in the buyer's language. Clients are cached per value.
   */
  withAcceptLanguage(acceptLanguage: string | undefined): GatewayClient;
  /** close the pooled sockets */
  close(): Promise<void>;
}
