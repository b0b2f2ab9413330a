import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLedger } from '../ledger/index.js';
import { createPaymentHandler } from './create-payment-handler.js';
import { createTestShop, newOrderId, type TestShop } from '../testing/handler-test-support.js';

let shop: TestShop | null = null;
afterEach(async () => {
  await shop?.close();
  shop = null;
});

describe('health: handler.health() and GET {basePath}/health', () => {
  it('has no route unless `health: true`, while handler.health() is always there', async () => {
    shop = await createTestShop();
    const response = await shop.get('/payments/health', { accept: 'application/json' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
    expect((await shop.handler.health()).status).toBe('ok');
  });

  it('answers 200 with the reconcile backlog and the time since the last pass, and no payment data', async () => {
    let time = Date.parse('2026-12-04T10:00:00.000Z');
    shop = await createTestShop({ health: true, now: () => time });
    const first = await shop.get('/payments/health');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.json()).toEqual({
      status: 'ok',
      checkedAt: '2026-12-04T10:00:00.000Z',
      ledger: { status: 'ok', code: null, reason: null, latencyMs: 0 },
      reconcile: {
        openClaims: 0,
        abandonedClaims: 0,
        oldestOpenClaimAgeMs: null,
        lastRunAt: null,
        sinceLastRunMs: null,
      },
    });

    // a confirm that died holding its claim: the backlog shows it, by count and age only
    const orderId = newOrderId();
    await shop.handler.ledger.claimConfirm({
      orderId,
      paymentKey: 'pk-health-1',
      amount: 1_000,
      owner: 'crashed-instance',
      leaseMs: 1_000,
    });
    time += 5_000;
    const backlog = await shop.get('/payments/health');
    expect(backlog.status).toBe(200);
    const text = await backlog.text();
    expect(JSON.parse(text).reconcile).toMatchObject({
      openClaims: 1,
      abandonedClaims: 1,
      oldestOpenClaimAgeMs: 5_000,
    });
    expect(text).not.toContain(orderId);
    expect(text).not.toContain('pk-health-1');
    expect(text).not.toContain(shop.emulator.keys.secretKey);

    await shop.handler.reconcile({ transactions: false, cashReceipts: false });
    time += 2_000;
    expect((await shop.handler.health()).reconcile).toMatchObject({
      lastRunAt: '2026-12-04T10:00:05.000Z',
      sinceLastRunMs: 2_000,
    });
  });

  it('answers 503 when the ledger cannot be read', async () => {
    const ledger = createMemoryLedger();
    shop = await createTestShop({ health: true, ledger });
    await ledger.close();
    const response = await shop.get('/payments/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'unavailable',
      ledger: { status: 'unavailable', code: 'LEDGER_ERROR' },
      reconcile: null,
    });
  });

  it('refuses a `health` option that is not a boolean', () => {
    expect(() =>
      createPaymentHandler({
        secretKey: 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R',
        orderLookup: () => null,
        health: 'yes' as never,
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'CONFIGURATION_ERROR',
        details: expect.objectContaining({ option: 'health' }),
      }),
    );
  });
});
