import { describe, expect, it } from 'vitest';
import { ERROR_CLASSES } from './error-class.js';
import { classifyGatewayCode } from './gateway-error.js';
import { GATEWAY_ERRORS, isGatewayErrorCode } from './gateway-errors.js';

// Every code of spec §6 with the HTTP status the spec gives it.
const SPEC_SECTION_6: ReadonlyArray<readonly [string, number]> = [
  ['ALREADY_PROCESSED_PAYMENT', 400],
  ['PROVIDER_ERROR', 400],
  ['INVALID_REQUEST', 400],
  ['INVALID_API_KEY', 400],
  ['BELOW_MINIMUM_AMOUNT', 400],
  ['EXCEED_MAX_AMOUNT', 400],
  ['EXCEED_MAX_PAYMENT_AMOUNT', 400],
  ['EXCEED_MAX_DAILY_PAYMENT_COUNT', 400],
  ['EXCEED_MAX_CARD_INSTALLMENT_PLAN', 400],
  ['INVALID_CARD_INSTALLMENT_PLAN', 400],
  ['NOT_SUPPORTED_INSTALLMENT_PLAN_CARD_OR_MERCHANT', 400],
  ['INVALID_CARD_NUMBER', 400],
  ['INVALID_CARD_EXPIRATION', 400],
  ['INVALID_STOPPED_CARD', 400],
  ['INVALID_CARD_LOST_OR_STOLEN', 400],
  ['INVALID_REJECT_CARD', 400],
  ['UNAPPROVED_ORDER_ID', 400],
  ['CARD_PROCESSING_ERROR', 400],
  ['ALREADY_CANCELED_PAYMENT', 400],
  ['NOT_MATCHES_REFUNDABLE_AMOUNT', 400],
  ['INVALID_REFUND_ACCOUNT_INFO', 400],
  ['INVALID_REFUND_ACCOUNT_NUMBER', 400],
  ['INVALID_BANK', 400],
  ['REFUND_REJECTED', 400],
  ['ALREADY_REFUND_PAYMENT', 400],
  ['FORBIDDEN_BANK_REFUND_REQUEST', 400],
  ['EXCEED_CANCEL_AMOUNT_DISCOUNT_AMOUNT', 400],
  ['DUPLICATED_ORDER_ID', 400],
  ['NOT_MATCHES_CUSTOMER_KEY', 400],
  ['INVALID_BILL_KEY_REQUEST', 400],
  ['INVALID_ORDER_ID', 400],
  ['INVALID_ORDER_NAME', 400],
  ['INVALID_CUSTOMER_KEY', 400],
  ['INVALID_EMAIL', 400],
  ['INVALID_CURRENCY', 400],
  ['INVALID_IDEMPOTENCY_KEY', 400],
  ['INVALID_TEST_CODE', 400],
  ['API_VERSION_UPDATE_NEEDED', 400],
  ['EXCEEDS_TRANSFER_AMOUNT_MAXIMUM', 400],
  ['UNAUTHORIZED_KEY', 401],
  ['INCORRECT_BASIC_AUTH_FORMAT', 403],
  ['REJECT_CARD_PAYMENT', 403],
  ['REJECT_CARD_COMPANY', 403],
  ['REJECT_ACCOUNT_PAYMENT', 403],
  ['FORBIDDEN_REQUEST', 403],
  ['FORBIDDEN_CONSECUTIVE_REQUEST', 403],
  ['FDS_ERROR', 403],
  ['NOT_CANCELABLE_AMOUNT', 403],
  ['NOT_CANCELABLE_PAYMENT', 403],
  ['EXCEED_MAX_REFUND_DUE', 403],
  ['EXCEED_MAX_REFUND_AMOUNT', 403],
  ['EXCEED_CANCEL_LIMIT', 403],
  ['NOT_ALLOWED_PARTIAL_REFUND', 403],
  ['NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT', 403],
  ['NOT_AVAILABLE_BANK', 403],
  ['NOT_CANCELABLE_PAYMENT_FOR_DORMANT_USER', 403],
  ['NOT_FOUND_PAYMENT', 404],
  ['NOT_FOUND_PAYMENT_SESSION', 404],
  ['NOT_FOUND', 404],
  ['NOT_FOUND_BILLING', 404],
  ['IDEMPOTENT_REQUEST_PROCESSING', 409],
  ['FAILED_INTERNAL_SYSTEM_PROCESSING', 500],
  ['FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING', 500],
  ['FAILED_REFUND_PROCESS', 500],
  ['FAILED_PARTIAL_REFUND', 500],
  ['FAILED_METHOD_HANDLING', 500],
  ['FAILED_METHOD_HANDLING_CANCEL', 500],
  ['COMMON_ERROR', 500],
  ['UNKNOWN_PAYMENT_ERROR', 500],
  ['UNKNOWN_ERROR', 500],
];

describe('GATEWAY_ERRORS', () => {
  it.each(SPEC_SECTION_6)('has %s with status %i', (code, status) => {
    expect(isGatewayErrorCode(code)).toBe(true);
    expect(GATEWAY_ERRORS[code]?.status).toBe(status);
  });

  it('also carries the other common codes of the docs’ full list', () => {
    expect(GATEWAY_ERRORS['INVALID_CARD_EXPIRATION']?.status).toBe(400);
    expect(GATEWAY_ERRORS['NTS_ERROR']).toBeDefined();
    expect(GATEWAY_ERRORS['EXCEED_MAX_ONE_DAY_AMOUNT']?.status).toBe(403);
    expect(GATEWAY_ERRORS['INVALID_PASSWORD']?.status).toBe(403);
    expect(GATEWAY_ERRORS['BELOW_ZERO_AMOUNT']?.status).toBe(400);
    expect(GATEWAY_ERRORS['PAY_PROCESS_CANCELED']?.status).toBe(400);
    expect(Object.keys(GATEWAY_ERRORS).length).toBeGreaterThan(150);
  });

  it('uses the gateway’s documented messages', () => {
    expect(GATEWAY_ERRORS['NOT_FOUND_PAYMENT']).toMatchObject({
      ko: '존재하지 않는 결제 정보 입니다.',
      en: 'The payment does not exist.',
    });
    expect(GATEWAY_ERRORS['FORBIDDEN_CONSECUTIVE_REQUEST']?.ko).toBe(
      '반복적인 요청은 허용되지 않습니다. 잠시 후 다시 시도해주세요.',
    );
    expect(GATEWAY_ERRORS['ALREADY_PROCESSED_PAYMENT']?.ko).toBe('이미 처리된 결제 입니다.');
    expect(GATEWAY_ERRORS['IDEMPOTENT_REQUEST_PROCESSING']?.ko).toBe('이전 멱등 요청이 처리중입니다.');
    expect(GATEWAY_ERRORS['INVALID_IDEMPOTENCY_KEY']?.ko).toBe('멱등키는 300자 이하여야 합니다.');
  });

  it('every entry is well formed and agrees with classifyGatewayCode', () => {
    for (const [code, entry] of Object.entries(GATEWAY_ERRORS)) {
      expect(code, code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.status, code).toBeLessThan(600);
      expect(ERROR_CLASSES, code).toContain(entry.errorClass);
      expect(entry.ko.length, code).toBeGreaterThan(0);
      expect(entry.en.length, code).toBeGreaterThan(0);
      expect(entry.ko, code).toMatch(/[\uac00-\ud7a3]/);
      expect(entry.en, code).not.toMatch(/[\uac00-\ud7a3]/);
      expect(classifyGatewayCode(code, entry.status), code).toBe(entry.errorClass);
      // a 5xx that is not transient would stop retries on gateway outages
      if (entry.status >= 500) expect(entry.errorClass, code).toBe('transient');
    }
  });
});
