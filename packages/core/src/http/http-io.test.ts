import { describe, expect, it } from 'vitest';
import { LedgerUnavailableError, TosskitError } from '../errors/index.js';
import { flowError } from '../flows/index.js';
import { answerToResponse } from './answer.js';
import { errorAnswer } from './http-io.js';

/** the answer as the handler's public face sends it */
const errorResponse = (...args: Parameters<typeof errorAnswer>) => answerToResponse(errorAnswer(...args));

const request = (headers: Record<string, string> = {}) =>
  new Request('http://shop.test/payments/confirm', { headers });

describe('errorResponse: a ledger that cannot answer', () => {
  it('is 503 LEDGER_UNAVAILABLE with Retry-After, in Korean by default and English on request, nothing of the cause', async () => {
    const cause = new Error('connect ECONNREFUSED 10.0.0.5:5432');
    const error = new LedgerUnavailableError({ reason: 'connection_refused', cause });
    const ko = errorResponse(error, request());
    expect(ko.status).toBe(503);
    expect(ko.headers.get('retry-after')).toBe('2');
    const koText = await ko.text();
    expect(JSON.parse(koText)).toEqual({
      code: 'LEDGER_UNAVAILABLE',
      message: expect.stringMatching(/[\uac00-\ud7a3]/),
      // the developer's hint, outside production only
      detail: expect.stringMatching(/Retry-After/),
    });
    expect(koText).not.toContain('10.0.0.5');
    const en = errorResponse(error, request({ 'accept-language': 'en-US,en;q=0.9' }));
    expect(await en.json()).toEqual({
      code: 'LEDGER_UNAVAILABLE',
      message: expect.stringMatching(/^The payment record cannot be saved right now/),
      detail: expect.stringMatching(/^The payment ledger .*Retry-After/),
    });
    expect(en.headers.get('retry-after')).toBe('2');
  });

  it('is recognised by its code: an error from another copy of core, or a ledger of its own, answers the same', async () => {
    // not this core's TosskitError (a CJS and an ESM build side by side): the code alone decides
    const foreign = Object.assign(new Error('pool timeout exceeded when trying to connect'), {
      code: 'LEDGER_UNAVAILABLE',
      retryAfterSeconds: 7,
    });
    const response = errorResponse(foreign, request());
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
    expect(text).not.toContain('pool timeout');
    // a nonsensical Retry-After from such an error falls back to the default
    const odd = errorResponse(new TosskitError('LEDGER_UNAVAILABLE', 503, 'x'), request());
    expect(odd.headers.get('retry-after')).toBe('2');
    const negative = errorResponse(
      Object.assign(new Error('x'), { code: 'LEDGER_UNAVAILABLE', retryAfterSeconds: -3 }),
      request(),
    );
    expect(negative.headers.get('retry-after')).toBe('2');
  });

  it('keeps the headers the caller passes, and adds no Retry-After to other errors', () => {
    const ledger = errorResponse(new LedgerUnavailableError({ retryAfterSeconds: 4 }), request(), {
      allow: 'POST',
    });
    expect(ledger.headers.get('allow')).toBe('POST');
    expect(ledger.headers.get('retry-after')).toBe('4');
    expect(errorResponse(flowError('GATEWAY_UNAVAILABLE'), request()).headers.get('retry-after')).toBeNull();
    const internal = errorResponse(new Error('boom'), request());
    expect(internal.status).toBe(500);
    expect(internal.headers.get('retry-after')).toBeNull();
  });
});
