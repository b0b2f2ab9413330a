/**
 * Errors are recognised by their brand (`Symbol.for('tosskit.error')`), not by `instanceof`: an error made by a
 * second copy of @tosskit/core in the same process (ESM beside CJS, two versions) is still a tosskit error, in
 * the helpers and in the handler's answers.
 */
import { createEmulator, type Emulator } from '@tosskit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaymentHandler } from '../http/create-payment-handler.js';
import { answerToResponse } from '../http/answer.js';
import { errorAnswer } from '../http/http-io.js';
import { createCollectingLogger } from '../testing/collecting-logger.js';
import { SHOP } from '../testing/handler-test-support.js';
import { GatewayError, isGatewayError } from './gateway-error.js';
import { localizeError } from './localize.js';
import { isTosskitError, TosskitError } from './tosskit-error.js';

/** What another copy of the package builds: its own classes, the same brands by name. */
class SecondCopyTosskitError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
  ) {
    super(`second copy: ${code}`);
    Object.defineProperty(this, Symbol.for('tosskit.error'), { value: true });
  }
}

let emulator: Emulator;
beforeAll(async () => {
  emulator = await createEmulator();
});
afterAll(async () => {
  await emulator.close();
});

describe('isTosskitError / isGatewayError', () => {
  it('recognise errors of this copy', () => {
    expect(isTosskitError(new TosskitError('ORDER_NOT_FOUND', 404, 'x'))).toBe(true);
    const gateway = new GatewayError({ code: 'REJECT_CARD_COMPANY', status: 403 });
    expect(isGatewayError(gateway)).toBe(true);
    expect(isTosskitError(gateway)).toBe(true);
  });

  it('recognise a second copy’s errors by their brand, and refuse look-alikes without it', () => {
    const foreign = new SecondCopyTosskitError('ORDER_NOT_FOUND', 404);
    expect(foreign instanceof TosskitError).toBe(false);
    expect(isTosskitError(foreign)).toBe(true);
    expect(isGatewayError(foreign)).toBe(false);
    const foreignGateway = {
      [Symbol.for('tosskit.error')]: true,
      [Symbol.for('tosskit.gatewayError')]: true,
      code: 'REJECT_CARD_COMPANY',
      status: 403,
      message: '카드사에서 거절했습니다.',
    };
    expect(isGatewayError(foreignGateway)).toBe(true);
    expect(isTosskitError(Object.assign(new Error('x'), { code: 'ORDER_NOT_FOUND', status: 404 }))).toBe(
      false,
    );
    expect(isTosskitError({ [Symbol.for('tosskit.error')]: true, code: 'X' })).toBe(false);
  });

  it('a second copy’s error keeps its code and status in the HTTP answer, in the buyer’s language', async () => {
    const foreign = new SecondCopyTosskitError('ORDER_NOT_FOUND', 404);
    expect(localizeError(foreign, 'en')).toMatchObject({ status: 404, body: { code: 'ORDER_NOT_FOUND' } });
    const response = answerToResponse(
      errorAnswer(foreign, new Request(`${SHOP}/payments/confirm`, { headers: { 'accept-language': 'en' } })),
    );
    expect(response.status).toBe(404);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('ORDER_NOT_FOUND');
    expect(body.message).not.toMatch(/[가-힣]/);
  });

  it('the operator guard keeps a second copy’s 401 thrown by the shop’s hook (not turned into 403)', async () => {
    const handler = createPaymentHandler({
      secretKey: emulator.keys.secretKey,
      apiBaseUrl: emulator.url,
      orderLookup: () => null,
      logger: createCollectingLogger(),
      authorizeOperator: () => {
        throw new SecondCopyTosskitError('UNAUTHORIZED', 401);
      },
    });
    const answer = await handler(new Request(`${SHOP}/payments/cash-receipts`));
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    await handler.close();
  });
});
