// Issue 12 §3: the answers that differed from the gateway's, each checked against a documented or quoted answer
// (spec §15 "Corrections and additions" in /work/shared/spec/toss-api.md, the docs and forum threads it names).
import { describe, expect, it } from 'vitest';
import type { Emulator } from './index.js';
import * as shapes from './shapes-test-support.js';
import { orderId, useEmulator } from './test-helpers.js';
import type { EmulatorClient } from './test-helpers.js';

let emu: Emulator;
let api: EmulatorClient;

useEmulator((started) => ({ emu, api } = started), { clock: Date.parse('2026-03-10T01:00:00Z') });

const day = '2026-03-10';

/** authorize in the window with the request's extras, then confirm */
async function confirmed(extra: Record<string, unknown>, amount = 20_000) {
  const id = orderId('fid');
  const auth = await emu.control.authorizePayment({ orderId: id, amount, ...extra });
  const res = await api.post('/v1/payments/confirm', { paymentKey: auth.paymentKey, orderId: id, amount });
  expect(res.status, res.text).toBe(200);
  return shapes.payment(res.body);
}

describe('c. payments that never completed', () => {
  it('an EXPIRED window payment has method, useEscrow, receipt and lastTransactionKey null and the quoted failure', async () => {
    const opened = await emu.control.openPayment({ orderId: orderId('exp'), amount: 15_000 });
    await emu.control.expire(opened.paymentKey);
    const res = await api.get(`/v1/payments/${opened.paymentKey}`);
    const p = shapes.payment(res.body);
    expect(p.status).toBe('EXPIRED');
    expect(p.method).toBeNull();
    expect(p.useEscrow).toBeNull();
    expect(p.receipt).toBeNull();
    expect(p.lastTransactionKey).toBeNull();
    // forum 1410526054635933798
    expect(p.failure).toEqual({
      code: 'EXPIRED_PAYMENT',
      message: '결제가 만료되었습니다. 다시 시도해주세요.',
    });
  });

  it('an ABORTED payment (the card company refused at confirm) has useEscrow and receipt null and the code’s message', async () => {
    const id = orderId('abt');
    const auth = await emu.control.authorizePayment({ orderId: id, amount: 15_000 });
    emu.control.fault({ kind: 'fail', route: 'confirm', code: 'REJECT_CARD_COMPANY' });
    const refused = await api.post('/v1/payments/confirm', {
      paymentKey: auth.paymentKey,
      orderId: id,
      amount: 15_000,
    });
    expect(refused.status).toBe(403);
    const p = shapes.payment((await api.get(`/v1/payments/${auth.paymentKey}`)).body);
    expect(p.status).toBe('ABORTED');
    expect(p.method).toBe('카드');
    expect(p.useEscrow).toBeNull();
    expect(p.receipt).toBeNull();
    expect(p.lastTransactionKey).toBeNull();
    expect(p.failure).toEqual({ code: 'REJECT_CARD_COMPANY', message: refused.body.message });
  });
});

describe('d. transactions paging', () => {
  it('answers 400 INVALID_TRANSACTION_KEY for a startingAfter it does not know', async () => {
    await api.pay(orderId('tx'), 1_000);
    const res = await api.get(
      `/v1/transactions?startDate=${day}T00:00:00&endDate=${day}T23:59:59&startingAfter=tx_unknown_key`,
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'INVALID_TRANSACTION_KEY', message: '잘못된 페이징 키 입니다.' });
    const en = await api.get(
      `/v1/transactions?startDate=${day}T00:00:00&endDate=${day}T23:59:59&startingAfter=tx_unknown_key`,
      { headers: { 'accept-language': 'en-US' } },
    );
    expect(en.body.code).toBe('INVALID_TRANSACTION_KEY');
    expect(en.body.message).toMatch(/paging key/i);
  });
});

describe('e. partial cancel rules', () => {
  it('an escrow card payment from the window is useEscrow, not partially cancelable, and refuses a partial cancel', async () => {
    const p = await confirmed({ method: 'CARD', useEscrow: true });
    expect(p.useEscrow).toBe(true);
    expect(p.isPartialCancelable).toBe(false);
    const partial = await api.post(`/v1/payments/${p.paymentKey}/cancel`, {
      cancelReason: '부분 취소',
      cancelAmount: 5_000,
    });
    expect(partial.status).toBe(403);
    expect(partial.body.code).toBe('NOT_ALLOWED_PARTIAL_REFUND');
    const full = await api.post(`/v1/payments/${p.paymentKey}/cancel`, { cancelReason: '전액 취소' });
    expect(full.status).toBe(200);
    expect(full.body.status).toBe('CANCELED');
  });

  it('an escrow transfer is not partially cancelable either; a card payment with taxExemptionAmount is not', async () => {
    const transfer = await confirmed({ method: 'TRANSFER', bank: '88', useEscrow: true });
    expect(transfer.useEscrow).toBe(true);
    expect(transfer.isPartialCancelable).toBe(false);
    const deposit = await confirmed({ method: 'CARD', taxExemptionAmount: 1_000 });
    expect(deposit.isPartialCancelable).toBe(false);
    const plain = await confirmed({ method: 'CARD' });
    expect(plain.useEscrow).toBe(false);
    expect(plain.isPartialCancelable).toBe(true);
  });

  it('a partial cancel with a tax-free part lowers taxFreeAmount and recomputes VAT on the taxable rest', async () => {
    // 20,000 with 5,000 tax-free: vat = round((20,000 − 5,000) / 11) = 1,364
    const p = await confirmed({ method: 'CARD', taxFreeAmount: 5_000 });
    expect([p.taxFreeAmount, p.vat, p.suppliedAmount]).toEqual([5_000, 1_364, 13_636]);
    const res = await api.post(`/v1/payments/${p.paymentKey}/cancel`, {
      cancelReason: '면세 상품 반품',
      cancelAmount: 3_000,
      taxFreeAmount: 3_000,
    });
    expect(res.status, res.text).toBe(200);
    const after = shapes.payment(res.body);
    expect(after.balanceAmount).toBe(17_000);
    expect(after.taxFreeAmount).toBe(2_000);
    // the taxable part did not change: its VAT stays 1,364 (supplied = 17,000 − 2,000 − 1,364)
    expect(after.vat).toBe(1_364);
    expect(after.suppliedAmount).toBe(13_636);
    expect(after.cancels?.[0]?.taxFreeAmount).toBe(3_000);
  });
  it('refuses a cancel whose taxable part is more than the taxable balance left (the VAT would go negative)', async () => {
    // 20,000 with 5,000 tax-free: 15,000 taxable. Cancelling 16,000 of which 0 tax-free would take 16,000 taxable.
    // The docs are silent on the gateway's answer here; the emulator refuses it as an invalid request.
    const p = await confirmed({ method: 'CARD', taxFreeAmount: 5_000 });
    const res = await api.post(`/v1/payments/${p.paymentKey}/cancel`, {
      cancelReason: '과세 초과',
      cancelAmount: 16_000,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    const after = shapes.payment((await api.get(`/v1/payments/${p.paymentKey}`)).body);
    expect([after.status, after.balanceAmount, after.vat]).toEqual(['DONE', 20_000, 1_364]);
    // the same cancel naming its 1,000 tax-free part is fine: 15,000 taxable and 1,000 tax-free leave 4,000 tax-free
    const ok = await api.post(`/v1/payments/${p.paymentKey}/cancel`, {
      cancelReason: '과세 전부와 면세 일부',
      cancelAmount: 16_000,
      taxFreeAmount: 1_000,
    });
    expect(ok.status, ok.text).toBe(200);
    expect([ok.body.balanceAmount, ok.body.taxFreeAmount, ok.body.vat, ok.body.suppliedAmount]).toEqual([
      4_000, 4_000, 0, 0,
    ]);
  });
});

describe('f. transfer billing', () => {
  it('a transfer authorization gives a billing key with transfers and no card; its charge is a 계좌이체 payment', async () => {
    const { authKey } = await emu.control.authorizeBilling({
      customerKey: 'cust_tr01',
      method: 'TRANSFER',
      bank: '88',
    });
    const issued = await api.post('/v1/billing/authorizations/issue', { authKey, customerKey: 'cust_tr01' });
    expect(issued.status, issued.text).toBe(200);
    const b = issued.body;
    expect(b.method).toBe('계좌이체');
    expect(b.card).toBeNull();
    expect(b.transfers).toEqual([
      { bankCode: '88', bankName: '신한', bankAccountNumber: expect.stringMatching(/\*/) },
    ]);
    const charge = await api.post(`/v1/billing/${b.billingKey}`, {
      customerKey: 'cust_tr01',
      amount: 9_900,
      orderId: orderId('trb'),
      orderName: '정기 구독',
    });
    expect(charge.status, charge.text).toBe(200);
    const p = shapes.payment(charge.body);
    expect(p.type).toBe('BILLING');
    expect(p.method).toBe('계좌이체');
    expect(p.card).toBeNull();
    expect(p.transfer).toEqual({ bankCode: '88', settlementStatus: 'INCOMPLETED' });
  });

  it('a transfer billing charge keeps the account-based minimum of 200 won', async () => {
    const { authKey } = await emu.control.authorizeBilling({ customerKey: 'cust_tr02', method: 'TRANSFER' });
    const b = (await api.post('/v1/billing/authorizations/issue', { authKey, customerKey: 'cust_tr02' }))
      .body;
    const low = await api.post(`/v1/billing/${b.billingKey}`, {
      customerKey: 'cust_tr02',
      amount: 150,
      orderId: orderId('trb'),
      orderName: '정기 구독',
    });
    expect(low.status).toBe(400);
    expect(low.body.code).toBe('BELOW_MINIMUM_AMOUNT');
  });
});

describe('i. taxExemptionAmount', () => {
  it('is kept in the Payment from the window request', async () => {
    const p = await confirmed({ method: 'CARD', taxExemptionAmount: 500 });
    expect(p.taxExemptionAmount).toBe(500);
    expect(p.totalAmount).toBe(20_000);
  });
});

describe('k. cancel of a deposited virtual account', () => {
  it('refunds to the account in the cancel body: refundStatus and the VA refundReceiveAccount as the forum answer shows', async () => {
    const va = await api.post('/v1/virtual-accounts', {
      amount: 30_000,
      orderId: orderId('va'),
      orderName: '책 2권',
      customerName: '김토스',
      bank: '88',
    });
    await emu.control.deposit(va.body.paymentKey);
    const res = await api.post(`/v1/payments/${va.body.paymentKey}/cancel`, {
      cancelReason: '과오납부',
      cancelAmount: 1_000,
      refundReceiveAccount: { bank: '88', accountNumber: '11012345678', holderName: '김토스' },
    });
    expect(res.status, res.text).toBe(200);
    const p = shapes.payment(res.body);
    expect(p.status).toBe('PARTIAL_CANCELED');
    // forum 1313689625872826430: the cancel's refund account is not copied into virtualAccount
    // (that field holds the account entered in the window), and the refund is not tracked there
    expect(p.virtualAccount?.refundReceiveAccount).toBeNull();
    expect(p.virtualAccount?.refundStatus).toBe('NONE');
    expect(p.cancels?.[0]?.cancelStatus).toBe('DONE');
  });

  it('still refuses a deposited cancel without a valid refund account', async () => {
    const va = await api.post('/v1/virtual-accounts', {
      amount: 30_000,
      orderId: orderId('va'),
      orderName: '책 2권',
      customerName: '김토스',
      bank: '88',
    });
    await emu.control.deposit(va.body.paymentKey);
    const res = await api.post(`/v1/payments/${va.body.paymentKey}/cancel`, { cancelReason: '단순 변심' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REFUND_ACCOUNT_INFO');
  });
});
