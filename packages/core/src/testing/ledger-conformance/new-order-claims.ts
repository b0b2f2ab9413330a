/** Conformance: claimNewOrder, the one-write claim of a first confirm (an order with no claim yet). */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Ledger } from '../../ledger/ledger.js';
import { unique } from '../ledger-fixtures.js';
import { createTestClock, type LedgerFactory, type TestClock } from './factory.js';

let ledger: Ledger;
let clock: TestClock;

/** claimNewOrder: the one-write claim of an order that has no claim yet. */
export function describeNewOrderClaimConformance(factory: LedgerFactory): void {
  beforeEach(async () => {
    clock = createTestClock();
    ledger = await factory({ now: clock.now });
  });
  afterEach(async () => {
    await ledger.close();
  });

  const input = (orderId: string, owner: string, leaseMs = 60_000) => ({
    orderId,
    paymentKey: 'pk-new',
    amount: 15_000,
    owner,
    leaseMs,
  });

  it('claims an order with no claim in one call, and leaves an order with a claim in any state alone', async () => {
    expect(ledger.claimNewOrder).toBeTypeOf('function');
    const orderId = unique('order');
    const claim = await ledger.claimNewOrder!(input(orderId, 'a'));
    expect(claim).toMatchObject({
      orderId,
      paymentKey: 'pk-new',
      amount: 15_000,
      state: 'claimed',
      owner: 'a',
      outcome: null,
      leaseUntil: clock.now() + 60_000,
    });
    // held: a second caller gets nothing and the holder keeps it
    expect(await ledger.claimNewOrder!(input(orderId, 'b'))).toBeNull();
    expect((await ledger.getClaim(orderId))?.owner).toBe('a');
    // abandoned (lease over): still not new; the takeover is claimConfirm's, which sees the old holder
    clock.advance(61_000);
    expect(await ledger.claimNewOrder!(input(orderId, 'c'))).toBeNull();
    expect((await ledger.getClaim(orderId))?.owner).toBe('a');
    // released and settled claims are left as they are too
    const released = unique('order');
    await ledger.claimNewOrder!(input(released, 'a'));
    await ledger.releaseClaim(released, 'a', { kind: 'failed', code: 'REJECT_CARD_COMPANY', message: 'x' });
    expect(await ledger.claimNewOrder!(input(released, 'b'))).toBeNull();
    expect((await ledger.getClaim(released))?.state).toBe('released');
    const settled = unique('order');
    await ledger.claimNewOrder!(input(settled, 'a'));
    await ledger.settleClaim(settled, 'a', { kind: 'confirmed', paymentKey: 'pk-new', status: 'DONE' });
    expect(await ledger.claimNewOrder!(input(settled, 'b'))).toBeNull();
    expect((await ledger.getClaim(settled))?.state).toBe('settled');
  });

  it('has exactly one winner among 40 concurrent claims of a new order, mixed with claimConfirm', async () => {
    const orderId = unique('order');
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? ledger.claimNewOrder!(input(orderId, `new-${i}`)).then((claim) => claim?.owner ?? null)
          : ledger
              .claimConfirm(input(orderId, `old-${i}`))
              .then((result) => (result.status === 'won' ? result.claim.owner : null)),
      ),
    );
    const winners = results.filter((owner) => owner !== null);
    expect(winners).toHaveLength(1);
    expect((await ledger.getClaim(orderId))?.owner).toBe(winners[0]);
  });
}
