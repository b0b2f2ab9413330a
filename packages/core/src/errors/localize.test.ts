import { describe, expect, it } from 'vitest';
import { GatewayError } from './gateway-error.js';
import { localizeError, resolveLocale } from './localize.js';
import { developerMessageFor, messageFor } from './message-for.js';
import { AmountMismatchError, NotFoundError, TosskitError, ValidationError } from './tosskit-error.js';

describe('messageFor', () => {
  it('returns the catalogue text in the asked language', () => {
    expect(messageFor('NOT_FOUND_PAYMENT', 'ko')).toBe('존재하지 않는 결제 정보 입니다.');
    expect(messageFor('NOT_FOUND_PAYMENT', 'en')).toBe('The payment does not exist.');
    expect(messageFor('ROUTE_NOT_FOUND', 'en')).toBe('No such route.');
    expect(messageFor('ROUTE_NOT_FOUND')).toBe('존재하지 않는 경로입니다.');
  });

  it('fills {name} placeholders and drops a ( ) group whose value is missing', () => {
    expect(messageFor('CASH_RECEIPT_NOT_FOUND', 'en', { receiptKey: 'rk-1' })).toContain(
      '(receiptKey: rk-1)',
    );
    const withoutParams = messageFor('CASH_RECEIPT_NOT_FOUND', 'en');
    expect(withoutParams).not.toContain('{');
    expect(withoutParams).toBe('The cash receipt was not found.');
    // the developer's text of AMOUNT_MISMATCH carries the numbers; the buyer's carries none
    expect(developerMessageFor('AMOUNT_MISMATCH', 'en', { expected: 15000, received: '1500' })).toContain(
      'Order: 15000, received: 1500.',
    );
    expect(messageFor('AMOUNT_MISMATCH', 'en', { expected: 15000, received: '1500' })).not.toContain('15000');
    expect(messageFor('INVALID_STATE_TRANSITION', 'ko', { from: 'DONE', to: 'READY' })).toContain('DONE');
  });

  it('caps long parameter values and ignores non-primitive ones', () => {
    const long = 'x'.repeat(500);
    expect(messageFor('INVALID_AMOUNT', 'en', { received: long }).length).toBeLessThan(200);
    expect(messageFor('INVALID_AMOUNT', 'en', { received: { a: 1 } })).not.toContain('received:');
  });

  it('gives unknown codes a generic sentence with the code', () => {
    expect(messageFor('NO_SUCH_CODE', 'en')).toContain('NO_SUCH_CODE');
    expect(messageFor('NO_SUCH_CODE', 'ko')).toContain('NO_SUCH_CODE');
  });
});

describe('resolveLocale', () => {
  it.each([
    [undefined, 'ko'],
    [null, 'ko'],
    ['', 'ko'],
    ['ko', 'ko'],
    ['ko-KR', 'ko'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['en;q=0.9', 'en'],
    ['fr-FR, en;q=0.5', 'en'],
    ['fr-FR', 'ko'],
    ['*', 'ko'],
    ['ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7', 'ko'],
    ['en-US,en;q=0.9,ko;q=0.8', 'en'],
    ['ko;q=0.5, en;q=0.8', 'en'],
    ['en;q=0.5, ko;q=0.8', 'ko'],
    ['en, ko', 'en'],
    ['ko, en', 'ko'],
    ['en;q=0', 'ko'],
    ['en;q=abc', 'ko'],
  ] as const)('%s → %s', (header, expected) => {
    expect(resolveLocale(header)).toBe(expected);
  });
});

describe('localizeError', () => {
  it('words validation issues in English for an English answer (tosskit writes its own in Korean)', () => {
    const error = new ValidationError('VALIDATION_ERROR', {
      issues: [
        { path: 'cancelAmount', message: 'cancelAmount는 0보다 커야 합니다.' },
        { path: 'amount', message: 'Invalid input: expected number, received string' },
      ],
    });
    expect(localizeError(error, 'en').body.details).toEqual({
      issues: [
        { path: 'cancelAmount', message: 'cancelAmount is invalid.' },
        { path: 'amount', message: 'Invalid input: expected number, received string' },
      ],
    });
    expect(localizeError(error, 'ko').body.details).toEqual(error.details);
  });

  it('gives a TosskitError its code’s message in the locale and keeps the details', () => {
    const err = new AmountMismatchError(15000, '1500');
    const en = localizeError(err, 'en');
    expect(en.status).toBe(400);
    expect(en.body.code).toBe('AMOUNT_MISMATCH');
    expect(en.body.message).toContain('The payment amount does not match the order');
    expect(en.body.details).toEqual({ expected: 15000, received: '1500' });
    expect(en.body).not.toHaveProperty('detail');
    const ko = localizeError(err, 'ko', { developerDetail: true });
    expect(ko.body.message).toContain('결제 금액이 주문 금액과 달라');
    expect(ko.body.detail).toBe(
      '주문 금액: 15000, 받은 금액: 1500. 결제 요청에는 서버가 계산한 주문 금액을 사용하세요.',
    );
  });

  it('keeps validation issues', () => {
    const err = new ValidationError('VALIDATION_ERROR', {
      issues: [{ path: 'orderId', message: 'too short' }],
    });
    expect(localizeError(err, 'en')).toEqual({
      status: 400,
      body: {
        code: 'VALIDATION_ERROR',
        message: messageFor('VALIDATION_ERROR', 'en'),
        details: { issues: [{ path: 'orderId', message: 'too short' }] },
      },
    });
  });

  it('uses the thrower’s message for a code outside the catalogue', () => {
    const err = new TosskitError('SHOP_RULE', 422, '재고가 없습니다.');
    expect(localizeError(err, 'en')).toEqual({
      status: 422,
      body: { code: 'SHOP_RULE', message: '재고가 없습니다.' },
    });
  });

  it('keeps a GatewayError’s code and status, localizing known codes', () => {
    const err = new GatewayError({
      code: 'REJECT_CARD_COMPANY',
      status: 403,
      message: '결제 승인이 거절되었습니다.',
    });
    expect(localizeError(err, 'en')).toEqual({
      status: 403,
      body: { code: 'REJECT_CARD_COMPANY', message: 'Payment confirm is rejected' },
    });
    const provider = new GatewayError({ code: 'PROVIDER_ERROR', status: 400 });
    expect(localizeError(provider, 'ko').status).toBe(400);
    const net = new GatewayError({ code: 'NETWORK_ERROR' });
    expect(localizeError(net, 'en')).toMatchObject({ status: 502, body: { code: 'NETWORK_ERROR' } });
  });

  it('passes through the gateway’s message for unknown codes and provider pass-through codes', () => {
    const unknown = new GatewayError({ code: 'BRAND_NEW_CODE', status: 400, message: '새로운 오류' });
    expect(localizeError(unknown, 'en').body).toEqual({ code: 'BRAND_NEW_CODE', message: '새로운 오류' });
    const provider = new GatewayError({
      code: 'FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING',
      status: 500,
      message: '카드사 점검 시간입니다.',
    });
    expect(localizeError(provider, 'ko').body.message).toBe('카드사 점검 시간입니다.');
  });

  it('words a code tosskit checks itself with the case’s numbers, but keeps the gateway’s wording on a GatewayError', () => {
    const ours = new ValidationError('BELOW_MINIMUM_AMOUNT', {
      method: 'MOBILE_PHONE',
      minimum: 300,
      amount: 250,
    });
    expect(localizeError(ours, 'en').body.message).toContain('minimum: 300 KRW');
    const theirs = new GatewayError({ code: 'BELOW_MINIMUM_AMOUNT', status: 400 });
    expect(localizeError(theirs, 'en').body.message).toBe(
      'Payment can be made from 100 won or more by credit card, and 200 won or more for account.',
    );
  });

  it('turns anything else into a 500 INTERNAL_ERROR without the original message or stack', () => {
    for (const thrown of [
      new TypeError('Cannot read properties of undefined (reading "x") at /srv/app.js:10'),
      new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'),
      'a string',
      null,
      undefined,
      { code: 'FAKE', status: 400, message: 'looks like an error' },
    ]) {
      const out = localizeError(thrown, 'en');
      expect(out).toEqual({
        status: 500,
        body: { code: 'INTERNAL_ERROR', message: messageFor('INTERNAL_ERROR', 'en') },
      });
      const json = JSON.stringify(out);
      expect(json).not.toContain('ECONNREFUSED');
      expect(json).not.toContain('hunter2');
      expect(json).not.toContain('app.js');
      expect(json).not.toContain('looks like');
    }
    expect(localizeError(new Error('x'), 'ko').body.message).toBe(messageFor('INTERNAL_ERROR', 'ko'));
  });

  it('never answers a non-error status', () => {
    const weird = new TosskitError('ODD', 200, 'odd');
    expect(localizeError(weird, 'ko').status).toBe(500);
    expect(localizeError(new NotFoundError('ORDER_NOT_FOUND'), 'ko').status).toBe(404);
  });
});
