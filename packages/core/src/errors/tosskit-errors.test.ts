import { describe, expect, it } from 'vitest';
import { GATEWAY_ERRORS } from './gateway-errors.js';
import { TOSSKIT_ERRORS, isTosskitErrorCode } from './tosskit-errors.js';

const REQUIRED: ReadonlyArray<readonly [string, number]> = [
  ['CONFIGURATION_ERROR', 500],
  ['VALIDATION_ERROR', 400],
  ['INVALID_AMOUNT', 400],
  ['AMOUNT_MISMATCH', 400],
  ['ORDER_NOT_FOUND', 404],
  ['ORDER_NOT_PAYABLE', 409],
  ['PAYMENT_NOT_FOUND', 404],
  ['INVALID_STATE_TRANSITION', 409],
  ['INVALID_ORDER_ID', 400],
  ['INVALID_PAYMENT_KEY', 400],
  ['INVALID_CUSTOMER_KEY', 400],
  ['INVALID_BILLING_KEY', 400],
  ['INVALID_AUTH_KEY', 400],
  ['INVALID_TRANSACTION_KEY', 400],
  ['INVALID_RECEIPT_KEY', 400],
  ['MISSING_PARAMETER', 400],
  ['UNSUPPORTED_MEDIA_TYPE', 415],
  ['PAYLOAD_TOO_LARGE', 413],
  ['METHOD_NOT_ALLOWED', 405],
  ['ROUTE_NOT_FOUND', 404],
  ['UNAUTHORIZED', 401],
  ['FORBIDDEN', 403],
  ['CANCEL_AMOUNT_EXCEEDS_BALANCE', 400],
  ['PARTIAL_CANCEL_NOT_ALLOWED', 400],
  ['REFUND_ACCOUNT_REQUIRED', 400],
  ['PAYMENT_NOT_CANCELABLE', 409],
  ['WEBHOOK_REJECTED', 400],
  ['WEBHOOK_PAYMENT_UNKNOWN', 404],
  ['WEBHOOK_UNVERIFIED', 503],
  ['INVALID_WEBHOOK_BODY', 400],
  ['INVALID_WEBHOOK_SIGNATURE', 401],
  ['RAW_BODY_REQUIRED', 400],
  ['CONFIRM_IN_PROGRESS', 409],
  ['PAYMENT_COMPENSATED', 409],
  ['GATEWAY_UNAVAILABLE', 503],
  ['GATEWAY_TIMEOUT', 504],
  ['LEDGER_UNAVAILABLE', 503],
  ['NETWORK_ERROR', 502],
  ['BILLING_KEY_NOT_FOUND', 404],
  ['INTERNAL_ERROR', 500],
];

describe('TOSSKIT_ERRORS', () => {
  it.each(REQUIRED)('has %s with status %i', (code, status) => {
    expect(isTosskitErrorCode(code)).toBe(true);
    expect((TOSSKIT_ERRORS as Record<string, { status: number }>)[code]?.status).toBe(status);
  });

  it('has a Korean and an English message for every code, placeholders only inside ( ) groups', () => {
    for (const [code, entry] of Object.entries(TOSSKIT_ERRORS)) {
      expect(entry.ko, code).toMatch(/[\uac00-\ud7a3]/);
      expect(entry.en, code).not.toMatch(/[\uac00-\ud7a3]/);
      for (const text of [entry.ko, entry.en]) {
        const outside = text.replace(/\([^()]*\)/g, '');
        expect(outside, `${code}: ${text}`).not.toMatch(/\{[A-Za-z_]+\}/);
      }
      // the two languages must ask for the same parameters
      const names = (t: string) => [...t.matchAll(/\{([A-Za-z_]+)\}/g)].map((m) => m[1]).sort();
      expect(names(entry.en), code).toEqual(names(entry.ko));
    }
  });

  it('tells the developer what to fix where the developer caused it', () => {
    // in the developer's text (log, `detail` outside production), never in the buyer's
    expect(TOSSKIT_ERRORS.CONFIGURATION_ERROR.developer.en).toContain('{option}');
    expect(TOSSKIT_ERRORS.ORDER_NOT_FOUND.developer.en).toContain('orderLookup');
    expect(TOSSKIT_ERRORS.ORDER_NOT_FOUND.en).not.toContain('orderLookup');
    expect(TOSSKIT_ERRORS.REFUND_ACCOUNT_REQUIRED.en).toContain('refundReceiveAccount');
    expect(TOSSKIT_ERRORS.UNSUPPORTED_MEDIA_TYPE.en).toContain('application/json');
    expect(TOSSKIT_ERRORS.PARTIAL_CANCEL_NOT_ALLOWED.en).toContain('cancelAmount');
  });

  it('does not shadow a gateway code with a different status', () => {
    for (const [code, entry] of Object.entries(TOSSKIT_ERRORS)) {
      const gateway = GATEWAY_ERRORS[code];
      if (gateway !== undefined) expect(entry.status, code).toBe(gateway.status);
    }
  });
});
