import { describe, expect, it } from 'vitest';
import {
  AmountMismatchError,
  ConfigurationError,
  InvalidStateTransitionError,
  NotFoundError,
  TosskitError,
  ValidationError,
  isTosskitError,
} from './tosskit-error.js';

describe('TosskitError subclasses', () => {
  it('ConfigurationError is a 500 CONFIGURATION_ERROR that keeps the message naming the option', () => {
    const err = new ConfigurationError(
      'CONFIGURATION_ERROR',
      'secretKey is missing: pass options.secretKey',
      {
        option: 'secretKey',
      },
    );
    expect(err).toBeInstanceOf(TosskitError);
    expect(err.status).toBe(500);
    expect(err.code).toBe('CONFIGURATION_ERROR');
    expect(err.message).toBe('secretKey is missing: pass options.secretKey');
    expect(err.details).toEqual({ option: 'secretKey' });
    expect(err.name).toBe('ConfigurationError');
  });

  it('ConfigurationError accepts a message alone (default code) and fills the catalogue message when none is given', () => {
    const byMessage = new ConfigurationError('basePath must start with "/"');
    expect(byMessage.code).toBe('CONFIGURATION_ERROR');
    expect(byMessage.message).toBe('basePath must start with "/"');
    const byCode = new ConfigurationError(undefined, { option: 'orderLookup' });
    expect(byCode.code).toBe('CONFIGURATION_ERROR');
    expect(byCode.message).toContain('orderLookup');
  });

  it('ValidationError is a 400 VALIDATION_ERROR by default and always carries details.issues', () => {
    const err = new ValidationError();
    expect(err.status).toBe(400);
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(err.details.issues).toEqual([]);
    expect(err.message.length).toBeGreaterThan(0);

    const withIssues = new ValidationError('VALIDATION_ERROR', 'bad body', {
      issues: [{ path: 'amount', message: 'must be a number' }],
    });
    expect(withIssues.issues).toEqual([{ path: 'amount', message: 'must be a number' }]);
    expect(withIssues.message).toBe('bad body');
  });

  it('ValidationError takes another code and uses that code’s catalogue message', () => {
    const err = new ValidationError('INVALID_AMOUNT', { received: '1e3' });
    expect(err.code).toBe('INVALID_AMOUNT');
    expect(err.status).toBe(400);
    expect(err.details).toEqual({ received: '1e3', issues: [] });
    expect(err.message).toContain('1e3');
  });

  it('AmountMismatchError is a 400 AMOUNT_MISMATCH with expected and received', () => {
    const err = new AmountMismatchError(15000, '1500');
    expect(err.status).toBe(400);
    expect(err.code).toBe('AMOUNT_MISMATCH');
    expect(err.details).toEqual({ expected: 15000, received: '1500' });
    expect(err.message).toContain('15000');
    expect(new AmountMismatchError({ expected: 1, received: 2 }).details).toEqual({
      expected: 1,
      received: 2,
    });
  });

  it('InvalidStateTransitionError is a 409 with from and to', () => {
    const err = new InvalidStateTransitionError('CANCELED', 'DONE');
    expect(err.status).toBe(409);
    expect(err.code).toBe('INVALID_STATE_TRANSITION');
    expect(err.details).toEqual({ from: 'CANCELED', to: 'DONE' });
    expect(err.message).toContain('CANCELED');
  });

  it('NotFoundError is a 404 with the given code', () => {
    const err = new NotFoundError('ORDER_NOT_FOUND', { orderId: 'order-123456' });
    expect(err.status).toBe(404);
    expect(err.code).toBe('ORDER_NOT_FOUND');
    expect(err.message).toContain('order-123456');
    expect(new NotFoundError('PAYMENT_NOT_FOUND', 'no such payment').message).toBe('no such payment');
  });

  it('every subclass is a TosskitError and an Error; toJSON has no stack', () => {
    const errors = [
      new ConfigurationError('x'),
      new ValidationError(),
      new AmountMismatchError(1, 2),
      new InvalidStateTransitionError('READY', 'DONE'),
      new NotFoundError('ORDER_NOT_FOUND'),
    ];
    for (const err of errors) {
      expect(err).toBeInstanceOf(Error);
      expect(isTosskitError(err)).toBe(true);
      expect(Object.keys(err.toJSON()).sort()).toEqual(
        err.details === undefined ? ['code', 'message'] : ['code', 'details', 'message'],
      );
      expect(JSON.stringify(err)).not.toContain('at ');
    }
    expect(isTosskitError(new Error('x'))).toBe(false);
  });
});
