import { describe, expect, it } from 'vitest';
import * as shapes from './shapes-test-support.js';
import type { Emulator } from './index.js';
import { kstDate } from './clock.js';
import { orderId, useEmulator } from './test-helpers.js';
import type { EmulatorClient } from './test-helpers.js';

let emu: Emulator;
let api: EmulatorClient;

useEmulator((started) => ({ emu, api } = started), { clock: Date.parse('2026-03-10T01:00:00Z') });

const vaBody = (over: Record<string, unknown> = {}) => ({
  amount: 30_000,
  orderId: orderId('va'),
  orderName: '책 2권',
  customerName: '김토스',
  bank: '88',
  ...over,
});

describe('virtual accounts', () => {
  it('issues with secret, X account number, validHours due date; deposit → DONE; deposit error → WAITING_FOR_DEPOSIT', async () => {
    const res = await api.post('/v1/virtual-accounts', vaBody({ validHours: 24 }));
    expect(res.status).toBe(200);
    const p = shapes.payment(res.body);
    expect(p.status).toBe('WAITING_FOR_DEPOSIT');
    expect(p.secret).toMatch(/^ps_.{1,47}$/);
    expect(p.virtualAccount?.accountNumber).toMatch(/^X/);
    expect(Date.parse(String(p.virtualAccount!['dueDate'])) - Date.parse(p.requestedAt)).toBe(24 * 3_600_000);
    expect(p.vat).toBe(2727);

    const done = shapes.payment(await emu.control.deposit(p.orderId));
    expect(done.status).toBe('DONE');
    expect(done.approvedAt).not.toBeNull();
    expect(done.virtualAccount?.settlementStatus).toBe('COMPLETED');
    expect(done.lastTransactionKey).not.toBe(p.lastTransactionKey);

    const back = shapes.payment(await emu.control.depositError(p.paymentKey));
    expect(back.status).toBe('WAITING_FOR_DEPOSIT');
    await expect(emu.control.depositError(p.paymentKey)).rejects.toThrow();
    expect((await emu.control.deposit(p.paymentKey)).status).toBe('DONE');
  });

  it('accepts dueDate instead; both together is INVALID_VALID_HOURS_WITH_DUE_DATE_AND_SINGLE; bad bank is INVALID_BANK', async () => {
    const due = '2026-03-12T23:59:59';
    const p = (await api.post('/v1/virtual-accounts', vaBody({ dueDate: due }))).body;
    expect(p.virtualAccount.dueDate).toBe(`${due}+09:00`);
    const both = await api.post('/v1/virtual-accounts', vaBody({ dueDate: due, validHours: 3 }));
    expect([both.status, both.body.code]).toEqual([400, 'INVALID_VALID_HOURS_WITH_DUE_DATE_AND_SINGLE']);
    expect((await api.post('/v1/virtual-accounts', vaBody({ bank: 'ZZ' }))).body.code).toBe('INVALID_BANK');
    expect(
      (await api.post('/v1/virtual-accounts', vaBody({ bank: '신한' }))).body.virtualAccount.bankCode,
    ).toBe('88');
    expect((await api.post('/v1/virtual-accounts', vaBody({ validHours: 2161 }))).status).toBe(400);
    expect((await api.post('/v1/virtual-accounts', { amount: 1000 })).status).toBe(400);
  });

  it('expire marks the account expired without a status change; a deposit is then refused', async () => {
    const p = (await api.post('/v1/virtual-accounts', vaBody())).body;
    const expired = await emu.control.expire(p.paymentKey);
    expect(expired.status).toBe('WAITING_FOR_DEPOSIT');
    expect(expired.virtualAccount?.['expired']).toBe(true);
    await expect(emu.control.deposit(p.paymentKey)).rejects.toThrow();
  });

  it('refunds a deposited account partially only to a refund account', async () => {
    const p = (await api.post('/v1/virtual-accounts', vaBody())).body;
    await emu.control.deposit(p.paymentKey);
    const noAccount = await api.post(`/v1/payments/${p.paymentKey}/cancel`, {
      cancelReason: 'r',
      cancelAmount: 1000,
    });
    expect(noAccount.body.code).toBe('INVALID_REFUND_ACCOUNT_INFO');
    const ok = await api.post(`/v1/payments/${p.paymentKey}/cancel`, {
      cancelReason: 'r',
      cancelAmount: 1000,
      refundReceiveAccount: { bank: '20', accountNumber: '1002123456789', holderName: '김토스' },
    });
    expect(shapes.payment(ok.body).status).toBe('PARTIAL_CANCELED');
    // the cancel's account is not copied into virtualAccount (forum 1313689625872826430; fidelity.test.ts, k)
    expect(ok.body.virtualAccount.refundReceiveAccount).toBeNull();
  });
});

describe('key-in', () => {
  const keyIn = (over: Record<string, unknown> = {}) => ({
    amount: 60_000,
    orderId: orderId('ki'),
    orderName: '키인',
    cardNumber: '4330123412341234',
    cardExpirationYear: '29',
    cardExpirationMonth: '12',
    customerIdentityNumber: '881212',
    ...over,
  });
  it('is DONE at once with a masked card number', async () => {
    const res = await api.post('/v1/payments/key-in', keyIn({ cardInstallmentPlan: 3 }));
    const p = shapes.payment(res.body);
    expect(p.status).toBe('DONE');
    expect(p.card?.number).toBe('43301234****123*');
    expect(p.card?.installmentPlanMonths).toBe(3);
  });
  it('refuses bad cards, expiry, installments under 50,000 and duplicated orderIds', async () => {
    expect((await api.post('/v1/payments/key-in', keyIn({ cardNumber: '12ab' }))).body.code).toBe(
      'INVALID_CARD_NUMBER',
    );
    expect((await api.post('/v1/payments/key-in', keyIn({ cardExpirationYear: '20' }))).body.code).toBe(
      'INVALID_CARD_EXPIRATION',
    );
    expect(
      (await api.post('/v1/payments/key-in', keyIn({ amount: 10_000, cardInstallmentPlan: 3 }))).body.code,
    ).toBe('NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT');
    expect((await api.post('/v1/payments/key-in', keyIn({ cardInstallmentPlan: 1 }))).body.code).toBe(
      'INVALID_CARD_INSTALLMENT_PLAN',
    );
    expect((await api.post('/v1/payments/key-in', keyIn({ amount: 50 }))).body.code).toBe(
      'BELOW_MINIMUM_AMOUNT',
    );
    const body = keyIn();
    expect((await api.post('/v1/payments/key-in', body)).status).toBe(200);
    expect((await api.post('/v1/payments/key-in', body)).body.code).toBe('DUPLICATED_ORDER_ID');
  });
});

describe('billing', () => {
  it('issues a billing key from an authKey once, charges it (type BILLING) and deletes it', async () => {
    const { authKey } = await emu.control.authorizeBilling({ customerKey: 'cust_1234', cardCompany: '51' });
    const issued = await api.post('/v1/billing/authorizations/issue', { authKey, customerKey: 'cust_1234' });
    const billing = shapes.billing(issued.body);
    expect(billing.customerKey).toBe('cust_1234');
    expect(billing.card?.issuerCode).toBe('51');
    const reuse = await api.post('/v1/billing/authorizations/issue', { authKey, customerKey: 'cust_1234' });
    expect(reuse.status).toBe(400);

    const id = orderId('bill');
    const charge = await api.post(`/v1/billing/${billing.billingKey}`, {
      amount: 9900,
      customerKey: 'cust_1234',
      orderId: id,
      orderName: '월 구독',
    });
    const p = shapes.payment(charge.body);
    expect([p.type, p.status, p.method]).toEqual(['BILLING', 'DONE', '카드']);

    const dup = await api.post(`/v1/billing/${billing.billingKey}`, {
      amount: 9900,
      customerKey: 'cust_1234',
      orderId: id,
      orderName: '월 구독',
    });
    expect(dup.body.code).toBe('DUPLICATED_ORDER_ID');
    const other = await api.post(`/v1/billing/${billing.billingKey}`, {
      amount: 9900,
      customerKey: 'cust_other',
      orderId: orderId(),
      orderName: 'x',
    });
    expect(other.body.code).toBe('NOT_MATCHES_CUSTOMER_KEY');
    const del = await api.call('DELETE', `/v1/billing/${billing.billingKey}`);
    expect([del.status, del.text]).toEqual([200, '']);
    const after = await api.post(`/v1/billing/${billing.billingKey}`, {
      amount: 9900,
      customerKey: 'cust_1234',
      orderId: orderId(),
      orderName: 'x',
    });
    expect(after.body.code).toBe('INVALID_BILL_KEY_REQUEST');
    expect(
      (
        await api.post('/v1/billing/unknown-key', {
          amount: 9900,
          customerKey: 'cust_1234',
          orderId: orderId(),
          orderName: 'x',
        })
      ).body.code,
    ).toBe('INVALID_BILL_KEY_REQUEST');
  });

  it('refuses an authKey issued for another customer with NOT_MATCHES_CUSTOMER_KEY', async () => {
    const { authKey } = await emu.control.authorizeBilling({ customerKey: 'cust_a1' });
    expect(
      (await api.post('/v1/billing/authorizations/issue', { authKey, customerKey: 'cust_b2' })).body.code,
    ).toBe('NOT_MATCHES_CUSTOMER_KEY');
  });

  it('answers INVALID_API_KEY when an authKey from a widget client key is issued', async () => {
    const { authKey } = await emu.control.authorizeBilling({
      customerKey: 'cust_w1',
      clientKey: emu.keys.widgetClientKey,
    });
    const res = await api.post('/v1/billing/authorizations/issue', { authKey, customerKey: 'cust_w1' });
    expect([res.status, res.body.code]).toEqual([400, 'INVALID_API_KEY']);
  });

  it('authorizes a card directly', async () => {
    const res = await api.post('/v1/billing/authorizations/card', {
      customerKey: 'cust_card1',
      cardNumber: '4330123412341234',
      cardExpirationYear: '29',
      cardExpirationMonth: '01',
      customerIdentityNumber: '881212',
    });
    expect(shapes.billing(res.body).card?.number).toBe('43301234****123*');
  });
});

describe('transactions', () => {
  it('lists one row per approval and cancel, to the second, with startingAfter and limit', async () => {
    const p = await api.pay(orderId(), 10_000);
    emu.control.advanceClock(2000);
    await api.post(`/v1/payments/${p.paymentKey}/cancel`, { cancelReason: 'a', cancelAmount: 1000 });
    emu.control.advanceClock(2000);
    await api.post(`/v1/payments/${p.paymentKey}/cancel`, { cancelReason: 'b', cancelAmount: 1000 });
    const day = kstDate(emu.control.now());
    const all = shapes.transactions(
      (await api.get(`/v1/transactions?startDate=${day}T00:00:00&endDate=${day}T23:59:59`)).body,
    );
    expect(all).toHaveLength(3);
    const page = (
      await api.get(
        `/v1/transactions?startDate=${day}T00:00:00&endDate=${day}T23:59:59&startingAfter=${all[0]!.transactionKey}&limit=1`,
      )
    ).body;
    expect(page.map((t: { transactionKey: string }) => t.transactionKey)).toEqual([all[1]!.transactionKey]);
    // A date alone means 00:00:00: the same date twice covers a single second.
    expect((await api.get(`/v1/transactions?startDate=${day}&endDate=${day}`)).body).toHaveLength(0);
    // To the second: a range ending at the first transaction's second includes exactly it.
    const firstAt = all[0]!.transactionAt.slice(0, 19);
    expect((await api.get(`/v1/transactions?startDate=${day}&endDate=${firstAt}`)).body).toHaveLength(1);
    expect((await api.get('/v1/transactions')).status).toBe(400);
    expect((await api.get(`/v1/transactions?startDate=${day}&endDate=${day}&limit=5001`)).status).toBe(400);
  });
});

describe('cash receipts', () => {
  it('issues, cancels with a c_ key and CANCEL type, and lists with a cursor', async () => {
    const body = {
      amount: 10_000,
      orderId: orderId('cr'),
      orderName: '현금',
      type: '소득공제',
      customerIdentityNumber: '01012345678',
    };
    const issued = shapes.cashReceipt((await api.post('/v1/cash-receipts', body)).body);
    expect([issued.transactionType, issued.issueStatus]).toEqual(['CONFIRM', 'IN_PROGRESS']);
    const canceled = shapes.cashReceipt(
      (await api.post(`/v1/cash-receipts/${issued.receiptKey}/cancel`, {})).body,
    );
    expect(canceled.receiptKey).toBe(`c_${issued.receiptKey}`);
    expect(canceled.transactionType).toBe('CANCEL');
    expect(canceled.amount).toBe(10_000);
    expect((await api.post(`/v1/cash-receipts/${issued.receiptKey}/cancel`, {})).status).toBe(400);
    await api.post('/v1/cash-receipts', { ...body, orderId: orderId('cr') });
    const day = kstDate(emu.control.now());
    const first = shapes.cashReceiptList(
      (await api.get(`/v1/cash-receipts?requestDate=${day}&limit=2`)).body,
    );
    expect(first.data).toHaveLength(2);
    expect(first.hasNext).toBe(true);
    const second = (await api.get(`/v1/cash-receipts?requestDate=${day}&limit=2&cursor=${first.lastCursor}`))
      .body;
    expect(second.data).toHaveLength(1);
    expect(second.hasNext).toBe(false);
    expect((await api.post('/v1/cash-receipts', { ...body, type: '기타' })).status).toBe(400);
    expect((await api.post('/v1/cash-receipts/nope/cancel', {})).status).toBe(404);
  });
});

describe('promotions', () => {
  it('answers the configured promotions', async () => {
    expect(shapes.cardPromotion((await api.get('/v1/promotions/card')).body)).toEqual({
      discountCards: [],
      interestFreeCards: [],
    });
    emu.control.setPromotions({
      card: {
        discountCards: [
          {
            issuerCode: '41',
            discountAmount: 1000,
            balance: 50000,
            discountCode: 'D1',
            dueDate: '2026-12-31',
            minimumPaymentAmount: 10000,
            maximumPaymentAmount: 1000000,
            currency: 'KRW',
          },
        ],
        interestFreeCards: [
          {
            issuerCode: '51',
            minimumPaymentAmount: 50000,
            dueDate: '2026-12-31',
            installmentFreeMonths: [2, 3],
          },
        ],
      },
      promotions: [
        {
          payType: 'NORMAL',
          type: 'CARD_DISCOUNT',
          cardDiscount: {
            issuerCode: '41',
            discountAmount: 1000,
            minimumPaymentAmount: 10000,
            dueDate: '2026-12-31',
          },
        },
      ],
    });
    const card = shapes.cardPromotion((await api.get('/v1/promotions/card')).body);
    expect(card.discountCards[0]?.issuerCode).toBe('41');
    expect(shapes.promotionList((await api.get('/v1/promotions')).body)).toHaveLength(1);
  });
});

describe('settlements', () => {
  it('lists settlement rows the day after the sale and accepts manual settlement requests', async () => {
    const p = await api.pay(orderId(), 10_000);
    await api.post(`/v1/payments/${p.paymentKey}/cancel`, { cancelReason: 'r', cancelAmount: 1000 });
    const day = kstDate(emu.control.now());
    expect((await api.get(`/v1/settlements?startDate=${day}&endDate=${day}`)).body).toHaveLength(0);
    emu.control.advanceClock(86_400_000);
    const rows = shapes.settlements((await api.get(`/v1/settlements?startDate=${day}&endDate=${day}`)).body);
    expect(rows.map((r) => r.amount)).toEqual([10_000, -1000]);
    expect(rows[0]!.payOutAmount).toBe(10_000 - 320);
    expect(
      shapes.settlementResult((await api.post('/v1/settlements', { paymentKey: p.paymentKey })).body).result,
    ).toBe(true);
    expect((await api.post('/v1/settlements', { paymentKey: 'nope' })).status).toBe(404);
    expect((await api.get('/v1/settlements')).status).toBe(400);
  });
});
