// Cash receipts through the handler against a real emulator, recorded in the in-memory ledger
// (the SQL ledger runs the same port through the conformance suite).
import { afterEach, describe, expect, it } from 'vitest';
import { createTestShop, newOrderId, type TestShop } from '../testing/handler-test-support.js';
import { CONFORMANCE_JWT_SECRET, roleToken } from '../testing/index.js';
import { maskIdentityNumber, recordPaymentCashReceipts } from './cash-receipt-flow.js';

let shop: TestShop;
afterEach(async () => {
  await shop?.close();
});

const PHONE = '01098765432';

/** A transfer payment confirmed through the handler. */
async function paidByTransfer(amount: number, cashReceipt?: { type: string }) {
  const approved = await shop.approve(amount, {
    method: 'TRANSFER',
    bank: '88',
    ...(cashReceipt === undefined ? {} : { cashReceipt }),
  });
  const response = await shop.post('/payments/confirm', approved);
  expect(response.status).toBe(200);
  return approved;
}

describe('issueCashReceipt / cancelCashReceipt', () => {
  it('issues for a transfer payment, records it masked with its status, cancels in part and in full with the c_ key', async () => {
    const logs: string[] = [];
    shop = await createTestShop({
      logger: {
        warn: (f, m) => logs.push(`${m} ${JSON.stringify(f)}`),
        error: (f, m) => logs.push(`${m} ${JSON.stringify(f)}`),
      },
    });
    const { orderId, paymentKey } = await paidByTransfer(30000);

    const issued = await shop.handler.issueCashReceipt({
      orderId,
      type: '소득공제',
      customerIdentityNumber: PHONE,
    });
    expect(issued).toMatchObject({
      orderId,
      paymentKey,
      type: '소득공제',
      transactionType: 'CONFIRM',
      issueStatus: 'IN_PROGRESS',
      amount: 30000,
      customerIdentityNumber: '010****5432',
    });
    expect(issued.receiptKey).toBeTruthy();
    const issueCalls = shop.emulator.control.requests({ route: 'cashReceiptIssue' });
    expect(issueCalls).toHaveLength(1);
    expect(issueCalls[0]!.idempotencyKey).toMatch(
      new RegExp(`^cash-receipt:${orderId}:0:I:30000:0:[0-9a-f]{3}$`),
    );
    expect(issueCalls[0]!.idempotencyKey).not.toContain(PHONE);

    const partial = await shop.handler.cancelCashReceipt(issued.receiptKey, 10000);
    expect(partial).toMatchObject({
      receiptKey: `c_${issued.receiptKey}`,
      transactionType: 'CANCEL',
      amount: 10000,
      originalReceiptKey: issued.receiptKey,
    });
    // more than what is left is refused before the gateway
    await expect(shop.handler.cancelCashReceipt(issued.receiptKey, 20001)).rejects.toMatchObject({
      code: 'CASH_RECEIPT_AMOUNT_EXCEEDED',
      status: 400,
    });
    const rest = await shop.handler.cancelCashReceipt(issued.receiptKey);
    expect(rest).toMatchObject({
      receiptKey: `c_${issued.receiptKey}`,
      transactionType: 'CANCEL',
      amount: 20000,
    });
    expect(shop.emulator.control.requests({ route: 'cashReceiptCancel' })).toHaveLength(2);

    const listed = await shop.handler.listCashReceipts({ orderId });
    expect(listed.map((r) => [r.transactionType, r.amount])).toEqual([
      ['CONFIRM', 30000],
      ['CANCEL', 10000],
      ['CANCEL', 20000],
    ]);
    expect(new Set(listed.map((r) => r.id)).size).toBe(3);
    // the identity number is never kept or logged in clear
    expect(JSON.stringify([listed, logs])).not.toContain(PHONE);
    await expect(shop.handler.cancelCashReceipt(issued.receiptKey)).rejects.toMatchObject({
      code: 'CASH_RECEIPT_AMOUNT_EXCEEDED',
    });
  });

  it('issues by paymentKey for part of the amount, then only what is left', async () => {
    shop = await createTestShop();
    const { orderId, paymentKey } = await paidByTransfer(20000);
    const first = await shop.handler.issueCashReceipt({
      paymentKey,
      type: '지출증빙',
      customerIdentityNumber: '1234567890',
      amount: 5000,
    });
    expect(first).toMatchObject({ amount: 5000, type: '지출증빙', customerIdentityNumber: '123***7890' });
    await expect(
      shop.handler.issueCashReceipt({
        orderId,
        type: '소득공제',
        customerIdentityNumber: PHONE,
        amount: 15001,
      }),
    ).rejects.toMatchObject({
      code: 'CASH_RECEIPT_AMOUNT_EXCEEDED',
    });
    const second = await shop.handler.issueCashReceipt({
      orderId,
      type: '소득공제',
      customerIdentityNumber: PHONE,
    });
    expect(second.amount).toBe(15000);
    const keys = shop.emulator.control
      .requests({ route: 'cashReceiptIssue' })
      .map((r) => r.idempotencyKey ?? '');
    expect(keys.map((k) => k.split(':').slice(0, 5).join(':'))).toEqual([
      `cash-receipt:${orderId}:0:E:5000`,
      `cash-receipt:${orderId}:1:I:15000`,
    ]);
  });

  it('a refused issue (wrong identity number at the gateway) can be corrected: the corrected call gets its own key', async () => {
    shop = await createTestShop();
    const { orderId } = await paidByTransfer(9000);
    shop.emulator.control.fault({
      kind: 'fail',
      route: 'cashReceiptIssue',
      code: 'INVALID_CASH_RECEIPT_INFO',
    });
    await expect(
      shop.handler.issueCashReceipt({ orderId, type: '소득공제', customerIdentityNumber: '01011112222' }),
    ).rejects.toMatchObject({
      code: 'INVALID_CASH_RECEIPT_INFO',
    });
    const corrected = await shop.handler.issueCashReceipt({
      orderId,
      type: '소득공제',
      customerIdentityNumber: PHONE,
    });
    expect(corrected).toMatchObject({ transactionType: 'CONFIRM', amount: 9000 });
    const keys = shop.emulator.control.requests({ route: 'cashReceiptIssue' }).map((r) => r.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('refuses a card payment, bad types and identity numbers, without calling the gateway', async () => {
    shop = await createTestShop();
    const card = await shop.approve(10000);
    await shop.post('/payments/confirm', card);
    await expect(
      shop.handler.issueCashReceipt({
        orderId: card.orderId,
        type: '소득공제',
        customerIdentityNumber: PHONE,
      }),
    ).rejects.toMatchObject({
      code: 'CASH_RECEIPT_NOT_ALLOWED',
      status: 409,
    });
    const { orderId } = await paidByTransfer(10000);
    await expect(
      shop.handler.issueCashReceipt({ orderId, type: '미발행', customerIdentityNumber: PHONE }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    const bad = await shop.handler
      .issueCashReceipt({ orderId, type: '소득공제', customerIdentityNumber: 'abc-1234567' })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(JSON.stringify(bad)).not.toContain('abc-1234567');
    await expect(shop.handler.cancelCashReceipt('rcpt_unknown')).rejects.toMatchObject({
      code: 'CASH_RECEIPT_NOT_FOUND',
      status: 404,
    });
    expect(shop.emulator.control.requests({ route: 'cashReceiptIssue' })).toHaveLength(0);
    expect(shop.emulator.control.requests({ route: 'cashReceiptCancel' })).toHaveLength(0);
  });

  it('issues for an order paid in cash, from the shop order (orderLookup)', async () => {
    shop = await createTestShop();
    const orderId = newOrderId();
    shop.orders.set(orderId, { amount: 8000, orderName: '매장 현금 결제' });
    const receipt = await shop.handler.issueCashReceipt({
      orderId,
      type: '소득공제',
      customerIdentityNumber: '010-000-1234',
    });
    expect(receipt).toMatchObject({
      orderId,
      paymentKey: null,
      amount: 8000,
      customerIdentityNumber: '010-***-1234',
    });
    await expect(
      shop.handler.issueCashReceipt({
        orderId: newOrderId(),
        type: '소득공제',
        customerIdentityNumber: PHONE,
      }),
    ).rejects.toMatchObject({
      code: 'ORDER_NOT_FOUND',
    });
  });
});

describe('{basePath}/cash-receipts routes (operators)', () => {
  it('issue, list and cancel with the role token; refused without one', async () => {
    shop = await createTestShop({ jwt: { secret: CONFORMANCE_JWT_SECRET } });
    const { orderId } = await paidByTransfer(12000);
    const issueBody = { orderId, type: '소득공제', customerIdentityNumber: PHONE };
    expect((await shop.post('/payments/cash-receipts', issueBody)).status).toBe(401);
    expect((await shop.get(`/payments/cash-receipts?orderId=${orderId}`)).status).toBe(401);
    const admin = { authorization: `Bearer ${await roleToken('owner')}` };
    const issued = await shop.post('/payments/cash-receipts', issueBody, admin);
    expect(issued.status).toBe(200);
    const receipt = (await issued.json()) as { receiptKey: string; customerIdentityNumber: string };
    expect(receipt.customerIdentityNumber).toBe('010****5432');
    const canceled = await shop.post(
      `/payments/cash-receipts/${encodeURIComponent(receipt.receiptKey)}/cancel`,
      { amount: 2000 },
      admin,
    );
    expect(canceled.status).toBe(200);
    expect(await canceled.json()).toMatchObject({
      receiptKey: `c_${receipt.receiptKey}`,
      transactionType: 'CANCEL',
      amount: 2000,
    });
    const listed = await shop.get(`/payments/cash-receipts?orderId=${orderId}`, admin);
    const body = (await listed.json()) as { receipts: { transactionType: string }[] };
    expect(body.receipts.map((r) => r.transactionType)).toEqual(['CONFIRM', 'CANCEL']);
    expect(JSON.stringify(body)).not.toContain(PHONE);
  });
});

describe('receipts chosen in the payment window', () => {
  it('a transfer paid with 소득공제 in the window: its receipt is recorded from the Payment when the payment is', async () => {
    shop = await createTestShop();
    const { orderId, paymentKey } = await paidByTransfer(25000, { type: '소득공제' });
    const listed = await shop.handler.listCashReceipts({ orderId });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      paymentKey,
      type: '소득공제',
      transactionType: 'CONFIRM',
      issueStatus: 'IN_PROGRESS',
      amount: 25000,
    });
    expect(listed[0]!.customerIdentityNumber).toMatch(/\*/);
    // already receipted in full: no second receipt for the same money
    await expect(
      shop.handler.issueCashReceipt({ orderId, type: '소득공제', customerIdentityNumber: PHONE }),
    ).rejects.toMatchObject({
      code: 'CASH_RECEIPT_AMOUNT_EXCEEDED',
    });
    // and it can be cancelled through tosskit like any other
    const canceled = await shop.handler.cancelCashReceipt(listed[0]!.receiptKey);
    expect(canceled).toMatchObject({ transactionType: 'CANCEL', amount: 25000 });
  });

  it('a virtual account with a cash receipt: recorded when the deposit is recorded', async () => {
    shop = await createTestShop();
    const approved = await shop.approve(40000, {
      method: 'VIRTUAL_ACCOUNT',
      bank: '88',
      cashReceipt: { type: '지출증빙' },
    });
    expect((await shop.post('/payments/confirm', approved)).status).toBe(200);
    expect(await shop.handler.listCashReceipts({ orderId: approved.orderId })).toHaveLength(0);
    const deposited = await shop.emulator.control.deposit(approved.paymentKey);
    // what the webhook / reconciler does with the gateway's snapshot
    await shop.handler.reconcile({ transactions: true, lookbackMs: 60_000 });
    expect((await shop.handler.ledger.getPayment(approved.paymentKey))?.status).toBe('DONE');
    const listed = await shop.handler.listCashReceipts({ orderId: approved.orderId });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      type: '지출증빙',
      amount: 40000,
      receiptKey: (deposited.cashReceipt as { receiptKey: string }).receiptKey,
    });
  });
});

describe('refreshCashReceipts (run by reconcile)', () => {
  it('records the tax office answer a day later for an issue and two partial cancels, and never goes back', async () => {
    shop = await createTestShop({}, { consecutiveRequestWindowMs: 0 });
    const { orderId, paymentKey } = await paidByTransfer(30000);
    const issued = await shop.handler.issueCashReceipt({
      orderId,
      type: '소득공제',
      customerIdentityNumber: PHONE,
    });
    await shop.handler.cancelCashReceipt(issued.receiptKey, 10000);
    await shop.handler.cancelCashReceipt(issued.receiptKey, 5000);
    const statuses = async () =>
      (await shop.handler.listCashReceipts({ orderId })).map((r) => [
        r.transactionType,
        r.amount,
        r.issueStatus,
      ]);

    // the same day: nothing answered yet, nothing changes
    const early = await shop.handler.reconcile({ transactions: false });
    expect(early.cashReceipts).toEqual({ checked: 3, updated: 0 });
    expect(await statuses()).toEqual([
      ['CONFIRM', 30000, 'IN_PROGRESS'],
      ['CANCEL', 10000, 'IN_PROGRESS'],
      ['CANCEL', 5000, 'IN_PROGRESS'],
    ]);

    shop.emulator.control.advanceClock(86_400_000 + 1_000);
    const later = await shop.handler.reconcile({ transactions: false });
    expect(later.errors).toEqual([]);
    expect(later.cashReceipts).toEqual({ checked: 3, updated: 3 });
    expect(await statuses()).toEqual([
      ['CONFIRM', 30000, 'COMPLETED'],
      ['CANCEL', 10000, 'COMPLETED'],
      ['CANCEL', 5000, 'COMPLETED'],
    ]);
    const listCalls = shop.emulator.control.requests({ route: 'cashReceipts' });
    expect(listCalls.at(-1)).toMatchObject({ method: 'GET', path: '/v1/cash-receipts', status: 200 });

    // a later payment snapshot still carrying IN_PROGRESS does not undo the answer
    const payment = (await shop.handler.ledger.getPayment(paymentKey))!.payment;
    await recordPaymentCashReceipts(
      shop.handler.ledger,
      {
        ...payment,
        cashReceipts: [
          { ...issued, orderName: '테스트 주문', businessNumber: '1234567890', issueStatus: 'IN_PROGRESS' },
        ],
      } as unknown as typeof payment,
      Date.now(),
    );
    expect((await statuses())[0]).toEqual(['CONFIRM', 30000, 'COMPLETED']);
    // and with nothing left in progress, reconcile asks the gateway nothing more
    const idle = await shop.handler.reconcile({ transactions: false });
    expect(idle.cashReceipts).toEqual({ checked: 0, updated: 0 });
    expect(shop.emulator.control.requests({ route: 'cashReceipts' })).toHaveLength(listCalls.length);
  });
});

describe('maskIdentityNumber', () => {
  it('keeps the first three and last four digits of long numbers, the last two of short ones', () => {
    expect(maskIdentityNumber('01012345678')).toBe('010****5678');
    expect(maskIdentityNumber('9001011234567')).toBe('900******4567');
    expect(maskIdentityNumber('010-000-1234')).toBe('010-***-1234');
    expect(maskIdentityNumber('12345')).toBe('***45');
    expect(maskIdentityNumber(null)).toBeNull();
  });
});
