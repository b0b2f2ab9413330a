/** Conformance: confirm claims (one winner per order, leases, takeover, settle and release). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../ledger/ledger.js';
import { makeCardPayment, unique } from '../ledger-fixtures.js';
import { createTestClock, type LedgerFactory, type TestClock } from './factory.js';

// The fresh ledger and clock of the running test, set by the hooks of describeClaimConformance and read by
// the test groups below (vitest runs the tests of a file one at a time).
let ledger: Ledger;
let clock: TestClock;

export function describeClaimConformance(factory: LedgerFactory): void {
  beforeEach(async () => {
    clock = createTestClock();
    ledger = await factory({ now: clock.now });
  });
  afterEach(async () => {
    await ledger.close();
  });

  describe('confirm claims', () => {
    claimWinnerTests();
    settleAndReleaseTests();
    settleWithPaymentTests();
    claimLeaseTests();
    failClaimTests();
    claimClockTests();
  });
}

/** One winner per order: the first claimant, and one among concurrent claims or takeovers. */
function claimWinnerTests(): void {
  it('gives the first claimant the claim and answers busy to the next one', async () => {
    const orderId = unique('order');
    const first = await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk1',
      amount: 15_000,
      owner: 'a',
      leaseMs: 60_000,
    });
    expect(first.status).toBe('won');
    expect(first.claim).toMatchObject({
      orderId,
      paymentKey: 'pk1',
      amount: 15_000,
      state: 'claimed',
      owner: 'a',
      outcome: null,
    });
    const second = await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk1',
      amount: 15_000,
      owner: 'b',
      leaseMs: 60_000,
    });
    expect(second.status).toBe('busy');
    expect(second.claim.owner).toBe('a');
    const other = await ledger.claimConfirm({
      orderId: unique('order'),
      paymentKey: 'pk2',
      amount: 100,
      owner: 'b',
      leaseMs: 60_000,
    });
    expect(other.status).toBe('won');
  });

  it('has exactly one winner among 50 concurrent claims of one order', async () => {
    const orderId = unique('order');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ledger.claimConfirm({
          orderId,
          paymentKey: 'pk',
          amount: 15_000,
          owner: `owner-${i}`,
          leaseMs: 60_000,
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'won');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 'busy')).toHaveLength(49);
    const winner = won[0]!.claim.owner;
    for (const r of results) expect(r.claim.owner).toBe(winner);
    expect((await ledger.getClaim(orderId))?.owner).toBe(winner);
  });

  it('has exactly one winner among 30 concurrent takeovers of an abandoned claim', async () => {
    const orderId = unique('order');
    const t0 = Date.now() - 10_000;
    await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk',
      amount: 3_000,
      owner: 'crashed',
      leaseMs: 1_000,
      now: t0,
    });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        ledger.claimConfirm({
          orderId,
          paymentKey: 'pk',
          amount: 3_000,
          owner: `r${i}`,
          leaseMs: 60_000,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'won')).toHaveLength(1);
  });
}

/** Settling and releasing a claim, by its holder only. */
function settleAndReleaseTests(): void {
  it('answers settled with the outcome once the holder settles', async () => {
    const orderId = unique('order');
    await ledger.claimConfirm({ orderId, paymentKey: 'pk', amount: 3_000, owner: 'a', leaseMs: 60_000 });
    await ledger.settleClaim(orderId, 'a', { kind: 'confirmed', paymentKey: 'pk', status: 'DONE' });
    const claim = await ledger.getClaim(orderId);
    expect(claim).toMatchObject({
      state: 'settled',
      outcome: { kind: 'confirmed', paymentKey: 'pk', status: 'DONE' },
    });
    const again = await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk',
      amount: 3_000,
      owner: 'b',
      leaseMs: 60_000,
    });
    expect(again.status).toBe('settled');
    expect(again.claim.outcome).toEqual({ kind: 'confirmed', paymentKey: 'pk', status: 'DONE' });
    // a settled claim is never taken over, even long after its lease
    const later = await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk',
      amount: 3_000,
      owner: 'c',
      leaseMs: 1,
      now: Date.now() + 86_400_000,
    });
    expect(later.status).toBe('settled');
  });

  it('lets the order be claimed again after a release, with the new payment', async () => {
    const orderId = unique('order');
    await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk-declined',
      amount: 3_000,
      owner: 'a',
      leaseMs: 60_000,
    });
    await ledger.releaseClaim(orderId, 'a', {
      kind: 'failed',
      code: 'REJECT_CARD_COMPANY',
      message: '거절',
    });
    expect(await ledger.getClaim(orderId)).toMatchObject({
      state: 'released',
      outcome: { kind: 'failed', code: 'REJECT_CARD_COMPANY', message: '거절' },
    });
    const retry = await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk-second',
      amount: 3_000,
      owner: 'b',
      leaseMs: 60_000,
    });
    expect(retry.status).toBe('won');
    expect(retry.claim).toMatchObject({
      paymentKey: 'pk-second',
      owner: 'b',
      state: 'claimed',
      outcome: null,
    });
  });

  it('ignores settle and release from a caller that does not hold the claim', async () => {
    const orderId = unique('order');
    await ledger.claimConfirm({ orderId, paymentKey: 'pk', amount: 3_000, owner: 'a', leaseMs: 60_000 });
    await ledger.settleClaim(orderId, 'intruder', {
      kind: 'confirmed',
      paymentKey: 'pk',
      status: 'DONE',
    });
    await ledger.releaseClaim(orderId, 'intruder', { kind: 'failed', code: 'X', message: 'x' });
    expect(await ledger.getClaim(orderId)).toMatchObject({ state: 'claimed', owner: 'a', outcome: null });
    await ledger.settleClaim(unique('missing'), 'a', {
      kind: 'confirmed',
      paymentKey: 'pk',
      status: 'DONE',
    });
    expect(await ledger.getClaim(unique('missing'))).toBeNull();
  });
}

/** `settleClaimWithPayment`: the claim settled and its payment recorded in one call. */
function settleWithPaymentTests(): void {
  it('settles a claim and records its payment in one call', async () => {
    const payment = makeCardPayment({ totalAmount: 15_000 });
    const { orderId, paymentKey } = payment;
    await ledger.claimConfirm({ orderId, paymentKey, amount: 15_000, owner: 'a', leaseMs: 60_000 });
    const outcome = { kind: 'confirmed', paymentKey, status: 'DONE' } as const;
    const result = await ledger.settleClaimWithPayment(orderId, 'a', outcome, payment, 1_700_000_000_000);
    expect(result.applied).toBe(true);
    expect(result.previous).toBeNull();
    expect(result.current).toMatchObject({ paymentKey, orderId, status: 'DONE', revision: 1 });
    expect(result.newTransactions.map((t) => t.kind)).toEqual(['APPROVAL']);
    expect(await ledger.getClaim(orderId)).toMatchObject({ state: 'settled', owner: 'a', outcome });
    expect((await ledger.getPayment(paymentKey))?.payment).toEqual(payment);
    expect(await ledger.listTransactions(paymentKey)).toEqual(result.newTransactions);
    // a refresh of the success page is answered from the settled claim
    const again = await ledger.claimConfirm({
      orderId,
      paymentKey,
      amount: 15_000,
      owner: 'b',
      leaseMs: 60_000,
    });
    expect(again.status).toBe('settled');
  });

  it('settles the claim with a payment that was already recorded (a webhook came first), without applying it twice', async () => {
    const payment = makeCardPayment();
    const { orderId, paymentKey } = payment;
    await ledger.claimConfirm({ orderId, paymentKey, amount: 15_000, owner: 'a', leaseMs: 60_000 });
    await ledger.recordPayment(payment);
    const outcome = { kind: 'confirmed', paymentKey, status: 'DONE' } as const;
    const result = await ledger.settleClaimWithPayment(orderId, 'a', outcome, payment);
    expect(result.applied).toBe(false);
    expect(result.newTransactions).toEqual([]);
    expect(await ledger.getClaim(orderId)).toMatchObject({ state: 'settled', outcome });
    expect((await ledger.getPayment(paymentKey))?.revision).toBe(1);
    expect(await ledger.listTransactions(paymentKey)).toHaveLength(1);
  });

  it('settles the claim but keeps a newer snapshot when the one given is older', async () => {
    const approvalKey = unique('txa');
    const done = makeCardPayment({ approvalKey });
    const { orderId, paymentKey } = done;
    const canceled = makeCardPayment({
      paymentKey,
      orderId,
      approvalKey,
      cancels: [{ cancelAmount: 15_000, transactionKey: unique('txc') }],
    });
    await ledger.claimConfirm({ orderId, paymentKey, amount: 15_000, owner: 'a', leaseMs: 60_000 });
    await ledger.recordPayment(canceled);
    const outcome = { kind: 'confirmed', paymentKey, status: 'DONE' } as const;
    const result = await ledger.settleClaimWithPayment(orderId, 'a', outcome, done);
    expect(result.applied).toBe(false);
    expect(result.current.status).toBe('CANCELED');
    expect((await ledger.getPayment(paymentKey))?.status).toBe('CANCELED');
    expect((await ledger.getClaim(orderId))?.state).toBe('settled');
  });

  it('records the payment but leaves the claim alone when the caller no longer holds it', async () => {
    const payment = makeCardPayment();
    const { orderId, paymentKey } = payment;
    const t0 = Date.now();
    await ledger.claimConfirm({
      orderId,
      paymentKey,
      amount: 15_000,
      owner: 'crashed',
      leaseMs: 1_000,
      now: t0,
    });
    await ledger.claimConfirm({
      orderId,
      paymentKey,
      amount: 15_000,
      owner: 'b',
      leaseMs: 60_000,
      now: t0 + 2_000,
    });
    const outcome = { kind: 'confirmed', paymentKey, status: 'DONE' } as const;
    const result = await ledger.settleClaimWithPayment(orderId, 'crashed', outcome, payment);
    expect(result.applied).toBe(true);
    expect(await ledger.getClaim(orderId)).toMatchObject({ owner: 'b', state: 'claimed', outcome: null });
    expect((await ledger.getPayment(paymentKey))?.status).toBe('DONE');
  });
}

/** Claim leases: takeover once a lease ended, renewal by the holder, the list of abandoned claims. */
function claimLeaseTests(): void {
  it('lets another instance take over a claim whose lease ended, and ignores the old holder afterwards', async () => {
    const orderId = unique('order');
    const t0 = Date.now();
    await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk',
      amount: 3_000,
      owner: 'crashed',
      leaseMs: 1_000,
      now: t0,
    });
    const early = await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk',
      amount: 3_000,
      owner: 'b',
      leaseMs: 1_000,
      now: t0 + 500,
    });
    expect(early.status).toBe('busy');
    const takeover = await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk',
      amount: 3_000,
      owner: 'b',
      leaseMs: 1_000,
      now: t0 + 1_500,
    });
    expect(takeover.status).toBe('won');
    expect(takeover.claim).toMatchObject({ owner: 'b', state: 'claimed', leaseUntil: t0 + 2_500 });
    await ledger.settleClaim(orderId, 'crashed', { kind: 'failed', code: 'LATE', message: 'late' });
    expect(await ledger.getClaim(orderId)).toMatchObject({ owner: 'b', state: 'claimed' });
    await ledger.settleClaim(orderId, 'b', { kind: 'confirmed', paymentKey: 'pk', status: 'DONE' });
    expect((await ledger.getClaim(orderId))?.state).toBe('settled');
  });

  it('renews the lease of a claim only for its holder while it is held', async () => {
    const orderId = unique('order');
    const t0 = Date.now();
    const claimAt = (owner: string, now: number) =>
      ledger.claimConfirm({ orderId, paymentKey: 'pk', amount: 3_000, owner, leaseMs: 1_000, now });
    expect((await claimAt('a', t0)).status).toBe('won');
    expect(await ledger.renewClaim(orderId, 'a', 1_000, t0 + 800)).toBe(true);
    expect((await ledger.getClaim(orderId))?.leaseUntil).toBe(t0 + 1_800);
    // past the first lease, the renewed claim is still held
    expect((await claimAt('b', t0 + 1_500)).status).toBe('busy');
    expect(await ledger.renewClaim(orderId, 'intruder', 60_000, t0 + 1_500)).toBe(false);
    expect((await ledger.getClaim(orderId))?.leaseUntil).toBe(t0 + 1_800);
    expect(await ledger.renewClaim(unique('missing'), 'a', 1_000)).toBe(false);
    await ledger.settleClaim(orderId, 'a', { kind: 'confirmed', paymentKey: 'pk', status: 'DONE' });
    expect(await ledger.renewClaim(orderId, 'a', 1_000)).toBe(false);
    expect(await ledger.getClaim(orderId)).toMatchObject({ state: 'settled', leaseUntil: t0 + 1_800 });
  });

  it('lists only claims still held whose lease ended, oldest first, up to the limit', async () => {
    const now = Date.now();
    const live = unique('live');
    const settled = unique('settled');
    const released = unique('released');
    const old1 = unique('old1');
    const old2 = unique('old2');
    await ledger.claimConfirm({
      orderId: live,
      paymentKey: 'p',
      amount: 100,
      owner: 'a',
      leaseMs: 60_000,
      now,
    });
    await ledger.claimConfirm({
      orderId: settled,
      paymentKey: 'p',
      amount: 100,
      owner: 'a',
      leaseMs: 1,
      now: now - 5_000,
    });
    await ledger.settleClaim(settled, 'a', { kind: 'confirmed', paymentKey: 'p', status: 'DONE' });
    await ledger.claimConfirm({
      orderId: released,
      paymentKey: 'p',
      amount: 100,
      owner: 'a',
      leaseMs: 1,
      now: now - 5_000,
    });
    await ledger.releaseClaim(released, 'a', { kind: 'failed', code: 'X', message: 'x' });
    await ledger.claimConfirm({
      orderId: old2,
      paymentKey: 'p2',
      amount: 200,
      owner: 'a',
      leaseMs: 1_000,
      now: now - 3_000,
    });
    await ledger.claimConfirm({
      orderId: old1,
      paymentKey: 'p1',
      amount: 100,
      owner: 'a',
      leaseMs: 1_000,
      now: now - 9_000,
    });
    const abandoned = await ledger.listAbandonedClaims(now);
    expect(abandoned.map((c) => c.orderId)).toEqual([old1, old2]);
    expect(abandoned[0]).toMatchObject({ paymentKey: 'p1', amount: 100, state: 'claimed' });
    expect((await ledger.listAbandonedClaims(now, 1)).map((c) => c.orderId)).toEqual([old1]);
    expect(await ledger.listAbandonedClaims(now - 20_000)).toEqual([]);
  });
}

/** `failClaim`: the order failure and the release together, for the holder only. */
function failClaimTests(): void {
  it('fails a claim in one call: the order failure recorded, the claim released, the order free again', async () => {
    const orderId = unique('order');
    await ledger.claimConfirm({ orderId, paymentKey: 'pk', amount: 3_000, owner: 'a', leaseMs: 60_000 });
    const failure = { code: 'REJECT_CARD_COMPANY', message: '카드사에서 거절했습니다.' };
    expect(await ledger.failClaim(orderId, 'a', failure, 1_700_000_000_123)).toBe(true);
    expect(await ledger.getClaim(orderId)).toMatchObject({
      state: 'released',
      owner: 'a',
      outcome: { kind: 'failed', ...failure },
    });
    expect(await ledger.getOrderFailure(orderId)).toEqual({ orderId, ...failure, at: 1_700_000_000_123 });
    const retry = await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk-2',
      amount: 3_000,
      owner: 'b',
      leaseMs: 60_000,
    });
    expect(retry.status).toBe('won');
    // released already: a second failClaim of the old holder changes nothing
    expect(await ledger.failClaim(orderId, 'a', { code: 'LATE', message: 'late' }, 1)).toBe(false);
    expect(await ledger.getOrderFailure(orderId)).toMatchObject({ code: 'REJECT_CARD_COMPANY' });
  });

  it('fails a claim only for its holder: a stale holder writes neither the failure nor the release', async () => {
    const orderId = unique('order');
    const t0 = clock.now();
    await ledger.claimConfirm({ orderId, paymentKey: 'pk', amount: 3_000, owner: 'old', leaseMs: 1_000 });
    await ledger.recordOrderFailure({ orderId, code: 'EARLIER', message: 'earlier', at: 5 });
    const taken = await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk',
      amount: 3_000,
      owner: 'new',
      leaseMs: 60_000,
      now: t0 + 5_000,
    });
    expect(taken.status).toBe('won');
    expect(await ledger.failClaim(orderId, 'old', { code: 'STALE', message: 'stale' })).toBe(false);
    expect(await ledger.getClaim(orderId)).toMatchObject({ state: 'claimed', owner: 'new', outcome: null });
    expect(await ledger.getOrderFailure(orderId)).toEqual({
      orderId,
      code: 'EARLIER',
      message: 'earlier',
      at: 5,
    });
    const missing = unique('missing');
    expect(await ledger.failClaim(missing, 'a', { code: 'X', message: 'x' })).toBe(false);
    expect(await ledger.getOrderFailure(missing)).toBeNull();
    expect(await ledger.getClaim(missing)).toBeNull();
  });
}

/** The ledger's own clock, read when a call passes no time. */
function claimClockTests(): void {
  it('reads its own clock when a call passes no time: leases, takeover, failure times', async () => {
    const orderId = unique('order');
    const t0 = clock.now();
    const first = await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk',
      amount: 3_000,
      owner: 'a',
      leaseMs: 10_000,
    });
    expect(first.claim).toMatchObject({ createdAt: t0, leaseUntil: t0 + 10_000 });
    clock.advance(9_999);
    const early = await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk',
      amount: 3_000,
      owner: 'b',
      leaseMs: 10_000,
    });
    expect(early.status).toBe('busy');
    expect(await ledger.renewClaim(orderId, 'a', 10_000)).toBe(true);
    expect((await ledger.getClaim(orderId))?.leaseUntil).toBe(t0 + 19_999);
    clock.advance(10_000);
    const late = await ledger.claimConfirm({
      orderId,
      paymentKey: 'pk',
      amount: 3_000,
      owner: 'b',
      leaseMs: 10_000,
    });
    expect(late.status).toBe('won');
    clock.advance(1);
    expect(await ledger.failClaim(orderId, 'b', { code: 'DECLINED', message: '거절' })).toBe(true);
    expect((await ledger.getOrderFailure(orderId))?.at).toBe(t0 + 20_000);
    expect((await ledger.getClaim(orderId))?.updatedAt).toBe(t0 + 20_000);
  });
}
