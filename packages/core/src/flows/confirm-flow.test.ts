// Confirm through the handler against a real emulator (no fake of the gateway).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPaymentHandler } from '../http/create-payment-handler.js';
import { createTestShop, SHOP, type TestShop } from '../testing/handler-test-support.js';
import { createMemoryLedger } from '../ledger/index.js';

let shop: TestShop;
afterEach(async () => {
  await shop?.close();
});

describe('confirm: the amount is checked before anything reaches the gateway', () => {
  beforeEach(async () => {
    shop = await createTestShop({ redirects: { success: '/orders/:orderId', fail: '/checkout/fail' } });
  });

  it('a tampered amount in the success URL: no gateway call, 4xx, order untouched', async () => {
    const { paymentKey, orderId } = await shop.approve(15000);
    const response = await shop.get(
      `/payments/success?paymentKey=${paymentKey}&orderId=${orderId}&amount=100`,
      { accept: 'application/json' },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'AMOUNT_MISMATCH' });
    expect(shop.emulator.control.requests({ route: 'confirm' })).toHaveLength(0);
    expect(shop.emulator.control.getPayment(paymentKey)?.status).toBe('IN_PROGRESS');
    expect(shop.orders.get(orderId)?.payable).toBe(true);
    expect(await shop.handler.ledger.getPayment(paymentKey)).toBeNull();
    expect(await shop.handler.ledger.getClaim(orderId)).toBeNull();
  });

  it('a tampered amount from a browser page: redirected to the fail page with the code, still no gateway call', async () => {
    const { paymentKey, orderId } = await shop.approve(15000);
    const response = await shop.get(
      `/payments/success?paymentKey=${paymentKey}&orderId=${orderId}&amount=14999`,
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '', 'http://x');
    expect(location.pathname).toBe('/checkout/fail');
    expect(location.searchParams.get('code')).toBe('AMOUNT_MISMATCH');
    expect(location.searchParams.get('orderId')).toBe(orderId);
    expect(shop.emulator.control.requests({ route: 'confirm' })).toHaveLength(0);
  });

  it('unknown order → ORDER_NOT_FOUND, no gateway call', async () => {
    const a = await shop.emulator.control.authorizePayment({ orderId: 'order-unknown-1', amount: 1000 });
    const response = await shop.post('/payments/confirm', a);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    expect(shop.emulator.control.requests({ route: 'confirm' })).toHaveLength(0);
  });

  it('order not payable → ORDER_NOT_PAYABLE, no gateway call', async () => {
    const a = await shop.approve(1000);
    shop.orders.get(a.orderId)!.payable = false;
    const response = await shop.post('/payments/confirm', a);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'ORDER_NOT_PAYABLE' });
    expect(shop.emulator.control.requests({ route: 'confirm' })).toHaveLength(0);
  });

  it('the success URL confirms, records, runs the hook, and redirects to the shop page', async () => {
    const { paymentKey, orderId } = await shop.approve(15000);
    const response = await shop.get(
      `/payments/success?paymentKey=${paymentKey}&orderId=${orderId}&amount=15000`,
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '', 'http://x');
    expect(location.pathname).toBe(`/orders/${orderId}`);
    expect(location.searchParams.get('status')).toBe('DONE');
    expect(shop.emulator.control.getPayment(paymentKey)?.status).toBe('DONE');
    expect((await shop.handler.ledger.getPayment(paymentKey))?.status).toBe('DONE');
    expect(shop.confirmed.map((p) => p.orderId)).toEqual([orderId]);
    const confirms = shop.emulator.control.requests({ route: 'confirm' });
    expect(confirms).toHaveLength(1);
    expect(confirms[0]?.idempotencyKey).toBe(`confirm:${orderId}:${paymentKey}`);
  });
});

describe('confirm: the buyer language reaches the gateway', () => {
  beforeEach(async () => {
    shop = await createTestShop();
  });

  it('a buyer asking for English gets the gateway asked in English; a Korean buyer gets its default', async () => {
    const english = await shop.approve(15000);
    const korean = await shop.approve(15000);
    expect(
      (await shop.post('/payments/confirm', english, { 'accept-language': 'en-GB,en;q=0.9' })).status,
    ).toBe(200);
    expect(
      (await shop.post('/payments/confirm', korean, { 'accept-language': 'ko-KR,ko;q=0.9' })).status,
    ).toBe(200);
    const confirms = shop.emulator.control.requests({ route: 'confirm' });
    expect(confirms.map((c) => c.acceptLanguage)).toEqual(['en-US', null]);
    // a declined confirm answers in English from the gateway's code, never with a Korean gateway text
    const declined = await shop.approve(15000);
    shop.emulator.control.fault({ kind: 'fail', route: 'confirm', code: 'REJECT_CARD_COMPANY', times: 1 });
    const refused = await shop.post('/payments/confirm', declined, { 'accept-language': 'en' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    const body = (await refused.json()) as { code: string; message: string };
    expect(body.code).toBe('REJECT_CARD_COMPANY');
    expect(body.message).not.toMatch(/[가-힣]/);
    expect(shop.emulator.control.requests({ route: 'confirm' }).at(-1)?.acceptLanguage).toBe('en-US');
  });
});

describe('confirm: at most once', () => {
  beforeEach(async () => {
    shop = await createTestShop();
  });

  it('20 concurrent confirms of one order → exactly one gateway confirm, every caller gets the same final answer', async () => {
    const approved = await shop.approve(30000);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => shop.post('/payments/confirm', approved)),
    );
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!)).toMatchObject({
      status: 'DONE',
      orderId: approved.orderId,
      paymentKey: approved.paymentKey,
      totalAmount: 30000,
    });
    expect(shop.emulator.control.requests({ route: 'confirm' })).toHaveLength(1);
    expect(shop.confirmed).toHaveLength(1);
    expect(shop.events.filter((e) => e.name === 'confirm.started')).toHaveLength(1);
  });

  it('a refresh of the success page after the order got paid answers the same result, no second confirm', async () => {
    const approved = await shop.approve(5000);
    const first = await shop.post('/payments/confirm', approved);
    expect(first.status).toBe(200);
    expect(shop.orders.get(approved.orderId)?.payable).toBe(false);
    const again = await shop.post('/payments/confirm', approved);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    expect(shop.emulator.control.requests({ route: 'confirm' })).toHaveLength(1);
  });

  it('another payment for an already-paid order is refused without a gateway call', async () => {
    const approved = await shop.approve(5000);
    expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
    shop.orders.get(approved.orderId)!.payable = true; // a careless shop: the ledger still guards
    const other = { ...approved, paymentKey: `${approved.paymentKey}x` };
    const response = await shop.post('/payments/confirm', other);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'ORDER_NOT_PAYABLE' });
    expect(shop.emulator.control.requests({ route: 'confirm' })).toHaveLength(1);
  });
});

describe('confirm: lost answers and compensation', () => {
  it('commit-then-drop on confirm → recorded DONE, the buyer sees success', async () => {
    shop = await createTestShop();
    const approved = await shop.approve(12000);
    shop.emulator.control.fault({ kind: 'drop', route: 'confirm' });
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'DONE', paymentKey: approved.paymentKey });
    expect(shop.emulator.control.requests({ route: 'confirm' }).some((r) => r.dropped)).toBe(true);
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.status).toBe('DONE');
    expect((await shop.handler.ledger.getClaim(approved.orderId))?.state).toBe('settled');
    expect(shop.confirmed).toHaveLength(1);
  });

  it('the shop hook throws → the payment is CANCELED at the emulator with our reason, recorded, and the buyer sees a failure', async () => {
    const compensated: { paymentKey: string; trigger: string; reference: string; message: string }[] = [];
    shop = await createTestShop({
      onPaymentConfirmed: () => {
        throw new Error('재고 없음');
      },
      onPaymentCompensated: (payment, info) =>
        void compensated.push({ paymentKey: payment.paymentKey, ...info }),
    });
    shop.logger.expectErrors();
    const approved = await shop.approve(20000);
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'PAYMENT_COMPENSATED' });
    const atGateway = shop.emulator.control.getPayment(approved.paymentKey);
    expect(atGateway?.status).toBe('CANCELED');
    const reason = (atGateway as { cancels?: { cancelReason: string }[] }).cancels?.[0]?.cancelReason ?? '';
    expect(reason).toMatch(/^\[tosskit 자동취소\] 가맹점 주문 처리 실패 \(참조 TK-[0-9A-F]{12}\)$/);
    // the shop's own error text stays with the shop: its log, its hook, its event; never the gateway
    expect(reason).not.toContain('재고 없음');
    const reference = /TK-[0-9A-F]{12}/.exec(reason)?.[0];
    expect(compensated).toEqual([
      {
        paymentKey: approved.paymentKey,
        trigger: 'HOOK_FAILED',
        reference,
        message: '재고 없음',
        error: expect.any(Error),
      },
    ]);
    const logged = shop.logger.entries.filter(
      (e) => e.level === 'error' && e.fields?.['reference'] === reference,
    );
    expect(logged).toHaveLength(1);
    expect(logged[0]?.fields).toMatchObject({ trigger: 'HOOK_FAILED', cause: '재고 없음' });
    expect(shop.events.find((e) => e.name === 'confirm.compensated')?.event).toMatchObject({
      reference,
      cause: '재고 없음',
    });
    const record = await shop.handler.ledger.getPayment(approved.paymentKey);
    expect(record?.status).toBe('CANCELED');
    const kinds = (await shop.handler.ledger.listTransactions(approved.paymentKey)).map((t) => t.kind);
    expect(kinds).toEqual(['APPROVAL', 'CANCEL']);
    expect((await shop.handler.ledger.getClaim(approved.orderId))?.outcome).toMatchObject({
      kind: 'compensated',
    });
    expect(shop.events.some((e) => e.name === 'confirm.compensated')).toBe(true);
    // a second attempt answers the same failure and calls nothing
    const again = await shop.post('/payments/confirm', approved);
    expect(await again.json()).toMatchObject({ code: 'PAYMENT_COMPENSATED' });
    expect(shop.emulator.control.requests({ route: 'confirm' })).toHaveLength(1);
  });

  it('a declined confirm releases the order and reports the gateway code', async () => {
    shop = await createTestShop();
    const approved = await shop.approve(8000);
    shop.emulator.control.fault({ kind: 'fail', route: 'confirm', code: 'REJECT_CARD_COMPANY' });
    const response = await shop.post('/payments/confirm', approved, { 'accept-language': 'en-US' });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('REJECT_CARD_COMPANY');
    expect(body.message).toMatch(/[A-Za-z]/);
    expect(shop.emulator.control.requests({ route: 'confirm' })).toHaveLength(1);
    expect((await shop.handler.ledger.getClaim(approved.orderId))?.state).toBe('released');
    expect((await shop.handler.ledger.getOrderFailure(approved.orderId))?.code).toBe('REJECT_CARD_COMPANY');
  });

  it('a declined confirm ends its claim in one ledger write: the failure and the release together', async () => {
    const { ledger, writes } = ledgerListingClaimWrites();
    shop = await createTestShop({ ledger });
    const approved = await shop.approve(8000);
    shop.emulator.control.fault({ kind: 'fail', route: 'confirm', code: 'REJECT_CARD_COMPANY' });
    expect((await shop.post('/payments/confirm', approved)).status).toBe(403);
    expect(writes).toEqual(['failClaim']);
    expect(await ledger.getClaim(approved.orderId)).toMatchObject({
      state: 'released',
      outcome: { kind: 'failed', code: 'REJECT_CARD_COMPANY' },
    });
    expect((await ledger.getOrderFailure(approved.orderId))?.code).toBe('REJECT_CARD_COMPANY');
  });

  it('a virtual account confirm runs onVirtualAccountIssued, not onPaymentConfirmed', async () => {
    const issued: string[] = [];
    shop = await createTestShop({ onVirtualAccountIssued: (p) => void issued.push(p.orderId) });
    const approved = await shop.approve(3000, { method: 'VIRTUAL_ACCOUNT', bank: '88' });
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'WAITING_FOR_DEPOSIT' });
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(issued).toEqual([approved.orderId]);
    expect(shop.confirmed).toHaveLength(0);
  });
});

describe('confirm: the gateway says something else than yes or no', () => {
  it('ALREADY_PROCESSED_PAYMENT is settled by looking the payment up', async () => {
    shop = await createTestShop();
    const approved = await shop.approve(7000);
    // confirmed behind tosskit's back (another server, a different key)
    await shop.handler.gateway.confirm(approved, { idempotencyKey: 'elsewhere-1' });
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'DONE', paymentKey: approved.paymentKey });
    const confirms = shop.emulator.control.requests({ route: 'confirm' });
    expect(confirms.map((c) => c.code)).toEqual([null, 'ALREADY_PROCESSED_PAYMENT']);
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.status).toBe('DONE');
    expect(shop.confirmed).toHaveLength(1);
  });

  it('5xx replayed under the confirm key, payment still IN_PROGRESS → confirmed once under the second key', async () => {
    shop = await createTestShop({ gateway: { retry: { retries: 1, baseDelayMs: 1 } } });
    const approved = await shop.approve(7000);
    shop.emulator.control.fault({ kind: 'fail', route: 'confirm', status: 500, times: 1 });
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'DONE' });
    const confirms = shop.emulator.control.requests({ route: 'confirm' });
    // the 500 is stored under the first key and replayed; the second key executes
    const first = `confirm:${approved.orderId}:${approved.paymentKey}`;
    expect(confirms.map((c) => [c.status, c.idempotencyKey])).toEqual([
      [500, first],
      [500, first],
      [200, expect.stringMatching(new RegExp(`^${first}:r[0-9a-f]{8}$`))],
    ]);
    expect(shop.confirmed).toHaveLength(1);
  });

  it('5xx on every confirm with nothing executed → no payment, the claim stays for the reconciler, the buyer is told to wait', async () => {
    shop = await createTestShop({ gateway: { retry: { retries: 1, baseDelayMs: 1 } } });
    const approved = await shop.approve(7000);
    shop.emulator.control.fault({ kind: 'fail', route: 'confirm', status: 500, times: 5 });
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(202);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toMatchObject({
      code: 'PAYMENT_CONFIRMING',
      orderId: approved.orderId,
      paymentKey: approved.paymentKey,
      retryAfterMs: 2000,
    });
    expect(shop.emulator.control.getPayment(approved.paymentKey)?.status).toBe('IN_PROGRESS');
    // bounded: three sends (the first key, then two keys of their own), each after a lookup
    expect(
      shop.emulator.control.requests({ route: 'confirm' }).filter((c) => !c.replayed).length,
    ).toBeLessThanOrEqual(6);
    const claim = await shop.handler.ledger.getClaim(approved.orderId);
    expect(claim?.state).toBe('claimed');
    // free for the buyer's next poll or the reconciler at once
    expect(claim?.leaseUntil).toBeLessThanOrEqual(Date.now());
    expect(await shop.handler.ledger.getPayment(approved.paymentKey)).toBeNull();
    expect(shop.confirmed).toHaveLength(0);
  });

  it('the gateway unreachable during the lookup too → the claim stays open and nothing is recorded as failed', async () => {
    shop = await createTestShop({ gateway: { retry: false, timeoutMs: 200 } });
    shop.logger.expectErrors();
    const approved = await shop.approve(7000);
    shop.emulator.control.fault({ kind: 'drop', route: 'confirm' });
    shop.emulator.control.fault({ kind: 'latency', route: 'getPayment', ms: 600, times: 1 });
    shop.emulator.control.fault({ kind: 'latency', route: 'getPaymentByOrderId', ms: 600, times: 1 });
    const response = await shop.post('/payments/confirm', approved);
    // not known yet: neither "failed" nor a 5xx, the buyer's page polls
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ code: 'PAYMENT_CONFIRMING' });
    expect((await shop.handler.ledger.getClaim(approved.orderId))?.state).toBe('claimed');
    expect(await shop.handler.ledger.getOrderFailure(approved.orderId)).toBeNull();
    // the approval did happen at the gateway: the reconciler will find it through the open claim
    expect(shop.emulator.control.getPayment(approved.paymentKey)?.status).toBe('DONE');
    // an unfinished confirm is worth a log line (a warning: nothing is wrong yet)
    expect(shop.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    expect(shop.logger.entries.filter((e) => e.message.includes('not known yet'))).toHaveLength(1);
    expect(shop.events.filter((e) => e.name === 'confirm.pending')).toHaveLength(1);
    // the buyer's poll finishes it once the gateway answers again
    const poll = await shop.post('/payments/confirm', approved);
    expect(poll.status).toBe(200);
    expect(await poll.json()).toMatchObject({ status: 'DONE' });
    expect(shop.confirmed).toHaveLength(1);
  });
});

describe('confirm: compensation of a virtual account', () => {
  it('onVirtualAccountIssued throws → the account is cancelled before any deposit, with our reason', async () => {
    shop = await createTestShop({
      onVirtualAccountIssued: () => {
        throw new Error('주문 저장 실패');
      },
    });
    const approved = await shop.approve(3000, { method: 'VIRTUAL_ACCOUNT', bank: '88' });
    const response = await shop.post('/payments/confirm', approved);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'PAYMENT_COMPENSATED' });
    const atGateway = shop.emulator.control.getPayment(approved.paymentKey) as unknown as {
      status: string;
      cancels: { cancelReason: string }[];
    };
    expect(atGateway.status).toBe('CANCELED');
    expect(atGateway.cancels[0]?.cancelReason).toMatch(
      /^\[tosskit 자동취소\] 가맹점 주문 처리 실패 \(참조 TK-/,
    );
    expect(atGateway.cancels[0]?.cancelReason).not.toContain('주문 저장 실패');
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.status).toBe('CANCELED');
  });
});

describe('confirm: a slow hook keeps its claim', () => {
  it('a hook that outlives the claim lease is not run again by a second instance confirming the same order', async () => {
    // one clock for both instances and their ledger, moved by the test; the hook holds until the test lets go
    let time = Date.now();
    const now = () => time;
    const ledger = createMemoryLedger({ now });
    const renewed = events();
    const refused = events();
    const renewClaim = ledger.renewClaim.bind(ledger);
    ledger.renewClaim = async (...args) => {
      const held = await renewClaim(...args);
      renewed.notify();
      return held;
    };
    const claimConfirm = ledger.claimConfirm.bind(ledger);
    ledger.claimConfirm = async (input) => {
      const result = await claimConfirm(input);
      if (result.status === 'busy') refused.notify();
      return result;
    };
    const hookRuns: string[] = [];
    const hookStarted = events();
    let releaseHook!: () => void;
    const hookGate = new Promise<void>((resolve) => (releaseHook = resolve));
    shop = await createTestShop({
      ledger,
      now,
      claimLeaseMs: 600,
      onPaymentConfirmed: async (payment) => {
        hookRuns.push(`first:${payment.orderId}`);
        hookStarted.notify();
        await hookGate;
      },
    });
    // a second instance of the same shop: its own handler on the same ledger and gateway
    const other = createPaymentHandler({
      secretKey: shop.emulator.keys.secretKey,
      apiBaseUrl: shop.emulator.url,
      orderLookup: (orderId) => shop.orders.get(orderId) ?? null,
      ledger,
      now,
      claimLeaseMs: 600,
      onPaymentConfirmed: (payment) => {
        hookRuns.push(`second:${payment.orderId}`);
      },
    });
    const approved = await shop.approve(15_000);
    const started = hookStarted.next();
    const first = shop.post('/payments/confirm', approved);
    await started;
    // twice the lease: without a renewal the second instance would take the order over now
    const renewal = renewed.next();
    time += 1_200;
    await renewal;
    const busy = refused.next();
    const second = other(
      new Request(`${SHOP}/payments/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(approved),
      }),
    );
    // the second instance found the claim held, and waits for it
    await busy;
    releaseHook();
    expect((await first).status).toBe(200);
    const answer = await second;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ paymentKey: approved.paymentKey, status: 'DONE' });
    expect(hookRuns).toEqual([`first:${approved.orderId}`]);
    expect(shop.emulator.control.requests({ route: 'confirm' })).toHaveLength(1);
    const claim = await ledger.getClaim(approved.orderId);
    expect(claim).toMatchObject({ state: 'settled', outcome: { kind: 'confirmed' } });
    await other.close();
  });
});

/** Something that happens again and again; `next()` resolves at its next occurrence. */
function events() {
  const waiters: (() => void)[] = [];
  return {
    notify: () => {
      for (const resolve of waiters.splice(0)) resolve();
    },
    next: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}

/** A memory ledger that lists the claim-ending writes made on it, in order. */
function ledgerListingClaimWrites() {
  const ledger = createMemoryLedger();
  const writes: string[] = [];
  for (const name of ['recordOrderFailure', 'releaseClaim', 'failClaim', 'settleClaim'] as const) {
    const original = ledger[name].bind(ledger) as (...args: unknown[]) => Promise<unknown>;
    (ledger as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      writes.push(name);
      return original(...args);
    };
  }
  return { ledger, writes };
}
