/** Conformance: the health probe (migrated, open claims, abandoned claims, the oldest open claim). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../ledger/ledger.js';
import { makeCardPayment, unique } from '../ledger-fixtures.js';
import { createTestClock, type LedgerFactory, type TestClock } from './factory.js';

let ledger: Ledger;
let clock: TestClock;

async function claim(owner: string, leaseMs: number): Promise<string> {
  const orderId = unique('order');
  const result = await ledger.claimConfirm({
    orderId,
    paymentKey: unique('pk'),
    amount: 1_000,
    owner,
    leaseMs,
  });
  expect(result.status).toBe('won');
  return orderId;
}

export function describeHealthConformance(factory: LedgerFactory): void {
  beforeEach(async () => {
    clock = createTestClock();
    ledger = await factory({ now: clock.now });
  });
  afterEach(async () => {
    await ledger.close();
  });

  describe('health', () => {
    it('answers a fresh ledger as migrated with no open claims', async () => {
      expect(await ledger.health()).toEqual({
        migrated: true,
        openClaims: 0,
        abandonedClaims: 0,
        oldestOpenClaimAt: null,
      });
    });

    it('counts open claims, the abandoned ones by `now`, and the oldest; finished claims leave the count', async () => {
      const start = clock.now();
      const settled = await claim('a', 60_000);
      clock.advance(1_000);
      const abandoned = await claim('a', 5_000);
      clock.advance(1_000);
      await claim('b', 60_000);
      const released = await claim('b', 60_000);
      await ledger.settleClaimWithPayment(
        settled,
        'a',
        { kind: 'confirmed', paymentKey: 'pk-settled', status: 'DONE' },
        makeCardPayment({ orderId: settled, paymentKey: 'pk-settled' }),
      );
      await ledger.releaseClaim(released, 'b', { kind: 'failed', code: 'REJECT_CARD_COMPANY', message: 'x' });

      const now = clock.now();
      expect(await ledger.health(now)).toEqual({
        migrated: true,
        openClaims: 2,
        abandonedClaims: 0,
        oldestOpenClaimAt: start + 1_000,
      });
      // the 5 s lease of `abandoned` has ended 10 s later; the clock passed to the call decides
      expect(await ledger.health(now + 10_000)).toMatchObject({ openClaims: 2, abandonedClaims: 1 });
      // without `now`, the ledger's own clock
      clock.advance(10_000);
      expect(await ledger.health()).toMatchObject({ abandonedClaims: 1 });
      await ledger.failClaim(abandoned, 'a', { code: 'NOT_FOUND_PAYMENT', message: 'x' });
      expect(await ledger.health()).toMatchObject({ openClaims: 1, abandonedClaims: 0 });
    });
  });
}
