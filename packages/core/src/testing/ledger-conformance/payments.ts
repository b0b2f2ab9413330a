/** Conformance: payments and transactions (the ordering rule, derived transactions, exact amounts). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../ledger/ledger.js';
import type { Payment } from '../../models/index.js';
import { makeCardPayment, makeVirtualAccountPayment, unique } from '../ledger-fixtures.js';
import { createTestClock, type LedgerFactory, type TestClock } from './factory.js';

// The fresh ledger and clock of the running test, set by the hooks of describePaymentConformance and read by
// the test groups below (vitest runs the tests of a file one at a time).
let ledger: Ledger;
let clock: TestClock;

export function describePaymentConformance(factory: LedgerFactory): void {
  beforeEach(async () => {
    clock = createTestClock();
    ledger = await factory({ now: clock.now });
  });
  afterEach(async () => {
    await ledger.close();
  });

  describe('payments and transactions', () => {
    recordedSnapshotTests();
    snapshotOrderingTests();
    derivedTransactionTests();
    paymentListTests();
  });
}

/** What a recorded snapshot keeps: its fields, exact amounts, a virtual account's secret, unknown fields. */
function recordedSnapshotTests(): void {
  it('records a snapshot with its fields, readable by paymentKey and by orderId, with one approval transaction', async () => {
    const payment = makeCardPayment({ totalAmount: 15_000, approvalKey: 'txrd_a01approve0001' });
    const result = await ledger.recordPayment(payment, 1_700_000_000_000);
    expect(result.applied).toBe(true);
    expect(result.previous).toBeNull();
    expect(result.current).toMatchObject({
      paymentKey: payment.paymentKey,
      orderId: payment.orderId,
      status: 'DONE',
      method: '카드',
      totalAmount: 15_000,
      balanceAmount: 15_000,
      lastTransactionKey: 'txrd_a01approve0001',
      revision: 1,
      updatedAt: 1_700_000_000_000,
    });
    expect(result.newTransactions).toEqual([
      {
        transactionKey: 'txrd_a01approve0001',
        paymentKey: payment.paymentKey,
        orderId: payment.orderId,
        kind: 'APPROVAL',
        amount: 15_000,
        status: 'DONE',
        at: '2024-02-13T12:18:14+09:00',
        reason: null,
      },
    ]);
    const byKey = await ledger.getPayment(payment.paymentKey);
    expect(byKey?.payment).toEqual(payment);
    expect(await ledger.getPaymentByOrderId(payment.orderId)).toEqual(byKey);
    expect(await ledger.listTransactions(payment.paymentKey)).toEqual(result.newTransactions);
    expect(await ledger.getPayment(unique('nope'))).toBeNull();
    expect(await ledger.getPaymentByOrderId(unique('nope'))).toBeNull();
    expect(await ledger.listTransactions(unique('nope'))).toEqual([]);
  });

  it('keeps amounts as exact integers, beyond 32 bits', async () => {
    const payment = makeCardPayment({
      totalAmount: 9_000_000_123,
      cancels: [{ cancelAmount: 4_000_000_001, transactionKey: unique('tx') }],
    });
    const { current, newTransactions } = await ledger.recordPayment(payment);
    expect(current.totalAmount).toBe(9_000_000_123);
    expect(current.balanceAmount).toBe(5_000_000_122);
    expect(newTransactions.map((t) => t.amount)).toEqual([9_000_000_123, 4_000_000_001]);
    const read = await ledger.getPayment(payment.paymentKey);
    expect(typeof read?.totalAmount).toBe('number');
    expect(read?.balanceAmount).toBe(5_000_000_122);
  });

  it('keeps a virtual account secret for the flows and records the deposit as the approval', async () => {
    const waiting = makeVirtualAccountPayment({ secret: 'ps_eqRGgYO1r57E4Z541ZMW3QnN2Eya' });
    const r1 = await ledger.recordPayment(waiting);
    expect(r1.current.status).toBe('WAITING_FOR_DEPOSIT');
    expect(r1.newTransactions).toEqual([]);
    const read = await ledger.getPayment(waiting.paymentKey);
    expect((read?.payment as unknown as { secret: string }).secret).toBe('ps_eqRGgYO1r57E4Z541ZMW3QnN2Eya');
    expect(read?.payment).toEqual(waiting);
    const deposited = makeVirtualAccountPayment({
      paymentKey: waiting.paymentKey,
      orderId: waiting.orderId,
      deposited: true,
      secret: 'ps_eqRGgYO1r57E4Z541ZMW3QnN2Eya',
    });
    const r2 = await ledger.recordPayment(deposited);
    expect(r2.applied).toBe(true);
    expect(r2.newTransactions.map((t) => [t.kind, t.amount])).toEqual([['APPROVAL', 50_000]]);
    expect((await ledger.getPaymentByOrderId(waiting.orderId))?.status).toBe('DONE');
  });

  it('keeps fields it does not know about', async () => {
    const payment = makeCardPayment({
      extra: { futureField: { nested: [1, '둘'] }, metadata: { cartId: 'c-1' } },
    });
    await ledger.recordPayment(payment);
    const read = await ledger.getPayment(payment.paymentKey);
    expect((read?.payment as unknown as Record<string, unknown>).futureField).toEqual({
      nested: [1, '둘'],
    });
    expect((read?.payment as unknown as Record<string, unknown>).metadata).toEqual({ cartId: 'c-1' });
  });
}

/** The ordering rule: a snapshot applied once, never an older one over a newer one. */
function snapshotOrderingTests(): void {
  it('does not apply the same snapshot twice', async () => {
    const payment = makeCardPayment();
    await ledger.recordPayment(payment);
    const again = await ledger.recordPayment(payment);
    expect(again.applied).toBe(false);
    expect(again.newTransactions).toEqual([]);
    expect(again.current.revision).toBe(1);
    expect(await ledger.listTransactions(payment.paymentKey)).toHaveLength(1);
  });

  it('never lets an older snapshot overwrite a newer one', async () => {
    const paymentKey = unique('pk');
    const orderId = unique('order');
    const approvalKey = unique('txa');
    const c1 = unique('txc');
    const done = makeCardPayment({ paymentKey, orderId, approvalKey });
    const canceled = makeCardPayment({
      paymentKey,
      orderId,
      approvalKey,
      cancels: [{ cancelAmount: 15_000, transactionKey: c1 }],
    });
    await ledger.recordPayment(canceled);
    const late = await ledger.recordPayment(done);
    expect(late.applied).toBe(false);
    expect(late.current.status).toBe('CANCELED');
    expect(late.newTransactions).toEqual([]);
    const stored = await ledger.getPayment(paymentKey);
    expect(stored).toMatchObject({
      status: 'CANCELED',
      balanceAmount: 0,
      lastTransactionKey: c1,
      revision: 1,
    });
    // an IN_PROGRESS snapshot after DONE is older too
    const other = makeCardPayment();
    await ledger.recordPayment(other);
    const regress = await ledger.recordPayment({
      ...other,
      status: 'IN_PROGRESS',
      approvedAt: null,
    } as Payment);
    expect(regress.applied).toBe(false);
    expect((await ledger.getPayment(other.paymentKey))?.status).toBe('DONE');
  });

  it('applies a snapshot exactly once when 20 callers record it at the same time', async () => {
    const payment = makeCardPayment();
    const results = await Promise.all(Array.from({ length: 20 }, () => ledger.recordPayment(payment)));
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(results.flatMap((r) => r.newTransactions)).toHaveLength(1);
    expect((await ledger.getPayment(payment.paymentKey))?.revision).toBe(1);
  });
}

/** Transactions derived from the snapshots: one approval, one cancel per cancel, each key once. */
function derivedTransactionTests(): void {
  it('adds one CANCEL transaction per cancel, keyed by its transactionKey, in order', async () => {
    const paymentKey = unique('pk');
    const orderId = unique('order');
    const approvalKey = unique('txa');
    const c1 = unique('txc1');
    const c2 = unique('txc2');
    const done = makeCardPayment({ paymentKey, orderId, approvalKey, totalAmount: 10_000 });
    const partial = makeCardPayment({
      paymentKey,
      orderId,
      approvalKey,
      totalAmount: 10_000,
      cancels: [{ cancelAmount: 3_000, transactionKey: c1 }],
    });
    const full = makeCardPayment({
      paymentKey,
      orderId,
      approvalKey,
      totalAmount: 10_000,
      cancels: [
        { cancelAmount: 3_000, transactionKey: c1 },
        { cancelAmount: 7_000, transactionKey: c2, cancelReason: '전액 환불' },
      ],
    });
    await ledger.recordPayment(done);
    const r2 = await ledger.recordPayment(partial);
    expect(r2.applied).toBe(true);
    expect(r2.current).toMatchObject({
      status: 'PARTIAL_CANCELED',
      balanceAmount: 7_000,
      lastTransactionKey: c1,
      revision: 2,
    });
    expect(r2.previous?.status).toBe('DONE');
    expect(r2.newTransactions.map((t) => [t.kind, t.transactionKey, t.amount, t.status])).toEqual([
      ['CANCEL', c1, 3_000, 'PARTIAL_CANCELED'],
    ]);
    const r3 = await ledger.recordPayment(full);
    expect(r3.newTransactions.map((t) => [t.kind, t.transactionKey, t.amount, t.status, t.reason])).toEqual([
      ['CANCEL', c2, 7_000, 'CANCELED', '전액 환불'],
    ]);
    const all = await ledger.listTransactions(paymentKey);
    expect(all.map((t) => [t.kind, t.transactionKey])).toEqual([
      ['APPROVAL', approvalKey],
      ['CANCEL', c1],
      ['CANCEL', c2],
    ]);
    expect((await ledger.getPayment(paymentKey))?.status).toBe('CANCELED');
  });

  it('derives the approval too when the first snapshot it sees is already cancelled, once', async () => {
    const paymentKey = unique('pk');
    const c1 = unique('txc');
    const partial = makeCardPayment({
      paymentKey,
      totalAmount: 10_000,
      cancels: [{ cancelAmount: 1_000, transactionKey: c1 }],
    });
    const r = await ledger.recordPayment(partial);
    expect(r.newTransactions.map((t) => t.kind)).toEqual(['APPROVAL', 'CANCEL']);
    const c2 = unique('txc');
    const r2 = await ledger.recordPayment(
      makeCardPayment({
        paymentKey,
        orderId: partial.orderId,
        totalAmount: 10_000,
        cancels: [
          { cancelAmount: 1_000, transactionKey: c1 },
          { cancelAmount: 1_000, transactionKey: c2 },
        ],
      }),
    );
    expect(r2.newTransactions.map((t) => [t.kind, t.transactionKey])).toEqual([['CANCEL', c2]]);
    expect((await ledger.listTransactions(paymentKey)).filter((t) => t.kind === 'APPROVAL')).toHaveLength(1);
  });

  it('never inserts a transactionKey twice, even from another payment', async () => {
    const shared = unique('txshared');
    const a = makeCardPayment({ approvalKey: shared });
    const b = makeCardPayment({ approvalKey: shared });
    const ra = await ledger.recordPayment(a);
    const rb = await ledger.recordPayment(b);
    expect(ra.newTransactions).toHaveLength(1);
    expect(rb.applied).toBe(true);
    expect(rb.newTransactions).toEqual([]);
    expect(await ledger.listTransactions(b.paymentKey)).toEqual([]);
  });
}

/** Reading payments back: the list, and the latest payment of an order. */
function paymentListTests(): void {
  it('lists payments newest first, filtered by status, up to the limit', async () => {
    const t = Date.now();
    const a = makeCardPayment();
    const b = makeVirtualAccountPayment();
    const c = makeCardPayment();
    await ledger.recordPayment(a, t);
    await ledger.recordPayment(b, t + 1);
    await ledger.recordPayment(c, t + 2);
    expect((await ledger.listPayments()).map((p) => p.paymentKey)).toEqual([
      c.paymentKey,
      b.paymentKey,
      a.paymentKey,
    ]);
    expect((await ledger.listPayments({ status: 'WAITING_FOR_DEPOSIT' })).map((p) => p.paymentKey)).toEqual([
      b.paymentKey,
    ]);
    expect((await ledger.listPayments({ limit: 2 })).map((p) => p.paymentKey)).toEqual([
      c.paymentKey,
      b.paymentKey,
    ]);
  });

  it('answers getPaymentByOrderId with the most recently recorded payment of that order', async () => {
    const orderId = unique('order');
    const aborted = makeCardPayment({ orderId, status: 'ABORTED' });
    const done = makeCardPayment({ orderId });
    await ledger.recordPayment(aborted, Date.now() - 1_000);
    await ledger.recordPayment(done, Date.now());
    expect((await ledger.getPaymentByOrderId(orderId))?.paymentKey).toBe(done.paymentKey);
  });
}
