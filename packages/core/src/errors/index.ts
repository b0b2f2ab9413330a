export {
  type AmountMismatchDetails,
  AmountMismatchError,
  ConfigurationError,
  type ErrorDetails,
  InvalidStateTransitionError,
  isLedgerUnavailable,
  isTosskitError,
  LEDGER_RETRY_AFTER_SECONDS,
  ledgerRetryAfterSeconds,
  LedgerUnavailableError,
  type LedgerUnavailableReason,
  type Locale,
  NotFoundError,
  TOSSKIT_ERROR_BRAND,
  TosskitError,
  ValidationError,
  type ValidationErrorDetails,
  type ValidationIssue,
} from './tosskit-error.js';
export { ERROR_CLASSES, type ErrorClass } from './error-class.js';
export {
  classifyGatewayCode,
  GATEWAY_ERROR_BRAND,
  GatewayError,
  type GatewayErrorInit,
  isGatewayError,
} from './gateway-error.js';
export { GATEWAY_ERRORS, type GatewayErrorEntry, isGatewayErrorCode } from './gateway-errors.js';
export {
  isTosskitErrorCode,
  TOSSKIT_ERRORS,
  type TosskitErrorCode,
  type TosskitErrorEntry,
} from './tosskit-errors.js';
export {
  developerMessageFor,
  errorMessageFor,
  hasMessage,
  interpolate,
  messageFor,
  type MessageParams,
  statusFor,
} from './message-for.js';
export { type LocalizedError, localizeError, type LocalizeOptions, resolveLocale } from './localize.js';
export { formatIssuePath, fromZodError, type ZodLikeError } from './from-zod-error.js';
export { redactCause, redactDeep, REDACTED, redactSecrets } from './redact.js';
