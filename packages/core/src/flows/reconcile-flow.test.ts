import { createEmulator, type Emulator } from '@tosskit/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayClient } from '../gateway/index.js';
import { createCollectingLogger, type CollectingLogger } from '../testing/collecting-logger.js';
import { createLogSink } from './logging.js';
import { createMemoryLedger } from '../ledger/memory-ledger.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Payment } from '../models/index.js';
import type { CancelInfo, FlowContext, PaymentEventMap } from './flow-context.js';
import { kstDateTime, reconcile, TRANSACTIONS_CURSOR } from './reconcile-flow.js';

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
  calls: {
    confirmed: Payment[];
    deposits: Payment[];
    canceled: { payment: Payment; cancel: CancelInfo }[];
    failed: unknown[];
  };
  logger: CollectingLogger;
}

function harness(ledger: Ledger = createMemoryLedger(), amounts: Record<string, number> = {}): Harness {
  const calls: Harness['calls'] = { confirmed: [], deposits: [], canceled: [], failed: [] };
  const logger = createCollectingLogger();
  const context: FlowContext = {
    gateway: createGatewayClient({
      secretKey: emulator.keys.secretKey,
      baseUrl: emulator.url,
      retry: { retries: 1, baseDelayMs: 5 },
    }),
    ledger,
    hooks: {
      onPaymentConfirmed: (p) => void calls.confirmed.push(p),
      onDepositReceived: (p) => void calls.deposits.push(p),
      onPaymentCanceled: (payment, cancel) => void calls.canceled.push({ payment, cancel }),
      onPaymentFailed: (f) => void calls.failed.push(f),
    },
    orderLookup: (orderId) => (amounts[orderId] === undefined ? null : { amount: amounts[orderId]! }),
    emit: <E extends keyof PaymentEventMap>(_name: E, _event: PaymentEventMap[E]) => {},
    logger: createLogSink(logger),
    instanceId: 'test-instance',
    claimLeaseMs: 60_000,
    claimWaitMs: 5_000,
    compensationAttempts: 2,
    now: Date.now,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
  return { context, ledger, calls, logger };
}

let n = 0;
const orderId = () => `rc-order-${Date.now()}-${++n}`;
const later = () => Date.now() + 120_000;

describe('reconcile', () => {
  beforeEach(() => {
    emulator.control.clearFaults();
  });

  it('settles a claim whose holder crashed after the gateway approved it, calling the hook once', async () => {
    const h = harness();
    const id = orderId();
    const { paymentKey } = await emulator.control.authorizePayment({ orderId: id, amount: 15_000 });
    // the crashed instance: claimed, confirmed at the gateway, then vanished
    await h.ledger.claimConfirm({
      orderId: id,
      paymentKey,
      amount: 15_000,
      owner: 'crashed',
      leaseMs: 1_000,
    });
    await h.context.gateway.confirm(
      { paymentKey, orderId: id, amount: 15_000 },
      { idempotencyKey: `confirm:${id}:${paymentKey}` },
    );

    const report = await reconcile(h.context, { now: later(), transactions: false });
    expect(report.ran).toBe(true);
    expect(report.claims.confirmed).toBe(1);
    // the decision is on record, with the ids
    expect(h.logger.entries.filter((e) => e.message === 'reconcile decided a confirm claim')).toEqual([
      {
        level: 'info',
        message: 'reconcile decided a confirm claim',
        fields: { orderId: id, paymentKey, result: 'confirmed' },
      },
    ]);
    expect(h.calls.confirmed.map((p) => p.paymentKey)).toEqual([paymentKey]);
    expect((await h.ledger.getPayment(paymentKey))?.status).toBe('DONE');
    expect(await h.ledger.getClaim(id)).toMatchObject({
      state: 'settled',
      outcome: { kind: 'confirmed', status: 'DONE' },
    });

    const again = await reconcile(h.context, { now: later(), transactions: false });
    expect(again.claims.confirmed).toBe(0);
    expect(h.calls.confirmed).toHaveLength(1);
  });

  it('finishes a confirm that never reached the gateway when the order is still payable, and releases it otherwise', async () => {
    const id = orderId();
    const gone = orderId();
    const h = harness(createMemoryLedger(), { [id]: 7_000 });
    const a = await emulator.control.authorizePayment({ orderId: id, amount: 7_000 });
    const b = await emulator.control.authorizePayment({ orderId: gone, amount: 7_000 });
    await h.ledger.claimConfirm({
      orderId: id,
      paymentKey: a.paymentKey,
      amount: 7_000,
      owner: 'crashed',
      leaseMs: 1_000,
    });
    await h.ledger.claimConfirm({
      orderId: gone,
      paymentKey: b.paymentKey,
      amount: 7_000,
      owner: 'crashed',
      leaseMs: 1_000,
    });

    const report = await reconcile(h.context, { now: later(), transactions: false });
    expect(report.claims).toMatchObject({ confirmed: 1, released: 1 });
    expect((await emulator.control.getPayment(a.paymentKey))?.status).toBe('DONE');
    expect((await emulator.control.getPayment(b.paymentKey))?.status).toBe('IN_PROGRESS');
    expect(h.calls.confirmed).toHaveLength(1);
    expect(await h.ledger.getClaim(gone)).toMatchObject({
      state: 'released',
      outcome: { kind: 'failed', code: 'ORDER_NOT_PAYABLE' },
    });
  });

  it('leaves a claim for a later run while the gateway cannot be reached', async () => {
    const h = harness();
    const id = orderId();
    const { paymentKey } = await emulator.control.authorizePayment({ orderId: id, amount: 1_000 });
    await h.ledger.claimConfirm({ orderId: id, paymentKey, amount: 1_000, owner: 'crashed', leaseMs: 1_000 });
    emulator.control.fault({ kind: 'fail', route: 'getPayment', times: 10, status: 503 });
    emulator.control.fault({ kind: 'fail', route: 'getPaymentByOrderId', times: 10, status: 503 });
    const report = await reconcile(h.context, { now: later(), transactions: false });
    expect(report.claims.pending).toBe(1);
    expect((await h.ledger.getClaim(id))?.state).toBe('claimed');
  });

  it('catches a missed deposit and a missed dashboard cancel from the transactions walk, hooks once, and moves the cursor', async () => {
    const h = harness();
    // a virtual account the shop knows as waiting, deposited while its webhook was lost
    const vaOrder = orderId();
    const va = await emulator.control.authorizePayment({
      orderId: vaOrder,
      amount: 30_000,
      method: 'VIRTUAL_ACCOUNT',
    });
    const issued = await h.context.gateway.confirm({
      paymentKey: va.paymentKey,
      orderId: vaOrder,
      amount: 30_000,
    });
    await h.ledger.recordPayment(issued);
    await emulator.control.deposit(va.paymentKey);
    // a card payment cancelled in part from the dashboard
    const cardOrder = orderId();
    const card = await emulator.control.authorizePayment({ orderId: cardOrder, amount: 20_000 });
    const done = await h.context.gateway.confirm({
      paymentKey: card.paymentKey,
      orderId: cardOrder,
      amount: 20_000,
    });
    await h.ledger.recordPayment(done);
    await emulator.control.cancel(card.paymentKey, {
      cancelAmount: 5_000,
      cancelReason: '대시보드 부분취소',
    });

    expect(await h.ledger.getCursor(TRANSACTIONS_CURSOR)).toBeNull();
    const report = await reconcile(h.context, { lookbackMs: 60_000, pageSize: 2 });
    expect(report.errors).toEqual([]);
    expect(report.transactions.pages).toBeGreaterThanOrEqual(2);
    expect(h.calls.deposits.map((p) => p.paymentKey)).toEqual([va.paymentKey]);
    expect(
      h.calls.canceled.map((c) => [
        c.payment.paymentKey,
        c.cancel.cancelAmount,
        c.cancel.cancelReason,
        c.cancel.compensation,
      ]),
    ).toEqual([[card.paymentKey, 5_000, '대시보드 부분취소', false]]);
    expect((await h.ledger.getPayment(va.paymentKey))?.status).toBe('DONE');
    expect(await h.ledger.getPayment(card.paymentKey)).toMatchObject({
      status: 'PARTIAL_CANCELED',
      balanceAmount: 15_000,
    });
    const cursor = JSON.parse((await h.ledger.getCursor(TRANSACTIONS_CURSOR))!);
    expect(cursor.after).toBe(report.cursor);

    // a second run starts after the cursor: nothing new, no hook again
    const second = await reconcile(h.context, { lookbackMs: 60_000, pageSize: 2 });
    expect(second.transactions.applied).toBe(0);
    expect(h.calls.deposits).toHaveLength(1);
    expect(h.calls.canceled).toHaveLength(1);
  });

  it('formats query dates in Korean time to the second', () => {
    expect(kstDateTime(Date.UTC(2024, 0, 31, 15, 0, 5))).toBe('2024-02-01T00:00:05');
  });

  it('runs on one caller at a time', async () => {
    const h = harness();
    const [a, b] = await Promise.all([
      reconcile(h.context, { transactions: false }),
      reconcile(h.context, { transactions: false }),
    ]);
    expect([a.ran, b.ran].sort()).toEqual([false, true]);
  });
});
