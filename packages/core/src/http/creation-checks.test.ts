/**
 * What can be checked when the handler is created fails then, with the fix in the message: the removed
 * `dataDir` / `encryptionKey` options (the embedded ledger is `openLedger` of @tosskit/ledger now), a value that
 * is not a Ledger, and the deprecated `authorizeCancel` still guarding operator routes for one release.
 */
import { createEmulator, type Emulator } from '@tosskit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTosskitError, type TosskitError } from '../errors/index.js';
import { createCollectingLogger } from '../testing/collecting-logger.js';
import { createPaymentHandler } from './create-payment-handler.js';
import type { TossPaymentsOptions } from './options.js';
import { SHOP } from '../testing/handler-test-support.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await createEmulator();
});
afterAll(async () => {
  await emulator.close();
});

function baseOptions(): TossPaymentsOptions {
  return {
    secretKey: emulator.keys.secretKey,
    apiBaseUrl: emulator.url,
    orderLookup: () => null,
    logger: createCollectingLogger(),
  };
}

function refusal(extra: Record<string, unknown>): TosskitError {
  try {
    createPaymentHandler({ ...baseOptions(), ...extra } as TossPaymentsOptions);
  } catch (error) {
    expect(isTosskitError(error)).toBe(true);
    return error as TosskitError;
  }
  throw new Error('createPaymentHandler accepted the options');
}

describe('creation checks', () => {
  it('refuses dataDir at creation and says to pass ledger: openLedger({ dataDir }) instead', () => {
    const error = refusal({ dataDir: './data/tosskit', encryptionKey: 'x'.repeat(43) });
    expect(error.code).toBe('CONFIGURATION_ERROR');
    expect(error.details).toMatchObject({ option: 'dataDir' });
    expect(error.message).toContain('ledger: openLedger({ dataDir');
    expect(error.message).toContain('@tosskit/ledger');
  });

  it('refuses encryptionKey alone without quoting it', () => {
    const key = 'a-key-that-must-not-be-quoted-0123456789abc';
    const error = refusal({ encryptionKey: key });
    expect(error.details).toMatchObject({ option: 'encryptionKey' });
    expect(error.message).toContain('openLedger(');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(key);
  });

  it('refuses a ledger that is not a Ledger', () => {
    const error = refusal({ ledger: { dataDir: './data' } });
    expect(error.details).toMatchObject({ option: 'ledger' });
    expect(error.message).toContain('openLedger(');
  });

  it('refuses a non-function authorizeOperator', () => {
    expect(refusal({ authorizeOperator: true }).details).toMatchObject({ option: 'authorizeOperator' });
  });
});

describe('authorizeOperator, and authorizeCancel (deprecated) for one release', () => {
  const listReceipts = (handler: ReturnType<typeof createPaymentHandler>) =>
    handler(new Request(`${SHOP}/payments/cash-receipts`));

  it('authorizeOperator guards every operator route', async () => {
    const seen: string[] = [];
    const handler = createPaymentHandler({
      ...baseOptions(),
      authorizeOperator: (request) => {
        seen.push(new URL(request.url).pathname);
        return request.headers.get('x-operator') === 'yes';
      },
    });
    expect((await listReceipts(handler)).status).toBe(403);
    const admitted = await handler(
      new Request(`${SHOP}/payments/cash-receipts`, { headers: { 'x-operator': 'yes' } }),
    );
    expect(admitted.status).toBe(200);
    expect(seen).toEqual(['/payments/cash-receipts', '/payments/cash-receipts']);
    await handler.close();
  });

  it('the old authorizeCancel option still admits operators when authorizeOperator is not given', async () => {
    const admitting = createPaymentHandler({ ...baseOptions(), authorizeCancel: () => true });
    expect((await listReceipts(admitting)).status).toBe(200);
    const refusing = createPaymentHandler({ ...baseOptions(), authorizeCancel: () => false });
    expect((await listReceipts(refusing)).status).toBe(403);
    // the new name wins when both are given
    const both = createPaymentHandler({
      ...baseOptions(),
      authorizeOperator: () => false,
      authorizeCancel: () => true,
    });
    expect((await listReceipts(both)).status).toBe(403);
    await Promise.all([admitting.close(), refusing.close(), both.close()]);
  });
});
