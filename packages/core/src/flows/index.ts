export * from './flow-context.js';
export {
  flowError,
  isValidId,
  verifyId,
  verifyOrderId,
  verifyPaymentKey,
  verifyStorableText,
} from './flow-errors.js';
export * from './confirm-flow.js';
export * from './fail-flow.js';
export * from './cancel-flow.js';
export * from './webhook-flow.js';
export * from './webhook-signature.js';
export * from './apply-gateway-snapshot.js';
export * from './checkout-flow.js';
export * from './reconcile-flow.js';
export * from './billing-flow.js';
export * from './charge-order.js';
export * from './billing-auth-failure.js';
export * from './cash-receipt-flow.js';
export * from './card-promotions-flow.js';
