/**
 * `@tosskit/core`: everything a shop's server needs for Toss Payments, with no framework imports. This list
 * is the curated public API: what a shop, an adapter author or a ledger author uses. More lives on subpaths:
 * `@tosskit/core/models` (every gateway object as a zod schema), `@tosskit/core/ledger-kit` (helpers for
 * Ledger implementations), `@tosskit/core/node` (the Node bridge for adapters), `@tosskit/core/testing`
 * (conformance suites and test helpers).
 */

// the handler and its options
export {
  createPaymentHandler,
  type HandlerContext,
  type PaymentHandler,
} from './http/create-payment-handler.js';
export {
  type AuthorizeOperator,
  type BuyerIdentity,
  type IdentifyBuyer,
  type JwtOptions,
  type TossPaymentsOptions,
} from './http/options.js';
export { DEFAULT_OPERATOR_ROLES } from './http/authorize-operator.js';
export { buyerPaymentView, operatorPaymentView, publicPaymentView } from './http/payment-view.js';

// what the shop gives the handler, and what its hooks and events receive
export {
  consoleFlowLogger,
  type CancelInfo,
  type CompensationInfo,
  type CompensationTrigger,
  type FlowLogger,
  type OrderLookup,
  type PaymentEventListener,
  type PaymentEventMap,
  type PaymentEventName,
  type PaymentFailureInfo,
  type PaymentHooks,
  type ShopOrder,
} from './flows/flow-context.js';
// the logger port (its LogFields and MessageFirstLogger types are on the functions' signatures)
export { consoleLogger, messageFirstLogger, type TosskitLogger } from './flows/logging.js';
export { type CheckoutAnswer, type CreatedOrder, type CreateOrder } from './flows/checkout-flow.js';
export {
  BILLING_ERROR_CODES,
  isBillingError,
  type BillingErrorCode,
  type BillingKeyIssuedInfo,
  type ChargeInput,
  type ChargeResult,
  type MaskedCard,
  type OnBillingKeyIssued,
} from './flows/billing-flow.js';
export { type OrderChargeInput } from './flows/charge-order.js';
export { type CancelResult } from './flows/cancel-flow.js';
export {
  ISSUABLE_CASH_RECEIPT_TYPES,
  type IssuableCashReceiptType,
  type IssueCashReceiptInput,
} from './flows/cash-receipt-flow.js';
export {
  type ApplicableDiscount,
  type ApplicableInterestFree,
  type ApplicablePromotions,
} from './flows/card-promotions-flow.js';
export {
  type ClaimReconcileResult,
  type ReconcileOptions,
  type ReconcileProgress,
  type ReconcileReport,
} from './flows/reconcile-flow.js';
export { type WebhookOutcome } from './flows/webhook-flow.js';
export { type HealthCheckOptions, type HealthReport } from './flows/health-flow.js';
// the span and its options are reachable through TracingTracer; the 150-name budget keeps them unexported
export { type TracingOptions, type TracingTracer } from './tracing/index.js';
export {
  SIGNATURE_HEADER,
  TRANSMISSION_TIME_HEADER,
  signWebhook,
  verifyWebhookSignature,
} from './flows/webhook-signature.js';

// errors
export {
  AmountMismatchError,
  ConfigurationError,
  InvalidStateTransitionError,
  LEDGER_RETRY_AFTER_SECONDS,
  LedgerUnavailableError,
  NotFoundError,
  TOSSKIT_ERROR_BRAND,
  TosskitError,
  ValidationError,
  isLedgerUnavailable,
  isTosskitError,
  ledgerRetryAfterSeconds,
  type AmountMismatchDetails,
  type ErrorDetails,
  type LedgerUnavailableReason,
  type Locale,
  type ValidationErrorDetails,
  type ValidationIssue,
} from './errors/tosskit-error.js';
export { GATEWAY_ERROR_BRAND, GatewayError, isGatewayError } from './errors/gateway-error.js';
export { type ErrorClass } from './errors/error-class.js';
export { TOSSKIT_ERRORS, isTosskitErrorCode, type TosskitErrorCode } from './errors/tosskit-errors.js';
export { GATEWAY_ERRORS, isGatewayErrorCode, type GatewayErrorEntry } from './errors/gateway-errors.js';
export { localizeError, resolveLocale, type LocalizedError } from './errors/localize.js';
export { messageFor } from './errors/message-for.js';
export { REDACTED, redactSecrets } from './errors/redact.js';

// the ledger port (implementations: createMemoryLedger here, openLedger/createLedger in @tosskit/ledger)
export {
  type ClaimFailure,
  type ClaimInput,
  type ClaimOutcome,
  type ClaimResult,
  type ClaimState,
  type ConfirmClaim,
  type Ledger,
  type LedgerTransaction,
  type OrderFailure,
  type PaymentRecord,
  type RecordPaymentResult,
  type StoredBillingKey,
  type StoredCashReceipt,
} from './ledger/ledger.js';
export { createMemoryLedger, type MemoryLedgerOptions } from './ledger/memory-ledger.js';

// the gateway client
export {
  DEFAULT_API_BASE_URL,
  createGatewayClient,
  type GatewayClient,
  type GatewayClientOptions,
  type GatewayRetryInfo,
} from './gateway/gateway-client.js';
export { isAnswerLost, isRetryableGatewayError } from './gateway/gateway-errors.js';
export { type RetryOptions } from './gateway/retry-policy.js';
export { type FetchLike } from './gateway/transport.js';

// amounts and payment states
export { parseAmount } from './amount/parse-amount.js';
export { computeVat, type VatBreakdown } from './amount/compute-vat.js';
export { minimumAmountFor } from './amount/method-amount.js';
export { canTransition, isTerminal } from './state/payment-state.js';

// the gateway's objects most shops touch (all of them, as schemas: @tosskit/core/models)
export {
  API_VERSION,
  PAYMENT_STATUSES,
  isPaymentStatus,
  type PaymentMethod,
  type PaymentStatus,
  type PaymentType,
} from './models/enums.js';
export {
  BANKS,
  CARD_ISSUERS,
  bankName,
  cardIssuerName,
  type BankCode,
  type CardIssuerCode,
} from './models/codes.js';
export { type Payment } from './models/payment.js';
export { type Cancel } from './models/cancel.js';
export { type Card } from './models/card.js';
export { type VirtualAccount } from './models/virtual-account.js';
export { type CashReceipt } from './models/cash-receipt.js';
export { type Billing } from './models/billing.js';
export { type Transaction } from './models/transaction.js';
export { type Settlement } from './models/settlement.js';
export { type CardPromotion } from './models/promotion.js';
export {
  parseWebhookBody,
  type ParsedWebhook,
  type Payout,
  type PayoutChangedWebhook,
  type Seller,
  type SellerChangedWebhook,
} from './models/webhook.js';
