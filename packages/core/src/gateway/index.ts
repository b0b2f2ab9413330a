export * from './gateway-client.js';
export {
  LOST_ANSWER_CODES,
  type LostAnswerCode,
  createGatewayError,
  createLostAnswerError,
  isAnswerLost,
  isRetryableGatewayError,
} from './gateway-errors.js';
export * from './retry-policy.js';
export * from './transport.js';
