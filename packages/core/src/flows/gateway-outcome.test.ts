// The outcome rule, one outcome at a time: which answers let tosskit say "the payment did not happen".
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/index.js';
import { createLostAnswerError } from '../gateway/gateway-errors.js';
import { makeDoneCardPayment } from '../testing/fixtures.js';
import {
  CONFIRM_WINDOW_MARGIN_MS,
  CONFIRM_WINDOW_MS,
  isConfirmWindowOver,
  isDefiniteRefusal,
  isNotFound,
} from './gateway-outcome.js';
import { flowError } from './flow-errors.js';

describe('isDefiniteRefusal', () => {
  it.each([
    ['REJECT_CARD_COMPANY', 403],
    ['INVALID_CARD_NUMBER', 400],
    ['EXCEED_MAX_AMOUNT', 400],
    ['NOT_FOUND_PAYMENT_SESSION', 404],
    ['UNAUTHORIZED_KEY', 401],
  ])('a decline or refusal on its face (%s) is definite', (code, status) => {
    expect(isDefiniteRefusal(new GatewayError(code, status))).toBe(true);
  });

  it.each([
    ['PROVIDER_ERROR', 400],
    ['FAILED_INTERNAL_SYSTEM_PROCESSING', 500],
    ['IDEMPOTENT_REQUEST_PROCESSING', 409],
    ['ALREADY_PROCESSED_PAYMENT', 400],
    ['FORBIDDEN_CONSECUTIVE_REQUEST', 403],
    ['SOME_NEW_CODE', 502],
  ])('%s (%i) is not: the gateway may have approved, or may still', (code, status) => {
    expect(isDefiniteRefusal(new GatewayError(code, status))).toBe(false);
  });

  it('lost answers are not definite: timeouts, resets, unreadable answers', () => {
    for (const code of [
      'NETWORK_ERROR',
      'GATEWAY_TIMEOUT',
      'INVALID_GATEWAY_RESPONSE',
      'REQUEST_ABORTED',
    ] as const)
      expect(isDefiniteRefusal(createLostAnswerError(code, new Error('x'), [])), code).toBe(false);
  });

  it("tosskit's own 4xx before sending is definite; its 5xx and anything unknown are not", () => {
    expect(isDefiniteRefusal(flowError('INVALID_AMOUNT'))).toBe(true);
    expect(isDefiniteRefusal(flowError('LEDGER_UNAVAILABLE'))).toBe(false);
    expect(isDefiniteRefusal(new Error('socket hang up'))).toBe(false);
    expect(isDefiniteRefusal('weird')).toBe(false);
  });
});

describe('isNotFound', () => {
  it('only the 404 "no such payment" codes', () => {
    expect(isNotFound(new GatewayError('NOT_FOUND_PAYMENT', 404))).toBe(true);
    expect(isNotFound(new GatewayError('NOT_FOUND', 404))).toBe(true);
    expect(isNotFound(new GatewayError('PROVIDER_ERROR', 400))).toBe(false);
    expect(isNotFound(new GatewayError('NOT_FOUND_PAYMENT_SESSION', 404))).toBe(false);
  });
});

describe('isConfirmWindowOver', () => {
  const requestedAt = '2026-11-22T10:00:00+09:00';
  const start = Date.parse(requestedAt);
  const payment = makeDoneCardPayment({ status: 'IN_PROGRESS', requestedAt });

  it('counts from the payment requestedAt, with a margin for clock skew', () => {
    expect(isConfirmWindowOver(payment, 0, start + CONFIRM_WINDOW_MS)).toBe(false);
    expect(isConfirmWindowOver(payment, 0, start + CONFIRM_WINDOW_MS + CONFIRM_WINDOW_MARGIN_MS)).toBe(false);
    expect(isConfirmWindowOver(payment, 0, start + CONFIRM_WINDOW_MS + CONFIRM_WINDOW_MARGIN_MS + 1)).toBe(
      true,
    );
  });

  it('falls back to the claim start when the payment carries no readable requestedAt', () => {
    const bare = { ...payment, requestedAt: 'not a date' };
    expect(isConfirmWindowOver(bare, 1_000, 1_000 + CONFIRM_WINDOW_MS)).toBe(false);
    expect(isConfirmWindowOver(bare, 1_000, 1_000 + CONFIRM_WINDOW_MS + CONFIRM_WINDOW_MARGIN_MS + 1)).toBe(
      true,
    );
  });
});
