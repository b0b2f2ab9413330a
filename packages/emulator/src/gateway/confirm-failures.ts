/**
 * Which failed confirms end the buyer's authenticated session (IN_PROGRESS → ABORTED, `failure` set, a
 * PAYMENT_STATUS_CHANGED webhook), as the gateway does it.
 *
 * Source: docs.tosspayments.com/reference ("Payment 객체", `status`: "ABORTED: 결제 승인이 실패된 상태") and
 * docs.tosspayments.com/reference/error-codes (the 결제 승인 table, and its example of an ABORTED payment whose
 * `failure` holds the error): when the card company, bank, carrier or easy-pay provider refuses the approval, the
 * payment is ABORTED and the buyer must pay again with a new request.
 *
 * Not aborting: a refused request (validation, keys, unknown or already processed payment, idempotency, consecutive
 * requests) never reached an approval; a temporary failure (PROVIDER_ERROR, CARD_PROCESSING_ERROR, NOT_AVAILABLE_BANK,
 * the 5xx family) is answered "잠시 후 다시 시도해주세요" and the same confirm may be sent again within the session's
 * 10 minutes. The docs are silent on the session after a 5xx (their ABORTED example carries COMMON_ERROR): the
 * emulator keeps it open, the reading that lets a shop's documented retry succeed.
 */

const REFUSALS_OF_THE_APPROVAL = [
  // the card company refused the card
  'INVALID_CARD',
  'INVALID_CARD_EXPIRATION',
  'INVALID_CARD_IDENTITY',
  'INVALID_CARD_LOST_OR_STOLEN',
  'INVALID_CARD_NUMBER',
  'INVALID_CARD_PASSWORD',
  'INVALID_REJECT_CARD',
  'INVALID_STOPPED_CARD',
  'NOT_ALLOWED_POINT_USE',
  'NOT_SUPPORTED_CARD_TYPE',
  'REJECT_CARD_COMPANY',
  'REJECT_CARD_PAYMENT',
  // limits of the card, the account or the buyer
  'EXCEED_MAX_AMOUNT',
  'EXCEED_MAX_AUTH_COUNT',
  'EXCEED_MAX_DAILY_PAYMENT_COUNT',
  'EXCEED_MAX_ONE_DAY_AMOUNT',
  'EXCEED_MAX_ONE_DAY_WITHDRAW_AMOUNT',
  'EXCEED_MAX_ONE_TIME_WITHDRAW_AMOUNT',
  'EXCEED_MAX_PAYMENT_AMOUNT',
  'EXCEED_UNKNOWN_CASE',
  // the bank or the easy-pay provider refused the account
  'INVALID_ACCOUNT_INFO_RE_REGISTER',
  'REJECT_ACCOUNT_PAYMENT',
  'REJECT_TOSSPAY_INVALID_ACCOUNT',
  'RESTRICTED_TRANSFER_ACCOUNT',
  'USER_ACCOUNT_ON_HOLD',
  // the buyer's own authentication, or the gateway's fraud check
  'INVALID_PASSWORD',
  'FDS_ERROR',
  // the window's own endings (failUrl codes), when a test arms them at confirm
  'PAY_PROCESS_ABORTED',
  'PAY_PROCESS_CANCELED',
] as const;

const ABORTING = new Set<string>(REFUSALS_OF_THE_APPROVAL);

/** True when a confirm failing with `code` ends the authenticated session (the payment becomes ABORTED). */
export function confirmFailureAbortsSession(code: string): boolean {
  return ABORTING.has(code);
}
