export {
  type CancelInfo,
  type CompensationInfo,
  type CompensationTrigger,
  consoleFlowLogger,
  type FlowContext,
  type FlowLogger,
  type OrderLookup,
  type PaymentEventListener,
  type PaymentEventMap,
  type PaymentEventName,
  type PaymentFailureInfo,
  type PaymentHooks,
  runHook,
  type ShopOrder,
} from './flow-context.js';
export {
  flowError,
  isValidId,
  verifyId,
  verifyOrderId,
  verifyPaymentKey,
  verifyStorableText,
} from './flow-errors.js';
export {
  compensatePayment,
  COMPENSATION_REASON_PREFIX,
  compensationIdempotencyKey,
  compensationReason,
  confirmIdempotencyKey,
  confirmingError,
  type ConfirmInput,
  confirmPayment,
  type ConfirmResult,
  errorFromOutcome,
  isConfirming,
  isSettlementPending,
  lookUpPayment,
  newCompensationReference,
  type OutsideApproval,
  retryConfirmIdempotencyKey,
  runConfirmForClaim,
  type RunConfirmOptions,
  settleApprovalSeenOutside,
  settleConfirmedPayment,
} from './confirm-flow.js';
export { type FailInput, type FailResult, recordPaymentFailure } from './fail-flow.js';
export { cancelIdempotencyKey, type CancelInput, cancelPayment, type CancelResult } from './cancel-flow.js';
export { handleWebhook, secretsEqual, type WebhookOutcome, type WebhookResult } from './webhook-flow.js';
export {
  SECURITY_KEY_PATTERN,
  SIGNATURE_HEADER,
  type SignedWebhook,
  signWebhook,
  TRANSMISSION_TIME_HEADER,
  verifyWebhookSignature,
} from './webhook-signature.js';
export { applyGatewaySnapshot, isDepositArrival } from './apply-gateway-snapshot.js';
export { type CheckoutAnswer, type CreatedOrder, type CreateOrder, startCheckout } from './checkout-flow.js';
export {
  type ClaimReconcileResult,
  kstDateTime,
  LAST_RECONCILE_CURSOR,
  reconcile,
  RECONCILE_LEASE,
  RECONCILE_LEASE_MS,
  type ReconcileOptions,
  type ReconcileProgress,
  type ReconcileReport,
  TRANSACTIONS_CURSOR,
} from './reconcile-flow.js';
export {
  BILLING_ERROR_CODES,
  billingChargeIdempotencyKey,
  billingClaimKey,
  type BillingErrorCode,
  type BillingHooks,
  billingKeyInfo,
  type BillingKeyIssuedInfo,
  chargeBillingKey,
  type ChargeInput,
  type ChargeResult,
  deleteBillingKey,
  getBillingCard,
  isBillingClaim,
  isBillingError,
  issueBillingKey,
  maskCardNumber,
  type MaskedCard,
  maskedCardOf,
  type OnBillingKeyIssued,
  reconcileBillingClaim,
  verifyAuthKey,
  verifyCustomerKey,
} from './billing-flow.js';
export { chargeForOrder, type OrderChargeInput } from './charge-order.js';
export { checkHealth, type HealthCheckOptions, type HealthReport } from './health-flow.js';
export { type BillingAuthFailure, recordBillingAuthFailure } from './billing-auth-failure.js';
export {
  cancelCashReceipt,
  cancelRecordId,
  cashReceiptIdempotencyKey,
  type CashReceiptRefresh,
  ISSUABLE_CASH_RECEIPT_TYPES,
  type IssuableCashReceiptType,
  issueCashReceipt,
  type IssueCashReceiptInput,
  listCashReceipts,
  maskIdentityNumber,
  recordPaymentCashReceipts,
  refreshCashReceipts,
  toStoredCashReceipt,
  withCashReceiptRecording,
} from './cash-receipt-flow.js';
export {
  type ApplicableDiscount,
  type ApplicableInterestFree,
  type ApplicablePromotions,
  type CardPromotionsOptions,
  type CardPromotionsSource,
  createCardPromotionsSource,
  kstToday,
  selectApplicablePromotions,
} from './card-promotions-flow.js';
