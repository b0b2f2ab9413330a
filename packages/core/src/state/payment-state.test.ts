import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidStateTransitionError } from '../errors/index.js';
import { PAYMENT_STATUSES, type Cancel, type PaymentStatus } from '../models/index.js';
import {
  PAYMENT_TRANSITIONS,
  canReach,
  canTransition,
  isNewerSnapshot,
  isTerminal,
  nextStatuses,
  sendsWebhook,
  transition,
  type PaymentSnapshot,
} from './payment-state.js';

// The allowed changes written out independently of the table: spec §4 and seed 000's chart.
// Value: whether PAYMENT_STATUS_CHANGED is sent.
const EXPECTED: Readonly<Record<string, boolean>> = {
  'READY>IN_PROGRESS': false,
  'READY>EXPIRED': true,
  'READY>WAITING_FOR_DEPOSIT': true,
  'IN_PROGRESS>DONE': true,
  'IN_PROGRESS>ABORTED': true,
  'IN_PROGRESS>EXPIRED': true,
  'IN_PROGRESS>WAITING_FOR_DEPOSIT': true,
  'WAITING_FOR_DEPOSIT>DONE': true,
  'WAITING_FOR_DEPOSIT>CANCELED': true,
  'DONE>CANCELED': true,
  'DONE>PARTIAL_CANCELED': true,
  'DONE>WAITING_FOR_DEPOSIT': true,
  'PARTIAL_CANCELED>PARTIAL_CANCELED': true,
  'PARTIAL_CANCELED>CANCELED': true,
};

const ALL_PAIRS = PAYMENT_STATUSES.flatMap((from) => PAYMENT_STATUSES.map((to) => [from, to] as const));

describe('the status table', () => {
  it('covers all 64 pairs of the 8 statuses', () => {
    expect(PAYMENT_STATUSES).toHaveLength(8);
    expect(ALL_PAIRS).toHaveLength(64);
  });

  it.each(ALL_PAIRS)('%s → %s', (from, to) => {
    const key = `${from}>${to}`;
    const allowed = Object.hasOwn(EXPECTED, key);
    expect(canTransition(from, to)).toBe(allowed);
    expect(sendsWebhook(from, to)).toBe(allowed && EXPECTED[key] === true);
    if (allowed) {
      expect(transition(from, to)).toBe(to);
    } else {
      expect(() => transition(from, to)).toThrow(InvalidStateTransitionError);
    }
  });

  it('has exactly the expected rows, each once', () => {
    const keys = PAYMENT_TRANSITIONS.map((tr) => `${tr.from}>${tr.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('marks the virtual-account-only changes', () => {
    const va = PAYMENT_TRANSITIONS.filter((tr) => tr.virtualAccount).map((tr) => `${tr.from}>${tr.to}`);
    expect(va.sort()).toEqual(
      [
        'READY>WAITING_FOR_DEPOSIT',
        'IN_PROGRESS>WAITING_FOR_DEPOSIT',
        'WAITING_FOR_DEPOSIT>DONE',
        'WAITING_FOR_DEPOSIT>CANCELED',
        'DONE>WAITING_FOR_DEPOSIT',
      ].sort(),
    );
  });

  it('throws a 409 with from and to', () => {
    try {
      transition('CANCELED', 'DONE');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidStateTransitionError);
      expect((err as InvalidStateTransitionError).status).toBe(409);
      expect((err as InvalidStateTransitionError).details).toEqual({ from: 'CANCELED', to: 'DONE' });
    }
  });

  it.each([
    ['READY', false],
    ['IN_PROGRESS', false],
    ['WAITING_FOR_DEPOSIT', false],
    ['DONE', false],
    ['PARTIAL_CANCELED', false],
    ['CANCELED', true],
    ['ABORTED', true],
    ['EXPIRED', true],
  ] as const)('isTerminal(%s) is %s', (status, terminal) => {
    expect(isTerminal(status)).toBe(terminal);
  });

  it('reachability follows several steps', () => {
    expect(canReach('READY', 'DONE')).toBe(true);
    expect(canReach('READY', 'PARTIAL_CANCELED')).toBe(true);
    expect(canReach('DONE', 'READY')).toBe(false);
    expect(canReach('CANCELED', 'DONE')).toBe(false);
    expect(canReach('DONE', 'WAITING_FOR_DEPOSIT')).toBe(true);
    expect(canReach('WAITING_FOR_DEPOSIT', 'DONE')).toBe(true);
    expect(nextStatuses('ABORTED')).toEqual([]);
  });

  it('transition never accepts a pair outside the table (property)', () => {
    const status = fc.constantFrom(...PAYMENT_STATUSES);
    fc.assert(
      fc.property(status, status, (from, to) => {
        const inTable = Object.hasOwn(EXPECTED, `${from}>${to}`);
        if (inTable) return transition(from, to) === to;
        try {
          transition(from, to);
          return false;
        } catch (err) {
          return err instanceof InvalidStateTransitionError;
        }
      }),
    );
  });
});

// --- snapshots -------------------------------------------------------------------------------------------

function cancel(n: number, amount: number, refundable: number): Cancel {
  return {
    cancelAmount: amount,
    cancelReason: `cancel ${n}`,
    taxFreeAmount: 0,
    refundableAmount: refundable,
    canceledAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
    transactionKey: `cancel-tx-${n}`,
  } as Cancel;
}

function snap(status: PaymentStatus, extra: Partial<Omit<PaymentSnapshot, 'status'>> = {}): PaymentSnapshot {
  return {
    status,
    cancels: null,
    lastTransactionKey: null,
    approvedAt: null,
    balanceAmount: 10000,
    ...extra,
  };
}

const T1 = '2026-01-01T10:00:00+09:00';
const T2 = '2026-01-01T11:00:00+09:00';

describe('isNewerSnapshot', () => {
  it('accepts anything over nothing, and never an equal snapshot', () => {
    expect(isNewerSnapshot(null, snap('READY'))).toBe(true);
    expect(isNewerSnapshot(snap('DONE', { approvedAt: T1 }), snap('DONE', { approvedAt: T1 }))).toBe(false);
  });

  it('orders by legal progress of the status', () => {
    expect(isNewerSnapshot(snap('READY'), snap('IN_PROGRESS'))).toBe(true);
    expect(isNewerSnapshot(snap('IN_PROGRESS'), snap('READY'))).toBe(false);
    // a confirm answer may arrive when only READY was ever stored
    expect(isNewerSnapshot(snap('READY'), snap('DONE', { approvedAt: T1 }))).toBe(true);
    expect(isNewerSnapshot(snap('DONE', { approvedAt: T1 }), snap('IN_PROGRESS'))).toBe(false);
    expect(isNewerSnapshot(snap('IN_PROGRESS'), snap('ABORTED'))).toBe(true);
    expect(isNewerSnapshot(snap('ABORTED'), snap('IN_PROGRESS'))).toBe(false);
    expect(isNewerSnapshot(snap('ABORTED'), snap('DONE', { approvedAt: T1 }))).toBe(false);
    expect(isNewerSnapshot(snap('EXPIRED'), snap('READY'))).toBe(false);
  });

  it('an older DONE never overwrites PARTIAL_CANCELED or CANCELED', () => {
    const done = snap('DONE', { approvedAt: T1 });
    const partial = snap('PARTIAL_CANCELED', {
      approvedAt: T1,
      cancels: [cancel(1, 3000, 7000)],
      balanceAmount: 7000,
    });
    const canceled = snap('CANCELED', {
      approvedAt: T1,
      cancels: [cancel(1, 3000, 7000), cancel(2, 7000, 0)],
      balanceAmount: 0,
    });
    expect(isNewerSnapshot(partial, done)).toBe(false);
    expect(isNewerSnapshot(canceled, done)).toBe(false);
    expect(isNewerSnapshot(canceled, partial)).toBe(false);
    expect(isNewerSnapshot(done, partial)).toBe(true);
    expect(isNewerSnapshot(partial, canceled)).toBe(true);
  });

  it('more cancels or a lower balance is newer', () => {
    const one = snap('PARTIAL_CANCELED', { cancels: [cancel(1, 1000, 9000)], balanceAmount: 9000 });
    const two = snap('PARTIAL_CANCELED', {
      cancels: [cancel(1, 1000, 9000), cancel(2, 1000, 8000)],
      balanceAmount: 8000,
    });
    expect(isNewerSnapshot(one, two)).toBe(true);
    expect(isNewerSnapshot(two, one)).toBe(false);
    // same number of cancels (e.g. a cancel list not yet filled in), lower balance
    expect(
      isNewerSnapshot(
        snap('PARTIAL_CANCELED', { balanceAmount: 9000 }),
        snap('PARTIAL_CANCELED', { balanceAmount: 8000 }),
      ),
    ).toBe(true);
    expect(
      isNewerSnapshot(
        snap('PARTIAL_CANCELED', { balanceAmount: 8000 }),
        snap('PARTIAL_CANCELED', { balanceAmount: 9000 }),
      ),
    ).toBe(false);
  });

  it('orders the virtual-account deposit cycle by approvedAt', () => {
    const waitingBefore = snap('WAITING_FOR_DEPOSIT', { lastTransactionKey: 'tx-issue' });
    const done = snap('DONE', { approvedAt: T1, lastTransactionKey: 'tx-deposit' });
    const waitingAfterError = snap('WAITING_FOR_DEPOSIT', { approvedAt: T1, lastTransactionKey: 'tx-error' });
    const doneAgain = snap('DONE', { approvedAt: T2, lastTransactionKey: 'tx-deposit-2' });

    expect(isNewerSnapshot(waitingBefore, done)).toBe(true); // the deposit
    expect(isNewerSnapshot(done, waitingBefore)).toBe(false); // a stale "issued" webhook
    expect(isNewerSnapshot(done, waitingAfterError)).toBe(true); // the deposit error (DONE → WAITING is legal)
    expect(isNewerSnapshot(waitingAfterError, done)).toBe(false); // the stale DONE must not undo the error
    expect(isNewerSnapshot(waitingAfterError, doneAgain)).toBe(true); // the new deposit
    expect(isNewerSnapshot(doneAgain, waitingAfterError)).toBe(false);
    expect(isNewerSnapshot(doneAgain, done)).toBe(false);
    // same status inside the cycle: the later approval wins
    expect(isNewerSnapshot(done, doneAgain)).toBe(true);
    expect(isNewerSnapshot(waitingBefore, waitingAfterError)).toBe(true);
    expect(isNewerSnapshot(waitingAfterError, waitingBefore)).toBe(false);
    // outside the cycle a different approvedAt on the same status changes nothing
    expect(
      isNewerSnapshot(
        snap('CANCELED', { approvedAt: T1, balanceAmount: 0 }),
        snap('CANCELED', { approvedAt: T2, balanceAmount: 0 }),
      ),
    ).toBe(false);
  });

  // A small gateway model: walks legal transitions and produces the snapshots the gateway would show.
  type Step = { pick: number; amount: number };
  function history(steps: Step[], start: 'READY' | 'DONE'): PaymentSnapshot[] {
    const total = 100000;
    let clock = Date.UTC(2026, 0, 1);
    const tick = () => new Date((clock += 60_000)).toISOString();
    let tx = 0;
    let cur: PaymentSnapshot = {
      status: start,
      cancels: null,
      lastTransactionKey: start === 'DONE' ? `tx-${++tx}` : null,
      approvedAt: start === 'DONE' ? tick() : null,
      balanceAmount: total,
    };
    const out = [cur];
    for (const step of steps) {
      const options = nextStatuses(cur.status).filter((to) => {
        // a partial cancel needs something left after it
        if (to === 'PARTIAL_CANCELED') return cur.balanceAmount > 1;
        return true;
      });
      if (options.length === 0) break;
      const to = options[step.pick % options.length]!;
      const next: PaymentSnapshot = {
        ...cur,
        status: transition(cur.status, to),
        lastTransactionKey: `tx-${++tx}`,
      };
      if (to === 'DONE') next.approvedAt = tick(); // approval or deposit
      if (to === 'PARTIAL_CANCELED' || to === 'CANCELED') {
        const amount = to === 'CANCELED' ? cur.balanceAmount : 1 + (step.amount % (cur.balanceAmount - 1));
        const balance = cur.balanceAmount - amount;
        next.cancels = [...(cur.cancels ?? []), cancel((cur.cancels?.length ?? 0) + 1, amount, balance)];
        next.balanceAmount = balance;
      }
      // DONE → WAITING_FOR_DEPOSIT keeps approvedAt (the failed deposit's time); ABORTED/EXPIRED change nothing else
      out.push(next);
      cur = next;
      tick();
    }
    return out;
  }

  const steps = fc.array(fc.record({ pick: fc.nat(), amount: fc.nat() }), { maxLength: 12 });
  const start = fc.constantFrom('READY' as const, 'DONE' as const);

  it('property: along any legal history, a later snapshot is newer than the one before it', () => {
    fc.assert(
      fc.property(steps, start, (s, st) => {
        const h = history(s, st);
        for (let i = 1; i < h.length; i++) {
          if (!isNewerSnapshot(h[i - 1]!, h[i]!)) return false;
        }
        return true;
      }),
    );
  });

  it('property: an earlier snapshot is never accepted over a later one, nor a snapshot over itself', () => {
    fc.assert(
      fc.property(steps, start, (s, st) => {
        const h = history(s, st);
        for (let i = 0; i < h.length; i++) {
          if (isNewerSnapshot(h[i]!, h[i]!)) return false;
          for (let j = i + 1; j < h.length; j++) {
            if (isNewerSnapshot(h[j]!, h[i]!)) return false;
          }
        }
        return true;
      }),
    );
  });

  it('property: keeping the newest of the deliveries, in any order, ends at the last snapshot', () => {
    fc.assert(
      fc.property(steps, start, fc.array(fc.nat(), { minLength: 13, maxLength: 13 }), (s, st, keys) => {
        const h = history(s, st);
        // the webhook queue may deliver every snapshot in any order
        const order = h.map((snapshot, i) => ({ snapshot, key: keys[i]! })).sort((a, b) => a.key - b.key);
        let stored: PaymentSnapshot | null = null;
        for (const { snapshot } of order) if (isNewerSnapshot(stored, snapshot)) stored = snapshot;
        return stored === h[h.length - 1];
      }),
    );
  });
});
