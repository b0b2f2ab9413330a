/** Conformance: webhook dedupe, order failures, billing keys, cash receipts, cursors and leases. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../ledger/ledger.js';
import { unique } from '../ledger-fixtures.js';
import { createTestClock, type LedgerFactory, type TestClock } from './factory.js';

// The fresh ledger and clock of the running test, set by the hooks of describeBookkeepingConformance and read
// by the test groups below (vitest runs the tests of a file one at a time).
let ledger: Ledger;
let clock: TestClock;

export function describeBookkeepingConformance(factory: LedgerFactory): void {
  beforeEach(async () => {
    clock = createTestClock();
    ledger = await factory({ now: clock.now });
  });
  afterEach(async () => {
    await ledger.close();
  });

  describe('webhooks, failures, billing keys, cursors', () => {
    webhookAndFailureTests();
    billingKeyAndCashReceiptTests();
    cursorTests();
  });
  describe('leases', () => {
    leaseTests();
  });
}

/** Webhook dedupe keys and order failures. */
function webhookAndFailureTests(): void {
  it('records a webhook key once, and again after it is unmarked', async () => {
    const key = unique('wh');
    expect(await ledger.markWebhookProcessed(key)).toBe(true);
    expect(await ledger.markWebhookProcessed(key)).toBe(false);
    await ledger.unmarkWebhookProcessed(key);
    expect(await ledger.markWebhookProcessed(key)).toBe(true);
    await ledger.unmarkWebhookProcessed(unique('never-marked'));
  });

  it('lets exactly one of 50 concurrent deliveries of one webhook through', async () => {
    const key = unique('wh');
    const results = await Promise.all(Array.from({ length: 50 }, () => ledger.markWebhookProcessed(key)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('records and overwrites an order failure', async () => {
    const orderId = unique('order');
    expect(await ledger.getOrderFailure(orderId)).toBeNull();
    await ledger.recordOrderFailure({
      orderId,
      code: 'PAY_PROCESS_CANCELED',
      message: '사용자가 결제를 취소했습니다',
      at: 1,
    });
    expect(await ledger.getOrderFailure(orderId)).toEqual({
      orderId,
      code: 'PAY_PROCESS_CANCELED',
      message: '사용자가 결제를 취소했습니다',
      at: 1,
    });
    await ledger.recordOrderFailure({ orderId, code: 'REJECT_CARD_COMPANY', message: '거절', at: 2 });
    expect(await ledger.getOrderFailure(orderId)).toMatchObject({ code: 'REJECT_CARD_COMPANY', at: 2 });
  });
}

/** Billing keys and cash receipts. */
function billingKeyAndCashReceiptTests(): void {
  it('stores, replaces and deletes billing keys by customerKey or billingKey', async () => {
    const customerKey = unique('cust');
    const key = {
      customerKey,
      billingKey: unique('bk'),
      card: { issuerCode: '61', number: '43301234****123*', cardType: '신용', ownerType: '개인' },
      method: '카드',
      authenticatedAt: '2024-02-13T12:00:00+09:00',
      createdAt: 1_700_000_000_000,
    };
    expect(await ledger.getBillingKey(customerKey)).toBeNull();
    await ledger.saveBillingKey(key);
    expect(await ledger.getBillingKey(customerKey)).toEqual(key);
    const replaced = { ...key, billingKey: unique('bk2'), card: null };
    await ledger.saveBillingKey(replaced);
    expect(await ledger.getBillingKey(customerKey)).toEqual(replaced);
    expect(await ledger.deleteBillingKey({ billingKey: key.billingKey })).toBe(false);
    expect(await ledger.deleteBillingKey({ billingKey: replaced.billingKey })).toBe(true);
    expect(await ledger.getBillingKey(customerKey)).toBeNull();
    await ledger.saveBillingKey(key);
    expect(await ledger.deleteBillingKey({ customerKey })).toBe(true);
    expect(await ledger.deleteBillingKey({ customerKey })).toBe(false);
    expect(await ledger.getBillingKey(customerKey)).toBeNull();
  });

  it('records cash receipts, updates one by id in place, and lists them oldest first, by order', async () => {
    const orderId = unique('order-cr');
    const receiptKey = unique('rcpt');
    const issue = {
      id: receiptKey,
      receiptKey,
      originalReceiptKey: null,
      orderId,
      paymentKey: unique('pk'),
      type: '소득공제',
      transactionType: 'CONFIRM',
      issueStatus: 'IN_PROGRESS',
      amount: 3_000_000_000,
      taxFreeAmount: 500,
      issueNumber: '123456789',
      receiptUrl: 'https://dashboard.tosspayments.com/receipt/cash/x',
      customerIdentityNumber: '010****5678',
      requestedAt: '2024-02-13T12:00:00+09:00',
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
    };
    expect(await ledger.getCashReceipt(receiptKey)).toBeNull();
    await ledger.recordCashReceipt(issue);
    const cancel = {
      ...issue,
      id: `c_${receiptKey}#1`,
      receiptKey: `c_${receiptKey}`,
      originalReceiptKey: receiptKey,
      transactionType: 'CANCEL',
      amount: 1_000,
      taxFreeAmount: 0,
      createdAt: 1_700_000_000_500,
      updatedAt: 1_700_000_000_500,
    };
    await ledger.recordCashReceipt(cancel);
    await ledger.recordCashReceipt({
      ...issue,
      id: unique('other'),
      receiptKey: unique('other'),
      orderId: unique('order-other'),
    });
    expect(await ledger.getCashReceipt(receiptKey)).toEqual(issue);
    expect((await ledger.listCashReceipts({ orderId })).map((r) => r.id)).toEqual([receiptKey, cancel.id]);

    // the status moves on later: same record, same place, creation time kept
    await ledger.recordCashReceipt({
      ...issue,
      issueStatus: 'COMPLETED',
      createdAt: 1_800_000_000_000,
      updatedAt: 1_800_000_000_000,
    });
    const listed = await ledger.listCashReceipts({ orderId });
    expect(listed.map((r) => [r.id, r.issueStatus])).toEqual([
      [receiptKey, 'COMPLETED'],
      [cancel.id, 'IN_PROGRESS'],
    ]);
    expect(listed[0]).toMatchObject({
      amount: 3_000_000_000,
      createdAt: 1_700_000_000_000,
      updatedAt: 1_800_000_000_000,
    });
    expect((await ledger.listCashReceipts()).length).toBeGreaterThanOrEqual(3);
    expect(await ledger.listCashReceipts({ orderId, limit: 1 })).toHaveLength(1);
  });
}

/** Named cursors. */
function cursorTests(): void {
  it('keeps named cursors', async () => {
    const name = unique('cursor');
    expect(await ledger.getCursor(name)).toBeNull();
    await ledger.setCursor(name, 'txrd_1');
    await ledger.setCursor(unique('other'), 'x');
    expect(await ledger.getCursor(name)).toBe('txrd_1');
    await ledger.setCursor(name, 'txrd_2');
    expect(await ledger.getCursor(name)).toBe('txrd_2');
  });
}

/** Named leases (`withLease`): one holder at a time, freed afterwards, renewed while it works. */
function leaseTests(): void {
  it('runs the function and returns its value', async () => {
    expect(await ledger.withLease(unique('lease'), 10_000, async () => 42)).toEqual({
      ran: true,
      value: 42,
    });
  });

  it('refuses a second holder while the first runs, then frees the lease', async () => {
    const name = unique('lease');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = ledger.withLease(name, 60_000, async () => {
      started();
      await gate;
      return 'first';
    });
    await running;
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => ledger.withLease(name, 60_000, async () => 'second')),
    );
    expect(concurrent).toEqual([{ ran: false }, { ran: false }, { ran: false }]);
    release();
    expect(await first).toEqual({ ran: true, value: 'first' });
    expect(await ledger.withLease(name, 60_000, async () => 'third')).toEqual({
      ran: true,
      value: 'third',
    });
  });

  it('frees the lease when the function throws, and rethrows', async () => {
    const name = unique('lease');
    await expect(
      ledger.withLease(name, 60_000, async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(await ledger.withLease(name, 60_000, async () => 'after')).toEqual({
      ran: true,
      value: 'after',
    });
  });

  it('renews the lease while its holder works: a run longer than the ttl keeps others out', async () => {
    const name = unique('lease');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const long = ledger.withLease(name, 90, async () => {
      started();
      await gate;
      return 'long';
    });
    await running;
    // far past the ttl: only a renewal keeps the lease. The holder's renewals read the clock; a second read
    // comes only once the first renewal has landed.
    clock.advance(600_000);
    await clock.reads(2);
    expect(await ledger.withLease(name, 60_000, async () => 'second')).toEqual({ ran: false });
    release();
    expect(await long).toEqual({ ran: true, value: 'long' });
    expect(await ledger.withLease(name, 60_000, async () => 'after')).toEqual({
      ran: true,
      value: 'after',
    });
  });

  it('runs exactly one of 10 concurrent callers', async () => {
    const name = unique('lease');
    // the holder works until every other caller has been answered: none of them may run beside it
    let release!: () => void;
    const othersAnswered = new Promise<void>((resolve) => (release = resolve));
    let refused = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ledger
          .withLease(name, 60_000, async () => {
            await othersAnswered;
            return i;
          })
          .then((result) => {
            if (!result.ran && (refused += 1) === 9) release();
            return result;
          }),
      ),
    );
    expect(results.filter((r) => r.ran)).toHaveLength(1);
  });
}
