export { createPaymentHandler, type HandlerContext, type PaymentHandler } from './create-payment-handler.js';
export {
  type AuthorizeCancel,
  type AuthorizeOperator,
  type BuyerIdentity,
  type IdentifyBuyer,
  type JwtOptions,
  normalizeBasePath,
  type ResolvedKeys,
  type TossPaymentsOptions,
  type VerifiedOptions,
  verifyClientKeyOption,
  verifyOptions,
  verifySecretKey,
} from './options.js';
export {
  admitsOperator,
  createHookAuthorizer,
  createJwtAuthorizer,
  createOperatorAuthorizer,
  DEFAULT_OPERATOR_ROLES,
  type OperatorAuthorizer,
} from './authorize-operator.js';
export { buyerPaymentView, operatorPaymentView, publicPaymentView } from './payment-view.js';
export { errorAnswer, jsonAnswer, readJsonBody, redirectAnswer, wantsJson } from './http-io.js';
