// Faults that pile up (issue: money under piled-up faults), each as it happened in the storm, against the
// real emulator. Every test here failed on the code before the outcome rule (gateway-outcome.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestShop, newOrderId, type TestShop } from '../testing/handler-test-support.js';
import { createMemoryLedger, type Ledger } from '../ledger/index.js';
import type { PaymentFailureInfo } from './flow-context.js';

let shop: TestShop;
afterEach(async () => {
  await shop?.close();
});

function statusChanged(payment: unknown): Record<string, unknown> {
  return { eventType: 'PAYMENT_STATUS_CHANGED', createdAt: '2026-11-22T10:00:00.000000', data: payment };
}

/** Which of these payments (all of one order) the gateway holds as approved. */
function approvedAtGateway(...paymentKeys: string[]): string[] {
  return paymentKeys.filter((key) => shop.emulator.control.getPayment(key)?.status === 'DONE');
}

/** Lookups refused with PROVIDER_ERROR (by paymentKey and by orderId) until the faults are cleared. */
function refuseLookups(): void {
  shop.emulator.control.fault({ kind: 'fail', route: 'getPayment', code: 'PROVIDER_ERROR', times: 1000 });
  shop.emulator.control.fault({
    kind: 'fail',
    route: 'getPaymentByOrderId',
    code: 'PROVIDER_ERROR',
    times: 1000,
  });
}

describe('a lost confirm answer with a refused lookup', () => {
  it('is not "failed": the buyer is told "confirming", and the reconciler runs the hook once when the gateway answers', async () => {
    const failures: PaymentFailureInfo[] = [];
    shop = await createTestShop({
      gateway: { retry: false },
      onPaymentFailed: (f) => void failures.push(f),
    });
    const approved = await shop.approve(12000);
    shop.emulator.control.fault({ kind: 'drop', route: 'confirm' });
    refuseLookups();

    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ code: 'PAYMENT_CONFIRMING', orderId: approved.orderId });
    // the money was taken at the gateway; tosskit said neither "failed" nor "paid"
    expect(shop.emulator.control.getPayment(approved.paymentKey)?.status).toBe('DONE');
    expect(failures).toEqual([]);
    expect(await shop.handler.ledger.getOrderFailure(approved.orderId)).toBeNull();
    expect((await shop.handler.ledger.getClaim(approved.orderId))?.state).toBe('claimed');

    // the reconciler, while the lookups are still refused, keeps it open
    const early = await shop.handler.reconcile({ transactions: false });
    expect(early.claims.pending).toBe(1);
    expect(shop.confirmed).toHaveLength(0);

    shop.emulator.control.clearFaults();
    const report = await shop.handler.reconcile({ transactions: false });
    expect(report.claims.confirmed).toBe(1);
    expect(shop.confirmed.map((p) => p.paymentKey)).toEqual([approved.paymentKey]);
    expect(failures).toEqual([]);
    // the buyer's next poll is answered from the settled claim
    const poll = await shop.post('/payments/confirm', approved);
    expect(poll.status).toBe(200);
    expect(await poll.json()).toMatchObject({ status: 'DONE' });
    expect(shop.confirmed).toHaveLength(1);
  });

  it('the confirm sent again is refused with PROVIDER_ERROR while the first still runs: not "failed", one approval', async () => {
    const failures: PaymentFailureInfo[] = [];
    shop = await createTestShop({
      gateway: { retry: false, timeoutMs: 300 },
      onPaymentFailed: (f) => void failures.push(f),
    });
    shop.logger.expectErrors();
    const approved = await shop.approve(9000);
    // the first confirm outlives the client's timeout; the next one is refused once
    shop.emulator.control.fault({ kind: 'latency', route: 'confirm', ms: 900, times: 1 });
    shop.emulator.control.fault({ kind: 'fail', route: 'confirm', code: 'PROVIDER_ERROR', times: 1 });

    const response = await shop.post('/payments/confirm', approved);
    expect([200, 202]).toContain(response.status);
    expect(failures).toEqual([]);
    // the first confirm goes through at the gateway once its latency has passed
    await vi.waitFor(
      () => expect(shop.emulator.control.getPayment(approved.paymentKey)?.status).toBe('DONE'),
      { timeout: 5_000 },
    );
    // whatever the first answer, the buyer's polls end it: DONE, the hook once, nothing reported failed
    await vi.waitFor(async () => expect((await shop.post('/payments/confirm', approved)).status).toBe(200), {
      timeout: 5_000,
      interval: 200,
    });
    expect(shop.emulator.control.getPayment(approved.paymentKey)?.status).toBe('DONE');
    expect(shop.confirmed.map((p) => p.paymentKey)).toEqual([approved.paymentKey]);
    expect(failures).toEqual([]);
    expect(approvedAtGateway(approved.paymentKey)).toEqual([approved.paymentKey]);
  });
});

describe('one order, one approval', () => {
  it('a lost answer, a refused lookup and a second payment window: the second payment is not confirmed', async () => {
    shop = await createTestShop({ gateway: { retry: false } });
    const first = await shop.approve(15000);
    // the buyer opens a second window for the same order (the lookup by orderId now finds that one)
    const second = await shop.emulator.control.authorizePayment({
      orderId: first.orderId,
      amount: 15000,
      orderName: '테스트 주문',
    });
    shop.emulator.control.fault({ kind: 'drop', route: 'confirm' });
    shop.emulator.control.fault({ kind: 'fail', route: 'getPayment', code: 'PROVIDER_ERROR', times: 1000 });

    const answer = await shop.post('/payments/confirm', first);
    expect(answer.status).toBe(202);
    // the second window's confirm is held back while the first one's outcome is unknown
    const other = await shop.post('/payments/confirm', second);
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ code: 'CONFIRM_IN_PROGRESS' });
    expect(shop.emulator.control.getPayment(second.paymentKey)?.status).toBe('IN_PROGRESS');

    shop.emulator.control.clearFaults();
    await shop.handler.reconcile({ transactions: false });
    // the first payment stands and reached the shop once; the second is refused for good
    expect(shop.confirmed.map((p) => p.paymentKey)).toEqual([first.paymentKey]);
    const late = await shop.post('/payments/confirm', second);
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'ORDER_NOT_PAYABLE' });
    expect(approvedAtGateway(first.paymentKey, second.paymentKey)).toEqual([first.paymentKey]);
  });

  it('a second approval for a paid order, confirmed behind tosskit, is compensated when its webhook arrives', async () => {
    const compensated: string[] = [];
    shop = await createTestShop(
      { onPaymentCompensated: (_p, info) => void compensated.push(info.trigger) },
      { consecutiveRequestWindowMs: 0 },
    );
    shop.logger.expectErrors();
    const first = await shop.approve(5000);
    const second = await shop.emulator.control.authorizePayment({
      orderId: first.orderId,
      amount: 5000,
      orderName: '테스트 주문',
    });
    expect((await shop.post('/payments/confirm', first)).status).toBe(200);
    // another server (or a script) confirms the second window with the secret key
    await shop.handler.gateway.confirm(second, { idempotencyKey: 'elsewhere-2' });
    const snapshot = structuredClone(shop.emulator.control.getPayment(second.paymentKey));
    const delivered = await shop.post('/payments/webhook', statusChanged(snapshot));
    expect(delivered.status).toBe(200);

    expect(shop.emulator.control.getPayment(second.paymentKey)?.status).toBe('CANCELED');
    const reason = (
      shop.emulator.control.getPayment(second.paymentKey) as { cancels?: { cancelReason: string }[] }
    ).cancels?.[0]?.cancelReason;
    expect(reason).toMatch(/^\[tosskit 자동취소\] 이미 결제된 주문의 중복 승인 \(참조 TK-/);
    expect(shop.emulator.control.getPayment(first.paymentKey)?.status).toBe('DONE');
    expect(compensated).toEqual(['DUPLICATE_APPROVAL']);
    expect(shop.confirmed.map((p) => p.paymentKey)).toEqual([first.paymentKey]);
  });
});

describe('confirms that met a 5xx are not stuck', () => {
  it('two stored 5xx answers: the third attempt under a key of its own confirms it', async () => {
    shop = await createTestShop({ gateway: { retry: false } });
    const approved = await shop.approve(7000);
    shop.emulator.control.fault({ kind: 'fail', route: 'confirm', status: 500, times: 2 });
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'DONE' });
    const keys = shop.emulator.control
      .requests({ route: 'confirm' })
      .map((c) => [c.status, c.idempotencyKey]);
    expect(keys).toHaveLength(3);
    expect(new Set(keys.map((k) => k[1])).size).toBe(3);
    expect(shop.confirmed).toHaveLength(1);
  });

  it('5xx beyond what one request tries: the buyer polls, the reconciler unsticks it with new keys', async () => {
    shop = await createTestShop({ gateway: { retry: false } });
    const approved = await shop.approve(7000);
    shop.emulator.control.fault({ kind: 'fail', route: 'confirm', status: 500, times: 4 });
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(202);
    expect(shop.emulator.control.getPayment(approved.paymentKey)?.status).toBe('IN_PROGRESS');
    const report = await shop.handler.reconcile({ transactions: false });
    expect(report.claims.confirmed).toBe(1);
    expect(shop.emulator.control.getPayment(approved.paymentKey)?.status).toBe('DONE');
    expect(shop.confirmed).toHaveLength(1);
    const sent = shop.emulator.control.requests({ route: 'confirm' });
    expect(sent.map((c) => c.status)).toEqual([500, 500, 500, 500, 200]);
    expect(new Set(sent.map((c) => c.idempotencyKey)).size).toBe(5);
  });

  it('past the gateway confirm window, an open claim settles as expired and the order may be paid again', async () => {
    const failures: PaymentFailureInfo[] = [];
    shop = await createTestShop({
      gateway: { retry: false },
      onPaymentFailed: (f) => void failures.push(f),
    });
    const approved = await shop.approve(7000);
    shop.emulator.control.fault({ kind: 'fail', route: 'confirm', status: 500, times: 1000 });
    expect((await shop.post('/payments/confirm', approved)).status).toBe(202);
    shop.emulator.control.advanceClock(31 * 60_000);
    shop.emulator.control.clearFaults();
    const report = await shop.handler.reconcile({ transactions: false });
    expect(report.claims.failed + report.claims.released).toBe(1);
    expect((await shop.handler.ledger.getClaim(approved.orderId))?.state).toBe('released');
    expect(failures.map((f) => f.code)).toEqual([expect.stringMatching(/EXPIRED|NOT_FOUND|ABORTED/)]);
    expect(shop.confirmed).toHaveLength(0);
  });
});

describe('every approval reaches the shop once', () => {
  it('a DONE webhook for an order tosskit did not confirm runs the checks and onPaymentConfirmed once', async () => {
    shop = await createTestShop({}, { consecutiveRequestWindowMs: 0 });
    const approved = await shop.approve(11000);
    await shop.handler.gateway.confirm(approved, { idempotencyKey: 'elsewhere-3' });
    const snapshot = structuredClone(shop.emulator.control.getPayment(approved.paymentKey));
    expect((await shop.post('/payments/webhook', statusChanged(snapshot))).status).toBe(200);
    expect((await shop.post('/payments/webhook', statusChanged(snapshot))).status).toBe(200);
    expect(shop.confirmed.map((p) => p.paymentKey)).toEqual([approved.paymentKey]);
    expect((await shop.handler.ledger.getClaim(approved.orderId))?.outcome).toMatchObject({
      kind: 'confirmed',
      paymentKey: approved.paymentKey,
    });
    // the buyer's late success URL is answered from it, with no second confirm
    const late = await shop.post('/payments/confirm', approved);
    expect(late.status).toBe(200);
    expect(shop.confirmed).toHaveLength(1);
  });

  it('a DONE webhook whose lookup meets a gateway 5xx changes nothing and asks for redelivery (503, not the gateway 500)', async () => {
    shop = await createTestShop({}, { consecutiveRequestWindowMs: 0 });
    shop.logger.expectErrors();
    const approved = await shop.approve(13000);
    // a forged body: DONE for a payment the buyer only opened the window for
    const forged = {
      ...structuredClone(shop.emulator.control.getPayment(approved.paymentKey)),
      status: 'DONE',
    };
    shop.emulator.control.fault({
      kind: 'fail',
      route: 'getPayment',
      code: 'FAILED_INTERNAL_SYSTEM_PROCESSING',
      times: 1000, // more than the client's own retries of a 5xx
    });
    for (const attempt of [1, 2]) {
      const refused = await shop.post('/payments/webhook', statusChanged(forged));
      expect(refused.status, `delivery ${attempt}`).toBe(503);
      expect(await refused.json()).toMatchObject({ code: 'WEBHOOK_UNVERIFIED' });
    }
    expect(await shop.handler.ledger.getPayment(approved.paymentKey)).toBeNull();
    expect(shop.confirmed).toHaveLength(0);
    // redelivered once the gateway answers: the gateway's record (not approved) is what counts
    shop.emulator.control.clearFaults();
    const again = await shop.post('/payments/webhook', statusChanged(forged));
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 'WEBHOOK_REJECTED' });
    expect(shop.confirmed).toHaveLength(0);
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.status).not.toBe('DONE');
  });

  it('an approval at a price the order does not have is compensated, not fulfilled', async () => {
    shop = await createTestShop({}, { consecutiveRequestWindowMs: 0 });
    shop.logger.expectErrors();
    const approved = await shop.approve(11000);
    shop.orders.set(approved.orderId, { amount: 9000, orderName: '테스트 주문', payable: true });
    await shop.handler.gateway.confirm(approved, { idempotencyKey: 'elsewhere-4' });
    const snapshot = structuredClone(shop.emulator.control.getPayment(approved.paymentKey));
    expect((await shop.post('/payments/webhook', statusChanged(snapshot))).status).toBe(200);
    expect(shop.emulator.control.getPayment(approved.paymentKey)?.status).toBe('CANCELED');
    expect(shop.confirmed).toHaveLength(0);
  });

  it('an approval for an order the shop does not know is left alone and reported (cancelled with the option)', async () => {
    for (const cancel of [false, true]) {
      shop = await createTestShop({ cancelUnknownOrderPayments: cancel }, { consecutiveRequestWindowMs: 0 });
      shop.logger.expectErrors();
      const orderId = newOrderId();
      const stray = await shop.emulator.control.authorizePayment({
        orderId,
        amount: 4000,
        orderName: '외부 주문',
      });
      await shop.handler.gateway.confirm(stray, { idempotencyKey: `elsewhere-${orderId}` });
      const snapshot = structuredClone(shop.emulator.control.getPayment(stray.paymentKey));
      expect((await shop.post('/payments/webhook', statusChanged(snapshot))).status).toBe(200);
      expect(shop.events.filter((e) => e.name === 'payment.unknown_order').map((e) => e.event)).toEqual([
        {
          paymentKey: stray.paymentKey,
          orderId,
          status: 'DONE',
          canceled: cancel,
          durationMs: expect.any(Number),
        },
      ]);
      expect(shop.emulator.control.getPayment(stray.paymentKey)?.status).toBe(cancel ? 'CANCELED' : 'DONE');
      expect(shop.confirmed).toHaveLength(0);
      await shop.close();
    }
  });
});

/** A ledger whose settlement write fails `times` times (a database cut between the hook and the write). */
function withCutSettlement(ledger: Ledger, times: number): Ledger & { cuts: number } {
  let left = times;
  const cut = Object.create(ledger) as Ledger & { cuts: number };
  cut.cuts = 0;
  cut.settleClaimWithPayment = async (...args) => {
    if (left > 0) {
      left -= 1;
      cut.cuts += 1;
      throw new Error('Connection terminated unexpectedly');
    }
    return ledger.settleClaimWithPayment(...args);
  };
  return cut;
}

describe('the hook once, without a crash', () => {
  it('the write after the hook fails briefly: retried in the request, the buyer gets the payment, the hook ran once', async () => {
    const ledger = withCutSettlement(createMemoryLedger(), 2);
    shop = await createTestShop({ ledger });
    shop.logger.expectErrors();
    const approved = await shop.approve(6000);
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(200);
    expect(ledger.cuts).toBe(2);
    expect(shop.confirmed).toHaveLength(1);
    expect((await ledger.getClaim(approved.orderId))?.state).toBe('settled');
  });

  it('a longer cut: the buyer is told "confirming" (never 500), the holder keeps its claim and writes later; no second hook', async () => {
    const ledger = withCutSettlement(createMemoryLedger(), 6);
    shop = await createTestShop({ ledger, claimLeaseMs: 600 });
    shop.logger.expectErrors();
    const approved = await shop.approve(6000);
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(202);
    expect(shop.confirmed).toHaveLength(1);
    // the holder renews its lease while it retries: once the first lease (600 ms) is past, a poll and the
    // reconciler find it held, not abandoned
    const firstLease = (await ledger.getClaim(approved.orderId))!.leaseUntil;
    await vi.waitFor(
      async () => {
        const claim = await ledger.getClaim(approved.orderId);
        expect(claim?.state === 'settled' || claim!.leaseUntil > firstLease + 300).toBe(true);
        expect(Date.now()).toBeGreaterThan(firstLease);
      },
      { timeout: 10_000, interval: 50 },
    );
    const poll = await shop.post('/payments/confirm', approved);
    expect([200, 202]).toContain(poll.status);
    const report = await shop.handler.reconcile({ transactions: false });
    expect(report.claims.confirmed + report.claims.pending).toBe(0);
    await vi.waitFor(async () => expect((await ledger.getClaim(approved.orderId))?.state).toBe('settled'), {
      timeout: 15_000,
      interval: 100,
    });
    expect(ledger.cuts).toBe(6);
    expect(shop.confirmed).toHaveLength(1);
    const after = await shop.post('/payments/confirm', approved);
    expect(after.status).toBe(200);
    expect(shop.confirmed).toHaveLength(1);
  }, 30_000);
});

describe('webhooks during a ledger outage', () => {
  it('a delivery that failed while the ledger was down is applied when the gateway delivers it again', async () => {
    const base = createMemoryLedger();
    let down = false;
    const flaky = Object.create(base) as Ledger;
    const outage = () => {
      if (down) throw new Error('Connection terminated unexpectedly');
    };
    flaky.getClaim = async (...args) => (outage(), base.getClaim(...args));
    let unmarked = 0;
    flaky.unmarkWebhookProcessed = async (...args) => {
      outage();
      await base.unmarkWebhookProcessed(...args);
      unmarked += 1;
    };
    flaky.markWebhookProcessed = async (...args) => {
      const fresh = await base.markWebhookProcessed(...args);
      down = true; // the cut starts right after the dedupe mark
      return fresh;
    };
    const deposits: string[] = [];
    shop = await createTestShop(
      { ledger: flaky, onDepositReceived: (p) => void deposits.push(p.orderId) },
      { consecutiveRequestWindowMs: 0 },
    );
    shop.logger.expectErrors();
    const approved = await shop.approve(3000, { method: 'VIRTUAL_ACCOUNT', bank: '88' });
    expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
    await shop.emulator.control.deposit(approved.paymentKey);
    const snapshot = structuredClone(shop.emulator.control.getPayment(approved.paymentKey));
    const first = await shop.post('/payments/webhook', statusChanged(snapshot));
    expect(first.status).toBeGreaterThanOrEqual(500);
    // the ledger comes back; the background unmark lands before the gateway's retry (1 minute later)
    flaky.markWebhookProcessed = (...args) => base.markWebhookProcessed(...args);
    down = false;
    await vi.waitFor(() => expect(unmarked).toBe(1), { timeout: 5_000, interval: 20 });
    const again = await shop.post('/payments/webhook', statusChanged(snapshot));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: 'applied' });
    expect(deposits).toEqual([approved.orderId]);
  });
});

describe('the reconcile lease', () => {
  it('is renewed while a run works, so a short lease never lets a second reconciler in beside a live one', async () => {
    // fake timers: the ledger's clock (Date.now) and its renewal timer move together, three leases' worth
    vi.useFakeTimers();
    try {
      const ledger = createMemoryLedger();
      let inner: { ran: boolean } | null = null;
      const outer = await ledger.withLease('reconcile', 90, async () => {
        await vi.advanceTimersByTimeAsync(300);
        inner = await ledger.withLease('reconcile', 90, async () => 'second');
        return 'first';
      });
      expect(outer).toEqual({ ran: true, value: 'first' });
      expect(inner).toEqual({ ran: false });
    } finally {
      vi.useRealTimers();
    }
  });
});
