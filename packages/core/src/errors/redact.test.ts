import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromZodError } from './from-zod-error.js';
import { GatewayError } from './gateway-error.js';
import { localizeError } from './localize.js';
import { REDACTED, redactDeep, redactSecrets } from './redact.js';
import {
  AmountMismatchError,
  ConfigurationError,
  NotFoundError,
  TosskitError,
  ValidationError,
} from './tosskit-error.js';

const SECRET = 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R';
const WIDGET_SECRET = 'test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6';
const CUSTOM_SECRET = 'emulator-secret-7f3a9c'; // a key without the Toss shape, only known to the caller
const BASIC = `Basic ${btoa(`${SECRET}:`)}`;

function everythingVisible(err: Error): string {
  const parts: unknown[] = [err.message, String(err), JSON.stringify(err)];
  for (const key of Object.keys(err))
    parts.push(JSON.stringify((err as unknown as Record<string, unknown>)[key]));
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) parts.push(cause.message, cause.stack);
  else if (cause !== undefined) parts.push(JSON.stringify(cause));
  for (const locale of ['ko', 'en'] as const) parts.push(JSON.stringify(localizeError(err, locale)));
  return parts.join('\n');
}

describe('secret keys never ride on an error', () => {
  it('redacts Toss-shaped keys, their Basic form and caller-named secrets', () => {
    expect(redactSecrets(`key ${SECRET} and ${WIDGET_SECRET}`)).toBe(`key ${REDACTED} and ${REDACTED}`);
    expect(redactSecrets(`Authorization: ${BASIC}`)).toBe(`Authorization: Basic ${REDACTED}`);
    expect(redactSecrets(`raw ${btoa(`${SECRET}:`)}`)).not.toContain(btoa(`${SECRET}:`).slice(0, 20));
    expect(redactSecrets(`custom ${CUSTOM_SECRET}`, [CUSTOM_SECRET])).toBe(`custom ${REDACTED}`);
    expect(redactSecrets(`basic ${btoa(`${CUSTOM_SECRET}:`)}`, [CUSTOM_SECRET])).not.toContain(
      btoa(`${CUSTOM_SECRET}:`).replace(/=+$/, ''),
    );
    expect(redactSecrets('Basic authentication failed')).toBe('Basic authentication failed');
    expect(redactDeep({ a: [{ b: SECRET }], [SECRET]: 1, when: 3 })).toEqual({
      a: [{ b: REDACTED }],
      [REDACTED]: 1,
      when: 3,
    });
  });

  it('no error’s message, JSON, enumerable fields or cause contain a secret key passed near it', () => {
    const zodResult = z.object({ amount: z.number() }).safeParse({ amount: SECRET });
    const errors: Error[] = [
      new TosskitError('X', 400, `bad ${SECRET}`, { header: BASIC, nested: { key: SECRET } }),
      new ConfigurationError('CONFIGURATION_ERROR', `secretKey ${SECRET} looks like a client key`, {
        secretKey: SECRET,
      }),
      new ConfigurationError(`widget key ${WIDGET_SECRET} used for a payment-window payment`),
      new ValidationError('VALIDATION_ERROR', `secretKey=${SECRET}`, {
        issues: [{ path: 'secretKey', message: `got ${SECRET}` }],
      }),
      new AmountMismatchError(1000, SECRET),
      new NotFoundError('PAYMENT_NOT_FOUND', { paymentKey: SECRET }),
      fromZodError(zodResult.error!),
      new GatewayError({
        code: 'UNAUTHORIZED_KEY',
        status: 401,
        message: `key ${CUSTOM_SECRET} rejected (${BASIC})`,
        details: { authorization: `Basic ${btoa(`${CUSTOM_SECRET}:`)}`, key: CUSTOM_SECRET },
        cause: new Error(`request failed with Authorization: ${BASIC} and ${CUSTOM_SECRET}`),
        redact: [CUSTOM_SECRET],
      }),
      new GatewayError({ code: 'NETWORK_ERROR', cause: { headers: { authorization: BASIC } } }),
      new TosskitError('Y', 500, 'wrapped', undefined, { cause: new Error(`oops ${SECRET}`) }),
    ];
    for (const err of errors) {
      const visible = everythingVisible(err);
      for (const secret of [
        SECRET,
        WIDGET_SECRET,
        CUSTOM_SECRET,
        btoa(`${SECRET}:`),
        btoa(`${CUSTOM_SECRET}:`),
      ]) {
        expect(visible, `${err.name}: ${visible}`).not.toContain(secret);
      }
    }
  });

  it('GatewayError keeps no field holding the redact list', () => {
    const err = new GatewayError({ code: 'INVALID_API_KEY', status: 400, redact: [CUSTOM_SECRET] });
    expect(Object.keys(err)).not.toContain('redact');
    expect(JSON.stringify(Object.getOwnPropertyDescriptors(err))).not.toContain(CUSTOM_SECRET);
  });
});
