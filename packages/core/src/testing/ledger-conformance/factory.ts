import type { Ledger } from '../../ledger/ledger.js';

/** What a conformance test may ask of a fresh ledger. */
export interface LedgerFactoryOptions {
  /** the ledger's clock (epoch ms): a factory passes it on (`createMemoryLedger({ now })`, `createLedger({ now })`) */
  now: () => number;
}

/** A fresh, empty ledger per test; it is closed after the test. */
export type LedgerFactory = (options: LedgerFactoryOptions) => Ledger | Promise<Ledger>;

/** A clock a test moves by hand, and that tells the test when the ledger reads it. */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
  /** resolves once the clock has been read `count` more times (e.g. by a lease renewal running on its own) */
  reads(count: number): Promise<void>;
}

export function createTestClock(start = Date.now()): TestClock {
  let time = start;
  const waiters: { left: number; done: () => void }[] = [];
  return {
    now() {
      for (const waiter of [...waiters]) {
        waiter.left -= 1;
        if (waiter.left === 0) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.done();
        }
      }
      return time;
    },
    advance(ms) {
      time += ms;
    },
    reads(count) {
      return new Promise((resolve) => waiters.push({ left: count, done: resolve }));
    },
  };
}
