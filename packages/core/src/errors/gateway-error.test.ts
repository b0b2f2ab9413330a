import { describe, expect, it } from 'vitest';
import { GatewayError, classifyGatewayCode, isGatewayError } from './gateway-error.js';
import { TosskitError } from './tosskit-error.js';

describe('classifyGatewayCode', () => {
  it('classifies by code, not by HTTP status', () => {
    // 400s and a 403 that go away on retry
    expect(classifyGatewayCode('PROVIDER_ERROR', 400)).toBe('transient');
    expect(classifyGatewayCode('CARD_PROCESSING_ERROR', 400)).toBe('transient');
    expect(classifyGatewayCode('FORBIDDEN_CONSECUTIVE_REQUEST', 403)).toBe('transient');
    expect(classifyGatewayCode('IDEMPOTENT_REQUEST_PROCESSING', 409)).toBe('transient');
    expect(classifyGatewayCode('NOT_AVAILABLE_BANK', 403)).toBe('transient');
  });

  it('puts the 5xx family in transient', () => {
    for (const code of [
      'FAILED_INTERNAL_SYSTEM_PROCESSING',
      'FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING',
      'FAILED_REFUND_PROCESS',
      'FAILED_PARTIAL_REFUND',
      'FAILED_METHOD_HANDLING',
      'FAILED_METHOD_HANDLING_CANCEL',
      'COMMON_ERROR',
      'UNKNOWN_PAYMENT_ERROR',
      'UNKNOWN_ERROR',
    ]) {
      expect(classifyGatewayCode(code), code).toBe('transient');
    }
  });

  it('knows state, decline and config codes', () => {
    expect(classifyGatewayCode('ALREADY_PROCESSED_PAYMENT')).toBe('state');
    expect(classifyGatewayCode('ALREADY_CANCELED_PAYMENT')).toBe('state');
    expect(classifyGatewayCode('UNAPPROVED_ORDER_ID')).toBe('state');
    for (const code of [
      'REJECT_CARD_COMPANY',
      'REJECT_CARD_PAYMENT',
      'REJECT_ACCOUNT_PAYMENT',
      'INVALID_STOPPED_CARD',
      'FDS_ERROR',
      'EXCEED_MAX_AMOUNT',
    ]) {
      expect(classifyGatewayCode(code), code).toBe('decline');
    }
    for (const code of [
      'UNAUTHORIZED_KEY',
      'INVALID_API_KEY',
      'INCORRECT_BASIC_AUTH_FORMAT',
      'API_VERSION_UPDATE_NEEDED',
    ]) {
      expect(classifyGatewayCode(code), code).toBe('config');
    }
    expect(classifyGatewayCode('INVALID_REQUEST')).toBe('fatal');
    expect(classifyGatewayCode('NOT_FOUND_PAYMENT_SESSION')).toBe('fatal');
  });

  it('treats unknown codes as fatal unless the status is 5xx or 429', () => {
    expect(classifyGatewayCode('SOMETHING_NEW', 400)).toBe('fatal');
    expect(classifyGatewayCode('SOMETHING_NEW')).toBe('fatal');
    expect(classifyGatewayCode('SOMETHING_NEW', 500)).toBe('transient');
    expect(classifyGatewayCode('SOMETHING_NEW', 503)).toBe('transient');
    expect(classifyGatewayCode('SOMETHING_NEW', 429)).toBe('transient');
    expect(classifyGatewayCode('NETWORK_ERROR')).toBe('transient');
    expect(classifyGatewayCode('GATEWAY_TIMEOUT')).toBe('transient');
  });
});

describe('GatewayError', () => {
  it('keeps the gateway code, status and message, and derives errorClass and retryable', () => {
    const err = new GatewayError({
      code: 'REJECT_CARD_COMPANY',
      status: 403,
      message: '결제 승인이 거절되었습니다.',
    });
    expect(err).toBeInstanceOf(TosskitError);
    expect(isGatewayError(err)).toBe(true);
    expect(err.code).toBe('REJECT_CARD_COMPANY');
    expect(err.status).toBe(403);
    expect(err.errorClass).toBe('decline');
    expect(err.retryable).toBe(false);
    expect(err.gatewayMessage).toBe('결제 승인이 거절되었습니다.');
    expect(err.message).toBe('결제 승인이 거절되었습니다.');
  });

  it('PROVIDER_ERROR is a retryable 400', () => {
    const err = new GatewayError('PROVIDER_ERROR', 400, '일시적인 오류');
    expect(err.status).toBe(400);
    expect(err.retryable).toBe(true);
    expect(err.errorClass).toBe('transient');
  });

  it('defaults the status from the catalogue, and network failures to 502', () => {
    expect(new GatewayError({ code: 'NOT_FOUND_PAYMENT' }).status).toBe(404);
    const net = new GatewayError({ code: 'NETWORK_ERROR', cause: new Error('ECONNRESET') });
    expect(net.status).toBe(502);
    expect(net.retryable).toBe(true);
    expect(net.gatewayMessage).toBeUndefined();
    expect(net.message.length).toBeGreaterThan(0);
    expect(new GatewayError({ code: 'GATEWAY_TIMEOUT' }).status).toBe(504);
    expect(new GatewayError({ code: 'NEVER_SEEN' }).status).toBe(502);
  });

  it('lets the caller override the class', () => {
    const err = new GatewayError({ code: 'INVALID_REQUEST', status: 400, errorClass: 'state' });
    expect(err.errorClass).toBe('state');
    expect(err.retryable).toBe(false);
  });
});
