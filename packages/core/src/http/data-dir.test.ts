/**
 * `dataDir` (issue 5): the handler opens the embedded PGlite ledger of @tosskit/ledger itself, on first
 * use and once, and the payments it records outlive the handler (a restart). Real emulator, real PGlite.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, type Emulator } from '@tosskit/emulator';
import { createLedger, generateEncryptionKey } from '@tosskit/ledger';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/index.js';
import { createMemoryLedger } from '../ledger/memory-ledger.js';
import { createCollectingLogger } from '../testing/collecting-logger.js';
import { createPaymentHandler, type PaymentHandler } from './create-payment-handler.js';
import { createEmbeddedLedger } from './data-dir-ledger.js';
import { newOrderId, SHOP } from './handler-test-support.js';
import type { TossPaymentsOptions } from './options.js';

let emulator: Emulator;
const orders = new Map<
  string,
  { amount: number; orderName: string; payable: boolean; customerKey: string }
>();
/** the buyer of every order here; the payment view answers the order's buyer only */
const BUYER = 'datadir-buyer-01';
const asBuyer = { headers: { 'x-buyer': BUYER } };
const dirs: string[] = [];
const open: PaymentHandler[] = [];

beforeAll(async () => {
  emulator = await createEmulator();
});
afterEach(async () => {
  for (const handler of open.splice(0)) await handler.close();
});
afterAll(async () => {
  await emulator.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tosskit-datadir-'));
  dirs.push(dir);
  // a directory the handler must create itself proves the ledger is opened lazily
  return join(dir, 'ledger');
}

function baseOptions(): TossPaymentsOptions {
  return {
    secretKey: emulator.keys.secretKey,
    clientKey: emulator.keys.clientKey,
    apiBaseUrl: emulator.url,
    orderLookup: (orderId) => orders.get(orderId) ?? null,
    identifyBuyer: (request) => ({ customerKey: request.headers.get('x-buyer') ?? '' }),
    logger: createCollectingLogger(),
  };
}

function handlerOn(dataDir: string, encryptionKey: string | Uint8Array): PaymentHandler {
  const handler = createPaymentHandler({ ...baseOptions(), dataDir, encryptionKey });
  open.push(handler);
  return handler;
}

async function approve(amount: number): Promise<{ paymentKey: string; orderId: string; amount: number }> {
  const orderId = newOrderId();
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

function configurationError(options: Partial<TossPaymentsOptions>): ConfigurationError {
  try {
    createPaymentHandler({ ...baseOptions(), ...options } as TossPaymentsOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('createPaymentHandler accepted the options');
}

describe('createPaymentHandler({ dataDir, encryptionKey })', () => {
  it('records a confirm in the embedded ledger, opened on first use', async () => {
    const dataDir = tempDir();
    const handler = handlerOn(dataDir, generateEncryptionKey());
    expect(existsSync(dataDir)).toBe(false);

    const auth = await approve(12_000);
    const res = await confirm(handler, auth);
    expect(res.status).toBe(200);
    expect(existsSync(join(dataDir, 'tosskit.lock'))).toBe(true);

    const record = await handler.ledger.getPaymentByOrderId(auth.orderId);
    expect(record).toMatchObject({ paymentKey: auth.paymentKey, status: 'DONE', totalAmount: 12_000 });
    const view = await handler(new Request(`${SHOP}/payments/payments/${auth.paymentKey}`, asBuyer));
    expect(view.status).toBe(200);
    expect(await view.json()).toMatchObject({ orderId: auth.orderId, status: 'DONE' });
  });

  it('keeps the payment across a restart: a new handler on the same dataDir sees it', async () => {
    const dataDir = tempDir();
    const key = crypto.getRandomValues(new Uint8Array(32));
    const first = handlerOn(dataDir, key);
    const auth = await approve(8_800);
    expect((await confirm(first, auth)).status).toBe(200);
    await first.close();
    // close() released the directory: the embedded ledger allows one open per data directory
    expect(existsSync(join(dataDir, 'tosskit.lock'))).toBe(false);

    const second = handlerOn(dataDir, key);
    const view = await second(new Request(`${SHOP}/payments/payments/${auth.paymentKey}`, asBuyer));
    expect(view.status).toBe(200);
    expect(await view.json()).toMatchObject({ orderId: auth.orderId, status: 'DONE', totalAmount: 8_800 });
    expect(await second.ledger.listTransactions(auth.paymentKey)).toHaveLength(1);

    // the settled claim survived too: confirming the order again answers from the ledger
    const confirmsBefore = emulator.control.requests({ route: 'confirm' }).length;
    const again = await confirm(second, auth);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ paymentKey: auth.paymentKey, status: 'DONE' });
    expect(emulator.control.requests({ route: 'confirm' })).toHaveLength(confirmsBefore);
  });

  it('opens the ledger once when the first calls arrive together (reconcile, charge lookups, requests)', async () => {
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
    expect(existsSync(join(dataDir, 'tosskit.lock'))).toBe(true);
  });

  it('closes nothing it did not open, and closes a ledger the shop passed only through the shop', async () => {
    const handler = createPaymentHandler({
      ...baseOptions(),
      dataDir: tempDir(),
      encryptionKey: generateEncryptionKey(),
    });
    await expect(handler.close()).resolves.toBeUndefined();

    const dataDir = tempDir();
    const own = await createLedger({ dataDir, encryptionKey: generateEncryptionKey() });
    const withOwn = createPaymentHandler({ ...baseOptions(), ledger: own });
    await withOwn.close();
    expect(existsSync(join(dataDir, 'tosskit.lock'))).toBe(true);
    await own.close();
  });

  it('does not warn about the in-memory ledger in production when dataDir is set', () => {
    const before = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'production';
    try {
      const withDir = createCollectingLogger();
      createPaymentHandler({
        ...baseOptions(),
        logger: withDir,
        dataDir: tempDir(),
        encryptionKey: generateEncryptionKey(),
      });
      expect(withDir.lines().filter((line) => line.includes('IN-MEMORY'))).toEqual([]);
      const inMemory = createCollectingLogger();
      createPaymentHandler({ ...baseOptions(), logger: inMemory });
      expect(inMemory.lines().join('\n')).toContain('IN-MEMORY ledger');
    } finally {
      if (before === undefined) delete process.env['NODE_ENV'];
      else process.env['NODE_ENV'] = before;
    }
  });
});

describe('dataDir configuration errors at creation', () => {
  it('refuses dataDir together with ledger', () => {
    const error = configurationError({
      dataDir: tempDir(),
      encryptionKey: generateEncryptionKey(),
      ledger: createMemoryLedger(),
    });
    expect(error.details).toMatchObject({ option: 'dataDir' });
    expect(error.message).toContain('not both');
  });

  it('refuses dataDir without encryptionKey and says how to make one', () => {
    const dataDir = tempDir();
    const error = configurationError({ dataDir });
    expect(error.details).toMatchObject({ option: 'encryptionKey' });
    expect(error.message).toContain('generateEncryptionKey()');
    expect(error.message).toContain('32 random bytes');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses a key that is not 32 bytes without quoting it', () => {
    const secretish = 'my-not-so-secret-passphrase-1234';
    const error = configurationError({ dataDir: tempDir(), encryptionKey: secretish });
    expect(error.details).toMatchObject({ option: 'encryptionKey' });
    expect(error.message).not.toContain(secretish);
    expect(JSON.stringify(error)).not.toContain(secretish);
    expect(
      configurationError({ dataDir: tempDir(), encryptionKey: new Uint8Array(16) }).details,
    ).toMatchObject({
      option: 'encryptionKey',
    });
  });

  it('refuses encryptionKey without dataDir (it would protect nothing)', () => {
    expect(configurationError({ encryptionKey: generateEncryptionKey() }).details).toMatchObject({
      option: 'encryptionKey',
    });
  });

  it('refuses an empty dataDir', () => {
    expect(
      configurationError({ dataDir: ' ', encryptionKey: generateEncryptionKey() }).details,
    ).toMatchObject({
      option: 'dataDir',
    });
  });
});

describe('createEmbeddedLedger', () => {
  it('turns a missing @tosskit/ledger into a ConfigurationError naming dataDir and the install command', async () => {
    let loads = 0;
    const ledger = createEmbeddedLedger({
      dataDir: tempDir(),
      encryptionKey: generateEncryptionKey(),
      load: () => {
        loads += 1;
        return Promise.reject(new Error("Cannot find package '@tosskit/ledger'"));
      },
    });
    const error = await ledger.getPayment('pk').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toContain('"dataDir"');
    expect((error as ConfigurationError).message).toContain('npm install @tosskit/ledger');
    // not cached: once the package is installed (or the directory freed) the next call tries again
    await ledger.getPayment('pk').catch(() => {});
    expect(loads).toBe(2);
    await ledger.close();
  });
});
