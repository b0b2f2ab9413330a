export { describeReceived, parseAmount, tryParseAmount, verifyOrderAmount } from './parse-amount.js';
export {
  MINIMUM_AMOUNTS,
  minimumAmountFor,
  TRANSFER_MAX_AMOUNT,
  verifyMethodAmount,
} from './method-amount.js';
export { computeVat, type VatBreakdown } from './compute-vat.js';
export {
  type CancelablePayment,
  type CancelRequestInput,
  type VerifiedCancel,
  verifyCancelRequest,
} from './verify-cancel-request.js';
