/**
 * `openLedger({ dataDir, encryptionKey })`: the embedded ledger handed to `createPaymentHandler({ ledger })`.
 * Options are checked at once; the database opens on first use, once; the payments it records outlive the
 * handler (a restart). Real emulator, real PGlite on disk.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPaymentHandler, isTosskitError, type PaymentHandler } from '@tosskit/core';
import { createCollectingLogger } from '@tosskit/core/testing';
import { createEmulator, type Emulator } from '@tosskit/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateEncryptionKey } from './encryption.js';
import { openLedger } from './open-ledger.js';

const SHOP = 'http://shop.test';
let emulator: Emulator;
const orders = new Map<
  string,
  { amount: number; orderName: string; payable: boolean; customerKey: string }
>();
const BUYER = 'open-ledger-buyer-01';
const asBuyer = { headers: { 'x-buyer': BUYER } };
const dirs: string[] = [];
const toClose: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  emulator = await createEmulator();
});
afterEach(async () => {
  for (const item of toClose.splice(0).reverse()) await item.close();
});
afterAll(async () => {
  await emulator.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tosskit-open-ledger-'));
  dirs.push(dir);
  // a directory the ledger must create itself proves it is opened lazily
  return join(dir, 'ledger');
}

function handlerOn(dataDir: string, encryptionKey: string | Uint8Array): PaymentHandler {
  const ledger = openLedger({ dataDir, encryptionKey });
  const handler = createPaymentHandler({
    secretKey: emulator.keys.secretKey,
    clientKey: emulator.keys.clientKey,
    apiBaseUrl: emulator.url,
    orderLookup: (orderId) => orders.get(orderId) ?? null,
    identifyBuyer: (request) => ({ customerKey: request.headers.get('x-buyer') ?? '' }),
    logger: createCollectingLogger(),
    ledger,
  });
  toClose.push(ledger, handler);
  return handler;
}

async function approve(amount: number): Promise<{ paymentKey: string; orderId: string; amount: number }> {
  const orderId = `order-${randomUUID()}`;
  orders.set(orderId, { amount, orderName: '데이터 디렉터리 주문', payable: true, customerKey: BUYER });
  return emulator.control.authorizePayment({ orderId, amount, orderName: '데이터 디렉터리 주문' });
}

function confirm(handler: PaymentHandler, body: unknown): Promise<Response> {
  return handler(
    new Request(`${SHOP}/payments/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

function refusal(run: () => unknown): { code: string; option: unknown; message: string } {
  try {
    run();
  } catch (error) {
    expect(isTosskitError(error)).toBe(true);
    const e = error as { code: string; details?: { option?: unknown }; message: string };
    return { code: e.code, option: e.details?.option, message: e.message };
  }
  throw new Error('openLedger accepted the options');
}

describe('openLedger({ dataDir, encryptionKey }) as the handler ledger', () => {
  it('records a confirm in the embedded ledger, opened on first use', async () => {
    const dataDir = tempDir();
    const handler = handlerOn(dataDir, generateEncryptionKey());
    expect(existsSync(dataDir)).toBe(false);

    const auth = await approve(12_000);
    expect((await confirm(handler, auth)).status).toBe(200);
    expect(existsSync(join(dataDir, 'tosskit.lock'))).toBe(true);
    const record = await handler.ledger.getPaymentByOrderId(auth.orderId);
    expect(record).toMatchObject({ paymentKey: auth.paymentKey, status: 'DONE', totalAmount: 12_000 });
    const view = await handler(new Request(`${SHOP}/payments/payments/${auth.paymentKey}`, asBuyer));
    expect(await view.json()).toMatchObject({ orderId: auth.orderId, status: 'DONE' });
  });

  it('keeps the payment across a restart: a new ledger on the same dataDir sees it', async () => {
    const dataDir = tempDir();
    const key = crypto.getRandomValues(new Uint8Array(32));
    const first = handlerOn(dataDir, key);
    const auth = await approve(8_800);
    expect((await confirm(first, auth)).status).toBe(200);
    await first.ledger.close();
    // close() released the directory: the embedded ledger allows one open per data directory
    expect(existsSync(join(dataDir, 'tosskit.lock'))).toBe(false);

    const second = handlerOn(dataDir, key);
    const view = await second(new Request(`${SHOP}/payments/payments/${auth.paymentKey}`, asBuyer));
    expect(await view.json()).toMatchObject({ orderId: auth.orderId, status: 'DONE', totalAmount: 8_800 });
    const confirmsBefore = emulator.control.requests({ route: 'confirm' }).length;
    const again = await confirm(second, auth);
    expect(await again.json()).toMatchObject({ paymentKey: auth.paymentKey, status: 'DONE' });
    expect(emulator.control.requests({ route: 'confirm' })).toHaveLength(confirmsBefore);
  });

  it('opens the database once when the first calls arrive together', async () => {
    const dataDir = tempDir();
    const handler = handlerOn(dataDir, generateEncryptionKey());
    // a second open of the same directory in this process would fail on its lock file
    const [report, card, missing] = await Promise.all([
      handler.reconcile(),
      handler.getBillingCard('customer-1'),
      handler(new Request(`${SHOP}/payments/payments/unknown-payment-key`)),
    ]);
    expect(report).toBeTypeOf('object');
    expect(card).toBeNull();
    expect(missing.status).toBe(404);
  });

  it('is not closed by handler.close(): the shop that opened it closes it', async () => {
    const dataDir = tempDir();
    const handler = handlerOn(dataDir, generateEncryptionKey());
    expect((await handler(new Request(`${SHOP}/payments/payments/unknown-payment-key`))).status).toBe(404);
    await handler.close();
    expect(existsSync(join(dataDir, 'tosskit.lock'))).toBe(true);
    await handler.ledger.close();
    expect(existsSync(join(dataDir, 'tosskit.lock'))).toBe(false);
    await expect(handler.ledger.getPayment('pk')).rejects.toMatchObject({ code: 'CONFIGURATION_ERROR' });
  });
});

describe('openLedger checks its options at once, before any file is written', () => {
  it('refuses a missing encryption key and says how to make one', () => {
    const dataDir = tempDir();
    const error = refusal(() => openLedger({ dataDir }));
    expect(error).toMatchObject({ code: 'CONFIGURATION_ERROR', option: 'encryptionKey' });
    expect(error.message).toContain('randomBytes(32)');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses a key that is not 32 bytes without quoting it', () => {
    const secretish = 'my-not-so-secret-passphrase-1234';
    const error = refusal(() => openLedger({ dataDir: tempDir(), encryptionKey: secretish }));
    expect(error.option).toBe('encryptionKey');
    expect(error.message).not.toContain(secretish);
    expect(refusal(() => openLedger({ dataDir: tempDir(), encryptionKey: new Uint8Array(16) })).option).toBe(
      'encryptionKey',
    );
  });

  it('refuses an empty dataDir and a bad table prefix', () => {
    expect(refusal(() => openLedger({ dataDir: ' ', encryptionKey: generateEncryptionKey() })).option).toBe(
      'dataDir',
    );
    const prefix = refusal(() =>
      openLedger({ dataDir: tempDir(), encryptionKey: generateEncryptionKey(), tablePrefix: 'Bad-Prefix' }),
    );
    expect(prefix.option).toBe('tablePrefix');
  });

  it('needs no key for an in-memory database (memory://)', async () => {
    const ledger = openLedger({ dataDir: 'memory://open-ledger-test' });
    expect(ledger.driver).toBe('pglite');
    expect(await ledger.getPayment('pk')).toBeNull();
    await ledger.close();
  });
});
