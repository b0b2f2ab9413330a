/**
 * The Toss Payments API client: every core endpoint (spec §2, gateway-endpoints.ts), each call made by
 * gateway-call.ts (Basic auth, Idempotency-Key on every POST, timeouts, retries by error class, parsed answers,
 * typed `GatewayError`s). The secret key lives only in the call's closure, never in a field, an error or a log.
 */
import type { GatewayClient, GatewayClientOptions } from './gateway-types.js';
import { createGatewayCall } from './gateway-call.js';
import {
  billingEndpoints,
  cashReceiptAndPromotionEndpoints,
  paymentEndpoints,
  reportEndpoints,
} from './gateway-endpoints.js';
import { createPoolTransport } from './pool-transport.js';
import { createFetchTransport, type GatewayTransport } from './transport.js';

export {
  basicAuthorization,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  normalizeIdempotencyKey,
  normalizeSecretKey,
} from './gateway-call.js';
export type {
  GatewayRetryInfo,
  GatewayRequestInfo,
  GatewayResponseInfo,
  GatewayClientOptions,
  CallOptions,
  GetOptions,
  ConfirmParams,
  BrandpayConfirmParams,
  RefundReceiveAccount,
  CancelParams,
  KeyInParams,
  VirtualAccountParams,
  BillingIssueParams,
  BillingCardParams,
  BillingChargeParams,
  ListTransactionsParams,
  ListSettlementsParams,
  CashReceiptParams,
  ListCashReceiptsParams,
  CashReceiptList,
  GatewayClient,
} from './gateway-types.js';

/** The gateway's API base URL (https://api.tosspayments.com). */
export const DEFAULT_API_BASE_URL = 'https://api.tosspayments.com';

/** A gateway client for `secretKey` (the handler makes its own: `handler.gateway`). */
export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  return buildGatewayClient(options, new Map());
}

/** `siblings`: the clients that share one transport, by default Accept-Language (see withAcceptLanguage) */
function buildGatewayClient(
  options: GatewayClientOptions,
  siblings: Map<string, GatewayClient>,
): GatewayClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '');
  const transport: GatewayTransport =
    options.transport ??
    (options.fetch !== undefined ? createFetchTransport(options.fetch) : createPoolTransport(baseUrl));
  const call = createGatewayCall({ options, baseUrl, transport });

  const client: GatewayClient = {
    baseUrl,
    ...paymentEndpoints(call),
    ...billingEndpoints(call),
    ...reportEndpoints(call),
    ...cashReceiptAndPromotionEndpoints(call),
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
