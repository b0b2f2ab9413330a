// The one snapshot rule, through both of its callers (a webhook and the reconciler's transactions
// walk), against a real emulator: hooks fire exactly when a write moved the ledger.
import { createEmulator, type Emulator } from '@tosskit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayClient } from '../gateway/index.js';
import { createCollectingLogger } from '../testing/collecting-logger.js';
import { createLogSink } from './logging.js';
import type { Ledger } from '../ledger/ledger.js';
import { createMemoryLedger } from '../ledger/memory-ledger.js';
import type { Payment } from '../models/index.js';
import { applyGatewaySnapshot, isDepositArrival } from './apply-gateway-snapshot.js';
import { compensationReason } from './confirm-flow.js';
import type { CancelInfo, FlowContext, PaymentEventMap } from './flow-context.js';
import { reconcile } from './reconcile-flow.js';
import { handleWebhook } from './webhook-flow.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await createEmulator({ consecutiveRequestWindowMs: 0 });
});
afterAll(async () => {
  await emulator.close();
});

interface Harness {
  context: FlowContext;
  ledger: Ledger;
  deposits: string[];
  canceled: { paymentKey: string; cancel: CancelInfo }[];
  applied: PaymentEventMap['webhook.applied'][];
}

function harness(): Harness {
  const ledger = createMemoryLedger();
  const h: Harness = {
    ledger,
    deposits: [],
    canceled: [],
    applied: [],
    context: undefined as unknown as FlowContext,
  };
  h.context = {
    gateway: createGatewayClient({
      secretKey: emulator.keys.secretKey,
      baseUrl: emulator.url,
      retry: { retries: 1, baseDelayMs: 5 },
    }),
    ledger,
    hooks: {
      onDepositReceived: (p) => void h.deposits.push(p.paymentKey),
      onPaymentCanceled: (p, cancel) => void h.canceled.push({ paymentKey: p.paymentKey, cancel }),
    },
    orderLookup: () => null,
    emit: <E extends keyof PaymentEventMap>(name: E, event: PaymentEventMap[E]) => {
      if (name === 'webhook.applied') h.applied.push(event as PaymentEventMap['webhook.applied']);
    },
    logger: createLogSink(createCollectingLogger()),
    instanceId: 'snapshot-test',
    claimLeaseMs: 60_000,
    claimWaitMs: 5_000,
    compensationAttempts: 1,
    now: Date.now,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
  return h;
}

let n = 0;
const orderId = () => `snap-${Date.now()}-${++n}`;

/** A virtual account confirmed and deposited at the gateway while this shop's ledger heard nothing. */
async function depositedBehindOurBack(h: Harness): Promise<Payment> {
  const id = orderId();
  const { paymentKey } = await emulator.control.authorizePayment({
    orderId: id,
    amount: 12_000,
    method: 'VIRTUAL_ACCOUNT',
  });
  await h.context.gateway.confirm({ paymentKey, orderId: id, amount: 12_000 });
  await emulator.control.deposit(paymentKey);
  return h.context.gateway.getPayment(paymentKey);
}

async function cardPayment(h: Harness, amount = 20_000): Promise<Payment> {
  const id = orderId();
  const { paymentKey } = await emulator.control.authorizePayment({ orderId: id, amount });
  return h.context.gateway.confirm({ paymentKey, orderId: id, amount });
}

describe('applyGatewaySnapshot', () => {
  it('fires onDepositReceived once for WAITING_FOR_DEPOSIT → DONE, and not again for the same snapshot', async () => {
    const h = harness();
    const id = orderId();
    const { paymentKey } = await emulator.control.authorizePayment({
      orderId: id,
      amount: 9_000,
      method: 'VIRTUAL_ACCOUNT',
    });
    const waiting = await h.context.gateway.confirm({ paymentKey, orderId: id, amount: 9_000 });
    expect(waiting.status).toBe('WAITING_FOR_DEPOSIT');
    await applyGatewaySnapshot(h.context, waiting, 'TEST');
    expect(h.deposits).toEqual([]);
    await emulator.control.deposit(paymentKey);
    const done = await h.context.gateway.getPayment(paymentKey);
    expect((await applyGatewaySnapshot(h.context, done, 'TEST')).applied).toBe(true);
    expect((await applyGatewaySnapshot(h.context, done, 'TEST')).applied).toBe(false);
    expect(h.deposits).toEqual([paymentKey]);
    expect(h.applied.map((e) => [e.kind, e.status])).toEqual([
      ['TEST', 'WAITING_FOR_DEPOSIT'],
      ['TEST', 'DONE'],
    ]);
  });

  it('a virtual account first seen already DONE is a deposit; a card first seen DONE is not', async () => {
    const h = harness();
    const va = await depositedBehindOurBack(h);
    const card = await cardPayment(h);
    await applyGatewaySnapshot(h.context, va);
    await applyGatewaySnapshot(h.context, card);
    await applyGatewaySnapshot(h.context, va);
    expect(h.deposits).toEqual([va.paymentKey]);
    expect(isDepositArrival(null, va)).toBe(true);
    expect(isDepositArrival(null, card)).toBe(false);
    expect(isDepositArrival('DONE', va)).toBe(false);
  });

  it("fires onPaymentCanceled per new cancel of a known payment, telling tosskit's compensation from a dashboard cancel", async () => {
    const h = harness();
    const done = await cardPayment(h, 30_000);
    await applyGatewaySnapshot(h.context, done);
    await emulator.control.cancel(done.paymentKey, {
      cancelAmount: 10_000,
      cancelReason: '대시보드 부분취소',
    });
    await emulator.control.cancel(done.paymentKey, {
      cancelReason: compensationReason('HOOK_FAILED', 'TK-000000000001'),
    });
    const canceled = await h.context.gateway.getPayment(done.paymentKey);
    expect(canceled.status).toBe('CANCELED');
    await applyGatewaySnapshot(h.context, canceled);
    await applyGatewaySnapshot(h.context, canceled);
    expect(h.canceled.map((c) => [c.paymentKey, c.cancel.cancelAmount, c.cancel.compensation])).toEqual([
      [done.paymentKey, 10_000, false],
      [done.paymentKey, 20_000, true],
    ]);
  });

  it('a payment first seen already cancelled fires no hook: the shop never had it as paid', async () => {
    const h = harness();
    const done = await cardPayment(h);
    await emulator.control.cancel(done.paymentKey, { cancelReason: '고객 변심' });
    const canceled = await h.context.gateway.getPayment(done.paymentKey);
    expect((await applyGatewaySnapshot(h.context, canceled)).applied).toBe(true);
    expect(h.canceled).toEqual([]);
    expect(h.deposits).toEqual([]);
  });
});

describe('a virtual account first seen DONE fires onDepositReceived once in both paths', () => {
  it('through a PAYMENT_STATUS_CHANGED webhook (delivered twice)', async () => {
    const h = harness();
    const payment = await depositedBehindOurBack(h);
    const body = {
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: '2026-11-22T10:00:00.000000',
      data: payment,
    };
    expect(await handleWebhook(h.context, body)).toMatchObject({ outcome: 'applied', status: 'DONE' });
    expect(await handleWebhook(h.context, structuredClone(body))).toMatchObject({ outcome: 'duplicate' });
    expect(h.deposits).toEqual([payment.paymentKey]);
    expect(h.applied.map((e) => e.kind)).toEqual(['PAYMENT_STATUS_CHANGED']);
  });

  it("through the reconciler's transactions walk (run twice), and a late webhook after it fires nothing more", async () => {
    // the walk lists every payment at the gateway: start from an empty one so only this deposit is there
    await emulator.control.reset();
    const h = harness();
    const payment = await depositedBehindOurBack(h);
    const first = await reconcile(h.context, { lookbackMs: 60_000 });
    expect(first.errors).toEqual([]);
    expect(h.deposits).toEqual([payment.paymentKey]);
    await reconcile(h.context, { lookbackMs: 60_000 });
    const late = await handleWebhook(h.context, {
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: '2026-11-22T10:00:00.000000',
      data: payment,
    });
    expect(late.outcome).toBe('ignored');
    expect(h.deposits).toEqual([payment.paymentKey]);
    expect(h.applied.filter((e) => e.paymentKey === payment.paymentKey).map((e) => e.kind)).toEqual([
      'RECONCILE',
    ]);
  });
});
