/**
 * The Toss Payments API client: every core endpoint (spec §2), Basic auth with the trailing colon,
 * an Idempotency-Key on every POST, per-call timeouts, retries by error class, responses parsed
 * with the core schemas, and typed `GatewayError`s.
 *
 * The secret key lives only in this closure (as the ready-made Authorization header). It is never
 * a field of the client, never part of an error, never logged.
 */
import { randomUUID, createHash } from 'node:crypto';
import { z } from 'zod';
import {
  billingSchema,
  cardPromotionSchema,
  cashReceiptSchema,
  paymentSchema,
  promotionSchema,
  settlementSchema,
  transactionSchema,
  type Billing,
  type CardPromotion,
  type CashReceipt,
  type Payment,
  type Promotion,
  type Settlement,
  type Transaction,
} from '../models/index.js';
import type { GatewayError } from '../errors/index.js';
import { createGatewayError, createLostAnswerError, isRetryableGatewayError } from './gateway-errors.js';
import { resolveRetryOptions, retryDelay, type RetryOptions } from './retry-policy.js';
import {
  createFetchTransport,
  createPoolTransport,
  type FetchLike,
  type GatewayMethod,
  type GatewayTransport,
} from './transport.js';

export const DEFAULT_API_BASE_URL = 'https://api.tosspayments.com';
/** Idempotency keys longer than this are refused by the gateway (INVALID_IDEMPOTENCY_KEY). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 300;

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

interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown };
}

interface RequestSpec<T> {
  method: GatewayMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  parser: Parser<T> | null;
  long?: boolean;
  options?: CallOptions | undefined;
  paymentKey?: string | null;
  orderId?: string | null;
  /** the path reported to onRetry when the real one holds a secret (a billing key) */
  logPath?: string;
}

/** Strip what copy-paste adds around a key (a UTF-8 BOM, whitespace): the docs warn about the BOM. */
export function normalizeSecretKey(secretKey: string): string {
  return secretKey.replace(/^\uFEFF/, '').trim();
}

/** `Basic base64(secretKey + ':')`: the secret is the user name, the password is empty. */
export function basicAuthorization(secretKey: string): string {
  return `Basic ${Buffer.from(`${normalizeSecretKey(secretKey)}:`, 'utf8').toString('base64')}`;
}

/**
 * A key the gateway accepts: at most 300 characters. Longer keys are hashed, so a caller may
 * build keys from long ids and still get the same key on every retry.
 */
export function normalizeIdempotencyKey(key: string): string {
  if (key.length <= MAX_IDEMPOTENCY_KEY_LENGTH) return key;
  return `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

function segment(value: string): string {
  return encodeURIComponent(value);
}

/** Refusals that say the request was not executed at all: asked to slow down. */
function refusedBeforeExecution(error: GatewayError): boolean {
  return error.code === 'FORBIDDEN_CONSECUTIVE_REQUEST' || error.status === 429;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const promotionListSchema = z.union([z.array(promotionSchema), promotionSchema.transform((p) => [p])]);
const cashReceiptListSchema = z.looseObject({
  hasNext: z.boolean(),
  lastCursor: z
    .number()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  data: z.array(cashReceiptSchema),
});
const settlementResultSchema = z.looseObject({ result: z.boolean() });

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  return buildGatewayClient(options, new Map());
}

/** `siblings`: the clients that share one transport, by default Accept-Language (see withAcceptLanguage) */
function buildGatewayClient(
  options: GatewayClientOptions,
  siblings: Map<string, GatewayClient>,
): GatewayClient {
  const secretKey = normalizeSecretKey(options.secretKey);
  const authorization = basicAuthorization(secretKey);
  const secrets = [secretKey, authorization.slice('Basic '.length)];
  const baseUrl = (options.baseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const longTimeoutMs = options.longTimeoutMs ?? 60_000;
  const retry = resolveRetryOptions(options.retry);
  const sleep = options.sleep ?? defaultSleep;
  const transport: GatewayTransport =
    options.transport ??
    (options.fetch !== undefined ? createFetchTransport(options.fetch) : createPoolTransport(baseUrl));

  async function attempt<T>(
    spec: RequestSpec<T>,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<T> {
    const callTimeout = spec.options?.timeoutMs ?? (spec.long === true ? longTimeoutMs : timeoutMs);
    const timeoutSignal = AbortSignal.timeout(callTimeout);
    const signal =
      spec.options?.signal !== undefined
        ? AbortSignal.any([spec.options.signal, timeoutSignal])
        : timeoutSignal;
    let response;
    try {
      const request = { method: spec.method, url, headers, signal, ...(body === undefined ? {} : { body }) };
      response = await transport.send(request);
    } catch (error) {
      if (spec.options?.signal?.aborted === true && !timeoutSignal.aborted) {
        throw createLostAnswerError('REQUEST_ABORTED', error, secrets);
      }
      throw createLostAnswerError(
        timeoutSignal.aborted ? 'GATEWAY_TIMEOUT' : 'NETWORK_ERROR',
        error,
        secrets,
      );
    }
    let json: unknown = undefined;
    let jsonOk = false;
    if (response.body.length > 0) {
      try {
        json = JSON.parse(response.body);
        jsonOk = true;
      } catch {
        jsonOk = false;
      }
    }
    if (response.status < 200 || response.status >= 300) {
      throw createGatewayError(response.status, jsonOk ? json : undefined, secrets);
    }
    if (spec.parser === null) return undefined as T;
    if (!jsonOk) throw createLostAnswerError('INVALID_GATEWAY_RESPONSE', undefined, secrets, response.status);
    const parsed = spec.parser.safeParse(json);
    if (!parsed.success)
      throw createLostAnswerError('INVALID_GATEWAY_RESPONSE', undefined, secrets, response.status);
    return parsed.data;
  }

  async function call<T>(spec: RequestSpec<T>): Promise<T> {
    const url = new URL(baseUrl + spec.path);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    const language = spec.options?.acceptLanguage ?? options.acceptLanguage;
    if (language !== undefined) headers['accept-language'] = language;
    if (spec.options?.testCode !== undefined) headers['tosspayments-test-code'] = spec.options.testCode;
    let idempotencyKey: string | null = null;
    let baseKey = '';
    let body: string | undefined;
    if (spec.method === 'POST') {
      // one key for the whole call, all retries included: the gateway replays instead of re-executing
      baseKey = spec.options?.idempotencyKey ?? `tosskit-${randomUUID()}`;
      idempotencyKey = normalizeIdempotencyKey(baseKey);
      headers['idempotency-key'] = idempotencyKey;
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.body ?? {});
    }
    for (let retryNumber = 0; ; retryNumber += 1) {
      try {
        return await attempt(spec, url.toString(), headers, body);
      } catch (error) {
        const gatewayError = error as GatewayError;
        if (
          retryNumber >= retry.retries ||
          !isRetryableGatewayError(gatewayError) ||
          spec.options?.signal?.aborted === true
        ) {
          throw gatewayError;
        }
        const delayMs = retryDelay(gatewayError.code, retryNumber + 1, retry);
        try {
          options.onRetry?.({
            method: spec.method,
            path: spec.logPath ?? spec.path,
            attempt: retryNumber + 1,
            delayMs,
            code: gatewayError.code,
            status: gatewayError.status,
            idempotencyKey,
            paymentKey: spec.paymentKey ?? null,
            orderId: spec.orderId ?? null,
          });
        } catch {
          // an observer's failure must not change the payment's course
        }
        await sleep(delayMs);
        if (idempotencyKey !== null && refusedBeforeExecution(gatewayError)) {
          // The gateway refused without executing, and it may have stored that refusal under the key
          // (it replays error answers too): the retry needs a key of its own. Derived, not random, so
          // every caller retrying the same call lands on the same key and still executes it once.
          idempotencyKey = normalizeIdempotencyKey(`${baseKey}:retry-${retryNumber + 1}`);
          headers['idempotency-key'] = idempotencyKey;
        }
      }
    }
  }

  const client: GatewayClient = {
    baseUrl,
    confirm(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/payments/confirm',
        body: { paymentKey: params.paymentKey, orderId: params.orderId, amount: params.amount },
        parser: paymentSchema,
        options: callOptions,
        paymentKey: params.paymentKey,
        orderId: params.orderId,
      });
    },
    confirmBrandpay(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/brandpay/payments/confirm',
        body: {
          paymentKey: params.paymentKey,
          orderId: params.orderId,
          amount: params.amount,
          customerKey: params.customerKey,
        },
        parser: paymentSchema,
        options: callOptions,
        paymentKey: params.paymentKey,
        orderId: params.orderId,
      });
    },
    getPayment(paymentKey, callOptions) {
      return call({
        method: 'GET',
        path: `/v1/payments/${segment(paymentKey)}`,
        parser: paymentSchema,
        options: callOptions,
        paymentKey,
      });
    },
    getPaymentByOrderId(orderId, callOptions) {
      return call({
        method: 'GET',
        path: `/v1/payments/orders/${segment(orderId)}`,
        parser: paymentSchema,
        options: callOptions,
        orderId,
      });
    },
    cancel(paymentKey, params, callOptions) {
      return call({
        method: 'POST',
        path: `/v1/payments/${segment(paymentKey)}/cancel`,
        body: params,
        parser: paymentSchema,
        options: callOptions,
        paymentKey,
      });
    },
    keyIn(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/payments/key-in',
        body: params,
        parser: paymentSchema,
        options: callOptions,
        orderId: params.orderId,
      });
    },
    issueVirtualAccount(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/virtual-accounts',
        body: params,
        parser: paymentSchema,
        options: callOptions,
        orderId: params.orderId,
      });
    },
    issueBillingKey(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/billing/authorizations/issue',
        body: params,
        parser: billingSchema,
        options: callOptions,
      });
    },
    authorizeBillingCard(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/billing/authorizations/card',
        body: params,
        parser: billingSchema,
        options: callOptions,
      });
    },
    chargeBilling(billingKey, params, callOptions) {
      return call({
        method: 'POST',
        path: `/v1/billing/${segment(billingKey)}`,
        logPath: '/v1/billing/{billingKey}',
        body: params,
        parser: paymentSchema,
        long: true,
        options: callOptions,
        orderId: params.orderId,
      });
    },
    deleteBillingKey(billingKey, callOptions) {
      return call({
        method: 'DELETE',
        path: `/v1/billing/${segment(billingKey)}`,
        logPath: '/v1/billing/{billingKey}',
        parser: null,
        options: callOptions,
      });
    },
    listTransactions(params, callOptions) {
      return call({
        method: 'GET',
        path: '/v1/transactions',
        query: {
          startDate: params.startDate,
          endDate: params.endDate,
          startingAfter: params.startingAfter,
          limit: params.limit,
        },
        parser: z.array(transactionSchema),
        long: true,
        options: callOptions,
      });
    },
    listSettlements(params, callOptions) {
      return call({
        method: 'GET',
        path: '/v1/settlements',
        query: {
          startDate: params.startDate,
          endDate: params.endDate,
          dateType: params.dateType,
          page: params.page,
          size: params.size,
        },
        parser: z.array(settlementSchema),
        long: true,
        options: callOptions,
      });
    },
    requestSettlement(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/settlements',
        body: { paymentKey: params.paymentKey },
        parser: settlementResultSchema,
        long: true,
        options: callOptions,
        paymentKey: params.paymentKey,
      });
    },
    issueCashReceipt(params, callOptions) {
      return call({
        method: 'POST',
        path: '/v1/cash-receipts',
        body: params,
        parser: cashReceiptSchema,
        options: callOptions,
        orderId: params.orderId,
      });
    },
    cancelCashReceipt(receiptKey, params, callOptions) {
      return call({
        method: 'POST',
        path: `/v1/cash-receipts/${segment(receiptKey)}/cancel`,
        body: params ?? {},
        parser: cashReceiptSchema,
        options: callOptions,
      });
    },
    listCashReceipts(params, callOptions) {
      return call({
        method: 'GET',
        path: '/v1/cash-receipts',
        query: { requestDate: params.requestDate, cursor: params.cursor, limit: params.limit },
        parser: cashReceiptListSchema,
        long: true,
        options: callOptions,
      });
    },
    getPromotions(callOptions) {
      return call({
        method: 'GET',
        path: '/v1/promotions',
        parser: promotionListSchema,
        options: callOptions,
      });
    },
    getCardPromotions(callOptions) {
      return call({
        method: 'GET',
        path: '/v1/promotions/card',
        parser: cardPromotionSchema,
        options: callOptions,
      });
    },
    withAcceptLanguage(acceptLanguage) {
      if (acceptLanguage === options.acceptLanguage) return client;
      const key = acceptLanguage ?? '';
      // a new client registers itself in `siblings`
      return siblings.get(key) ?? buildGatewayClient({ ...options, transport, acceptLanguage }, siblings);
    },
    close() {
      return transport.close();
    },
  };
  siblings.set(options.acceptLanguage ?? '', client);
  return client;
}
