/**
 * The chaos run's judge, on hand-made books: each invariant flags what it should and nothing else, and a seed
 * names one schedule. (The run itself is `npm run chaos`; it needs PostgreSQL and takes minutes.)
 */
import { describe, expect, it } from 'vitest';
import { checkBooks, type Books, type CheckInput } from './books.js';
import { createRng } from './prng.js';
import { planOrder, planSchedule, verdictOf, type Answer } from './storm.js';

const T0 = 1_000_000;

function answer(partial: Partial<Answer>): Answer {
  return {
    kind: 'confirm',
    orderId: 'o1',
    paymentKey: 'pk1',
    app: 'app1',
    generation: 'app1#1',
    start: T0 + 1000,
    end: T0 + 1100,
    status: 200,
    code: null,
    retryAfter: null,
    ...partial,
  };
}

function input(books: Partial<Books>, rest: Partial<CheckInput> = {}): CheckInput {
  return {
    books: { gateway: [], ledger: [], claims: [], hooks: [], ...books },
    answers: [],
    orders: new Map([
      ['o1', { amount: 1000 }],
      ['o2', { amount: 2000 }],
    ]),
    kills: [],
    crashes: [],
    outages: [],
    outageGraceMs: 5000,
    peakRssMb: new Map(),
    maxRssMb: 400,
    reconcileBlocked: false,
    ...rest,
  };
}

const done = (paymentKey: string, orderId = 'o1', totalAmount = 1000) => ({
  paymentKey,
  orderId,
  status: 'DONE',
  totalAmount,
  approvedAt: 'x',
});
const row = (paymentKey: string, status = 'DONE', orderId = 'o1') => ({
  payment_key: paymentKey,
  order_id: orderId,
  status,
  total_amount: '1000',
});
const hook = (paymentKey: string, generation: string, at: number) => ({
  generation,
  hook: 'onPaymentConfirmed',
  payment_key: paymentKey,
  order_id: 'o1',
  at: String(at),
});
const kinds = (i: CheckInput) => checkBooks(i, T0).violations.map((v) => v.kind);

describe('checkBooks', () => {
  it('passes a clean order: one DONE, one ledger row, one hook, the buyer told paid', () => {
    const books = { gateway: [done('pk1')], ledger: [row('pk1')], hooks: [hook('pk1', 'app1#1', T0 + 1050)] };
    expect(kinds(input(books, { answers: [answer({})] }))).toEqual([]);
  });

  it('flags two approvals for one order and a DONE the ledger lacks', () => {
    const books = {
      gateway: [done('pk1'), done('pk2')],
      ledger: [row('pk1')],
      hooks: [hook('pk1', 'a#1', 1)],
    };
    expect(kinds(input(books))).toEqual(['two-approvals', 'done-not-in-ledger']);
  });

  it('flags a DONE without its hook, and a hook rerun unless the first runner was killed in between', () => {
    expect(kinds(input({ gateway: [done('pk1')], ledger: [row('pk1')] }))).toEqual(['hook-missing']);
    const twice = {
      gateway: [done('pk1')],
      ledger: [row('pk1')],
      hooks: [hook('pk1', 'app1#1', T0 + 100), hook('pk1', 'app2#1', T0 + 9000)],
    };
    expect(kinds(input(twice))).toEqual(['hook-twice']);
    const afterKill = input(twice, { kills: [{ generation: 'app1#1', at: T0 + 200, inFlight: ['o1'] }] });
    expect(checkBooks(afterKill, T0)).toEqual({ violations: [], reruns: 1 });
  });

  it('judges what the buyer was told against the final truth; 202 and in-progress codes are not verdicts', () => {
    const books = { gateway: [done('pk1')], ledger: [row('pk1')], hooks: [hook('pk1', 'a#1', 1)] };
    const answers = [
      answer({ status: 202, code: 'PAYMENT_CONFIRMING' }),
      answer({ status: 409, code: 'CONFIRM_IN_PROGRESS' }),
      answer({ status: 409, code: 'IDEMPOTENT_REQUEST_PROCESSING' }),
      answer({ kind: 'tampered', status: 400, code: 'AMOUNT_MISMATCH' }),
    ];
    expect(kinds(input(books, { answers }))).toEqual(['told-failed']);
    const unpaid = { gateway: [{ ...done('pk1'), status: 'EXPIRED' }] };
    expect(kinds(input(unpaid, { answers: [answer({ status: 200 })] }))).toEqual(['told-paid']);
    expect(kinds(input(unpaid, { answers: [answer({ kind: 'tampered', status: 200 })] }))).toEqual([
      'tampered-accepted',
    ]);
  });

  it('allows 503 LEDGER_UNAVAILABLE only during (and shortly after) an outage of that app', () => {
    const outages = [{ app: 'app1', mode: 'reset' as const, start: T0 + 500, end: T0 + 2000 }];
    const unavailable = { status: 503, code: 'LEDGER_UNAVAILABLE' };
    const unpaid = { gateway: [{ ...done('pk1'), status: 'EXPIRED' }] };
    expect(kinds(input(unpaid, { outages, answers: [answer(unavailable)] }))).toEqual([]);
    expect(
      kinds(input(unpaid, { outages, answers: [answer({ status: 500, code: 'INTERNAL_ERROR' })] })),
    ).toEqual(['server-error-in-outage']);
    const late = answer({ ...unavailable, start: T0 + 9000, end: T0 + 9100 });
    expect(kinds(input(unpaid, { outages, answers: [late] }))).toEqual(['server-error']);
    const elsewhere = answer({ ...unavailable, app: 'app2', generation: 'app2#1' });
    expect(kinds(input(unpaid, { outages, answers: [elsewhere] }))).toEqual(['server-error']);
  });

  it('flags open claims, hangs, fuzz answered 5xx or not at all, crashes and memory', () => {
    const fuzz = (p: Partial<Answer>) =>
      answer({ kind: 'fuzz', label: 'NUL', orderId: null, paymentKey: null, ...p });
    const checked = input(
      { claims: [{ order_id: 'o2', payment_key: 'pk9', state: 'claimed', outcome: null }] },
      {
        answers: [
          answer({ paymentKey: 'pk9', orderId: 'o2', status: -1 }),
          fuzz({ status: 500, code: 'INTERNAL_ERROR' }),
          fuzz({ status: 0 }),
          fuzz({ status: 400, code: 'INVALID_ORDER_ID' }),
          answer({ kind: 'forged-webhook', label: 'forged', status: 200, orderId: null, paymentKey: null }),
          answer({
            kind: 'forged-webhook',
            label: 'forged, lookup lost',
            status: 503,
            code: 'WEBHOOK_UNVERIFIED',
            orderId: null,
            paymentKey: null,
          }),
          answer({
            kind: 'forged-webhook',
            label: 'forged, gateway 500 passed on',
            status: 500,
            code: 'FAILED_INTERNAL_SYSTEM_PROCESSING',
            orderId: null,
            paymentKey: null,
          }),
        ],
        crashes: [{ generation: 'app1#1', at: T0 + 50_000, code: 1, signal: null, tail: 'ECONNRESET' }],
        peakRssMb: new Map([['app1', 900]]),
      },
    );
    expect(kinds(checked)).toEqual([
      'claim-open',
      'hang',
      'fuzz-5xx',
      'fuzz-no-answer',
      'fuzz-5xx',
      'crash',
      'memory',
    ]);
  });

  it('flags an order left IN_PROGRESS whose buyer was never told it failed', () => {
    const waiting = { gateway: [{ ...done('pk1'), status: 'IN_PROGRESS' }] };
    const polls = [
      answer({ status: 500, code: 'X' }),
      answer({ kind: 'poll', status: 202, code: 'PAYMENT_CONFIRMING' }),
    ];
    expect(kinds(input(waiting, { answers: polls })).filter((k) => k === 'stuck')).toEqual(['stuck']);
    const told = [...polls, answer({ kind: 'poll', status: 400, code: 'PROVIDER_ERROR' })];
    expect(kinds(input(waiting, { answers: told })).filter((k) => k === 'stuck')).toEqual([]);
    // the order's other window was paid: the unused window stays IN_PROGRESS, nothing is stuck
    const paidElsewhere = {
      gateway: [{ ...done('pk1'), status: 'IN_PROGRESS' }, done('pk2')],
      ledger: [row('pk2')],
      hooks: [hook('pk2', 'a#1', 1)],
    };
    expect(kinds(input(paidElsewhere, { answers: polls.slice(1) }))).toEqual([]);
  });

  it('a request lost because its app was killed is not held against the app', () => {
    const kills = [{ generation: 'app1#1', at: T0 + 1050, inFlight: [] }];
    const lost = answer({ kind: 'fuzz', label: 'NUL', orderId: null, paymentKey: null, status: 0 });
    expect(kinds(input({}, { kills, answers: [lost] }))).toEqual([]);
  });
});

describe('the seed', () => {
  it('names one schedule and one set of order plans', () => {
    const plan = (seed: string) => ({
      schedule: [...planSchedule(createRng(seed).fork('schedule'), 200, 3).entries()],
      orders: Array.from({ length: 50 }, (_, i) => planOrder(createRng(seed).fork(`order:${i}`), i, `o${i}`)),
    });
    expect(plan('7')).toEqual(plan('7'));
    expect(plan('7')).not.toEqual(plan('8'));
    const events = plan('7').schedule.flatMap(([, e]) => e);
    expect(events.filter((e) => e.kind === 'kill').length).toBe(7);
  });

  it('classifies answers', () => {
    expect(verdictOf({ status: 202, code: 'PAYMENT_CONFIRMING' })).toBe('pending');
    expect(verdictOf({ status: 503, code: 'LEDGER_UNAVAILABLE' })).toBe('pending');
    expect(verdictOf({ status: 409, code: 'ORDER_NOT_PAYABLE' })).toBe('failed');
    expect(verdictOf({ status: 502, code: 'GATEWAY_ERROR' })).toBe('server-error');
    expect(verdictOf({ status: 0, code: null })).toBe('lost');
  });
});
